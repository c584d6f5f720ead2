"""`dunning report`: text, JSON with money as decimal strings, CSV files for a spreadsheet."""

from __future__ import annotations

import csv
import json
import re
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dunning_tui.cli import app
from tests.conftest import TODAY

runner = CliRunner()


@pytest.fixture
def demo(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    from dunning_tui.clock import Clock

    monkeypatch.setattr("dunning_tui.cli.common.clock", lambda: Clock.pinned(TODAY))
    result = runner.invoke(app, ["demo", "--db", db_url, "--debtors", "12", "--date", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    return db_url


def _expected(db_url: str) -> dict[str, object]:
    from dunning_tui.cli.report import report_json
    from dunning_tui.settings import CadenceSettings
    from dunning_tui.store.database import Database
    from dunning_tui.store.report import build_report, script_shapes

    database = Database.open(db_url)
    try:
        with database.session() as session:
            since = TODAY - timedelta(days=364)
            return report_json(
                build_report(
                    session, since, TODAY, TODAY, CadenceSettings().bank_delay_days, script_shapes(None)
                )
            )
    finally:
        database.close()


def test_json_is_the_report_with_money_as_decimal_strings(demo: str) -> None:
    result = runner.invoke(app, ["report", "--db", demo, "--until", TODAY.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == _expected(demo)
    assert data["since"] == (TODAY - timedelta(days=364)).isoformat()
    assert data["calls"]["calls"] > 0, "the demo has months of calls"
    for amount in (*data["calls"]["promised"].values(), data["ageing"][0]["total"]):
        assert isinstance(amount, str) and amount.replace(".", "").isdigit() and amount[-3] == "."
    assert data["script_branches"] and data["payers"]


def test_text_report(demo: str) -> None:
    result = runner.invoke(app, ["report", "--db", demo, "--until", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    for heading in ("Report · ", "Where the money stands (EUR)", "What works in the script", "Who pays"):
        assert heading in result.stdout
    assert "·· not due" in result.stdout  # the ageing chart's legend
    # Days as people write them, never ISO dates: "Report · 24 Nov 2025 to 23 Nov 2026", "23/11/26".
    assert "Report · 24 Nov 2025 to 23 Nov 2026" in result.stdout
    assert "23/11/26" in result.stdout and TODAY.isoformat()[2:] not in result.stdout
    assert re.search(r"on the phone \d+h \d\dm", result.stdout)


def test_text_report_in_french_says_nothing_in_english(demo: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUNNING_LANGUAGE", "fr")
    result = runner.invoke(app, ["report", "--db", demo, "--until", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for heading in (
        "Rapport · du ",
        "Où en sont les sommes dues (EUR)",
        "Ce qui marche dans le script",
        "Qui paie",
    ):
        assert heading in out
    assert "Rapport · du 24 nov. 2025 au 23 nov. 2026" in out and "23/11/26" in out
    assert re.search(r"au tél\. \d+\u00a0h\u00a0\d\d", out)
    assert "·· non échu" in out and " appels · " in out and "\u00a0%" in out
    for english in (
        "Report",
        "Where the money",
        "calls",
        "reached",
        "kept",
        "Who pays",
        "not due",
        "(call ended)",
    ):
        assert english not in out
    assert "%" not in out.replace("\u00a0%", "")  # every share written the French way, "92 %"


def test_csv_files_for_a_spreadsheet(demo: str, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    result = runner.invoke(app, ["report", "--db", demo, "--until", TODAY.isoformat(), "--csv", str(folder)])
    assert result.exit_code == 0, result.output
    expected = _expected(demo)
    for name, key in (("ageing", "ageing"), ("script_branches", "script_branches"), ("payers", "payers")):
        path = folder / f"{name}.csv"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == len(expected[key])  # type: ignore[arg-type]
    with (folder / "ageing.csv").open(encoding="utf-8") as handle:
        first = next(csv.DictReader(handle))
    assert first["as_of"] == TODAY.isoformat() and first["total"] == expected["ageing"][0]["total"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "yesterday"], "--since must be a date written YYYY-MM-DD"),
        (["--since", "2026-11-30", "--until", "2026-11-01"], "--since must not be after --until."),
    ],
)
def test_bad_dates_are_one_sentence(demo: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["report", "--db", demo, *args])
    assert result.exit_code == 2
    assert message in result.output


def test_names_are_shown_as_written(demo: str) -> None:
    from sqlalchemy import select, update

    from dunning_tui.store import tables as t
    from dunning_tui.store.database import Database

    database = Database.open(demo)
    try:
        with database.session() as session:
            called = session.scalar(select(t.Call.debtor_id).limit(1))
            session.execute(update(t.Debtor).where(t.Debtor.id == called).values(name="Dupont [b]SA[/b]"))
    finally:
        database.close()
    result = runner.invoke(
        app, ["report", "--db", demo, "--until", TODAY.isoformat()], env={"COLUMNS": "120"}
    )
    assert result.exit_code == 0, result.output
    assert "Dupont [b]SA[/b]" in result.stdout
