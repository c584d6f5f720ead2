"""The outcome of the call: one key picks the kind, then only the fields that kind needs.

Dates are typed the way people say them (``vendredi``, ``15/12``, ``+7``, ``end of month``) and
the resolved date shows beside the field as you type. A date past the call's objective asks for
a second ``Enter``. The summary "who does what by when" is shown before saving.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from decimal import Decimal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Input, Label, Static

from dunning_tui.domain.enums import Outcome
from dunning_tui.domain.models import DebtorFile
from dunning_tui.domain.outcome import (
    Commitment,
    Instalment,
    Objective,
    OutcomeInput,
    beyond_objective,
    method_code,
    plan_instalments,
)
from dunning_tui.tui.formatting import literal
from dunning_tui.tui.i18n import label, language, tr
from dunning_tui.tui.screens.base import BaseModal

KINDS: list[tuple[str, Outcome, str]] = [
    ("1", Outcome.PROMISE, "Promise"),
    ("2", Outcome.PAYMENT_PLAN, "Payment plan"),
    ("3", Outcome.CALL_BACK, "Call back"),
    ("4", Outcome.DISPUTE, "Dispute"),
    ("5", Outcome.ALREADY_PAID, "Already paid"),
    ("6", Outcome.NO_ANSWER, "No answer"),
    ("7", Outcome.WRONG_PERSON, "Wrong person"),
    ("8", Outcome.REFUSED, "Refused"),
]

#: Which fields each kind shows (ids of the rows below).
FIELDS: dict[Outcome, tuple[str, ...]] = {
    Outcome.PROMISE: ("date", "amount", "method"),
    Outcome.PAYMENT_PLAN: ("count", "date", "interval", "method"),
    Outcome.CALL_BACK: ("date", "time"),
    Outcome.DISPUTE: ("reason", "invoices"),
    Outcome.ALREADY_PAID: ("date", "reference"),
    Outcome.NO_ANSWER: (),
    Outcome.WRONG_PERSON: ("reason",),
    Outcome.REFUSED: ("reason",),
}
DATE_FIELDS = ("date", "commit_date")
#: Kinds with no date to agree: an unticked "exact date" is no warning for them.
NO_DATE_KINDS = (Outcome.DISPUTE, Outcome.REFUSED, Outcome.WRONG_PERSON, Outcome.ALREADY_PAID)

#: After the call, one key per question of the self-review, and one per who answered.
REVIEW_KEYS: list[tuple[str, str, str]] = [
    ("a", "amount", "I got an amount"),
    ("d", "date", "I got an exact date"),
    ("m", "method", "I got a payment method"),
    ("u", "vague", "I accepted a vague promise"),
    ("n", "next", "I said what happens next"),
]
ANSWER_KEYS: list[tuple[str, str, str]] = [
    ("p", "debtor", "the person in charge"),
    ("o", "colleague", "a colleague"),
    ("s", "switchboard", "the switchboard"),
    ("v", "voicemail", "voicemail"),
]


class OutcomeScreen(BaseModal[OutcomeInput | None]):
    BINDINGS = [
        *[
            Binding(key, f"pick('{kind.value}')", tr(label), show=False, id=f"outcome.{kind.value}")
            for key, kind, label in KINDS
        ],
        *[
            Binding(key, f"tick('{name}')", label, show=False, id=f"outcome.review_{name}")
            for key, name, label in REVIEW_KEYS
        ],
        *[
            Binding(key, f"answered('{name}')", label, show=False, id=f"outcome.answered_{name}")
            for key, name, label in ANSWER_KEYS
        ],
        Binding("escape", "cancel", "Cancel", id="outcome.cancel"),
        Binding("ctrl+s", "save", "Save", id="outcome.save", priority=True),
        Binding("enter", "save", "Save", show=False, id="outcome.enter"),
    ]

    def __init__(self, file: DebtorFile, objective: Objective, suggested: Outcome | None = None) -> None:
        super().__init__()
        self.file = file
        self.objective = objective
        self.kind: Outcome | None = None
        self.suggested = suggested
        self._confirm_beyond = False
        self.summary_text = ""
        #: The self-review step: shown once the outcome is complete, before it is saved.
        self.reviewing = False
        self.review: dict[str, bool] = {}
        self.answered_by = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="outcome-dialog"):
            yield Static(f"[b]{tr('Outcome')}[/b] — {tr('Pick the outcome:')}")
            yield Static(self._kind_menu(), id="outcome-kinds")
            with Vertical(id="outcome-fields", classes="hidden"):
                # In the order the kinds ask for them (hidden rows are skipped by Tab).
                yield self._row("count", tr("Instalments"))
                yield self._row("date", tr("Date"), resolved=True)
                yield self._row("time", tr("Time"), resolved=True)
                yield self._row("amount", tr("Amount"))
                yield self._row("interval", tr("Every (days)"))
                yield self._row("method", tr("Method"))
                yield self._row("reason", tr("Reason"))
                yield self._row("invoices", tr("Invoices"))
                yield self._row("reference", tr("Reference"))
                yield Label(
                    tr("What you told them would follow (optional)"), classes="section", id="outcome-follow"
                )
                yield self._row("commit_text", "→")
                yield self._row("commit_date", tr("on"), resolved=True)
                yield Static("", id="outcome-summary")
                yield Static("", id="outcome-review", classes="hidden")
        yield Footer()

    def _row(self, field_id: str, label: str, resolved: bool = False) -> Horizontal:
        children: list[Label | Input] = [Label(label, classes="field-label"), Input(id=f"f-{field_id}")]
        if resolved:
            children.append(Label("", id=f"r-{field_id}", classes="resolved"))
        return Horizontal(*children, id=f"row-{field_id}", classes="field-row")

    def _kind_menu(self) -> str:
        """The kinds in a grid of fixed-width cells; the picked one reversed, the suggested one bold."""
        cells = []
        for key, kind, words in KINDS:
            text = f" {key} {tr(words)}"[:22].ljust(22)
            if kind is self.kind:
                text = f"[reverse]{text}[/reverse]"
            elif kind is self.suggested:
                text = f"[b]{text}[/b]"
            cells.append(text)
        return "\n".join("".join(cells[i : i + 3]) for i in range(0, len(cells), 3))

    def on_mount(self) -> None:
        file = self.file
        self.query_one("#f-amount", Input).value = self.app.fmt.number(file.balance)
        self.query_one("#f-method", Input).value = tr("method.transfer")
        self.query_one("#f-count", Input).value = str(self.objective.max_instalments)
        self.query_one("#f-interval", Input).value = "30"
        self.query_one("#f-invoices", Input).value = " ".join(i.number for i in file.open_invoices)
        self.set_focus(None)  # the kind keys act first

    # -- picking the kind -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The kind keys act only until a kind is picked; after that they are text in the fields.
        if action == "pick":
            return not self.reviewing and (self.kind is None or self.focused is None)
        if action in ("tick", "answered"):
            return self.reviewing
        return True

    def action_pick(self, kind_value: str) -> None:
        self.kind = Outcome(kind_value)
        self.query_one("#outcome-kinds", Static).update(self._kind_menu())
        fields = FIELDS[self.kind]
        self.query_one("#outcome-fields").remove_class("hidden")
        self._show_fields(True)
        if self.kind is Outcome.PAYMENT_PLAN:
            self.query_one("#row-date Label", Label).update(tr("First date"))
        else:
            self.query_one("#row-date Label", Label).update(tr("Date"))
        if fields:
            self.query_one(f"#f-{fields[0]}", Input).focus()
        else:
            self.query_one("#f-commit_text", Input).focus()
        self._refresh()

    # -- reading the fields -----------------------------------------------------------------------

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#f-{field_id}", Input).value.strip()

    def _date(self, field_id: str) -> date | None:
        from dunning_tui.domain.dates import parse_date_phrase

        text = self._value(field_id)
        return parse_date_phrase(text, self.app.today, language()) if text else None

    def _time(self) -> time | None:
        from dunning_tui.domain.dates import parse_time_phrase

        text = self._value("time")
        return parse_time_phrase(text) if text else None

    def build(self) -> tuple[OutcomeInput | None, str]:
        """The outcome the fields describe, or ``None`` and what is missing."""
        from dunning_tui.domain.money import parse_amount

        kind = self.kind
        if kind is None:
            return None, tr("Pick the outcome:")
        fields = FIELDS[kind]
        day = self._date("date") if "date" in fields else None
        if "date" in fields and kind is not Outcome.ALREADY_PAID and day is None:
            return None, f"{label('Date')} {tr('Not a date I understand')}"
        amount: Decimal | None = None
        instalments: tuple[Instalment, ...] = ()
        try:
            if kind is Outcome.PROMISE:
                amount = parse_amount(self._value("amount"))
                if amount <= 0:
                    raise ValueError("amount must be positive")
            if kind is Outcome.PAYMENT_PLAN:
                count = int(self._value("count"))
                interval = int(self._value("interval"))
                assert day is not None
                instalments = tuple(plan_instalments(self.file.balance, count, day, interval))
        except (ValueError, ArithmeticError) as exc:
            return None, str(exc)
        commitments: tuple[Commitment, ...] = ()
        if self._value("commit_text"):
            commit_day = self._date("commit_date")
            if commit_day is None:
                return None, f"{label('on')} {tr('Not a date I understand')}"
            commitments = (Commitment(self._value("commit_text"), commit_day),)
        numbers = set(self._value("invoices").split())
        invoice_ids = (
            tuple(i.id for i in self.file.open_invoices if i.number in numbers)
            if kind is Outcome.DISPUTE
            else ()
        )
        outcome = OutcomeInput(
            kind=kind,
            promised_date=day if kind is Outcome.PROMISE else None,
            amount=amount,
            method=method_code(self._value("method")) if "method" in fields else "",
            instalments=instalments,
            call_back_date=day if kind is Outcome.CALL_BACK else None,
            call_back_time=self._time() if kind is Outcome.CALL_BACK else None,
            dispute_reason=self._value("reason"),
            invoice_ids=invoice_ids,
            payment_reference=" ".join(p for p in (self._value("date"), self._value("reference")) if p)
            if kind is Outcome.ALREADY_PAID
            else "",
            commitments=commitments,
        )
        from dunning_tui.tui.summary import who_does_what

        stored, self.summary_text = who_does_what(outcome, self.file)
        return replace(outcome, summary=stored), ""

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._confirm_beyond = False
        self._refresh()

    def _refresh(self) -> None:
        fmt = self.app.fmt
        for field_id in DATE_FIELDS:
            label = self.query_one(f"#r-{field_id}", Label)
            text = self._value(field_id)
            resolved = self._date(field_id)
            label.update(fmt.long_day(resolved) if resolved else ("[red]?[/red]" if text else ""))
        time_label = self.query_one("#r-time", Label)
        parsed = self._time()
        time_label.update(f"{parsed:%H:%M}" if parsed else ("[red]?[/red]" if self._value("time") else ""))
        outcome, problem = self.build()
        summary = self.query_one("#outcome-summary", Static)
        if outcome is None:
            summary.update(f"[dim]{literal(problem)}[/dim]" if self.kind else "")
            return
        text = f"[b]{tr('Summary')}[/b]\n{literal(self.summary_text)}"
        if beyond_objective(outcome, self.objective):
            text += f"\n[yellow]! {tr('Beyond your latest acceptable date')} ({fmt.day(self.objective.latest_date)})[/yellow]"
        summary.update(text)

    # -- saving -----------------------------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        outcome, problem = self.build()
        if outcome is None:
            self.notify(problem, severity="warning", timeout=4)
            return
        if beyond_objective(outcome, self.objective) and not self._confirm_beyond:
            self._confirm_beyond = True
            self.notify(
                f"{label('Beyond your latest acceptable date')} {tr('press Enter again to confirm')}",
                severity="warning",
                timeout=6,
            )
            return
        if outcome.kind is not Outcome.NO_ANSWER and not self.reviewing:
            self._start_review(outcome)
            return
        self.dismiss(replace(outcome, answered_by=self.answered_by, review=tuple(self.review.items())))

    # -- the self-review, one key per question ------------------------------------------------------

    def _start_review(self, outcome: OutcomeInput) -> None:
        from dunning_tui.domain.outcome import review_defaults

        self.reviewing = True
        self.review = review_defaults(outcome)
        self.answered_by = "colleague" if outcome.kind is Outcome.WRONG_PERSON else "debtor"
        self.set_focus(None)  # the review keys act; Esc goes back to the fields
        self._show_fields(False)
        self.query_one("#outcome-review", Static).remove_class("hidden")
        self._show_review()

    def _show_fields(self, shown: bool) -> None:
        """The fields make way for the review at 80×24 (the summary stays), and come back on Esc."""
        self.query_one("#outcome-kinds").display = shown
        self.query_one("#outcome-follow").display = shown
        if shown:
            fields = FIELDS[self.kind] if self.kind else ()
            for row in self.query(".field-row"):
                name = (row.id or "").removeprefix("row-")
                row.display = name in fields or name.startswith("commit_")
        else:
            for row in self.query(".field-row"):
                row.display = False

    def _end_review(self) -> None:
        self.reviewing = False
        self.query_one("#outcome-review").add_class("hidden")
        self._show_fields(True)
        fields = FIELDS[self.kind] if self.kind else ()
        self.query_one(f"#f-{fields[0] if fields else 'commit_text'}", Input).focus()

    def _show_review(self) -> None:
        def cell(key: str, words: str, on: bool) -> str:
            return f"[b reverse] {key} [/] {'[green]✓[/]' if on else '·'} {tr(words)}"

        ticks = [cell(key, words, self.review.get(name, False)) for key, name, words in REVIEW_KEYS]
        who = [cell(key, words, self.answered_by == name) for key, name, words in ANSWER_KEYS]
        warn = self.review.get("vague") or not (self.review.get("date") or self.kind in NO_DATE_KINDS)
        lines = [
            f"[b]{tr('After the call')}[/b] [dim]({tr('Enter saves')})[/dim]",
            *ticks,
            f"[b]{tr('Who answered')}[/b]",
            "  ".join(who[:2]),
            "  ".join(who[2:]),
            f"[yellow]{tr('A vague promise is no promise: call back on the date you set.')}[/yellow]"
            if warn
            else "",
        ]
        self.query_one("#outcome-review", Static).update("\n".join(line for line in lines if line))

    def action_tick(self, name: str) -> None:
        self.review[name] = not self.review.get(name, False)
        self._show_review()

    def action_answered(self, name: str) -> None:
        self.answered_by = name
        self._show_review()

    def action_cancel(self) -> None:
        if self.reviewing:
            self._end_review()
            return
        self.dismiss(None)
