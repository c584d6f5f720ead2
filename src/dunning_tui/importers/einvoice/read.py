"""Reading one e-invoice (UBL, CII, or the CII inside a Factur-X PDF) into the rows an import plans.

The user is the seller: the buyer becomes the debtor, the invoice an invoice of the book. What each
business term becomes:

- the buyer (BT-44..48, address BT-50..55, contact BT-56..58) is the debtor and its primary contact,
  keyed by the buyer identifier (BT-46, the client code), else the key CSV derives from the legal
  registration number (BT-47) or VAT number (BT-48), else from the name;
- BT-1, BT-2, BT-5, BT-112, BT-13, BT-10 are the invoice's number, issue date, currency, total,
  purchase-order and buyer references; the due date is BT-9, else the issue date plus the days the
  payment terms (BT-20) state, else the debtor's (or the default) payment terms;
- a paid amount (BT-113) is a payment received on the issue date;
- a credit note lists the buyer's document ``credit_note`` and, when it names the invoice it credits
  (BT-25), lowers what that invoice still owes by its total (a payment of method "credit note");
- a Factur-X PDF is the invoice's PDF (attached to confirmation emails).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from dunning_tui.errors import UserError
from dunning_tui.importers.csv.rows import DocumentRow, InvoiceRow, PaymentRow
from dunning_tui.importers.csv.values import clean_text, parse_day
from dunning_tui.importers.einvoice.safety import parse_xml
from dunning_tui.importers.einvoice.syntax import CREDIT_NOTE_CODES, SYNTAXES, Syntax
from dunning_tui.importers.plan.records import DEBTOR_FIELDS, PRIMARY_CONTACT_FIELDS, derive_key
from dunning_tui.importers.source import BadRow, ParsedRow
from dunning_tui.words import coded

if TYPE_CHECKING:
    from lxml import etree

#: Payment method written for a paid amount and for a credit note, in the user's language.
PREPAID_WORDS = {"fr": "acompte", "en": "prepaid"}
CREDIT_NOTE_WORDS = {"fr": "avoir", "en": "credit note"}

#: Invoice-row field -> the business term that fills it.
INVOICE_TERMS = {
    "debtor_key": "buyer_id",
    "debtor_name": "buyer_name",
    "registration_number": "buyer_registration",
    "vat_number": "buyer_vat",
    "address": "street",
    "country": "country",
    "contact_name": "contact_name",
    "contact_direct_line": "contact_phone",
    "contact_email": "contact_email",
    "invoice_number": "number",
    "issue_date": "issue_date",
    "due_date": "due_date",
    "currency": "currency",
    "total": "total",
    "po_reference": "po_reference",
    "buyer_reference": "buyer_reference",
}

_DAYS = re.compile(
    r"(?<![\d.,])(\d{1,3})\s*(?:calendar\s+|business\s+)?"
    r"(?:days?|jours?|j\b|dagen|dage|dager|tage|giorni|d[ií]as|dias|dni|p[äa]iv[äa][äa])",
    re.IGNORECASE,
)
_NET = re.compile(r"\bnet(?:t|to)?\s*(\d{1,3})\b", re.IGNORECASE)
_NOT_A_DUE_DATE = re.compile(
    r"discount|escompte|skonto|rabat|korting|penalt|p[ée]nalit|interest|int[ée]r[êe]t", re.IGNORECASE
)


_END_OF_MONTH = re.compile(r"fin de mois|end of (?:the )?month|\bf\.?d\.?m\b|\beom\b", re.IGNORECASE)


def terms_days(text: str) -> tuple[int, bool] | None:
    """The days payment terms state (``30 days net``, ``à 45 jours``, ``Net 30``), and whether they
    run to the end of the month (``45 jours fin de mois``), if they state any.

    Lines about a discount for early payment or a penalty are not terms of payment and are skipped.
    """
    for line in re.split(r"[\n;.]", text):
        if _NOT_A_DUE_DATE.search(line):
            continue
        match = _DAYS.search(line) or _NET.search(line)
        if match and int(match.group(1)) <= 365:
            return int(match.group(1)), _END_OF_MONTH.search(line) is not None
    return None


def due_from_terms(text: str, issued: date) -> date | None:
    """The due date payment terms give: the issue date plus their days (then the month's last day)."""
    terms = terms_days(text)
    if terms is None:
        return None
    days, end_of_month = terms
    due = issued + timedelta(days=days)
    if end_of_month:
        due = (due.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return due


@dataclass(frozen=True)
class SellerIds:
    """The user's own identifiers (``[creditor]``): an e-invoice whose seller has others is a supplier's."""

    vat_number: str = ""
    registration_number: str = ""


def _normalised(identifier: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", identifier.upper())


def same_identifier(a: str, b: str) -> bool:
    """Equal once spaces and dots are gone; a SIREN is the same company as a SIRET starting with it."""
    na, nb = _normalised(a), _normalised(b)
    if na == nb:
        return bool(na)
    short, long = sorted((na, nb), key=len)
    return short.isdigit() and long.isdigit() and (len(short), len(long)) == (9, 14) and long[:9] == short


Place = tuple[str, int]
"""How a problem names a field: the business term and its XPath, and the line of its element."""


@dataclass
class EInvoiceFile:
    """One e-invoice read: its rows for the planner, and where each of their fields came from."""

    path: Path
    syntax: Syntax
    pdf: bool = False
    issue_date: date | None = None
    rows: list[ParsedRow[Any]] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    places: dict[type, dict[str, Place]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def ignored(self) -> list[str]:
        return []

    @property
    def failed_invoices(self) -> list[dict[str, str]]:
        return self.failed

    def bad(self, row: ParsedRow[Any], name: str, reason: str, value: str | None = None) -> BadRow:
        label, line = self.places.get(type(row.row), {}).get(name, (name, row.line))
        return BadRow(
            self.name, line, label, row.cells.get(name, "") if value is None else value, reason, True
        )


class _Document:
    """The terms of one parsed e-invoice."""

    def __init__(self, root: etree._Element, syntax: Syntax) -> None:
        self.root = root
        self.syntax = syntax
        self.line = root.sourceline or 1

    def all(self, term: str) -> list[tuple[str, int]]:
        xpath = self.syntax.compiled.get(term)
        if xpath is None:
            return []
        from lxml import etree

        result = xpath(self.root)
        found = []
        for element in result if isinstance(result, list) else []:
            if isinstance(element, etree._Element):
                text = clean_text("".join(element.itertext()))
                if text:
                    found.append((text, element.sourceline or self.line))
        return found

    def find(self, term: str) -> tuple[str, int] | None:
        found = self.all(term)
        return found[0] if found else None

    def day(self, term: str) -> tuple[str, int] | None:
        """A date term, written ISO so the row models read it (CII writes ``yyyymmdd``)."""
        found = self.find(term)
        if found is not None and re.fullmatch(r"\d{8}", found[0]):
            text = found[0]
            return f"{text[:4]}-{text[4:6]}-{text[6:]}", found[1]
        return found


class _Builder:
    """Cells and places of one row, validated into its model."""

    def __init__(self, file: EInvoiceFile, doc: _Document, model: type[BaseModel], line: int) -> None:
        self.file = file
        self.doc = doc
        self.model = model
        self.line = line
        self.cells: dict[str, str] = {}
        self.places = file.places.setdefault(model, {})

    def put(self, name: str, found: tuple[str, int] | None, term: str) -> None:
        label = self.doc.syntax.label(term)
        self.places[name] = (label, found[1] if found else self.doc.line)
        if found is not None:
            self.cells[name] = found[0]

    def set(self, name: str, value: str, place: Place) -> None:
        self.cells[name] = value
        self.places[name] = place

    def build(self, errors: list[BadRow]) -> None:
        try:
            row = self.model.model_validate(self.cells)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                name = str(error["loc"][0]) if error["loc"] else ""
                label, line = self.places.get(name, (name, self.line))
                reason = error["msg"].removeprefix("Value error, ")
                errors.append(BadRow(self.file.name, line, label, self.cells.get(name, ""), reason, True))
            if self.model is InvoiceRow:
                self.file.failed.append(self.cells)
            return
        self.file.rows.append(ParsedRow(self.line, row, self.cells, frozenset(row.model_fields_set)))


def read_einvoice(
    path: Path, xml: bytes, *, pdf: bool, seller: SellerIds, language: str
) -> tuple[EInvoiceFile, list[BadRow]]:
    """Read one e-invoice's XML (``pdf``: it came out of the Factur-X PDF at ``path``)."""
    root = parse_xml(xml, path.name)
    tag = root.tag if isinstance(root.tag, str) else ""
    syntax = SYNTAXES.get(tag)
    if syntax is None:
        local = tag.rpartition("}")[2] or "?"
        raise UserError(
            "{name} is XML but not an e-invoice: its root is <{local}>, where a UBL Invoice or CreditNote or a CII CrossIndustryInvoice was expected.",
            values={"name": path.name, "local": local},
        )
    doc = _Document(root, syntax)
    file = EInvoiceFile(path, syntax, pdf)
    errors = _seller_problems(doc, file, seller)
    if errors:
        return file, errors
    issue = doc.day("issue_date")
    try:
        file.issue_date = parse_day(issue[0]) if issue else None
    except ValueError:
        file.issue_date = None
    type_code = doc.find("type")
    if syntax.credit_note or (type_code is not None and type_code[0] in CREDIT_NOTE_CODES):
        _read_credit_note(doc, file, issue, language, errors)
    else:
        _read_invoice(doc, file, issue, language, errors)
    return file, errors


def _seller_problems(doc: _Document, file: EInvoiceFile, seller: SellerIds) -> list[BadRow]:
    """A supplier's invoice: a seller identifier set in ``[creditor]`` differs from the invoice's."""
    differing = []
    for term, mine, setting in (
        ("seller_vat", seller.vat_number, "vat_number"),
        ("seller_registration", seller.registration_number, "registration_number"),
    ):
        found = doc.find(term) if mine.strip() else None
        if found is None:
            continue
        if same_identifier(found[0], mine):
            return []
        differing.append((term, found, setting, mine))
    return [
        BadRow(
            file.name,
            found[1],
            doc.syntax.label(term),
            found[0],
            coded(
                "the seller is not you ([creditor] {setting} is {mine}): this is a supplier's invoice, "
                "not one of your receivables",
                setting=setting,
                mine=mine,
            ),
            True,
        )
        for term, found, setting, mine in differing[:1]
    ]


def _buyer(doc: _Document, builder: _Builder) -> str:
    """Put the buyer's cells; return the debtor key."""
    name = doc.find("buyer_name") or doc.find("buyer_trading_name")
    registration, vat = doc.find("buyer_registration"), doc.find("buyer_vat")
    identifier = doc.find("buyer_id")
    builder.put("debtor_name", name, "buyer_name")
    builder.put("registration_number", registration, "buyer_registration")
    builder.put("vat_number", vat, "buyer_vat")
    if identifier is not None:
        key = identifier[0]
    else:
        reference = registration or vat
        key = derive_key(reference[0] if reference else "", name[0] if name else "")
    if key:
        builder.set("debtor_key", key, _place(doc, "buyer_id", identifier or name))
    lines = [doc.find(t) for t in ("street", "street2", "street3")]
    city = " ".join(f[0] for f in (doc.find("postcode"), doc.find("city")) if f)
    subdivision = doc.find("subdivision")
    address = [f[0] for f in lines if f] + [t for t in (city, subdivision[0] if subdivision else "") if t]
    first = next((f for f in lines if f), None) or doc.find("city")
    if address:
        builder.set("address", "\n".join(address), _place(doc, "street", first))
    builder.put("country", doc.find("country"), "country")
    for name_, term in (
        ("contact_name", "contact_name"),
        ("contact_direct_line", "contact_phone"),
        ("contact_email", "contact_email"),
    ):
        builder.put(name_, doc.find(term), term)
    return key


def _place(doc: _Document, term: str, found: tuple[str, int] | None) -> Place:
    return doc.syntax.label(term), found[1] if found else doc.line


def _read_invoice(
    doc: _Document, file: EInvoiceFile, issue: tuple[str, int] | None, language: str, errors: list[BadRow]
) -> None:
    invoice = _Builder(file, doc, InvoiceRow, doc.line)
    _buyer(doc, invoice)
    number = doc.find("number")
    for name, found in (
        ("invoice_number", number),
        ("issue_date", issue),
        ("currency", doc.find("currency")),
        ("total", doc.find("total")),
        ("po_reference", doc.find("po_reference")),
        ("buyer_reference", doc.find("buyer_reference")),
    ):
        invoice.put(name, found, INVOICE_TERMS[name])
    due = doc.day("due_date")
    invoice.put("due_date", due, "due_date")
    terms = doc.find("payment_terms")
    if due is None and terms is not None and file.issue_date is not None:
        due_date = due_from_terms(terms[0], file.issue_date)
        if due_date is not None:
            invoice.set("due_date", due_date.isoformat(), _place(doc, "payment_terms", terms))
    if file.pdf:
        invoice.set("pdf_path", str(file.path.resolve()), ("the Factur-X PDF", doc.line))
    invoice.build(errors)
    prepaid = doc.find("prepaid")
    if prepaid is None or not number or _zero(prepaid[0]):
        return
    payment = _Builder(file, doc, PaymentRow, prepaid[1])
    payment.put("invoice_number", number, "number")
    payment.put("paid_on", issue, "issue_date")
    payment.put("amount", prepaid, "prepaid")
    payment.set("method", PREPAID_WORDS.get(language, PREPAID_WORDS["en"]), _place(doc, "prepaid", prepaid))
    payment.build(errors)


def _zero(amount: str) -> bool:
    return re.fullmatch(r"[0.,\s]*", amount) is not None


def _read_credit_note(
    doc: _Document, file: EInvoiceFile, issue: tuple[str, int] | None, language: str, errors: list[BadRow]
) -> None:
    debtor = _Builder(file, doc, InvoiceRow, doc.line)
    key = _buyer(doc, debtor)
    debtor.build(errors)
    number = doc.find("number")
    credited = doc.all("invoice_reference")
    reference = doc.syntax.label("invoice_reference")
    if len(credited) > 1:
        numbers = ", ".join(text for text, _line in credited)
        errors.append(
            BadRow(
                file.name,
                credited[1][1],
                reference,
                numbers,
                "a credit note is applied to one invoice here: split it per invoice, or record it by hand",
                True,
            )
        )
        return
    label = number[0] if number else file.name
    if not credited:
        file.notes.append(
            coded(
                "{file}: credit note {label} names no invoice (BT-25): listed in the debtor's file, "
                "no invoice lowered",
                file=file.name,
                label=label,
            )
        )
    document = _Builder(file, doc, DocumentRow, number[1] if number else doc.line)
    document.set("debtor_key", key, _place(doc, "buyer_id", doc.find("buyer_id")))
    document.set("kind", "credit_note", _place(doc, "type", doc.find("type")))
    document.put("reference", number, "number")
    document.put("doc_date", issue, "issue_date")
    document.set("path", str(file.path.resolve()), ("the file", doc.line))
    if credited:
        document.put("invoices", credited[0], "invoice_reference")
    document.build(errors)
    if not credited:
        return
    payment = _Builder(file, doc, PaymentRow, credited[0][1])
    payment.put("invoice_number", credited[0], "invoice_reference")
    payment.put("paid_on", issue, "issue_date")
    payment.put("amount", doc.find("total"), "total")
    payment.put("reference", number, "number")
    payment.set("method", CREDIT_NOTE_WORDS.get(language, CREDIT_NOTE_WORDS["en"]), _place(doc, "type", None))
    payment.build(errors)


def settle_buyers(files: list[EInvoiceFile]) -> None:
    """Each buyer detail of a debtor is taken from its newest e-invoice that gives it.

    A client's address or contact changes over the years: its invoices then disagree, and the
    newest is right. (A CSV row that disagrees with an e-invoice is still a problem to fix.)
    """
    by_debtor: dict[str, list[tuple[EInvoiceFile, int]]] = defaultdict(list)
    for file in files:
        for index, prow in enumerate(file.rows):
            if isinstance(prow.row, InvoiceRow) and prow.row.debtor_key:
                by_debtor[prow.row.debtor_key].append((file, index))
    fields = [*DEBTOR_FIELDS, *PRIMARY_CONTACT_FIELDS]
    for rows in by_debtor.values():
        if len(rows) < 2:
            continue
        rows.sort(key=lambda item: item[0].issue_date or date.min, reverse=True)
        taken: set[str] = set()
        for file, index in rows:
            prow = file.rows[index]
            drop = {f for f in fields if f in taken and prow.given(f)}
            taken |= {f for f in fields if prow.given(f) and not prow.blank(f)}
            if drop:
                file.rows[index] = replace(prow, fields=prow.fields - drop)
