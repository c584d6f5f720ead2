"""Late-payment interest and indemnity, with figures worked out by hand from the law (DOMAIN.md §2)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from dunning_tui.domain.enums import DebtorKind, InvoiceStatus
from dunning_tui.domain.models import InvoiceView, PaymentView
from dunning_tui.domain.penalties import compute_penalties
from dunning_tui.settings import RateEntry
from tests.domain.factories import invoice, payment

B2B = DebtorKind.BUSINESS


def test_france_paid_late_in_one_go() -> None:
    # 1,000 EUR due 2025-06-30, paid 2025-08-29: interest from 1 July to 29 August = 60 days,
    # all in H2 2025 at 12.15% (ECB 2.15% + 10): 1000 × 12.15% × 60 / 365 = 19.9726 → 19.97 EUR.
    # Indemnity: 40 EUR.
    report = compute_penalties(
        [invoice("F-1", date(2025, 6, 30), "1000.00", "1000.00")],
        [payment("F-1", date(2025, 8, 29), "1000.00")],
        debtor_kind=B2B,
        jurisdiction="FR",
        today=date(2025, 9, 15),
    )
    (line,) = report.lines
    assert line.days_late == 60
    assert line.rates == (Decimal("12.15"),)
    assert line.interest == Decimal("19.97")
    assert line.indemnity == Decimal("40.00")
    assert line.balance == 0
    assert report.total_in("EUR").total == Decimal("59.97")
    assert report.rate_gaps == ()


def test_france_partial_payment_and_half_year_change() -> None:
    # 2,400 EUR due 2025-05-31, 1,000 paid on 2025-06-20, the rest still open on 2025-07-31.
    #   1–20 June, 20 days on 2,400 at 13.15% (H1): 2400 × 13.15% × 20 / 365 = 17.29315
    #   21–30 June, 10 days on 1,400 at 13.15%:    1400 × 13.15% × 10 / 365 =  5.04384
    #   1–31 July, 31 days on 1,400 at 12.15% (H2): 1400 × 12.15% × 31 / 365 = 14.44685
    #   total 36.78384 → 36.78 EUR; indemnity 40 EUR.
    report = compute_penalties(
        [invoice("F-2", date(2025, 5, 31), "2400.00", "1000.00")],
        [payment("F-2", date(2025, 6, 20), "1000.00")],
        debtor_kind=B2B,
        jurisdiction="FR",
        today=date(2025, 7, 31),
    )
    (line,) = report.lines
    assert [(p.start, p.end, p.balance, p.rate_percent) for p in line.periods] == [
        (date(2025, 6, 1), date(2025, 6, 20), Decimal("2400.00"), Decimal("13.15")),
        (date(2025, 6, 21), date(2025, 6, 30), Decimal("1400.00"), Decimal("13.15")),
        (date(2025, 7, 1), date(2025, 7, 31), Decimal("1400.00"), Decimal("12.15")),
    ]
    assert line.days_late == 61
    assert line.interest == Decimal("36.78")
    assert line.balance == Decimal("1400.00")


def test_belgium_two_half_years() -> None:
    # 5,000 EUR due 2025-03-31, unpaid on 2025-09-30 (183 days late).
    #   1 April–30 June, 91 days at 11.5% (H1 2025): 5000 × 11.5% × 91 / 365 = 143.35616
    #   1 July–30 September, 92 days at 10.5% (H2):  5000 × 10.5% × 92 / 365 = 132.32877
    #   total 275.68493 → 275.68 EUR; indemnity 40 EUR.
    report = compute_penalties(
        [invoice("B-1", date(2025, 3, 31), "5000.00")],
        [],
        debtor_kind=B2B,
        jurisdiction="BE",
        today=date(2025, 9, 30),
    )
    (line,) = report.lines
    assert line.days_late == 183
    assert line.rates == (Decimal("11.5"), Decimal("10.5"))
    assert line.interest == Decimal("275.68")
    assert line.indemnity == Decimal("40.00")


def test_eu_default() -> None:
    # 1,000 EUR due 2025-12-31, unpaid on 2026-01-31: 31 days at 10.15% (ECB 2.15% + 8, H1 2026):
    # 1000 × 10.15% × 31 / 365 = 8.62055 → 8.62 EUR; indemnity 40 EUR.
    report = compute_penalties(
        [invoice("E-1", date(2025, 12, 31))], [], debtor_kind=B2B, jurisdiction="EU", today=date(2026, 1, 31)
    )
    assert report.lines[0].interest == Decimal("8.62")
    assert report.lines[0].indemnity == Decimal("40.00")


def test_uk_interest_and_indemnity_bands() -> None:
    # 12,000 GBP due 2026-01-15, unpaid on 2026-03-16: 16 + 28 + 16 = 60 days at 11.75%
    # (Bank Rate 3.75% + 8): 12000 × 11.75% × 60 / 365 = 231.78082 → 231.78 GBP; debt ≥ 10,000 → 100 GBP.
    big = invoice("U-1", date(2026, 1, 15), "12000.00", currency="GBP")
    report = compute_penalties([big], [], debtor_kind=B2B, jurisdiction="UK", today=date(2026, 3, 16))
    (line,) = report.lines
    assert line.days_late == 60
    assert line.interest == Decimal("231.78")
    assert (line.indemnity, line.indemnity_currency) == (Decimal("100.00"), "GBP")

    def indemnity(total: str) -> Decimal:
        inv = invoice("U-2", date(2026, 1, 15), total, currency="GBP")
        r = compute_penalties([inv], [], debtor_kind=B2B, jurisdiction="UK", today=date(2026, 2, 1))
        return r.lines[0].indemnity

    assert indemnity("999.99") == Decimal("40.00")
    assert indemnity("1000.00") == Decimal("70.00")
    assert indemnity("9999.99") == Decimal("70.00")
    assert indemnity("10000.00") == Decimal("100.00")


def test_unknown_half_year_uses_latest_rate_and_says_so() -> None:
    # 1,000 EUR due 2026-06-30, unpaid on 2026-07-31: H2 2026 is not in the table, so the H1 2026
    # rate 12.15% is used: 1000 × 12.15% × 31 / 365 = 10.31918 → 10.32 EUR, flagged.
    report = compute_penalties(
        [invoice("F-3", date(2026, 6, 30))], [], debtor_kind=B2B, jurisdiction="FR", today=date(2026, 7, 31)
    )
    assert report.lines[0].interest == Decimal("10.32")
    assert report.lines[0].periods[0].rate_known is False
    (gap,) = report.rate_gaps
    assert gap.half_year == "H2 2026"
    assert gap.describe() == "rate for H2 2026 not known; using 12.15% (H1 2026)"
    assert gap.describe() in report.notes


def test_user_rate_fills_the_gap() -> None:
    # Same invoice with a user-supplied H2 2026 rate of 11.90%: 1000 × 11.90% × 31 / 365 = 10.10685 → 10.11.
    extra = [RateEntry(jurisdiction="FR", start=date(2026, 7, 1), rate_percent=Decimal("11.90"))]
    report = compute_penalties(
        [invoice("F-3", date(2026, 6, 30))],
        [],
        debtor_kind=B2B,
        jurisdiction="FR",
        today=date(2026, 7, 31),
        extra_rates=extra,
    )
    assert report.lines[0].interest == Decimal("10.11")
    assert report.rate_gaps == ()


def test_consumer_gets_no_b2b_amounts() -> None:
    report = compute_penalties(
        [invoice("C-1", date(2025, 6, 30))],
        [],
        debtor_kind=DebtorKind.CONSUMER,
        jurisdiction="FR",
        today=date(2025, 12, 31),
    )
    (line,) = report.lines
    assert (line.interest, line.indemnity, line.days_late) == (Decimal(0), Decimal(0), 184)
    assert report.consumer
    assert any("consumer" in n for n in report.notes)


def test_on_time_cancelled_and_undated_payments() -> None:
    on_time = invoice("A", date(2025, 6, 30), "500.00", "500.00")
    cancelled = invoice("B", date(2025, 6, 30), status=InvoiceStatus.CANCELLED)
    not_due = invoice("C", date(2025, 12, 31))
    # 300 of 1,000 recorded as paid without a dated payment: counted as paid on time, so interest runs on
    # 700: 700 × 12.15% × 31 / 365 = 7.22342 → 7.22 EUR (July 2025).
    undated = invoice("D", date(2025, 6, 30), "1000.00", "300.00")
    report = compute_penalties(
        [on_time, cancelled, not_due, undated],
        [payment("A", date(2025, 6, 28), "500.00")],
        debtor_kind=B2B,
        jurisdiction="FR",
        today=date(2025, 7, 31),
    )
    assert [line.invoice_number for line in report.lines] == ["D"]
    assert report.lines[0].interest == Decimal("7.22")
    assert report.lines[0].notes


# -- invariants ---------------------------------------------------------------------------------------

DAY0 = date(2024, 6, 1)
Debt = tuple[list[InvoiceView], list[PaymentView]]


@st.composite
def debts(draw: st.DrawFn) -> Debt:
    invoices: list[InvoiceView] = []
    payments: list[PaymentView] = []
    for n in range(draw(st.integers(1, 3))):
        number = f"I{n}"
        total = Decimal(draw(st.integers(1, 5_000_000))) / 100
        due = DAY0 + timedelta(days=draw(st.integers(0, 900)))
        paid = Decimal(0)
        for k in range(draw(st.integers(0, 3))):
            amount = Decimal(draw(st.integers(1, 2_000_000))) / 100
            on = due + timedelta(days=draw(st.integers(-30, 400)))
            payments.append(payment(number, on, amount, id=n * 10 + k))
            paid += amount
        invoices.append(invoice(number, due, total, min(paid, total), id=n))
    return invoices, payments


JURISDICTION = st.sampled_from(["FR", "BE", "EU", "UK"])


@settings(max_examples=150, deadline=None)
@given(debts(), JURISDICTION, st.integers(0, 1300), st.integers(0, 400))
def test_penalties_never_negative_and_grow_with_time(
    debt: Debt,
    jurisdiction: str,
    offset: int,
    more: int,
) -> None:
    invoices, payments = debt
    today = DAY0 + timedelta(days=offset)
    later = today + timedelta(days=more)
    first = compute_penalties(invoices, payments, debtor_kind=B2B, jurisdiction=jurisdiction, today=today)
    second = compute_penalties(invoices, payments, debtor_kind=B2B, jurisdiction=jurisdiction, today=later)
    for line in first.lines + second.lines:
        assert line.interest >= 0
        assert line.indemnity >= 0
        assert line.days_late > 0
    assert second.interest >= first.interest
    assert second.indemnity >= first.indemnity


@settings(max_examples=80, deadline=None)
@given(debts(), JURISDICTION, st.integers(0, 1300))
def test_consumers_always_get_zero(debt: Debt, jurisdiction: str, offset: int) -> None:
    invoices, payments = debt
    report = compute_penalties(
        invoices,
        payments,
        debtor_kind=DebtorKind.CONSUMER,
        jurisdiction=jurisdiction,
        today=DAY0 + timedelta(days=offset),
    )
    assert report.interest == 0
    assert report.indemnity == 0
    assert all(t.total == 0 for t in report.totals)
