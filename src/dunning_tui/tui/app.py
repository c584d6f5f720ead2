"""The call-block app: a small shell that owns the services, the language and the block's totals."""

from __future__ import annotations

import gc
import threading
import time as _time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import CancelledError
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from dunning_tui.clock import SYSTEM, Clock
from dunning_tui.domain.enums import ActionKind, Outcome
from dunning_tui.errors import UserError
from dunning_tui.services import Services
from dunning_tui.tui.commands import DunningCommands
from dunning_tui.tui.formatting import Formatter
from dunning_tui.tui.i18n import language, set_language, tr
from dunning_tui.tui.keys import accept_alt_digits

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen
    from textual.widget import Widget

    from dunning_tui.domain.models import DebtorFile
    from dunning_tui.domain.outcome import Objective
    from dunning_tui.settings import Settings
    from dunning_tui.store.calls import BlockTotals, OpenCall
    from dunning_tui.store.changes import ChangeWatcher
    from dunning_tui.store.database import Database
    from dunning_tui.tui.screens.queue import QueueScreen


#: The detail lines of an error shown with its sentence (a refused import's first bad rows).
DETAILS_SHOWN = 5


class KeyHandedOver(Message):
    """Follows a held key down to the widget it was handed to and back up to the app: once it is
    back, the key has been acted on, and the next held key may follow."""


#: Keys acted on at once even while others wait for data: leaving must always work.
UNHELD_KEYS = frozenset({"ctrl+q", "ctrl+c"})


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
    COMMANDS = App.COMMANDS | {DunningCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit_app", "Quit", id="app.quit", show=False, priority=True),
        Binding("f1,question_mark", "toggle_help", "Keys", id="app.help", show=False),
    ]
    #: How often the app looks whether the day has changed (a call block that runs past midnight).
    DAY_CHECK_SECONDS = 30.0
    #: When to look again at a call of mine whose claim was still renewed at start (None: once
    #: the claim has been silent long enough to count as interrupted).
    RESUME_LOOK_AGAIN: float | None = None

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands (theme, keys, quit...) in the interface language."""
        for command in super().get_system_commands(screen):
            yield command._replace(title=tr(command.title), help=tr(command.help))

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(placeholder=tr("Search for commands…"), id="--command-palette"))

    def __init__(
        self,
        settings: Settings,
        open_database: Callable[[], Database],
        clock: Clock = SYSTEM,
        ticks: Callable[[], float] = _time.monotonic,
    ) -> None:
        """``open_database`` runs in a worker from the moment the app is mounted: the queue's frame comes
        at once, and keys pressed before its rows are there wait for them (see :meth:`on_event`)."""
        super().__init__()
        accept_alt_digits()
        set_language(settings.ui_language())
        self.settings = settings
        self._open_database = open_database
        self._services: Services | None = None
        #: Today and now: the one clock, shared with the services.
        self.clock = clock
        #: The day the queue is for: it moves when the clock's day does.
        self.day = clock.today()
        #: Why the app could not start (shown by the launcher after the app has closed).
        self.startup_error: UserError | None = None
        self.fmt = Formatter(settings.ui_locale())
        #: Monotonic seconds; tests pass a frozen one so that timers are reproducible.
        self.ticks = ticks
        self.session_totals = SessionTotals(ticks)
        #: The call in progress, if any (quitting asks first).
        self.open_call_id: int | None = None
        #: The queue shown is for ``day``, after that day's follow-up (each look at the queue brings
        #: the follow-up of the debtors the day moved up to date first).
        self.followed_up = False
        #: The debtor just called: the queue moves its cursor to the next one.
        self.last_called: int | None = None
        #: When this call block started: the report shows its calls.
        self.block_start = clock.now()
        #: The block's report was offered on quitting (once).
        self.report_offered = False
        #: Tells this app when a colleague changed the book (started once the database is open).
        self._watcher: ChangeWatcher | None = None
        #: Keys pressed while the screen on top could not act on them yet, oldest first.
        self._held: deque[events.Key] = deque()
        #: A key is on its way to the screen, or the next one is about to follow.
        self._releasing = False
        #: Waits for the marker that follows the key on its way.
        self._handover: Timer | None = None
        #: The first page is shown; the top debtor's id (None: no page, or an empty one).
        self._started = False
        self._first: int | None = None
        #: What the app does once the first page is shown has begun (see first_page_shown); the
        #: queue's figures under its rows wait for it, so that a key pressed at start goes first.
        self.rest_begun = threading.Event()
        #: Numbers the moments the next key is due, so that it goes once.
        self._turn = 0
        #: The screen on top when the key on its way was handed over.
        self._key_screen: Screen[object] | None = None
        #: Held by the thread that loads what a call needs (the warm-up, or a call being set up): two
        #: threads importing the same modules at once can each find the other's half loaded.
        self.call_loading = threading.Lock()
        #: A call was set up: what the warm-up would load is loaded.
        self._call_loaded = False

    @property
    def services(self) -> Services:
        """The door to the data; screens reach it from workers started once it is open."""
        if self._services is None:
            raise RuntimeError("the database is not open yet")
        return self._services

    @property
    def is_open(self) -> bool:
        return self._services is not None

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A notification; its words are shown as written (they often hold a name or a file's
        text), never read as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    @property
    def today(self) -> date:
        return self.clock.today()

    def on_mount(self) -> None:
        from dunning_tui.tui.screens.queue import QueueScreen

        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        self.push_screen(QueueScreen())
        self.set_interval(self.DAY_CHECK_SECONDS, self.check_day)
        # At once, beside the first paint: a book at this version's schema opens without
        # SQLAlchemy, and SQLite leaves the interpreter to the paint while it reads.
        self.run_worker(self._open, thread=True, group="open", exit_on_error=False)

    def _open(self) -> None:
        """The database at this version's schema (migrated first if need be), off the UI thread."""
        try:
            database = self._open_database()
        except UserError as error:
            self.startup_error = error
            self.call_from_thread(self.exit, None, 2)
            return
        self._services = Services(database, self.settings, self.clock)
        self.call_from_thread(self._on_open)

    def _on_open(self) -> None:
        self.reload_queues()  # the rest once the first page is shown: see first_page_shown

    def first_page_shown(self, first: int | None) -> None:
        """The queue's first rows are drawn (``first``: the top debtor's id): what else the app does
        at start begins now, so that nothing competes with reading and drawing them. Keys pressed
        before the rows go first: the rest begins once the call they opened is on screen (a
        second at most), since the key's own work loads what it needs."""
        if self._started:
            return
        self._started = True
        self._first = first
        if self._held or self._releasing:  # a key is waiting, or on its way
            self.set_timer(1.0, self.start_the_rest)
        else:
            self.start_the_rest()

    def start_the_rest(self) -> None:
        """What the app does once its first page is shown (once)."""
        if not self._started or self.rest_begun.is_set():
            return
        self.rest_begun.set()
        self.check_interrupted_calls()
        self.run_worker(self._offer_demo, thread=True, group="demo", exit_on_error=False)
        self.run_worker(self._restore_block, thread=True, group="block", exit_on_error=False)
        first = self._first
        if first is not None:
            self.run_worker(lambda: self._warm_up(first), thread=True, group="warm-up", exit_on_error=False)
        else:
            self.start_up_done()
        threading.Thread(target=self._watch_changes, daemon=True).start()

    def _warm_up(self, debtor_id: int) -> None:
        """What a call needs, loaded while the queue is on screen, so that a `c` pressed once the
        rows are there brings the call screen up fast: the ORM with its first statements (a
        debtor's file), the call screens, and the call script. Nothing, once a call has loaded it."""
        try:
            with self.call_loading:
                if self._call_loaded:  # a call opened already: all of it is loaded
                    return
                from dunning_tui.script.loader import resolve_script
                from dunning_tui.tui.screens import call, debtor  # noqa: F401

                file = self.services.debtor_file(debtor_id)
                resolve_script(self.settings.call.script, file.debtor.language)
        finally:
            self.start_up_done()

    @staticmethod
    def start_up_done() -> None:
        """What the start loaded (modules, the ORM's mappers, the first screens) stays for the
        app's life: the garbage collector, which the launcher pauses while the app starts, resumes
        and no longer walks through it."""
        gc.freeze()
        gc.enable()

    def _offer_demo(self) -> None:
        """On an empty database, demo data to try the tool, if the user wants it."""
        if not self.services.is_empty():
            return
        from dunning_tui.tui.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._load_demo, thread=True, group="demo", exit_on_error=False)

        question = ConfirmScreen(tr("The database is empty. Load demo data to try the tool?"))
        self.call_from_thread(self.push_screen, question, answer)

    def _load_demo(self) -> None:
        self.services.load_demo(day=self.day, history=True)  # months of calls: the report shows at once
        self.services.refresh(self.day)  # the demo's follow-up, as the day's first look would plan it
        self.call_from_thread(self.reload_queues)

    def close_database(self) -> None:
        """Give the database back (the launcher calls this once the app has closed)."""
        if self._services is not None:
            self._services.close()

    # -- keys pressed before the app can act on them ------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        """Every key waits for the one before it to have been acted on, and for the screen on top to
        be able to act on it: keys typed faster than the app acts (a burst, a busy moment, a screen
        still loading its data) are neither dropped nor reordered. Textual hands a key to the focused
        widget's queue and acts on a Tab or an Enter only when it comes back up; without this, the
        letters typed just after a Tab would land in the field it leaves."""
        if isinstance(event, events.Key) and not event.is_forwarded and event.key not in UNHELD_KEYS:
            if event.key == "ctrl+j":
                # Enter typed before the terminal was switched to raw mode (the moment the app
                # starts) went through the line discipline, which turns it into a line feed.
                event = events.Key("enter", "\r")
            self._held.append(event)
            if not self._releasing:
                await self._release_next()
            return
        await super().on_event(event)

    def _screen_ready(self) -> bool:
        return bool(getattr(self.screen, "ready_for_keys", True))

    def release_keys(self) -> None:
        """The screen on top can act on keys again: hand it the held ones, one at a time."""
        if self._held and not self._releasing:
            self._releasing = True
            self._next_key_after_refresh()

    def _next_key_after_refresh(self, screen: Screen[object] | None = None) -> None:
        """Hand over the next key once what the last one started is done: at once when it left the
        same screen on top (its focus moves at once), else after the next refresh, when the new
        screen is up. Textual runs that callback with the refresh of the screen on top now; should
        the key have closed that screen, a timer takes over."""
        self._turn += 1
        turn = self._turn
        if not self.screen_stack:  # the app is closing
            return
        if screen is not None and screen is self.screen:
            self.call_later(self._release_turn, turn)
            return
        self.call_after_refresh(self._release_turn, turn)
        self.set_timer(0.1, partial(self._release_turn, turn))

    async def _release_turn(self, turn: int) -> None:
        if turn == self._turn:  # the first of the two to come: the other finds the turn gone
            self._turn += 1
            await self._release_next()

    async def _release_next(self) -> None:
        if not self._held or not self.screen_stack or not self._screen_ready():
            self._releasing = False
            return
        self._releasing = True
        event = self._held.popleft()
        target, self._key_screen = self.focused or self.screen, self.screen
        await super().on_event(events.Key(event.key, event.character))
        target.post_message(KeyHandedOver())
        self._await_marker(target, 0.0)

    def _await_marker(self, target: Widget | Screen[object], waited: float) -> None:
        """Wait for the key's marker; should its widget be removed meanwhile (the key closed its
        screen), the marker never comes back and the line moves on at once."""
        if target.is_attached and waited < 1.0:
            self._handover = self.set_timer(0.05, lambda: self._await_marker(target, waited + 0.05))
        else:
            self._handover = None
            self._next_key_after_refresh(self._key_screen)

    def on_key_handed_over(self) -> None:
        if self._handover is not None:
            self._handover.stop()
            self._handover = None
            self._next_key_after_refresh(self._key_screen)

    def check_day(self) -> None:
        """On a new day, the queue moves to it: the day's follow-up runs and the rows are reloaded."""
        today = self.clock.today()
        if today == self.day:
            return
        self.day = today
        self.followed_up = False
        if self.is_open:  # else the queue loads once the database is open, for the new day
            self.reload_queues()

    def _restore_block(self) -> None:
        block = self.services.block_totals()
        self.call_from_thread(self.session_totals.restore, block, self.clock.now())

    def _watch_changes(self) -> None:
        """A colleague's outcome, payment or call reloads the queue within a second.

        A thread of its own for the app's whole life (not a worker: it never completes, and waiting
        for the workers must not wait for it); it ends when the app unmounts. The watcher is made
        here, off the UI thread: its module loads the ORM.
        """
        watcher = self._watcher = self.services.change_watcher()
        if not self.is_running:  # the app stopped meanwhile
            watcher.close()
        while not watcher.closed:
            try:
                if watcher.wait() and not watcher.closed and self.is_running:
                    self.call_from_thread(self._book_changed)
            except UserError as error:  # the database is away for a moment: say so, keep watching
                self.call_from_thread(self.notify, error.message, severity="error", timeout=8)
                watcher.rest(5)
            except (RuntimeError, CancelledError):  # the app has stopped running
                watcher.close()

    def _book_changed(self) -> None:
        from dunning_tui.tui.screens.queue import QueueScreen

        if self.screen_stack and isinstance(self.screen, QueueScreen):  # the others reload on return
            self.screen.load()

    def on_unmount(self) -> None:
        if self._watcher is not None:
            self._watcher.close()  # the watching thread ends at once instead of at its next look

    def check_interrupted_calls(self) -> None:
        self.run_worker(self._find_open_calls, thread=True, group="resume", exit_on_error=False)

    def _find_open_calls(self) -> None:
        """Offer to resume a call of mine that was never ended. A call whose debtor's claim is still
        being renewed may go on in another terminal of mine, or be this app's previous run, killed
        a moment ago: it is looked at again once its claim has been silent long enough."""
        calls = self.services.open_calls()
        if calls:
            from dunning_tui.tui.screens.resume import ResumeScreen

            self.call_from_thread(self.push_screen, ResumeScreen(calls[0]), self._resume_answer)
        elif self.services.open_calls(going_on_too=True):
            from dunning_tui.store.claims import SILENT_SECONDS

            delay = self.RESUME_LOOK_AGAIN or SILENT_SECONDS + 1.0
            self.call_from_thread(self.set_timer, delay, self._look_again_for_open_calls)

    def _look_again_for_open_calls(self) -> None:
        """Once the queue is on top and no call is going on here: a resume offered over another
        screen would cut into what the user is doing."""
        from dunning_tui.tui.screens.queue import QueueScreen

        if self.open_call_id is None and isinstance(self.screen, QueueScreen):
            self.check_interrupted_calls()
        else:
            self.set_timer(self.RESUME_LOOK_AGAIN or 5.0, self._look_again_for_open_calls)

    def _resume_answer(self, resume: tuple[str, OpenCall] | None) -> None:
        if resume is None:
            return
        choice, call = resume
        if choice == "resume":
            from dunning_tui.tui.screens.call import CallScreen

            self.push_screen(CallScreen.resume(call))
        else:
            self.check_interrupted_calls()  # the next interrupted call, if several

    def open_debtor(self, debtor_id: int, reason: ActionKind | None = None) -> None:
        from dunning_tui.tui.screens.debtor import DebtorScreen

        self.push_screen(DebtorScreen(debtor_id, reason))

    def call_debtor(
        self,
        debtor: DebtorFile | int,
        objective: Objective | None = None,
        reason: ActionKind | None = None,
        leave: bool = False,
    ) -> None:
        """Straight to the call with ``debtor`` (its file, when already read, or its id): the call
        screen comes up once the file and the script are read and the call is open, on top of the
        screen on top, or in its place when ``leave``. Keys typed meanwhile wait for it; a colleague
        already on the phone with the debtor is one sentence instead."""
        from dunning_tui.tui.screens.base import BaseScreen

        screen = self.screen
        if isinstance(screen, BaseScreen):
            screen.keys_wait()

        def set_up() -> None:
            with self.call_loading:  # once the warm-up, if it has begun, has loaded what it needs
                from dunning_tui.tui.screens.call import call_from  # here, off the UI thread

                call_from(self, screen, debtor, objective, reason, leave=leave)
                self._call_loaded = True

        self.run_worker(set_up, thread=True, group="call", exit_on_error=False)

    # -- commands without a key of their own (the command palette) ---------------------------------

    @property
    def ui_language(self) -> str:
        return language()

    def action_toggle_help(self) -> None:
        """The keys of the screen on top, in Textual's keys panel (F1 or ? again hides it)."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def _queue_on_top(self) -> QueueScreen | None:
        from dunning_tui.tui.screens.queue import QueueScreen

        if isinstance(self.screen, QueueScreen):
            return self.screen
        self.notify(tr("Go back to the queue first."), timeout=4)
        return None

    def queue_filters(self) -> tuple[str, ...]:
        from dunning_tui.tui.screens.queue import FILTERS

        return FILTERS

    def filter_queue(self, index: int) -> None:
        if (queue := self._queue_on_top()) is not None:
            queue.set_filter(index)

    def search_queue(self) -> None:
        if (queue := self._queue_on_top()) is not None:
            self.run_worker(queue.action_search(), group="search")

    def switch_language(self, language: str) -> None:
        """The interface's words in ``language``, from the queue on (it is drawn again)."""
        from dunning_tui.tui.screens.queue import QueueScreen

        if self._queue_on_top() is None:
            return
        set_language(language)
        self.switch_screen(QueueScreen())

    def ask_import(self) -> None:
        from dunning_tui.tui.screens.import_files import ImportScreen

        def answer(text: str | None) -> None:
            if text:
                self.run_worker(lambda: self._import(text), thread=True, group="import", exit_on_error=False)

        self.push_screen(ImportScreen(), answer)

    def _import(self, text: str) -> None:
        import shlex
        from pathlib import Path

        try:
            words = shlex.split(text)
        except ValueError:  # an opening quote never closed
            raise UserError("A quote is left open in: {text}", values={"text": text}) from None
        paths = [Path(word).expanduser() for word in words]
        report = self.services.import_paths(paths)
        self.call_from_thread(self.notify, "\n".join(report.lines(language())), timeout=10)
        self.call_from_thread(self.reload_queues)

    def reload_queues(self) -> None:
        from dunning_tui.tui.screens.queue import QueueScreen

        for candidate in self.screen_stack:
            if isinstance(candidate, QueueScreen):
                candidate.load()

    def after_call(self, debtor_id: int, outcome: Outcome) -> None:
        """Back to the queue once an outcome is saved, with the confirmation email to review."""
        self.pop_screen()
        if outcome not in (Outcome.NO_ANSWER, Outcome.WRONG_PERSON):
            from dunning_tui.settings import IDENTITY_FOR_EMAIL

            self.with_identity(
                IDENTITY_FOR_EMAIL,
                lambda: self.run_worker(
                    lambda: self._draft_email(debtor_id), thread=True, group="email", exit_on_error=False
                ),
            )

    def with_identity(self, needed: tuple[str, ...], then: Callable[[], object]) -> None:
        """Run ``then`` once the settings hold the creditor's identity a document needs: asked in a
        form (and written to the config file) the first time; given up if the user cancels."""
        from dunning_tui.settings import missing_identity

        if not missing_identity(self.settings.creditor, needed):
            then()
            return
        from dunning_tui.settings import Creditor
        from dunning_tui.tui.screens.creditor import CreditorScreen

        def entered(creditor: Creditor | None) -> None:
            if creditor is not None:
                self.settings.creditor = creditor  # the services share these settings
                then()

        self.push_screen(CreditorScreen(self.settings.creditor, needed), entered)

    def _draft_email(self, debtor_id: int) -> None:
        from dunning_tui.tui.screens.email_draft import EmailDraftScreen

        draft = self.services.confirmation(debtor_id)
        self.call_from_thread(self.push_screen, EmailDraftScreen(draft))

    def action_report(self, quit_after: bool = False) -> None:
        if not self.is_open:
            self.notify(tr("Loading…"), timeout=2)
            return
        from dunning_tui.tui.screens.report import ReportScreen

        block = self.block_start if self.session_totals.calls else None
        self.push_screen(ReportScreen(block, quit_after=quit_after))

    def action_quit_app(self) -> None:
        from dunning_tui.tui.screens.confirm import ConfirmScreen

        if self.open_call_id is None and self.session_totals.calls and not self.report_offered:
            self.report_offered = True

            def see_report(yes: bool | None) -> None:
                if yes:
                    self.action_report(quit_after=True)
                else:
                    self.exit()

            self.push_screen(ConfirmScreen(tr("See this block's report before quitting?")), see_report)
            return
        if self.open_call_id is None:
            self.exit()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmScreen(tr("A call is open. Quit anyway? Its notes are saved.")), answer)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Worker errors land here: a user error is one sentence on screen, never a traceback."""
        if event.state is not WorkerState.ERROR:
            return
        if event.worker.group == "queue":
            self.first_page_shown(None)  # no page: the rest of the start goes on all the same
        error = event.worker.error
        if isinstance(error, UserError):
            # The first details too (a refused import's bad rows): what to fix, not only that it failed.
            details = error.details_in(language())
            shown = [*details[:DETAILS_SHOWN], *(["…"] if len(details) > DETAILS_SHOWN else [])]
            self.notify("\n".join([error.said(tr), *shown]), severity="error", timeout=12 if shown else 8)
        else:
            self.notify(f"{type(error).__name__}: {error}", severity="error", timeout=12)


def build_app(
    settings: Settings,
    database: Database | Callable[[], Database],
    today: date | None = None,
    ticks: Callable[[], float] = _time.monotonic,
    clock: Clock | None = None,
) -> DunningApp:
    """The app on an open ``database`` or on a function that opens it; on the system clock, or on a
    clock pinned to ``today`` (tests, a replayed day)."""
    if clock is None:
        clock = SYSTEM if today is None else Clock.pinned(today)
    opener = database if callable(database) else lambda: database
    return DunningApp(settings, opener, clock, ticks)
