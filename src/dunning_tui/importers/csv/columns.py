"""The columns of the CSV files: what a column is, and the widest file, invoices.csv (see ``layout``)."""

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


DEBTOR_REF = Column(
    "debtor_key",
    "code client",
    (
        "client code, customer code, customer id, client id, debtor, key, account, client, customer, "
        "debtor name, client name, cle debiteur, identifiant client, ref client, reference client, "
        "numero client, n client, no client, nom du client"
    ),
    note="Client code or client name; blank: the debtor of the invoices",
)
INVOICE_LIST = Column(
    "invoices",
    "factures",
    (
        "invoice, invoice numbers, invoice number, invoice no, invoices concerned, facture, "
        "numeros de facture, n factures, n facture, factures concernees"
    ),
    note="Invoice numbers separated by | or spaces",
)
INVOICE_NUMBER = Column(
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
        INVOICE_NUMBER,
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
            "buyer_reference",
            "référence acheteur",
            (
                "buyer reference, buyer ref, customer reference, reference acheteur, ref acheteur, "
                "reference client acheteur, code service, service reference, leitweg id"
            ),
            note="The reference the client asks to quote (a department, a cost centre)",
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
