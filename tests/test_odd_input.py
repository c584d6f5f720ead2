"""Odd but reachable input is refused with one sentence (exit status 2), never a traceback.

Bounds a user would expect: amounts below 10^12, dates between 1990 and 2100.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dunning_tui.cli import app
from dunning_tui.domain.dates import parse_date_phrase
from dunning_tui.domain.money import parse_amount
from dunning_tui.errors import UserError
from tests.conftest import TODAY

runner = CliRunner()


@pytest.fixture
def book(db_url: str) -> str:
    made = runner.invoke(app, ["demo", "--db", db_url, "--debtors", "3", "--date", TODAY.isoformat()])
    assert made.exit_code == 0, made.output
    return db_url


def _one_sentence(result: object, words: str) -> None:
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    lines = [line for line in result.output.splitlines() if line.strip()]  # type: ignore[attr-defined]
    assert lines and lines[0].startswith("Error: ") and words in lines[0], lines
    assert "Traceback" not in result.output  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("amount", "words"),
    [("1e30", "not an amount"), ("1_000", "not an amount"), ("1000000000000", "too large")],
)
def test_payment_amounts_out_of_bounds(book: str, amount: str, words: str) -> None:
    result = runner.invoke(app, ["payment", "add", "X-1", amount, "--db", book])
    _one_sentence(result, words)


@pytest.mark.parametrize("command", [["penalties", "1"], ["letter", "1"], ["queue"]])
def test_dates_out_of_bounds(book: str, command: list[str]) -> None:
    for day in ("9999-12-31", "0001-01-01", "1989-12-31", "2101-01-01"):
        result = runner.invoke(app, [*command, "--date", day, "--db", book])
        _one_sentence(result, "between 1990 and 2100")


def test_amount_parser_bounds() -> None:
    assert parse_amount("1 000,50") == Decimal("1000.50")
    assert parse_amount("999999999999.99") == Decimal("999999999999.99")
    for text in ("1e30", "1E3", "1_000", "1000000000000", "-1e999", "Infinity", "NaN"):
        with pytest.raises(ValueError):
            parse_amount(text)


@pytest.mark.parametrize("text", ["dans 99999 mois", "in 99999 months", "dans 999999999 jours", "31/12/9999"])
def test_spoken_dates_out_of_bounds_are_not_understood(text: str) -> None:
    assert parse_date_phrase(text, TODAY, "fr") is None


def test_spoken_dates_in_bounds_still_work() -> None:
    assert parse_date_phrase("dans 2 mois", TODAY, "fr") == date(2027, 1, 23)


@pytest.mark.parametrize("value", ["0", "-1", "nan", "1e999", "inf", "601"])
def test_smtp_timeouts_out_of_bounds(value: str) -> None:
    from dunning_tui.documents.mail import parse_smtp_url

    with pytest.raises(UserError, match="timeout in smtp_url must be"):
        parse_smtp_url(f"smtp://host:25?timeout={value}")
    assert parse_smtp_url("smtp://host:25?timeout=2.5").timeout == 2.5


def test_a_deeply_nested_script_is_one_sentence(tmp_path: Path) -> None:
    from dunning_tui.script import load_script

    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    with pytest.raises(UserError, match="cannot be used") as refused:
        load_script(path)
    assert any("nested too deeply" in line for line in refused.value.details)
    result = runner.invoke(app, ["script", "check", str(path)])
    assert result.exit_code == 2 and "nested too deeply" in result.output


def test_a_deeply_nested_config_is_one_sentence(isolated_home: Path, db_url: str) -> None:
    (isolated_home / "config.toml").write_text("x = " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    result = runner.invoke(app, ["queue", "--db", db_url])
    _one_sentence(result, "nested too deeply")
