"""``dunning import`` and ``dunning export`` on the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from dunning_tui.cli import transfer
from tests.importers.conftest import write
from tests.importers.test_csv_import import ENGLISH_INVOICES, FRENCH_INVOICES, FRENCH_PAYMENTS

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

    @app.callback()
    def _root() -> None:
        """dunning"""

    transfer.register(app)
    return app


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def test_import_prints_counts_then_reimport_changes_nothing(tmp_path: Path, url: str) -> None:
    write(tmp_path / "in" / "factures.csv", FRENCH_INVOICES, bom=True)
    write(tmp_path / "in" / "paiements.csv", FRENCH_PAYMENTS)
    result = runner.invoke(_app(), ["import", str(tmp_path / "in"), "--db", url])
    assert result.exit_code == 0, result.output
    assert "Imported factures.csv, paiements.csv:" in result.output
    assert "invoices         3 new        0 updated        0 unchanged" in result.output
    again = runner.invoke(_app(), ["import", str(tmp_path / "in"), "--db", url])
    assert again.exit_code == 0, again.output
    assert "nothing changed." in again.output


def test_bad_rows_exit_2_with_every_row_on_stderr(tmp_path: Path, url: str) -> None:
    bad = ENGLISH_INVOICES.replace("2025-03-01", "2025-02-30").replace("250.00", "lots")
    write(tmp_path / "invoices.csv", bad)
    result = runner.invoke(_app(), ["import", str(tmp_path / "invoices.csv"), "--db", url])
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == "Error: invoices.csv has 2 bad rows; nothing was imported."
    assert "  invoices.csv line 2, column 'Invoice date', value '2025-02-30': no such date" in result.output
    assert "  invoices.csv line 3, column 'Total incl. VAT', value 'lots': not an amount" in result.output
    assert "Traceback" not in result.output


def test_dry_run_writes_nothing(tmp_path: Path, url: str) -> None:
    write(tmp_path / "invoices.csv", ENGLISH_INVOICES)
    result = runner.invoke(_app(), ["import", str(tmp_path / "invoices.csv"), "--db", url, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Would import invoices.csv:" in result.output
    assert "Dry run: nothing was written." in result.output
    export = runner.invoke(_app(), ["export", str(tmp_path / "out"), "--db", url])
    assert export.exit_code == 0, export.output
    assert (tmp_path / "out" / "invoices.csv").read_text().count("\n") == 1


def test_export_then_import_into_an_empty_database_then_export(tmp_path: Path, url: str) -> None:
    write(tmp_path / "in" / "factures.csv", FRENCH_INVOICES)
    write(tmp_path / "in" / "paiements.csv", FRENCH_PAYMENTS)
    assert runner.invoke(_app(), ["import", str(tmp_path / "in"), "--db", url]).exit_code == 0
    result = runner.invoke(_app(), ["export", str(tmp_path / "one"), "--db", url])
    assert result.exit_code == 0, result.output
    assert f"       3 rows  {tmp_path / 'one' / 'invoices.csv'}" in result.output
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    assert runner.invoke(_app(), ["import", str(tmp_path / "one"), "--db", other]).exit_code == 0
    assert runner.invoke(_app(), ["export", str(tmp_path / "two"), "--db", other]).exit_code == 0
    for name in ("invoices.csv", "payments.csv", "reminders.csv", "documents.csv", "contacts.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_missing_path_is_one_sentence(tmp_path: Path, url: str) -> None:
    result = runner.invoke(_app(), ["import", str(tmp_path / "nope.csv"), "--db", url])
    assert result.exit_code == 2
    assert result.output.strip() == f"Error: {tmp_path / 'nope.csv'} does not exist."
    assert not (tmp_path / "cli.sqlite3").exists()


def test_new_debtors_take_the_users_country_and_currency(tmp_path: Path, url: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text('jurisdiction = "UK"\ncurrency = "GBP"\nlanguage = "en"\n')
    write(tmp_path / "invoices.csv", "invoice_number,debtor_name,issue_date,total\nA-1,ACME,2025-01-01,12\n")
    env = {"DUNNING_CONFIG": str(config)}
    assert (
        runner.invoke(_app(), ["import", str(tmp_path / "invoices.csv"), "--db", url], env=env).exit_code == 0
    )
    runner.invoke(_app(), ["export", str(tmp_path / "out"), "--db", url], env=env)
    row = (tmp_path / "out" / "invoices.csv").read_text().splitlines()[1]
    assert row.startswith("acme,ACME,business,GB,en,")
    assert ",A-1,2025-01-01,2025-01-31,GBP,12.00," in row


def test_progress_bar_draws_only_for_large_work() -> None:
    progress = transfer.RichProgress(threshold=100)
    progress.start("Reading small.csv", 10)
    progress.advance(10)
    assert progress._bar is None
    progress.stop()


def test_the_command_module_imports_no_sqlalchemy() -> None:
    code = (
        "import sys, dunning_tui.cli.transfer; print('sqlalchemy' in sys.modules, 'pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
