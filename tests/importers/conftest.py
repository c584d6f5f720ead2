"""Helpers for the CSV import and export tests: databases under ``tmp_path``, files as spreadsheets write them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dunning_tui.importers.csv.export import export_database
from dunning_tui.importers.report import ImportReport
from dunning_tui.importers.run import import_paths
from dunning_tui.store.database import Database


def write(path: Path, text: str, *, bom: bool = False, encoding: str = "utf-8", crlf: bool = False) -> Path:
    """Write ``text`` (lines joined by ``\\n``) as a spreadsheet would: BOM, Windows line ends, code page."""
    body = text.replace("\n", "\r\n") if crlf else text
    data = body.encode(encoding)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(f"sqlite:///{tmp_path / 'import.sqlite3'}")
    yield database
    database.close()


@pytest.fixture
def fresh_db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    yield database
    database.close()


def run_import(db: Database, *paths: Path, dry_run: bool = False) -> ImportReport:
    return import_paths(db, list(paths), dry_run=dry_run)


def exported(db: Database, directory: Path) -> dict[str, bytes]:
    export_database(db, directory)
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def counts(report: ImportReport) -> dict[str, tuple[int, int, int]]:
    return {
        k: (c.created, c.updated, c.unchanged)
        for k, c in report.counts.items()
        if c.created or c.updated or c.unchanged
    }
