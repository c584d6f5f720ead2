"""The CSV layout of ``dunning import`` and ``dunning export``.

A freelancer can produce these files from any invoicing tool or spreadsheet. ``dunning export``
writes them back in the same layout (English headers, ``,`` separator, ISO dates, ``.`` decimals,
UTF-8 without BOM), so an export can be imported elsewhere unchanged.

Files, recognised by name (or, for any other name, by their header row)::

    invoices.csv   / factures.csv    one row per invoice, with its debtor and primary contact
    payments.csv   / paiements.csv   payments received (optional)
    reminders.csv  / relances.csv    earlier reminders of any channel (optional)
    documents.csv  / pieces.csv      signed quotes, purchase orders, delivery notes... (optional)
    contacts.csv                     contacts other than the primary one (optional)

A name may carry a suffix (``factures-2025.csv``). A path given to ``dunning import`` can be a file or
a folder of such files.

What spreadsheets really write is accepted: French or English headers (case, accents, spaces and
underscores do not matter; unknown columns are ignored and listed), ``,`` ``;`` or tab separators
(an Excel ``sep=;`` first line too), UTF-8 with or without BOM, UTF-16, or Windows-1252, decimal
commas (``1 234,50``), dates written ``dd/mm/yyyy`` (also ``dd.mm.yyyy``) or ``yyyy-mm-dd``. Values
of closed lists (kind, status, channel...) are accepted in English or French (``entreprise``,
``particulier``, ``litige``, ``mise en demeure``, ``bon de commande``...).

invoices.csv: one row per invoice. The debtor columns repeat on every row of the same debtor
(a blank cell takes the value given on another row; two different values are an error). A row with
every invoice column blank describes a debtor without invoices. ``debtor_key`` is the client code
of the invoicing tool; when blank, the key is derived from the registration number, else from the
name (lower case, no accents, words joined by ``-``). When ``due_date`` is blank it is the issue
date plus the payment terms. ``status`` is open, disputed, written_off or cancelled: a paid invoice
is one whose payments (payments.csv) cover its total.

payments.csv: ``invoice_number``, ``date``, ``amount``, ``method``, ``reference``.
Payments that would take an invoice over its total are refused.

reminders.csv: ``debtor_key``, ``date`` (a date, or a date and time; local time unless it carries
an offset such as ``+01:00``), ``channel`` (call, email, letter, registered_letter, sms,
formal_notice, other), ``by``, ``summary``, ``invoices`` (invoice numbers separated by ``|`` or
spaces). ``debtor_key`` may hold the client name, or be blank when invoices are given.

documents.csv: ``debtor_key``, ``kind`` (signed_quote, purchase_order, delivery_note, contract,
terms_of_sale), ``reference``, ``date``, ``signed_by``, ``path``, ``invoices``.

contacts.csv: ``debtor_key``, ``name``, ``role``, ``direct_line``, ``mobile``, ``email``,
``notes``.

Rules: a file with any bad row imports nothing, and every bad row is listed (file, line, column,
value, reason). Re-importing updates and never duplicates: invoices are matched by number, debtors
by key, contacts by debtor and name, payments by invoice, date, amount and reference, reminders by
debtor, date, channel and summary, documents by debtor, kind and reference. A column that is absent
from a file leaves that field as it is; an import never deletes anything.

The table of every column and its accepted French and English headers is :data:`LAYOUTS`.
"""

from __future__ import annotations

from dunning_tui.importers.csv.columns import (
    DEBTOR_REF,
    INVOICE_LIST,
    INVOICE_NUMBER,
    INVOICES,
    Column,
    FileKind,
    Layout,
    fold,
)

__all__ = [
    "LAYOUTS",
    "Column",
    "FileKind",
    "Layout",
    "fold",
    "kind_from_file_name",
    "kind_from_headers",
    "missing_columns",
]


CONTACTS = Layout(
    FileKind.CONTACTS,
    ("contacts.csv", "interlocuteurs.csv"),
    (
        DEBTOR_REF,
        Column(
            "name",
            "nom",
            "contact, contact name, full name, person, nom du contact, interlocuteur, prenom nom",
        ),
        Column(
            "role",
            "fonction",
            "title, position, job title, function, poste",
        ),
        Column(
            "direct_line",
            "ligne directe",
            "phone, direct phone, telephone, tel, tel direct",
        ),
        Column(
            "mobile",
            "portable",
            "cell, mobile phone, cell phone, gsm, telephone portable",
        ),
        Column(
            "email",
            "courriel",
            "e mail, email address, adresse email",
        ),
        Column(
            "notes",
            "remarques",
            "note, comments, remarks, commentaire",
        ),
    ),
    required=(("debtor_key",), ("name",)),
)

PAYMENTS = Layout(
    FileKind.PAYMENTS,
    ("payments.csv", "paiements.csv", "reglements.csv", "payment.csv", "paiement.csv"),
    (
        INVOICE_NUMBER,
        Column(
            "paid_on",
            "date de paiement",
            (
                "paid on, payment date, date paid, value date, date du paiement, date de reglement, "
                "date reglement, paye le, regle le, date de valeur"
            ),
            header="date",
        ),
        Column(
            "amount",
            "montant",
            (
                "paid, amount paid, payment amount, sum, montant paye, montant regle, "
                "montant du paiement, somme"
            ),
        ),
        Column(
            "method",
            "mode de paiement",
            "payment method, means, moyen de paiement, mode de reglement, mode, moyen",
        ),
        Column(
            "reference",
            "référence du paiement",
            "ref, payment reference, transaction, transaction id, reference paiement, libelle",
        ),
    ),
    required=(("invoice_number",), ("paid_on",), ("amount",)),
)

REMINDERS = Layout(
    FileKind.REMINDERS,
    ("reminders.csv", "relances.csv", "reminder.csv", "relance.csv"),
    (
        DEBTOR_REF,
        Column(
            "occurred_at",
            "date",
            (
                "datetime, date time, when, occurred at, sent on, sent at, date et heure, date heure, "
                "le, envoyee le, quand"
            ),
            header="date",
        ),
        Column(
            "channel",
            "canal",
            "type, means, medium, via, how, moyen, mode",
            note="call, email, letter, registered_letter, sms, formal_notice, other",
        ),
        Column(
            "by_whom",
            "par",
            "by whom, author, sent by, who, user, auteur, envoyee par, qui",
            header="by",
        ),
        Column(
            "summary",
            "résumé",
            ("notes, note, result, outcome, comment, details, description, resultat, commentaire, objet"),
        ),
        INVOICE_LIST,
    ),
    required=(("debtor_key", "invoices"), ("occurred_at",), ("channel",)),
)

DOCUMENTS = Layout(
    FileKind.DOCUMENTS,
    ("documents.csv", "pieces.csv", "document.csv", "piece.csv", "justificatifs.csv"),
    (
        DEBTOR_REF,
        Column(
            "kind",
            "type de pièce",
            "type, document type, document kind, document, nature, piece, type de document",
            note="signed_quote, purchase_order, delivery_note, contract, terms_of_sale",
        ),
        Column(
            "reference",
            "référence",
            "ref, number, document number, document reference, numero, n piece",
        ),
        Column(
            "doc_date",
            "date",
            "document date, dated, date du document, date de la piece",
            header="date",
        ),
        Column(
            "signed_by",
            "signé par",
            "signed, signatory, signataire",
        ),
        Column(
            "path",
            "chemin",
            "file, pdf, location, fichier, emplacement, lien",
        ),
        INVOICE_LIST,
    ),
    required=(("debtor_key", "invoices"), ("kind",)),
)

LAYOUTS: dict[FileKind, Layout] = {
    layout.kind: layout for layout in (INVOICES, CONTACTS, PAYMENTS, REMINDERS, DOCUMENTS)
}


def kind_from_file_name(name: str) -> FileKind | None:
    """``factures-2025.csv`` -> invoices; ``None`` when the name says nothing."""
    stem = fold(name.rsplit(".", 1)[0])
    for layout in LAYOUTS.values():
        for known in layout.file_names:
            known_stem = fold(known.rsplit(".", 1)[0])
            if stem == known_stem or stem.startswith(known_stem + "_"):
                return layout.kind
    return None


def missing_columns(layout: Layout, fields: set[str]) -> list[tuple[str, ...]]:
    """The required column groups of ``layout`` that ``fields`` does not cover."""
    return [group for group in layout.required if not fields.intersection(group)]


def kind_from_headers(headers: list[str]) -> FileKind | None:
    """The layout that recognises the most headers and finds all its required ones; ``None`` on a tie."""
    scored: list[tuple[int, FileKind]] = []
    for layout in LAYOUTS.values():
        columns = {c.field for c in (layout.column(h) for h in headers) if c is not None}
        if not missing_columns(layout, columns):
            scored.append((len(columns), layout.kind))
    scored.sort(reverse=True)
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]
