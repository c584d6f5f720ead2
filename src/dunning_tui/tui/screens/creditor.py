"""Your identity, asked the first time a letter or an email needs it, and written to the config file.

A letter or an email never goes out without a sender: when a setting it needs is empty, this form
comes up first, pre-filled with what the settings already hold. ``Ctrl+S`` (or ``Enter`` on the last
field) writes the ``[creditor]`` table of the config file and carries on with the document;
``Esc`` gives up the document.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Input, Label, Static

from dunning_tui.settings import Creditor, missing_identity
from dunning_tui.tui.i18n import tr
from dunning_tui.tui.screens.base import BaseModal

#: The fields asked, in order: (setting, label).
FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "Name"),
    ("address", "Address"),
    ("registration_number", "Registration number"),
    ("iban", "IBAN"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("caller_name", "Caller name"),
)


class CreditorScreen(BaseModal[Creditor | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="creditor.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="creditor.cancel"),
    ]

    def __init__(self, creditor: Creditor, needed: tuple[str, ...]) -> None:
        super().__init__()
        self.creditor = creditor
        self.needed = needed

    def compose(self) -> ComposeResult:
        from dunning_tui import locations

        with VerticalScroll(classes="dialog wide", id="creditor-dialog"):
            yield Static(f"[b]{tr('Your identity')}[/b]")
            yield Static(
                tr(
                    "Needed once, for your letters and emails; saved in {path}.", path=locations.config_file()
                ),
                classes="dim",
                markup=False,
            )
            for name, label in FIELDS:
                value = str(getattr(self.creditor, name))
                if name == "address":
                    value = " / ".join(line.strip() for line in value.splitlines() if line.strip())
                yield Horizontal(
                    Label(tr(label) + (" *" if name in self.needed else ""), classes="field-label"),
                    Input(value, id=f"c-{name}"),
                    classes="field-row",
                )
            yield Static("", id="creditor-problem")
        yield Footer()

    def on_mount(self) -> None:
        first = next((n for n, _ in FIELDS if n in self.needed and not getattr(self.creditor, n)), "name")
        self.query_one(f"#c-{first}", Input).focus()

    def typed(self) -> Creditor:
        values = {name: self.query_one(f"#c-{name}", Input).value.strip() for name, _ in FIELDS}
        # One line on screen, lines on paper: "12 rue X / 75001 Paris".
        values["address"] = "\n".join(p.strip() for p in values["address"].split(" / ") if p.strip())
        return self.creditor.model_copy(update=values)

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        creditor = self.typed()
        missing = missing_identity(creditor, self.needed)
        if missing:
            self.query_one("#creditor-problem", Static).update(
                f"[yellow]{tr('Missing: {fields}', fields=', '.join(missing))}[/yellow]"
            )
            return
        self._write(creditor)

    @work(thread=True, exclusive=True, group="creditor", exit_on_error=False)
    def _write(self, creditor: Creditor) -> None:
        from dunning_tui.settings import save_creditor

        save_creditor(creditor)
        self.app.call_from_thread(self.dismiss, creditor)

    def action_cancel(self) -> None:
        self.dismiss(None)
