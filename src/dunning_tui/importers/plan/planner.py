"""Turning checked rows of any format into the writes an import needs, against what the database holds.

The planner reads the existing keys once (debtors by key, invoices by number...) and compares in
memory, so a 100,000-row file costs a few queries, not one per row. It finds the rows that only make
sense together (a payment of an unknown invoice, an overpayment, two rows describing one debtor
differently) and counts what would be created, updated or left unchanged. Writing is
:func:`~dunning_tui.importers.plan.apply.apply_plan`'s job.

Readers hand it rows of the shared models (``InvoiceRow``, ``PaymentRow``...) from any source; the
rows are sorted by their model once (:class:`RowsByKind`) and each step takes the rows of its kind.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

from dunning_tui.importers.csv.layout import fold
from dunning_tui.importers.csv.rows import ContactRow, DocumentRow, InvoiceRow, PaymentRow, ReminderRow
from dunning_tui.importers.csv.values import split_numbers
from dunning_tui.importers.plan import linked
from dunning_tui.importers.plan.existing import Existing, Wanted
from dunning_tui.importers.plan.records import (
    DEBTOR_FIELDS,
    INVOICE_FIELDS,
    PRIMARY_CONTACT_FIELDS,
    ImportDefaults,
    Merged,
    Plan,
    Record,
    blank,
    derive_key,
)
from dunning_tui.importers.report import ImportReport
from dunning_tui.importers.source import BadRow, ParsedRow, Source
from dunning_tui.words import coded

R = TypeVar("R")
Sourced = tuple[Source, ParsedRow[R]]
"""A row with the file it came from."""


@dataclass
class RowsByKind:
    """The rows of every source, sorted once by their model."""

    invoices: list[Sourced[InvoiceRow]] = field(default_factory=list)
    contacts: list[Sourced[ContactRow]] = field(default_factory=list)
    payments: list[Sourced[PaymentRow]] = field(default_factory=list)
    reminders: list[Sourced[ReminderRow]] = field(default_factory=list)
    documents: list[Sourced[DocumentRow]] = field(default_factory=list)

    @classmethod
    def sort(cls, sources: Sequence[Source]) -> RowsByKind:
        rows = cls()
        for source in sources:
            for prow in source.rows:
                match prow.row:
                    case InvoiceRow():
                        rows.invoices.append((source, prow))
                    case ContactRow():
                        rows.contacts.append((source, prow))
                    case PaymentRow():
                        rows.payments.append((source, prow))
                    case ReminderRow():
                        rows.reminders.append((source, prow))
                    case DocumentRow():
                        rows.documents.append((source, prow))
                    case other:
                        raise TypeError(f"no planning step for {type(other).__name__}")
        return rows

    def wanted(self) -> Wanted:
        """The debtor keys and names and the invoice numbers these rows name (what to read of the book)."""
        wanted = Wanted()
        for _source, invoice in self.invoices:
            row = invoice.row
            wanted.keys.add(row.debtor_key or derive_key(row.registration_number, row.debtor_name))
            wanted.numbers.add(row.invoice_number)
        wanted.numbers.update(payment.row.invoice_number for _source, payment in self.payments)
        references = [prow.row.debtor_key for _source, prow in self.contacts]
        for _source, reminder in self.reminders:
            references.append(reminder.row.debtor_key)
            wanted.numbers.update([reminder.row.invoices, *split_numbers(reminder.row.invoices)])
        for _source, document in self.documents:
            references.append(document.row.debtor_key)
            wanted.numbers.update([document.row.invoices, *split_numbers(document.row.invoices)])
        for reference in filter(None, references):
            wanted.keys.update((reference, derive_key("", reference)))
            wanted.names.add(fold(reference))
        wanted.numbers.discard("")
        return wanted


@dataclass
class InvoiceIn:
    """An invoice of the files, with the key of its debtor."""

    number: str
    debtor_key: str
    source: Source
    prow: ParsedRow[InvoiceRow]


class Planner:
    """Builds the :class:`Plan`; every problem found is added to ``errors`` and planning goes on."""

    def __init__(
        self,
        sources: Sequence[Source],
        existing: Existing,
        defaults: ImportDefaults,
        rows: RowsByKind | None = None,
    ) -> None:
        self.sources = sources
        self.rows = rows or RowsByKind.sort(sources)
        self.ex = existing
        self.defaults = defaults
        self.errors: list[BadRow] = []
        self.plan = Plan(ImportReport(files=[s.name for s in sources]))
        self.debtors: dict[str, Merged] = {}
        self.contacts: dict[str, Merged] = {}
        self.invoices: dict[str, InvoiceIn] = {}
        self.matched_contacts: set[int] = set()
        # Numbers and debtor references of rows that failed their own checks: already reported.
        failed = [cells for s in sources for cells in s.failed_invoices]
        self.failed_numbers = {cells.get("invoice_number", "").strip() for cells in failed}
        self.failed_debtors = {
            cells.get(name, "").strip() for cells in failed for name in ("debtor_key", "debtor_name")
        } - {""}
        self._name_index: dict[str, str] | None = None

    def build(self) -> Plan:
        self.plan.report.ignored_columns = {s.name: s.ignored for s in self.sources if s.ignored}
        self._read_invoice_rows()
        self._plan_debtors()
        self._plan_invoices()
        linked.plan_contacts(self)
        paid = linked.plan_payments(self)
        linked.check_overpayments(self, paid)
        linked.plan_linked(self, self.rows.reminders)
        linked.plan_linked(self, self.rows.documents)
        return self.plan

    # -- invoices and their debtors -----------------------------------------------------------------

    def _read_invoice_rows(self) -> None:
        for table, prow in self.rows.invoices:
            row = prow.row
            key = row.debtor_key or derive_key(row.registration_number, row.debtor_name)
            if not key:
                self.errors.append(table.bad(prow, "debtor_name", "a debtor needs a client code or a name"))
                continue
            self.errors += self.debtors.setdefault(key, Merged()).merge(table, prow, DEBTOR_FIELDS, "debtor")
            if any(prow.given(f) and not blank(getattr(row, f)) for f in PRIMARY_CONTACT_FIELDS):
                merged = self.contacts.setdefault(key, Merged())
                self.errors += merged.merge(table, prow, PRIMARY_CONTACT_FIELDS, "debtor's contact")
            if not row.invoice_number:
                filled = [f for f in INVOICE_FIELDS if not prow.blank(f)]
                if [f for f in filled if f != "acknowledged" or row.acknowledged]:
                    self.errors.append(table.bad(prow, "invoice_number", "an invoice needs a number"))
                continue
            earlier = self.invoices.get(row.invoice_number)
            if earlier is not None:
                where = (
                    coded("the same invoice is on line {line}", line=earlier.prow.line)
                    if earlier.source is table
                    else coded(
                        "the same invoice is on line {line} of {file}",
                        line=earlier.prow.line,
                        file=earlier.source.name,
                    )
                )
                self.errors.append(table.bad(prow, "invoice_number", where))
                continue
            self.invoices[row.invoice_number] = InvoiceIn(row.invoice_number, key, table, prow)

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
                if blank(given.get("name")):
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
                record.update({c: v for c, v in given.items() if not (c == "name" and blank(v))})
                self.plan.debtor_inserts.append(record)
                continue
            changes = {c: v for c, v in given.items() if stored[c] != v and not (c == "name" and blank(v))}
            if changes:
                self.plan.debtor_updates.append({"id": stored["id"], **changes})
            else:
                unchanged += 1
        self.plan.count("debtors", self.plan.debtor_inserts, self.plan.debtor_updates, unchanged)

    def _plan_invoices(self) -> None:
        unchanged = 0
        for number, item in self.invoices.items():
            prow = item.prow
            row = prow.row
            given = {column: getattr(row, f) for f, column in INVOICE_FIELDS.items() if prow.given(f)}
            stored = self.ex.invoices.get(number)
            self.plan.touched_invoices.add(number)
            if stored is None:
                missing = {
                    "issue_date": "a new invoice needs its issue date",
                    "total": "a new invoice needs its total",
                }
                missing = {f: what for f, what in missing.items() if not prow.given(f)}
                for name, what in missing.items():
                    self.errors.append(item.source.bad(prow, name, what))
                if missing:
                    continue
                record: Record = {
                    "number": number,
                    "debtor_key": item.debtor_key,
                    "currency": self.defaults.currency,
                    "status": "open",
                    "po_reference": "",
                    "buyer_reference": "",
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

    def _check_dates(self, item: InvoiceIn, record: Record) -> None:
        if record["due_date"] < record["issue_date"]:
            name = "due_date" if item.prow.given("due_date") else "issue_date"
            reason = coded(
                "the due date {due} is before the issue date {issued}",
                due=str(record["due_date"]),
                issued=str(record["issue_date"]),
            )
            self.errors.append(item.source.bad(item.prow, name, reason))

    def invoice_debtor(self, number: str) -> str:
        if number in self.invoices:
            return self.invoices[number].debtor_key
        return self.ex.debtor_keys[self.ex.invoices[number]["debtor_id"]]

    def total(self, number: str) -> int | None:
        item = self.invoices.get(number)
        if item is not None and item.prow.row.total is not None:
            return item.prow.row.total
        stored = self.ex.invoices.get(number)
        return None if stored is None else int(stored["total_cents"])

    def debtor_id(self, key: str) -> int | None:
        return self.ex.debtor_ids.get(key)

    def stored_paid(self, number: str) -> int:
        stored = self.ex.invoices.get(number)
        return sum(p["amount_cents"] for p in self.ex.payments.get(stored["id"], [])) if stored else 0

    def known(self, key: str) -> bool:
        return key in self.debtors or key in self.ex.debtor_ids

    def key_for(self, reference: str) -> str | None:
        """The debtor a reference names: its key, the key derived from a name, or a unique name."""
        for key in (reference, derive_key("", reference)):
            if self.known(key):
                return key
        if self._name_index is None:
            names: dict[str, set[str]] = defaultdict(set)
            for key, name in self.ex.debtor_names.items():
                names[fold(name)].add(key)
            for key, merged in self.debtors.items():
                if "name" in merged.values:
                    names[fold(str(merged.values["name"][0]))].add(key)
            self._name_index = {name: next(iter(keys)) for name, keys in names.items() if len(keys) == 1}
        return self._name_index.get(fold(reference))

    def numbers(self, table: Source, prow: ParsedRow[Any], text: str) -> list[str] | None:
        if not text:
            return []
        if text in self.invoices or text in self.ex.invoices:
            return [text]
        numbers = list(dict.fromkeys(split_numbers(text)))
        unknown = [n for n in numbers if n not in self.invoices and n not in self.ex.invoices]
        if any(n in self.failed_numbers for n in unknown):
            return None
        if unknown:
            self.errors.append(
                table.bad(prow, "invoices", coded("no such invoice: {numbers}", numbers=", ".join(unknown)))
            )
            return None
        return numbers

    def resolve_debtor(self, table: Source, prow: ParsedRow[Any], numbers: list[str]) -> str | None:
        reference = str(getattr(prow.row, "debtor_key", ""))
        owners = list(dict.fromkeys(self.invoice_debtor(n) for n in numbers))
        if reference:
            key = self.key_for(reference)
            if key is None and reference in self.failed_debtors:
                return None
            if key is None:
                self.errors.append(
                    table.bad(prow, "debtor_key", "no such debtor (not in the files nor in the database)")
                )
                return None
            if any(owner != key for owner in owners):
                self.errors.append(
                    table.bad(
                        prow, "invoices", coded("not all these invoices are of debtor '{key}'", key=key)
                    )
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
