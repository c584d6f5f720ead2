"""Recording a payment, keeping ``invoices.paid_cents`` equal to the sum of the payments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from dunning_tui.domain.money import format_money, from_cents, to_cents
from dunning_tui.errors import UserError
from dunning_tui.store import tables as t


def add_payment(
    session: Session,
    invoice_number: str,
    amount: Decimal,
    paid_on: date,
    method: str = "",
    reference: str = "",
    caller: str = "",
) -> tuple[int, int]:
    """Record a payment; returns (payment id, debtor id). Overpaying or an unknown invoice is refused."""
    invoice = session.scalars(select(t.Invoice).where(t.Invoice.number == invoice_number.strip())).first()
    if invoice is None:
        raise UserError(f"No invoice has the number '{invoice_number}'.")
    if invoice.status == "cancelled":
        raise UserError(f"Invoice {invoice.number} is cancelled; it cannot be paid.")
    cents = to_cents(amount)
    if cents <= 0:
        raise UserError("A payment amount must be more than zero.")
    balance = invoice.total_cents - invoice.paid_cents
    if cents > balance:
        left = format_money(from_cents(balance), invoice.currency, "en_GB")
        raise UserError(
            f"{format_money(amount, invoice.currency, 'en_GB')} is more than the {left} left to pay on "
            f"invoice {invoice.number}."
        )
    payment = t.Payment(
        invoice_id=invoice.id,
        paid_on=paid_on,
        amount_cents=cents,
        method=method,
        reference=reference,
        caller=caller,
    )
    session.add(payment)
    invoice.paid_cents += cents
    session.flush()
    return payment.id, invoice.debtor_id
