"""The confirmation email after a call: read it, edit it, send it or keep it in the outbox.

Leaving the screen in any way keeps the email: it is always written to the outbox as ``.eml``.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, Label, Static, TextArea

from dunning_tui.documents.confirmation import Draft
from dunning_tui.tui.i18n import label, tr
from dunning_tui.tui.screens.base import BaseModal


class EmailDraftScreen(BaseModal[None]):
    BINDINGS = [
        Binding("ctrl+s", "deliver(True)", "Send", id="email.send", priority=True),
        Binding("ctrl+k", "deliver(False)", "Keep", id="email.keep", priority=True),
        Binding("escape", "deliver(False)", "Keep", show=False, id="email.leave"),
    ]

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        self.draft = draft
        self._busy = False

    def compose(self) -> ComposeResult:
        draft = self.draft
        with Vertical(classes="dialog wide", id="email-dialog"):
            yield Static(self._heading(), id="email-heading")
            for problem in draft.problems:
                said = tr(problem.template, **dict(problem.values))
                yield Static(Text(f"! {said}", style="yellow"))
            # Every file the email carries, and every one left out, before anything is sent.
            for attachment in draft.attachments:
                yield Static(Text(f"{label('Attached')} {attachment.describe()}"), classes="attachment")
            for refused in draft.refused:
                yield Static(Text(f"! {tr(refused.template, **dict(refused.values))}", style="yellow"))
            with Horizontal(classes="field-row"):
                yield Label(tr("Subject"), classes="field-label")
                yield Input(draft.subject, id="email-subject")
            yield TextArea(draft.body, id="email-body", soft_wrap=True)
        yield Footer()

    def _heading(self) -> Text:
        return Text.assemble((tr("Confirmation email"), "bold"), f" → {self.draft.to_display or '—'}")

    def on_mount(self) -> None:
        self.query_one("#email-subject", Input).cursor_position = 0
        self.query_one("#email-body", TextArea).focus()

    def _why_not_send(self) -> str:
        """Why Ctrl+S cannot send this draft ("" when it can): said on screen, never a silent key."""
        if not self.app.settings.smtp_url:
            return tr(
                "Cannot send: no mail server in the settings (smtp_url). Ctrl+K keeps it in the outbox."
            )
        if self.draft.problems:
            problem = self.draft.problems[0]
            return tr("Cannot send: {why}", why=tr(problem.template, **dict(problem.values)))
        return ""

    def action_deliver(self, send_it: bool) -> None:
        if self._busy:
            return
        if send_it and (why := self._why_not_send()):
            self.notify(why, severity="warning", timeout=8)
            return
        self._busy = True
        # Said at once: writing the file (and sending) happens in a worker, the screen closes after.
        doing = tr("Sending…") if send_it else tr("Saving to the outbox…")
        self.query_one("#email-heading", Static).update(Text(doing, style="bold"))
        subject = self.query_one("#email-subject", Input).value
        body = self.query_one("#email-body", TextArea).text
        self._deliver(self.draft.edited(subject, body), send_it)

    @work(thread=True, exclusive=True, group="email", exit_on_error=False)
    def _deliver(self, draft: Draft, send_it: bool) -> None:
        app = self.app
        try:
            done = app.services.deliver_confirmation(draft, send_it=send_it)
        except Exception:
            app.call_from_thread(self.query_one("#email-heading", Static).update, self._heading())
            raise
        finally:
            self._busy = False
        if done.error:
            app.call_from_thread(
                app.notify,
                f"{done.error} {label('Saved to the outbox')} {done.path.name}",
                severity="error",
                timeout=10,
            )
        else:
            app.call_from_thread(
                app.notify,
                f"{label('Sent') if done.sent else label('Saved to the outbox')} {done.path.name}",
                timeout=5,
            )
        app.call_from_thread(self.dismiss, None)
