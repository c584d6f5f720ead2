"""Erasing a person's data from the book (a right-to-erasure request).

What the law requires to be kept of invoices stays, anonymised: numbers, dates, amounts, currency,
status, payments' days and amounts, promises' days and amounts. Everything that names or describes
a person goes: the debtor's name, key, identifiers, address, email, phone and notes, the contacts,
what calls, reminders, documents, next actions and payments say in words, and the files named.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from dunning_tui.errors import UserError
from dunning_tui.store import tables as t
from dunning_tui.store.atomic import hold_write_lock


@dataclass(frozen=True, slots=True)
class Erased:
    debtor_id: int
    name: str
    """The name the debtor had, to tell the user whose data went."""
    contacts: int
    invoices: int


def erased_name(debtor_id: int) -> str:
    return f"Erased debtor {debtor_id}"


def erase_debtor(session: Session, debtor_id: int, now: datetime) -> Erased:
    """Remove the debtor's personal data in one transaction; the anonymised invoices stay."""
    hold_write_lock(session)
    debtor = session.get(t.Debtor, debtor_id)
    if debtor is None:
        raise UserError("No debtor has the id {debtor_id}.", values={"debtor_id": debtor_id})
    name = debtor.name
    mine = t.Invoice.debtor_id == debtor_id
    invoices = len(session.scalars(select(t.Invoice.id).where(mine)).all())
    contacts = len(session.scalars(select(t.Contact.id).where(t.Contact.debtor_id == debtor_id)).all())
    session.execute(
        update(t.Debtor)
        .where(t.Debtor.id == debtor_id)
        .values(
            key=f"erased-{debtor_id}",
            name=erased_name(debtor_id),
            registration_number="",
            vat_number="",
            address="",
            email="",
            phone="",
            profile="",
            profile_notes="",
            pause_reason="",
            owner="",
        )
    )
    session.execute(delete(t.Contact).where(t.Contact.debtor_id == debtor_id))
    session.execute(
        update(t.Invoice)
        .where(mine)
        .values(po_reference="", buyer_reference="", pdf_path="", dispute_reason="", client_remarks="")
    )
    invoice_ids = select(t.Invoice.id).where(mine).scalar_subquery()
    session.execute(
        update(t.Payment).where(t.Payment.invoice_id.in_(invoice_ids)).values(reference="", method="")
    )
    session.execute(
        update(t.Call).where(t.Call.debtor_id == debtor_id).values(notes="", summary="", script_path="[]")
    )
    session.execute(
        update(t.Call).where(t.Call.debtor_id == debtor_id, t.Call.ended_at.is_(None)).values(ended_at=now)
    )
    session.execute(
        update(t.ContactEvent).where(t.ContactEvent.debtor_id == debtor_id).values(summary="", by_whom="")
    )
    session.execute(
        update(t.Document)
        .where(t.Document.debtor_id == debtor_id)
        .values(signed_by="", path="", reference="")
    )
    session.execute(update(t.NextAction).where(t.NextAction.debtor_id == debtor_id).values(reason=""))
    session.execute(
        update(t.NextAction)
        .where(t.NextAction.debtor_id == debtor_id, t.NextAction.done_at.is_(None))
        .values(done_at=now)
    )
    session.expire_all()
    return Erased(debtor_id, name, contacts, invoices)
