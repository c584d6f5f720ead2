"""The report's facts, read with a few aggregating queries (the figures are defined in
``domain/report.py`` and ``domain/payer.py``).

What would mean reading every payment, paid invoice and script step is kept as the data is written
(``store/kept.py``): each invoice's settlement day, each payment's last call before it, each call's
promises, and the calls through each script step per day.

Dates are compared as dates (bound parameters), never computed in SQL, except the days from a due
date to the day the invoice was settled, which the payer figures add up per debtor.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, Select, and_, case, cast, func, literal, literal_column, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from dunning_tui.domain.enums import PromiseStatus
from dunning_tui.domain.escalation import NOT_REACHED
from dunning_tui.domain.money import from_cents
from dunning_tui.domain.payer import TREND_DAYS, PayerFigures
from dunning_tui.domain.report import (
    COLLECT_DAYS,
    DSO_DAYS,
    PROMISE_OUTCOMES,
    RESOLVED,
    BranchCount,
    CallFigures,
    Invoiced,
    Owed,
    Report,
    ScriptShape,
    money_snapshot,
    month_ends,
    payer_order,
    script_branches,
    week_start,
    weekly,
)
from dunning_tui.store import tables as t
from dunning_tui.store.kept import KEPT_ALL, PROMISED, RESOLVED_ALL, state_sql
from dunning_tui.store.queue_cache import UNPAID_SQL

OPEN_STATUSES = ("open", "disputed")
TREND_MONTHS = 6
"""How many previous month ends the ageing trend shows."""
WEEKS = 26
"""How many weeks the money-collected line shows."""


def local_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in local time, as UTC."""
    return datetime.combine(day, time()).astimezone().astimezone(UTC)


# -- where the money stands ---------------------------------------------------------------------


def _owed(session: Session, days: Sequence[date]) -> list[Owed]:
    """Balances still owed (now), and the payments after the first of ``days`` as amounts owed until
    the first of ``days`` on or after them: exact for those days (see
    :class:`~dunning_tui.domain.report.Owed`), and a few rows instead of one per payment.

    ``days``: a last day and the ends of the months before its month, the oldest first. Payments
    are kept per month (``paid_months``): those of a month before the last day's month are owed
    until the month's end, those of a later month at every day; only those of the last day's month
    are read one by one.
    """
    run = session.connection().execute
    kd, pm, i, p = t.InvoiceDay, t.PaidMonth, t.Invoice, t.Payment
    first, last = days[0], days[-1]
    this_month = last.replace(day=1)
    next_month = (this_month + timedelta(days=31)).replace(day=1)
    out = [
        Owed(cur, issued, due, from_cents(int(cents)))
        for cur, issued, due, cents in run(
            select(kd.currency, kd.issue_date, kd.due_date, kd.unpaid_cents).where(kd.unpaid_cents > 0)
        )
    ]
    months = select(pm.currency, pm.issue_date, pm.due_date, pm.month, pm.paid_cents).where(
        pm.month > first, pm.month != this_month, pm.paid_cents != 0
    )
    for cur, issued, due, month, cents in run(months):
        paid_in = _as_date(month)
        owed_until = _month_end(paid_in) if paid_in < this_month else None
        out.append(Owed(cur, issued, due, from_cents(int(cents)), owed_until))
    # The last day's month: owed until the last day, or at every day when paid after it.
    until = case((p.paid_on <= last, literal(last)), else_=None)
    paid_later = (
        select(i.currency, i.issue_date, i.due_date, until.label("until"), func.sum(p.amount_cents))
        .join(i, i.id == p.invoice_id)
        .where(p.paid_on >= this_month, p.paid_on < next_month, i.status.in_(OPEN_STATUSES))
        .group_by(i.currency, i.issue_date, i.due_date, until)
    )
    for cur, issued, due, owed_until, cents in run(paid_later):
        day = _as_date(owed_until) if owed_until is not None else None
        out.append(Owed(cur, issued, due, from_cents(int(cents)), day))
    return out


def _month_end(month: date) -> date:
    return (month + timedelta(days=31)).replace(day=1) - timedelta(days=1)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _invoiced(session: Session, first: date, last: date) -> list[Invoiced]:
    kd = t.InvoiceDay
    query = (
        select(kd.currency, kd.issue_date, func.sum(kd.invoiced_cents))
        .where(kd.issue_date > first, kd.issue_date <= last)
        .group_by(kd.currency, kd.issue_date)
    )
    return [
        Invoiced(cur, day, from_cents(int(cents))) for cur, day, cents in session.connection().execute(query)
    ]


def _received(session: Session, first: date, last: date) -> list[tuple[str, date, Any]]:
    rd = t.ReceivedDay
    query = select(rd.currency, rd.paid_on, rd.paid_cents).where(
        rd.paid_on >= first, rd.paid_on <= last, rd.paid_cents != 0
    )
    return [(cur, day, from_cents(int(cents))) for cur, day, cents in session.connection().execute(query)]


# -- the calls of a period ----------------------------------------------------------------------


def _seconds(later: Any, earlier: Any, dialect: str) -> ColumnElement[Any]:
    """Seconds from ``earlier`` to ``later`` (two timestamp columns)."""
    if dialect == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 86400.0
    return func.extract("epoch", later - earlier)


def _days_after(day: Any, days: int, dialect: str) -> ColumnElement[Any]:
    """The day ``days`` after a date column (negative: before), to compare with a timestamp."""
    if dialect == "sqlite":
        return func.date(day, f"{days:+d} days")
    return day + days  # type: ignore[no-any-return]


def calls_between(
    session: Session, start: datetime, end: datetime, today: date, delay_days: int, steps: bool = True
) -> tuple[CallFigures, list[BranchCount]]:
    """The figures of the calls started from ``start`` to before ``end`` (aware datetimes), and
    (unless not ``steps``) their steps through the scripts, added up in SQL (definitions in
    ``domain/report.py``)."""
    dialect = session.get_bind().dialect.name
    c, pr, i, p = t.Call, t.Promise, t.Invoice, t.Payment
    in_period = and_(c.started_at >= start, c.started_at < end, c.outcome.is_not(None))
    promised_call = c.outcome.in_([o.value for o in PROMISE_OUTCOMES])
    reached = c.outcome.not_in([o.value for o in NOT_REACHED])
    calls, n_reached, n_promised, seconds = (
        session.connection()
        .execute(
            select(
                func.count(),
                func.sum(case((reached, 1), else_=0)),
                func.sum(case((promised_call, 1), else_=0)),
                func.sum(_seconds(func.coalesce(c.ended_at, c.started_at), c.started_at, dialect)),
            ).where(in_period)
        )
        .one()
    )
    promised = {
        cur: from_cents(int(cents))
        for cur, cents in session.connection().execute(
            select(pr.currency, func.sum(pr.amount_cents))
            .join(c, c.id == pr.call_id)
            .where(in_period, promised_call)
            .group_by(pr.currency)
        )
    }
    # A promise's deadline (its date plus the bank delay days) has passed when its date is before this.
    passed = pr.promised_date < today - timedelta(days=delay_days)
    resolved = pr.status.in_([s.value for s in RESOLVED])
    statuses = dict(
        session.connection()
        .execute(
            select(pr.status, func.count())
            .join(c, c.id == pr.call_id)
            .where(in_period, passed, resolved)
            .group_by(pr.status)
        )
        .all()
    )
    # A call of the period of the debtor on the payment's day or in the 14 days before (its UTC
    # day). The payment keeps the start of the debtor's last call by then: none can count if it is
    # before the period or those days. If it is in the period, it counts; only if it is after the
    # period (the payment is dated after the period's end) are the calls looked up.
    last_call = p.last_call_at
    may_count = and_(last_call >= start, last_call >= _days_after(p.paid_on, -COLLECT_DAYS, dialect))
    called = (
        select(c.id)
        .where(in_period, c.debtor_id == i.debtor_id)
        .where(c.started_at < _days_after(p.paid_on, 1, dialect))
        .where(c.started_at >= _days_after(p.paid_on, -COLLECT_DAYS, dialect))
    )
    counted = case((last_call >= end, called.exists()), else_=literal(True))
    first = start.astimezone(UTC).date()
    last = end.astimezone(UTC).date() + timedelta(days=COLLECT_DAYS)
    collected = {
        cur: from_cents(int(cents))
        for cur, cents in session.connection().execute(
            select(i.currency, func.sum(p.amount_cents))
            .join(i, i.id == p.invoice_id)
            .where(p.paid_on >= first, p.paid_on <= last, may_count, counted)
            .group_by(i.currency)
        )
    }
    figures = CallFigures(
        calls=calls,
        reached=int(n_reached or 0),
        promises=int(n_promised or 0),
        promised=dict(sorted(promised.items())),
        due=sum(statuses.values()),
        kept=statuses.get(PromiseStatus.KEPT.value, 0),
        partly_kept=statuses.get(PromiseStatus.PARTLY_KEPT.value, 0),
        broken=statuses.get(PromiseStatus.BROKEN.value, 0),
        collected=dict(sorted(collected.items())),
        phone_seconds=float(round(seconds or 0)),  # julianday() is exact to the millisecond only
    )
    return figures, (branch_counts(session, start, end, today - timedelta(days=delay_days)) if steps else [])


def branch_counts(session: Session, start: datetime, end: datetime, cutoff: date) -> list[BranchCount]:
    """The steps through the scripts of the calls started from ``start`` to before ``end``; a
    promise's deadline has passed when its date is before ``cutoff``.

    The whole UTC days of the period are read from the counts kept per day (``call_step_days``),
    the parts of a day at either end from the calls themselves.
    """
    first, last = start.astimezone(UTC), end.astimezone(UTC)
    whole_from = datetime.combine(first.date(), time(), UTC)
    if whole_from < first:
        whole_from += timedelta(days=1)
    whole_to = datetime.combine(last.date(), time(), UTC)
    if whole_from >= whole_to:
        return _steps_of_calls(session, start, end, cutoff)
    return [
        *_steps_of_calls(session, start, whole_from, cutoff),
        *_steps_of_days(session, whole_from, whole_to, cutoff),
        *_steps_of_calls(session, whole_to, end, cutoff),
    ]


def _steps_of_days(session: Session, start: datetime, end: datetime, cutoff: date) -> list[BranchCount]:
    """The counts kept per day from ``start`` to before ``end`` (UTC midnights)."""
    sd, c, step = t.CallStepDay, t.Call, t.CallStep

    def calls_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
        return func.sum(case((condition, sd.calls), else_=0))

    kept_days = (
        select(
            sd.script_name,
            sd.node,
            sd.next_node,
            func.sum(sd.calls),
            calls_if(sd.state >= PROMISED),
            calls_if(sd.state >= RESOLVED_ALL),
            calls_if(sd.state == KEPT_ALL),
        )
        .where(sd.day >= start.date(), sd.day < end.date())
        .group_by(sd.script_name, sd.node, sd.next_node)
    )
    out = [
        BranchCount(script, node, nxt, int(calls), int(promised), int(settled), int(kept))
        for script, node, nxt, calls, promised, settled, kept in session.connection().execute(kept_days)
    ]
    # The days count a call as settled when its promises are all kept, partly kept or broken; it is
    # not yet when one of their deadlines has not passed: those few are taken off.
    state: ColumnElement[int] = literal_column(state_sql(c.__tablename__), Integer)
    not_passed = (
        select(
            c.script_name,
            step.node,
            step.next_node,
            func.count(),
            func.sum(case((state == KEPT_ALL, 1), else_=0)),
        )
        .join(step, step.call_id == c.id)
        .where(c.promise_last >= cutoff, c.started_at >= start, c.started_at < end, c.outcome.is_not(None))
        .where(state >= RESOLVED_ALL)
        .group_by(c.script_name, step.node, step.next_node)
    )
    out += [
        BranchCount(script, node, nxt, 0, 0, -int(n), -int(kept))
        for script, node, nxt, n, kept in session.connection().execute(not_passed)
    ]
    return out


def _steps_of_calls(session: Session, start: datetime, end: datetime, cutoff: date) -> list[BranchCount]:
    """The steps of the calls started from ``start`` to before ``end``, read from the calls."""
    if start >= end:
        return []
    c, pr, step = t.Call, t.Promise, t.CallStep
    in_period = and_(c.started_at >= start, c.started_at < end, c.outcome.is_not(None))
    promised_call = c.outcome.in_([o.value for o in PROMISE_OUTCOMES])
    passed = pr.promised_date < cutoff
    resolved = pr.status.in_([s.value for s in RESOLVED])
    # Per call of the period: its promises, those whose deadline passed, and those kept then.
    per_call = (
        select(
            pr.call_id,
            func.count().label("n"),
            func.sum(case((and_(passed, resolved), 1), else_=0)).label("settled"),
            func.sum(case((and_(passed, pr.status == PromiseStatus.KEPT.value), 1), else_=0)).label("kept"),
        )
        .join(c, c.id == pr.call_id)
        .where(in_period)
        .group_by(pr.call_id)
        .subquery()
    )
    promised = and_(promised_call, per_call.c.n > 0)
    settled = and_(promised, per_call.c.settled == per_call.c.n)
    query = (
        select(
            c.script_name,
            step.node,
            step.next_node,
            func.count(),
            func.sum(case((promised, 1), else_=0)),
            func.sum(case((settled, 1), else_=0)),
            func.sum(case((and_(settled, per_call.c.kept == per_call.c.n), 1), else_=0)),
        )
        .join(c, c.id == step.call_id)
        .outerjoin(per_call, per_call.c.call_id == c.id)
        .where(in_period)
        .group_by(c.script_name, step.node, step.next_node)
    )
    return [
        BranchCount(script, node, nxt, calls, int(n_promised), int(n_settled), int(n_kept))
        for script, node, nxt, calls, n_promised, n_settled, n_kept in session.connection().execute(query)
    ]


# -- who pays -----------------------------------------------------------------------------------


def _days(later: Any, earlier: Any, dialect: str) -> ColumnElement[Any]:
    """Whole days from ``earlier`` to ``later`` (two date columns)."""
    if dialect == "sqlite":
        return cast(func.julianday(later) - func.julianday(earlier), Integer)
    return cast(later - earlier, Integer)


def payer_figures(
    session: Session, as_of: date, debtor_ids: Sequence[int] | Select[Any] | None = None
) -> dict[int, PayerFigures]:
    """The payer figures of some debtors (a list of ids, or a query giving them; all with a promise
    or an invoice when None), at ``as_of``, by debtor id."""
    dialect = session.get_bind().dialect.name
    i, pr, d = t.Invoice, t.Promise, t.Debtor
    wanted: set[int] | None = None
    if isinstance(debtor_ids, Select):
        wanted = set(session.connection().scalars(debtor_ids.distinct()))
        # Most of the book: reading every debtor's rows once costs less than looking each one up.
        ids: list[int] | None = sorted(wanted) if len(wanted) <= _LOOKED_UP else None
    else:
        ids = list(debtor_ids) if debtor_ids is not None else None

    def only(column: Any) -> ColumnElement[bool]:
        return column.in_(ids) if ids is not None else literal(True)

    run = session.connection().execute
    # Per debtor: promises made, kept, partly kept, broken, pending.
    promises: dict[int, list[int]] = {}
    statuses = (
        select(pr.debtor_id, pr.status, func.count())
        .where(only(pr.debtor_id))
        .group_by(pr.debtor_id, pr.status)
    )
    for debtor_id, status, n in run(statuses).all():
        counts = promises.get(debtor_id)
        if counts is None:
            counts = promises[debtor_id] = [0, 0, 0, 0, 0]
        if status != PromiseStatus.CANCELLED.value:
            counts[0] += n
            if (index := _STATUS_INDEX.get(status)) is not None:
                counts[index] = n

    # The paid invoices: settled (their payments reached their total, ``store/kept.py``) by as_of,
    # with their days late (none when settled by the due date).
    is_late = i.settled_on > i.due_date
    days_late = case((is_late, _days(i.settled_on, i.due_date, dialect)), else_=0)
    recent = i.settled_on > as_of - timedelta(days=TREND_DAYS)
    paid_query = (
        select(
            i.debtor_id,
            func.count(),
            func.sum(case((is_late, 1), else_=0)),
            func.sum(days_late),
            func.sum(case((recent, days_late), else_=0)),
            func.sum(case((recent, 1), else_=0)),
        )
        .where(only(i.debtor_id), i.settled_on <= as_of, i.status.in_(OPEN_STATUSES))
        .group_by(i.debtor_id)
    )
    paid = {row[0]: row for row in run(paid_query).all()}
    # The open invoices past due (read from the queue's partial index of unpaid invoices).
    overdue_query = (
        select(i.debtor_id, func.count(), func.sum(_days(literal(as_of), i.due_date, dialect)))
        .where(only(i.debtor_id), text(UNPAID_SQL), i.due_date < as_of)
        .group_by(i.debtor_id)
    )
    overdue = {row[0]: row for row in run(overdue_query).all()}

    found = promises.keys() | paid.keys() | overdue.keys()
    if wanted is not None:
        found &= wanted
    names = dict(run(select(d.id, d.name).where(only(d.id))).all()) if found else {}
    out = {}
    no_promises, not_paid, not_overdue = [0, 0, 0, 0, 0], (0, 0, 0, 0, 0, 0), (0, 0, 0)
    for debtor_id in sorted(found):
        made, kept, partly_kept, broken, pending = promises.get(debtor_id, no_promises)
        _id, n_paid, n_late, days, recent_days, recent_count = paid.get(debtor_id, not_paid)
        _id, late_now, overdue_days = overdue.get(debtor_id, not_overdue)
        out[debtor_id] = PayerFigures(
            debtor_id=debtor_id,
            name=names.get(debtor_id, ""),
            promises_made=made,
            promises_kept=kept,
            promises_partly_kept=partly_kept,
            promises_broken=broken,
            promises_pending=pending,
            paid_invoices=n_paid,
            paid_late=int(n_late),
            days_late=int(days),
            # The recent ones: the invoices paid lately and those overdue now.
            recent_days=int(recent_days) + int(overdue_days),
            recent_count=int(recent_count) + late_now,
            earlier_days=int(days) - int(recent_days),
            earlier_count=n_paid - int(recent_count),
            late_now=late_now,
        )
    return out


_LOOKED_UP = 1000
"""Up to this many debtors, their payer figures are read debtor by debtor; beyond, all are read."""
_STATUS_INDEX = {
    PromiseStatus.KEPT.value: 1,
    PromiseStatus.PARTLY_KEPT.value: 2,
    PromiseStatus.BROKEN.value: 3,
    PromiseStatus.PENDING.value: 4,
}
"""Where each status is counted in a debtor's promises (after those made)."""


# -- the whole report ---------------------------------------------------------------------------


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Without Python's cycle collector meanwhile: the report's tens of thousands of rows all stay
    alive until it is built, and the collector would walk every object of the process several
    times for nothing (a quarter of the report's time). The rows hold no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_no_cycle_collection()
def build_report(
    session: Session,
    since: date,
    until: date,
    today: date,
    delay_days: int,
    shapes: Mapping[str, ScriptShape],
    block_start: datetime | None = None,
) -> Report:
    """The report of the calls from ``since`` to ``until`` (local days, both included), the money
    at ``until`` and at the previous month ends, and this block's calls since ``block_start``."""
    start, end = local_start(since), local_start(until + timedelta(days=1))
    period, counts = calls_between(session, start, end, today, delay_days)
    block = None
    if block_start is not None:
        block = calls_between(session, block_start, end, today, delay_days, steps=False)[0]
    days = [until, *month_ends(until, TREND_MONTHS)]
    owed = _owed(session, sorted(days))
    invoiced = _invoiced(session, days[-1] - timedelta(days=DSO_DAYS), until)
    snapshots = tuple(money_snapshot(owed, invoiced, day) for day in days)
    first_week = week_start(until) - timedelta(weeks=WEEKS - 1)
    collected = weekly(_received(session, first_week, until), first_week, until)
    c = t.Call
    called = select(c.debtor_id).where(c.started_at >= start, c.started_at < end, c.outcome.is_not(None))
    payers = payer_figures(session, until, called)
    return Report(
        since=since,
        until=until,
        period=period,
        snapshots=snapshots,
        week_starts=tuple(first_week + timedelta(weeks=n) for n in range(WEEKS)),
        collected=collected,
        branches=tuple(script_branches(counts, shapes)),
        payers=tuple(sorted(payers.values(), key=payer_order)),
        block=block,
    )


def script_shapes(settings_script: Path | None) -> dict[str, ScriptShape]:
    """The default scripts and the user's own, by name (the name each call stores)."""
    from dunning_tui.errors import UserError
    from dunning_tui.script.loader import DEFAULT_LANGUAGES, default_script, load_script

    scripts = [default_script(code) for code in DEFAULT_LANGUAGES]
    if settings_script is not None:
        # A script that no longer loads: its calls are still counted, named by their node ids.
        with suppress(UserError):
            scripts.append(load_script(settings_script.expanduser()))
    return {
        s.name: ScriptShape(
            s.name,
            s.language,
            {key: node.title for key, node in s.nodes.items()},
            {key: tuple((a.label, a.to) for a in node.answers) for key, node in s.nodes.items()},
        )
        for s in scripts
    }
