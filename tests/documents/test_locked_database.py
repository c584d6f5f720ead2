"""A locked database stops a document before it leaves: an email is sent at most once, and a
letter the command could not record leaves no PDF behind."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import select
from typer.testing import CliRunner

from dunning_tui.cli import app
from dunning_tui.documents import mail
from dunning_tui.store import tables as t
from dunning_tui.store.database import sqlite_path
from dunning_tui.words import worded
from tests.conftest import TODAY
from tests.documents.helpers import add_debtor, add_outcome, write_config
from tests.documents.test_smtp import Sink, smtp_server  # noqa: F401  (fixture)

runner = CliRunner()


@contextmanager
def locked(db_url: str) -> Iterator[None]:
    """Another program holding the database's write lock."""
    path = sqlite_path(db_url)
    assert path is not None
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def _events(database: Any) -> list[str]:
    with database.session() as s:
        summaries = s.scalars(select(t.ContactEvent.summary).where(t.ContactEvent.channel == "email"))
        return [worded(summary, "en") for summary in summaries]  # as the user reads them


def test_an_email_is_sent_once_when_the_database_is_locked(
    database: Any,
    db_url: str,
    isolated_home: Path,
    smtp_server: tuple[Sink, int],  # noqa: F811
) -> None:
    sink, port = smtp_server
    write_config(isolated_home, f'smtp_url = "smtp://studio@127.0.0.1:{port}"\nsmtp_password = "s3cret"\n')
    with database.session() as s:
        debtor = add_debtor(s, contact="Amélie Lefèvre")
        add_outcome(s, debtor, "refused")
    outbox = isolated_home / "data" / "dunning-tui" / "outbox"

    with locked(db_url):
        refused = runner.invoke(app, ["email", str(debtor), "--send", "--db", db_url])
    assert refused.exit_code == 2, refused.output
    assert "locked" in refused.output
    assert sink.received == []  # nothing left the tool...
    assert list(outbox.glob("*.eml")) == []  # ...and nothing the user was not told about stays

    retried = runner.invoke(app, ["email", str(debtor), "--send", "--db", db_url])
    assert retried.exit_code == 0, retried.output
    assert len(sink.received) == 1
    (saved,) = outbox.glob("*.eml")
    assert mail.status_of(saved) == "sent"
    (event,) = _events(database)
    assert event.startswith("Confirmation email sent to Amélie Lefèvre")


def test_a_letter_that_cannot_be_recorded_leaves_no_pdf(
    database: Any, db_url: str, isolated_home: Path
) -> None:
    write_config(isolated_home)
    with database.session() as s:
        debtor = add_debtor(s)
    letters = isolated_home / "data" / "dunning-tui" / "letters"
    with locked(db_url):
        result = runner.invoke(app, ["letter", str(debtor), "--date", TODAY.isoformat(), "--db", db_url])
    assert result.exit_code == 2, result.output
    assert "locked" in result.output
    assert not letters.exists() or list(letters.glob("*.pdf")) == []
