"""The call-block app: a small shell that owns the services, the language and the block's totals."""

from __future__ import annotations

import time as _time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from dunning_tui.clock import SYSTEM, Clock
from dunning_tui.domain.enums import ActionKind, Outcome
from dunning_tui.errors import UserError
from dunning_tui.tui.formatting import Formatter
from dunning_tui.tui.i18n import set_language, tr
from dunning_tui.tui.keys import accept_alt_digits
from dunning_tui.tui.services import Services

if TYPE_CHECKING:
    from dunning_tui.settings import Settings
    from dunning_tui.store.calls import BlockTotals, OpenCall
    from dunning_tui.store.database import Database
    from dunning_tui.tui.format_cache import LocaleFormats
    from dunning_tui.tui.quickstart import LiteSettings, QuickQueue


def _kept_formats(locale: str) -> LocaleFormats | None:
    from dunning_tui import locations
    from dunning_tui.tui.format_cache import load

    return load(locations.format_cache_file(), locale)


@dataclass
class SessionTotals:
    """What this call block has achieved so far (shown on the queue)."""

    clock: Callable[[], float] = _time.monotonic
    started: float = -1.0
    calls: int = 0
    promises: int = 0
    promised: dict[str, Decimal] = field(default_factory=dict)
    #: The debtors called in this block: the cursor moves past them after an outcome.
    called: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        if self.started < 0:
            self.started = self.clock()

    def elapsed(self) -> float:
        return self.clock() - self.started

    def restore(self, block: BlockTotals, now: datetime) -> None:
        """Take up today's block as the database has it (after a restart the same day)."""
        self.calls, self.promises = block.calls, block.promises
        self.promised = dict(block.promised)
        self.called = set(block.called)
        if block.first_started is not None:
            self.started = self.clock() - max(0.0, (now - block.first_started).total_seconds())


class DunningApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "dunning"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit_app", "Quit", id="app.quit", show=False, priority=True)]

    def __init__(
        self,
        settings: Settings | LiteSettings,
        database: Database | None,
        clock: Clock = SYSTEM,
        ticks: Callable[[], float] = _time.monotonic,
        first: QuickQueue | None = None,
    ) -> None:
        """With a ``database``, the app starts connected; without one (the quick start), it shows
        ``first`` at once and loads the full settings and the engine in a worker."""
        super().__init__()
        accept_alt_digits()
        set_language(settings.ui_language())
        self.settings: Settings = settings  # type: ignore[assignment]  # full settings once connected
        #: Today and now: the one clock, shared with the services.
        self.clock = clock
        self.services: Services = Services(database, settings, clock) if database else None  # type: ignore[arg-type,assignment]
        self.first = first
        #: Why the app could not start (shown by the launcher after the app has closed).
        self.startup_error: UserError | None = None
        self.fmt = Formatter(settings.ui_locale(), _kept_formats(settings.ui_locale()))
        #: Monotonic seconds; tests pass a frozen one so that timers are reproducible.
        self.ticks = ticks
        self.session_totals = SessionTotals(ticks)
        #: The call in progress, if any (quitting asks first).
        self.open_call_id: int | None = None
        #: Promises and next actions are re-evaluated once per start, after the first paint.
        self.followed_up = False
        #: The debtor just called: the queue moves its cursor to the next one.
        self.last_called: int | None = None

    @property
    def today(self) -> date:
        return self.clock.today()

    @property
    def connected(self) -> bool:
        return self.services is not None

    def on_mount(self) -> None:
        from dunning_tui.tui.screens.queue import QueueScreen

        self.push_screen(QueueScreen(self.first))
        if self.connected:
            self._on_connected()
        else:
            # After the first paint: importing the engine in a thread would slow the paint down.
            self.call_after_refresh(
                self.run_worker, self._connect, thread=True, group="connect", exit_on_error=False
            )

    def _connect(self) -> None:
        """The quick start's second half: full settings, engine and migrations, off the UI thread."""
        from dunning_tui.settings import load_settings
        from dunning_tui.store.database import Database

        try:
            settings = load_settings(db=self.settings.db)
            database = Database.open(settings.database_url())
        except UserError as error:
            self.startup_error = error
            self.call_from_thread(self.exit, None, 2)
            return
        self.settings = settings
        self.services = Services(database, settings, self.clock)
        self.call_from_thread(self._on_connected)

    def _on_connected(self) -> None:
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        from dunning_tui.tui.screens.queue import QueueScreen

        for candidate in self.screen_stack:
            if isinstance(candidate, QueueScreen):
                candidate.load()
        self.check_interrupted_calls()
        self.run_worker(self._restore_block, thread=True, group="block", exit_on_error=False)
        if self.fmt.known is None:
            self.run_worker(self._remember_formats, thread=True, group="formats", exit_on_error=False)

    def _remember_formats(self) -> None:
        """Keep babel's facts about the locale for the next start's first frame (in a thread)."""
        from dunning_tui import locations
        from dunning_tui.tui import format_cache

        try:
            currencies = {self.settings.currency}
            format_cache.save(locations.format_cache_file(), format_cache.learn(self.fmt.locale, currencies))
        except (OSError, ValueError):
            pass  # only a slower next start: nothing to tell the user

    def _restore_block(self) -> None:
        block = self.services.block_totals()
        self.call_from_thread(self.session_totals.restore, block, self.clock.now())

    def check_interrupted_calls(self) -> None:
        self.run_worker(self._find_open_calls, thread=True, group="resume", exit_on_error=False)

    def _find_open_calls(self) -> None:
        calls = self.services.open_calls()
        if calls:
            from dunning_tui.tui.screens.resume import ResumeScreen

            self.call_from_thread(self.push_screen, ResumeScreen(calls[0]), self._resume_answer)

    def _resume_answer(self, resume: tuple[str, OpenCall] | None) -> None:
        if resume is None:
            return
        choice, call = resume
        if choice == "resume":
            from dunning_tui.tui.screens.call import CallScreen

            self.push_screen(CallScreen.resume(call))
        else:
            self.check_interrupted_calls()  # the next interrupted call, if several

    def open_debtor(self, debtor_id: int, reason: ActionKind | None = None, call_now: bool = False) -> None:
        if not self.connected:
            self.notify(tr("Loading…"), timeout=2)
            return
        from dunning_tui.tui.screens.debtor import DebtorScreen

        self.push_screen(DebtorScreen(debtor_id, reason, call_now=call_now))

    def after_call(self, debtor_id: int, outcome: Outcome) -> None:
        """Back to the queue once an outcome is saved, with the confirmation email to review."""
        self.pop_screen()
        if outcome not in (Outcome.NO_ANSWER, Outcome.WRONG_PERSON):
            self.run_worker(
                lambda: self._draft_email(debtor_id), thread=True, group="email", exit_on_error=False
            )

    def _draft_email(self, debtor_id: int) -> None:
        from dunning_tui.tui.screens.email_draft import EmailDraftScreen

        draft = self.services.confirmation(debtor_id)
        self.call_from_thread(self.push_screen, EmailDraftScreen(draft))

    def action_quit_app(self) -> None:
        if self.open_call_id is None:
            self.exit()
            return
        from dunning_tui.tui.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmScreen(tr("A call is open. Quit anyway? Its notes are saved.")), answer)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Worker errors land here: a user error is one sentence on screen, never a traceback."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, UserError):
            self.notify(error.message, severity="error", timeout=8)
        else:
            self.notify(f"{type(error).__name__}: {error}", severity="error", timeout=12)


def build_app(
    settings: Settings | LiteSettings,
    database: Database | None,
    today: date | None = None,
    ticks: Callable[[], float] = _time.monotonic,
    first: QuickQueue | None = None,
) -> DunningApp:
    """The app on the system clock, or on a clock pinned to ``today`` (tests, a replayed day)."""
    clock = SYSTEM if today is None else Clock.pinned(today)
    return DunningApp(settings, database, clock, ticks, first)
