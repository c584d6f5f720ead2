"""One debtor's whole file, and finding a debtor by what the user typed."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from dunning_tui.domain.models import DebtorFile
from dunning_tui.errors import UserError
from dunning_tui.store import convert
from dunning_tui.store import tables as t


def has_debtors(session: Session) -> bool:
    return session.scalar(select(t.Debtor.id).limit(1)) is not None


def find_debtor_id(session: Session, text: str) -> int:
    """Resolve an id, a key or a (part of a) name to one debtor id, or raise a clear error."""
    wanted = text.strip()
    if not wanted:
        raise UserError("Name a debtor (its id, key or name).")
    if wanted.isdigit():
        found = session.get(t.Debtor, int(wanted))
        if found is not None:
            return found.id
    exact = session.scalars(
        select(t.Debtor.id).where((func.lower(t.Debtor.name) == wanted.lower()) | (t.Debtor.key == wanted))
    ).all()
    if len(exact) == 1:
        return exact[0]
    partial = debtors_named(session, wanted, 6)
    if len(partial) == 1:
        return partial[0][0]
    if not partial:
        raise UserError("No debtor matches '{wanted}'.", values={"wanted": wanted})
    names = ", ".join(f"{name} (#{id_})" for id_, name in partial[:5])
    raise UserError(
        "'{wanted}' matches several debtors: {names}; give the id.", values={"wanted": wanted, "names": names}
    )


def debtors_named(session: Session, text: str, limit: int) -> list[tuple[int, str]]:
    """(id, name) of the debtors whose name contains ``text`` (any case), by name."""
    pattern = f"%{text.strip().lower()}%"
    rows = session.execute(
        select(t.Debtor.id, t.Debtor.name)
        .where(func.lower(t.Debtor.name).like(pattern))
        .order_by(t.Debtor.name, t.Debtor.id)
        .limit(limit)
    ).all()
    return [(int(id_), str(name)) for id_, name in rows]


def load_debtor_file(session: Session, debtor_id: int) -> DebtorFile:
    debtor = session.get(t.Debtor, debtor_id)
    if debtor is None:
        raise UserError("No debtor has the id {debtor_id}.", values={"debtor_id": debtor_id})
    contacts = session.scalars(
        select(t.Contact)
        .where(t.Contact.debtor_id == debtor_id)
        .order_by(t.Contact.is_primary.desc(), t.Contact.id)
    ).all()
    invoices = session.scalars(
        select(t.Invoice)
        .where(t.Invoice.debtor_id == debtor_id)
        .order_by(t.Invoice.due_date, t.Invoice.number)
    ).all()
    by_id = {i.id: i for i in invoices}
    payments = (
        session.scalars(
            select(t.Payment).where(t.Payment.invoice_id.in_(by_id)).order_by(t.Payment.paid_on, t.Payment.id)
        ).all()
        if by_id
        else []
    )
    documents = session.scalars(
        select(t.Document)
        .where(t.Document.debtor_id == debtor_id)
        .options(selectinload(t.Document.invoices))
        .order_by(t.Document.doc_date, t.Document.id)
    ).all()
    events = session.scalars(
        select(t.ContactEvent)
        .where(t.ContactEvent.debtor_id == debtor_id)
        .options(selectinload(t.ContactEvent.invoices))
        .order_by(t.ContactEvent.occurred_at, t.ContactEvent.id)
    ).all()
    calls = session.scalars(
        select(t.Call).where(t.Call.debtor_id == debtor_id).order_by(t.Call.started_at, t.Call.id)
    ).all()
    promises = session.scalars(
        select(t.Promise)
        .where(t.Promise.debtor_id == debtor_id)
        .options(selectinload(t.Promise.invoices))
        .order_by(t.Promise.promised_date, t.Promise.id)
    ).all()
    actions = session.scalars(
        select(t.NextAction)
        .where(t.NextAction.debtor_id == debtor_id)
        .order_by(t.NextAction.due_date, t.NextAction.id)
    ).all()
    contact_names = {c.id: c.name for c in contacts}
    try:
        return DebtorFile(
            debtor=convert.debtor_view(debtor),
            contacts=tuple(convert.contact_view(c) for c in contacts),
            invoices=tuple(convert.invoice_view(i) for i in invoices),
            payments=tuple(
                convert.payment_view(p, by_id[p.invoice_id].number, by_id[p.invoice_id].currency)
                for p in payments
            ),
            documents=tuple(convert.document_view(d) for d in documents),
            events=tuple(convert.event_view(e) for e in events),
            calls=tuple(convert.call_view(c, contact_names.get(c.contact_id or -1, "")) for c in calls),
            promises=tuple(convert.promise_view(p) for p in promises),
            actions=tuple(convert.action_view(a) for a in actions),
        )
    except ValueError as exc:
        raise UserError(
            "The file of debtor {debtor_id} cannot be read: it holds a value this version does not know ({exc}); check the database or restore a backup.",
            values={"debtor_id": debtor_id, "exc": exc},
        ) from None
