"""Sending what leaves the tool and recording it in the debtor's file: one path for the command
line and the app, so that an email or a letter is never produced without its contact event."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

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
    from dunning_tui.store.outbox import latest_outcome

    with database.session() as session:
        file = load_debtor_file(session, debtor_id)
        latest = latest_outcome(session, debtor_id)
    return file, draft_for_latest(file, latest, settings)


def deliver_confirmation(
    database: Database,
    settings: Settings,
    clock: Clock,
    draft: Draft,
    *,
    send_it: bool,
    path: Path | None = None,
) -> Delivery:
    """Save the draft to the outbox, send it when asked, and record the attempt as a contact event."""
    from dunning_tui.documents.mail import save_and_send
    from dunning_tui.store.outbox import record_email

    done = save_and_send(
        draft,
        settings.outbox_dir(),
        send_it=send_it,
        smtp_url=settings.smtp_url,
        smtp_password=settings.smtp_password,
        path=path,
        now=clock.now(),
    )
    with database.session() as session:
        record_email(
            session,
            draft.debtor_id,
            subject=draft.subject,
            recipients=draft.to_display,
            invoice_ids=draft.invoice_ids,
            file_name=done.path.name,
            sent=done.sent,
            when=clock.now(),
        )
    return done


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
    """Write the PDF, record the letter and book the check of its deadline."""
    from dunning_tui.documents.letters import letter_for, scheduled_check, write_letter
    from dunning_tui.store.outbox import record_letter

    built = letter_for(file, kind, settings, day, deadline_days)
    path = write_letter(built, out or settings.letters_dir() / built.file_name())
    _kind, deadline, reason = scheduled_check(built)
    with database.session() as session:
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
