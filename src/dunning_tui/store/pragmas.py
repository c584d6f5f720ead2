"""SQLite settings of the engine and of the transactions that write derived rows only."""

from __future__ import annotations

import time
from typing import Any

#: Every ordinary commit waits until it is on disk: an outcome typed during a call is never lost.
SYNC = "FULL"
#: Commits of derived rows only (the queue's summary) do not wait for the disk: WAL keeps them
#: atomic, and losing one to a power cut only means recomputing it.
DERIVED_SYNC = "NORMAL"
#: Page cache for a refresh of derived rows, in KiB: a new day at 1,000,000 invoices touches some
#: 10 MiB of pages spread over the queue's table and index, four times SQLite's default cache.
#: The cache shrinks back once the refresh is done.
DERIVED_CACHE_KIB = 32768
#: SQLite's default: the commit that takes the WAL past this many pages copies it into the database.
WAL_AUTOCHECKPOINT = 1000
BUSY_TIMEOUT_MS = 5000


def sqlite_pragmas(dbapi_connection: Any, _record: Any = None) -> None:
    """Every SQLite connection the tool opens: write-ahead log, foreign keys, the busy timeout, and
    commits that wait for the disk (the engine runs this on each new connection)."""
    cursor = dbapi_connection.cursor()
    _write_ahead_log(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute(f"PRAGMA synchronous={SYNC}")
    cursor.close()


def _write_ahead_log(cursor: Any) -> None:
    """Switch the file to WAL (kept by the file: a no-op after the first time).

    Two people starting at once on a brand-new file both switch it, and SQLite tells the second
    "database is locked" at once instead of waiting: it waits here, up to the busy timeout.
    """
    import sqlite3

    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)
