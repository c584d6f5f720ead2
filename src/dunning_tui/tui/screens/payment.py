"""Recording a payment from the debtor's file."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, Label, Static

from dunning_tui.domain.models import DebtorFile
from dunning_tui.domain.payments import PaymentInput
from dunning_tui.tui.i18n import language, tr
from dunning_tui.tui.screens.base import BaseModal


class PaymentScreen(BaseModal[PaymentInput | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="payment.cancel")]

    def __init__(self, file: DebtorFile) -> None:
        super().__init__()
        self.file = file

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="payment-dialog"):
            yield Static(Text.assemble((tr("Record a payment"), "bold"), f" — {self.file.debtor.name}"))
            for field_id, label in (
                ("invoice", tr("Invoices")),
                ("amount", tr("Amount")),
                ("date", tr("Date")),
                ("method", tr("Method")),
                ("reference", tr("Reference")),
            ):
                with Horizontal(classes="field-row"):
                    yield Label(label, classes="field-label")
                    yield Input(id=f"p-{field_id}")
                    if field_id == "date":
                        yield Label("", id="p-date-resolved", classes="resolved")
        yield Footer()

    def on_mount(self) -> None:
        open_invoices = self.file.open_invoices
        if open_invoices:
            first = open_invoices[0]
            self.query_one("#p-invoice", Input).value = first.number
            self.query_one("#p-amount", Input).value = str(first.balance)
        self.query_one("#p-date", Input).value = self.app.today.isoformat()
        self.query_one("#p-method", Input).value = tr("transfer")
        self.query_one("#p-amount", Input).focus()

    def _date(self) -> date | None:
        from dunning_tui.domain.dates import parse_date_phrase

        return parse_date_phrase(self.query_one("#p-date", Input).value, self.app.today, language())

    @on(Input.Changed, "#p-date")
    def _date_changed(self) -> None:
        day = self._date()
        self.query_one("#p-date-resolved", Label).update(
            self.app.fmt.long_day(day) if day else "[red]?[/red]"
        )

    @on(Input.Submitted)
    def _save(self) -> None:
        from dunning_tui.domain.money import parse_amount

        day = self._date()
        if day is None:
            self.notify(tr("Not a date I understand"), severity="error")
            return
        try:
            amount = parse_amount(self.query_one("#p-amount", Input).value)
        except ValueError as exc:
            self.notify(str(exc), severity="error")
            return
        self.dismiss(
            PaymentInput(
                self.query_one("#p-invoice", Input).value.strip(),
                amount,
                day,
                self.query_one("#p-method", Input).value.strip(),
                self.query_one("#p-reference", Input).value.strip(),
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
