"""Building debtors, invoices and calls directly in a test database, the way the app writes them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from dunning_tui.domain.enums import ActionKind, Outcome
from dunning_tui.domain.outcome import Objective, OutcomeInput
from dunning_tui.settings import CadenceSettings
from dunning_tui.store import tables as t
from dunning_tui.store.calls import save_outcome, start_call

CADENCE = CadenceSettings()
"""The default intervals: first call 7 days, repeat 6, escalate at 30, no bank delay, notice 8."""


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def add_debtor(
    session: Session,
    name: str,
    *,
    kind: str = "business",
    country: str = "FR",
    pause_until: date | None = None,
    governing_law: str = "",
) -> int:
    debtor = t.Debtor(
        key=name.upper().replace(" ", "-"),
        name=name,
        kind=kind,
        country=country,
        governing_law=governing_law,
    )
    debtor.pause_until = pause_until
    session.add(debtor)
    session.flush()
    return debtor.id


def add_invoice(
    session: Session, debtor_id: int, number: str, total: str, due: date, currency: str = "EUR"
) -> int:
    invoice = t.Invoice(
        debtor_id=debtor_id,
        number=number,
        issue_date=due - timedelta(days=30),
        due_date=due,
        currency=currency,
        total_cents=int(Decimal(total) * 100),
        paid_cents=0,
    )
    session.add(invoice)
    session.flush()
    return invoice.id


def call(session: Session, debtor_id: int, outcome: OutcomeInput, when: datetime) -> int:
    """A call started and closed at ``when`` with ``outcome``; returns the call id."""
    call_id = start_call(session, debtor_id, Objective(latest_date=when.date() + timedelta(days=7)), when)
    save_outcome(session, call_id, outcome, "notes", "[]", when)
    session.flush()
    return call_id


def promise(session: Session, debtor_id: int, when: datetime, promised: date, amount: str) -> int:
    return call(
        session,
        debtor_id,
        OutcomeInput(Outcome.PROMISE, promised_date=promised, amount=Decimal(amount), method="transfer"),
        when,
    )


def open_actions(session: Session, debtor_id: int, *kinds: ActionKind) -> list[t.NextAction]:
    query = select(t.NextAction).where(t.NextAction.debtor_id == debtor_id, t.NextAction.done_at.is_(None))
    if kinds:
        query = query.where(t.NextAction.kind.in_([k.value for k in kinds]))
    return list(session.scalars(query.order_by(t.NextAction.due_date, t.NextAction.id)))


def promise_statuses(session: Session, debtor_id: int) -> list[str]:
    query = select(t.Promise.status).where(t.Promise.debtor_id == debtor_id)
    return list(session.scalars(query.order_by(t.Promise.promised_date, t.Promise.id)))


def kinds(actions: Sequence[t.NextAction]) -> list[str]:
    return [a.kind for a in actions]
