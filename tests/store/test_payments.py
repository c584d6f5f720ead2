"""Recording payments: ``paid_cents`` follows the payments, and bad payments are refused whole."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from dunning_tui.errors import UserError
from dunning_tui.store import tables as t
from dunning_tui.store.database import Database
from dunning_tui.store.payments import add_payment
from tests.conftest import TODAY
from tests.store.rows import add_debtor, add_invoice


def _invoice(database: Database, total: str = "1000.00") -> int:
    with database.session() as s:
        debtor = add_debtor(s, "Atelier Horizon")
        add_invoice(s, debtor, "2026-000101", total, TODAY - timedelta(days=10))
        return debtor


def _paid_cents(database: Database) -> tuple[int, int]:
    with database.session() as s:
        invoice = s.scalars(select(t.Invoice)).one()
        summed = s.scalar(select(func.coalesce(func.sum(t.Payment.amount_cents), 0)))
        return invoice.paid_cents, summed


def test_payments_add_up_on_the_invoice(database: Database) -> None:
    debtor = _invoice(database)
    with database.session() as s:
        payment_id, found = add_payment(s, " 2026-000101 ", Decimal("250.005"), TODAY, "card", "CB-1")
        assert found == debtor
        assert s.get(t.Payment, payment_id).amount_cents == 25001  # rounded half up to the cent
    with database.session() as s:
        add_payment(s, "2026-000101", Decimal("749.99"), TODAY)
    assert _paid_cents(database) == (100000, 100000)


@pytest.mark.parametrize(
    ("number", "amount", "message"),
    [
        ("2026-999999", "10", "No invoice has the number '2026-999999'"),
        ("2026-000101", "0", "more than zero"),
        ("2026-000101", "-5", "more than zero"),
        ("2026-000101", "1000.01", "more than the"),
    ],
)
def test_bad_payments_are_refused_and_change_nothing(
    database: Database, number: str, amount: str, message: str
) -> None:
    _invoice(database)
    with pytest.raises(UserError, match=message), database.session() as s:
        add_payment(s, number, Decimal(amount), TODAY)
    assert _paid_cents(database) == (0, 0)


def test_overpayment_counts_what_was_already_paid(database: Database) -> None:
    _invoice(database)
    with database.session() as s:
        add_payment(s, "2026-000101", Decimal("600"), TODAY)
    with pytest.raises(UserError, match=r"400\.00 left to pay"), database.session() as s:
        add_payment(s, "2026-000101", Decimal("400.01"), TODAY)
    assert _paid_cents(database) == (60000, 60000)


def test_a_cancelled_invoice_cannot_be_paid(database: Database) -> None:
    _invoice(database)
    with database.session() as s:
        s.scalars(select(t.Invoice)).one().status = "cancelled"
    with pytest.raises(UserError, match="cancelled"), database.session() as s:
        add_payment(s, "2026-000101", Decimal("1"), TODAY)
