"""The call queue: who to call on a given day, most urgent first.

The queue is read from the summary table ``queue_rows`` (see :mod:`dunning_tui.store.queue_cache`),
brought up to date for the day first: only the debtors written since the last look are
recomputed. Its index holds the order of :data:`dunning_tui.domain.priority.QUEUE_ORDER` (tier,
amount overdue, days late, id), so a screen asks for one page and Python builds only the rows it shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVarTuple

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from dunning_tui.domain.enums import ActionKind
from dunning_tui.domain.priority import NOTHING_DUE, ORDER_SQL, TIERS
from dunning_tui.domain.queue_entry import QueueEntry
from dunning_tui.store import queue_cache
from dunning_tui.store import tables as t
from dunning_tui.store.pragmas import DERIVED_CACHE_KIB, DERIVED_SYNC, SYNC, WAL_AUTOCHECKPOINT
from dunning_tui.store.queue_types import QueueFilter, QueueSummary

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import QueryableAttribute
    from sqlalchemy.sql import CompoundSelect, Select

    from dunning_tui.store.database import Database


def _runner(session: Session) -> queue_cache.Run:
    """Statements of :mod:`queue_cache` on the session's connection."""
    return _connection_runner(session.connection())


def _connection_runner(conn: Connection) -> queue_cache.Run:
    sqlite = conn.dialect.name == "sqlite"

    def run(sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        # SQLite stores dates as ISO text; PostgreSQL compares real dates.
        values = {k: v.isoformat() if sqlite and isinstance(v, date) else v for k, v in params.items()}
        result = conn.execute(text(sql), values)
        return result.all() if result.returns_rows else []

    return run


def refresh_rows(database: Database, today: date) -> bool:
    """Bring the queue rows up to date in a transaction of their own, before a session reads them.

    The rows are derived data, so on SQLite their commit neither waits for the disk nor
    checkpoints the WAL (a new day rewrites a few thousand rows at 1,000,000 invoices, and a
    checkpoint would double the wait), and a larger page cache holds the pages it rewrites: WAL
    keeps the commit atomic, a power cut would only leave the marks for the next look to
    recompute, and the next ordinary write checkpoints as usual.
    Reads that follow then find the table fresh. True if it wrote.
    """
    with database.connect() as conn:
        run = _connection_runner(conn)
        if queue_cache.is_fresh(run, today):
            return False
        conn.rollback()
        postgresql = conn.dialect.name == "postgresql"
        if not postgresql:  # these pragmas cannot change inside a transaction
            cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
            for pragma in queue_cache.derived_pragmas(DERIVED_SYNC, DERIVED_CACHE_KIB):
                conn.exec_driver_sql(pragma)
            conn.commit()
        try:
            with conn.begin():
                return queue_cache.bring_up_to_date(run, today, postgresql=postgresql)
        finally:
            if not postgresql:  # the pooled connection goes back as every other one is
                conn.exec_driver_sql(f"PRAGMA synchronous={SYNC}")
                conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT}")
                conn.exec_driver_sql(f"PRAGMA cache_size={cache}")
                conn.commit()


def bring_up_to_date(session: Session, today: date) -> bool:
    """Recompute the queue rows that changed, or all of them on a new day; True if it wrote."""
    postgresql = session.connection().dialect.name == "postgresql"
    return queue_cache.bring_up_to_date(_runner(session), today, postgresql=postgresql)


_Columns = TypeVarTuple("_Columns")


def _by_tier(query: Select[*_Columns], tier: QueryableAttribute[int], filt: QueueFilter) -> Select[*_Columns]:
    if filt.due_only or filt.broken_only:
        query = query.where(tier < NOTHING_DUE)
    if filt.broken_only:
        query = query.where(tier == TIERS[ActionKind.BROKEN_PROMISE])
    return query


def _filtered(query: Select[*_Columns], filt: QueueFilter) -> Select[*_Columns]:
    q = t.QueueRow
    query = _by_tier(query, q.tier, filt)
    if filt.search.strip():
        matching = _matching_debtors(filt.search).subquery()
        query = query.where(q.debtor_id.in_(select(matching.c[0])))
    if filt.owner is not None:
        query = query.where(q.debtor_id.in_(select(t.Debtor.id).where(t.Debtor.owner == filt.owner.strip())))
    return query


def load_queue(
    session: Session,
    today: date,
    filt: QueueFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[QueueEntry]:
    """The queue in priority order; ``limit``/``offset`` give one page of it."""
    bring_up_to_date(session, today)
    q = t.QueueRow
    # The page is chosen from the order index alone, then joined to its 50 debtors for their names.
    page = _filtered(select(q), filt or QueueFilter()).order_by(text(ORDER_SQL))
    if limit is not None:
        page = page.limit(limit).offset(offset)
    p = page.subquery("page")
    stage = select(t.FollowupPlan.stage).where(t.FollowupPlan.debtor_id == p.c.debtor_id)
    query = (
        select(p.c.debtor_id, p.c.overdue_cents, p.c.oldest_due, p.c.n_invoices, p.c.currency)
        .add_columns(t.Debtor.name, t.Debtor.language, p.c.tier, stage.scalar_subquery())
        .join(t.Debtor, t.Debtor.id == p.c.debtor_id)
        .order_by(text(ORDER_SQL))
    )
    # Core execution on the session's connection: plain rows, without the ORM's per-row loading.
    rows = session.connection().execute(query).all()
    return queue_cache.entries_for(_runner(session), rows, today)


def _matching_debtors(search: str) -> CompoundSelect[int]:
    needle = f"%{search.strip().lower()}%"
    by_name = select(t.Debtor.id).where(func.lower(t.Debtor.name).like(needle))
    by_invoice = select(t.Invoice.debtor_id).where(func.lower(t.Invoice.number).like(needle))
    return by_name.union(by_invoice)


def outside_queue(session: Session, search: str, today: date, limit: int) -> list[QueueEntry]:
    """Debtors of the whole book that match ``search`` but are not in the queue (nothing overdue:
    paid, not yet due, paused...), by name: a debtor who has just paid is still found."""
    if not search.strip():
        return []
    bring_up_to_date(session, today)
    matching = _matching_debtors(search).subquery()
    rows = session.execute(
        select(t.Debtor.id, t.Debtor.name, t.Debtor.language)
        .where(t.Debtor.id.in_(select(matching.c[0])), t.Debtor.id.not_in(select(t.QueueRow.debtor_id)))
        .order_by(t.Debtor.name, t.Debtor.id)
        .limit(limit)
    ).all()
    return [
        QueueEntry(
            debtor_id=debtor_id,
            name=name,
            currency="",
            total_overdue=Decimal(0),
            days_late=0,
            oldest_due=today,
            open_invoices=0,
            priority=0.0,
            reason=None,
            language=language,
        )
        for debtor_id, name, language in rows
    ]


def queue_summary(session: Session, today: date, filt: QueueFilter | None = None) -> QueueSummary:
    """How many debtors the queue holds and the amount overdue per currency, without listing them."""
    bring_up_to_date(session, today)
    filt = filt or QueueFilter()
    if filt.search.strip() or filt.owner is not None:
        q = t.QueueRow
        query = _filtered(select(q.currency, q.tier, func.count(), func.sum(q.overdue_cents)), filt).group_by(
            q.currency, q.tier
        )
    else:
        # The running totals per tier (see migration 0005): a dozen rows, whatever the book's size.
        tot = t.QueueTotal
        totals = select(tot.currency, tot.tier, func.sum(tot.debtors), func.sum(tot.overdue_cents)).where(
            tot.debtors > 0
        )
        query = _by_tier(totals, tot.tier, filt).group_by(tot.currency, tot.tier)
    return QueueSummary.from_rows(session.connection().execute(query).all())


def with_claims(session: Session, entries: list[QueueEntry], now: datetime) -> list[QueueEntry]:
    """The same entries with who is on the phone with each debtor at ``now``, if anyone."""
    from dataclasses import replace

    from dunning_tui.store.claims import holders

    found = holders(session, [e.debtor_id for e in entries], now)
    return [
        replace(e, claimed_by=found[e.debtor_id].caller, claimed_at=found[e.debtor_id].claimed_at)
        if e.debtor_id in found
        else e
        for e in entries
    ]


__all__ = [
    "QueueFilter",
    "QueueSummary",
    "load_queue",
    "outside_queue",
    "queue_summary",
    "refresh_rows",
    "with_claims",
]
