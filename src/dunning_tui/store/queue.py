"""The call queue: who to call on a given day, most urgent first.

The work happens in SQL: open unpaid invoices are read from the partial covering index
``ix_invoices_open_queue`` and aggregated per debtor *before* joining debtors; due next actions
are aggregated the same way; the rows come back already in the order of
:mod:`dunning_tui.domain.priority` (tier, amount overdue, days late, id), so a screen asks for one
page and Python scores only the rows it shows.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, func, literal_column, or_, select
from sqlalchemy.orm import Session

from dunning_tui.domain.enums import ActionKind
from dunning_tui.domain.models import QueueEntry
from dunning_tui.domain.priority import NOTHING_DUE, TIERS, score_of
from dunning_tui.store import tables as t
from dunning_tui.store.queue_types import QueueFilter, QueueSummary

if TYPE_CHECKING:
    from dunning_tui.settings import CadenceSettings

#: Written with literal statuses, as in the WHERE of ``ix_invoices_open_queue``: SQLite uses a partial
#: index only when the query repeats its condition, and a bound parameter never matches a literal.
OPEN_UNPAID = and_(
    t.Invoice.status.in_([literal_column("'open'"), literal_column("'disputed'")]),
    t.Invoice.paid_cents < t.Invoice.total_cents,
)


def _base(today: date, filt: QueueFilter) -> tuple[Any, Any, Any]:
    """The per-debtor query (not yet ordered), its tier column and its overdue subquery."""
    overdue = (
        select(
            t.Invoice.debtor_id.label("debtor_id"),
            func.sum(t.Invoice.total_cents - t.Invoice.paid_cents).label("overdue_cents"),
            func.min(t.Invoice.due_date).label("oldest_due"),
            func.count().label("n_invoices"),
            func.min(t.Invoice.currency).label("currency"),
        )
        .where(OPEN_UNPAID, t.Invoice.due_date < today)
        .group_by(t.Invoice.debtor_id)
        .subquery("overdue")
    )
    rank = case(
        {kind.value: tier for kind, tier in TIERS.items()}, value=t.NextAction.kind, else_=NOTHING_DUE
    )
    due_actions = (
        select(t.NextAction.debtor_id.label("debtor_id"), func.min(rank).label("tier"))
        .where(t.NextAction.done_at.is_(None), t.NextAction.due_date <= today)
        .group_by(t.NextAction.debtor_id)
        .subquery("due_actions")
    )
    tier = func.coalesce(due_actions.c.tier, NOTHING_DUE)
    query = (
        select(overdue, t.Debtor.name, t.Debtor.language, tier.label("tier"))
        .join(t.Debtor, overdue.c.debtor_id == t.Debtor.id)
        .outerjoin(due_actions, due_actions.c.debtor_id == t.Debtor.id)
        .where(or_(t.Debtor.pause_until.is_(None), t.Debtor.pause_until <= today))
    )
    if filt.due_only or filt.broken_only:
        query = query.where(due_actions.c.tier.is_not(None))
    if filt.broken_only:
        query = query.where(due_actions.c.tier == TIERS[ActionKind.BROKEN_PROMISE])
    if filt.search.strip():
        needle = f"%{filt.search.strip().lower()}%"
        by_invoice = select(t.Invoice.debtor_id).where(func.lower(t.Invoice.number).like(needle))
        query = query.where(or_(func.lower(t.Debtor.name).like(needle), t.Debtor.id.in_(by_invoice)))
    return query, tier, overdue


def load_queue(
    session: Session,
    today: date,
    filt: QueueFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[QueueEntry]:
    """The queue in priority order; ``limit``/``offset`` give one page of it."""
    query, tier, overdue = _base(today, filt or QueueFilter())
    # The order of domain.priority.Priority: tier, amount desc, days late desc, debtor id.
    query = query.order_by(tier, overdue.c.overdue_cents.desc(), overdue.c.oldest_due, overdue.c.debtor_id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    # Core execution on the session's connection: plain rows, without the ORM's per-row loading.
    rows = session.connection().execute(query).all()
    if not rows:
        return []
    ids = [row.debtor_id for row in rows]
    called = _called(session, ids)
    details = _action_details(session, [row.debtor_id for row in rows if row.tier != NOTHING_DUE], today)
    kinds_by_tier: dict[int, ActionKind] = {
        tier: kind for kind, tier in TIERS.items() if kind is not ActionKind.CADENCE_CALL
    }
    entries = []
    for row in rows:
        reason = kinds_by_tier.get(row.tier)
        if reason is ActionKind.FIRST_CALL and row.debtor_id in called:
            reason = ActionKind.CADENCE_CALL
        days_late = (today - row.oldest_due).days
        note, due_time = details.get((row.debtor_id, reason.value), _NO_DETAIL) if reason else _NO_DETAIL
        entries.append(
            QueueEntry(
                debtor_id=row.debtor_id,
                name=row.name,
                currency=row.currency,
                total_overdue=Decimal(row.overdue_cents).scaleb(-2),  # == from_cents(cents), exactly
                days_late=days_late,
                oldest_due=row.oldest_due,
                open_invoices=row.n_invoices,
                priority=score_of(row.tier, row.overdue_cents, days_late),
                reason=reason,
                language=row.language,
                action_note=note,
                due_time=due_time,
            )
        )
    return entries


def queue_summary(session: Session, today: date, filt: QueueFilter | None = None) -> QueueSummary:
    """How many debtors the queue holds and the amount overdue per currency, without listing them."""
    query, _tier, _overdue = _base(today, filt or QueueFilter())
    inner = query.subquery("queue")
    rows = (
        session.connection()
        .execute(
            select(inner.c.currency, func.count(), func.sum(inner.c.overdue_cents)).group_by(inner.c.currency)
        )
        .all()
    )
    return QueueSummary(
        count=sum(n for _cur, n, _cents in rows),
        overdue={cur: Decimal(cents).scaleb(-2) for cur, _n, cents in rows},
    )


_NO_DETAIL: tuple[str, time | None] = ("", None)
_IN_LIMIT = 900  # stay under SQLite's bound-parameter limit


def _called(session: Session, debtor_ids: list[int]) -> set[int]:
    """Which of these debtors were ever called (a first call then becomes a follow-up call)."""
    found: set[int] = set()
    for i in range(0, len(debtor_ids), _IN_LIMIT):
        chunk = debtor_ids[i : i + _IN_LIMIT]
        found.update(session.scalars(select(t.Call.debtor_id).where(t.Call.debtor_id.in_(chunk)).distinct()))
    return found


def _action_details(
    session: Session, debtor_ids: list[int], today: date
) -> dict[tuple[int, str], tuple[str, time | None]]:
    """The due actions' own words and time, by (debtor, kind); the oldest due action of a kind wins."""
    query = (
        select(t.NextAction.debtor_id, t.NextAction.kind, t.NextAction.reason, t.NextAction.due_time)
        .where(t.NextAction.done_at.is_(None), t.NextAction.due_date <= today)
        .order_by(t.NextAction.due_date.desc(), t.NextAction.id.desc())
    )
    if len(debtor_ids) > _IN_LIMIT:
        # A long queue: one pass over the due actions beats many IN lists (SQLite's parameter limit).
        wanted = set(debtor_ids)
        rows = [row for row in session.connection().execute(query) if row[0] in wanted]
    else:
        rows = (
            list(session.connection().execute(query.where(t.NextAction.debtor_id.in_(debtor_ids))))
            if debtor_ids
            else []
        )
    details: dict[tuple[int, str], tuple[str, time | None]] = {}
    for debtor_id, kind, reason, due_time in rows:
        details[(debtor_id, kind)] = (reason, due_time)  # oldest due wins: it is written last
    return details


def with_stages(
    session: Session, entries: list[QueueEntry], today: date, cadence: CadenceSettings
) -> list[QueueEntry]:
    """The same entries with each debtor's escalation stage (a few batched queries)."""
    from dataclasses import replace

    from dunning_tui.store.followup import stages

    found = stages(session, [e.debtor_id for e in entries], today, cadence)
    return [replace(e, stage=found[e.debtor_id].stage) if e.debtor_id in found else e for e in entries]


__all__ = ["QueueFilter", "QueueSummary", "load_queue", "queue_summary", "with_stages"]
