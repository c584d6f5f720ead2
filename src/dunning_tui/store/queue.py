"""The call queue: who to call on a given day, most urgent first.

The queue is read from the summary table ``queue_rows`` (see :mod:`dunning_tui.store.queue_cache`),
brought up to date for the day first: only the debtors written since the last look are
recomputed. Its index holds the order of :data:`dunning_tui.domain.priority.QUEUE_ORDER` (tier,
amount overdue, days late, id), so a screen asks for one page and Python builds only the rows it shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from dunning_tui.domain.queue_entry import QueueEntry
from dunning_tui.store import queue_cache
from dunning_tui.store.pragmas import DERIVED_CACHE_KIB, DERIVED_SYNC, SYNC, WAL_AUTOCHECKPOINT
from dunning_tui.store.queue_types import QueueFilter, QueueSummary

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

    from dunning_tui.store.database import Database, PlainStatements


def _connection(source: Session | Connection) -> Connection:
    from sqlalchemy.engine import Connection

    return source if isinstance(source, Connection) else source.connection()


def runner(source: Session | Connection) -> queue_cache.Run:
    """Statements of :mod:`queue_cache` on the session's (or the given) connection."""
    return connection_runner(_connection(source))


def connection_runner(conn: Connection) -> queue_cache.Run:
    """Statements of :mod:`queue_cache` on a Core connection."""
    from sqlalchemy import text

    from dunning_tui.store.sqlite import sqlite_values

    sqlite = conn.dialect.name == "sqlite"

    def run(sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        result = conn.execute(text(sql), sqlite_values(params) if sqlite else params)
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
    with database.plain() as statements:
        return refresh_rows_on(statements, today)


def refresh_rows_on(statements: PlainStatements, today: date) -> bool:
    """:func:`refresh_rows` on a connection of the caller's, which it leaves out of a transaction."""
    run = statements.run
    if queue_cache.is_fresh(run, today):
        return False
    statements.rollback()
    postgresql = statements.postgresql
    if not postgresql:  # these pragmas cannot change inside a transaction
        ((cache,),) = run("PRAGMA cache_size", {})
        for pragma in queue_cache.derived_pragmas(DERIVED_SYNC, DERIVED_CACHE_KIB):
            run(pragma, {})
    try:
        wrote = queue_cache.bring_up_to_date(run, today, postgresql=postgresql)
        statements.commit()
        return wrote
    except BaseException:
        statements.rollback()
        raise
    finally:
        if not postgresql:  # the connection is left as every other one is
            run(f"PRAGMA synchronous={SYNC}", {})
            run(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT}", {})
            run(f"PRAGMA cache_size={cache}", {})


def bring_up_to_date(source: Session | Connection, today: date) -> bool:
    """Recompute the queue rows that changed, or all of them on a new day; True if it wrote."""
    conn = _connection(source)
    return queue_cache.bring_up_to_date(runner(conn), today, postgresql=conn.dialect.name == "postgresql")


def load_queue(
    session: Session | Connection,
    today: date,
    filt: QueueFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[QueueEntry]:
    """The queue in priority order; ``limit``/``offset`` give one page of it."""
    bring_up_to_date(session, today)
    return queue_cache.page(runner(session), today, filt or QueueFilter(), limit=limit, offset=offset)


def queue_summary(
    session: Session | Connection, today: date, filt: QueueFilter | None = None
) -> QueueSummary:
    """How many debtors the queue holds and the amount overdue per currency, without listing them."""
    bring_up_to_date(session, today)
    return queue_cache.summary(runner(session), filt or QueueFilter())


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
    "queue_summary",
    "refresh_rows",
    "refresh_rows_on",
    "with_claims",
]
