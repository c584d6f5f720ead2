"""Asking which CSV files to import (from the command palette)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Input, Static

from dunning_tui.tui.i18n import tr
from dunning_tui.tui.screens.base import BaseModal


class ImportScreen(BaseModal[str | None]):
    """The answer is what was typed: files or folders, separated by spaces (quotes for spaces)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="import.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="import-dialog"):
            yield Static(tr("Import CSV files and e-invoices…"))
            yield Input(placeholder=tr("Files or folders"), id="import-paths")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
