"""Recording payments: ``paid_cents`` follows the payments, and bad payments are refused whole."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from dunning_tui.errors import UserError
from dunning_tui.store import tables as t
from dunning_tui.store.database import Database
from dunning_tui.store.payments import add_payment, record_payment
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


def _three_invoices(database: Database) -> int:
    """300.00 due 20 days ago, 200.00 due 10 days ago (100.00 paid), 50.00 due in 5 days."""
    with database.session() as s:
        debtor = add_debtor(s, "Atelier Horizon")
        add_invoice(s, debtor, "B-2", "200.00", TODAY - timedelta(days=10))
        add_invoice(s, debtor, "C-3", "50.00", TODAY + timedelta(days=5))
        add_invoice(s, debtor, "A-1", "300.00", TODAY - timedelta(days=20))
        add_payment(s, "B-2", Decimal("100"), TODAY)
        other = add_debtor(s, "Other Ltd")
        add_invoice(s, other, "Z-9", "80.00", TODAY - timedelta(days=30))
        return debtor


def _paid(database: Database) -> dict[str, int]:
    with database.session() as s:
        rows = s.execute(select(t.Invoice.number, t.Invoice.paid_cents)).all()
        return {row[0]: row[1] for row in rows}


def test_a_payment_is_allocated_oldest_first(database: Database) -> None:
    debtor = _three_invoices(database)
    with database.session() as s:
        split = record_payment(s, debtor, Decimal("350.00"), TODAY, "transfer", "VIR-7")
    # 300.00 settles A-1 (oldest), the 50.00 left goes to B-2 (100.00 of 200.00 already paid).
    assert [(a.invoice_number, a.amount, a.currency) for a in split] == [
        ("A-1", Decimal("300.00"), "EUR"),
        ("B-2", Decimal("50.00"), "EUR"),
    ]
    assert _paid(database) == {"A-1": 30000, "B-2": 15000, "C-3": 0, "Z-9": 0}
    with database.session() as s:
        stored = s.execute(
            select(t.Payment.id, t.Payment.reference).where(t.Payment.reference == "VIR-7")
        ).all()
    assert sorted(i for i, _ in stored) == sorted(a.payment_id for a in split)


def test_a_payment_can_follow_the_split_given(database: Database) -> None:
    debtor = _three_invoices(database)
    with database.session() as s:
        split = record_payment(
            s, debtor, Decimal("70"), TODAY, split={"C-3": Decimal("50"), "B-2": Decimal("20")}
        )
    assert [(a.invoice_number, a.amount) for a in split] == [
        ("C-3", Decimal("50.00")),
        ("B-2", Decimal("20.00")),
    ]
    assert _paid(database) == {"A-1": 0, "B-2": 12000, "C-3": 5000, "Z-9": 0}


@pytest.mark.parametrize(
    ("amount", "split", "message"),
    [
        # 300 + 100 + 50 = 450.00 left in all
        ("450.01", None, r"€450\.01 is more than the €450\.00 Atelier Horizon has left to pay\."),
        ("0", None, "more than zero"),
        ("1000000000000", None, "too large"),
        ("60", {"C-3": "50", "B-2": "20"}, r"do not add up to 60"),
        ("10", {"Z-9": "10"}, r"No invoice of this debtor has the number 'Z-9'"),
        ("101", {"B-2": "101"}, r"€101\.00 is more than the €100\.00 left to pay on invoice B-2"),
        ("10", {"B-2": "-5", "C-3": "15"}, "more than zero"),
    ],
)
def test_a_wrong_allocation_is_refused_whole(
    database: Database, amount: str, split: dict[str, str] | None, message: str
) -> None:
    debtor = _three_invoices(database)
    before = _paid(database)
    parts = None if split is None else {k: Decimal(v) for k, v in split.items()}
    with pytest.raises(UserError, match=message), database.session() as s:
        record_payment(s, debtor, Decimal(amount), TODAY, split=parts)
    assert _paid(database) == before


def test_several_currencies_need_a_split(database: Database) -> None:
    with database.session() as s:
        debtor = add_debtor(s, "Atelier Horizon")
        add_invoice(s, debtor, "E-1", "10.00", TODAY, "EUR")
        add_invoice(s, debtor, "G-1", "10.00", TODAY, "GBP")
    with pytest.raises(UserError, match="several currencies"), database.session() as s:
        record_payment(s, debtor, Decimal("5"), TODAY)
    with database.session() as s:
        assert len(record_payment(s, debtor, Decimal("5"), TODAY, split={"G-1": Decimal("5")})) == 1


def test_an_unknown_debtor_is_refused(database: Database) -> None:
    with pytest.raises(UserError, match="No debtor has the id 999"), database.session() as s:
        record_payment(s, 999, Decimal("5"), TODAY)
