"""Telling the other apps on the same book that something changed (an outcome, a payment, a claim).

PostgreSQL: ``NOTIFY`` on one channel, sent when the writing transaction commits, and an app
``LISTEN``s on a connection of its own. SQLite: a one-row counter (table ``changes``) moved in the
writing transaction and read by the other apps every half second; reading one row by its key
costs microseconds. Either way a colleague's outcome reaches every open queue within a second.
"""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from dunning_tui.store import tables as t

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from dunning_tui.store.database import Database

CHANNEL = "dunning_changes"
#: How often an app reads the SQLite counter.
POLL_SECONDS = 0.5

_NOTIFY = text(f"NOTIFY {CHANNEL}")
_BUMP = update(t.Change).where(t.Change.id == 1).values(serial=t.Change.serial + 1)
_SERIAL = select(t.Change.serial).where(t.Change.id == 1)


def announce(session: Session) -> None:
    """Mark the session's transaction as a change the other apps must see once it commits."""
    conn = session.connection()
    conn.execute(_NOTIFY if conn.dialect.name == "postgresql" else _BUMP)


class ChangeWatcher:
    """Waits for the other apps' changes; used from one thread (``close`` from any)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._stop = threading.Event()
        self._listener: Any = None
        self._serial: int | None = None

    def wait(self, timeout: float = POLL_SECONDS) -> bool:
        """Block up to ``timeout`` seconds; True if the book changed since the previous call."""
        if self._stop.is_set():
            return False
        if self.database.is_sqlite:
            return self._poll(timeout)
        return self._listen(timeout)

    def close(self) -> None:
        self._stop.set()

    @property
    def closed(self) -> bool:
        return self._stop.is_set()

    def rest(self, seconds: float) -> None:
        """Wait ``seconds`` (less if closed meanwhile), e.g. after the database was unreachable."""
        self._stop.wait(seconds)

    def _poll(self, timeout: float) -> bool:
        if self._serial is None:
            self._serial = self._read()
        if self._stop.wait(timeout):
            return False
        serial = self._read()
        changed, self._serial = serial != self._serial, serial
        return changed

    def _read(self) -> int:
        with self.database.connect() as conn:
            return int(conn.execute(_SERIAL).scalar() or 0)

    def _listen(self, timeout: float) -> bool:
        import psycopg

        try:
            if self._listener is None:
                raw = self.database.engine.raw_connection()
                raw.detach()  # a connection of its own, out of the pool
                self._listener = raw.dbapi_connection
                self._listener.autocommit = True
                self._listener.execute(f"LISTEN {CHANNEL}")
            got = any(True for _ in self._listener.notifies(timeout=timeout, stop_after=1))
            if got:  # several colleagues at once: one reload for all of them
                for _ in self._listener.notifies(timeout=0.01):
                    pass
        except (psycopg.OperationalError, DBAPIError):  # the server went away: listen again later
            self._drop_listener()
            self._stop.wait(timeout)
            return True  # whatever was missed meanwhile: reload once
        if self._stop.is_set():
            self._drop_listener()
        return got

    def _drop_listener(self) -> None:
        import psycopg

        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(psycopg.Error):
                listener.close()
