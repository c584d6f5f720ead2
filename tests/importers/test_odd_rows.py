"""Odd values in an imported file are bad rows (nothing imported), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from dunning_tui.errors import UserError
from dunning_tui.importers.report import BadRowsError
from dunning_tui.store.database import Database
from tests.importers.conftest import exported, run_import, write

INVOICE_HEAD = "debtor_key,debtor_name,invoice_number,issue_date,due_date,total\n"


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("D1,Acme,F-1,2026-01-10,2026-02-10,1e30", "not an amount"),
        ("D1,Acme,F-1,2026-01-10,2026-02-10,1_000", "not an amount"),
        ("D1,Acme,F-1,2026-01-10,2026-02-10,1000000000000", "too large"),
        ("D1,Acme,F-1,31/12/9999,,100", "between 1990 and 2100"),
        ("D1,Acme,F-1,01/01/0001,,100", "between 1990 and 2100"),
        ("D1,Acme,F-1,2026-01-10,2101-01-01,100", "between 1990 and 2100"),
    ],
)
def test_odd_invoice_values_are_bad_rows(db: Database, tmp_path: Path, row: str, words: str) -> None:
    before = exported(db, tmp_path / "before")
    write(tmp_path / "in" / "invoices.csv", INVOICE_HEAD + row + "\n")
    with pytest.raises(BadRowsError) as refused:
        run_import(db, tmp_path / "in")
    assert any(words in str(bad) for bad in refused.value.bad_rows), [str(b) for b in refused.value.bad_rows]
    assert exported(db, tmp_path / "after") == before


def test_an_odd_reminder_date_is_a_bad_row(db: Database, tmp_path: Path) -> None:
    write(tmp_path / "in" / "invoices.csv", INVOICE_HEAD + "D1,Acme,F-1,2026-01-10,2026-02-10,100\n")
    write(tmp_path / "in" / "reminders.csv", "debtor_key,date,channel\nD1,0001-01-01T00:00+01:00,email\n")
    with pytest.raises(BadRowsError) as refused:
        run_import(db, tmp_path / "in")
    assert any("between 1990 and 2100" in str(bad) for bad in refused.value.bad_rows)


def test_a_header_line_over_128_kib_is_one_sentence(db: Database, tmp_path: Path) -> None:
    write(tmp_path / "invoices.csv", "x" * (200 * 1024) + "\n1\n")
    with pytest.raises(UserError, match="first line is longer than 128 KiB"):
        run_import(db, tmp_path / "invoices.csv")
