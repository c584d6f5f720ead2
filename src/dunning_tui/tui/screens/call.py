"""In the call: the brief, the script and the notes — the notes have focus from the first moment.

Everything typed goes to the notes. ``Esc`` enters command mode for one key (``1``–``9`` answer,
``b`` back, ``r`` refocus, ``e`` end), then focus returns to the notes. ``Alt+key`` does the same in
one stroke, which is also what terminals send for a quick ``Esc`` then key.
Notes and the script path are saved to the database at most ``draft_save_seconds`` after each
change, so a crash loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Input, Static

from dunning_tui.domain.call_notes import notes_text, split_notes
from dunning_tui.domain.enums import ActionKind
from dunning_tui.domain.models import DebtorFile
from dunning_tui.domain.outcome import Objective, OutcomeInput
from dunning_tui.errors import UserError
from dunning_tui.script.context import ScriptContext
from dunning_tui.script.model import Script
from dunning_tui.script.path import ScriptPath
from dunning_tui.script.render import RenderedNode
from dunning_tui.store.calls import OpenCall
from dunning_tui.store.claims import RENEW_SECONDS, DebtorClaimed
from dunning_tui.tui.formatting import clock
from dunning_tui.tui.i18n import label, tr
from dunning_tui.tui.screens.base import BaseScreen, tell_on_call
from dunning_tui.tui.widgets import brief
from dunning_tui.tui.widgets.notes import CommandLine, NotesInput

if TYPE_CHECKING:
    from textual.screen import Screen

    from dunning_tui.tui.app import DunningApp


@dataclass(frozen=True)
class CallSetup:
    """What the call screen shows from its first frame, the call being open."""

    file: DebtorFile
    objective: Objective
    script: Script
    context: ScriptContext
    #: The script's node the call starts at.
    entry: str
    call_id: int


def set_up_call(
    app: DunningApp,
    file: DebtorFile | int,
    objective: Objective | None,
    reason: ActionKind | None,
    call_id: int | None = None,
) -> CallSetup:
    """On a worker thread: the debtor's file (read, when given by its id), the script and its
    context, then the debtor claimed and the call opened in one transaction (``call_id``: an
    interrupted call resumed, the debtor claimed again). :class:`DebtorClaimed` when a colleague is
    on the phone with them, and nothing is written."""
    from dunning_tui.reports import penalties_for, script_locale
    from dunning_tui.script.context import build_context
    from dunning_tui.script.loader import entry_for, resolve_script

    settings = app.settings
    if isinstance(file, int):
        file = app.services.debtor_file(file)
    if objective is None:
        objective = _objective(app, file, call_id)
    script = resolve_script(settings.call.script, file.debtor.language)
    report = penalties_for(file, app.today, settings)
    penalties = None if report.consumer else (report.interest + report.indemnity) or None
    context = build_context(
        file,
        today=app.today,
        latest_date=objective.latest_date,
        creditor=settings.creditor.name,
        caller=settings.creditor.caller_name or settings.creditor.name,
        locale=script_locale(script.language, file.debtor.country),
        creditor_phone=settings.creditor.phone,
        penalties=penalties,
        consequences=settings.consequences,
        plan_ok=objective.plan_ok,
        max_instalments=objective.max_instalments,
        bank_delay_days=settings.cadence.bank_delay_days,
    )
    if call_id is None:
        contact = file.primary_contact
        call_id = app.services.start_call(
            file.debtor.id, objective, contact.id if contact else None, script.name
        )
    else:
        app.services.claim(file.debtor.id)
    return CallSetup(file, objective, script, context, entry_for(script, file, reason=reason), call_id)


def _objective(app: DunningApp, file: DebtorFile, call_id: int | None) -> Objective:
    """The objective an interrupted call was opened with, else the settings' one."""
    settings = app.settings.call
    call = next((c for c in file.calls if c.id == call_id), None) if call_id is not None else None
    latest = (call.latest_date if call else None) or app.today + timedelta(days=settings.latest_date_days)
    return Objective(latest, call.plan_ok if call else settings.payment_plan_ok, settings.max_instalments)


def call_from(
    app: DunningApp,
    screen: Screen[object],
    file: DebtorFile | int,
    objective: Objective | None,
    reason: ActionKind | None,
    *,
    leave: bool,
) -> None:
    """On a worker thread, ``screen`` holding the keys meanwhile: the call set up, then the call
    screen up (in place of ``screen`` when ``leave``), ready from its first frame; keys typed
    meanwhile go to its notes. A colleague already on the phone with the debtor is one sentence,
    and ``screen`` stays as it is."""
    try:
        setup = set_up_call(app, file, objective, reason)
    except DebtorClaimed as refused:
        app.call_from_thread(tell_on_call, app, refused.holder.caller, refused.debtor_name, refused.minutes)
    else:
        app.call_from_thread(
            lambda: (app.switch_screen if leave else app.push_screen)(CallScreen.ready(setup, reason))
        )
    finally:
        if isinstance(screen, BaseScreen):
            app.call_from_thread(screen.keys_ready)


ALT_BINDINGS = [
    *[
        Binding(f"alt+{k}", f"answer({k})", "Answer", show=False, priority=True, id=f"call.alt_answer{k}")
        for k in range(1, 10)
    ],
    Binding("alt+b", "step_back", "Step back", show=False, priority=True, id="call.alt_back"),
    Binding("alt+r", "refocus", "Refocus", show=False, priority=True, id="call.alt_refocus"),
    Binding("alt+e", "end_call", "End call", show=False, priority=True, id="call.alt_end"),
]


class CallScreen(BaseScreen):
    BINDINGS = [
        Binding("escape", "command_mode", "Command mode", id="call.command"),
        *ALT_BINDINGS,
    ]

    def __init__(
        self,
        file: DebtorFile | None,
        objective: Objective | None,
        reason: ActionKind | None = None,
        resumed: OpenCall | None = None,
        setup: CallSetup | None = None,
    ) -> None:
        super().__init__()
        self._setup = setup
        self.file = file
        self.objective = objective
        self.reason = reason
        self.resumed = resumed
        self.call_id: int | None = resumed.call_id if resumed else None
        self.lines: list[str] = []
        self.path = ScriptPath()
        self.script: Script | None = None
        self.context: ScriptContext | None = None
        self.node: RenderedNode | None = None
        self.started: float | None = None
        self._save_pending = False
        self._ended = False
        self._claim_lost = False
        if resumed:
            self.lines, self._partial, self._partial_stamp = split_notes(resumed.notes)
            self.path = ScriptPath.from_json(resumed.script_path)
            self._already = (self.app.clock.now() - resumed.started_at).total_seconds()
        else:
            self._partial = ""
            self._partial_stamp = ""  # when the line being typed was begun (its stamp once entered)
            self._already = 0.0

    @classmethod
    def resume(cls, call: OpenCall) -> CallScreen:
        return cls(None, None, resumed=call)

    @classmethod
    def ready(cls, setup: CallSetup, reason: ActionKind | None) -> CallScreen:
        """The call already opened by :func:`set_up_call`: its first frame shows the script."""
        return cls(setup.file, setup.objective, reason, setup=setup)

    def compose(self) -> ComposeResult:
        with Horizontal(id="call-top"):
            yield Static("", id="call-title")
            yield Static("00:00", id="call-timer")
        with Horizontal(id="call-panes"):
            with VerticalScroll(id="call-brief"):
                yield Static("", id="call-brief-text")
            with Vertical(id="call-script-pane"):
                with VerticalScroll(id="call-script"):
                    yield Static(tr("Loading…"), id="call-script-text")
                # The answers stay in view whatever the length of the node's text (at 80×24 too).
                yield Static("", id="call-answers", classes="hidden")
        with Vertical(id="call-notes"):
            with VerticalScroll(id="notes-log"):
                yield Static("", id="notes-lines", markup=False)
            yield NotesInput(
                placeholder=tr("Type your notes; Enter adds a line, Esc for commands"),
                id="notes-input",
                select_on_focus=False,  # a resumed line goes on where it stopped, never typed over
            )
            yield CommandLine(f" {tr('TYPING')}", id="mode-line")
        yield Footer(show_command_palette=False)  # the call's own keys need the whole line

    def on_mount(self) -> None:
        self.started = self.app.ticks() - self._already
        notes = self.query_one(NotesInput)
        notes.value = self._partial
        notes.cursor_position = len(self._partial)
        notes.focus()
        self._show_notes()
        self.set_interval(1, self._tick)
        if self._setup is not None:  # set up before the screen came: shown from its first layout on
            self.call_after_refresh(self._ready, self._setup)
        else:
            self.prepare()

    # -- set-up, off the UI thread ----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="call-setup", exit_on_error=False)
    def prepare(self) -> None:
        app = self.app
        file = self.file if self.file is not None else self.resumed.debtor_id if self.resumed else None
        assert file is not None
        try:
            with app.call_loading:  # not beside the warm-up: see DunningApp.call_loading
                setup = set_up_call(app, file, self.objective, self.reason, self.call_id)
        except DebtorClaimed as refused:
            app.call_from_thread(self._refused, refused)
            return
        app.call_from_thread(self._ready, setup)

    def _refused(self, refused: DebtorClaimed) -> None:
        """A colleague is on the phone with this debtor: say so in one sentence, and go back."""
        self._ended = True  # nothing of ours to save: a resumed call keeps its notes as they are
        tell_on_call(self.app, refused.holder.caller, refused.debtor_name, refused.minutes)
        self.app.pop_screen()

    def _ready(self, setup: CallSetup) -> None:
        self.file, self.objective, self.call_id = setup.file, setup.objective, setup.call_id
        self.script, self.context = setup.script, setup.context
        self.app.open_call_id = self.call_id
        self.set_interval(RENEW_SECONDS, self._renew_claim)
        if self.path.current is None or self.path.current not in setup.script.nodes:
            self.path = ScriptPath()
            self.path.advance(setup.entry, self.elapsed())
        self._render_node()
        self._render_brief()
        self.schedule_save()
        self.call_after_refresh(self.app.start_the_rest)  # if a key at start-up opened this call

    # -- display ----------------------------------------------------------------------------------

    def elapsed(self) -> float:
        return self.app.ticks() - (self.started if self.started is not None else self.app.ticks())

    def _tick(self) -> None:
        seconds = self.elapsed()
        timer = self.query_one("#call-timer", Static)
        timer.update(clock(seconds))
        timer.set_class(seconds > self.app.settings.call.warn_minutes * 60, "long-call")

    def _render_brief(self) -> None:
        file = self.file
        if file is None:
            return
        today, fmt = self.app.today, self.app.fmt
        self.query_one("#call-title", Static).update(
            f"[b]{brief._esc(file.debtor.name)}[/b] · {brief.headline(file, today, fmt)}"
        )
        due = brief.due_lines(file, today)
        parts = [*due, *([""] if due else [])]
        parts += [*brief.compact_invoice_lines(file, today, fmt), "", *brief.compact_contact_lines(file)]
        if file.last_promise:
            parts += ["", f"{label('Promises')}", *brief.promise_lines(file, fmt)[-2:]]
        if self.objective:
            parts += ["", f"[b]{label('Latest acceptable date')}[/b] {fmt.day(self.objective.latest_date)}"]
        self.query_one("#call-brief-text", Static).update("\n".join(parts))

    def _wrapped(self, lines: tuple[str, ...]) -> list[str]:
        """The sentences wrapped to the pane here, not by the widget: ``textwrap`` breaks only at plain
        spaces, so an amount such as "2 693,87 €" (narrow no-break spaces) never splits mid-call."""
        import textwrap

        # Two columns are kept for the scrollbar that appears when the node is long.
        width = max(20, self.query_one("#call-script").content_size.width - 3)
        return [
            wrapped
            for line in lines
            for wrapped in textwrap.wrap(line, width, initial_indent="  ", subsequent_indent="  ") or [""]
        ]

    def on_resize(self) -> None:
        self._render_node()

    def _render_node(self) -> None:
        from dunning_tui.script.render import render_node

        if self.script is None or self.context is None or self.path.current is None:
            return
        self.node = render_node(self.script, self.path.current, self.context)
        node = self.node
        out = [f"[b]{brief._esc(node.title)}[/b]", ""]
        out += [brief._esc(line) for line in self._wrapped(node.lines)]
        self._render_answers()
        if node.tips:
            out += ["", f"[i]{label('Tips')}[/i]", *[f"  · {brief._esc(t)}" for t in node.tips]]
        if node.evidence and self.file is not None:
            lines = brief.evidence_lines(self.file, node.evidence, self.app.today, self.app.fmt)
            if lines:  # no heading over nothing
                out += ["", f"[b]{label('Evidence')}[/b]", *[f"  {line}" for line in lines]]
        if node.outcome:
            out += ["", tr("Suggested outcome: {kind}", kind=tr(f"outcome.{node.outcome.value}"))]
        if node.is_end:
            out += ["", f"[dim]{tr('End of the script: press e to end the call.')}[/dim]"]
        self.query_one("#call-script-text", Static).update("\n".join(out))

    def _render_answers(self) -> None:
        """The node's answers under the script, in two columns when they are many: every one of them
        is on screen, each cut to its column if need be."""
        answers = self.node.answers if self.node else ()
        widget = self.query_one("#call-answers", Static)
        widget.set_class(not answers, "hidden")
        if not answers:
            return
        width = max(20, self.query_one("#call-script-pane").content_size.width - 2)
        columns = 2 if len(answers) > 4 and width >= 44 else 1
        cell = width // columns
        cells = []
        for a in answers:
            text = a.label if len(a.label) <= cell - 5 else a.label[: max(1, cell - 6)] + "…"
            cells.append((f"[b reverse] {a.key} [/] {brief._esc(text)}", len(text) + 4))
        rows = -(-len(cells) // columns)
        lines = []
        for r in range(rows):
            row = [cells[r + c * rows] for c in range(columns) if r + c * rows < len(cells)]
            lines.append("".join(markup + " " * (cell - size) for markup, size in row[:-1]) + row[-1][0])
        widget.update("\n".join(lines))

    def _show_notes(self) -> None:
        """The notes log follows its last line, even when long lines wrap."""
        self.query_one("#notes-lines", Static).update(
            Text("\n".join(self.lines))
        )  # what was typed, never markup
        log = self.query_one("#notes-log", VerticalScroll)
        log.call_after_refresh(log.scroll_end, animate=False)

    def _set_mode(self, command: bool) -> None:
        mode = self.query_one(CommandLine)
        mode.update(f" {tr('COMMAND') if command else tr('TYPING')}")
        mode.set_class(command, "command")
        (mode if command else self.query_one(NotesInput)).focus()

    # -- notes ------------------------------------------------------------------------------------

    @on(Input.Submitted, "#notes-input")
    def _add_line(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text:
            self.lines.append(f"{self._partial_stamp or clock(self.elapsed())} {text}")
            self._partial_stamp = ""
            # Only the line submitted leaves the field: what was typed after Enter, before this
            # message came (a fast typist, a busy moment), stays and begins the next line.
            typed = event.input.value
            event.input.value = typed[len(event.value) :] if typed.startswith(event.value) else ""
            self._show_notes()
            self.schedule_save()

    @on(Input.Changed, "#notes-input")
    def _typing(self, event: Input.Changed) -> None:
        self._partial = event.value  # kept here too: the widget is gone by the time the screen unmounts
        if not event.value.strip():
            self._partial_stamp = ""
        elif not self._partial_stamp:
            self._partial_stamp = clock(self.elapsed())
        self.schedule_save()

    @on(CommandLine.Stray)
    def _stray_key(self, event: CommandLine.Stray) -> None:
        mode = self.query_one(CommandLine)
        mode.update(f" {tr('COMMAND')} · {tr('1–9 answer · b back · r refocus · e end · i or Esc: type')}")

    # -- crash safety -----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="claim", exit_on_error=False)
    def _renew_claim(self) -> None:
        """Keep the debtor ours while the call is open (an app that stops renewing loses it)."""
        if self._ended or self.file is None:
            return
        if not self.app.services.renew_claim(self.file.debtor.id) and not self._claim_lost:
            self._claim_lost = True
            self.app.call_from_thread(
                self.app.notify,
                tr("Your claim on this debtor lapsed and a colleague took it; your notes are saved."),
                severity="warning",
                timeout=10,
            )

    def schedule_save(self) -> None:
        """Save at most ``draft_save_seconds`` from now; changes meanwhile ride on the same save."""
        if self._save_pending or self.call_id is None:
            return
        self._save_pending = True
        self.set_timer(self.app.settings.call.draft_save_seconds, self._flush)

    def _flush(self) -> None:
        self._save_pending = False
        if self.call_id is None or self._ended:
            return
        self._save(self.call_id, self.notes_text(), self.path.to_json())

    @work(thread=True, group="draft", exit_on_error=False)
    def _save(self, call_id: int, notes: str, path: str) -> None:
        self.app.services.save_draft(call_id, notes, path)

    def on_unmount(self) -> None:
        """Leaving while the call is open (quitting, say): write what the debounce has not yet.

        This one write happens on the UI thread, on purpose: the app is closing and must not
        close before the last keystrokes are on disk.
        """
        if self.call_id is None or self._ended:
            return
        try:
            self.app.services.save_draft(self.call_id, self.notes_text(), self.path.to_json())
            if self.file is not None:  # the app is leaving: a colleague may call this debtor now
                self.app.services.release_claim(self.file.debtor.id)
        except UserError as error:
            self.app.notify(error.said(tr), severity="error")

    def notes_text(self) -> str:
        return notes_text(self.lines, self._partial, self._partial_stamp)

    # -- commands ---------------------------------------------------------------------------------

    def action_command_mode(self) -> None:
        self._set_mode(True)

    def action_typing(self) -> None:
        self._set_mode(False)

    def action_answer(self, key: int) -> None:
        self._set_mode(False)
        if self.node is None:
            return
        target = self.node.target(key)
        if target is None:
            self.notify(f"{tr('Answer')} {key}: —", severity="warning", timeout=2)
            return
        self.path.advance(target, self.elapsed())
        self._render_node()
        self.schedule_save()

    def action_step_back(self) -> None:
        self._set_mode(False)
        self.path.back()
        self._render_node()
        self.schedule_save()

    def action_refocus(self) -> None:
        self._set_mode(False)
        if self.node is not None and self.node.refocus:
            self.notify(self.node.refocus, title=tr("Refocus"), timeout=10)
            self.lines.append(f"{clock(self.elapsed())} [{tr('Refocus')}]")
            self._show_notes()
            self.schedule_save()

    def action_end_call(self) -> None:
        self._set_mode(False)
        if self.file is None or self.call_id is None or self.objective is None:
            return
        from dunning_tui.tui.screens.outcome import OutcomeScreen

        suggested = self.node.outcome if self.node else None
        self.app.push_screen(OutcomeScreen(self.file, self.objective, suggested), self._outcome_chosen)

    def _outcome_chosen(self, outcome: OutcomeInput | None) -> None:
        if outcome is None:
            self.query_one(NotesInput).focus()
            return
        self._save_outcome(outcome, self.notes_text(), self.path.to_json())

    @work(thread=True, exclusive=True, group="outcome", exit_on_error=False)
    def _save_outcome(self, outcome: OutcomeInput, notes: str, path: str) -> None:
        assert self.call_id is not None and self.file is not None
        self._ended = True
        try:
            self.app.services.save_outcome(self.call_id, outcome, notes, path)
        except Exception:
            self._ended = False
            raise
        self.app.call_from_thread(self._saved, outcome)

    def _saved(self, outcome: OutcomeInput) -> None:
        from dunning_tui.domain.enums import Outcome

        app = self.app
        totals = app.session_totals
        totals.calls += 1
        if outcome.kind in (Outcome.PROMISE, Outcome.PAYMENT_PLAN):
            totals.promises += 1
            amount = (
                outcome.amount
                if outcome.kind is Outcome.PROMISE
                else sum(i.amount for i in outcome.instalments)
            )
            currency = self.file.currency if self.file else app.settings.currency
            totals.promised[currency] = totals.promised.get(currency, Decimal(0)) + (amount or Decimal(0))
        app.open_call_id = None
        app.last_called = self.file.debtor.id if self.file else None
        if self.file:
            totals.called.add(self.file.debtor.id)
        app.notify(tr("Saved."), timeout=3)
        app.after_call(self.file.debtor.id if self.file else 0, outcome.kind)
