"""The call queue: who to call on a given day, most urgent first.

The work happens in SQL: open unpaid invoices are read from the partial covering index
``ix_invoices_open_queue`` and aggregated per debtor *before* joining debtors; due next actions
are aggregated the same way. Python only scores one row per debtor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import and_, func, literal_column, or_, select
from sqlalchemy.orm import Session

from dunning_tui.domain.enums import ActionKind
from dunning_tui.domain.models import QueueEntry
from dunning_tui.domain.priority import AMOUNT_CAP, DAYS_CAP, NOTHING_DUE, PAUSED, TIERS
from dunning_tui.store import tables as t

if TYPE_CHECKING:
    from dunning_tui.settings import CadenceSettings

#: Written with literal statuses, as in the WHERE of ``ix_invoices_open_queue``: SQLite uses a partial
#: index only when the query repeats its condition, and a bound parameter never matches a literal.
OPEN_UNPAID = and_(
    t.Invoice.status.in_([literal_column("'open'"), literal_column("'disputed'")]),
    t.Invoice.paid_cents < t.Invoice.total_cents,
)


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """What the queue shows: every overdue debtor, only those with an action due, or broken promises."""

    due_only: bool = False
    broken_only: bool = False
    search: str = ""


def _rank_case() -> object:
    from sqlalchemy import case

    return case(
        {kind.value: tier for kind, tier in TIERS.items()},
        value=t.NextAction.kind,
        else_=len(TIERS),
    )


def load_queue(session: Session, today: date, filt: QueueFilter | None = None) -> list[QueueEntry]:
    filt = filt or QueueFilter()
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
    rank = _rank_case()
    due_actions = (
        select(
            t.NextAction.debtor_id.label("debtor_id"),
            func.min(rank).label("best_rank"),
        )
        .where(t.NextAction.done_at.is_(None), t.NextAction.due_date <= today)
        .group_by(t.NextAction.debtor_id)
        .subquery("due_actions")
    )
    last_call = (
        select(t.Call.debtor_id.label("debtor_id"), func.max(t.Call.started_at).label("last_call"))
        .group_by(t.Call.debtor_id)
        .subquery("last_call")
    )
    query = (
        select(
            t.Debtor.id,
            t.Debtor.name,
            t.Debtor.language,
            overdue.c.overdue_cents,
            overdue.c.oldest_due,
            overdue.c.n_invoices,
            overdue.c.currency,
            due_actions.c.best_rank,
            last_call.c.last_call,
        )
        .join(overdue, overdue.c.debtor_id == t.Debtor.id)
        .outerjoin(due_actions, due_actions.c.debtor_id == t.Debtor.id)
        .outerjoin(last_call, last_call.c.debtor_id == t.Debtor.id)
        .where(or_(t.Debtor.pause_until.is_(None), t.Debtor.pause_until <= today))
    )
    if filt.due_only or filt.broken_only:
        query = query.where(due_actions.c.best_rank.is_not(None))
    if filt.broken_only:
        query = query.where(due_actions.c.best_rank == TIERS[ActionKind.BROKEN_PROMISE])
    if filt.search.strip():
        needle = f"%{filt.search.strip().lower()}%"
        by_invoice = select(t.Invoice.debtor_id).where(func.lower(t.Invoice.number).like(needle))
        query = query.where(or_(func.lower(t.Debtor.name).like(needle), t.Debtor.id.in_(by_invoice)))
    # Core execution on the session's connection: plain rows, without the ORM's per-row loading.
    rows = session.connection().execute(query).all()

    kinds_by_tier: dict[int, ActionKind] = {
        tier: kind for kind, tier in TIERS.items() if kind is not ActionKind.CADENCE_CALL
    }
    details = _action_details(session, [row[0] for row in rows if row[7] is not None], today)
    scored = []
    for debtor_id, name, language, cents, oldest, n_inv, currency, best_tier, last_call in rows:
        reason = kinds_by_tier.get(best_tier) if best_tier is not None else None
        if reason is ActionKind.FIRST_CALL and last_call is not None:
            reason = ActionKind.CADENCE_CALL
        days_late = (today - oldest).days
        tier = TIERS[reason] if reason is not None else NOTHING_DUE
        # The order and the score of :func:`priority` (tier, amount desc, days desc, id), computed
        # from whole cents: one Decimal per row instead of four, for queues of thousands.
        score = float(
            (PAUSED - tier) * 10**14
            + max(min(cents, AMOUNT_CAP), 0) * 10**3
            + max(min(days_late, DAYS_CAP), 0)
        )
        note, due_time = details.get((debtor_id, reason.value), _NO_DETAIL) if reason else _NO_DETAIL
        scored.append(
            (
                (tier, -cents, -days_late, debtor_id),
                QueueEntry(
                    debtor_id=debtor_id,
                    name=name,
                    currency=currency,
                    total_overdue=Decimal(cents).scaleb(-2),  # == from_cents(cents), exactly
                    days_late=days_late,
                    oldest_due=oldest,
                    open_invoices=n_inv,
                    priority=score,
                    reason=reason,
                    language=language,
                    action_note=note,
                    due_time=due_time,
                ),
            )
        )
    scored.sort(key=lambda item: item[0])
    return [entry for _key, entry in scored]


_NO_DETAIL: tuple[str, time | None] = ("", None)


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


_IN_LIMIT = 900  # stay under SQLite's bound-parameter limit


def with_stages(
    session: Session, entries: list[QueueEntry], today: date, cadence: CadenceSettings
) -> list[QueueEntry]:
    """The same entries with each debtor's escalation stage (a few batched queries)."""
    from dataclasses import replace

    from dunning_tui.store.followup import stages

    found = stages(session, [e.debtor_id for e in entries], today, cadence)
    return [replace(e, stage=found[e.debtor_id].stage) if e.debtor_id in found else e for e in entries]
