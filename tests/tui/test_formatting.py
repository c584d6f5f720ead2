"""The app's own formatting agrees with babel's."""

from __future__ import annotations

from datetime import date

import pytest
from babel.dates import format_date
from hypothesis import given
from hypothesis import strategies as st

from dunning_tui.tui.formatting import Formatter


@pytest.mark.parametrize("locale", ["fr_FR", "fr_BE", "en_GB", "en_US", "nl_BE"])
@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_long_day_is_babels_pattern(locale: str, day: date) -> None:
    assert Formatter(locale).long_day(day) == format_date(day, "EEEE d MMMM", locale=locale)
