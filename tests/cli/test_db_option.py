"""``--db`` before or after the command names the same database, and never falls back silently."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from dunning_tui.cli import app
from tests.conftest import TODAY

runner = CliRunner()


def test_db_before_the_command_is_honoured(db_url: str, isolated_home) -> None:
    made = runner.invoke(app, ["--db", db_url, "demo", "--debtors", "5", "--date", TODAY.isoformat()])
    assert made.exit_code == 0, made.output
    listed = runner.invoke(app, ["--db", db_url, "queue", "--json", "--date", TODAY.isoformat()])
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.output)
    after = runner.invoke(app, ["queue", "--db", db_url, "--json", "--date", TODAY.isoformat()])
    assert json.loads(after.output) == json.loads(listed.output)
    # The default database was never created.
    assert not (isolated_home / "data" / "dunning-tui" / "dunning.sqlite3").exists()


def test_two_different_databases_are_refused(db_url: str, tmp_path) -> None:
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    result = runner.invoke(app, ["--db", db_url, "queue", "--db", other])
    assert result.exit_code == 2
    assert "--db" in result.output and "two different databases" in result.output


def test_an_empty_db_is_refused(isolated_home) -> None:
    for args in (["--db", "", "queue"], ["queue", "--db", "  "], ["--db", ""]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "--db" in result.output
