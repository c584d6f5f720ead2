"""Bringing a freelancer's data in and out of the tool.

``csv/`` reads and writes the CSV layout (``csv/layout.py`` documents the files a spreadsheet or
invoicing tool can produce); every reader hands rows of the shared models to ``plan/``, which checks
them all together and writes them all-or-nothing; ``run`` ties the two for ``dunning import``.
Nothing here imports Textual; SQLAlchemy and pydantic are loaded only by the modules that need them.
"""
