"""Applying the follow-through engine to the database.

:func:`refresh` re-evaluates promises (kept, partly kept, broken), creates the next actions the
cadence and the ladder call for, and closes the ones the facts made moot. It runs after payments
are recorded or imported and after an outcome is saved, for those debtors; and before the queue is
read on a new day (:func:`refresh_if_due`) for the debtors the calendar or another writer moved. Facts are loaded
in batches (a few queries per 900 debtors), never one debtor at a time.

Each planned debtor keeps a row in ``followup_plans``: its escalation stage (the queue shows it)
and the next day its plan can change while its facts stay as they are
(:func:`dunning_tui.domain.replan.next_replan`). Database triggers (migration 0011) add a debtor to
``followup_dirty`` whenever one of its facts is written, whatever program writes it. A new day
plans again only the debtors due that day or marked since, which gives what planning the whole
book would give; the whole book is planned when nothing is known yet (the first start after the
upgrade), when the cadence settings changed, or for an earlier day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, TypeVar, cast

from sqlalchemy import Table, bindparam, delete, insert, or_, select, text, update
from sqlalchemy.orm import Session, selectinload

from dunning_tui.domain.enums import DebtorKind, PromiseStatus
from dunning_tui.domain.escalation import FollowUpFacts, StageInfo, current_stage
from dunning_tui.settings import CadenceSettings
from dunning_tui.store import convert
from dunning_tui.store import tables as t
from dunning_tui.store.atomic import is_postgresql, lock_debtors, serialize
from dunning_tui.store.followup_state import REFRESHED_ON, basis, is_current, mark_run, state
from dunning_tui.store.queue import runner
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


def _plans() -> Table:
    return cast(Table, t.FollowupPlan.__table__)


def _dirty() -> Table:
    return cast(Table, t.FollowupDirty.__table__)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def active_debtor_ids(session: Session, among: Sequence[int] | None = None) -> list[int]:
    """Debtors with something to follow: unpaid open invoices, pending promises or open actions
    (of ``among`` only, when given)."""
    unpaid = select(t.Invoice.debtor_id).where(text(UNPAID_SQL))
    pending = select(t.Promise.debtor_id).where(t.Promise.status == PromiseStatus.PENDING.value)
    open_actions = select(t.NextAction.debtor_id).where(t.NextAction.done_at.is_(None))
    query = select(t.Debtor.id).where(
        or_(t.Debtor.id.in_(unpaid), t.Debtor.id.in_(pending), t.Debtor.id.in_(open_actions))
    )
    if among is not None:
        query = query.where(t.Debtor.id.in_(among))
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
    the actions it closes (9:00 that day when not given, so that a replayed day is reproducible).

    Without ``debtor_ids``, the whole book: the follow-up is then known to be up to date for
    ``today`` (:func:`refresh_if_due` starts from there)."""
    whole = debtor_ids is None
    if whole:
        _hold_marks(session)
    ids = active_debtor_ids(session) if debtor_ids is None else list(debtor_ids)
    if now is None:
        now = datetime.combine(today, time(9)).astimezone().astimezone(UTC)
    debtors = changed = created = closed = 0
    if whole:
        lock_debtors(session, ())
        session.execute(delete(_plans()))  # the debtors with nothing to follow keep no plan
    # One chunk of debtors at a time: the facts of the whole book never sit in memory at once.
    for chunk in _chunks(ids):
        lock_debtors(session, chunk)  # planned once, even when another process refreshes them too
        facts_by_debtor = load_facts(session, chunk)
        debtors += len(facts_by_debtor)
        c, n, m = _apply(session, facts_by_debtor, today, cadence, language, now, replace_plans=not whole)
        changed, created, closed = changed + c, created + n, closed + m
    # The marks of the debtors planned here stay until the day's next follow-up plans them again
    # (see refresh_if_due): taking them off now would mean holding the marks' table against every
    # writer, and on PostgreSQL a writer holding a debtor's rows would then wait for this
    # transaction while it waits for those rows.
    if whole:
        session.execute(delete(_dirty()))
        mark_run(runner(session), today, cadence)
    session.flush()  # as before: the caller's pending rows are written even when nobody is active
    session.expire_all()  # rows loaded earlier in this session see the statuses and actions written
    return RefreshReport(debtors, changed, created, closed)


def _apply(
    session: Session,
    facts_by_debtor: dict[int, FollowUpFacts],
    today: date,
    cadence: CadenceSettings,
    language: str,
    now: datetime,
    *,
    replace_plans: bool,
) -> tuple[int, int, int]:
    from dunning_tui.domain.cadence import plan_next_actions
    from dunning_tui.domain.promises import evaluate_promises
    from dunning_tui.domain.replan import outlook

    statuses: list[dict[str, object]] = []
    new_actions: list[dict[str, object]] = []
    closings: list[dict[str, object]] = []
    rewordings: list[dict[str, object]] = []
    plans: list[dict[str, object]] = []
    for debtor_id, facts in facts_by_debtor.items():
        results = evaluate_promises(facts.promises, facts.payments, today, cadence.bank_delay_days)
        for promise, result in zip(facts.promises, results, strict=True):
            if promise.status is not PromiseStatus.CANCELLED and result.status is not promise.status:
                statuses.append({"b_id": promise.id, "b_status": result.status.value})
        plan = plan_next_actions(facts, today, cadence, language)
        new_actions += [
            {
                "debtor_id": debtor_id,
                "kind": action.kind.value,
                "due_date": action.due_date,
                "due_time": action.due_time,
                "reason": action.reason,
            }
            for action in plan.create
        ]
        reasons = {a.id: a.reason for a in facts.actions}
        closings += [
            {
                "b_id": moot.action_id,
                "b_reason": then(reasons.get(moot.action_id, ""), coded("action.closed", why=moot.reason)),
            }
            for moot in plan.moot
        ]
        rewordings += [{"b_id": r.action_id, "b_reason": r.reason} for r in plan.reword]
        kept = outlook(facts, results, plan, today, now, cadence, language)
        plans.append({"debtor_id": debtor_id, "stage": kept.stage.value, "replan_on": kept.replan_on})
    # A whole chunk's changes go to the database in one statement of each kind (executemany): a
    # new day's pass over the book is mostly these writes.
    promises, actions = cast(Table, t.Promise.__table__), cast(Table, t.NextAction.__table__)
    if statuses:
        session.execute(
            update(promises).where(promises.c.id == bindparam("b_id")).values(status=bindparam("b_status")),
            statuses,
        )
    if new_actions:
        session.execute(insert(actions), new_actions)
    still_open = actions.c.done_at.is_(None)
    if closings:
        session.execute(
            update(actions)
            .where(actions.c.id == bindparam("b_id"), still_open)
            .values(done_at=now, reason=bindparam("b_reason")),
            closings,
        )
    if rewordings:
        session.execute(
            update(actions)
            .where(actions.c.id == bindparam("b_id"), still_open)
            .values(reason=bindparam("b_reason")),
            rewordings,
        )
    if replace_plans:
        session.execute(delete(_plans()).where(_plans().c.debtor_id.in_(list(facts_by_debtor))))
    if plans:
        session.execute(insert(_plans()), plans)
    changed, created, closed = len(statuses), len(new_actions), len(closings)
    return changed, created, closed


def stages(
    session: Session, debtor_ids: Sequence[int], today: date, cadence: CadenceSettings, language: str = "en"
) -> dict[int, StageInfo]:
    """The escalation stage of each debtor, from its facts (the debtor's file shows it)."""
    return {
        debtor_id: current_stage(facts, today, cadence, language)
        for debtor_id, facts in load_facts(session, debtor_ids).items()
    }


def refresh_if_due(
    session: Session,
    today: date,
    cadence: CadenceSettings,
    language: str = "en",
    now: datetime | None = None,
) -> bool:
    """The day's follow-up, once a day, planning only the debtors that need it; True if it ran.

    What happens in the tool (outcomes, payments, imports) plans its own debtors at once; what is
    left is the passing of time (the debtors whose ``replan_on`` has come) and what else was written
    since the last pass (the debtors in ``followup_dirty``: a call started and not finished, a
    program other than this tool). Both are planned here, and only them, unless the whole book must
    be (see the module's docstring). Within a day, the queue keeps the day's plan: a colleague's
    call in progress does not move its debtor.
    """
    run = runner(session)
    if is_current(run, today, cadence):
        return False
    serialize(session, REFRESHED_ON)  # one process runs the day's refresh, the others see it done
    _hold_marks(session)
    done_on, planned_with = state(run)
    if done_on == today.isoformat() and planned_with == basis(cadence):
        return False
    if done_on is None or done_on > today.isoformat() or planned_with != basis(cadence):
        refresh(session, today, cadence, language=language, now=now)
        return True
    plans, dirty = _plans().c, _dirty().c
    moved = select(plans.debtor_id).where(plans.replan_on <= today).union(select(dirty.debtor_id))
    candidates = set(session.scalars(moved))
    active = set(_active_among(session, candidates))
    # Nothing left to follow for the others: no plan kept, as planning the whole book would leave.
    gone = candidates - active
    for ids in _chunks(sorted(gone)):
        session.execute(delete(_plans()).where(plans.debtor_id.in_(ids)))
    refresh(session, today, cadence, sorted(active), language=language, now=now)
    session.execute(delete(_dirty()))
    mark_run(run, today)
    return True


def _hold_marks(session: Session) -> None:
    """On PostgreSQL, a writer's trigger waits for this transaction to end: no fact is marked, read
    here, then forgotten with the marks. (SQLite's writers wait for its single write lock.)"""
    if is_postgresql(session):
        session.execute(text("LOCK TABLE followup_dirty IN SHARE ROW EXCLUSIVE MODE"))


def _active_among(session: Session, debtor_ids: Iterable[int]) -> list[int]:
    found: list[int] = []
    for ids in _chunks(sorted(debtor_ids)):
        found += active_debtor_ids(session, ids)
    return found
