"""Writing a :class:`~dunning_tui.importers.plan.records.Plan` in one transaction with bulk statements.

``invoices.paid_cents`` of every invoice touched is recomputed from its payments in that same
transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from dunning_tui.importers.plan.records import Plan, Record
from dunning_tui.importers.source import Progress
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

CHUNK = 5000


def _chunks(rows: Sequence[Record], size: int = CHUNK) -> Iterator[Sequence[Record]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


class _Writer:
    def __init__(self, session: Session, progress: Progress) -> None:
        self.session = session
        self.progress = progress

    def insert(self, entity: Any, rows: Sequence[Record]) -> None:
        """Insert rows in bulk: Core ``executemany`` per chunk, without the ORM's per-row work."""
        for chunk in _chunks(rows):
            self.session.execute(insert(entity.__table__), list(chunk))
            self.progress.advance(len(chunk))

    def insert_returning_ids(self, entity: Any, rows: Sequence[Record]) -> list[int]:
        """Insert rows and return their new ids in the rows' order (slower: only for rows that get links)."""
        ids: list[int] = []
        statement = insert(entity).returning(entity.id, sort_by_parameter_order=True)
        for chunk in _chunks(rows):
            ids.extend(self.session.scalars(statement, list(chunk)).all())
            self.progress.advance(len(chunk))
        return ids

    def update(self, entity: Any, rows: Sequence[Record]) -> None:
        """Update rows in bulk by primary key (each row holds ``id`` and the changed columns)."""
        for chunk in _chunks(rows):
            self.session.execute(update(entity), list(chunk))
            self.progress.advance(len(chunk))

    def link(self, table: Any, column: str, links: dict[int, set[int]], replace: bool) -> None:
        """Set the invoices linked to events or documents (replacing the old links if asked)."""
        if replace and links:
            ids = list(links)
            for start in range(0, len(ids), 500):
                self.session.execute(delete(table).where(table.c[column].in_(ids[start : start + 500])))
        rows = [
            {column: owner, "invoice_id": invoice}
            for owner, invoices in links.items()
            for invoice in invoices
        ]
        for chunk in _chunks(rows):
            self.session.execute(insert(table), list(chunk))


def apply_plan(session: Session, plan: Plan, progress: Progress) -> None:
    """Write the plan: debtors, invoices, contacts, payments, reminders, documents, then paid totals."""
    writes = sum(
        len(rows)
        for rows in (
            plan.debtor_inserts, plan.debtor_updates, plan.invoice_inserts, plan.invoice_updates,
            plan.contact_inserts, plan.contact_updates, plan.payment_inserts, plan.payment_updates,
            plan.event_inserts, plan.event_updates, plan.document_inserts, plan.document_updates,
        )
    )  # fmt: skip
    progress.start("Writing", writes or 1)
    writer = _Writer(session, progress)

    writer.insert(Debtor, plan.debtor_inserts)
    writer.update(Debtor, plan.debtor_updates)
    debtor_ids: dict[str, int] = dict(session.execute(select(Debtor.key, Debtor.id)).all())

    def by_key(row: Record) -> Record:
        out = {k: v for k, v in row.items() if k != "debtor_key"}
        if "debtor_key" in row:
            out["debtor_id"] = debtor_ids[row["debtor_key"]]
        return out

    writer.insert(Invoice, [by_key(r) for r in plan.invoice_inserts])
    invoice_ids: dict[str, int] = dict(session.execute(select(Invoice.number, Invoice.id)).all())
    writer.update(
        Invoice, [{k: v for k, v in by_key(r).items() if k != "number"} for r in plan.invoice_updates]
    )

    _move_what_hangs_on(session, [r["id"] for r in plan.invoice_updates if "debtor_key" in r])

    writer.insert(Contact, [by_key(r) for r in plan.contact_inserts])
    writer.update(Contact, plan.contact_updates)

    payments = [
        {
            **{k: v for k, v in r.items() if k != "invoice_number"},
            "invoice_id": invoice_ids[r["invoice_number"]],
        }
        for r in plan.payment_inserts
    ]
    writer.insert(Payment, payments)
    writer.update(Payment, plan.payment_updates)

    for entity, links, column, inserts, updates in (
        (ContactEvent, event_invoices, "event_id", plan.event_inserts, plan.event_updates),
        (Document, document_invoices, "document_id", plan.document_inserts, plan.document_updates),
    ):
        new_ids = writer.insert_returning_ids(
            entity, [by_key({k: v for k, v in r.items() if k != "numbers"}) for r in inserts]
        )
        new_links = {i: {invoice_ids[n] for n in r["numbers"]} for i, r in zip(new_ids, inserts, strict=True)}
        writer.link(links, column, new_links, replace=False)
        stripped = [{k: v for k, v in r.items() if k != "numbers"} for r in updates]
        writer.update(entity, [r for r in stripped if len(r) > 1])
        changed = {r["id"]: {invoice_ids[n] for n in r["numbers"]} for r in updates if "numbers" in r}
        writer.link(links, column, changed, replace=True)

    _recompute_paid(session, [invoice_ids[n] for n in sorted(plan.touched_invoices)])
    plan.report.debtor_ids = _written_debtors(session, plan, debtor_ids, invoice_ids)


def _move_what_hangs_on(session: Session, moved: Sequence[int]) -> None:
    """Invoices that changed debtor take their reminders and documents along.

    A reminder or document about moved invoices only goes to their new debtor; one that is also
    about invoices still with the old debtor stays there, without the moved ones.
    """
    for start in range(0, len(moved), 500):
        chunk = moved[start : start + 500]
        for entity, links, column in (
            (ContactEvent, event_invoices, "event_id"),
            (Document, document_invoices, "document_id"),
        ):
            owner_id = links.c[column]
            owners = set(session.scalars(select(owner_id).where(links.c.invoice_id.in_(chunk))))
            for owner in sorted(owners):
                debtors = set(
                    session.scalars(
                        select(Invoice.debtor_id)
                        .join(links, links.c.invoice_id == Invoice.id)
                        .where(owner_id == owner)
                    )
                )
                if len(debtors) == 1:
                    session.execute(update(entity).where(entity.id == owner).values(debtor_id=debtors.pop()))
                else:
                    session.execute(delete(links).where(owner_id == owner, links.c.invoice_id.in_(chunk)))


def _written_debtors(
    session: Session, plan: Plan, debtor_ids: dict[str, int], invoice_ids: dict[str, int]
) -> list[int]:
    """The debtors whose records the plan wrote to, or whose invoices or payments it did."""
    touched = {debtor_ids[r["key"]] for r in plan.debtor_inserts} | {r["id"] for r in plan.debtor_updates}
    for rows in (plan.invoice_inserts, plan.contact_inserts, plan.event_inserts, plan.document_inserts):
        touched |= {debtor_ids[r["debtor_key"]] for r in rows}
    changed_invoices = {invoice_ids[r["number"]] for r in plan.invoice_updates}
    changed_invoices |= {invoice_ids[r["invoice_number"]] for r in plan.payment_inserts}
    owned: list[tuple[Any, list[int]]] = [
        (Invoice, sorted(changed_invoices)),
        (Payment, [r["id"] for r in plan.payment_updates]),
        (Contact, [r["id"] for r in plan.contact_updates]),
        (ContactEvent, [r["id"] for r in plan.event_updates]),
        (Document, [r["id"] for r in plan.document_updates]),
    ]
    for entity, ids in owned:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            if entity is Payment:
                owners = select(Invoice.debtor_id).join(Payment, Payment.invoice_id == Invoice.id)
                touched.update(session.scalars(owners.where(Payment.id.in_(chunk))))
            else:
                touched.update(session.scalars(select(entity.debtor_id).where(entity.id.in_(chunk))))
    return sorted(touched)


def _recompute_paid(session: Session, invoice_ids: list[int]) -> None:
    """``paid_cents`` = the sum of the invoice's payments, for the invoices an import touched."""
    paid = (
        select(func.coalesce(func.sum(Payment.amount_cents), 0))
        .where(Payment.invoice_id == Invoice.id)
        .scalar_subquery()
    )
    for start in range(0, len(invoice_ids), 500):
        chunk = invoice_ids[start : start + 500]
        session.execute(
            update(Invoice).where(Invoice.id.in_(chunk)).values(paid_cents=paid),
            execution_options={"synchronize_session": False},
        )
