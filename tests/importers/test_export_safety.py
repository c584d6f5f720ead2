"""What ``dunning export`` writes: files a spreadsheet cannot run, readable by the user only, that
import back to the same book, also after an invoice moved to another debtor."""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

from sqlalchemy import select

from dunning_tui.store.database import Database
from dunning_tui.store.tables import ContactEvent, Debtor, Document
from tests.importers.conftest import exported, run_import, write

FORMULAS = [
    '=HYPERLINK("http://x")',
    "+33 1 23 45 67 89",
    "-2+3",
    "@SUM(A1)",
    "'quoted",
    "''=x",
    "'+1",
]


def test_cells_a_spreadsheet_would_run_are_exported_inert_and_import_back(
    db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    (tmp_path / "in").mkdir()
    with (tmp_path / "in" / "invoices.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["debtor_key", "debtor_name", "invoice_number", "issue_date", "due_date", "total"])
        out.writerows(
            [f"D{n}", name, f"F-{n}", "2026-01-10", "2026-02-10", "100"] for n, name in enumerate(FORMULAS)
        )
    run_import(db, tmp_path / "in")
    first = exported(db, tmp_path / "out1")
    for row in list(csv.reader(io.StringIO(first["invoices.csv"].decode())))[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    run_import(fresh_db, tmp_path / "out1")
    with db.session() as s:
        names = sorted(s.scalars(select(Debtor.name)))
    with fresh_db.session() as s:
        assert sorted(s.scalars(select(Debtor.name))) == names
    # A leading ' marks text, as in a spreadsheet: the user's own '+1 is the value +1.
    assert names == sorted(
        ['=HYPERLINK("http://x")', "+33 1 23 45 67 89", "-2+3", "@SUM(A1)", "'quoted", "'=x", "+1"]
    )
    assert exported(fresh_db, tmp_path / "out2") == first


def test_exported_files_are_readable_by_the_user_only(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "invoices.csv").write_text("old")
    (out / "invoices.csv").chmod(0o644)
    exported(db, out)
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_moving_an_invoice_moves_its_reminders_and_documents(
    db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    head = "debtor_key,debtor_name,invoice_number,issue_date,due_date,total\n"
    write(
        tmp_path / "a" / "invoices.csv",
        head
        + "D1,One,F-1,2026-01-10,2026-02-10,100\nD1,One,F-2,2026-01-10,2026-02-10,50\nD2,Two,F-3,2026-01-10,2026-02-10,70\n",
    )
    write(
        tmp_path / "a" / "reminders.csv",
        "debtor_key,date,channel,summary,invoices\nD1,2026-03-01,email,first,F-1\nD1,2026-03-02,email,both,F-1|F-2\n",
    )
    write(
        tmp_path / "a" / "documents.csv", "debtor_key,kind,reference,invoices\nD1,purchase_order,PO-1,F-1\n"
    )
    run_import(db, tmp_path / "a")
    write(tmp_path / "b" / "invoices.csv", head + "D2,Two,F-1,2026-01-10,2026-02-10,100\n")
    run_import(db, tmp_path / "b")
    with db.session() as s:
        owner = {d.id: d.key for d in s.scalars(select(Debtor))}
        events = {e.summary: owner[e.debtor_id] for e in s.scalars(select(ContactEvent))}
        documents = {d.reference: owner[d.debtor_id] for d in s.scalars(select(Document))}
    # The reminder about F-1 alone went with it; the one about F-1 and F-2 stays with F-2.
    assert events == {"first": "D2", "both": "D1"}
    assert documents == {"PO-1": "D2"}
    first = exported(db, tmp_path / "out1")
    run_import(fresh_db, tmp_path / "out1")
    assert exported(fresh_db, tmp_path / "out2") == first
