"""Recording payments, keeping ``invoices.paid_cents`` equal to the sum of the payments.

Checking the balance and writing the payment are one atomic step: the invoices are locked before
their balance is read (``BEGIN IMMEDIATE`` on SQLite, ``SELECT ... FOR UPDATE`` on PostgreSQL), so
two payments made at the same moment can never together pay more than is owed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from dunning_tui.domain.money import MAX_AMOUNT, format_money, from_cents, to_cents
from dunning_tui.errors import UserError
from dunning_tui.store import tables as t
from dunning_tui.store.atomic import hold_write_lock

PAYABLE = ("open", "disputed")


@dataclass(frozen=True, slots=True)
class Allocation:
    """The part of a payment that went to one invoice."""

    payment_id: int
    invoice_id: int
    invoice_number: str
    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class _Owed:
    id: int
    number: str
    currency: str
    status: str
    balance_cents: int


def record_payment(
    session: Session,
    debtor_id: int,
    amount: Decimal,
    paid_on: date,
    method: str = "",
    reference: str = "",
    split: Mapping[str, Decimal] | None = None,
    caller: str = "",
) -> list[Allocation]:
    """Record one payment received from a debtor, allocated over their open invoices.

    Without ``split`` the amount pays the debtor's unpaid invoices oldest first (by due date, then
    issue date); with ``split`` (invoice number → amount, adding up to ``amount``) it pays exactly
    those parts. Returns one :class:`Allocation` per invoice paid, in that order; each is stored as
    a payment of its own with the same day, method and reference.

    Refused with one sentence (:class:`UserError`), writing nothing: an amount of zero or less or
    of 10^12 or more, an unknown debtor or invoice, a cancelled invoice, an amount above what is
    left to pay (in total, or on an invoice of the split), a split that does not add up, and an
    automatic allocation over invoices in several currencies. ``caller`` is who recorded it.

    The balances are read under a lock held until the caller's transaction ends, so the check and
    the write are one atomic step even when other processes pay the same invoices.
    """
    cents = _positive_cents(amount)
    hold_write_lock(session)
    name = session.scalar(select(t.Debtor.name).where(t.Debtor.id == debtor_id))
    if name is None:
        raise UserError("No debtor has the id {debtor_id}.", values={"debtor_id": debtor_id})
    if split is None:
        parts = _oldest_first(_owed(session, debtor_id), cents, amount, name)
    else:
        parts = _given_split(session, debtor_id, split, cents, amount)
    allocations: list[Allocation] = []
    for owed, part in parts:
        payment_id = session.execute(
            insert(t.Payment)
            .values(
                invoice_id=owed.id,
                paid_on=paid_on,
                amount_cents=part,
                method=method,
                reference=reference,
                caller=caller,
            )
            .returning(t.Payment.id)
        ).scalar_one()
        session.execute(
            update(t.Invoice)
            .where(t.Invoice.id == owed.id)
            .values(paid_cents=t.Invoice.paid_cents + part)
            .execution_options(synchronize_session=False)
        )
        allocations.append(Allocation(payment_id, owed.id, owed.number, from_cents(part), owed.currency))
    session.expire_all()  # objects loaded earlier in this session see the new paid amounts
    return allocations


def add_payment(
    session: Session,
    invoice_number: str,
    amount: Decimal,
    paid_on: date,
    method: str = "",
    reference: str = "",
    caller: str = "",
) -> tuple[int, int]:
    """Record a payment of one invoice; returns (payment id, debtor id).

    Overpaying, a cancelled or an unknown invoice is refused (see :func:`record_payment`).
    """
    number = invoice_number.strip()
    _positive_cents(amount)
    hold_write_lock(session)
    debtor_id = session.scalar(select(t.Invoice.debtor_id).where(t.Invoice.number == number))
    if debtor_id is None:
        raise UserError(
            "No invoice has the number '{invoice_number}'.", values={"invoice_number": invoice_number}
        )
    allocation = record_payment(
        session, debtor_id, amount, paid_on, method, reference, {number: amount}, caller
    )
    return allocation[0].payment_id, debtor_id


def _positive_cents(amount: Decimal) -> int:
    if not amount.is_finite() or amount <= 0:
        raise UserError("A payment amount must be more than zero.")
    if amount >= MAX_AMOUNT:
        raise UserError(
            "{amount} is too large for an amount (the limit is below 10^12).",
            values={"amount": format(amount, "f")},
        )
    return to_cents(amount)


def _locked(session: Session, debtor_id: int, numbers: Sequence[str] | None) -> list[_Owed]:
    """The debtor's invoices, locked until the transaction ends, oldest first."""
    query = (
        select(
            t.Invoice.id,
            t.Invoice.number,
            t.Invoice.currency,
            t.Invoice.status,
            t.Invoice.total_cents,
            t.Invoice.paid_cents,
        )
        .where(t.Invoice.debtor_id == debtor_id)
        .order_by(t.Invoice.due_date, t.Invoice.issue_date, t.Invoice.id)
        .with_for_update()
    )
    if numbers is None:
        query = query.where(t.Invoice.status.in_(PAYABLE), t.Invoice.paid_cents < t.Invoice.total_cents)
    else:
        query = query.where(t.Invoice.number.in_(numbers))
    return [
        _Owed(row.id, row.number, row.currency, row.status, row.total_cents - row.paid_cents)
        for row in session.execute(query)
    ]


def _owed(session: Session, debtor_id: int) -> list[_Owed]:
    return _locked(session, debtor_id, None)


def _oldest_first(owed: list[_Owed], cents: int, amount: Decimal, name: str) -> list[tuple[_Owed, int]]:
    currencies = {o.currency for o in owed}
    if len(currencies) > 1:
        raise UserError(
            "{name}'s invoices are in several currencies; say which invoices the payment pays.",
            values={"name": name},
        )
    balance = sum(o.balance_cents for o in owed)
    if cents > balance:
        currency = next(iter(currencies), "EUR")
        left = format_money(from_cents(balance), currency, "en_GB")
        raise UserError(
            "{amount} is more than the {left} {name} has left to pay.",
            values={"amount": format_money(amount, currency, "en_GB"), "left": left, "name": name},
        )
    parts: list[tuple[_Owed, int]] = []
    for invoice in owed:
        if cents == 0:
            break
        part = min(cents, invoice.balance_cents)
        parts.append((invoice, part))
        cents -= part
    return parts


def _given_split(
    session: Session, debtor_id: int, split: Mapping[str, Decimal], cents: int, amount: Decimal
) -> list[tuple[_Owed, int]]:
    wanted = {number.strip(): _positive_cents(part) for number, part in split.items()}
    if sum(wanted.values()) != cents:
        raise UserError(
            "The parts of the payment do not add up to {amount}.", values={"amount": format(amount, "f")}
        )
    found = {o.number: o for o in _locked(session, debtor_id, sorted(wanted))}
    parts: list[tuple[_Owed, int]] = []
    for number, part in wanted.items():
        invoice = found.get(number)
        if invoice is None:
            raise UserError("No invoice of this debtor has the number '{number}'.", values={"number": number})
        if invoice.status not in PAYABLE:
            raise UserError(
                "Invoice {number} is {status}; it cannot be paid.",
                values={"number": number, "status": invoice.status},
            )
        if part > invoice.balance_cents:
            left = format_money(from_cents(max(invoice.balance_cents, 0)), invoice.currency, "en_GB")
            given = format_money(from_cents(part), invoice.currency, "en_GB")
            raise UserError(
                "{given} is more than the {left} left to pay on invoice {number}.",
                values={"given": given, "left": left, "number": number},
            )
        parts.append((invoice, part))
    return parts
