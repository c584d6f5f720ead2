"""Calls: started, saved continuously while they run, resumed after a crash, closed with an outcome.

Saving the outcome is one transaction: the call, its promise or plan, the disputed invoices, the
contact event, the next actions and the actions it settles are all written or none is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Table, bindparam, func, insert, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from dunning_tui.domain.action_words import reason_code
from dunning_tui.domain.cadence import PlannedAction, call_back_action, commitment_action
from dunning_tui.domain.enums import ActionKind, Channel, Outcome
from dunning_tui.domain.money import from_cents, to_cents
from dunning_tui.domain.outcome import NewContact, Objective, OutcomeInput
from dunning_tui.errors import UserError
from dunning_tui.store import tables as t
from dunning_tui.store.queue_cache import UNPAID_SQL
from dunning_tui.words import coded

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


@dataclass(frozen=True, slots=True)
class TeamTotals:
    """What the whole team has done since a moment (the start of the day): shown beside one's own."""

    calls: int = 0
    promises: int = 0
    promised: dict[str, Decimal] = field(default_factory=dict)


def team_totals(session: Session, since: datetime) -> TeamTotals:
    """Calls closed with an outcome since ``since``, by anyone, and the promises they won (a payment
    plan counts once, for the sum of its instalments)."""
    calls = session.scalar(select(func.count()).where(t.Call.ended_at >= since, t.Call.outcome.is_not(None)))
    rows = session.execute(
        select(t.Promise.currency, func.count(t.Promise.call_id.distinct()), func.sum(t.Promise.amount_cents))
        .where(t.Promise.created_at >= since, t.Promise.call_id.is_not(None))
        .group_by(t.Promise.currency)
    ).all()
    return TeamTotals(
        calls=int(calls or 0),
        promises=sum(int(n) for _cur, n, _cents in rows),
        promised={cur: from_cents(int(cents)) for cur, _n, cents in rows},
    )


def start_call(
    session: Session,
    debtor_id: int,
    objective: Objective,
    now: datetime,
    contact_id: int | None = None,
    script_name: str = "",
    caller: str = "",
) -> int:
    if session.get(t.Debtor, debtor_id) is None:
        raise UserError("No debtor has the id {debtor_id}.", values={"debtor_id": debtor_id})
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
        caller=caller,
    )
    session.add(call)
    session.flush()
    return call.id


def start_claimed_call(
    session: Session,
    debtor_id: int,
    objective: Objective,
    now: datetime,
    *,
    caller: str,
    token: str,
    contact_id: int | None = None,
    script_name: str = "",
) -> int:
    """Claim the debtor for the session ``token`` and start the call, in the caller's transaction
    (a write one: ``Database.session(write=True)``).

    When someone else holds the debtor, :class:`DebtorClaimed` is raised and the transaction,
    rolled back, writes nothing: of two people pressing "call" at the same instant, one call opens.
    """
    from dunning_tui.store.claims import take

    call_id = start_call(session, debtor_id, objective, now, contact_id, script_name, caller)
    take(session, debtor_id, caller, token, now)
    return call_id


def save_draft(session: Session, call_id: int, notes: str, script_path: str) -> None:
    """Write what the call has so far; called (debounced) on every change of the notes or script."""
    session.execute(update(t.Call).where(t.Call.id == call_id).values(notes=notes, script_path=script_path))


def open_calls(session: Session, caller: str | None = None, now: datetime | None = None) -> list[OpenCall]:
    """Calls never closed; with ``caller``, only that person's (and those from before callers were
    recorded): a colleague's call in progress is not an interrupted call of ours. With ``now``,
    not those whose claim is still being renewed either (the call goes on in another terminal)."""
    query = (
        select(t.Call, t.Debtor.name)
        .join(t.Debtor, t.Debtor.id == t.Call.debtor_id)
        .where(t.Call.ended_at.is_(None))
        .order_by(t.Call.started_at)
    )
    if caller is not None:
        query = query.where(t.Call.caller.in_((caller, "")))
    if now is not None:
        from dunning_tui.store.claims import live_ids

        query = query.where(t.Call.debtor_id.not_in(live_ids(now)))
    rows = session.execute(query).all()
    return [OpenCall(c.id, c.debtor_id, name, c.started_at, c.notes, c.script_path) for c, name in rows]


@dataclass(frozen=True, slots=True)
class BlockTotals:
    """What the calls ended between two moments achieved (a day's call block, across restarts)."""

    calls: int
    promises: int
    promised: dict[str, Decimal]
    called: frozenset[int]
    first_started: datetime | None


def block_totals(session: Session, start: datetime, end: datetime) -> BlockTotals:
    """The calls ended in [start, end): how many, how many promises or plans, how much promised."""
    from dunning_tui.domain.money import from_cents

    calls = session.execute(
        select(t.Call.id, t.Call.debtor_id, t.Call.outcome, t.Call.started_at).where(
            t.Call.ended_at >= start, t.Call.ended_at < end, t.Call.outcome.is_not(None)
        )
    ).all()
    promised: dict[str, Decimal] = {}
    ids = [c.id for c in calls]
    if ids:
        for currency, cents in session.execute(
            select(t.Promise.currency, func.sum(t.Promise.amount_cents))
            .where(t.Promise.call_id.in_(ids))
            .group_by(t.Promise.currency)
        ):
            promised[currency] = from_cents(int(cents))
    agreed = (Outcome.PROMISE.value, Outcome.PAYMENT_PLAN.value)
    return BlockTotals(
        calls=len(calls),
        promises=sum(1 for c in calls if c.outcome in agreed),
        promised=promised,
        called=frozenset(c.debtor_id for c in calls),
        first_started=min((c.started_at for c in calls), default=None),
    )


def close_without_outcome(session: Session, call_id: int, now: datetime) -> None:
    """Close an interrupted call, keeping its notes, when the user does not want to resume it."""
    call = _call(session, call_id)
    call.ended_at = now


def _call(session: Session, call_id: int) -> t.Call:
    call = session.get(t.Call, call_id)
    if call is None:
        raise UserError("No call has the id {call_id}.", values={"call_id": call_id})
    return call


# Built once: constructing SQLAlchemy statements costs more than running them on SQLite, and the
# user waits on this save. Values come in as bound parameters.
_CALL = select(t.Call.debtor_id, t.Call.started_at, t.Call.ended_at, t.Call.outcome, t.Call.caller).where(
    t.Call.id == bindparam("call_id")
)
_CLOSE_CALL = (
    update(t.Call)
    .where(t.Call.id == bindparam("b_call_id"), t.Call.outcome.is_(None))
    .values(
        ended_at=bindparam("b_now"),
        outcome=bindparam("b_outcome"),
        notes=bindparam("b_notes"),
        script_path=bindparam("b_script_path"),
        summary=bindparam("b_summary"),
        review=bindparam("b_review"),
        answered_by=bindparam("b_answered_by"),
        paid_on=bindparam("b_paid_on"),
        paid_cents=bindparam("b_paid_cents"),
        paid_reference=bindparam("b_paid_reference"),
        documents_due=bindparam("b_documents_due"),
    )
)
_OPEN_INVOICES = select(t.Invoice.id, t.Invoice.currency).where(
    t.Invoice.debtor_id == bindparam("debtor_id"),
    text(UNPAID_SQL),
)
_SETTLE_CALL_ACTIONS = (
    update(t.NextAction)
    .where(
        t.NextAction.debtor_id == bindparam("b_debtor_id"),
        t.NextAction.done_at.is_(None),
        t.NextAction.due_date <= bindparam("b_today"),
        t.NextAction.kind.in_([k.value for k in CALL_ACTIONS]),
    )
    .values(done_at=bindparam("b_now"))
)
_ADD_EVENT = insert(t.ContactEvent).returning(t.ContactEvent.id)
_ADD_PROMISE = insert(t.Promise).returning(t.Promise.id)


def save_outcome(
    session: Session, call_id: int, outcome: OutcomeInput, notes: str, script_path: str, now: datetime
) -> int:
    """Close the call with its outcome; returns the debtor's id.

    Written with Core statements, one per table, inside the caller's transaction: the ORM's unit
    of work adds milliseconds here, and the user waits on this save.
    """
    conn = session.connection()  # Core on the session's transaction: no ORM layer on this path
    found = conn.execute(_CALL, {"call_id": call_id}).first()
    if found is None:
        raise UserError("No call has the id {call_id}.", values={"call_id": call_id})
    debtor_id, started_at, ended_at, previous, caller = found
    if ended_at is not None and previous is not None:
        raise UserError("This call already has an outcome.")
    _check(outcome)
    today = now.date()
    paid = outcome.kind is Outcome.ALREADY_PAID
    # Closed only if no other process gave it an outcome since it was read: the check and the write
    # are one statement, and nothing else is written when it finds the outcome already there.
    closed = conn.execute(
        _CLOSE_CALL,
        {
            "b_call_id": call_id,
            "b_now": now,
            "b_outcome": outcome.kind.value,
            "b_notes": notes,
            "b_script_path": script_path,
            "b_summary": outcome.summary,
            "b_review": review_json(outcome.review),
            "b_answered_by": outcome.answered_by,
            "b_paid_on": outcome.paid_on if paid else None,
            "b_paid_cents": to_cents(outcome.amount) if paid and outcome.amount is not None else None,
            "b_paid_reference": outcome.payment_reference.strip() if paid else "",
            "b_documents_due": outcome.documents_due if outcome.kind is Outcome.DISPUTE else None,
        },
    )
    if closed.rowcount != 1:
        raise UserError("This call already has an outcome.")
    _write_steps(conn, call_id, script_path)
    open_invoices = conn.execute(_OPEN_INVOICES, {"debtor_id": debtor_id}).all()
    wanted = set(outcome.invoice_ids)
    concerned = [invoice_id for invoice_id, _cur in open_invoices if not wanted or invoice_id in wanted]
    currency = next((cur for invoice_id, cur in open_invoices if invoice_id in concerned), "EUR")

    # The call itself settles the call actions that were due.
    conn.execute(_SETTLE_CALL_ACTIONS, {"b_debtor_id": debtor_id, "b_today": today, "b_now": now})
    event_id = conn.execute(
        _ADD_EVENT,
        {
            "debtor_id": debtor_id,
            "occurred_at": started_at,
            "channel": Channel.CALL.value,
            "by_whom": caller,
            "summary": _event_summary(outcome),
        },
    ).scalar_one()
    _link(conn, t.event_invoices, "event_id", event_id, concerned)

    # A promise, or a plan's instalments (promises that carry the plan's id). Their checks (the day
    # after each date and the bank delay days) are planned by the follow-up refresh.
    dated: list[tuple[date, Decimal]] = []
    plan_id = None
    if outcome.kind is Outcome.PROMISE:
        assert outcome.promised_date is not None and outcome.amount is not None
        dated = [(outcome.promised_date, outcome.amount)]
    elif outcome.kind is Outcome.PAYMENT_PLAN:
        plan_id = conn.execute(
            insert(t.PaymentPlan)
            .values(debtor_id=debtor_id, call_id=call_id, created_at=now)
            .returning(t.PaymentPlan.id)
        ).scalar_one()
        dated = [(i.due_date, i.amount) for i in outcome.instalments]
    for day, amount in dated:
        promise_id = conn.execute(
            _ADD_PROMISE,
            {
                "debtor_id": debtor_id,
                "call_id": call_id,
                "plan_id": plan_id,
                "promised_date": day,
                "amount_cents": to_cents(amount),
                "currency": currency,
                "method": outcome.method,
                "status": "pending",
                "created_at": now,
            },
        ).scalar_one()
        _link(conn, t.promise_invoices, "promise_id", promise_id, concerned)

    planned: list[PlannedAction] = []
    if outcome.kind is Outcome.CALL_BACK:
        assert outcome.call_back_date is not None
        planned.append(
            call_back_action(
                outcome.call_back_date, outcome.call_back_time, outcome.summary or reason_code("call_back")
            )
        )
    elif outcome.kind is Outcome.DISPUTE and concerned:
        # Only the disputed invoices are put on hold, each with how much of it is disputed; the
        # others keep being chased.
        amounts = {d.invoice_id: to_cents(d.amount) for d in outcome.disputed}
        conn.execute(
            update(t.Invoice)
            .where(t.Invoice.id == bindparam("b_id"))
            .values(
                status="disputed", dispute_reason=outcome.dispute_reason, disputed_cents=bindparam("b_cents")
            ),
            [{"b_id": i, "b_cents": amounts.get(i)} for i in concerned],
        )
    elif paid:
        planned.append(
            PlannedAction(
                ActionKind.PROMISE_CHECK, today + timedelta(days=2), None, _paid_reason(outcome, currency)
            )
        )
    elif outcome.kind is Outcome.WRONG_PERSON and outcome.new_contact is not None:
        _add_contact(conn, int(debtor_id), outcome.new_contact)
    planned += [commitment_action(c.text, c.due_date) for c in outcome.commitments]
    actions = [_action_row(debtor_id, action, now) for action in planned]
    if actions:
        conn.execute(insert(t.NextAction), actions)
    return int(debtor_id)


def _paid_reason(outcome: OutcomeInput, currency: str) -> str:
    """The follow-up check of a payment the debtor says was made: how much, when, which reference."""
    from dunning_tui.words import Money

    reference = outcome.payment_reference.strip()
    if outcome.amount is not None and outcome.paid_on is not None:
        return reason_code(
            "check_paid_amount",
            amount=Money(outcome.amount, currency),
            date=outcome.paid_on,
            reference=reference or "—",
        )
    return reason_code("check_paid_ref", reference=reference) if reference else reason_code("check_paid")


def _add_contact(conn: Connection, debtor_id: int, person: NewContact) -> None:
    """The right person to speak to, named by whoever answered: the debtor's contact from now on
    (the primary one, so the next call and the next email go to them)."""
    conn.execute(update(t.Contact).where(t.Contact.debtor_id == debtor_id).values(is_primary=False))
    conn.execute(
        insert(t.Contact).values(
            debtor_id=debtor_id,
            name=person.name.strip()[:200],
            role=person.role.strip()[:120],
            direct_line=person.phone.strip()[:64],
            mobile="",
            email=person.email.strip()[:200],
            is_primary=True,
            notes="",
        )
    )


def _write_steps(conn: Connection, call_id: int, script_path: str) -> None:
    """The call's steps through its script, for the report (``tables.CallStep``)."""
    from dunning_tui.domain.report import steps_of
    from dunning_tui.script.path import ScriptPath

    try:
        steps = steps_of(ScriptPath.from_json(script_path).nodes)
    except ValueError:
        return  # a damaged path: the call is kept, the report leaves its steps out
    if steps:
        rows = [{"call_id": call_id, "node": n, "next_node": x} for n, x in sorted(steps)]
        conn.execute(insert(t.CallStep), rows)


def review_json(review: tuple[tuple[str, bool], ...]) -> str:
    """The self-review as stored: a JSON object, or "" when the caller did not review the call."""
    import json

    return json.dumps(dict(review), sort_keys=True) if review else ""


def _check(outcome: OutcomeInput) -> None:
    """What each kind needs, refused before anything is written."""
    if outcome.kind is Outcome.PROMISE and (
        outcome.promised_date is None or outcome.amount is None or outcome.amount <= 0
    ):
        raise UserError("A promise needs a date and an amount.")
    if outcome.kind is Outcome.PAYMENT_PLAN and not outcome.instalments:
        raise UserError("A payment plan needs at least one dated instalment.")
    if outcome.kind is Outcome.CALL_BACK and outcome.call_back_date is None:
        raise UserError("A call-back needs a date.")


def _link(conn: Connection, table: Table, key: str, owner_id: int, invoice_ids: list[int]) -> None:
    if invoice_ids:
        conn.execute(insert(table), [{key: owner_id, "invoice_id": i} for i in invoice_ids])


def _action_row(debtor_id: int, action: PlannedAction, now: datetime) -> dict[str, object]:
    return {
        "debtor_id": debtor_id,
        "kind": action.kind.value,
        "due_date": action.due_date,
        "due_time": action.due_time,
        "reason": action.reason,
        "promise_id": None,
        "created_at": now,
    }


def _event_summary(outcome: OutcomeInput) -> str:
    """The history line of a call, as codes and data (worded in the reader's language when shown)."""
    kind = coded(f"outcome.{outcome.kind.value}")
    if outcome.summary:
        return coded("event.call_with", kind=kind, summary=outcome.summary)
    return coded("event.call", kind=kind)
