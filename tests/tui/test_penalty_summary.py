"""The penalties section of the debtor's file: the law of the debt, then one figure, paid-late and
disputed invoices apart (figures worked out by hand in tests/domain/test_penalty_law.py)."""

from __future__ import annotations

from datetime import date

from tests.domain.factories import invoice, payment
from tests.domain.test_penalty_law import _file, _settings

from dunning_tui.domain.enums import InvoiceStatus
from dunning_tui.tui.formatting import Formatter
from dunning_tui.tui.penalties import penalty_summary


def test_the_debtor_file_names_the_law_and_shows_paid_late_and_on_hold_apart() -> None:
    # F-1 paid late (10.81 + 40, as above); F-2 open, 500 EUR due 2025-04-30: 32 days at 13.15% →
    # 5.76 + 40; F-3 disputed, 2,000 EUR due 2025-05-31: 1 June – 1 June = 1 day:
    # 2000 × 13.15 × 1 / 36500 = 0.72055 → 0.72 + 40, on hold.
    file = _file(
        [
            invoice("F-1", date(2025, 1, 31), "1000.00", "1000.00", id=1),
            invoice("F-2", date(2025, 4, 30), "500.00", id=2),
            invoice("F-3", date(2025, 5, 31), "2000.00", status=InvoiceStatus.DISPUTED, id=3),
        ],
        [payment("F-1", date(2025, 3, 2), "1000.00")],
        country="BE",
    )
    lines = penalty_summary(file, date(2025, 6, 1), _settings(), Formatter("en_GB"))
    assert lines == [
        "Law: FR (yours, no other law chosen)",
        "EUR: interest €16.57 + indemnity €80.00",
        "paid late: interest and indemnity still claimable: F-1",
        "on hold, disputed (not claimed): F-3 — EUR: interest €0.72 + indemnity €40.00",
    ]


def test_in_french_a_rate_the_table_does_not_know_is_said_in_french_with_its_decimal_comma() -> None:
    from dunning_tui.words import use

    file = _file([invoice("F-2", date(2026, 8, 31), "500.00", id=2)], [], country="FR")
    use("fr")
    try:
        lines = penalty_summary(file, date(2026, 11, 30), _settings(), Formatter("fr_FR"))
    finally:
        use("en")
    notes = [line for line in lines if line.startswith("[yellow]")]
    assert notes and all("not known" not in line and "using" not in line for line in notes), lines
    assert any("taux du H2 2026 inconnu" in line and "12,15\u00a0%" in line for line in notes), lines


def test_the_payments_shown_as_evidence_name_their_method_in_the_interface_language() -> None:
    import dataclasses

    from dunning_tui.tui.widgets.brief import payment_lines
    from dunning_tui.words import use

    paid = dataclasses.replace(
        payment("F-1", date(2026, 4, 23), "625.00"), method="transfer", reference="VIR-1"
    )
    file = _file([invoice("F-1", date(2026, 3, 31), "625.00", "625.00", id=1)], [paid], country="FR")
    use("fr")
    try:
        (line,) = payment_lines(file, Formatter("fr_FR"))
    finally:
        use("en")
    assert line.endswith("  virement VIR-1") and "transfer" not in line
    (english,) = payment_lines(file, Formatter("en_GB"))
    assert english.endswith("  transfer VIR-1")
