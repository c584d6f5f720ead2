"""The one door between the front ends and the store: plain objects in, plain objects out.

Every method opens its own short transaction, so neither a screen nor a command holds a database
session. The app calls these from thread workers; they do blocking I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.orm import Session

    from dunning_tui.clock import Clock
    from dunning_tui.documents.confirmation import Draft
    from dunning_tui.documents.letters import Letter, LetterKind
    from dunning_tui.documents.mail import Delivery
    from dunning_tui.domain.models import DebtorFile
    from dunning_tui.domain.outcome import Objective, OutcomeInput
    from dunning_tui.domain.payer import PayerFigures
    from dunning_tui.domain.payments import PaymentInput
    from dunning_tui.domain.penalties import PenaltyReport
    from dunning_tui.domain.queue_entry import QueueEntry
    from dunning_tui.domain.report import Report
    from dunning_tui.importers.plan.records import ImportDefaults
    from dunning_tui.importers.report import ImportReport
    from dunning_tui.importers.source import Progress
    from dunning_tui.settings import Settings
    from dunning_tui.store.calls import BlockTotals, OpenCall, TeamTotals
    from dunning_tui.store.changes import ChangeWatcher
    from dunning_tui.store.database import Database
    from dunning_tui.store.demo import DemoReport
    from dunning_tui.store.erase import Erased
    from dunning_tui.store.payments import Allocation
    from dunning_tui.store.queue_types import QueueFilter, QueueSummary


@dataclass(frozen=True, slots=True)
class QueuePage:
    number: int
    entries: list[QueueEntry]
    summary: QueueSummary
    payers: dict[int, PayerFigures] = field(default_factory=dict)
    """How the page's debtors pay, by debtor id."""
    #: What the whole team did today, beside one's own block.
    team: TeamTotals | None = None
    outside: tuple[QueueEntry, ...] = ()
    """For a search: the debtors of the whole book that match but are not in the queue."""


class Services:
    def __init__(self, database: Database, settings: Settings, clock: Clock) -> None:
        import uuid

        self.database = database
        self.settings = settings
        self.clock = clock
        #: This app's session: the claims it takes are its own, even for a person with two terminals.
        self.token = uuid.uuid4().hex
        self.caller = settings.caller_name()

    @classmethod
    def open(cls, db: str | None, clock: Clock) -> Services:
        """The settings (``db`` overrides the configured URL) and a migrated database."""
        from dunning_tui.settings import load_settings
        from dunning_tui.store.database import Database

        settings = load_settings(db=db)
        return cls(Database.open(settings.database_url()), settings, clock)

    def close(self) -> None:
        self.database.close()

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return self.clock.today()

    # The queue

    def is_empty(self) -> bool:
        from dunning_tui.store.dossier import has_debtors

        with self.database.session() as session:
            return not has_debtors(session)

    def queue_page(self, today: date, filt: QueueFilter, number: int, size: int) -> QueuePage:
        """One page of the queue, with its debtors' stages and claims, and the whole queue's totals,
        after the day's follow-up: plain statements, without the ORM (on SQLite, without SQLAlchemy: see
        :meth:`page_figures` for how the page's debtors pay and the team's day)."""
        from dunning_tui.store import queue_cache
        from dunning_tui.store.queue import refresh_rows_on, with_claims

        self.refresh_if_due(today)
        with self.database.plain() as statements:
            refresh_rows_on(statements, today)
            run = statements.run
            summary = queue_cache.summary(run, filt)
            last = max(0, (summary.count - 1) // size)
            number = min(max(0, number), last)
            entries = queue_cache.page(run, today, filt, limit=size, offset=number * size)
            outside = queue_cache.outside(run, filt.search, today, size) if number == last else []
            claimed = queue_cache.any_claim(run)
        if claimed:
            with self.database.session() as session:
                entries = with_claims(session, entries, self.now())
        return QueuePage(number, entries, summary, outside=tuple(outside))

    def page_figures(self, today: date, page: QueuePage) -> QueuePage:
        """The page with how its debtors pay and what the whole team did today."""
        from dataclasses import replace

        from dunning_tui.store.calls import team_totals
        from dunning_tui.store.report import payer_figures

        ids = [e.debtor_id for e in page.entries]
        with self.database.session() as session:
            payers = payer_figures(session, today, ids) if ids else {}
            team = team_totals(session, self._start_of(today))
        return replace(page, payers=payers, team=team)

    @staticmethod
    def _start_of(day: date) -> datetime:
        """Local midnight of ``day`` (the team's figures count from there)."""
        from datetime import UTC, time

        return datetime.combine(day, time()).astimezone().astimezone(UTC)

    def queue(self, day: date, filt: QueueFilter | None = None) -> list[QueueEntry]:
        """The whole queue of ``day``, most urgent first (``filt``: e.g. one owner's debtors).
        Today's brings the follow-up up to date; another day is a "what if": its follow-up is
        computed, shown, and rolled back."""
        from dunning_tui.store.followup import refresh
        from dunning_tui.store.queue import load_queue, refresh_rows, with_claims

        what_if = day != self.today()
        if not what_if:
            self.refresh_if_due(day)
            refresh_rows(self.database, day)
        with self.database.session() as session:
            if what_if:
                refresh(session, day, self.settings.cadence, language=self.settings.ui_language())
            entries = load_queue(session, day, filt)
            if what_if:
                session.rollback()
            else:  # who is on the phone with whom, now: a what-if day has nobody on a call yet
                entries = with_claims(session, entries, self.now())
        return entries

    # Follow-up

    def refresh_if_due(self, today: date) -> bool:
        """The follow-up of the debtors the calendar or another program moved since it last ran
        (outcomes, payments and imports refresh their own debtors as they happen). True if it ran."""
        from dunning_tui.store.followup_state import is_current

        with self.database.plain() as statements:  # a read: most looks find nothing to do
            if is_current(statements.run, today, self.settings.cadence):
                return False
        from dunning_tui.store.followup import refresh_if_due

        with self.database.session(write=True) as session:
            return refresh_if_due(
                session, today, self.settings.cadence, self.settings.ui_language(), self.now()
            )

    def refresh(self, today: date, debtor_ids: list[int] | None = None) -> None:
        """Re-evaluate promises and plan next actions (at start, and after each saved outcome)."""
        from dunning_tui.store.followup import refresh

        with self.database.session(write=True) as session:
            refresh(
                session, today, self.settings.cadence, debtor_ids, self.settings.ui_language(), self.now()
            )

    # The debtor's file

    def find_debtor(self, text: str) -> int:
        """The id of the debtor named by id, key or name (a clear error if none or several)."""
        from dunning_tui.store.dossier import find_debtor_id

        with self.database.session() as session:
            return find_debtor_id(session, text)

    def debtors_named(self, text: str, limit: int = 10) -> list[tuple[int, str]]:
        """(id, name) of the debtors whose name contains ``text``, by name."""
        from dunning_tui.store.dossier import debtors_named

        with self.database.session() as session:
            return debtors_named(session, text, limit)

    def debtor_file(self, debtor_id: int) -> DebtorFile:
        from dunning_tui.store.dossier import load_debtor_file

        with self.database.session() as session:
            return load_debtor_file(session, debtor_id)

    def payer(self, debtor_id: int, today: date) -> PayerFigures | None:
        """How one debtor pays (None: no promise and no invoice yet)."""
        from dunning_tui.store.report import payer_figures

        with self.database.session() as session:
            return payer_figures(session, today, [debtor_id]).get(debtor_id)

    def report(self, since: date, until: date, block_start: datetime | None = None) -> Report:
        """The report of the calls from ``since`` to ``until`` and of this block's calls; the
        promises' statuses are the follow-up engine's, brought up to date first (once a day)."""
        from dunning_tui.store.report import build_report, script_shapes

        shapes = script_shapes(self.settings.call.script)
        self.refresh_if_due(self.today())
        with self.database.session() as session:
            return build_report(
                session,
                since,
                until,
                self.today(),
                self.settings.cadence.bank_delay_days,
                shapes,
                block_start,
            )

    def penalties(self, file: DebtorFile, day: date) -> PenaltyReport:
        """Late-payment interest and indemnities owed on ``day``, under the debtor's law."""
        from dunning_tui.reports import penalties_for

        return penalties_for(file, day, self.settings)

    # Calls

    def start_call(
        self, debtor_id: int, objective: Objective, contact_id: int | None, script_name: str
    ) -> int:
        """Claim the debtor and open the call, atomically; ``DebtorClaimed`` (one sentence) when a
        colleague is on the phone with them, and nothing is written."""
        from dunning_tui.store.calls import start_claimed_call
        from dunning_tui.store.changes import announce

        with self.database.session(write=True, durable=False) as session:
            call_id = start_claimed_call(
                session,
                debtor_id,
                objective,
                self.now(),
                caller=self.caller,
                token=self.token,
                contact_id=contact_id,
                script_name=script_name,
            )
            announce(session)
        return call_id

    def claim(self, debtor_id: int, *, resuming: bool = True) -> None:
        """Take the debtor before a call (``resuming``: back, to resume an interrupted one);
        ``DebtorClaimed`` when a colleague holds them."""
        from dunning_tui.store.changes import announce
        from dunning_tui.store.claims import take

        with self.database.session(write=True, durable=False) as session:
            take(session, debtor_id, self.caller, self.token, self.now(), resuming=resuming)
            announce(session)

    def renew_claim(self, debtor_id: int) -> bool:
        """Keep the debtor while the call is open; False when the claim was lost."""
        from dunning_tui.store.claims import renew

        with self.database.session(write=True, durable=False) as session:
            return renew(session, debtor_id, self.token, self.now())

    def release_claim(self, debtor_id: int) -> None:
        from dunning_tui.store.changes import announce
        from dunning_tui.store.claims import release

        with self.database.session(write=True, durable=False) as session:
            if release(session, debtor_id, self.token):
                announce(session)

    def change_watcher(self) -> ChangeWatcher:
        """What tells this app that a colleague changed the book (see ``store.changes``)."""
        from dunning_tui.store.changes import ChangeWatcher

        return ChangeWatcher(self.database)

    def save_draft(self, call_id: int, notes: str, script_path: str) -> None:
        from dunning_tui.store.calls import save_draft

        with self.database.session(write=True) as session:
            save_draft(session, call_id, notes, script_path)

    def save_outcome(self, call_id: int, outcome: OutcomeInput, notes: str, script_path: str) -> None:
        """Save the outcome in one transaction (committed at once), then plan what follows from it."""
        from dunning_tui.store.calls import save_outcome
        from dunning_tui.store.changes import announce
        from dunning_tui.store.claims import release
        from dunning_tui.store.followup import refresh

        now = self.now()
        with self.database.session(write=True) as session:
            debtor_id = save_outcome(session, call_id, outcome, notes, script_path, now)
            release(session, debtor_id, self.token)  # the call ended: a colleague may call them
            announce(session)
        with self.database.session(write=True) as session:
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

        start = datetime.combine(self.today(), time.min).astimezone()
        with self.database.session() as session:
            return block_totals(session, start, start + timedelta(days=1))

    def open_calls(self, *, going_on_too: bool = False) -> list[OpenCall]:
        """My calls never ended; ``going_on_too``: with those whose debtor's claim is still renewed
        (by another terminal of mine, or by an app killed a moment ago)."""
        from dunning_tui.store.calls import open_calls

        with self.database.session() as session:
            return open_calls(session, self.caller, None if going_on_too else self.now())

    def close_call(self, call_id: int) -> None:
        from dunning_tui.store.calls import close_without_outcome

        with self.database.session() as session:
            close_without_outcome(session, call_id, self.now())

    # Payments

    def pay(
        self,
        debtor_id: int,
        payment: PaymentInput,
        split: Mapping[str, Decimal] | None = None,
        *,
        dry_run: bool = False,
    ) -> list[Allocation]:
        """Record a payment from a debtor over their open invoices (oldest first, or ``split``:
        invoice number → amount), then re-evaluate their promises and next actions.

        ``dry_run`` computes the same split in the same transaction and rolls it back: what the
        form shows before saving is exactly what saving writes. Anything that cannot be saved is a
        :class:`UserError` and writes nothing.
        """
        from dunning_tui.store.payments import record_payment

        class _Preview(Exception):
            pass

        found: list[Allocation] = []
        try:
            with self.database.session() as session:
                found = record_payment(
                    session,
                    debtor_id,
                    payment.amount,
                    payment.paid_on,
                    payment.method,
                    payment.reference,
                    split,
                    self.caller,
                )
                if dry_run:
                    raise _Preview  # rolls the transaction back
                self._follow_up(session, debtor_id)
        except _Preview:
            pass
        return found

    def add_payment(self, payment: PaymentInput) -> None:
        """Record a payment, then re-evaluate the debtor's promises and next actions."""
        from dunning_tui.store.payments import add_payment

        with self.database.session(write=True) as session:
            _, debtor_id = add_payment(
                session,
                payment.invoice_number,
                payment.amount,
                payment.paid_on,
                payment.method,
                payment.reference,
                self.caller,
            )
            self._follow_up(session, debtor_id)

    def _follow_up(self, session: Session, debtor_id: int) -> None:
        """A debtor's promises and next actions, re-evaluated in the payment's own transaction."""
        from dunning_tui.store.changes import announce
        from dunning_tui.store.followup import refresh

        announce(session)
        refresh(
            session, self.today(), self.settings.cadence, [debtor_id], self.settings.ui_language(), self.now()
        )

    # Documents

    def confirmation(self, debtor_id: int) -> Draft:
        """The confirmation email of the debtor's latest call outcome."""
        from dunning_tui.services.documents import confirmation_draft

        return confirmation_draft(self.database, self.settings, debtor_id)[1]

    def deliver_confirmation(self, draft: Draft, *, send_it: bool, path: Path | None = None) -> Delivery:
        """Save the draft to the outbox, send it when asked, and record it in the debtor's file."""
        from dunning_tui.services.documents import deliver_confirmation
        from dunning_tui.settings import IDENTITY_FOR_EMAIL, require_identity

        require_identity(self.settings.creditor, IDENTITY_FOR_EMAIL)
        return deliver_confirmation(
            self.database, self.settings, self.clock, draft, send_it=send_it, path=path
        )

    def letter(
        self,
        file: DebtorFile,
        kind: LetterKind | str,
        day: date,
        *,
        deadline_days: int | None = None,
        out: Path | None = None,
    ) -> tuple[Letter, Path]:
        """Write the letter's PDF, record it and book the check of its deadline."""
        from dunning_tui.documents.letters import LetterKind
        from dunning_tui.services.documents import issue_letter
        from dunning_tui.settings import IDENTITY_FOR_LETTER, require_identity

        require_identity(self.settings.creditor, IDENTITY_FOR_LETTER)
        return issue_letter(
            self.database,
            self.settings,
            self.clock,
            file,
            LetterKind(kind),
            day,
            deadline_days=deadline_days,
            out=out,
        )

    def calendar(self) -> tuple[bytes, int]:
        """The open next actions as an iCalendar file, and how many there are."""
        from dunning_tui.documents.ical import build_calendar
        from dunning_tui.store.outbox import open_agenda

        with self.database.session() as session:
            items = open_agenda(session)
        return build_calendar(items, now=self.now(), language=self.settings.ui_language()), len(items)

    # Data in and out

    def load_demo(
        self,
        debtors: int = 40,
        seed: int = 7,
        day: date | None = None,
        invoices_per_debtor: int | None = None,
        history: bool = False,
    ) -> DemoReport:
        """Fill an empty database with demo debtors, invoices and history (with ``history``, months
        of earlier calls along the default scripts, for the report)."""
        from dunning_tui.store.demo import load_demo

        with self.database.session() as session:
            report = load_demo(session, debtors, seed, day or self.today(), invoices_per_debtor, history)
        if self.database.is_sqlite:
            self.database.analyze()
        return report

    def import_paths(
        self, paths: list[Path], *, dry_run: bool = False, progress: Progress | None = None
    ) -> ImportReport:
        """Import CSV files and e-invoices all-or-nothing; imported payments may keep or break
        promises, so the follow-up of the debtors written to is brought in line at once (the
        others' is unchanged). E-invoices whose seller is not the user are refused."""
        from dunning_tui.importers.run import SellerIds, import_paths

        creditor = self.settings.creditor
        report = import_paths(
            self.database,
            paths,
            dry_run=dry_run,
            defaults=self.import_defaults(),
            seller=SellerIds(creditor.vat_number, creditor.registration_number),
            progress=progress,
        )
        if not dry_run and report.debtor_ids:
            self.refresh(self.today(), report.debtor_ids)
        return report

    def import_defaults(self) -> ImportDefaults:
        """New debtors and invoices default to the user's country, language and currency."""
        from dunning_tui.importers.plan.records import ImportDefaults

        return ImportDefaults(
            country=COUNTRY_OF_JURISDICTION.get(self.settings.jurisdiction, "FR"),
            language=self.settings.ui_language(),
            currency=self.settings.currency,
        )

    def export(self, directory: Path, debtor_id: int | None = None) -> dict[str, int]:
        """Every debtor, invoice, payment, reminder and document as CSV (or one debtor's); rows
        written per file."""
        from dunning_tui.importers.csv.export import export_database

        return export_database(self.database, directory, debtor_id)

    def erase(self, debtor_id: int) -> tuple[Erased, list[Path]]:
        """Erase a person's data (see :mod:`dunning_tui.store.erase`), then the emails and letters
        written to them; returns what was erased and the files removed."""
        from dunning_tui.store.erase import erase_debtor
        from dunning_tui.store.queue import refresh_rows

        with self.database.session() as session:
            erased = erase_debtor(session, debtor_id, self.now())
        refresh_rows(self.database, self.today())
        patterns = (
            f"*-debtor{debtor_id}.eml",
            f"*-debtor{debtor_id}-call*.eml",
            f"*-debtor{debtor_id}~*.eml",
        )
        files = [p for pattern in patterns for p in self.settings.outbox_dir().glob(pattern)]
        files += self.settings.letters_dir().glob(f"*-debtor{debtor_id}.pdf")
        for path in files:
            path.unlink(missing_ok=True)
        return erased, sorted(files)


COUNTRY_OF_JURISDICTION = {"FR": "FR", "BE": "BE", "UK": "GB"}
