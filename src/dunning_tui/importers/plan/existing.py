"""What the database holds that an import compares its rows with, read in a few queries.

Every debtor's id, key and name is read (a file may name a debtor by its name). The rest of the
book is read whole when the files are large (a full CSV export names most of it anyway), and only
the part the files name otherwise: the debtors and invoices they name, and what hangs off those. A
thousand e-invoices imported into a book of a hundred thousand invoices then read a few thousand
rows, not the whole book.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dunning_tui.importers.csv.layout import fold
from dunning_tui.importers.plan.records import Record
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

SELECTIVE_LIMIT = 20_000
"""Up to this many keys, names and numbers named by the files, only their part of the book is read."""
CHUNK = 500
"""Values per ``IN (...)`` list (SQLite allows 32,766 parameters, PostgreSQL 65,535)."""

PAYMENT_COLUMNS = (
    Payment.id,
    Payment.invoice_id,
    Payment.paid_on,
    Payment.amount_cents,
    Payment.method,
    Payment.reference,
)


@dataclass
class Wanted:
    """The debtor keys, debtor names (folded) and invoice numbers the files name."""

    keys: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)

    @property
    def small(self) -> bool:
        return len(self.keys) + len(self.names) + len(self.numbers) <= SELECTIVE_LIMIT


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


@dataclass
class Existing:
    debtors: dict[str, Record] = field(default_factory=dict)
    """Whole records of the debtors an import may change, by key."""
    debtor_keys: dict[int, str] = field(default_factory=dict)
    """Every debtor: id -> key."""
    debtor_ids: dict[str, int] = field(default_factory=dict)
    """Every debtor: key -> id."""
    debtor_names: dict[str, str] = field(default_factory=dict)
    """Every debtor: key -> name."""
    invoices: dict[str, Record] = field(default_factory=dict)
    contacts: dict[int, list[Record]] = field(default_factory=lambda: defaultdict(list))
    payments: dict[int, list[Record]] = field(default_factory=lambda: defaultdict(list))
    events: dict[int, list[Record]] = field(default_factory=lambda: defaultdict(list))
    documents: dict[int, list[Record]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls, session: Session, wanted: Wanted | None = None) -> Existing:
        """The whole book, or (``wanted`` and small) the part of it the files name."""
        ex = cls()
        for debtor_id, key, name in session.execute(select(Debtor.id, Debtor.key, Debtor.name)):
            ex.debtor_keys[debtor_id] = key
            ex.debtor_ids[key] = debtor_id
            ex.debtor_names[key] = name
        if wanted is None or not wanted.small:
            ex._load(session, None, None)
            return ex
        owners = {ex.debtor_ids[key] for key in wanted.keys if key in ex.debtor_ids}
        owners |= {ex.debtor_ids[key] for key, name in ex.debtor_names.items() if fold(name) in wanted.names}
        for chunk in _chunks(wanted.numbers):
            for row in session.execute(select(Invoice.__table__).where(Invoice.number.in_(chunk))).mappings():
                ex.invoices[row["number"]] = dict(row)
                owners.add(row["debtor_id"])
        ex._load(session, owners, [int(i["id"]) for i in ex.invoices.values()])
        return ex

    def _rows(self, session: Session, statement: Any, column: Any, ids: list[int] | None) -> Iterator[Any]:
        """The rows of ``statement``, all of them, or those whose ``column`` is in ``ids``."""
        if ids is None:
            yield from session.execute(statement).mappings()
            return
        for chunk in _chunks(ids):
            yield from session.execute(statement.where(column.in_(chunk))).mappings()

    def _load(self, session: Session, owners: set[int] | None, invoice_ids: list[int] | None) -> None:
        """Read the debtors ``owners`` (all when ``None``), their records, and the invoices' payments."""
        debtors = None if owners is None else sorted(owners)
        for row in self._rows(session, select(Debtor.__table__), Debtor.id, debtors):
            self.debtors[row["key"]] = dict(row)
        if owners is None:
            for row in session.execute(select(Invoice.__table__)).mappings():
                self.invoices[row["number"]] = dict(row)
        contacts = self._rows(
            session, select(Contact.__table__).order_by(Contact.id), Contact.debtor_id, debtors
        )
        for row in sorted(contacts, key=lambda r: r["id"]):
            self.contacts[row["debtor_id"]].append(dict(row))
        payments = self._rows(
            session, select(*PAYMENT_COLUMNS).order_by(Payment.id), Payment.invoice_id, invoice_ids
        )
        for row in sorted(payments, key=lambda r: r["id"]):
            self.payments[row["invoice_id"]].append(dict(row))
        self._load_linked(session, ContactEvent.__table__, event_invoices, "event_id", self.events, debtors)
        self._load_linked(
            session, Document.__table__, document_invoices, "document_id", self.documents, debtors
        )

    def _load_linked(
        self,
        session: Session,
        table: Any,
        links: Any,
        link_column: str,
        into: dict[int, list[Record]],
        debtors: list[int] | None,
    ) -> None:
        records = sorted(
            (dict(row) for row in self._rows(session, select(table), table.c.debtor_id, debtors)),
            key=lambda r: r["id"],
        )
        numbers: dict[int, set[str]] = defaultdict(set)
        linked = select(links.c[link_column], Invoice.number).join(Invoice, Invoice.id == links.c.invoice_id)
        owners = None if debtors is None else [r["id"] for r in records]
        for row in self._rows(session, linked, links.c[link_column], owners):
            numbers[row[link_column]].add(row["number"])
        for record in records:
            record["numbers"] = numbers.get(record["id"], set())
            into[record["debtor_id"]].append(record)
