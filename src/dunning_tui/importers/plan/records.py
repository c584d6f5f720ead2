"""The records an import plans: the fields each file column fills, the writes to make, and helpers.

Records without a unique key (contacts, payments, reminders, documents) are matched by their
natural key and occurrence: the n-th identical row of a file matches the n-th identical record
stored, so importing the same file twice, or an export of the database, changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dunning_tui.importers.csv.layout import fold
from dunning_tui.importers.csv.rows import InvoiceRow
from dunning_tui.importers.report import ImportReport
from dunning_tui.importers.source import BadRow, ParsedRow, Source
from dunning_tui.words import coded

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
    "buyer_reference": "buyer_reference",
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


def blank(value: object) -> bool:
    return value is None or value == ""


def show(value: object) -> str:
    return "" if value is None else str(value)


# -- the plan --------------------------------------------------------------------------------------


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
class Merged:
    """Values of one debtor (or its primary contact) gathered from every row that describes it."""

    values: dict[str, tuple[Any, int]] = field(default_factory=dict)
    first: tuple[Source, ParsedRow[InvoiceRow]] | None = None
    seen: set[tuple[str, ...]] = field(default_factory=set)
    """Cells already merged: the many rows that repeat a debtor identically cost one lookup."""

    def merge(
        self, table: Source, prow: ParsedRow[InvoiceRow], fields: dict[str, str], what: str
    ) -> list[BadRow]:
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
            if current is None or blank(current[0]):
                self.values[column] = (value, prow.line)
            elif not blank(value) and value != current[0]:
                reason = coded(
                    "differs from line {line} for the same {what} ('{value}')",
                    line=current[1],
                    what=coded(what),
                    value=show(current[0]),
                )
                errors.append(table.bad(prow, name, reason))
        return errors

    def given(self) -> dict[str, Any]:
        return {column: value for column, (value, _line) in self.values.items()}


class Pool:
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
