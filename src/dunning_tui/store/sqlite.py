"""SQLite without SQLAlchemy: where a ``sqlite://`` URL points, and the one way a connection to it
is made.

The engine makes its connections here (its ``creator``), and so does the start of the app, which
reads the queue's first page before SQLAlchemy is imported: every connection to the file has the
same write-ahead log, foreign keys, busy timeout and durable commits.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from dunning_tui.store import pragmas

#: The URL schemes of SQLite through Python's own driver.
SCHEMES = ("sqlite", "sqlite+pysqlite")


@dataclass(frozen=True, slots=True)
class SqliteTarget:
    """What a SQLite URL names: a file, or (``path`` None) a database in memory."""

    path: Path | None

    @property
    def in_memory(self) -> bool:
        return self.path is None


def sqlite_target(url: str) -> SqliteTarget | None:
    """The database a ``sqlite:///path`` URL names, or None for another engine's URL.

    As SQLAlchemy reads them: ``sqlite:///relative/file``, ``sqlite:////absolute/file``,
    ``sqlite://`` and ``sqlite:///:memory:`` for a database in memory; the path is percent-decoded.
    Options after ``?`` are not read: the tool sets its own.
    """
    scheme, separator, rest = url.partition("://")
    if not separator or scheme.lower() not in SCHEMES:
        return None
    host, _, database = rest.partition("/")
    if host:  # not a SQLite URL of this tool's: the engine says what is wrong with it
        return None
    database = unquote(database.partition("?")[0])
    if not database or database == ":memory:":
        return SqliteTarget(None)
    return SqliteTarget(Path(database).expanduser())


def connect_sqlite(path: Path | str) -> sqlite3.Connection:
    """A connection to the file, set up as every connection of the tool is (see
    :func:`~dunning_tui.store.pragmas.sqlite_pragmas`).

    Usable from any thread, one at a time (the engine's pool hands a connection to one thread at a
    time); transactions begin at the first write, as the engine's driver expects."""
    connection = sqlite3.connect(path, timeout=pragmas.BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        pragmas.sqlite_pragmas(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def sqlite_values(params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters as SQLite compares them: dates as ISO text (PostgreSQL compares real dates).
    A time of day is refused: the ORM stores those in UTC, in a text of its own, which an ISO text
    would not compare with."""
    from datetime import date, datetime

    if any(isinstance(v, datetime) for v in params.values()):
        raise TypeError("plain statements take dates, not datetimes")
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}


def run_on(connection: sqlite3.Connection) -> Callable[[str, Mapping[str, Any]], Sequence[Sequence[Any]]]:
    """Plain statements with named parameters (``:today``) on a sqlite3 connection: the store's
    :data:`~dunning_tui.store.queue_cache.Run`."""

    def run(sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        return connection.execute(sql, sqlite_values(params)).fetchall()

    return run
