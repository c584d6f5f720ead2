"""The quick start: the first page of the queue on screen before SQLAlchemy and pydantic load.

Start-up speed is a feature: a freelancer opens the app to see who to call. For the usual case, a
SQLite file at the current schema, this module reads the few settings the first frame needs with
``tomllib`` and runs the queue's first page with the standard ``sqlite3`` module. The full settings,
the engine and the follow-up refresh load right after, in a worker, and replace that page. Anything
unusual (another engine, an old schema, an empty database, a config the quick reader cannot take)
goes the ordinary way, which reports problems properly.

The queue's summary table is brought up to date with the same statements as the store's
(:mod:`dunning_tui.store.queue_cache`); a test checks that both give the same page.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dunning_tui import lang, locations
from dunning_tui.domain.queue_entry import QueueEntry
from dunning_tui.store import queue_cache
from dunning_tui.store.pragmas import DERIVED_CACHE_KIB, DERIVED_SYNC
from dunning_tui.store.queue_types import QueueSummary
from dunning_tui.store.schema_version import SCHEMA_HEAD

#: Rows on a page of the queue (the quick start reads the first one).
PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class LiteSettings:
    """What the first frame needs; the full :class:`~dunning_tui.settings.Settings` follow."""

    db: str
    language: str = ""
    locale: str = ""
    currency: str = "EUR"

    def ui_language(self) -> str:
        return lang.ui_language(self.language)

    def ui_locale(self) -> str:
        return lang.ui_locale(self.locale, self.language)


def read_lite_settings(db: str | None) -> LiteSettings | None:
    """The database URL, language, locale and currency; None when the quick reader cannot be sure."""
    path = locations.config_file()
    data: dict[str, Any] = {}
    if path.exists():
        import tomllib  # only when there is a file to read: it costs a few ms on the way to the frame

        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            return None
    env = os.environ

    def value(name: str) -> str:
        found = env.get(f"DUNNING_{name.upper()}", data.get(name, ""))
        return found if isinstance(found, str) else ""

    url = db or value("db") or f"sqlite:///{locations.default_database_file()}"
    language = value("language")
    if language not in ("", "fr", "en"):
        return None
    return LiteSettings(url, language, value("locale"), value("currency") or "EUR")


def sqlite_file(url: str) -> Path | None:
    """The file of a plain ``sqlite:///`` URL (no options), else None."""
    for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
        if url.startswith(prefix) and "?" not in url:
            rest = url[len(prefix) :]
            return Path(rest).expanduser() if rest and rest != ":memory:" else None
    return None


@dataclass(frozen=True, slots=True)
class QuickQueue:
    entries: list[QueueEntry]
    summary: QueueSummary


def first_page(path: Path, today: date, size: int) -> QuickQueue | None:
    """The queue's first page and totals read with ``sqlite3``; None if the file is not ready for it."""
    if not path.is_file():
        return None
    try:
        # Autocommit: the summary's refresh, when one is needed, is one explicit transaction.
        # Not tied to this thread: after a refresh, another thread closes it (see below).
        conn = sqlite3.connect(
            f"file:{path}?mode=rw", uri=True, timeout=1, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error:
        return None
    try:
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if version is None or version[0] != SCHEMA_HEAD:
            return None
        if conn.execute("SELECT 1 FROM debtors LIMIT 1").fetchone() is None:
            return None  # an empty database: the ordinary start offers the demo
        run = _runner(conn)
        wrote = _bring_up_to_date(run, conn, today)
        summary = run(queue_cache.SUMMARY_SQL, {})
        entries = queue_cache.entries_for(run, run(queue_cache.PAGE_SQL, {"limit": size, "offset": 0}), today)
    except sqlite3.Error:
        conn.close()
        return None
    if wrote:
        # The last connection to close copies the WAL into the database and waits for the disk:
        # a thread of its own does that while the first frame is drawn.
        threading.Thread(target=conn.close, name="quick-start-close").start()
    else:
        conn.close()
    return QuickQueue(entries, QueueSummary.from_rows(summary))


def _runner(conn: sqlite3.Connection) -> queue_cache.Run:
    def run(sql: str, params: Mapping[str, Any]) -> list[Any]:
        values = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
        return conn.execute(sql, values).fetchall()

    return run


def _bring_up_to_date(run: queue_cache.Run, conn: sqlite3.Connection, today: date) -> bool:
    if queue_cache.is_fresh(run, today):
        return False
    # Derived rows only: no wait for the disk, no checkpoint (see store.queue.refresh_rows).
    for pragma in queue_cache.derived_pragmas(DERIVED_SYNC, DERIVED_CACHE_KIB):
        conn.execute(pragma)
    conn.execute("BEGIN IMMEDIATE")
    try:
        queue_cache.bring_up_to_date(run, today)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return True
