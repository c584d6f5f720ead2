"""The outcome of the call: one key picks the kind, then only the fields that kind needs.

Dates are typed the way people say them (``vendredi``, ``15/12``, ``+7``, ``end of month``) and
the resolved date shows beside the field as you type. A date past the call's objective is agreed
to only in so many words (``y``; ``Enter`` never says yes). The summary "who does what by when" is
shown before saving.

A payment plan covers an amount: some of it paid today, the rest in instalments proposed from the
plan's shape (how many, from when, how far apart) and then edited one by one; what is left to
spread shows as you type and must come to zero. "Already paid" takes the amount, the day and the
reference the debtor gives; "wrong person" the right person and their line (saved as a contact);
a dispute the disputed amount of each invoice and the day the client's documents are due.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from decimal import Decimal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from dunning_tui.domain.enums import Outcome
from dunning_tui.domain.models import DebtorFile
from dunning_tui.domain.outcome import (
    Commitment,
    DisputedInvoice,
    Instalment,
    NewContact,
    Objective,
    OutcomeInput,
    beyond_objective,
    method_code,
    plan_instalments,
    plan_left,
)
from dunning_tui.tui.formatting import literal
from dunning_tui.tui.i18n import label, language, tr
from dunning_tui.tui.screens.base import BaseModal, key_bar_after_first_frame

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

#: Which fields each kind shows, in order (ids of the rows below); mounted when the kind is picked.
FIELDS: dict[Outcome, tuple[str, ...]] = {
    Outcome.PROMISE: ("date", "amount", "method"),
    Outcome.PAYMENT_PLAN: ("total", "now", "count", "date", "interval", "method"),
    Outcome.CALL_BACK: ("date", "time"),
    Outcome.DISPUTE: ("reason", "docs"),
    Outcome.ALREADY_PAID: ("date", "amount", "reference"),
    Outcome.NO_ANSWER: (),
    Outcome.WRONG_PERSON: ("name", "role", "phone", "email", "reason"),
    Outcome.REFUSED: ("reason",),
}
#: Each field's label, per kind when the kinds word it differently.
LABELS: dict[str, str] = {
    "date": "Date",
    "time": "Time",
    "amount": "Amount",
    "total": "Amount covered",
    "now": "Paid today",
    "count": "Instalments",
    "interval": "Every (days)",
    "method": "Method",
    "reason": "Reason",
    "docs": "Documents by",
    "reference": "Reference",
    "name": "Name",
    "role": "Role",
    "phone": "Direct line",
    "email": "Email",
    "commit_text": "→",
    "commit_date": "on",
}
KIND_LABELS: dict[tuple[Outcome, str], str] = {
    (Outcome.PAYMENT_PLAN, "date"): "First date",
    (Outcome.ALREADY_PAID, "date"): "Paid on",
    (Outcome.ALREADY_PAID, "amount"): "Amount paid",
}
DATE_FIELDS = ("date", "docs", "commit_date")
#: Fields that regenerate a plan's instalments when they change (the user edits each one after).
PLAN_SHAPE = ("total", "now", "count", "date", "interval")
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
        self._confirmed_beyond = False
        self.summary_text = ""
        #: The self-review step: shown once the outcome is complete, before it is saved.
        self.reviewing = False
        self.review: dict[str, bool] = {}
        self.answered_by = ""
        #: What each field holds, kept when the kind changes (the rows are mounted per kind).
        self.typed: dict[str, str] = {}
        #: The plan's instalment rows on screen.
        self.plan_rows = 0
        #: False while a kind's rows are being built (the app holds the keys meanwhile).
        self.ready_for_keys = True

    def compose(self) -> ComposeResult:
        # Light on purpose: the form is on screen at once; a kind's rows are mounted when it is picked.
        with VerticalScroll(classes="dialog wide", id="outcome-dialog"):
            yield Static(f"[b]{tr('Outcome')}[/b] — {tr('Pick the outcome:')}")
            yield Static(self._kind_menu(), id="outcome-kinds")
            yield Vertical(id="outcome-fields")
            yield Static("", id="outcome-summary")
            yield Static("", id="outcome-review", classes="hidden")

    def _defaults(self) -> dict[str, str]:
        from datetime import timedelta

        from dunning_tui.domain.escalation import DISPUTE_REPLY_DAYS

        fmt = self.app.fmt
        balance = fmt.number(self.file.balance)
        docs = self.app.today + timedelta(days=DISPUTE_REPLY_DAYS)
        return {
            "amount": balance,
            "total": balance,
            "method": tr("method.transfer"),
            "count": str(self.objective.max_instalments),
            "interval": "30",
            "docs": f"{docs:%d/%m/%Y}",
            **{f"dis-{i.id}": fmt.number(i.balance) for i in self.file.open_invoices},
        }

    def _row(
        self, field_id: str, label: str, value: str, resolved: bool = False, after: str = ""
    ) -> Horizontal:
        children: list[Label | Input] = [
            Label(label, classes="field-label", markup=False),  # an invoice's number, as imported
            Input(value, id=f"f-{field_id}"),
        ]
        if resolved:
            children.append(Label("", id=f"r-{field_id}", classes="resolved"))
        elif after:
            children.append(Label(after, classes="after", markup=False))
        return Horizontal(*children, id=f"row-{field_id}", classes="field-row")

    def _kind_rows(self, kind: Outcome) -> list[Widget]:
        defaults = self._defaults()

        def value(field_id: str) -> str:
            return self.typed.get(field_id, defaults.get(field_id, ""))

        rows: list[Widget] = []
        for field_id in FIELDS[kind]:
            words = tr(KIND_LABELS.get((kind, field_id), LABELS[field_id]))
            rows.append(
                self._row(field_id, words, value(field_id), resolved=field_id in (*DATE_FIELDS, "time"))
            )
        if kind is Outcome.PAYMENT_PLAN:
            rows.append(Vertical(id="plan-rows"))
            rows.append(Static("", id="plan-left", classes="field-row"))
        if kind is Outcome.DISPUTE:
            rows.append(Label(tr("Disputed amount per invoice (empty: not disputed)"), classes="section"))
            fmt = self.app.fmt
            for invoice in self.file.open_invoices:
                of = f"/ {fmt.money(invoice.balance, invoice.currency)}"
                rows.append(
                    self._row(f"dis-{invoice.id}", invoice.number, value(f"dis-{invoice.id}"), after=of)
                )
        rows.append(
            Label(tr("What you told them would follow (optional)"), classes="section", id="outcome-follow")
        )
        rows.append(self._row("commit_text", "→", value("commit_text")))
        rows.append(self._row("commit_date", tr("on"), value("commit_date"), resolved=True))
        return rows

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
        self.set_focus(None)  # the kind keys act first
        key_bar_after_first_frame(self)

    # -- picking the kind -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The kind keys act only until a kind is picked; after that they are text in the fields.
        if action == "pick":
            return not self.reviewing and (self.kind is None or self.focused is None)
        if action in ("tick", "answered"):
            return self.reviewing
        return True

    async def action_pick(self, kind_value: str) -> None:
        # Keys typed while the kind's rows are built are held by the app, then typed into the first
        # field: none lands on the form itself and is lost.
        self.ready_for_keys = False
        try:
            await self._pick(Outcome(kind_value))
        finally:
            self.ready_for_keys = True
            self.app.release_keys()

    async def _pick(self, kind: Outcome) -> None:
        self.kind = kind
        self._confirmed_beyond = False
        self.query_one("#outcome-kinds", Static).update(self._kind_menu())  # the first change, at once
        box = self.query_one("#outcome-fields", Vertical)
        await box.remove_children()
        self.plan_rows = 0
        await box.mount_all(self._kind_rows(self.kind))
        if self.kind is Outcome.PAYMENT_PLAN:
            await self._shape_plan()
        fields = FIELDS[self.kind]
        self.query_one(f"#f-{fields[0] if fields else 'commit_text'}", Input).focus()
        self._refresh()

    # -- a plan's instalments: proposed from its shape, then each one editable --------------------------

    def _plan_shape(self) -> list[Instalment] | None:
        """The instalments after the amount paid now, split evenly (``None`` while the shape is unclear)."""
        from dunning_tui.domain.money import parse_amount

        try:
            total = parse_amount(self._value("total"))
            now = parse_amount(self._value("now")) if self._value("now") else Decimal("0.00")
            count = int(self._value("count"))
            interval = int(self._value("interval"))
            first = self._date("date")
            if first is None or total - now <= 0:
                return [] if first is not None and total == now else None
            return plan_instalments(total - now, count, first, interval)
        except (ValueError, ArithmeticError):
            return None

    async def _shape_plan(self) -> None:
        """The instalment rows the plan's shape proposes: one date and one amount each, editable."""
        shape = self._plan_shape()
        if shape is None:
            return
        box = self.query_one("#plan-rows", Vertical)
        if len(shape) != self.plan_rows:
            await box.remove_children()
            await box.mount_all(
                [
                    Horizontal(
                        Label(f"  {n + 1}.", classes="field-label"),
                        Input(id=f"f-i{n}-date", classes="short"),
                        Input(id=f"f-i{n}-amount", classes="short"),
                        Label("", id=f"r-i{n}-date", classes="resolved"),
                        classes="field-row",
                    )
                    for n in range(len(shape))
                ]
            )
            self.plan_rows = len(shape)
        fmt = self.app.fmt
        for n, instalment in enumerate(shape):
            for field_id, text in (
                (f"i{n}-date", f"{instalment.due_date:%d/%m/%Y}"),
                (f"i{n}-amount", fmt.number(instalment.amount)),
            ):
                field = self.query_one(f"#f-{field_id}", Input)
                with field.prevent(Input.Changed):
                    field.value = text
                self.typed[field_id] = text

    def _plan(self) -> tuple[Decimal, tuple[Instalment, ...]]:
        """The amount the plan covers and its instalments as on screen (the amount now first, today)."""
        from dunning_tui.domain.money import parse_amount

        total = parse_amount(self._value("total"))
        now = parse_amount(self._value("now")) if self._value("now") else Decimal("0.00")
        if now < 0 or now > total:
            raise ValueError(tr("The amount paid today must be between zero and the amount covered."))
        instalments = [Instalment(self.app.today, now)] if now > 0 else []
        for n in range(self.plan_rows):
            day = self._date(f"i{n}-date")
            if day is None:
                raise ValueError(f"{n + 1}. {tr('Not a date I understand')}")
            amount = parse_amount(self._value(f"i{n}-amount"))
            if amount <= 0:
                raise ValueError(f"{n + 1}. {tr('An amount above zero')}")
            instalments.append(Instalment(day, amount))
        if not instalments:
            raise ValueError(tr("A payment plan needs at least one dated instalment."))
        return total, tuple(instalments)

    # -- reading the fields -----------------------------------------------------------------------

    def _value(self, field_id: str) -> str:
        found = self.query(f"#f-{field_id}")
        if found:
            return found.first(Input).value.strip()
        return self.typed.get(field_id, "").strip()

    def _date(self, field_id: str) -> date | None:
        from dunning_tui.domain.dates import parse_date_phrase

        text = self._value(field_id)
        # The day a payment went out is in the past: "20/11" is last 20 November, not next year's.
        past = self.kind is Outcome.ALREADY_PAID and field_id == "date"
        return parse_date_phrase(text, self.app.today, language(), past=past) if text else None

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
            return None, f"{label(KIND_LABELS.get((kind, 'date'), 'Date'))} {tr('Not a date I understand')}"
        if kind is Outcome.ALREADY_PAID and self._value("date") and day is None:
            return None, f"{label('Paid on')} {tr('Not a date I understand')}"
        amount: Decimal | None = None
        instalments: tuple[Instalment, ...] = ()
        disputed: tuple[DisputedInvoice, ...] = ()
        try:
            if kind in (Outcome.PROMISE, Outcome.ALREADY_PAID):
                amount = parse_amount(self._value("amount"))
                if amount <= 0:
                    raise ValueError(f"{label('Amount')} {tr('An amount above zero')}")
            if kind is Outcome.PAYMENT_PLAN:
                total, instalments = self._plan()
                left = plan_left(total, instalments)
                if left:
                    raise ValueError(
                        f"{label('Left to spread')} {self.app.fmt.money(left, self.file.currency)}"
                    )
            if kind is Outcome.DISPUTE:
                disputed = self._disputed()
        except (ValueError, ArithmeticError) as exc:
            return None, str(exc)
        documents_due = self._date("docs") if kind is Outcome.DISPUTE else None
        if kind is Outcome.DISPUTE and documents_due is None:
            return None, f"{label('Documents by')} {tr('Not a date I understand')}"
        new_contact = None
        if kind is Outcome.WRONG_PERSON and any(self._value(f) for f in ("name", "role", "phone", "email")):
            if not self._value("name"):
                return None, f"{label('Name')} {tr('Who should we speak to?')}"
            new_contact = NewContact(
                self._value("name"), self._value("role"), self._value("phone"), self._value("email")
            )
        commitments: tuple[Commitment, ...] = ()
        if self._value("commit_text"):
            commit_day = self._date("commit_date")
            if commit_day is None:
                return None, f"{label('on')} {tr('Not a date I understand')}"
            commitments = (Commitment(self._value("commit_text"), commit_day),)
        outcome = OutcomeInput(
            kind=kind,
            promised_date=day if kind is Outcome.PROMISE else None,
            amount=amount,
            method=method_code(self._value("method")) if "method" in fields else "",
            instalments=instalments,
            call_back_date=day if kind is Outcome.CALL_BACK else None,
            call_back_time=self._time() if kind is Outcome.CALL_BACK else None,
            dispute_reason=self._value("reason") if "reason" in fields else "",
            invoice_ids=tuple(d.invoice_id for d in disputed),
            payment_reference=self._value("reference") if kind is Outcome.ALREADY_PAID else "",
            paid_on=day if kind is Outcome.ALREADY_PAID else None,
            disputed=disputed,
            documents_due=documents_due,
            new_contact=new_contact,
            commitments=commitments,
        )
        from dunning_tui.tui.summary import who_does_what

        stored, self.summary_text = who_does_what(outcome, self.file)
        return replace(outcome, summary=stored), ""

    def _disputed(self) -> tuple[DisputedInvoice, ...]:
        """The invoices with a disputed amount typed (at most their balance); at least one."""
        from dunning_tui.domain.money import parse_amount

        found: list[DisputedInvoice] = []
        for invoice in self.file.open_invoices:
            text = self._value(f"dis-{invoice.id}")
            amount = parse_amount(text) if text else Decimal("0.00")
            if amount < 0 or amount > invoice.balance:
                raise ValueError(f"{invoice.number}: {tr('at most the balance of the invoice')}")
            if amount > 0:
                found.append(DisputedInvoice(invoice.id, amount))
        if not found:
            raise ValueError(tr("Type the disputed amount of at least one invoice."))
        return tuple(found)

    async def on_input_changed(self, event: Input.Changed) -> None:
        field_id = (event.input.id or "").removeprefix("f-")
        self.typed[field_id] = event.value
        self._confirmed_beyond = False
        if self.kind is Outcome.PAYMENT_PLAN and field_id in PLAN_SHAPE:
            await self._shape_plan()
        self._refresh()

    @on(Input.Blurred)
    def _blurred(self, event: Input.Blurred) -> None:
        """A field left with text that fits shows it from its start (Textual keeps it scrolled by
        the cursor's cell, which clips the first letter)."""
        field = event.input
        if len(field.value) < field.content_region.width:
            field.scroll_to(x=0, animate=False)

    def _refresh(self) -> None:
        fmt = self.app.fmt
        for resolved in self.query(".resolved").results(Label):
            field_id = (resolved.id or "").removeprefix("r-")
            if not resolved.id or field_id == "time":
                continue
            text = self._value(field_id)
            day = self._date(field_id)
            words = (fmt.short_day(day) if field_id.startswith("i") else fmt.long_day(day)) if day else ""
            resolved.update(words or ("[red]?[/red]" if text else ""))
        for time_label in self.query("#r-time").results(Label):
            parsed = self._time()
            time_label.update(
                f"{parsed:%H:%M}" if parsed else ("[red]?[/red]" if self._value("time") else "")
            )
        if self.kind is Outcome.PAYMENT_PLAN:
            self._show_left()
        outcome, problem = self.build()
        summary = self.query_one("#outcome-summary", Static)
        if outcome is None:
            summary.update(f"[dim]{literal(problem)}[/dim]" if self.kind else "")
            return
        text = f"[b]{tr('Summary')}[/b]\n{literal(self.summary_text)}"
        if beyond_objective(outcome, self.objective):
            text += f"\n[yellow]! {tr('Beyond your latest acceptable date')} ({fmt.day(self.objective.latest_date)})[/yellow]"
        summary.update(text)

    def _show_left(self) -> None:
        """What the instalments leave to spread, as the user types (green at zero)."""
        try:
            total, instalments = self._plan()
        except (ValueError, ArithmeticError):
            return
        left = plan_left(total, instalments)
        money = self.app.fmt.money(left, self.file.currency)
        colour = "green" if not left else "red"
        self.query_one("#plan-left", Static).update(
            f"{' ' * 18}[{colour}]{literal(label('Left to spread'))} {literal(money)}[/{colour}]"
        )

    # -- saving -----------------------------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        outcome, problem = self.build()
        if outcome is None:
            self.notify(problem, severity="warning", timeout=4)
            return
        if beyond_objective(outcome, self.objective) and not self._confirmed_beyond:
            # Past the limit set before the call: asked in so many words, never "yes" on Enter.
            from dunning_tui.tui.screens.confirm import ConfirmScreen

            last = max([i.due_date for i in outcome.instalments] + [d for d in (outcome.promised_date,) if d])
            question = tr(
                "{date} is past your latest acceptable date ({limit}). Agree to it all the same?",
                date=self.app.fmt.day(last),
                limit=self.app.fmt.day(self.objective.latest_date),
            )

            def answered(yes: bool | None) -> None:
                if yes:
                    self._confirmed_beyond = True
                    self.action_save()

            self.app.push_screen(ConfirmScreen(question), answered)
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
        self.query_one("#outcome-fields").display = shown

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
