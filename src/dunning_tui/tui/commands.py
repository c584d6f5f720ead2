"""The command palette (ctrl+p): find a debtor to open or call, and everything without a key of its
own: the queue's filters, an import, the language. Textual's own commands (theme, keys, quit) follow."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from dunning_tui.tui.i18n import label, tr

if TYPE_CHECKING:
    from dunning_tui.tui.app import DunningApp

#: Debtors offered for what is typed, at most.
DEBTORS_SHOWN = 8


class DunningCommands(Provider):
    @property
    def dunning(self) -> DunningApp:
        from dunning_tui.tui.app import DunningApp

        assert isinstance(self.app, DunningApp)
        return self.app

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """(name, help, what it does) of every command that needs no debtor."""
        app = self.dunning
        other = "en" if app.ui_language == "fr" else "fr"
        commands: list[tuple[str, str, Callable[[], object]]] = [
            (f"{label('Filter')} {tr(name)}", tr("Show this part of the queue"), partial(app.filter_queue, i))
            for i, name in enumerate(app.queue_filters())
        ]
        commands += [
            (tr("Search"), tr("Search debtor or invoice number"), app.search_queue),
            (
                tr("Import CSV files and e-invoices…"),
                tr("Invoices, payments, reminders, documents"),
                app.ask_import,
            ),
            (
                tr("Language: English") if other == "en" else tr("Language: French"),
                tr("The interface's words"),
                partial(app.switch_language, other),
            ),
            (tr("Keys"), tr("The keys of this screen (F1)"), app.action_toggle_help),
        ]
        return commands

    async def discover(self) -> Hits:
        for name, help_text, run in self._commands():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, run in self._commands():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
        app = self.dunning
        # "Call: Dup" looks for "Dup": the verb may be typed before the name.
        name = query.rpartition(":")[2].strip()
        if not app.is_open or not name:
            return
        debtors = await asyncio.to_thread(app.services.debtors_named, name, DEBTORS_SHOWN)
        for debtor_id, debtor in debtors:
            for verb, act in ((tr("Open file"), app.open_debtor), (tr("Call"), app.call_debtor)):
                text = f"{verb}: {debtor}"
                yield Hit(
                    max(matcher.match(text), 0.5),
                    matcher.highlight(text),
                    partial(act, debtor_id),
                    text=text,
                )
