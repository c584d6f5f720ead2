"""kill -9 while the schema is being created or migrated: the database always opens afterwards.

A child process opens the database with every DDL statement slowed down, says when the first one
has run, and is killed there, half-way through the schema. The next open must find either the old
schema or the new one whole, and bring it to the head.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import inspect

from dunning_tui.errors import UserError
from dunning_tui.store.database import SCHEMA_REVISIONS, Database
from dunning_tui.store.tables import Base

CHILD = textwrap.dedent(
    """
    import sys, time
    from sqlalchemy import event
    from dunning_tui.store import database as d

    engine = d.create_database_engine(sys.argv[1])
    done = []

    def slow(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith(("CREATE", "ALTER", "DROP", "INSERT INTO ALEMBIC")):
            done.append(statement)
            if len(done) == int(sys.argv[2]):
                print("half-way", flush=True)
            time.sleep(0.05)

    event.listen(engine, "after_cursor_execute", slow)
    db = d.Database(engine, sys.argv[1])
    db.migrate()
    print("finished", flush=True)
    """
)


def _kill_half_way(url: str, after: int) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, url, str(after)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.strip() == "half-way", line
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)


def _opens_whole(url: str) -> None:
    database = Database.open(url)
    try:
        assert database.current_revision() == SCHEMA_REVISIONS[-1]
        with database.engine.connect() as conn:
            assert set(Base.metadata.tables) <= set(inspect(conn).get_table_names())
    finally:
        database.close()


@pytest.mark.parametrize("after", [3, 20])
def test_kill_during_the_first_schema_creation(tmp_path: Path, after: int) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    _kill_half_way(url, after)
    _opens_whole(url)


def test_kill_during_a_migration(tmp_path: Path) -> None:
    from alembic import command

    from dunning_tui.store.migrate import alembic_config

    path = tmp_path / "old.sqlite3"
    url = f"sqlite:///{path}"
    old = Database(__import__("dunning_tui.store.database", fromlist=["x"]).create_database_engine(url), url)
    command.upgrade(alembic_config(old.engine), "0003")
    old.close()
    _kill_half_way(url, 2)  # inside 0004
    _opens_whole(url)


def test_a_failed_migration_puts_the_backup_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from alembic import command

    from dunning_tui.store import database as database_module
    from dunning_tui.store import migrate
    from dunning_tui.store.migrate import alembic_config

    path = tmp_path / "old.sqlite3"
    url = f"sqlite:///{path}"
    old = Database(database_module.create_database_engine(url), url)
    command.upgrade(alembic_config(old.engine), "0003")
    old.close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO app_state (key, value) VALUES ('mine', 'kept')")
    before = path.read_bytes()

    def broken(engine: object) -> None:
        with sqlite3.connect(path) as conn:  # a migration that got half-way by its own means
            conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk full")

    monkeypatch.setattr(migrate, "upgrade_to_head", broken)
    with pytest.raises(UserError, match="put back as it was"):
        Database.open(url)
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "half_done" not in tables
        assert conn.execute("SELECT value FROM app_state WHERE key='mine'").fetchone() == ("kept",)
    assert len(before) > 0
