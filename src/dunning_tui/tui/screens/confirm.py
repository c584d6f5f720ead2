"""A yes/no question."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Static

from dunning_tui.tui.i18n import tr
from dunning_tui.tui.screens.base import BaseModal


class ConfirmScreen(BaseModal[bool]):
    """Yes needs ``y`` (or ``o``, oui): ``Enter`` never says yes to a legal act by accident."""

    BINDINGS = [
        Binding("y,o", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question)
            yield Static(f"[b]y[/b] {tr('Yes')}   [b]n[/b] {tr('No')}", classes="dim")
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
