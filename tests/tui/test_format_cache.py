"""The formats kept from babel give babel's own text, and are dropped when they may be out of date."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.numbers import format_currency
from hypothesis import given, settings
from hypothesis import strategies as st

from dunning_tui.tui import format_cache
from dunning_tui.tui.formatting import Formatter

LOCALES = ["fr_FR", "fr_BE", "nl_BE", "en_GB", "en_US", "de_CH"]
LEARNT = {loc: format_cache.learn(loc, {"EUR"}) for loc in LOCALES}


@pytest.mark.parametrize("locale", LOCALES)
@settings(max_examples=200)
@given(cents=st.integers(0, 10**13), currency=st.sampled_from(["EUR", "GBP", "USD", "CHF"]))
def test_kept_money_is_babels_text(locale: str, cents: int, currency: str) -> None:
    amount = Decimal(cents).scaleb(-2)
    assert Formatter(locale, LEARNT[locale]).money(amount, currency) == format_currency(
        amount, currency, locale=locale
    )


@pytest.mark.parametrize("locale", LOCALES)
@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_kept_long_day_is_babels_text(locale: str, day: date) -> None:
    assert Formatter(locale, LEARNT[locale]).long_day(day) == format_date(day, "EEEE d MMMM", locale=locale)


def test_what_the_shortcut_cannot_write_goes_to_babel(monkeypatch) -> None:
    fmt = Formatter("fr_FR", LEARNT["fr_FR"])
    assert "JPY" not in format_cache.learn("fr_FR", {"JPY"}).money  # no cents: left to babel
    assert format_cache.learn("hi_IN", {"INR"}).money == {}  # grouped 2 by 2: left to babel
    assert fmt.money(Decimal("-12.50"), "EUR") == format_currency(Decimal("-12.50"), "EUR", locale="fr_FR")
    assert fmt.money(Decimal("0.125"), "EUR") == format_currency(Decimal("0.125"), "EUR", locale="fr_FR")
    called = []
    monkeypatch.setattr("dunning_tui.tui.formatting.format_money", lambda *a: called.append(a) or "")
    fmt.money(Decimal("1234.50"), "EUR")
    assert called == []  # the kept shape, without babel


def test_saved_formats_come_back_only_for_the_same_locale_and_babel(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "formats.json"
    format_cache.save(path, LEARNT["fr_FR"])
    assert format_cache.load(path, "fr_FR") == LEARNT["fr_FR"]
    assert format_cache.load(path, "en_GB") is None
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "babel": "another babel"}), encoding="utf-8")
    assert format_cache.load(path, "fr_FR") is None
    path.write_text("{not json", encoding="utf-8")
    assert format_cache.load(path, "fr_FR") is None
    assert format_cache.load(tmp_path / "missing.json", "fr_FR") is None


async def test_the_app_keeps_the_formats_for_its_next_start(app) -> None:
    from tests.tui.helpers import queue_loaded, wait_for

    from dunning_tui import locations

    assert not locations.format_cache_file().exists()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        await wait_for(pilot, lambda: locations.format_cache_file().exists())
    kept = format_cache.load(locations.format_cache_file(), app.fmt.locale)
    assert kept is not None and "EUR" in kept.money
