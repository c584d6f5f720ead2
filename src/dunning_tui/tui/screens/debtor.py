"""The one-screen brief before dialling, and the call's objective."""

from __future__ import annotations

from datetime import date, timedelta

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Footer, Input, Label, Static

from dunning_tui.domain.enums import ActionKind
from dunning_tui.domain.models import DebtorFile
from dunning_tui.domain.outcome import Objective
from dunning_tui.domain.payments import PaymentInput
from dunning_tui.tui.i18n import label, language, shown, tr
from dunning_tui.tui.screens.base import BaseScreen, unless_superseded
from dunning_tui.tui.widgets import brief


class DebtorScreen(BaseScreen):
    BINDINGS = [
        Binding("c", "start_call", "Call", id="file.call", tooltip="Start the call"),
        Binding("p", "payment", "Payment", id="file.payment", tooltip="Record a payment"),
        Binding("l", "letter('reminder')", "Letter", id="file.reminder", tooltip="Reminder letter (PDF)"),
        Binding("n", "letter('notice')", "Notice", id="file.notice", tooltip="Formal notice (PDF)"),
        Binding("escape", "back", "Back", id="file.back"),
    ]

    def __init__(self, debtor_id: int, reason: ActionKind | None = None) -> None:
        super().__init__()
        self.debtor_id = debtor_id
        self.reason = reason
        self.file: DebtorFile | None = None
        self.latest_date: date | None = None
        #: Keys wait for the file: a `c` pressed while it loads starts the call once it is there.
        self.ready_for_keys = False

    def compose(self) -> ComposeResult:
        yield Static(tr("Loading…"), id="file-title")
        with VerticalScroll(id="file-body"):
            yield Static("", id="file-brief")
        with Vertical(id="objective"):
            yield Label(f"[b]{tr('Objective for this call')}[/b]")
            with Horizontal(classes="objective-row"):
                yield Label(tr("Latest acceptable date"))
                yield Input(id="latest-date", classes="short")
                yield Label("", id="latest-resolved")
            with Horizontal(classes="objective-row"):
                yield Checkbox(tr("Payment plan acceptable"), id="plan-ok")
                yield Label(tr("Max instalments"))
                yield Input(id="max-instalments", classes="tiny", type="integer")
        yield Footer()

    def on_mount(self) -> None:
        call = self.app.settings.call
        self.latest_date = self.app.today + timedelta(days=call.latest_date_days)
        self.query_one("#latest-date", Input).value = self.latest_date.isoformat()
        self.query_one("#plan-ok", Checkbox).value = call.payment_plan_ok
        self.query_one("#max-instalments", Input).value = str(call.max_instalments)
        self.query_one("#file-body").focus()
        self.load()

    @work(thread=True, exclusive=True, group="file", exit_on_error=False)
    def load(self) -> None:
        self._fetch()

    def _fetch(self) -> None:
        """The file and its brief, built on a worker thread (penalties read the rate table)."""
        app = self.app
        file = app.services.debtor_file(self.debtor_id)
        payer = app.services.payer(self.debtor_id, app.today)
        title, text = brief.full_brief(file, app.today, app.settings, app.fmt, payer)
        app.call_from_thread(unless_superseded(self._show), file, title, text)

    def _show(self, file: DebtorFile, title: str, text: str) -> None:
        self.file = file
        self.query_one("#file-title", Static).update(title)
        self.query_one("#file-brief", Static).update(text)
        if not self.ready_for_keys:
            self.keys_ready()

    @on(Input.Changed, "#latest-date")
    def _latest_changed(self, event: Input.Changed) -> None:
        from dunning_tui.domain.dates import parse_date_phrase

        resolved = parse_date_phrase(event.value, self.app.today, language()) if event.value.strip() else None
        self.latest_date = resolved
        label = self.query_one("#latest-resolved", Label)
        label.update(
            self.app.fmt.long_day(resolved) if resolved else f"[red]{tr('Not a date I understand')}[/red]"
        )

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.query_one("#file-body").focus()

    def objective(self) -> Objective:
        call = self.app.settings.call
        try:
            max_instalments = max(1, int(self.query_one("#max-instalments", Input).value))
        except ValueError:
            max_instalments = call.max_instalments
        latest = self.latest_date or self.app.today + timedelta(days=call.latest_date_days)
        return Objective(latest, self.query_one("#plan-ok", Checkbox).value, max_instalments)

    def action_start_call(self) -> None:
        if self.file is None:
            return
        if self.latest_date is None:
            self.notify(tr("Not a date I understand"), severity="error")
            self.query_one("#latest-date", Input).focus()
            return
        # Claimed before leaving the file: a colleague already on the phone with the debtor is one
        # sentence here instead of a call screen that opens and closes.
        self.app.call_debtor(self.file, self.objective(), self.reason, leave=True)

    def action_back(self) -> None:
        self.app.pop_screen()

    # -- payment and letters ----------------------------------------------------------------------

    def action_payment(self) -> None:
        if self.file is None:
            return
        from dunning_tui.tui.screens.payment import PaymentScreen

        self.app.push_screen(PaymentScreen(self.file), self._payment_entered)

    def _payment_entered(self, payment: PaymentInput | None) -> None:
        """The form saved the payment before closing: show the file as it is now."""
        if payment is not None:
            self.notify(tr("Saved."), timeout=3)
            self.load()

    def action_letter(self, kind: str) -> None:
        """A letter is a legal step: asked first (``y``; ``Enter`` is no answer), and never sent
        without the creditor's identity (the form comes up the first time)."""
        if self.file is None:
            return
        from dunning_tui.settings import IDENTITY_FOR_LETTER
        from dunning_tui.tui.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.app.with_identity(IDENTITY_FOR_LETTER, lambda: self._start_letter(kind))

        question = "Send a formal notice now?" if kind == "notice" else "Send a written reminder now?"
        self.app.push_screen(ConfirmScreen(tr(question)), answer)

    def _start_letter(self, kind: str) -> None:
        self.notify(tr("Writing the letter…"), timeout=3)  # at once: the PDF takes half a second
        self._issue_letter(kind)

    @work(thread=True, exclusive=True, group="letter", exit_on_error=False)
    def _issue_letter(self, kind: str) -> None:
        assert self.file is not None
        letter, path = self.app.services.letter(self.file, kind, self.app.today)
        for warning in letter.warnings:
            self.app.call_from_thread(self.app.notify, shown(warning), severity="warning", timeout=8)
        self.app.call_from_thread(self.app.notify, f"{label('Letter written')} {path}", timeout=10)
        self._fetch()
