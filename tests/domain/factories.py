"""Small builders for the domain's plain objects, so each test states only what matters to it."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from dunning_tui.domain.enums import ActionKind, Channel, InvoiceStatus, Outcome, PromiseStatus
from dunning_tui.domain.models import ActionView, CallView, EventView, InvoiceView, PaymentView, PromiseView


def invoice(
    number: str = "F-1",
    due: date = date(2025, 6, 30),
    total: str | Decimal = "1000.00",
    paid: str | Decimal = "0.00",
    *,
    currency: str = "EUR",
    status: InvoiceStatus = InvoiceStatus.OPEN,
    id: int = 1,
) -> InvoiceView:
    return InvoiceView(
        id=id,
        number=number,
        issue_date=due.replace(day=1),
        due_date=due,
        currency=currency,
        total=Decimal(total),
        paid=Decimal(paid),
        status=status,
    )


def payment(
    number: str, on: date, amount: str | Decimal, *, id: int = 1, currency: str = "EUR"
) -> PaymentView:
    return PaymentView(id=id, invoice_number=number, paid_on=on, amount=Decimal(amount), currency=currency)


def promise(
    on: date,
    amount: str | Decimal,
    *,
    made: date | None = None,
    invoices: tuple[str, ...] = ("F-1",),
    id: int = 1,
    plan_id: int | None = None,
    status: PromiseStatus = PromiseStatus.PENDING,
) -> PromiseView:
    return PromiseView(
        id=id,
        promised_date=on,
        amount=Decimal(amount),
        currency="EUR",
        status=status,
        invoice_numbers=invoices,
        plan_id=plan_id,
        created_at=datetime.combine(made, time(10, 0)) if made else None,
    )


def call(
    on: date, outcome: Outcome | None = Outcome.NO_ANSWER, *, id: int = 1, at: time = time(10, 0)
) -> CallView:
    start = datetime.combine(on, at)
    return CallView(id=id, started_at=start, ended_at=start, outcome=outcome, notes="")


def event(on: date, channel: Channel, *, id: int = 1, invoices: tuple[str, ...] = ()) -> EventView:
    return EventView(
        id=id, occurred_at=datetime.combine(on, time(9, 0)), channel=channel, invoice_numbers=invoices
    )


def action(
    kind: ActionKind,
    due: date,
    *,
    id: int = 1,
    reason: str = "",
    at: time | None = None,
    done: bool = False,
) -> ActionView:
    return ActionView(
        id=id,
        kind=kind,
        due_date=due,
        due_time=at,
        reason=reason,
        done_at=datetime.combine(due, time(12, 0)) if done else None,
    )
