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

from sqlalchemy import Integer, case, cast, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from dunning_tui.domain.enums import Outcome, PromiseStatus
from dunning_tui.domain.money import from_cents
from dunning_tui.domain.payer import TREND_DAYS, PayerFigures
from dunning_tui.domain.report import (
    COLLECT_DAYS,
    DSO_DAYS,
    CallFact,
    CallFigures,
    Invoiced,
    Owed,
    PaymentFact,
    PromiseFact,
    Report,
    ScriptShape,
    call_figures,
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


def _calls(session: Session, start: datetime, end: datetime) -> list[CallFact]:
    from dunning_tui.script.path import ScriptPath

    c = t.Call
    query = select(
        c.id, c.debtor_id, c.started_at, c.ended_at, c.outcome, c.script_name, c.script_path
    ).where(c.started_at >= start, c.started_at < end, c.outcome.is_not(None))
    out = []
    for call_id, debtor_id, started, ended, outcome, script, path in session.execute(query):
        try:
            nodes = tuple(ScriptPath.from_json(path).nodes)
        except ValueError:
            nodes = ()  # a damaged path: the call still counts, its branches do not
        out.append(CallFact(call_id, debtor_id, started, ended, Outcome(str(outcome)), script, nodes))
    return out


def _promises(session: Session, start: datetime, end: datetime, grace_days: int) -> list[PromiseFact]:
    c, pr = t.Call, t.Promise
    query = (
        select(pr.call_id, pr.currency, pr.amount_cents, pr.promised_date, pr.status)
        .join(c, c.id == pr.call_id)
        .where(c.started_at >= start, c.started_at < end, c.outcome.is_not(None))
    )
    return [
        PromiseFact(
            call_id or 0, cur, from_cents(cents), day + timedelta(days=grace_days), PromiseStatus(status)
        )
        for call_id, cur, cents, day, status in session.execute(query)
    ]


def _payments_after_calls(session: Session, start: datetime, end: datetime, first: date) -> list[PaymentFact]:
    """Payments of the debtors called between ``start`` and ``end``, from ``first`` to 14 days after."""
    c, i, p = t.Call, t.Invoice, t.Payment
    called = select(c.debtor_id).where(c.started_at >= start, c.started_at < end, c.outcome.is_not(None))
    last = end.astimezone().date() + timedelta(days=COLLECT_DAYS)
    query = (
        select(i.debtor_id, p.paid_on, i.currency, p.amount_cents)
        .join(i, i.id == p.invoice_id)
        .where(p.paid_on >= first, p.paid_on <= last, i.debtor_id.in_(called))
    )
    return [PaymentFact(d, day, cur, from_cents(cents)) for d, day, cur, cents in session.execute(query)]


def calls_between(
    session: Session, start: datetime, end: datetime, today: date, grace_days: int
) -> tuple[CallFigures, list[CallFact], list[PromiseFact]]:
    """The figures of the calls started from ``start`` to before ``end`` (aware datetimes)."""
    calls = _calls(session, start, end)
    promises = _promises(session, start, end, grace_days)
    payments = _payments_after_calls(session, start, end, start.astimezone().date())
    return call_figures(calls, promises, payments, today), calls, promises


# -- who pays -----------------------------------------------------------------------------------


def _days(later: Any, earlier: Any, dialect: str) -> ColumnElement[Any]:
    """Whole days from ``earlier`` to ``later`` (two date columns)."""
    if dialect == "sqlite":
        return cast(func.julianday(later) - func.julianday(earlier), Integer)
    return cast(later - earlier, Integer)


def payer_figures(
    session: Session, as_of: date, debtor_ids: Sequence[int] | None = None
) -> dict[int, PayerFigures]:
    """The payer figures of some debtors (all with a promise or an invoice when ``debtor_ids`` is
    None), at ``as_of``, by debtor id."""
    dialect = session.get_bind().dialect.name
    i, p, pr, d = t.Invoice, t.Payment, t.Promise, t.Debtor
    ids = list(debtor_ids) if debtor_ids is not None else None

    def only(column: Any) -> ColumnElement[bool]:
        return column.in_(ids) if ids is not None else literal(True)

    out: dict[int, dict[str, Any]] = {}

    def row(debtor_id: int) -> dict[str, Any]:
        return out.setdefault(debtor_id, {})

    statuses = (
        select(pr.debtor_id, pr.status, func.count())
        .where(only(pr.debtor_id))
        .group_by(pr.debtor_id, pr.status)
    )
    for debtor_id, status, n in session.execute(statuses):
        fields = row(debtor_id)
        fields[f"promises_{status}"] = n
        if status != PromiseStatus.CANCELLED.value:
            fields["promises_made"] = fields.get("promises_made", 0) + n

    # The day each paid invoice was settled: the payment that brought the running sum to its total.
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
        .where(
            only(i.debtor_id),
            i.status.in_(OPEN_STATUSES),
            i.total_cents > 0,
            i.paid_cents >= i.total_cents,
            p.paid_on <= as_of,
        )
        .subquery()
    )
    settled = (
        select(running.c.debtor_id, running.c.due_date, func.min(running.c.paid_on).label("settled_on"))
        .where(running.c.run >= running.c.total_cents)
        .group_by(running.c.invoice_id, running.c.debtor_id, running.c.due_date)
        .subquery()
    )
    late = _days(settled.c.settled_on, settled.c.due_date, dialect)
    lateness = case((late > 0, late), else_=0)
    recent = settled.c.settled_on > as_of - timedelta(days=TREND_DAYS)
    paid = select(
        settled.c.debtor_id,
        func.count(),
        func.sum(case((late > 0, 1), else_=0)),
        func.sum(lateness),
        func.sum(case((recent, lateness), else_=0)),
        func.sum(case((recent, 1), else_=0)),
    ).group_by(settled.c.debtor_id)
    for debtor_id, n, n_late, days, recent_days, recent_n in session.execute(paid):
        fields = row(debtor_id)
        fields.update(
            paid_invoices=n,
            paid_late=int(n_late),
            days_late=int(days),
            recent_days=int(recent_days),
            recent_count=int(recent_n),
            earlier_days=int(days) - int(recent_days),
            earlier_count=n - int(recent_n),
        )

    overdue = select(i.debtor_id, func.count(), func.sum(_days(literal(as_of), i.due_date, dialect))).where(
        only(i.debtor_id),
        i.status.in_(OPEN_STATUSES),
        i.paid_cents < i.total_cents,
        i.due_date < as_of,
    )
    for debtor_id, n, days in session.execute(overdue.group_by(i.debtor_id)):
        fields = row(debtor_id)
        fields["late_now"] = n
        fields["recent_days"] = fields.get("recent_days", 0) + int(days)
        fields["recent_count"] = fields.get("recent_count", 0) + n

    names = dict(session.execute(select(d.id, d.name).where(d.id.in_(list(out)))).all()) if out else {}
    keep = set(PayerFigures.__dataclass_fields__)
    return {
        debtor_id: PayerFigures(
            debtor_id, names.get(debtor_id, ""), **{k: v for k, v in f.items() if k in keep}
        )
        for debtor_id, f in out.items()
    }


# -- the whole report ---------------------------------------------------------------------------


def build_report(
    session: Session,
    since: date,
    until: date,
    today: date,
    grace_days: int,
    shapes: Mapping[str, ScriptShape],
    block_start: datetime | None = None,
) -> Report:
    """The report of the calls from ``since`` to ``until`` (local days, both included), the money
    at ``until`` and at the previous month ends, and this block's calls since ``block_start``."""
    start, end = local_start(since), local_start(until + timedelta(days=1))
    period, calls, promises = calls_between(session, start, end, today, grace_days)
    block = None
    if block_start is not None:
        block = calls_between(session, block_start, end, today, grace_days)[0]
    days = [until, *month_ends(until, TREND_MONTHS)]
    owed = _owed(session, days[-1], days)
    invoiced = _invoiced(session, days[-1] - timedelta(days=DSO_DAYS), until)
    snapshots = tuple(money_snapshot(owed, invoiced, day) for day in days)
    first_week = week_start(until) - timedelta(weeks=WEEKS - 1)
    collected = weekly(_received(session, first_week, until), first_week, until)
    called = sorted({c.debtor_id for c in calls})
    payers = payer_figures(session, until, called) if called else {}
    return Report(
        since=since,
        until=until,
        period=period,
        snapshots=snapshots,
        week_starts=tuple(first_week + timedelta(weeks=n) for n in range(WEEKS)),
        collected=collected,
        branches=tuple(script_branches(calls, promises, shapes, today)),
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
