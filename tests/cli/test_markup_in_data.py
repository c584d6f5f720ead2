"""Names and notes holding markup are printed as they are, by every command that shows them."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dunning_tui.cli import app
from dunning_tui.store.database import Database
from tests.conftest import TODAY
from tests.markup_book import HOSTILE, hostile_book

runner = CliRunner()


@pytest.fixture
def book(db_url: str) -> str:
    database = Database.open(db_url)
    hostile_book(database)
    database.close()
    return db_url


def test_queue_prints_hostile_names_as_text(book: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = runner.invoke(app, ["queue", "--db", book, "--date", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    listed = json.loads(
        runner.invoke(app, ["queue", "--db", book, "--date", TODAY.isoformat(), "--json"]).output
    )
    assert listed
    for row in listed:
        assert row["name"] in result.output


@pytest.mark.parametrize("debtor", range(1, 6))
def test_show_and_penalties_print_hostile_text_as_text(book: str, debtor: int) -> None:
    shown = runner.invoke(app, ["show", str(debtor), "--db", book, "--date", TODAY.isoformat()])
    assert shown.exit_code == 0, shown.output
    text = HOSTILE[debtor % len(HOSTILE)]
    assert f"{text} {debtor}" in shown.output
    penalties = runner.invoke(app, ["penalties", str(debtor), "--db", book, "--date", TODAY.isoformat()])
    assert penalties.exit_code == 0, penalties.output
    assert f"{text} {debtor}" in penalties.output
