"""Test isolation: no test reads the user's real config, data directory or database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("DUNNING_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    for var in ("DUNNING_DB", "DUNNING_SMTP_URL", "DUNNING_LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def database(db_url: str) -> Iterator[object]:
    from dunning_tui.store.database import Database

    db = Database.open(db_url)
    yield db
    db.close()


@pytest.fixture
def demo_db(database: object) -> object:
    from dunning_tui.store.demo import load_demo

    with database.session() as session:  # type: ignore[attr-defined]
        load_demo(session, debtors=30, seed=7, today=TODAY)
    return database
