"""What leaves the tool: ``email`` (confirmation of the latest outcome), ``letter`` and ``calendar``.

Nothing heavy (email, smtplib, fpdf2, icalendar) is imported before a command runs.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from dunning_tui.cli.common import DbOption, open_services, parse_date_option
from dunning_tui.words import label, shown, tr, trn

DebtorArgument = Annotated[str, typer.Argument(help="Debtor id, key or name.")]


class LetterChoice(StrEnum):
    reminder = "reminder"
    notice = "notice"


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `dunning` app."""
    app.command("email")(email)
    app.command("letter")(letter)
    app.command("calendar")(calendar)


def _warn(lines: Iterable[object]) -> None:
    from dunning_tui.documents.attachments import Problem

    for line in lines:
        words = tr(line.template, **dict(line.values)) if isinstance(line, Problem) else shown(str(line))
        print(tr("Warning: {message}", message=words), file=sys.stderr)


def email(
    debtor: DebtorArgument,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the .eml here instead of the outbox folder.")
    ] = None,
    send: Annotated[
        bool, typer.Option("--send", help="Also send it through the smtp_url mail server.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Write the confirmation email of the debtor's latest call outcome to the outbox (and send it)."""
    with open_services(db) as services:
        from dunning_tui.errors import UserError

        draft = services.confirmation(services.find_debtor(debtor))
        for attachment in draft.attachments:  # shown before anything is sent
            typer.echo(f"{label('Attached')} {attachment.describe()}")
        _warn(draft.refused)
        done = services.deliver_confirmation(draft, send_it=send, path=out)
        if done.error is not None:
            raise UserError(
                "{error}. The email stays in the outbox, unsent: {path}",
                values={"error": done.error.rstrip("."), "path": done.path},
            )
        if not send:
            _warn(draft.problems)
        if done.sent:
            typer.echo(tr("Sent to {to}; saved: {path}", to=draft.to_display, path=done.path))
        else:
            typer.echo(tr("Saved (not sent): {path}", path=done.path))


def letter(
    debtor: DebtorArgument,
    kind: Annotated[
        LetterChoice, typer.Option("--kind", help="reminder (unpaid invoices) or notice (formal notice).")
    ] = LetterChoice.reminder,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the PDF here (default: the letters folder).")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Date of the letter, YYYY-MM-DD (default: today).")
    ] = None,
    deadline_days: Annotated[
        int | None,
        typer.Option(
            "--deadline-days", min=1, max=60, help="Days to pay (default: cadence.notice_deadline_days)."
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write a written reminder or a formal notice as PDF, and book the check of its deadline."""
    with open_services(db) as services:
        day = parse_date_option(date)
        file = services.debtor_file(services.find_debtor(debtor))
        built, path = services.letter(file, kind.value, day, deadline_days=deadline_days, out=out)
        _warn(list(built.warnings))
        typer.echo(tr("Letter written: {path} (deadline {day})", path=path, day=built.deadline.isoformat()))


def calendar(
    out: Annotated[
        Path | None, typer.Option("--out", help="The .ics file to write ('-' for standard output).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Export the open next actions (calls, call-backs, checks, deadlines) as an iCalendar file."""
    with open_services(db) as services:
        from dunning_tui import locations
        from dunning_tui.documents.files import write_private

        data, count = services.calendar()
        if out is not None and str(out) == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        path = out or locations.data_dir() / "dunning.ics"
        write_private(path, data)
        typer.echo(
            tr("Calendar written: {path} ({actions})", path=path, actions=trn("{count} open actions", count))
        )
