"""The rate table: the shipped data is consistent, lookups flag unknown half-years."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dunning_tui.domain.rates import RateTable, derived_rate, parse_rate_data, seed_data
from dunning_tui.settings import RateEntry


def test_seed_rows_match_domain_figures() -> None:
    table = RateTable.with_extras()

    def rate(j: str, d: date) -> Decimal:
        return table.rate_on(j, d).rate_percent

    assert rate("FR", date(2025, 3, 1)) == Decimal("13.15")
    assert rate("FR", date(2025, 9, 1)) == Decimal("12.15")
    assert rate("FR", date(2026, 3, 1)) == Decimal("12.15")
    assert rate("BE", date(2025, 3, 1)) == Decimal("11.5")
    assert rate("BE", date(2025, 9, 1)) == Decimal("10.5")
    assert rate("UK", date(2026, 3, 1)) == Decimal("11.75")
    assert rate("EU", date(2025, 3, 1)) == Decimal("11.15")


def test_every_seed_row_has_a_source_and_a_consistent_derivation() -> None:
    rows, bands = seed_data()
    assert rows and bands
    for row in rows:
        assert row.source
        assert row.start.day == 1 and row.start.month in (1, 7)
        assert row.reference_percent is not None and row.points is not None
        assert derived_rate(row.reference_percent, row.points, row.rounding) == row.rate_percent
    assert all(b.source for b in bands)


def test_belgian_rounding_up_to_the_half_point() -> None:
    assert derived_rate(Decimal("3.15"), Decimal("8"), "up_half") == Decimal("11.5")
    assert derived_rate(Decimal("2.5"), Decimal("8"), "up_half") == Decimal("10.5")
    assert derived_rate(Decimal("2.51"), Decimal("8"), "up_half") == Decimal("11")


def test_inconsistent_data_is_refused() -> None:
    bad = """
[[rate]]
jurisdiction = "FR"
start = 2025-01-01
reference_percent = "3.15"
points = "10"
rate_percent = "13.5"
"""
    with pytest.raises(ValueError, match=r"gives 13\.15"):
        parse_rate_data(bad)


def test_unknown_half_year_is_flagged() -> None:
    table = RateTable.with_extras()
    applied = table.rate_on("FR", date(2026, 8, 1))
    assert not applied.known
    assert applied.rate_percent == Decimal("12.15")
    assert applied.describe() == "rate for H2 2026 not known; using 12.15% (H1 2026)"
    before = table.rate_on("UK", date(2023, 12, 31))
    # earlier than any UK row: no rate at all, never the earliest row read backwards
    assert before.missing and not before.known and before.rate_percent == 0
    assert (
        before.describe() == "no UK rate in the table before H1 2024: interest before 2024-01-01 not computed"
    )


def test_user_entry_adds_and_overrides() -> None:
    table = RateTable.with_extras(
        [
            RateEntry(jurisdiction="FR", start=date(2026, 7, 1), rate_percent=Decimal("11.9")),
            RateEntry(jurisdiction="BE", start=date(2025, 7, 1), rate_percent=Decimal("10.0"), source="fix"),
        ]
    )
    h2 = table.rate_on("FR", date(2026, 8, 1))
    assert h2.known and h2.rate_percent == Decimal("11.9") and h2.source == "user"
    assert table.rate_on("BE", date(2025, 8, 1)).rate_percent == Decimal("10.0")
