"""E-invoices of EN 16931: UBL 2.1 Invoice and CreditNote, UN/CEFACT CII D16B, Factur-X / ZUGFeRD PDFs.

``safety`` reads the files without trusting them, ``syntax`` says where each business term sits in
each syntax, ``read`` turns one e-invoice into the rows the shared planner takes.
"""
