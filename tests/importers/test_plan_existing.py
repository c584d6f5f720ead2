"""An import reads only the part of the book its files name, and plans exactly as if it read it all."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dunning_tui.importers.plan import existing as existing_module
from dunning_tui.importers.plan.existing import Existing
from dunning_tui.importers.plan.planner import Planner, RowsByKind
from dunning_tui.importers.plan.records import ImportDefaults
from dunning_tui.importers.run import read_files
from dunning_tui.store.database import Database
from tests.importers.conftest import exported, write


def _plan(db: Database, folder: Path, *, selective: bool) -> tuple[object, list[str]]:
    sources = read_files([folder]).sources
    rows = RowsByKind.sort(sources)
    wanted = rows.wanted()
    with db.session() as session:
        book = Existing.load(session, wanted if selective else None)
        planner = Planner(sources, book, ImportDefaults(), rows)
        plan = planner.build()
    return plan, sorted(str(e) for e in planner.errors)


@pytest.fixture
def demo_book(db: Database, tmp_path: Path) -> Path:
    from dunning_tui.store.demo import load_demo

    with db.session() as session:
        load_demo(session, debtors=25, seed=3, today=date(2026, 11, 23))
    exported(db, tmp_path / "export")
    return tmp_path / "export"


def test_an_export_plans_the_same_from_its_part_of_the_book_and_from_all_of_it(
    db: Database, demo_book: Path
) -> None:
    full, full_errors = _plan(db, demo_book, selective=False)
    part, part_errors = _plan(db, demo_book, selective=True)
    assert part == full and part_errors == full_errors == []
    assert not full.report.changed  # type: ignore[attr-defined]


def test_edits_naming_debtors_by_name_and_invoices_by_number_plan_the_same(
    db: Database, demo_book: Path, tmp_path: Path
) -> None:
    with db.session() as session:
        from sqlalchemy import text

        (key, name), (other_key, _other) = session.execute(
            text("SELECT key, name FROM debtors ORDER BY id LIMIT 2")
        )
        numbers = [n for (n,) in session.execute(text("SELECT number FROM invoices ORDER BY id LIMIT 3"))]
    folder = tmp_path / "edits"
    write(
        folder / "reminders.csv",
        "debtor_key,date,channel,summary,invoices\n"
        f"{name},2026-11-20,call,Spoke to accounts,\n"
        f",2026-11-21,email,Copy of the invoice,{numbers[0]}\n"
        f"{other_key},2026-11-22,letter,Reminder,\n",
    )
    write(
        folder / "documents.csv",
        f"debtor_key,kind,reference,invoices\n{key},purchase_order,PO-1,{numbers[0]}\n,contract,C-9,NOPE-1\n",
    )
    write(folder / "payments.csv", f"invoice_number,date,amount\n{numbers[1]},2026-11-20,1.00\n")
    write(folder / "contacts.csv", f"debtor_key,name,role\n{name},Someone New,buyer\n")
    full, full_errors = _plan(db, folder, selective=False)
    part, part_errors = _plan(db, folder, selective=True)
    assert part_errors == full_errors and len(full_errors) == 1  # the unknown invoice NOPE-1
    assert part == full


def test_a_small_import_reads_only_what_it_names(db: Database, demo_book: Path, tmp_path: Path) -> None:
    with db.session() as session:
        from sqlalchemy import text

        ((number, key),) = session.execute(
            text("SELECT i.number, d.key FROM invoices i JOIN debtors d ON d.id = i.debtor_id LIMIT 1")
        )
    write(tmp_path / "one" / "payments.csv", f"invoice_number,date,amount\n{number},2026-11-20,1.00\n")
    rows = RowsByKind.sort(read_files([tmp_path / "one"]).sources)
    with db.session() as session:
        book = Existing.load(session, rows.wanted())
        everything = Existing.load(session, None)
    assert list(book.invoices) == [number] and list(book.debtors) == [key]
    assert len(book.debtor_ids) == len(everything.debtor_ids) == 25
    assert len(everything.invoices) > 25


def test_a_large_import_reads_the_whole_book(
    db: Database, demo_book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(existing_module, "SELECTIVE_LIMIT", 10)
    rows = RowsByKind.sort(read_files([demo_book]).sources)
    with db.session() as session:
        book = Existing.load(session, rows.wanted())
    assert len(book.debtors) == 25
