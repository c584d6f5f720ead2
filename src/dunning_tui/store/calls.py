"""Calls: started, saved continuously while they run, resumed after a crash, closed with an outcome.

Saving the outcome is one transaction: the call, its promise or plan, the disputed invoices, the
contact event, the next actions and the actions it settles are all written or none is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dunning_tui.domain.enums import ActionKind, Channel, Outcome
from dunning_tui.domain.money import to_cents
from dunning_tui.domain.outcome import Objective, OutcomeInput
from dunning_tui.errors import UserError
from dunning_tui.store import tables as t

CALL_ACTIONS = (
    ActionKind.FIRST_CALL,
    ActionKind.CADENCE_CALL,
    ActionKind.CALL_BACK,
    ActionKind.BROKEN_PROMISE,
)


@dataclass(frozen=True, slots=True)
class OpenCall:
    """A call that was never closed: the app or the machine died while it ran."""

    call_id: int
    debtor_id: int
    debtor_name: str
    started_at: datetime
    notes: str
    script_path: str


def start_call(
    session: Session,
    debtor_id: int,
    objective: Objective,
    now: datetime,
    contact_id: int | None = None,
    script_name: str = "",
) -> int:
    if session.get(t.Debtor, debtor_id) is None:
        raise UserError(f"No debtor has the id {debtor_id}.")
    call = t.Call(
        debtor_id=debtor_id,
        contact_id=contact_id,
        started_at=now,
        notes="",
        script_name=script_name,
        script_path="[]",
        latest_date=objective.latest_date,
        plan_ok=objective.plan_ok,
        max_instalments=objective.max_instalments,
    )
    session.add(call)
    session.flush()
    return call.id


def save_draft(session: Session, call_id: int, notes: str, script_path: str) -> None:
    """Write what the call has so far; called (debounced) on every change of the notes or script."""
    session.execute(update(t.Call).where(t.Call.id == call_id).values(notes=notes, script_path=script_path))


def open_calls(session: Session) -> list[OpenCall]:
    rows = session.execute(
        select(t.Call, t.Debtor.name)
        .join(t.Debtor, t.Debtor.id == t.Call.debtor_id)
        .where(t.Call.ended_at.is_(None))
        .order_by(t.Call.started_at)
    ).all()
    return [OpenCall(c.id, c.debtor_id, name, c.started_at, c.notes, c.script_path) for c, name in rows]


def close_without_outcome(session: Session, call_id: int, now: datetime) -> None:
    """Close an interrupted call, keeping its notes, when the user does not want to resume it."""
    call = _call(session, call_id)
    call.ended_at = now


def _call(session: Session, call_id: int) -> t.Call:
    call = session.get(t.Call, call_id)
    if call is None:
        raise UserError(f"No call has the id {call_id}.")
    return call


def save_outcome(
    session: Session, call_id: int, outcome: OutcomeInput, notes: str, script_path: str, now: datetime
) -> int:
    """Close the call with its outcome; returns the debtor's id."""
    call = _call(session, call_id)
    if call.ended_at is not None and call.outcome is not None:
        raise UserError("This call already has an outcome.")
    debtor_id = call.debtor_id
    call.ended_at = now
    call.outcome = outcome.kind.value
    call.notes = notes
    call.script_path = script_path
    call.summary = outcome.summary
    today = now.date()

    open_invoices = session.scalars(
        select(t.Invoice).where(
            t.Invoice.debtor_id == debtor_id,
            t.Invoice.status.in_(("open", "disputed")),
            t.Invoice.paid_cents < t.Invoice.total_cents,
        )
    ).all()
    wanted = set(outcome.invoice_ids)
    concerned = [i for i in open_invoices if not wanted or i.id in wanted]
    currency = concerned[0].currency if concerned else "EUR"

    # The call itself settles the call actions that were due.
    session.execute(
        update(t.NextAction)
        .where(
            t.NextAction.debtor_id == debtor_id,
            t.NextAction.done_at.is_(None),
            t.NextAction.due_date <= today,
            t.NextAction.kind.in_([k.value for k in CALL_ACTIONS]),
        )
        .values(done_at=now)
    )
    event = t.ContactEvent(
        debtor_id=debtor_id,
        occurred_at=call.started_at,
        channel=Channel.CALL.value,
        by_whom="",
        summary=_event_summary(outcome),
        invoices=list(concerned),
    )
    session.add(event)

    # A promise, or a plan's instalments (promises that carry the plan's id). Their checks (the day
    # after each date and the grace days) are planned by the follow-up refresh.
    dated: list[tuple[date, Decimal]] = []
    plan_id = None
    if outcome.kind is Outcome.PROMISE:
        if outcome.promised_date is None or outcome.amount is None or outcome.amount <= 0:
            raise UserError("A promise needs a date and an amount.")
        dated = [(outcome.promised_date, outcome.amount)]
    elif outcome.kind is Outcome.PAYMENT_PLAN:
        if not outcome.instalments:
            raise UserError("A payment plan needs at least one dated instalment.")
        plan = t.PaymentPlan(debtor_id=debtor_id, call_id=call_id, created_at=now)
        session.add(plan)
        session.flush()
        plan_id = plan.id
        dated = [(i.due_date, i.amount) for i in outcome.instalments]
    for day, amount in dated:
        session.add(
            t.Promise(
                debtor_id=debtor_id,
                call_id=call_id,
                plan_id=plan_id,
                promised_date=day,
                amount_cents=to_cents(amount),
                currency=currency,
                method=outcome.method,
                status="pending",
                created_at=now,
                invoices=list(concerned),
            )
        )
    if outcome.kind is Outcome.CALL_BACK:
        if outcome.call_back_date is None:
            raise UserError("A call-back needs a date.")
        action = _add_action(
            session,
            debtor_id,
            ActionKind.CALL_BACK,
            outcome.call_back_date,
            outcome.summary or "call back as agreed",
        )
        action.due_time = outcome.call_back_time
    elif outcome.kind is Outcome.DISPUTE:
        for invoice in concerned:
            invoice.status = "disputed"
            invoice.dispute_reason = outcome.dispute_reason
    elif outcome.kind is Outcome.ALREADY_PAID:
        _add_action(
            session,
            debtor_id,
            ActionKind.PROMISE_CHECK,
            today + timedelta(days=2),
            f"check the payment the debtor says was made {outcome.payment_reference}".strip(),
        )

    for commitment in outcome.commitments:
        _add_action(session, debtor_id, ActionKind.COMMITMENT, commitment.due_date, commitment.text)
    return debtor_id


def _add_action(
    session: Session,
    debtor_id: int,
    kind: ActionKind,
    due: object,
    reason: str,
    promise_id: int | None = None,
) -> t.NextAction:
    action = t.NextAction(
        debtor_id=debtor_id, kind=kind.value, due_date=due, reason=reason, promise_id=promise_id
    )
    session.add(action)
    return action


def _event_summary(outcome: OutcomeInput) -> str:
    text = f"Call: {outcome.kind.value.replace('_', ' ')}"
    return f"{text}. {outcome.summary}" if outcome.summary else text
