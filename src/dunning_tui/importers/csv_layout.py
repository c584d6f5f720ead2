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

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache


class FileKind(StrEnum):
    """The five files of the layout."""

    INVOICES = "invoices"
    CONTACTS = "contacts"
    PAYMENTS = "payments"
    REMINDERS = "reminders"
    DOCUMENTS = "documents"


@lru_cache(maxsize=8192)
def fold(value: str) -> str:
    """Lower case, no accents, words joined by one underscore: ``"N° de Facture"`` -> ``n_de_facture``."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "_".join(re.findall(r"[a-z0-9]+", plain))


@dataclass(frozen=True)
class Column:
    """One column: its field, its French header, other accepted names (comma-separated)."""

    field: str
    french: str
    aliases: str = ""
    header: str = ""
    """The header ``export`` writes; the field's name unless set."""
    absent_if_blank: bool = False
    """A blank cell means "not given" (keep the stored value, or the default), not "empty"."""
    note: str = ""

    def __post_init__(self) -> None:
        if not self.header:
            object.__setattr__(self, "header", self.field)

    def names(self) -> set[str]:
        others = (fold(a) for a in self.aliases.split(",") if a.strip())
        return {fold(self.field), fold(self.header), fold(self.french), *others}


@dataclass(frozen=True)
class Layout:
    kind: FileKind
    file_names: tuple[str, ...]
    columns: tuple[Column, ...]
    required: tuple[tuple[str, ...], ...]
    """Fields that must have a column; a group of several fields means one of them."""
    by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        table: dict[str, Column] = {}
        for column in self.columns:
            for name in column.names():
                other = table.setdefault(name, column)
                if other is not column:
                    raise ValueError(f"{self.kind}: '{name}' names {other.field} and {column.field}")
        object.__setattr__(self, "by_name", table)

    @property
    def export_name(self) -> str:
        return self.file_names[0]

    def column(self, header: str) -> Column | None:
        return self.by_name.get(fold(header))


_DEBTOR_REF = Column(
    "debtor_key",
    "code client",
    (
        "client code, customer code, customer id, client id, debtor, key, account, client, customer, "
        "debtor name, client name, cle debiteur, identifiant client, ref client, reference client, "
        "numero client, n client, no client, nom du client"
    ),
    note="Client code or client name; blank: the debtor of the invoices",
)
_INVOICE_LIST = Column(
    "invoices",
    "factures",
    (
        "invoice, invoice numbers, invoice number, invoice no, invoices concerned, facture, "
        "numeros de facture, n factures, n facture, factures concernees"
    ),
    note="Invoice numbers separated by | or spaces",
)
_INVOICE_NUMBER = Column(
    "invoice_number",
    "numéro de facture",
    (
        "invoice, invoice no, number, invoice id, invoice ref, invoice reference, facture, n facture, "
        "no facture, numero facture, num facture, numero, n de facture, reference facture, ref facture"
    ),
    note="The invoice number, unique: the key of re-imports",
)

INVOICES = Layout(
    FileKind.INVOICES,
    ("invoices.csv", "factures.csv", "invoice.csv", "facture.csv"),
    (
        Column(
            "debtor_key",
            "code client",
            (
                "client code, customer code, customer id, client id, debtor, key, account, "
                "cle debiteur, cle, identifiant client, ref client, reference client, numero client, "
                "n client, no client"
            ),
            absent_if_blank=True,
            note="Client code; blank: derived from the registration number, else the name",
        ),
        Column(
            "debtor_name",
            "client",
            (
                "name, customer, company, client name, customer name, company name, nom, nom client, "
                "nom du client, raison sociale, societe, entreprise, denomination"
            ),
            note="Company or person name (required for a new debtor)",
        ),
        Column(
            "kind",
            "type de client",
            "client type, customer type, debtor kind, type client, categorie client",
            absent_if_blank=True,
            note="business or consumer (entreprise, particulier)",
        ),
        Column(
            "country",
            "pays",
            "country code, code pays",
            absent_if_blank=True,
            note="Two-letter code (FR, BE, GB, IE...) or the country's name",
        ),
        Column(
            "language",
            "langue",
            "lang, language code",
            absent_if_blank=True,
            note="fr or en (language of the call script and letters)",
        ),
        Column(
            "registration_number",
            "SIRET",
            (
                "registration, company number, company registration number, enterprise number, "
                "reg number, siren, n siret, numero siret, numero d entreprise, numero bce, bce, rcs, "
                "immatriculation"
            ),
            note="SIRET, SIREN, enterprise number, company number",
        ),
        Column(
            "vat_number",
            "numéro de TVA",
            "vat no, vat id, tva intracommunautaire, n tva, no tva, numero tva, tva intra",
        ),
        Column(
            "address",
            "adresse",
            "postal address, billing address, adresse postale, adresse de facturation",
        ),
        Column(
            "debtor_email",
            "e-mail client",
            (
                "email, e mail, company email, generic email, client email, customer email, courriel, "
                "email societe, email entreprise, courriel client, adresse email"
            ),
            note="The company's generic email",
        ),
        Column(
            "debtor_phone",
            "téléphone client",
            ("phone, telephone, company phone, switchboard, client phone, tel, standard, telephone societe"),
            note="The company's switchboard",
        ),
        Column(
            "payment_terms_days",
            "délai de paiement",
            (
                "payment terms, terms, terms days, delai de paiement jours, delai paiement, "
                "conditions de paiement"
            ),
            absent_if_blank=True,
            note="Whole days (default 30)",
        ),
        Column(
            "profile",
            "profil",
            "payer profile, profil payeur",
            note="reliable, forgetful, evasive, in_difficulty (fiable, distrait...) or blank",
        ),
        Column(
            "profile_notes",
            "notes profil",
            "notes, profile note, remarques profil, excuses",
        ),
        Column(
            "pause_until",
            "pause jusqu'au",
            "paused until, pause, en pause jusqu au, suspendu jusqu au",
            note="No calls before this date",
        ),
        Column(
            "pause_reason",
            "motif de la pause",
            "pause note, raison de la pause, motif pause",
        ),
        Column(
            "owner",
            "responsable",
            "account owner, handled by, assigned to, suivi par, charge de compte, gestionnaire",
        ),
        Column(
            "governing_law",
            "droit applicable",
            "law, governing law, applicable law, contract law, loi applicable, droit du contrat",
            note="FR, BE, EU or UK when the contract chose a law; blank: yours (jurisdiction)",
        ),
        Column(
            "contact_name",
            "contact",
            "contact person, attention, attn, nom du contact, interlocuteur, nom contact",
            note="The person to ask for",
        ),
        Column(
            "contact_role",
            "fonction du contact",
            "contact title, contact position, role, fonction, role du contact, poste",
        ),
        Column(
            "contact_direct_line",
            "ligne directe",
            (
                "direct line, contact phone, direct phone, telephone contact, tel direct, "
                "telephone direct, ligne directe contact"
            ),
        ),
        Column(
            "contact_mobile",
            "portable",
            "mobile, cell, mobile phone, telephone portable, portable contact, gsm",
        ),
        Column(
            "contact_email",
            "e-mail du contact",
            "contact e mail, courriel contact, courriel du contact, email contact, e mail contact",
        ),
        Column(
            "contact_notes",
            "notes contact",
            "contact note, notes du contact, remarques contact",
        ),
        _INVOICE_NUMBER,
        Column(
            "issue_date",
            "date de facture",
            (
                "date, invoice date, issued, issued on, date issued, date facture, date d emission, "
                "emise le, date de facturation"
            ),
            absent_if_blank=True,
        ),
        Column(
            "due_date",
            "date d'échéance",
            (
                "due, due on, payment due, due by, echeance, date echeance, a payer le, "
                "date limite de paiement"
            ),
            absent_if_blank=True,
            note="Blank: issue date plus the payment terms",
        ),
        Column(
            "currency",
            "devise",
            "curr, ccy, monnaie",
            absent_if_blank=True,
            note="EUR, GBP, USD... or € £ $ (default EUR)",
        ),
        Column(
            "total",
            "montant TTC",
            (
                "total incl vat, total including vat, amount, amount incl vat, total amount, "
                "invoice total, gross amount, total ttc, montant, ttc, net a payer, montant facture"
            ),
            absent_if_blank=True,
            note="Amount including VAT",
        ),
        Column(
            "po_reference",
            "référence commande",
            (
                "po, po number, purchase order, purchase order number, order reference, "
                "your reference, bon de commande, n commande, no commande, numero de commande, "
                "ref commande, votre reference"
            ),
        ),
        Column(
            "pdf_path",
            "chemin PDF",
            "pdf, pdf file, file, path, invoice pdf, fichier, fichier pdf, lien pdf, chemin",
        ),
        Column(
            "status",
            "statut",
            "state, invoice status, etat, statut facture",
            absent_if_blank=True,
            note="open, disputed, written_off, cancelled (ouverte, litige, perte, annulee)",
        ),
        Column(
            "dispute_reason",
            "motif du litige",
            "dispute, dispute note, litige, motif litige, raison du litige",
        ),
        Column(
            "client_remarks",
            "remarques du client",
            (
                "remarks, client remark, customer remarks, client comments, remarques, "
                "remarques client, commentaires client, commentaire"
            ),
        ),
        Column(
            "acknowledged",
            "réception confirmée",
            (
                "received, acknowledged by client, receipt confirmed, confirmed, recue, "
                "accusee de reception, reception, facture recue, confirmee"
            ),
            note="yes/no (oui/non): the client confirmed receiving the invoice",
        ),
    ),
    required=(("debtor_key", "debtor_name"), ("invoice_number",), ("issue_date",), ("total",)),
)


CONTACTS = Layout(
    FileKind.CONTACTS,
    ("contacts.csv", "interlocuteurs.csv"),
    (
        _DEBTOR_REF,
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
        _INVOICE_NUMBER,
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
        _DEBTOR_REF,
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
        _INVOICE_LIST,
    ),
    required=(("debtor_key", "invoices"), ("occurred_at",), ("channel",)),
)

DOCUMENTS = Layout(
    FileKind.DOCUMENTS,
    ("documents.csv", "pieces.csv", "document.csv", "piece.csv", "justificatifs.csv"),
    (
        _DEBTOR_REF,
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
        _INVOICE_LIST,
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
