"""Date and time phrases typed in the outcome form, in French and English."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning_tui.domain.dates import parse_date_phrase, parse_time_phrase

WED = date(2025, 12, 10)  # a Wednesday in December


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("aujourd'hui", WED),
        ("Aujourd’hui", WED),
        ("demain", date(2025, 12, 11)),
        ("après-demain", date(2025, 12, 12)),
        ("apres demain", date(2025, 12, 12)),
        ("vendredi", date(2025, 12, 12)),
        ("Vendredi prochain", date(2025, 12, 12)),
        ("mercredi", date(2025, 12, 17)),  # never today
        ("lundi en huit", date(2025, 12, 22)),
        ("15/12", date(2025, 12, 15)),
        ("15/01", date(2026, 1, 15)),  # past in the year: next January
        ("05/12", date(2026, 12, 5)),
        ("15/12/2026", date(2026, 12, 15)),
        ("15/12/26", date(2026, 12, 15)),
        ("15.12", date(2025, 12, 15)),
        ("2026-12-15", date(2026, 12, 15)),
        ("15 décembre", date(2025, 12, 15)),
        ("15 DECEMBRE", date(2025, 12, 15)),
        ("le 15 décembre", date(2025, 12, 15)),
        ("1er févr.", date(2026, 2, 1)),
        ("3 janvier 2027", date(2027, 1, 3)),
        ("le 12", date(2025, 12, 12)),
        ("le 5", date(2026, 1, 5)),
        ("+7", date(2025, 12, 17)),
        ("+ 7 j", date(2025, 12, 17)),
        ("+2s", date(2025, 12, 24)),
        ("+1m", date(2026, 1, 10)),
        ("dans 10 jours", date(2025, 12, 20)),
        ("dans une semaine", date(2025, 12, 17)),
        ("dans 2 semaines", date(2025, 12, 24)),
        ("fin du mois", date(2025, 12, 31)),
        ("fin de semaine", date(2025, 12, 12)),
        ("semaine prochaine", date(2025, 12, 15)),
    ],
)
def test_french(text: str, expected: date) -> None:
    assert parse_date_phrase(text, WED, "fr") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", WED),
        ("Tomorrow", date(2025, 12, 11)),
        ("day after tomorrow", date(2025, 12, 12)),
        ("friday", date(2025, 12, 12)),
        ("Fri", date(2025, 12, 12)),
        ("next friday", date(2025, 12, 12)),
        ("on Monday", date(2025, 12, 15)),
        ("friday week", date(2025, 12, 19)),
        ("15/12", date(2025, 12, 15)),
        ("12/15", date(2025, 12, 15)),  # cannot be day first: month first
        ("15 december", date(2025, 12, 15)),
        ("December 15", date(2025, 12, 15)),
        ("december 15th, 2026", date(2026, 12, 15)),
        ("the 15th of January", date(2026, 1, 15)),
        ("the 12th", date(2025, 12, 12)),
        ("+2w", date(2025, 12, 24)),
        ("+3d", date(2025, 12, 13)),
        ("in 10 days", date(2025, 12, 20)),
        ("in a week", date(2025, 12, 17)),
        ("in 2 weeks", date(2025, 12, 24)),
        ("end of month", date(2025, 12, 31)),
        ("end of the week", date(2025, 12, 12)),
        ("next week", date(2025, 12, 15)),
    ],
)
def test_english(text: str, expected: date) -> None:
    assert parse_date_phrase(text, WED, "en") == expected


@pytest.mark.parametrize(
    "text", ["", "   ", "soon", "bientôt", "31/02", "2026-02-30", "32 december", "+", "le 0"]
)
def test_not_understood(text: str) -> None:
    assert parse_date_phrase(text, WED, "fr") is None


def test_end_of_month_and_week_on_the_day_itself() -> None:
    assert parse_date_phrase("fin du mois", date(2026, 2, 28), "fr") == date(2026, 2, 28)
    assert parse_date_phrase("end of week", date(2025, 12, 12), "en") == date(2025, 12, 12)
    assert parse_date_phrase("end of week", date(2025, 12, 13), "en") == date(2025, 12, 19)  # Saturday


def test_29_february_waits_for_a_leap_year() -> None:
    assert parse_date_phrase("29/02", date(2025, 3, 1), "fr") == date(2028, 2, 29)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.sampled_from(list(range(7))))
def test_weekdays_are_always_within_the_next_seven_days(today: date, weekday: int) -> None:
    names = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    found = parse_date_phrase(names[weekday], today, "fr")
    assert found is not None and found.weekday() == weekday
    assert timedelta(days=1) <= found - today <= timedelta(days=7)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 28), st.integers(1, 12)
)
def test_day_month_without_year_is_never_in_the_past(today: date, day: int, month: int) -> None:
    found = parse_date_phrase(f"{day}/{month}", today, "fr")
    assert found is not None and today <= found < today + timedelta(days=367)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14h", time(14, 0)),
        ("14h30", time(14, 30)),
        ("14 h 30", time(14, 30)),
        ("9h05", time(9, 5)),
        ("14:30", time(14, 30)),
        ("2pm", time(14, 0)),
        ("2:30 pm", time(14, 30)),
        ("11am", time(11, 0)),
        ("12pm", time(12, 0)),
        ("12am", time(0, 0)),
        ("à 10h", time(10, 0)),
        ("at 3pm", time(15, 0)),
        ("midi", time(12, 0)),
        ("noon", time(12, 0)),
    ],
)
def test_times(text: str, expected: time) -> None:
    assert parse_time_phrase(text) == expected


@pytest.mark.parametrize("text", ["", "25h", "14h75", "13pm", "later", "0am"])
def test_times_not_understood(text: str) -> None:
    assert parse_time_phrase(text) is None
