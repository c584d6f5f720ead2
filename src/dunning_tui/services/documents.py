"""Sending what leaves the tool and recording it in the debtor's file: one path for the command
line and the app, so that an email or a letter is never produced without its contact event."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dunning_tui.errors import UserError

if TYPE_CHECKING:
    from dunning_tui.clock import Clock
    from dunning_tui.documents.confirmation import Draft
    from dunning_tui.documents.letters import Letter, LetterKind
    from dunning_tui.documents.mail import Delivery
    from dunning_tui.domain.models import DebtorFile
    from dunning_tui.settings import Settings
    from dunning_tui.store.database import Database


def confirmation_draft(database: Database, settings: Settings, debtor_id: int) -> tuple[DebtorFile, Draft]:
    """The confirmation email of the debtor's latest call outcome."""
    from dunning_tui.documents.confirmation import draft_for_latest
    from dunning_tui.store.dossier import load_debtor_file
    from dunning_tui.store.import_folders import import_folders
    from dunning_tui.store.outbox import latest_outcome

    with database.session() as session:
        file = load_debtor_file(session, debtor_id)
        latest = latest_outcome(session, debtor_id)
        folders = import_folders(session)
    return file, draft_for_latest(file, latest, settings, folders)


def deliver_confirmation(
    database: Database,
    settings: Settings,
    clock: Clock,
    draft: Draft,
    *,
    send_it: bool,
    path: Path | None = None,
) -> Delivery:
    """Save the draft to the outbox and record it, then send it when asked, then mark it sent.

    The record is written first: when the database cannot take it (locked...), nothing is sent and
    no outbox file is left, so a retry sends the email once. A failed send is reported in the
    returned :class:`Delivery`, the email staying in the outbox, recorded as not sent.
    """
    from dunning_tui.documents.mail import Delivery, save_eml, send_draft_or_error
    from dunning_tui.store.outbox import mark_email_sent, record_email

    with _removed_unless_recorded() as written, database.session() as session:
        saved = save_eml(draft, settings.outbox_dir(), path=path, now=clock.now())
        written.append(saved)
        event_id = record_email(
            session,
            draft.debtor_id,
            subject=draft.subject,
            recipients=draft.to_display,
            invoice_ids=draft.invoice_ids,
            file_name=saved.name,
            sent=False,
            when=clock.now(),
        )
    if not send_it:
        return Delivery(saved, False)
    error = send_draft_or_error(draft, settings.smtp_url, settings.smtp_password, saved, clock.now())
    if error is not None:
        return Delivery(saved, False, error)
    try:
        with database.session() as session:
            mark_email_sent(session, event_id, recipients=draft.to_display, subject=draft.subject)
    except UserError as exc:
        raise UserError(
            "The email was sent to {to_display} (do not send it again), but its record in the debtor's file still says not sent: {message}.",
            values={"to_display": draft.to_display, "message": exc.message.rstrip(".")},
        ) from None
    return Delivery(saved, True)


@contextmanager
def _removed_unless_recorded() -> Iterator[list[Path]]:
    """The files written inside are removed if the block fails: nothing is left unrecorded."""
    written: list[Path] = []
    try:
        yield written
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def issue_letter(
    database: Database,
    settings: Settings,
    clock: Clock,
    file: DebtorFile,
    kind: LetterKind,
    day: date,
    *,
    deadline_days: int | None = None,
    out: Path | None = None,
) -> tuple[Letter, Path]:
    """Write the PDF, record the letter and book the check of its deadline: all of it, or no PDF."""
    from dunning_tui.documents.letters import letter_for, scheduled_check, write_letter
    from dunning_tui.store.outbox import record_letter

    built = letter_for(file, kind, settings, day, deadline_days)
    _kind, deadline, reason = scheduled_check(built)
    with _removed_unless_recorded() as written, database.session() as session:
        path = write_letter(built, out or settings.letters_dir() / built.file_name())
        written.append(path)
        record_letter(
            session,
            file.debtor.id,
            channel=built.kind.channel,
            summary=built.event_summary(),
            invoice_ids=built.invoice_ids,
            when=clock.at(day),
            deadline=deadline,
            deadline_reason=reason,
        )
    return built, path
