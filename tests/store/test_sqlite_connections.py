"""Every connection to a SQLite book is made one way, and a book at this version's schema shows its
queue's first page without SQLAlchemy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dunning_tui.store.sqlite import SqliteTarget, sqlite_target
from tests.conftest import TODAY


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("sqlite:///book.sqlite3", SqliteTarget(Path("book.sqlite3"))),
        ("sqlite:////srv/books/main.sqlite3", SqliteTarget(Path("/srv/books/main.sqlite3"))),
        ("sqlite+pysqlite:////srv/b.sqlite3", SqliteTarget(Path("/srv/b.sqlite3"))),
        ("SQLITE:////srv/b.sqlite3", SqliteTarget(Path("/srv/b.sqlite3"))),
        ("sqlite:////srv/my%20books/b.sqlite3", SqliteTarget(Path("/srv/my books/b.sqlite3"))),
        ("sqlite:////srv/b.sqlite3?timeout=1", SqliteTarget(Path("/srv/b.sqlite3"))),
        ("sqlite://", SqliteTarget(None)),
        ("sqlite:///:memory:", SqliteTarget(None)),
        ("postgresql+psycopg://u@localhost/book", None),
        ("nonsense", None),
    ],
)
def test_sqlite_urls_name_the_file_sqlalchemy_names(url: str, target: SqliteTarget | None) -> None:
    assert sqlite_target(url) == target
    if target is not None and target.path is not None:
        from sqlalchemy.engine import make_url

        assert Path(str(make_url(url).database)).expanduser() == target.path


def test_the_engine_and_the_plain_statements_connect_alike(demo_db) -> None:
    from sqlalchemy import text

    expected = {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000, "synchronous": 2}
    with demo_db.engine.connect() as conn:
        engine_side = {name: conn.execute(text(f"PRAGMA {name}")).scalar() for name in expected}
    with demo_db.plain() as statements:
        plain_side = {name: statements.run(f"PRAGMA {name}", {})[0][0] for name in expected}
    assert engine_side == plain_side == expected


READ_FIRST_PAGE = """
import json, sys
from datetime import date
from dunning_tui.clock import Clock
from dunning_tui.services import Services
from dunning_tui.store.queue_types import QueueFilter

services = Services.open(sys.argv[1], Clock.pinned(date.fromisoformat(sys.argv[2])))
page = services.queue_page(date.fromisoformat(sys.argv[2]), QueueFilter(), 0, 10)
services.close()
print(json.dumps({
    "ids": [e.debtor_id for e in page.entries],
    "stages": [e.stage.value for e in page.entries],
    "count": page.summary.count,
    "loaded": sorted({name.split(".")[0] for name in sys.modules}),
}))
"""


def test_the_first_page_of_a_current_book_is_read_without_sqlalchemy(demo_db, db_url: str) -> None:
    """The page read by a fresh process without the engine is the page the engine's session reads."""
    from dunning_tui.clock import Clock
    from dunning_tui.services import Services
    from dunning_tui.settings import load_settings
    from dunning_tui.store.queue_types import QueueFilter

    services = Services(demo_db, load_settings(), Clock.pinned(TODAY))
    expected = services.queue_page(TODAY, QueueFilter(), 0, 10)  # the day's follow-up runs here
    out = subprocess.run(
        [sys.executable, "-c", READ_FIRST_PAGE, db_url, TODAY.isoformat()],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    got = json.loads(out)
    assert "sqlalchemy" not in got["loaded"]
    assert got["ids"] == [e.debtor_id for e in expected.entries] != []
    assert got["stages"] == [e.stage.value for e in expected.entries]
    assert got["count"] == expected.summary.count


def test_plain_statements_take_dates_as_sqlite_compares_them_and_refuse_a_time_of_day() -> None:
    from datetime import date, datetime

    from dunning_tui.store.sqlite import sqlite_values

    assert sqlite_values({"today": date(2026, 11, 30), "limit": 50}) == {"today": "2026-11-30", "limit": 50}
    with pytest.raises(TypeError):
        sqlite_values({"now": datetime(2026, 11, 30, 9, 0)})
