"""Which law, which rate, which invoices: one penalty figure for one debt, worked out by hand.

Every figure below is simple interest ``balance × rate × days / 365``, rounded half up to the cent
per invoice, with the days counted from the day after the due date (DOMAIN.md §2).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dunning_tui.documents.letters import LetterKind, letter_for
from dunning_tui.domain.enums import DebtorKind, InvoiceStatus
from dunning_tui.domain.models import DebtorFile, DebtorView, InvoiceView, PaymentView
from dunning_tui.domain.penalties import (
    NOT_CLAIMED_INDEMNITY,
    compute_penalties,
)
from dunning_tui.reports import jurisdiction_for, penalties_for
from dunning_tui.settings import Consequences, Creditor, Settings
from tests.domain.factories import invoice, payment

B2B = DebtorKind.BUSINESS


def _file(
    invoices: list[InvoiceView],
    payments: list[PaymentView] = (),  # type: ignore[assignment]
    *,
    country: str = "FR",
    governing_law: str = "",
) -> DebtorFile:
    debtor = DebtorView(
        id=1,
        key="D1",
        name="Menuiserie Lefèvre",
        kind=B2B,
        country=country,
        language="fr",
        governing_law=governing_law,
    )
    return DebtorFile(debtor=debtor, invoices=tuple(invoices), payments=tuple(payments))


def _settings(**kwargs: object) -> Settings:
    return Settings(
        creditor=Creditor(name="Atelier Müller", iban="FR76 3000 6000 0112 3456 7890 189"), **kwargs
    )


# -- 1. invoices paid late still owe interest and the indemnity ------------------------------------


def test_an_invoice_paid_late_still_owes_interest_to_its_payment_and_the_indemnity() -> None:
    # 1,000 EUR due 2025-01-31, paid in full on 2025-03-02: interest 1 Feb – 2 Mar = 28 + 2 = 30 days
    # in H1 2025 at 13.15% (ECB 3.15 + 10): 1000 × 13.15 × 30 / 36500 = 10.80822 → 10.81; + 40 EUR.
    file = _file(
        [invoice("F-1", date(2025, 1, 31), "1000.00", "1000.00")],
        [payment("F-1", date(2025, 3, 2), "1000.00")],
    )
    report = penalties_for(file, date(2025, 6, 1), _settings())
    (line,) = report.lines
    assert line.paid_late and line.settled_on == date(2025, 3, 2) and line.balance == 0
    assert line.days_late == 30
    assert (line.interest, line.indemnity) == (Decimal("10.81"), Decimal("40.00"))
    assert report.paid_late == (line,)


def test_a_date_before_the_later_full_payment_counts_to_that_date() -> None:
    # Same invoice seen on 2025-02-15, before the payment of 2 March: 15 days on 1,000 at 13.15%:
    # 1000 × 13.15 × 15 / 36500 = 5.40411 → 5.40; the invoice is not paid yet at that date.
    file = _file(
        [invoice("F-1", date(2025, 1, 31), "1000.00", "1000.00")],
        [payment("F-1", date(2025, 3, 2), "1000.00")],
    )
    (line,) = penalties_for(file, date(2025, 2, 15), _settings()).lines
    assert not line.paid_late and line.balance == Decimal("1000.00")
    assert line.interest == Decimal("5.40")


def test_the_letter_claims_an_invoice_paid_late_with_the_figures_of_the_file() -> None:
    # F-1 paid late as above (10.81 + 40); F-2, 500 EUR due 2025-04-30, open on 2025-06-01:
    # 1 May – 1 June = 32 days at 13.15%: 500 × 13.15 × 32 / 36500 = 5.76438 → 5.76; + 40 EUR.
    file = _file(
        [
            invoice("F-1", date(2025, 1, 31), "1000.00", "1000.00", id=1),
            invoice("F-2", date(2025, 4, 30), "500.00", id=2),
        ],
        [payment("F-1", date(2025, 3, 2), "1000.00")],
    )
    day = date(2025, 6, 1)
    settings = _settings()
    letter = letter_for(file, LetterKind.NOTICE, settings, day)
    report = penalties_for(file, day, settings)
    assert letter.balance == Decimal("500.00")
    assert letter.interest == report.total_in("EUR").interest == Decimal("10.81") + Decimal("5.76")
    assert letter.indemnity == report.total_in("EUR").indemnity == Decimal("80.00")
    assert any("F-1" in part and "après leur échéance" in part for part in letter.body)
    assert [row[0] for row in letter.invoices.rows] == ["F-2", "F-1"]
    assert letter.invoices.rows[1][-1] == "30"  # days late up to its payment


# -- 2. one figure: the same law, disputed invoices on hold, the [consequences] switches ---------------


def test_a_belgian_debtor_of_a_french_creditor_gets_french_law_everywhere() -> None:
    # 1,000 EUR due 2025-05-31, seen 2025-06-30: 30 days in H1 2025.
    #   FR: 1000 × 13.15 × 30 / 36500 = 10.80822 → 10.81   (the creditor's law, Rome I art. 4)
    #   BE: 1000 × 11.5  × 30 / 36500 =  9.45205 →  9.45   (only if the contract chose it)
    day = date(2025, 6, 30)
    settings = _settings(jurisdiction="FR")
    belgian = _file([invoice("F-1", date(2025, 5, 31), "1000.00")], country="BE")
    assert jurisdiction_for(belgian.debtor, settings) == "FR"
    report = penalties_for(belgian, day, settings)
    letter = letter_for(belgian, LetterKind.NOTICE, settings, day)
    assert report.jurisdiction == "FR"
    assert report.total_in("EUR").interest == letter.interest == Decimal("10.81")

    chosen = _file([invoice("F-1", date(2025, 5, 31), "1000.00")], country="FR", governing_law="BE")
    assert jurisdiction_for(chosen.debtor, settings) == "BE"
    assert penalties_for(chosen, day, settings).total_in("EUR").interest == Decimal("9.45")
    assert letter_for(chosen, LetterKind.NOTICE, settings, day).interest == Decimal("9.45")


def test_disputed_invoices_are_on_hold_and_out_of_every_total() -> None:
    # F-1 1,000 EUR open (10.81 + 40, as above); F-2 2,000 EUR disputed, same due date:
    # 2000 × 13.15 × 30 / 36500 = 21.61644 → 21.62 + 40, on hold, not claimed.
    file = _file(
        [
            invoice("F-1", date(2025, 5, 31), "1000.00", id=1),
            invoice("F-2", date(2025, 5, 31), "2000.00", status=InvoiceStatus.DISPUTED, id=2),
        ]
    )
    day = date(2025, 6, 30)
    settings = _settings()
    report = penalties_for(file, day, settings)
    assert [line.invoice_number for line in report.lines] == ["F-1"]
    assert [line.invoice_number for line in report.on_hold] == ["F-2"]
    assert report.total_in("EUR").total == Decimal("50.81")
    (held,) = report.on_hold_totals
    assert held.total == Decimal("61.62")
    assert letter_for(file, LetterKind.NOTICE, settings, day).claimed == Decimal("1050.81")


def test_the_consequences_switches_hold_in_the_file_the_call_and_the_letter() -> None:
    # Without the indemnity: only the interest, 10.81 (the call placeholder is interest + indemnity).
    file = _file([invoice("F-1", date(2025, 5, 31), "1000.00")])
    day = date(2025, 6, 30)
    settings = _settings(consequences=Consequences(recovery_indemnity=False))
    report = penalties_for(file, day, settings)
    assert report.interest + report.indemnity == Decimal("10.81")
    assert NOT_CLAIMED_INDEMNITY in report.notes
    letter = letter_for(file, LetterKind.NOTICE, settings, day)
    assert (letter.interest, letter.indemnity) == (Decimal("10.81"), Decimal("0.00"))
    no_interest = penalties_for(file, day, _settings(consequences=Consequences(late_interest=False)))
    assert (no_interest.interest, no_interest.indemnity) == (Decimal("0.00"), Decimal("40.00"))


# -- 4. the UK: one rate for the debt's whole life ---------------------------------------------------


def test_uk_interest_keeps_the_rate_of_the_day_it_started() -> None:
    # 5,000 GBP due 2024-12-15; interest starts 2024-12-16, so the reference is Bank Rate on
    # 30 June 2024, 5.25%: 13.25% for the whole debt. To 2025-03-15: 16 + 31 + 28 + 15 = 90 days:
    # 5000 × 13.25 × 90 / 36500 = 163.35616 → 163.36 (a per-half-year split would give 16 days at
    # 13.25% and 74 at 12.75%: 29.04 + 129.25 = 158.29). Indemnity: 70 GBP (1,000 to 9,999.99).
    report = compute_penalties(
        [invoice("U-1", date(2024, 12, 15), "5000.00", currency="GBP")],
        [],
        debtor_kind=B2B,
        jurisdiction="UK",
        today=date(2025, 3, 15),
    )
    (line,) = report.lines
    assert line.days_late == 90 and line.rates == (Decimal("13.25"),)
    assert (line.interest, line.indemnity) == (Decimal("163.36"), Decimal("70.00"))


def test_a_uk_debt_with_a_fixed_rate_has_no_unknown_rate_warning() -> None:
    # Interest started in H2 2025 (Bank Rate 4.25% on 30 June 2025: 12.25%), seen in H2 2026, after
    # the table's last row: the rate is fixed, so nothing is unknown.
    # 2025-09-30 → 2026-09-30: 365 days: 1000 × 12.25 × 365 / 36500 = 122.50.
    report = compute_penalties(
        [invoice("U-1", date(2025, 9, 30), "1000.00", currency="GBP")],
        [],
        debtor_kind=B2B,
        jurisdiction="UK",
        today=date(2026, 9, 30),
    )
    assert report.rate_gaps == () and report.notes == ()
    assert report.lines[0].interest == Decimal("122.50")


# -- 5. the rate table from 2024, never read backwards -------------------------------------------------


def test_france_first_half_of_2024_is_charged_its_own_rate() -> None:
    # 1,000 EUR due 2024-01-31, seen 2024-03-01: 29 days of February 2024 (a leap year) + 1 = 30 days
    # at 14.50% (ECB 4.50% on 1 Jan 2024 + 10): 1000 × 14.50 × 30 / 36500 = 11.91781 → 11.92.
    report = compute_penalties(
        [invoice("F-1", date(2024, 1, 31), "1000.00")],
        [],
        debtor_kind=B2B,
        jurisdiction="FR",
        today=date(2024, 3, 1),
    )
    assert report.lines[0].interest == Decimal("11.92") and report.notes == ()


def test_belgium_second_half_of_2024() -> None:
    # 2,000 EUR due 2024-06-30, seen 2024-07-31: 31 days at 12.5% (ECB 4.25 + 8 = 12.25, rounded up
    # to the half point): 2000 × 12.5 × 31 / 36500 = 21.23288 → 21.23.
    report = compute_penalties(
        [invoice("B-1", date(2024, 6, 30), "2000.00")],
        [],
        debtor_kind=B2B,
        jurisdiction="BE",
        today=date(2024, 7, 31),
    )
    assert report.lines[0].interest == Decimal("21.23")


def test_days_before_the_table_get_no_rate_and_one_line_says_so() -> None:
    # Due 2023-11-30: December 2023 has no rate in the table (none is guessed); 1–10 January 2024 at
    # 14.50%: 1000 × 14.50 × 10 / 36500 = 3.97260 → 3.97.
    report = compute_penalties(
        [invoice("F-1", date(2023, 11, 30), "1000.00"), invoice("F-2", date(2023, 10, 31), "500.00", id=2)],
        [],
        debtor_kind=B2B,
        jurisdiction="FR",
        today=date(2024, 1, 10),
    )
    f1 = next(line for line in report.lines if line.invoice_number == "F-1")
    assert f1.interest == Decimal("3.97") and f1.rates == (Decimal("14.50"),)
    assert report.notes == (
        "no FR rate in the table before H1 2024: interest before 2024-01-01 not computed",
    )
