"""Turning checked CSV rows into the writes an import needs, against what the database holds.

The planner reads the existing keys once (debtors by key, invoices by number...) and compares in
memory, so a 100,000-row file costs a few queries, not one per row. It finds the rows that only make
sense together (a payment of an unknown invoice, an overpayment, two rows describing one debtor
differently) and counts what would be created, updated or left unchanged. Writing is
:class:`Plan`'s job in ``csv_import``.

Records without a unique key (contacts, payments, reminders, documents) are matched by their
natural key and occurrence: the n-th identical row of a file matches the n-th identical record
stored, so importing the same file twice, or an export of the database, changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dunning_tui.domain.money import from_cents
from dunning_tui.importers.csv_layout import FileKind, fold
from dunning_tui.importers.csv_read import BadRow, CsvFile, ParsedRow
from dunning_tui.importers.csv_report import ImportReport
from dunning_tui.importers.csv_rows import ContactRow, DocumentRow, InvoiceRow, PaymentRow, ReminderRow
from dunning_tui.importers.csv_values import split_numbers
from dunning_tui.store.tables import (
    Contact,
    ContactEvent,
    Debtor,
    Document,
    Invoice,
    Payment,
    document_invoices,
    event_invoices,
)

Record = dict[str, Any]

#: Invoice-row field -> debtors column.
DEBTOR_FIELDS = {
    "debtor_name": "name",
    "kind": "kind",
    "country": "country",
    "language": "language",
    "registration_number": "registration_number",
    "vat_number": "vat_number",
    "address": "address",
    "debtor_email": "email",
    "debtor_phone": "phone",
    "payment_terms_days": "payment_terms_days",
    "profile": "profile",
    "profile_notes": "profile_notes",
    "pause_until": "pause_until",
    "pause_reason": "pause_reason",
    "owner": "owner",
    "governing_law": "governing_law",
}
#: Invoice-row field -> contacts column (the primary contact).
PRIMARY_CONTACT_FIELDS = {
    "contact_name": "name",
    "contact_role": "role",
    "contact_direct_line": "direct_line",
    "contact_mobile": "mobile",
    "contact_email": "email",
    "contact_notes": "notes",
}
#: Invoice-row field -> invoices column.
INVOICE_FIELDS = {
    "issue_date": "issue_date",
    "due_date": "due_date",
    "currency": "currency",
    "total": "total_cents",
    "po_reference": "po_reference",
    "pdf_path": "pdf_path",
    "status": "status",
    "dispute_reason": "dispute_reason",
    "client_remarks": "client_remarks",
    "acknowledged": "acknowledged",
}
CONTACT_FIELDS = ("role", "direct_line", "mobile", "email", "notes")


@dataclass(frozen=True)
class ImportDefaults:
    """Values for a new debtor or invoice when the file does not say (from the user's settings)."""

    country: str = "FR"
    language: str = "fr"
    currency: str = "EUR"
    payment_terms_days: int = 30


def derive_key(registration_number: str, name: str) -> str:
    """A stable debtor key when the file has no client code: the registration number, else the name."""
    registration = fold(registration_number).replace("_", "")
    if registration:
        return f"reg-{registration}"[:120]
    return fold(name).replace("_", "-")[:120]


def _blank(value: object) -> bool:
    return value is None or value == ""


def _show(value: object) -> str:
    return "" if value is None else str(value)


# -- what the database holds ---------------------------------------------------------------------


@dataclass
class Existing:
    debtors: dict[str, Record] = field(default_factory=dict)
    debtor_keys: dict[int, str] = field(default_factory=dict)
    invoices: dict[str, Record] = field(default_factory=dict)
    invoice_numbers: dict[int, str] = field(default_factory=dict)
    contacts: dict[int, list[Record]] = field(default_factory=lambda: defaultdict(list))
    payments: dict[int, list[Record]] = field(default_factory=lambda: defaultdict(list))
    events: dict[int, list[Record]] = field(default_factory=lambda: defaultdict(list))
    documents: dict[int, list[Record]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls, session: Session) -> Existing:
        ex = cls()
        for row in session.execute(select(Debtor.__table__)).mappings():
            ex.debtors[row["key"]] = dict(row)
            ex.debtor_keys[row["id"]] = row["key"]
        for row in session.execute(select(Invoice.__table__)).mappings():
            ex.invoices[row["number"]] = dict(row)
            ex.invoice_numbers[row["id"]] = row["number"]
        for row in session.execute(select(Contact.__table__).order_by(Contact.id)).mappings():
            ex.contacts[row["debtor_id"]].append(dict(row))
        payment_columns = (
            Payment.id,
            Payment.invoice_id,
            Payment.paid_on,
            Payment.amount_cents,
            Payment.method,
            Payment.reference,
        )
        for row in session.execute(select(*payment_columns).order_by(Payment.id)).mappings():
            ex.payments[row["invoice_id"]].append(dict(row))
        ex._load_linked(session, ContactEvent.__table__, event_invoices, "event_id", ex.events)
        ex._load_linked(session, Document.__table__, document_invoices, "document_id", ex.documents)
        return ex

    def _load_linked(
        self, session: Session, table: Any, links: Any, link_column: str, into: dict[int, list[Record]]
    ) -> None:
        numbers: dict[int, set[str]] = defaultdict(set)
        for link in session.execute(select(links)).mappings():
            numbers[link[link_column]].add(self.invoice_numbers[link["invoice_id"]])
        for row in session.execute(select(table).order_by(table.c.id)).mappings():
            record = dict(row)
            record["numbers"] = numbers.get(row["id"], set())
            into[row["debtor_id"]].append(record)


# -- the plan -------------------------------------------------------------------------------------


@dataclass
class Plan:
    """Every write of one import; rows refer to new debtors and invoices by key and number."""

    report: ImportReport
    debtor_inserts: list[Record] = field(default_factory=list)
    debtor_updates: list[Record] = field(default_factory=list)
    invoice_inserts: list[Record] = field(default_factory=list)
    invoice_updates: list[Record] = field(default_factory=list)
    contact_inserts: list[Record] = field(default_factory=list)
    contact_updates: list[Record] = field(default_factory=list)
    payment_inserts: list[Record] = field(default_factory=list)
    payment_updates: list[Record] = field(default_factory=list)
    event_inserts: list[Record] = field(default_factory=list)
    event_updates: list[Record] = field(default_factory=list)
    document_inserts: list[Record] = field(default_factory=list)
    document_updates: list[Record] = field(default_factory=list)
    touched_invoices: set[str] = field(default_factory=set)
    """Invoice numbers whose ``paid_cents`` is recomputed from their payments."""

    def count(self, kind: str, inserts: list[Record], updates: list[Record], unchanged: int) -> None:
        counts = self.report.counts[kind]
        counts.created, counts.updated, counts.unchanged = len(inserts), len(updates), unchanged


@dataclass
class _Merged:
    """Values of one debtor (or its primary contact) gathered from every row that describes it."""

    values: dict[str, tuple[Any, int]] = field(default_factory=dict)
    first: tuple[CsvFile, ParsedRow] | None = None
    seen: set[tuple[str, ...]] = field(default_factory=set)
    """Cells already merged: the many rows that repeat a debtor identically cost one lookup."""

    def merge(self, table: CsvFile, prow: ParsedRow, fields: dict[str, str], what: str) -> list[BadRow]:
        if self.first is None:
            self.first = (table, prow)
        signature = tuple(prow.cells.get(name, "\0") for name in fields)
        if signature in self.seen:
            return []
        self.seen.add(signature)
        errors = []
        for name, column in fields.items():
            if not prow.given(name):
                continue
            value = getattr(prow.row, name)
            current = self.values.get(column)
            if current is None or _blank(current[0]):
                self.values[column] = (value, prow.line)
            elif not _blank(value) and value != current[0]:
                reason = f"differs from line {current[1]} for the same {what} ('{_show(current[0])}')"
                errors.append(table.bad(prow, name, reason))
        return errors

    def given(self) -> dict[str, Any]:
        return {column: value for column, (value, _line) in self.values.items()}


class _Pool:
    """Stored records by owner and natural key, handed out in id order, each at most once.

    The n-th row of a file with a given natural key gets the n-th stored record with that key.
    """

    def __init__(self, groups: dict[int, list[Record]], natural: Callable[[Record], tuple[Any, ...]]) -> None:
        self._free: dict[tuple[Any, ...], list[Record]] = defaultdict(list)
        for owner, records in groups.items():
            for record in records:
                self._free[(owner, *natural(record))].append(record)

    def take(self, owner: int | None, natural: tuple[Any, ...]) -> Record | None:
        if owner is None:
            return None
        free = self._free.get((owner, *natural))
        return free.pop(0) if free else None

    def take_record(self, owner: int, natural: tuple[Any, ...], record: Record) -> None:
        self._free[(owner, *natural)].remove(record)


@dataclass
class _InvoiceIn:
    number: str
    debtor_key: str
    table: CsvFile
    prow: ParsedRow

    @property
    def row(self) -> InvoiceRow:
        assert isinstance(self.prow.row, InvoiceRow)
        return self.prow.row


class Planner:
    """Builds the :class:`Plan`; every problem found is added to ``errors`` and planning goes on."""

    def __init__(self, tables: list[CsvFile], existing: Existing, defaults: ImportDefaults) -> None:
        self.tables = tables
        self.ex = existing
        self.defaults = defaults
        self.errors: list[BadRow] = []
        self.plan = Plan(ImportReport(files=[t.name for t in tables]))
        self.debtors: dict[str, _Merged] = {}
        self.contacts: dict[str, _Merged] = {}
        self.invoices: dict[str, _InvoiceIn] = {}
        self._matched_contacts: set[int] = set()
        # Numbers and debtor references of rows that failed their own checks: already reported.
        self.failed_numbers = {
            cells.get("invoice_number", "").strip()
            for t in tables
            if t.kind is FileKind.INVOICES
            for cells in t.failed
        }
        self.failed_debtors = {
            cells.get(name, "").strip()
            for t in tables
            if t.kind is FileKind.INVOICES
            for cells in t.failed
            for name in ("debtor_key", "debtor_name")
        } - {""}
        self._name_index: dict[str, str] | None = None

    def of(self, kind: FileKind) -> list[tuple[CsvFile, ParsedRow]]:
        return [(t, r) for t in self.tables if t.kind is kind for r in t.rows]

    def build(self) -> Plan:
        self.plan.report.ignored_columns = {t.name: t.ignored for t in self.tables if t.ignored}
        self._read_invoice_rows()
        self._plan_debtors()
        self._plan_invoices()
        self._plan_contacts()
        paid = self._plan_payments()
        self._check_overpayments(paid)
        self._plan_linked(FileKind.REMINDERS)
        self._plan_linked(FileKind.DOCUMENTS)
        return self.plan

    # -- invoices.csv -----------------------------------------------------------------------------

    def _read_invoice_rows(self) -> None:
        for table, prow in self.of(FileKind.INVOICES):
            row = prow.row
            assert isinstance(row, InvoiceRow)
            key = row.debtor_key or derive_key(row.registration_number, row.debtor_name)
            if not key:
                self.errors.append(table.bad(prow, "debtor_name", "a debtor needs a client code or a name"))
                continue
            self.errors += self.debtors.setdefault(key, _Merged()).merge(table, prow, DEBTOR_FIELDS, "debtor")
            if any(prow.given(f) and not _blank(getattr(row, f)) for f in PRIMARY_CONTACT_FIELDS):
                merged = self.contacts.setdefault(key, _Merged())
                self.errors += merged.merge(table, prow, PRIMARY_CONTACT_FIELDS, "debtor's contact")
            if not row.invoice_number:
                filled = [f for f in INVOICE_FIELDS if not prow.blank(f)]
                if [f for f in filled if f != "acknowledged" or row.acknowledged]:
                    self.errors.append(table.bad(prow, "invoice_number", "an invoice needs a number"))
                continue
            earlier = self.invoices.get(row.invoice_number)
            if earlier is not None:
                where = f"line {earlier.prow.line}" + (
                    f" of {earlier.table.name}" if earlier.table is not table else ""
                )
                self.errors.append(table.bad(prow, "invoice_number", f"the same invoice is on {where}"))
                continue
            self.invoices[row.invoice_number] = _InvoiceIn(row.invoice_number, key, table, prow)

    def _terms(self, key: str) -> int:
        merged = self.debtors.get(key)
        if merged and "payment_terms_days" in merged.values:
            return int(merged.values["payment_terms_days"][0])
        stored = self.ex.debtors.get(key)
        return int(stored["payment_terms_days"]) if stored else self.defaults.payment_terms_days

    def _plan_debtors(self) -> None:
        unchanged = 0
        for key, merged in self.debtors.items():
            given = merged.given()
            stored = self.ex.debtors.get(key)
            if stored is None:
                if _blank(given.get("name")):
                    assert merged.first is not None
                    table, prow = merged.first
                    self.errors.append(table.bad(prow, "debtor_name", "a new debtor needs a name"))
                    continue
                record = {
                    **dict.fromkeys(DEBTOR_FIELDS.values(), ""),
                    "key": key,
                    "kind": "business",
                    "country": self.defaults.country,
                    "language": self.defaults.language,
                    "payment_terms_days": self.defaults.payment_terms_days,
                    "pause_until": None,
                }
                record.update({c: v for c, v in given.items() if not (c == "name" and _blank(v))})
                self.plan.debtor_inserts.append(record)
                continue
            changes = {c: v for c, v in given.items() if stored[c] != v and not (c == "name" and _blank(v))}
            if changes:
                self.plan.debtor_updates.append({"id": stored["id"], **changes})
            else:
                unchanged += 1
        self.plan.count("debtors", self.plan.debtor_inserts, self.plan.debtor_updates, unchanged)

    def _plan_invoices(self) -> None:
        unchanged = 0
        for number, item in self.invoices.items():
            row, prow = item.row, item.prow
            given = {column: getattr(row, f) for f, column in INVOICE_FIELDS.items() if prow.given(f)}
            stored = self.ex.invoices.get(number)
            self.plan.touched_invoices.add(number)
            if stored is None:
                missing = {"issue_date": "its issue date", "total": "its total"}
                missing = {f: what for f, what in missing.items() if not prow.given(f)}
                for name, what in missing.items():
                    self.errors.append(item.table.bad(prow, name, f"a new invoice needs {what}"))
                if missing:
                    continue
                record: Record = {
                    "number": number,
                    "debtor_key": item.debtor_key,
                    "currency": self.defaults.currency,
                    "status": "open",
                    "po_reference": "",
                    "pdf_path": "",
                    "dispute_reason": "",
                    "client_remarks": "",
                    "acknowledged": False,
                    **given,
                }
                if "due_date" not in given:
                    record["due_date"] = given["issue_date"] + timedelta(days=self._terms(item.debtor_key))
                self._check_dates(item, record)
                self.plan.invoice_inserts.append(record)
                continue
            changes = {c: v for c, v in given.items() if stored[c] != v}
            if self.ex.debtor_keys[stored["debtor_id"]] != item.debtor_key:
                changes["debtor_key"] = item.debtor_key
            self._check_dates(item, {**stored, **changes})
            if changes:
                self.plan.invoice_updates.append({"id": stored["id"], "number": number, **changes})
            else:
                unchanged += 1
        self.plan.count("invoices", self.plan.invoice_inserts, self.plan.invoice_updates, unchanged)

    def _check_dates(self, item: _InvoiceIn, record: Record) -> None:
        if record["due_date"] < record["issue_date"]:
            name = "due_date" if item.prow.given("due_date") else "issue_date"
            reason = f"the due date {record['due_date']} is before the issue date {record['issue_date']}"
            self.errors.append(item.table.bad(item.prow, name, reason))

    def _invoice_debtor(self, number: str) -> str:
        if number in self.invoices:
            return self.invoices[number].debtor_key
        return self.ex.debtor_keys[self.ex.invoices[number]["debtor_id"]]

    def _total(self, number: str) -> int | None:
        item = self.invoices.get(number)
        if item is not None and item.row.total is not None:
            return item.row.total
        stored = self.ex.invoices.get(number)
        return None if stored is None else int(stored["total_cents"])

    # -- contacts ---------------------------------------------------------------------------------

    def _plan_contacts(self) -> None:
        pool = _Pool(self.ex.contacts, lambda c: (c["name"],))
        for key, merged in self.contacts.items():
            given = {"name": "", **merged.given(), "is_primary": True}
            owner = self._debtor_id(key)
            stored = self.ex.contacts.get(owner, []) if owner is not None else []
            same = [c for c in stored if c["name"] == given["name"]]
            match = next((c for c in same if c["is_primary"]), same[0] if same else None)
            if match is not None and owner is not None:
                pool.take_record(owner, (match["name"],), match)
            self._upsert_contact(key, match, given)
            for other in stored:
                if other is not match and other["is_primary"]:
                    self.plan.contact_updates.append({"id": other["id"], "is_primary": False})
        for table, prow in self.of(FileKind.CONTACTS):
            row = prow.row
            assert isinstance(row, ContactRow)
            debtor = self._resolve_debtor(table, prow, [])
            if debtor is None:
                continue
            given = {"name": row.name, **{c: getattr(row, c) for c in CONTACT_FIELDS if prow.given(c)}}
            self._upsert_contact(debtor, pool.take(self._debtor_id(debtor), (row.name,)), given)
        updates: dict[int, Record] = {}
        for update in self.plan.contact_updates:
            updates.setdefault(update["id"], {}).update(update)
        self.plan.contact_updates = list(updates.values())
        unchanged = len(self._matched_contacts - set(updates))
        self.plan.count("contacts", self.plan.contact_inserts, self.plan.contact_updates, unchanged)

    def _debtor_id(self, key: str) -> int | None:
        stored = self.ex.debtors.get(key)
        return None if stored is None else int(stored["id"])

    def _upsert_contact(self, key: str, match: Record | None, given: Record) -> None:
        if match is None:
            record = {"debtor_key": key, "name": "", "is_primary": False, **dict.fromkeys(CONTACT_FIELDS, "")}
            self.plan.contact_inserts.append({**record, **given})
            return
        self._matched_contacts.add(match["id"])
        changes = {c: v for c, v in given.items() if match[c] != v}
        if changes:
            self.plan.contact_updates.append({"id": match["id"], **changes})

    # -- payments ---------------------------------------------------------------------------------

    def _plan_payments(self) -> dict[str, tuple[int, CsvFile | None, ParsedRow | None]]:
        """Plan payments; return each touched invoice's paid total and its last new payment row."""
        paid: dict[str, tuple[int, CsvFile | None, ParsedRow | None]] = {}
        pool = _Pool(self.ex.payments, lambda p: (p["paid_on"], p["amount_cents"], p["reference"]))
        unchanged = 0
        for table, prow in self.of(FileKind.PAYMENTS):
            row = prow.row
            assert isinstance(row, PaymentRow)
            number = row.invoice_number
            if number in self.failed_numbers and number not in self.invoices:
                continue
            if number not in self.invoices and number not in self.ex.invoices:
                reason = "no such invoice (not in the files nor in the database)"
                self.errors.append(table.bad(prow, "invoice_number", reason))
                continue
            assert row.paid_on is not None and row.amount is not None
            stored_invoice = self.ex.invoices.get(number)
            invoice_id = None if stored_invoice is None else int(stored_invoice["id"])
            if number not in paid:
                paid[number] = (self._stored_paid(number), None, None)
            self.plan.touched_invoices.add(number)
            match = pool.take(invoice_id, (row.paid_on, row.amount, row.reference))
            if match is None:
                self.plan.payment_inserts.append(
                    {
                        "invoice_number": number,
                        "paid_on": row.paid_on,
                        "amount_cents": row.amount,
                        "method": row.method,
                        "reference": row.reference,
                    }
                )
                paid[number] = (paid[number][0] + row.amount, table, prow)
            elif prow.given("method") and match["method"] != row.method:
                self.plan.payment_updates.append({"id": match["id"], "method": row.method})
            else:
                unchanged += 1
        self.plan.count("payments", self.plan.payment_inserts, self.plan.payment_updates, unchanged)
        return paid

    def _stored_paid(self, number: str) -> int:
        stored = self.ex.invoices.get(number)
        return sum(p["amount_cents"] for p in self.ex.payments.get(stored["id"], [])) if stored else 0

    def _check_overpayments(self, paid: dict[str, tuple[int, CsvFile | None, ParsedRow | None]]) -> None:
        for number in self.plan.touched_invoices:
            amount, table, prow = paid.get(number, (self._stored_paid(number), None, None))
            total = self._total(number)
            if total is None or amount <= total:
                continue
            if table is not None and prow is not None:
                reason = (
                    f"would bring the payments of invoice {number} to {from_cents(amount)}, "
                    f"more than its total {from_cents(total)}"
                )
                self.errors.append(table.bad(prow, "amount", reason))
            else:
                item = self.invoices[number]
                reason = f"is less than the {from_cents(amount)} already paid on this invoice"
                self.errors.append(item.table.bad(item.prow, "total", reason))

    # -- reminders and documents -----------------------------------------------------------------

    def _numbers(self, table: CsvFile, prow: ParsedRow, text: str) -> list[str] | None:
        if not text:
            return []
        if text in self.invoices or text in self.ex.invoices:
            return [text]
        numbers = list(dict.fromkeys(split_numbers(text)))
        unknown = [n for n in numbers if n not in self.invoices and n not in self.ex.invoices]
        if any(n in self.failed_numbers for n in unknown):
            return None
        if unknown:
            self.errors.append(table.bad(prow, "invoices", f"no such invoice: {', '.join(unknown)}"))
            return None
        return numbers

    def _resolve_debtor(self, table: CsvFile, prow: ParsedRow, numbers: list[str]) -> str | None:
        reference = str(getattr(prow.row, "debtor_key", ""))
        owners = list(dict.fromkeys(self._invoice_debtor(n) for n in numbers))
        if reference:
            key = self._key_for(reference)
            if key is None and reference in self.failed_debtors:
                return None
            if key is None:
                self.errors.append(
                    table.bad(prow, "debtor_key", "no such debtor (not in the files nor in the database)")
                )
                return None
            if any(owner != key for owner in owners):
                self.errors.append(
                    table.bad(prow, "invoices", f"not all these invoices are of debtor '{key}'")
                )
                return None
            return key
        if not owners:
            self.errors.append(table.bad(prow, "debtor_key", "must name the debtor when no invoice is given"))
            return None
        if len(owners) > 1:
            self.errors.append(table.bad(prow, "invoices", "these invoices are of different debtors"))
            return None
        return owners[0]

    def _known(self, key: str) -> bool:
        return key in self.debtors or key in self.ex.debtors

    def _key_for(self, reference: str) -> str | None:
        """The debtor a reference names: its key, the key derived from a name, or a unique name."""
        for key in (reference, derive_key("", reference)):
            if self._known(key):
                return key
        if self._name_index is None:
            names: dict[str, set[str]] = defaultdict(set)
            for key, record in self.ex.debtors.items():
                names[fold(record["name"])].add(key)
            for key, merged in self.debtors.items():
                if "name" in merged.values:
                    names[fold(str(merged.values["name"][0]))].add(key)
            self._name_index = {name: next(iter(keys)) for name, keys in names.items() if len(keys) == 1}
        return self._name_index.get(fold(reference))

    def _plan_linked(self, kind: FileKind) -> None:
        reminders = kind is FileKind.REMINDERS
        inserts = self.plan.event_inserts if reminders else self.plan.document_inserts
        updates = self.plan.event_updates if reminders else self.plan.document_updates
        key_fields = ("occurred_at", "channel", "summary") if reminders else ("kind", "reference")
        other_fields = ("by_whom",) if reminders else ("doc_date", "signed_by", "path")
        pool = _Pool(
            self.ex.events if reminders else self.ex.documents, lambda r: tuple(r[f] for f in key_fields)
        )
        unchanged = 0
        for table, prow in self.of(kind):
            row = prow.row
            assert isinstance(row, ReminderRow | DocumentRow)
            numbers = self._numbers(table, prow, row.invoices)
            key = None if numbers is None else self._resolve_debtor(table, prow, numbers)
            if numbers is None or key is None:
                continue
            natural = tuple(getattr(row, f) for f in key_fields)
            given: Record = {f: getattr(row, f) for f in other_fields if prow.given(f)}
            if prow.given("invoices"):
                given["numbers"] = set(numbers)
            match = pool.take(self._debtor_id(key), natural)
            if match is None:
                defaults: Record = {"numbers": set(), **dict.fromkeys(other_fields, ""), "doc_date": None}
                if reminders:
                    del defaults["doc_date"]
                inserts.append(
                    {"debtor_key": key, **dict(zip(key_fields, natural, strict=True)), **defaults, **given}
                )
                continue
            changes = {f: v for f, v in given.items() if match[f] != v}
            if changes:
                updates.append({"id": match["id"], **changes})
            else:
                unchanged += 1
        self.plan.count("reminders" if reminders else "documents", inserts, updates, unchanged)
