"""``dunning import``: read every file given, check it whole, write it in one go.

Every file is read and every row checked before anything is written; a single bad row anywhere
means nothing is imported and every bad row is listed (:class:`BadRowsError`). The writes then run in
one transaction (:mod:`~dunning_tui.importers.plan.apply`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from dunning_tui.importers.csv.read import CsvFile, collect_files, read_csv
from dunning_tui.importers.plan.apply import apply_plan
from dunning_tui.importers.plan.planner import Planner
from dunning_tui.importers.plan.records import Existing, ImportDefaults
from dunning_tui.importers.report import BadRowsError, ImportReport
from dunning_tui.importers.source import BadRow, NoProgress, Progress
from dunning_tui.store.database import Database

__all__ = ["BadRowsError", "ImportDefaults", "ImportReport", "import_paths", "read_files"]


def read_files(paths: Iterable[Path], progress: Progress | None = None) -> tuple[list[CsvFile], list[BadRow]]:
    """Read and check every row of every file; the bad rows come back with the good ones."""
    progress = progress or NoProgress()
    tables: list[CsvFile] = []
    errors: list[BadRow] = []
    for path in collect_files(paths):
        table, bad = read_csv(path, progress)
        errors.extend(bad)
        if table is not None:
            tables.append(table)
    return tables, errors


def import_paths(
    database: Database,
    paths: Iterable[Path],
    *,
    dry_run: bool = False,
    defaults: ImportDefaults | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import files and folders of the CSV layout; with ``dry_run``, check and count only.

    Raises :class:`BadRowsError` listing every bad row of every file when any row is bad.
    """
    progress = progress or NoProgress()
    tables, errors = read_files(paths, progress)
    with database.session() as session:
        planner = Planner(tables, Existing.load(session), defaults or ImportDefaults())
        plan = planner.build()
        if errors or planner.errors:
            raise BadRowsError(errors + planner.errors)
        plan.report.dry_run = dry_run
        if not dry_run:
            apply_plan(session, plan, progress)
    return plan.report
