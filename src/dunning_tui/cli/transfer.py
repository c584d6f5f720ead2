"""Moving data in and out as CSV: ``import`` and ``export`` (layout in ``importers/csv_layout.py``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from dunning_tui.cli.common import DbOption, handle_user_errors, open_services

#: Below this many lines a file is read too fast for a progress bar to be worth drawing.
PROGRESS_THRESHOLD = 5000


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("export")(export_command)


def import_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="CSV files, or folders of them (invoices.csv, payments.csv, reminders.csv...).",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the files and count the changes, write nothing.")
    ] = False,
) -> None:
    """Import invoices, debtors, payments, reminders and documents from CSV and e-invoices (see the README).

    Re-importing updated files updates what changed and never duplicates. A file with a bad row
    imports nothing: every bad row is listed and the exit status is 2.
    """
    with handle_user_errors():
        from dunning_tui.importers.files import collect_files

        collect_files(paths)  # a mistyped path must not create an empty database first
    with open_services(db) as services, terminal_progress() as progress:
        report = services.import_paths(paths, dry_run=dry_run, progress=progress)
    for line in report.lines():
        typer.echo(line)


def export_command(
    directory: Annotated[
        Path, typer.Argument(help="Folder to write the CSV files into.", show_default=False)
    ],
    db: DbOption = None,
) -> None:
    """Write every debtor, invoice, payment, reminder and document as CSV, in the layout import reads."""
    with open_services(db) as services:
        written = services.export(directory)
    for name, rows in written.items():
        typer.echo(f"{rows:>8} rows  {directory / name}")


class RichProgress:
    """A progress bar on stderr, drawn only for work of at least ``threshold`` steps."""

    def __init__(self, threshold: int = PROGRESS_THRESHOLD) -> None:
        self.threshold = threshold
        self._bar: Any = None
        self._task: Any = None

    def start(self, description: str, total: int) -> None:
        if self._bar is None and total < self.threshold:
            return
        if self._bar is None:
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(stderr=True), transient=True)
            self._bar.start()
        from rich.markup import escape

        self._task = self._bar.add_task(escape(description), total=total)  # a file's name is not markup

    def advance(self, amount: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, amount)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()


@contextmanager
def terminal_progress() -> Iterator[RichProgress | None]:
    """A progress bar when stderr is a terminal; ``None`` (no output) otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    progress = RichProgress()
    try:
        yield progress
    finally:
        progress.stop()
