"""The quick start shows the same first page as the store's queue, then connects for real."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from tests.conftest import TODAY
from tests.tui.helpers import wait_for

from dunning_tui.entry import _app_only
from dunning_tui.store.followup import refresh
from dunning_tui.store.queue import load_queue, queue_summary
from dunning_tui.tui.quickstart import LiteSettings, first_page, read_lite_settings, sqlite_file


@pytest.mark.parametrize("offset", [0, 3, 20])
def test_first_page_equals_the_store_queue(demo_db, db_url: str, settings, offset: int) -> None:
    day = TODAY + timedelta(days=offset)
    with demo_db.session() as session:
        refresh(session, TODAY, settings.cadence)
    with demo_db.session() as session:
        expected = load_queue(session, day, limit=10)
        summary = queue_summary(session, day)
    quick = first_page(sqlite_file(db_url), day, 10)
    assert quick is not None
    assert quick.entries == expected
    assert quick.summary == summary


def test_quick_start_declines_what_it_cannot_read(tmp_path: Path, database, db_url: str) -> None:
    assert first_page(sqlite_file(db_url), TODAY, 10) is None  # empty: the ordinary start offers the demo
    assert first_page(tmp_path / "missing.sqlite3", TODAY, 10) is None
    (tmp_path / "junk.sqlite3").write_bytes(b"not a database" * 50)
    assert first_page(tmp_path / "junk.sqlite3", TODAY, 10) is None
    assert sqlite_file("postgresql+psycopg://u@h/db") is None
    assert sqlite_file("sqlite:///x.db?mode=ro") is None
    assert sqlite_file("sqlite:////abs/x.db") == Path("/abs/x.db")


def test_lite_settings_follow_file_and_environment(isolated_home, monkeypatch) -> None:
    (isolated_home / "config.toml").write_text('language = "fr"\ncurrency = "GBP"\ndb = "sqlite:////a.db"\n')
    lite = read_lite_settings(None)
    assert lite == LiteSettings("sqlite:////a.db", "fr", "", "GBP")
    monkeypatch.setenv("DUNNING_DB", "sqlite:////b.db")
    assert read_lite_settings(None).db == "sqlite:////b.db"
    assert read_lite_settings("sqlite:////c.db").db == "sqlite:////c.db"
    (isolated_home / "config.toml").write_text("not = = toml")
    assert read_lite_settings(None) is None


def test_only_the_app_takes_the_quick_entry() -> None:
    assert _app_only([]) == (True, None)
    assert _app_only(["--db", "sqlite:///x"]) == (True, "sqlite:///x")
    assert _app_only(["--db=sqlite:///x"]) == (True, "sqlite:///x")
    assert _app_only(["queue"])[0] is False
    assert _app_only(["--help"])[0] is False


async def test_app_shows_the_first_page_then_connects(
    demo_db, db_url: str, isolated_home, monkeypatch
) -> None:
    import threading

    from dunning_tui.store.database import Database
    from dunning_tui.tui.app import build_app

    checked = threading.Event()
    real_open = Database.open.__func__

    def open_after_check(cls, url, **kwargs):
        checked.wait(10)  # hold the engine back until the first page has been looked at
        return real_open(cls, url, **kwargs)

    monkeypatch.setattr(Database, "open", classmethod(open_after_check))

    (isolated_home / "config.toml").write_text('language = "en"\n')
    lite = read_lite_settings(db_url)
    quick = first_page(sqlite_file(db_url), TODAY, 50)
    app = build_app(lite, None, today=TODAY, first=quick)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert [e.debtor_id for e in screen.entries] == [e.debtor_id for e in quick.entries]
        assert not app.connected
        await pilot.press("enter")  # before the engine is there: a note, no crash
        assert type(app.screen).__name__ == "QueueScreen"
        checked.set()
        await wait_for(pilot, lambda: app.connected and app.followed_up)
        await pilot.press("enter")
        await wait_for(pilot, lambda: getattr(app.screen, "file", None) is not None)
        assert type(app.screen).__name__ == "DebtorScreen"
