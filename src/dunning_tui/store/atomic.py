"""Check-then-write as one atomic step: the locks taken before the reads the writes depend on."""

from __future__ import annotations

import time
import zlib
from collections.abc import Sequence

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from dunning_tui.store import tables as t
from dunning_tui.store.pragmas import BUSY_TIMEOUT_MS


def hold_write_lock(session: Session) -> None:
    """Make the session's transaction hold the database's write lock from now until it ends.

    On SQLite, Python's driver begins a transaction only at the first write, so a balance read
    before it may be stale by the time it is written: this begins the transaction with
    ``BEGIN IMMEDIATE`` instead (waiting the busy timeout for another writer to finish), and what
    the session reads next stays true until it commits. A transaction that has already written
    holds the lock already. On PostgreSQL nothing is taken here: the callers lock the rows they
    read (``SELECT ... FOR UPDATE``, :func:`lock_debtors`, :func:`serialize`).
    """
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return
    driver = conn.connection.driver_connection
    if driver is not None and not driver.in_transaction:
        _begin_immediate(conn)


def _begin_immediate(conn: Connection) -> None:
    """``BEGIN IMMEDIATE``, tried every millisecond up to the busy timeout.

    SQLite's own wait sleeps up to 100 ms between tries: an app whose transactions follow each
    other closely (three call blocks at full speed) takes the lock back in the gaps, and another
    could wait past the timeout. Tried this often, a waiter gets its turn within a gap or two.
    """
    conn.exec_driver_sql("PRAGMA busy_timeout=0")
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    try:
        while True:
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except OperationalError as exc:
                if "locked" not in str(exc.orig) or time.monotonic() > deadline:
                    raise
                time.sleep(0.001)
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def is_postgresql(session: Session) -> bool:
    return session.connection().dialect.name == "postgresql"


def lock_debtors(session: Session, debtor_ids: Sequence[int]) -> None:
    """Hold these debtors (SQLite: the whole database) until the transaction ends.

    What is planned from a debtor's facts (next actions, promise statuses) is then planned once even
    when two processes refresh the same debtor. PostgreSQL locks the rows in id order, so two
    transactions locking overlapping sets never wait on each other in a circle.
    """
    hold_write_lock(session)
    if debtor_ids and is_postgresql(session):
        session.execute(
            select(t.Debtor.id)
            .where(t.Debtor.id.in_(sorted(debtor_ids)))
            .order_by(t.Debtor.id)
            .with_for_update()
        ).all()


def serialize(session: Session, name: str) -> None:
    """Only one transaction at a time goes past this point for ``name``, until it ends.

    For a check of a row that may not exist yet (an insert that two processes could both decide
    on): SQLite takes its write lock, PostgreSQL a transaction-level advisory lock.
    """
    hold_write_lock(session)
    if is_postgresql(session):
        session.execute(select(func.pg_advisory_xact_lock(zlib.crc32(name.encode()))))


def hold_tables_for_import(session: Session) -> None:
    """Keep other writers off the tables an import plans from, until its transaction ends.

    Reads go on; payments, outcomes and refreshes wait for the import to commit. The tables are
    taken in the order payments take their rows (invoices, then debtors), so neither waits on
    the other in a circle.
    """
    hold_write_lock(session)
    if is_postgresql(session):
        session.execute(text("LOCK TABLE invoices, payments, debtors IN EXCLUSIVE MODE"))
