"""Check-then-write as one atomic step: the write lock taken before the reads it depends on."""

from __future__ import annotations

from sqlalchemy.orm import Session


def hold_write_lock(session: Session) -> None:
    """Make the session's transaction hold the database's write lock from now until it ends.

    On SQLite, Python's driver begins a transaction only at the first write, so a balance read
    before it may be stale by the time it is written: this begins the transaction with
    ``BEGIN IMMEDIATE`` instead (waiting the busy timeout for another writer to finish), and what
    the session reads next stays true until it commits. A transaction that has already written
    holds the lock already. On PostgreSQL nothing is taken here: the callers lock the rows they read
    with ``SELECT ... FOR UPDATE``.
    """
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return
    driver = conn.connection.driver_connection
    if driver is not None and not driver.in_transaction:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
