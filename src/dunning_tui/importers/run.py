"""``dunning import``: read every file given (CSV and e-invoices), check it whole, write it in one go.

Every file is read and every row checked before anything is written; a single bad row anywhere
means nothing is imported and every bad row is listed (:class:`BadRowsError`). The writes then run in
one transaction (:mod:`~dunning_tui.importers.plan.apply`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dunning_tui.errors import UserError
from dunning_tui.importers.csv.read import read_csv
from dunning_tui.importers.einvoice.read import EInvoiceFile, SellerIds, read_einvoice, settle_buyers
from dunning_tui.importers.einvoice.safety import read_bounded, xml_from_pdf
from dunning_tui.importers.files import Format, collect_files, sniff
from dunning_tui.importers.plan.apply import apply_plan
from dunning_tui.importers.plan.existing import Existing
from dunning_tui.importers.plan.planner import Planner, RowsByKind
from dunning_tui.importers.plan.records import ImportDefaults
from dunning_tui.importers.report import BadRowsError, ImportReport
from dunning_tui.importers.source import BadRow, NoProgress, Progress, Source
from dunning_tui.store.atomic import hold_tables_for_import
from dunning_tui.store.database import Database
from dunning_tui.store.import_folders import remember_import_folders
from dunning_tui.words import coded

__all__ = ["BadRowsError", "ImportDefaults", "ImportReport", "SellerIds", "import_paths", "read_files"]


@dataclass
class Read:
    """Every file read: the sources for the planner, their bad rows, and notes for the report."""

    sources: list[Source] = field(default_factory=list)
    errors: list[BadRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_files(
    paths: Iterable[Path],
    progress: Progress | None = None,
    *,
    seller: SellerIds | None = None,
    language: str = "fr",
) -> Read:
    """Read and check every row of every file; the bad rows come back with the good ones."""
    progress = progress or NoProgress()
    paths = list(paths)
    named = {p for p in paths if not p.is_dir()}
    read = Read()
    einvoices: list[EInvoiceFile] = []
    files = [(path, sniff(path)) for path in collect_files(paths)]
    count = sum(1 for _path, kind in files if kind is not Format.CSV)
    if count:
        progress.start("Reading e-invoices", count)
    for path, kind in files:
        if kind is Format.CSV:
            table, bad = read_csv(path, progress)
            read.errors.extend(bad)
            if table is not None:
                read.sources.append(table)
            continue
        xml = read_bounded(path)
        if kind is Format.PDF:
            embedded = xml_from_pdf(xml, path.name)
            progress.advance()
            if embedded is None and path in named:
                raise UserError(
                    "{path} is a PDF without an embedded e-invoice (no Factur-X or ZUGFeRD XML inside): there is nothing to import from it.",
                    values={"path": path},
                )
            if embedded is None:
                read.notes.append(
                    coded("{file}: skipped, a PDF without an embedded e-invoice", file=path.name)
                )
                continue
            xml = embedded
        else:
            progress.advance()
        file, bad = read_einvoice(
            path, xml, pdf=kind is Format.PDF, seller=seller or SellerIds(), language=language
        )
        einvoices.append(file)
        read.sources.append(file)
        read.errors.extend(bad)
        read.notes.extend(file.notes)
    settle_buyers(einvoices)
    return read


def import_paths(
    database: Database,
    paths: Iterable[Path],
    *,
    dry_run: bool = False,
    defaults: ImportDefaults | None = None,
    seller: SellerIds | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import CSV files, e-invoices and folders of them; with ``dry_run``, check and count only.

    ``seller``: the user's identifiers, to refuse the invoices of suppliers. Raises
    :class:`BadRowsError` listing every bad row of every file when any row is bad.
    """
    progress = progress or NoProgress()
    defaults = defaults or ImportDefaults()
    paths = list(paths)
    read = read_files(paths, progress, seller=seller, language=defaults.language)
    rows = RowsByKind.sort(read.sources)
    with database.session() as session:
        if not dry_run:  # planned and written with no other writer in between (an app beside it)
            hold_tables_for_import(session)
        planner = Planner(read.sources, Existing.load(session, rows.wanted()), defaults, rows)
        plan = planner.build()
        if read.errors or planner.errors:
            raise BadRowsError(read.errors + planner.errors)
        plan.report.dry_run = dry_run
        plan.report.notes = read.notes
        if not dry_run:
            apply_plan(session, plan, progress)
            remember_import_folders(session, paths)
    return plan.report
