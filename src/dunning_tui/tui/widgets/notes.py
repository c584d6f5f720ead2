"""The notes pane: stamped lines above, the line being typed below; and the command-mode catcher."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static


class NotesInput(Input):
    """Where everything typed goes. Digits are text here: commands need Esc (or Alt) first.

    A terminal sends Esc then a key typed quickly as Alt+key: the commands are bound on the screen
    (and act first); any other Alt+key is a stray command, never a letter in the notes.
    """

    async def _on_key(self, event: events.Key) -> None:
        if event.key.startswith("alt+"):
            event.stop()
            event.prevent_default()
            self.post_message(CommandLine.Stray(event.character or ""))
            return
        await super()._on_key(event)


class CommandLine(Static, can_focus=True):
    """Holds focus in command mode: one key acts, then focus goes back to the notes."""

    BINDINGS = [
        Binding("1", "screen.answer(1)", "Answer", key_display="1-9", id="call.answer1"),
        *[
            Binding(str(k), f"screen.answer({k})", "Answer", show=False, id=f"call.answer{k}")
            for k in range(2, 10)
        ],
        Binding("b", "screen.step_back", "Step back", id="call.back"),
        Binding("r", "screen.refocus", "Refocus", id="call.refocus"),
        Binding("e", "screen.end_call", "End call", id="call.end"),
        Binding("i,escape", "screen.typing", "Type notes", id="call.type"),
    ]

    class Stray(Message):
        """A key that is not a command: it does nothing, and the mode line says which keys do."""

        def __init__(self, character: str) -> None:
            super().__init__()
            self.character = character

    def on_key(self, event: events.Key) -> None:
        # Keys run their binding; any other printable key does nothing (it never lands in the notes
        # by surprise): the mode line reminds the user of the commands.
        if event.key in self.screen.active_bindings:
            return
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.post_message(self.Stray(event.character))
