"""Bringing a freelancer's data in and out of the tool.

``csv_layout`` documents the CSV files (what a spreadsheet or invoicing tool can produce),
``csv_import`` reads them all-or-nothing, ``csv_export`` writes the same layout back.
Nothing here imports Textual; SQLAlchemy and pydantic are loaded only by the modules that need them.
"""
