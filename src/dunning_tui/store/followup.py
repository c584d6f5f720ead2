"""Applying the follow-through engine to the database.

:func:`refresh` re-evaluates promises (kept, partly kept, broken), creates the next actions the
cadence and the ladder call for, and closes the ones the facts made moot. It runs when the app
starts, after payments are recorded or imported, and after an outcome is saved. Facts are loaded in
batches (a few queries per 900 debtors), never one debtor at a time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, TypeVar

from sqlalchemy import or_, select, text, update
from sqlalchemy.orm import Session, selectinload

from dunning_tui.domain.enums import DebtorKind, PromiseStatus
from dunning_tui.domain.escalation import FollowUpFacts, StageInfo, current_stage
from dunning_tui.settings import CadenceSettings
from dunning_tui.store import convert
from dunning_tui.store import tables as t
from dunning_tui.store.atomic import lock_debtors, serialize
from dunning_tui.store.queue_cache import UNPAID_SQL
from dunning_tui.words import coded, then

V = TypeVar("V")
CHUNK = 900  # below SQLite's bound-parameter limit


@dataclass(frozen=True, slots=True)
class RefreshReport:
    debtors: int
    promises_changed: int
    actions_created: int
    actions_closed: int


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def active_debtor_ids(session: Session) -> list[int]:
    """Debtors with something to follow: unpaid open invoices, pending promises or open actions."""
    unpaid = select(t.Invoice.debtor_id).where(text(UNPAID_SQL))
    pending = select(t.Promise.debtor_id).where(t.Promise.status == PromiseStatus.PENDING.value)
    open_actions = select(t.NextAction.debtor_id).where(t.NextAction.done_at.is_(None))
    query = select(t.Debtor.id).where(
        or_(t.Debtor.id.in_(unpaid), t.Debtor.id.in_(pending), t.Debtor.id.in_(open_actions))
    )
    return list(session.scalars(query.order_by(t.Debtor.id)))


_KINDS = frozenset(k.value for k in DebtorKind)


def load_facts(session: Session, debtor_ids: Sequence[int]) -> dict[int, FollowUpFacts]:
    out: dict[int, FollowUpFacts] = {}
    for ids in _chunks(list(debtor_ids)):
        debtors = session.execute(
            select(t.Debtor.id, t.Debtor.kind, t.Debtor.pause_until).where(t.Debtor.id.in_(ids))
        ).all()
        # Invoices and payments are most of the rows: read them as plain Core rows (same column
        # names as the mapped classes), not as ORM objects, after writing what is pending.
        session.flush()
        conn = session.connection()
        invoice_table, payment_table = t.Invoice.__table__, t.Payment.__table__
        invoices: Sequence[Any] = conn.execute(
            select(invoice_table).where(invoice_table.c.debtor_id.in_(ids))
        ).all()
        by_invoice = {i.id: i for i in invoices}
        payments: Sequence[Any] = conn.execute(
            select(payment_table).where(
                payment_table.c.invoice_id.in_(
                    select(invoice_table.c.id).where(invoice_table.c.debtor_id.in_(ids))
                )
            )
        ).all()
        calls = session.scalars(select(t.Call).where(t.Call.debtor_id.in_(ids))).all()
        events = session.scalars(
            select(t.ContactEvent)
            .where(t.ContactEvent.debtor_id.in_(ids))
            .options(selectinload(t.ContactEvent.invoices))
        ).all()
        promises = session.scalars(
            select(t.Promise).where(t.Promise.debtor_id.in_(ids)).options(selectinload(t.Promise.invoices))
        ).all()
        actions = session.scalars(
            select(t.NextAction).where(t.NextAction.debtor_id.in_(ids), t.NextAction.done_at.is_(None))
        ).all()
        grouped: dict[str, dict[int, list[object]]] = defaultdict(lambda: defaultdict(list))
        # A row holding a value no version of the tool writes (a file edited by hand) leaves its
        # debtor out, not the whole book: the others are still followed up and shown.
        unreadable: set[int] = set()
        for inv in invoices:
            try:
                grouped["invoices"][inv.debtor_id].append(convert.invoice_view(inv))
            except ValueError:
                unreadable.add(inv.debtor_id)
        for pay in payments:
            inv = by_invoice[pay.invoice_id]
            grouped["payments"][inv.debtor_id].append(convert.payment_view(pay, inv.number, inv.currency))
        for call in calls:
            try:
                grouped["calls"][call.debtor_id].append(_local(convert.call_view(call)))
            except ValueError:
                unreadable.add(call.debtor_id)
        for event in events:
            try:
                grouped["events"][event.debtor_id].append(_local(convert.event_view(event)))
            except ValueError:
                unreadable.add(event.debtor_id)
        for promise in promises:
            try:
                grouped["promises"][promise.debtor_id].append(_local(convert.promise_view(promise)))
            except ValueError:
                unreadable.add(promise.debtor_id)
        for action in actions:
            try:
                grouped["actions"][action.debtor_id].append(convert.action_view(action))
            except ValueError:
                unreadable.add(action.debtor_id)
        for debtor_id, kind, pause_until in debtors:
            if debtor_id in unreadable or kind not in _KINDS:
                continue
            out[debtor_id] = FollowUpFacts(
                debtor_id=debtor_id,
                kind=DebtorKind(kind),
                invoices=tuple(grouped["invoices"][debtor_id]),  # type: ignore[arg-type]
                payments=tuple(grouped["payments"][debtor_id]),  # type: ignore[arg-type]
                calls=tuple(grouped["calls"][debtor_id]),  # type: ignore[arg-type]
                events=tuple(grouped["events"][debtor_id]),  # type: ignore[arg-type]
                promises=tuple(grouped["promises"][debtor_id]),  # type: ignore[arg-type]
                actions=tuple(grouped["actions"][debtor_id]),  # type: ignore[arg-type]
                pause_until=pause_until,
            )
    return out


def _local(view: V) -> V:
    """The engine compares wall-clock dates: give it local times, not UTC."""
    from dataclasses import fields, replace

    changes = {
        f.name: value.astimezone()
        for f in fields(view)  # type: ignore[arg-type]
        if isinstance(value := getattr(view, f.name), datetime)
    }
    return replace(view, **changes) if changes else view  # type: ignore[type-var]


def refresh(
    session: Session,
    today: date,
    cadence: CadenceSettings,
    debtor_ids: Sequence[int] | None = None,
    language: str = "en",
    now: datetime | None = None,
) -> RefreshReport:
    """Bring promise statuses and next actions in line with the facts, for ``today``; ``now`` stamps
    the actions it closes (9:00 that day when not given, so that a replayed day is reproducible)."""
    ids = list(debtor_ids) if debtor_ids is not None else active_debtor_ids(session)
    if now is None:
        now = datetime.combine(today, time(9)).astimezone().astimezone(UTC)
    debtors = changed = created = closed = 0
    # One chunk of debtors at a time: the facts of the whole book never sit in memory at once.
    for chunk in _chunks(ids):
        lock_debtors(session, chunk)  # planned once, even when another process refreshes them too
        facts_by_debtor = load_facts(session, chunk)
        debtors += len(facts_by_debtor)
        c, n, m = _apply(session, facts_by_debtor, today, cadence, language, now)
        changed, created, closed = changed + c, created + n, closed + m
        session.flush()
    session.flush()  # as before: the caller's pending rows are written even when nobody is active
    return RefreshReport(debtors, changed, created, closed)


def _apply(
    session: Session,
    facts_by_debtor: dict[int, FollowUpFacts],
    today: date,
    cadence: CadenceSettings,
    language: str,
    now: datetime,
) -> tuple[int, int, int]:
    from dunning_tui.domain.cadence import plan_next_actions
    from dunning_tui.domain.promises import evaluate_promises

    changed = created = closed = 0
    for debtor_id, facts in facts_by_debtor.items():
        results = evaluate_promises(facts.promises, facts.payments, today, cadence.bank_delay_days)
        for promise, result in zip(facts.promises, results, strict=True):
            if promise.status is not PromiseStatus.CANCELLED and result.status is not promise.status:
                session.execute(
                    update(t.Promise).where(t.Promise.id == promise.id).values(status=result.status.value)
                )
                changed += 1
        plan = plan_next_actions(facts, today, cadence, language)
        for action in plan.create:
            session.add(
                t.NextAction(
                    debtor_id=debtor_id,
                    kind=action.kind.value,
                    due_date=action.due_date,
                    due_time=action.due_time,
                    reason=action.reason,
                )
            )
            created += 1
        reasons = {a.id: a.reason for a in facts.actions}
        for moot in plan.moot:
            why = coded("action.closed", why=moot.reason)
            session.execute(
                update(t.NextAction)
                .where(t.NextAction.id == moot.action_id, t.NextAction.done_at.is_(None))
                .values(done_at=now, reason=then(reasons.get(moot.action_id, ""), why))
            )
            closed += 1
        for reword in plan.reword:
            session.execute(
                update(t.NextAction)
                .where(t.NextAction.id == reword.action_id, t.NextAction.done_at.is_(None))
                .values(reason=reword.reason)
            )
    return changed, created, closed


def stages(
    session: Session, debtor_ids: Sequence[int], today: date, cadence: CadenceSettings, language: str = "en"
) -> dict[int, StageInfo]:
    """The escalation stage of each debtor (the queue shows it)."""
    return {
        debtor_id: current_stage(facts, today, cadence, language)
        for debtor_id, facts in load_facts(session, debtor_ids).items()
    }


REFRESHED_ON = "followup_refreshed_on"


def refresh_if_due(
    session: Session,
    today: date,
    cadence: CadenceSettings,
    language: str = "en",
    now: datetime | None = None,
) -> bool:
    """Refresh the whole book once a day; True if it ran.

    What happens during the day (outcomes, payments, imports) refreshes its own debtors at once, so
    only the passing of time needs the full pass: a promise date passing, a pause ending.
    """
    state = session.get(t.AppState, REFRESHED_ON)
    if state is not None and state.value == today.isoformat():
        return False
    serialize(session, REFRESHED_ON)  # one process runs the day's refresh, the others see it done
    state = session.get(t.AppState, REFRESHED_ON, populate_existing=True)
    if state is not None and state.value == today.isoformat():
        return False
    refresh(session, today, cadence, language=language, now=now)
    if state is None:
        session.add(t.AppState(key=REFRESHED_ON, value=today.isoformat()))
    else:
        state.value = today.isoformat()
    return True
