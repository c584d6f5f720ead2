"""A yes/no question."""

from __future__ import annotations

import dataclasses

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical
from textual.widgets import Footer, Static

from dunning_tui.tui.i18n import language, tr
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

    @staticmethod
    def yes_key() -> str:
        """The key shown for yes: the first letter of the word (oui in French); both always work."""
        return "o" if language() == "fr" else "y"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, markup=False)
            yield Static(f"[b]{self.yes_key()}[/b] {tr('Yes')}   [b]n[/b] {tr('No')}", classes="dim")
        yield Footer()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        shown = super().active_bindings
        return {
            key: active._replace(binding=dataclasses.replace(active.binding, key_display=self.yes_key()))
            if active.binding.id == "confirm.yes"
            else active
            for key, active in shown.items()
        }

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
