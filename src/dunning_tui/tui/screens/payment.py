"""Recording a payment from the debtor's file: one amount, spread over the open invoices.

The amount is allocated oldest first, or as the user says ("2026-0101=1200 2026-0102=300"), and
the split is shown before saving: it comes from the very function that saves it, run in a
transaction that is rolled back. The date is read in the past ("hier", "25/11", "last friday").
Anything that cannot be saved — an amount above what is owed, a date in the future, an unknown
invoice — keeps the form open with the reason; the form closes only once the payment is saved.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, Label, Static

from dunning_tui.domain.models import DebtorFile
from dunning_tui.domain.outcome import method_code
from dunning_tui.domain.payments import PaymentInput
from dunning_tui.errors import UserError
from dunning_tui.tui.i18n import label, language, tr
from dunning_tui.tui.screens.base import BaseModal, unless_superseded

FIELDS = (
    ("amount", "Amount"),
    ("date", "Date"),
    ("split", "Invoices"),
    ("method", "Method"),
    ("reference", "Reference"),
)


class PaymentScreen(BaseModal[PaymentInput | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="payment.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="payment.cancel"),
    ]

    def __init__(self, file: DebtorFile) -> None:
        super().__init__()
        self.file = file
        #: The payment and split the fields describe, or the reason they cannot be saved.
        self.payment: PaymentInput | None = None
        self.split: dict[str, Decimal] | None = None
        self.problem = ""
        #: The allocation shown (invoice number, amount), from the last preview.
        self.allocated: list[tuple[str, Decimal]] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="payment-dialog"):
            yield Static(Text.assemble((tr("Record a payment"), "bold"), f" — {self.file.debtor.name}"))
            for field_id, words in FIELDS:
                with Horizontal(classes="field-row"):
                    yield Label(tr(words), classes="field-label")
                    yield Input(id=f"p-{field_id}")
                    if field_id in ("date", "split"):
                        yield Label("", id=f"p-{field_id}-resolved", classes="resolved")
            yield Static("", id="p-allocation")
            yield Static("", id="p-problem")
        yield Footer()

    def on_mount(self) -> None:
        balance = sum((i.balance for i in self.file.open_invoices), Decimal("0.00"))
        self.query_one("#p-amount", Input).value = self.app.fmt.number(balance)
        self.query_one("#p-date", Input).value = tr("today")
        self.query_one("#p-split-resolved", Label).update(tr("oldest first"))
        self.query_one("#p-method", Input).value = tr("method.transfer")
        self.query_one("#p-amount", Input).focus()
        self._read()

    # -- reading the fields, and the split before saving ------------------------------------------

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#p-{field_id}", Input).value.strip()

    def _day(self) -> date:
        from dunning_tui.domain.dates import read_date

        return read_date(self._value("date"), self.app.today, language(), past=True)

    def _read(self) -> None:
        """The payment the fields describe (or what is wrong with them), then its split."""
        from dunning_tui.domain.dates import DateError
        from dunning_tui.domain.money import parse_amount

        self.payment, self.split, self.problem = None, None, ""
        resolved = self.query_one("#p-date-resolved", Label)
        try:
            day = self._day()
            resolved.update(self.app.fmt.long_day(day))
        except DateError as error:
            resolved.update("[red]?[/red]")
            self._show_problem(str(error))
            return
        try:
            amount = parse_amount(self._value("amount"))
            split = self._split()
        except ValueError as error:
            self._show_problem(f"{label('Amount')} {error}")
            return
        self.payment = PaymentInput(
            "", amount, day, method_code(self._value("method")), self._value("reference")
        )
        self.split = split
        self.query_one("#p-split-resolved", Label).update(tr("as typed") if split else tr("oldest first"))
        self._preview(self.payment, split)

    def _split(self) -> dict[str, Decimal] | None:
        """``NUMBER=AMOUNT`` pairs, or None for the oldest invoices first."""
        from dunning_tui.domain.money import parse_amount

        text = self._value("split")
        if not text:
            return None
        split: dict[str, Decimal] = {}
        for part in text.replace(";", " ").split():
            number, sep, amount = part.partition("=")
            if not sep:
                raise ValueError(tr("write each invoice as NUMBER=AMOUNT"))
            split[number] = parse_amount(amount)
        return split

    @work(thread=True, exclusive=True, group="payment-preview", exit_on_error=False)
    def _preview(self, payment: PaymentInput, split: dict[str, Decimal] | None) -> None:
        try:
            found = self.app.services.pay(self.file.debtor.id, payment, split, dry_run=True)
        except UserError as error:
            self.app.call_from_thread(unless_superseded(self._show_problem), error.said(tr))
            return
        allocated = [(a.invoice_number, a.amount) for a in found]
        self.app.call_from_thread(unless_superseded(self._show_split), allocated)

    def _show_split(self, allocated: list[tuple[str, Decimal]]) -> None:
        self.allocated = allocated
        self.problem = ""
        fmt, currency = self.app.fmt, self.file.currency
        lines = [f"[b]{label('Split')}[/b]"]
        lines += [f"  {number}  →  {fmt.money(amount, currency)}" for number, amount in allocated]
        self.query_one("#p-allocation", Static).update("\n".join(lines))
        self.query_one("#p-problem", Static).update("")

    def _show_problem(self, problem: str) -> None:
        self.problem = problem
        self.allocated = []
        self.query_one("#p-allocation", Static).update("")
        self.query_one("#p-problem", Static).update(Text(problem, style="bold red"))

    @on(Input.Changed)
    def _changed(self) -> None:
        self._read()

    # -- saving: the form stays open until the payment is saved ------------------------------------

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self._read()
        if self.payment is None:
            self.notify(self.problem, severity="error", timeout=6)
            return
        self._save(self.payment, self.split)

    @work(thread=True, exclusive=True, group="payment", exit_on_error=False)
    def _save(self, payment: PaymentInput, split: dict[str, Decimal] | None) -> None:
        try:
            self.app.services.pay(self.file.debtor.id, payment, split)
        except UserError as error:
            self.app.call_from_thread(self._show_problem, error.said(tr))
            return
        self.app.call_from_thread(self.dismiss, payment)

    def action_cancel(self) -> None:
        self.dismiss(None)
