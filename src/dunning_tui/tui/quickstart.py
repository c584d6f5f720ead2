"""The quick start: the first page of the queue on screen before SQLAlchemy and pydantic load.

Start-up speed is a feature: a freelancer opens the app to see who to call. For the usual case, a
SQLite file at the current schema, this module reads the few settings the first frame needs with
``tomllib`` and runs the queue's first page with the standard ``sqlite3`` module. The full settings,
the engine and the follow-up refresh load right after, in a worker, and replace that page. Anything
unusual (another engine, an old schema, an empty database, a config the quick reader cannot take)
goes the ordinary way, which reports problems properly.

The SQL here is the queue of :mod:`dunning_tui.store.queue` written out; a test checks that both
give the same page.
"""

from __future__ import annotations

import os
import sqlite3
import tomllib
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from dunning_tui import lang, locations
from dunning_tui.domain.enums import ActionKind
from dunning_tui.domain.models import QueueEntry
from dunning_tui.domain.priority import NOTHING_DUE, TIERS, score_of
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
    try:
        path = locations.config_file()
        data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
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


_TIER = (
    "CASE kind "
    + " ".join(f"WHEN '{k.value}' THEN {tier}" for k, tier in TIERS.items())
    + f" ELSE {NOTHING_DUE} END"
)

_QUEUE = f"""
SELECT overdue.debtor_id, overdue.overdue_cents, overdue.oldest_due, overdue.n_invoices, overdue.currency,
       debtors.name, debtors.language, coalesce(due_actions.tier, {NOTHING_DUE}) AS tier
FROM (SELECT debtor_id, sum(total_cents - paid_cents) AS overdue_cents, min(due_date) AS oldest_due,
             count(*) AS n_invoices, min(currency) AS currency
      FROM invoices
      WHERE status IN ('open', 'disputed') AND paid_cents < total_cents AND due_date < :today
      GROUP BY debtor_id) AS overdue
JOIN debtors ON overdue.debtor_id = debtors.id
LEFT OUTER JOIN (SELECT debtor_id, min({_TIER}) AS tier FROM next_actions
                 WHERE done_at IS NULL AND due_date <= :today GROUP BY debtor_id) AS due_actions
  ON due_actions.debtor_id = debtors.id
WHERE debtors.pause_until IS NULL OR debtors.pause_until <= :today
"""

PAGE_SQL = (
    _QUEUE + "ORDER BY tier, overdue.overdue_cents DESC, overdue.oldest_due, overdue.debtor_id LIMIT :limit"
)
SUMMARY_SQL = f"SELECT currency, count(*), sum(overdue_cents) FROM ({_QUEUE}) GROUP BY currency"


@dataclass(frozen=True, slots=True)
class QuickQueue:
    entries: list[QueueEntry]
    count: int
    overdue: dict[str, Decimal]


def first_page(path: Path, today: date, size: int) -> QuickQueue | None:
    """The queue's first page and totals read with ``sqlite3``; None if the file is not ready for it."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error:
        return None
    try:
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if version is None or version[0] != SCHEMA_HEAD:
            return None
        if conn.execute("SELECT 1 FROM debtors LIMIT 1").fetchone() is None:
            return None  # an empty database: the ordinary start offers the demo
        params = {"today": today.isoformat(), "limit": size}
        summary = conn.execute(SUMMARY_SQL, params).fetchall()
        rows = conn.execute(PAGE_SQL, params).fetchall()
        entries = _entries(conn, rows, today)
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return QuickQueue(
        entries,
        sum(n for _cur, n, _cents in summary),
        {cur: Decimal(cents).scaleb(-2) for cur, _n, cents in summary},
    )


def _entries(conn: sqlite3.Connection, rows: list[tuple[Any, ...]], today: date) -> list[QueueEntry]:
    ids = [row[0] for row in rows]
    marks = ",".join("?" * len(ids))
    called = {
        r[0] for r in conn.execute(f"SELECT DISTINCT debtor_id FROM calls WHERE debtor_id IN ({marks})", ids)
    }
    details: dict[tuple[int, str], tuple[str, time | None]] = {}
    for debtor_id, kind, reason, due_time in conn.execute(
        f"SELECT debtor_id, kind, reason, due_time FROM next_actions WHERE done_at IS NULL AND due_date <= ? "
        f"AND debtor_id IN ({marks}) ORDER BY due_date DESC, id DESC",
        [today.isoformat(), *ids],
    ):
        details[(debtor_id, kind)] = (reason, time.fromisoformat(due_time) if due_time else None)
    kinds_by_tier: dict[int, ActionKind] = {
        tier: kind for kind, tier in TIERS.items() if kind is not ActionKind.CADENCE_CALL
    }
    entries = []
    for debtor_id, cents, oldest_text, n_invoices, currency, name, language, tier in rows:
        reason = kinds_by_tier.get(tier)
        if reason is ActionKind.FIRST_CALL and debtor_id in called:
            reason = ActionKind.CADENCE_CALL
        oldest = date.fromisoformat(oldest_text)
        days_late = (today - oldest).days
        note, due_time = details.get((debtor_id, reason.value), ("", None)) if reason else ("", None)
        entries.append(
            QueueEntry(
                debtor_id=debtor_id,
                name=name,
                currency=currency,
                total_overdue=Decimal(cents).scaleb(-2),
                days_late=days_late,
                oldest_due=oldest,
                open_invoices=n_invoices,
                priority=score_of(tier, cents, days_late),
                reason=reason,
                language=language,
                action_note=note,
                due_time=due_time,
            )
        )
    return entries
