"""Moving data in and out as CSV: ``import`` and ``export`` (layout in ``importers/csv_layout.py``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from dunning_tui.cli.common import DbOption, confirm, handle_user_errors, open_services
from dunning_tui.words import current, is_coded, shown, tr, trn

#: Below this many lines a file is read too fast for a progress bar to be worth drawing.
PROGRESS_THRESHOLD = 5000


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("export")(export_command)
    app.command("erase")(erase_command)


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
    for line in report.lines(current()):
        typer.echo(line)


def export_command(
    directory: Annotated[
        Path, typer.Argument(help="Folder to write the CSV files into.", show_default=False)
    ],
    debtor: Annotated[
        str | None,
        typer.Option(
            "--debtor",
            help="Only this debtor (id, key or name): their whole file, with file.json, e.g. for a "
            "subject-access request.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write every debtor, invoice, payment, reminder and document as CSV, in the layout import reads."""
    with open_services(db) as services:
        debtor_id = services.find_debtor(debtor) if debtor is not None else None
        written = services.export(directory, debtor_id)
        if debtor_id is not None:
            written["file.json"] = _write_whole_file(services, debtor_id, directory / "file.json")
    for name, rows in written.items():
        typer.echo(f"{trn('{count} rows', rows):>13}  {directory / name}")


def _write_whole_file(services: Any, debtor_id: int, path: Path) -> int:
    """The debtor's file as ``dunning show --json`` gives it (calls, promises, actions included)."""
    import json

    from dunning_tui.cli import render
    from dunning_tui.importers.csv.export import private_text_file

    data = render.plain(render.debtor_file_json(services.debtor_file(debtor_id), services.today()))
    with private_text_file(path) as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2, sort_keys=True)
        handle.write("\n")
    return 1


def erase_command(
    debtor: Annotated[str, typer.Argument(help="Debtor id, key or name.", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    db: DbOption = None,
) -> None:
    """Erase a person's data: name, identifiers, contacts, notes, emails and letters written to them.

    The invoices stay, anonymised, with their dates, amounts and payments, as the law requires.
    Export their file first (``export --debtor``) if they asked for it.
    """
    with open_services(db) as services:
        debtor_id = services.find_debtor(debtor)
        name = services.debtor_file(debtor_id).debtor.name
        question = tr("Erase the personal data of {name} (#{id})?", name=name, id=debtor_id)
        if not yes and not confirm(question):
            raise typer.Exit(1)
        erased, files = services.erase(debtor_id)
    typer.echo(
        tr(
            "Erased the personal data of {name} (#{id}): {contacts}, {invoices}, {files}.",
            name=erased.name,
            id=erased.debtor_id,
            contacts=trn("{count} contacts deleted", erased.contacts),
            invoices=trn("{count} invoices kept anonymised", erased.invoices),
            files=trn("{count} emails and letters removed", len(files)),
        )
    )


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

        words = shown(description) if is_coded(description) else tr(description)
        self._task = self._bar.add_task(escape(words), total=total)  # a file's name is not markup

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
