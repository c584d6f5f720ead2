"""The report's facts, read with a few aggregating queries (the figures are defined in
``domain/report.py`` and ``domain/payer.py``).

Dates are compared as dates (bound parameters), never computed in SQL, except the days from a due
date to the payment that settled it, which the payer figures add up per debtor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import suppress
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, Select, and_, case, cast, func, literal, select, union_all
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

OPEN_STATUSES = ("open", "disputed")
TREND_MONTHS = 6
"""How many previous month ends the ageing trend shows."""
WEEKS = 26
"""How many weeks the money-collected line shows."""


def local_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in local time, as UTC."""
    return datetime.combine(day, time()).astimezone().astimezone(UTC)


# -- where the money stands ---------------------------------------------------------------------


def _owed(session: Session, first: date, snapshots: Sequence[date]) -> list[Owed]:
    """Balances still owed (now), and the payments after ``first`` as amounts owed until then.

    A payment is given as owed until the first snapshot day on or after it: exact for those days
    (see :class:`~dunning_tui.domain.report.Owed`), and a few rows instead of one per payment.
    """
    i, p = t.Invoice, t.Payment
    open_now = (
        select(i.currency, i.issue_date, i.due_date, func.sum(i.total_cents - i.paid_cents))
        .where(i.status.in_(OPEN_STATUSES), i.paid_cents < i.total_cents)
        .group_by(i.currency, i.issue_date, i.due_date)
    )
    out = [
        Owed(cur, issued, due, from_cents(int(cents)))
        for cur, issued, due, cents in session.execute(open_now)
    ]
    days = sorted(set(snapshots))
    # The first snapshot day on or after the payment (payments after the last one: never).
    until = case(*((p.paid_on <= day, literal(day)) for day in days), else_=None)
    paid_later = (
        select(i.currency, i.issue_date, i.due_date, until.label("until"), func.sum(p.amount_cents))
        .join(i, i.id == p.invoice_id)
        .where(p.paid_on > first, i.status.in_(OPEN_STATUSES))
        .group_by(i.currency, i.issue_date, i.due_date, until)
    )
    for cur, issued, due, owed_until, cents in session.execute(paid_later):
        day = _as_date(owed_until) if owed_until is not None else None
        out.append(Owed(cur, issued, due, from_cents(int(cents)), day))
    return out


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _invoiced(session: Session, first: date, last: date) -> list[Invoiced]:
    i = t.Invoice
    query = (
        select(i.currency, i.issue_date, func.sum(i.total_cents))
        .where(i.issue_date > first, i.issue_date <= last, i.status.in_(OPEN_STATUSES))
        .group_by(i.currency, i.issue_date)
    )
    return [Invoiced(cur, day, from_cents(int(cents))) for cur, day, cents in session.execute(query)]


def _received(session: Session, first: date, last: date) -> list[tuple[str, date, Any]]:
    i, p = t.Invoice, t.Payment
    query = (
        select(i.currency, p.paid_on, func.sum(p.amount_cents))
        .join(i, i.id == p.invoice_id)
        .where(p.paid_on >= first, p.paid_on <= last)
        .group_by(i.currency, p.paid_on)
    )
    return [(cur, day, from_cents(int(cents))) for cur, day, cents in session.execute(query)]


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
    session: Session, start: datetime, end: datetime, today: date, delay_days: int
) -> tuple[CallFigures, list[BranchCount]]:
    """The figures of the calls started from ``start`` to before ``end`` (aware datetimes), and
    their steps through the scripts, added up in SQL (definitions in ``domain/report.py``)."""
    dialect = session.get_bind().dialect.name
    c, pr, i, p = t.Call, t.Promise, t.Invoice, t.Payment
    in_period = and_(c.started_at >= start, c.started_at < end, c.outcome.is_not(None))
    promised_call = c.outcome.in_([o.value for o in PROMISE_OUTCOMES])
    reached = c.outcome.not_in([o.value for o in NOT_REACHED])
    calls, n_reached, n_promised, seconds = session.execute(
        select(
            func.count(),
            func.sum(case((reached, 1), else_=0)),
            func.sum(case((promised_call, 1), else_=0)),
            func.sum(_seconds(func.coalesce(c.ended_at, c.started_at), c.started_at, dialect)),
        ).where(in_period)
    ).one()
    promised = {
        cur: from_cents(int(cents))
        for cur, cents in session.execute(
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
        session.execute(
            select(pr.status, func.count())
            .join(c, c.id == pr.call_id)
            .where(in_period, passed, resolved)
            .group_by(pr.status)
        ).all()
    )
    # A call of the debtor on the payment's day or in the 14 days before (its UTC day): one range
    # of the (debtor_id, started_at) index.
    called = (
        select(c.id)
        .where(in_period, c.debtor_id == i.debtor_id)
        .where(c.started_at < _days_after(p.paid_on, 1, dialect))
        .where(c.started_at >= _days_after(p.paid_on, -COLLECT_DAYS, dialect))
    )
    first = start.astimezone(UTC).date()
    last = end.astimezone(UTC).date() + timedelta(days=COLLECT_DAYS)
    collected = {
        cur: from_cents(int(cents))
        for cur, cents in session.execute(
            select(i.currency, func.sum(p.amount_cents))
            .join(i, i.id == p.invoice_id)
            .where(p.paid_on >= first, p.paid_on <= last, called.exists())
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
    return figures, _branch_counts(session, in_period, passed, resolved, promised_call)


def _branch_counts(
    session: Session,
    in_period: ColumnElement[bool],
    passed: ColumnElement[bool],
    resolved: ColumnElement[bool],
    promised_call: ColumnElement[bool],
) -> list[BranchCount]:
    c, pr, step = t.Call, t.Promise, t.CallStep
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
        for script, node, nxt, calls, n_promised, n_settled, n_kept in session.execute(query)
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
    i, p, pr, d = t.Invoice, t.Payment, t.Promise, t.Debtor
    ids = list(debtor_ids) if isinstance(debtor_ids, Sequence) else debtor_ids

    def only(column: Any) -> ColumnElement[bool]:
        return column.in_(ids) if ids is not None else literal(True)

    # Per debtor, the figures in PayerFigures' order after its id and name (see _FIGURES).
    out: dict[int, list[int]] = {}

    def row(debtor_id: int) -> list[int]:
        found = out.get(debtor_id)
        if found is None:
            found = out[debtor_id] = [0] * len(_FIGURES)
        return found

    statuses = (
        select(pr.debtor_id, pr.status, func.count())
        .where(only(pr.debtor_id))
        .group_by(pr.debtor_id, pr.status)
    )
    for debtor_id, status, n in session.execute(statuses):
        fields = row(debtor_id)
        if status != PromiseStatus.CANCELLED.value:
            fields[_MADE] += n
            if (index := _STATUS_FIELD.get(status)) is not None:
                fields[index] = n

    # The day each paid invoice was settled: when its payments' running sum reached its total. When
    # they add up to the total exactly (nearly always: ``paid_cents`` is their sum), that is the day
    # of the last one; only overpaid invoices need the running sum.
    paid_invoice = and_(only(i.debtor_id), i.status.in_(OPEN_STATUSES), i.total_cents > 0)
    exact = (
        select(i.debtor_id, i.due_date, func.max(p.paid_on).label("settled_on"))
        .join(p, p.invoice_id == i.id)
        .where(paid_invoice, i.paid_cents == i.total_cents, p.paid_on <= as_of)
        .group_by(i.id, i.debtor_id, i.due_date, i.total_cents)
        .having(func.sum(p.amount_cents) == i.total_cents)
    )
    running = (
        select(
            i.id.label("invoice_id"),
            i.debtor_id,
            i.due_date,
            i.total_cents,
            p.paid_on,
            func.sum(p.amount_cents).over(partition_by=i.id, order_by=(p.paid_on, p.id)).label("run"),
        )
        .join(p, p.invoice_id == i.id)
        .where(paid_invoice, i.paid_cents > i.total_cents, p.paid_on <= as_of)
        .subquery()
    )
    overpaid = (
        select(running.c.debtor_id, running.c.due_date, func.min(running.c.paid_on).label("settled_on"))
        .where(running.c.run >= running.c.total_cents)
        .group_by(running.c.invoice_id, running.c.debtor_id, running.c.due_date)
    )
    settled = union_all(exact, overpaid).subquery()
    # Each invoice's days late, worked out once (the sums below read the column).
    late = _days(settled.c.settled_on, settled.c.due_date, dialect)
    lateness = select(
        settled.c.debtor_id,
        settled.c.settled_on,
        case((late > 0, late), else_=0).label("days"),
    ).subquery()
    recent = lateness.c.settled_on > as_of - timedelta(days=TREND_DAYS)
    paid = select(
        lateness.c.debtor_id,
        func.count(),
        func.sum(case((lateness.c.days > 0, 1), else_=0)),
        func.sum(lateness.c.days),
        func.sum(case((recent, lateness.c.days), else_=0)),
        func.sum(case((recent, 1), else_=0)),
    ).group_by(lateness.c.debtor_id)
    for debtor_id, n, n_late, total, recent_total, recent_count in session.execute(paid):
        days, lately, lately_n = int(total), int(recent_total), int(recent_count)
        row(debtor_id)[_PAID : _PAID + 7] = [
            n,
            int(n_late),
            days,
            lately,
            lately_n,
            days - lately,
            n - lately_n,
        ]

    overdue = select(i.debtor_id, func.count(), func.sum(_days(literal(as_of), i.due_date, dialect))).where(
        only(i.debtor_id),
        i.status.in_(OPEN_STATUSES),
        i.paid_cents < i.total_cents,
        i.due_date < as_of,
    )
    for debtor_id, n, days in session.execute(overdue.group_by(i.debtor_id)):
        fields = row(debtor_id)
        fields[_LATE_NOW] = n
        fields[_RECENT_DAYS] += int(days)
        fields[_RECENT_COUNT] += n

    names = dict(session.execute(select(d.id, d.name).where(only(d.id))).all()) if out else {}
    return {debtor_id: PayerFigures(debtor_id, names.get(debtor_id, ""), *f) for debtor_id, f in out.items()}


_FIGURES = tuple(PayerFigures.__dataclass_fields__)[2:]
"""PayerFigures' counts, in order (after the debtor's id and name)."""
_MADE = _FIGURES.index("promises_made")
_STATUS_FIELD = {
    status.value: _FIGURES.index(f"promises_{status.value}")
    for status in PromiseStatus
    if f"promises_{status.value}" in _FIGURES
}
_PAID = _FIGURES.index("paid_invoices")
_LATE_NOW = _FIGURES.index("late_now")
_RECENT_DAYS = _FIGURES.index("recent_days")
_RECENT_COUNT = _FIGURES.index("recent_count")
assert _FIGURES[_PAID : _PAID + 7] == (
    "paid_invoices",
    "paid_late",
    "days_late",
    "recent_days",
    "recent_count",
    "earlier_days",
    "earlier_count",
)


# -- the whole report ---------------------------------------------------------------------------


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
        block = calls_between(session, block_start, end, today, delay_days)[0]
    days = [until, *month_ends(until, TREND_MONTHS)]
    owed = _owed(session, days[-1], days)
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
