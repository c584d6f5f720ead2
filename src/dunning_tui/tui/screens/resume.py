"""After a crash: resume the interrupted call, or close it keeping every note."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Static

from dunning_tui.domain.call_notes import readable_notes
from dunning_tui.store.calls import OpenCall
from dunning_tui.tui.i18n import tr
from dunning_tui.tui.screens.base import BaseModal


class ResumeScreen(BaseModal[tuple[str, OpenCall] | None]):
    BINDINGS = [
        Binding("r,enter", "resume", "Resume it", id="resume.resume"),
        Binding("x", "close_call", "Close it (notes kept)", id="resume.close"),
    ]

    def __init__(self, call: OpenCall) -> None:
        super().__init__()
        self.call = call

    def compose(self) -> ComposeResult:
        notes = readable_notes(self.call.notes).strip() or "—"
        with Vertical(classes="dialog"):
            yield Static(f"[b]{tr('A call was interrupted')}[/b]")
            yield Static(
                f"{self.call.debtor_name} — {tr('started')} {self.app.fmt.moment(self.call.started_at)}",
                markup=False,
            )
            yield Static(notes, id="resume-notes", markup=False)
            yield Static(
                f"[b]r[/b] {tr('Resume it')}   [b]x[/b] {tr('Close it (notes kept)')}", classes="dim"
            )
        yield Footer()

    def action_resume(self) -> None:
        self.dismiss(("resume", self.call))

    @work(thread=True, exit_on_error=False)
    def action_close_call(self) -> None:
        self.app.services.close_call(self.call.call_id)
        self.app.call_from_thread(self.dismiss, ("close", self.call))
