"""The one door between the screens and the store: plain objects in, plain objects out.

Every method opens its own short transaction, so a screen never holds a database session. These
are called from thread workers; they do blocking I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from dunning_tui.clock import Clock
    from dunning_tui.documents.confirmation import Draft
    from dunning_tui.documents.letters import Letter
    from dunning_tui.domain.models import DebtorFile
    from dunning_tui.domain.outcome import Objective, OutcomeInput
    from dunning_tui.domain.queue_entry import QueueEntry
    from dunning_tui.settings import Settings
    from dunning_tui.store.calls import BlockTotals, OpenCall
    from dunning_tui.store.database import Database
    from dunning_tui.store.queue_types import QueueFilter, QueueSummary
    from dunning_tui.tui.screens.payment import PaymentInput


@dataclass(frozen=True, slots=True)
class QueuePage:
    number: int
    entries: list[QueueEntry]
    summary: QueueSummary
    outside: tuple[QueueEntry, ...] = ()
    """For a search: the debtors of the whole book that match but are not in the queue."""


class Services:
    def __init__(self, database: Database, settings: Settings, clock: Clock) -> None:
        self.database = database
        self.settings = settings
        self.clock = clock

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return self.clock.today()

    def is_empty(self) -> bool:
        from dunning_tui.store.dossier import has_debtors

        with self.database.session() as session:
            return not has_debtors(session)

    def queue_page(self, today: date, filt: QueueFilter, number: int, size: int) -> QueuePage:
        """One page of the queue, with its debtors' stages, and the whole queue's totals."""
        from dunning_tui.store.queue import (
            load_queue,
            outside_queue,
            queue_summary,
            refresh_rows,
            with_stages,
        )

        refresh_rows(self.database, today)
        with self.database.session() as session:
            summary = queue_summary(session, today, filt)
            last = max(0, (summary.count - 1) // size)
            number = min(max(0, number), last)
            entries = load_queue(session, today, filt, limit=size, offset=number * size)
            entries = with_stages(session, entries, today, self.settings.cadence)
            outside = outside_queue(session, filt.search, today, size) if number == last else []
        return QueuePage(number, entries, summary, tuple(outside))

    def refresh_if_due(self, today: date) -> bool:
        """The full follow-up refresh, once a day (outcomes, payments and imports refresh their own
        debtors as they happen). True if it ran."""
        from dunning_tui.store.followup import refresh_if_due

        with self.database.session() as session:
            return refresh_if_due(
                session, today, self.settings.cadence, self.settings.ui_language(), self.now()
            )

    def refresh(self, today: date, debtor_ids: list[int] | None = None) -> None:
        """Re-evaluate promises and plan next actions (at start, and after each saved outcome)."""
        from dunning_tui.store.followup import refresh

        with self.database.session() as session:
            refresh(
                session, today, self.settings.cadence, debtor_ids, self.settings.ui_language(), self.now()
            )

    def debtor_file(self, debtor_id: int) -> DebtorFile:
        from dunning_tui.store.dossier import load_debtor_file

        with self.database.session() as session:
            return load_debtor_file(session, debtor_id)

    def start_call(
        self, debtor_id: int, objective: Objective, contact_id: int | None, script_name: str
    ) -> int:
        from dunning_tui.store.calls import start_call

        with self.database.session() as session:
            return start_call(session, debtor_id, objective, self.now(), contact_id, script_name)

    def save_draft(self, call_id: int, notes: str, script_path: str) -> None:
        from dunning_tui.store.calls import save_draft

        with self.database.session() as session:
            save_draft(session, call_id, notes, script_path)

    def save_outcome(self, call_id: int, outcome: OutcomeInput, notes: str, script_path: str) -> None:
        """Save the outcome in one transaction (committed at once), then plan what follows from it."""
        from dunning_tui.store.calls import save_outcome
        from dunning_tui.store.followup import refresh

        now = self.now()
        with self.database.session() as session:
            debtor_id = save_outcome(session, call_id, outcome, notes, script_path, now)
        with self.database.session() as session:
            refresh(
                session,
                now.astimezone().date(),
                self.settings.cadence,
                [debtor_id],
                self.settings.ui_language(),
                now,
            )

    def block_totals(self) -> BlockTotals:
        """Today's call block so far, from the database: it survives a restart the same day."""
        from datetime import time, timedelta

        from dunning_tui.store.calls import block_totals

        today = self.today()
        start = datetime.combine(today, time.min).astimezone()
        with self.database.session() as session:
            return block_totals(session, start, start + timedelta(days=1))

    def open_calls(self) -> list[OpenCall]:
        from dunning_tui.store.calls import open_calls

        with self.database.session() as session:
            return open_calls(session)

    def close_call(self, call_id: int) -> None:
        from dunning_tui.store.calls import close_without_outcome

        with self.database.session() as session:
            close_without_outcome(session, call_id, self.now())

    def add_payment(self, payment: PaymentInput) -> None:
        """Record a payment, then re-evaluate the debtor's promises and next actions."""
        from dunning_tui.store.followup import refresh
        from dunning_tui.store.payments import add_payment

        with self.database.session() as session:
            _, debtor_id = add_payment(
                session,
                payment.invoice_number,
                payment.amount,
                payment.paid_on,
                payment.method,
                payment.reference,
            )
            refresh(
                session,
                self.today(),
                self.settings.cadence,
                [debtor_id],
                self.settings.ui_language(),
                self.now(),
            )

    def confirmation(self, debtor_id: int) -> Draft:
        from dunning_tui.documents.dispatch import confirmation_draft

        return confirmation_draft(self.database, self.settings, debtor_id)[1]

    def letter(self, file: DebtorFile, kind: str, today: date) -> tuple[Letter, Path]:
        from dunning_tui.documents.dispatch import issue_letter
        from dunning_tui.documents.letters import LetterKind

        return issue_letter(self.database, self.settings, self.clock, file, LetterKind(kind), today)
