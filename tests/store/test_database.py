from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from dunning_tui.errors import UserError
from dunning_tui.store.database import SCHEMA_REVISIONS, Database


def test_new_sqlite_file_is_private_and_uses_safe_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "d.sqlite3"
    db = Database.open(f"sqlite:///{path}")
    try:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert db.current_revision() == SCHEMA_REVISIONS[-1]
    finally:
        db.close()


def test_queue_index_is_partial_and_covering(database: Database) -> None:
    with database.engine.connect() as conn:
        sql = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'ix_invoices_open_queue'")
        ).scalar()
    assert "WHERE" in sql and "paid_cents < total_cents" in sql
    assert "total_cents" in sql.split("WHERE")[0]


def test_newer_schema_is_refused_with_one_sentence(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    Database.open(url).close()
    with sqlite3.connect(tmp_path / "d.sqlite3") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(UserError, match="newer version"):
        Database.open(url)


def test_migrating_an_older_file_writes_a_backup_first(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    Database.open(f"sqlite:///{path}").close()
    import dunning_tui.store.database as database_module

    original = database_module.SCHEMA_REVISIONS
    database_module.SCHEMA_REVISIONS = ("0000", *original)
    try:
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '0000'")
        # Pretend the shipped migrations are already at head for this older revision.
        db = Database(database_module.create_database_engine(f"sqlite:///{path}"), f"sqlite:///{path}")
        backup = db._backup("0000")
        db.close()
    finally:
        database_module.SCHEMA_REVISIONS = original
    assert backup is not None and backup.exists()
    assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0000",)


def test_locked_database_is_one_clear_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dunning_tui.store import pragmas

    monkeypatch.setattr(pragmas, "BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "d.sqlite3"
    url = f"sqlite:///{path}"
    Database.open(url).close()
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        db = Database.open(url, migrate=False)
        with pytest.raises(UserError, match="locked by another program"), db.session() as session:
            session.execute(
                text(
                    "INSERT INTO debtors (key, name, kind, country, language, "
                    "registration_number, vat_number, address, email, phone, payment_terms_days, "
                    "profile, profile_notes, pause_reason, owner) VALUES ('k','n','business','FR',"
                    "'fr','','','','','',30,'','','','')"
                )
            )
        db.close()
    finally:
        locker.rollback()
        locker.close()


def test_bad_urls_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not a database URL"):
        Database.open("nonsense")
    for in_memory in ("sqlite://", "sqlite:///", "sqlite:///:memory:"):
        with pytest.raises(UserError, match="names no database file"):
            Database.open(in_memory)
    with pytest.raises(UserError, match="folder"):
        Database.open(f"sqlite:///{tmp_path}")
    (tmp_path / "junk.sqlite3").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(UserError, match="not a dunning database"):
        Database.open(f"sqlite:///{tmp_path / 'junk.sqlite3'}")


def test_another_programs_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "photos.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE albums (id INTEGER PRIMARY KEY, title TEXT)")
        conn.execute("INSERT INTO albums (title) VALUES ('Holidays')")
    conn.close()
    with pytest.raises(UserError, match=r"is not a dunning database: it holds other tables \(albums\)"):
        Database.open(f"sqlite:///{path}")
    with sqlite3.connect(path) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == [
            "albums"
        ]
    conn.close()
