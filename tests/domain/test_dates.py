"""Date and time phrases typed in the outcome form, in French and English."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning_tui.domain.dates import DateError, parse_date_phrase, parse_time_phrase, read_date

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


# -- spoken dates: the past mode, promise phrases people really use, bounds -------------------------

MON = date(2026, 11, 30)  # a Monday; 1 Dec 2026 is a Tuesday, 4 Dec a Friday, 5 Dec a Saturday


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("25/11", "fr", date(2026, 11, 25)),  # not 25 Nov 2027: a payment received is in the past
        ("25 novembre", "fr", date(2026, 11, 25)),
        ("01/12", "fr", date(2025, 12, 1)),  # the latest 1 December up to today
        ("le 28", "fr", date(2026, 11, 28)),
        ("le 30", "fr", MON),
        ("aujourd'hui", "fr", MON),
        ("hier", "fr", date(2026, 11, 29)),
        ("avant-hier", "fr", date(2026, 11, 28)),
        ("vendredi dernier", "fr", date(2026, 11, 27)),
        ("vendredi", "fr", date(2026, 11, 27)),
        ("lundi", "fr", date(2026, 11, 23)),  # the last one before today
        ("il y a 3 jours", "fr", date(2026, 11, 27)),
        ("yesterday", "en", date(2026, 11, 29)),
        ("last friday", "en", date(2026, 11, 27)),
        ("3 days ago", "en", date(2026, 11, 27)),
        ("2026-11-02", "en", date(2026, 11, 2)),
    ],
)
def test_past_dates(text: str, language: str, expected: date) -> None:
    assert read_date(text, MON, language, past=True) == expected


@pytest.mark.parametrize("text", ["demain", "vendredi prochain", "15/12/2026", "dans 8 jours", "+1"])
def test_a_future_payment_date_is_refused_in_one_sentence(text: str) -> None:
    with pytest.raises(DateError) as caught:
        read_date(text, MON, "fr", past=True)
    message = str(caught.value)
    assert "futur" in message and message.count(".") == 1 and message.endswith(".")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "dans huit jours" is one week (d'aujourd'hui en huit), "dans quinze jours" two.
        ("dans huit jours", date(2026, 12, 7)),
        ("dans 8 jours", date(2026, 12, 7)),
        ("dans quinze jours", date(2026, 12, 14)),
        ("d'aujourd'hui en huit", date(2026, 12, 7)),
        ("mar. 15", date(2026, 12, 15)),  # mardi 15 décembre, not March
        ("vendredi 4", date(2026, 12, 4)),
        ("lundi 14 décembre", date(2026, 12, 14)),
        ("le premier", date(2026, 12, 1)),
        ("fin décembre", date(2026, 12, 31)),
        ("fin du mois prochain", date(2026, 12, 31)),
        ("sous huitaine", date(2026, 12, 7)),
        ("sous quinzaine", date(2026, 12, 14)),
        ("sous 48 heures", date(2026, 12, 2)),
        ("sous 48h", date(2026, 12, 2)),
        ("d'ici 10 jours", date(2026, 12, 10)),
        ("jusqu'au 15", date(2026, 12, 15)),
        ("au plus tard vendredi", date(2026, 12, 4)),
        ("vendredi au plus tard", date(2026, 12, 4)),
        ("au plus tard le 15", date(2026, 12, 15)),
        ("j+10", date(2026, 12, 10)),
        ("+8j", date(2026, 12, 8)),  # arithmetic, not the spoken week
    ],
)
def test_french_promise_phrases(text: str, expected: date) -> None:
    assert read_date(text, MON, "fr") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on the 15th", date(2026, 12, 15)),
        ("by the 15th", date(2026, 12, 15)),
        ("end of december", date(2026, 12, 31)),
        ("end of next month", date(2026, 12, 31)),
        ("in a fortnight", date(2026, 12, 14)),
        ("within 10 days", date(2026, 12, 10)),
        ("in 8 days", date(2026, 12, 8)),
        ("first of the month", date(2026, 12, 1)),
        ("friday the 4th", date(2026, 12, 4)),
        ("within 48 hours", date(2026, 12, 2)),
        ("mar. 15", date(2027, 3, 15)),  # in English, Mar is March
    ],
)
def test_english_promise_phrases(text: str, expected: date) -> None:
    assert read_date(text, MON, "en") == expected


@pytest.mark.parametrize(
    ("text", "language", "fragment"),
    [
        ("vendredi 5", "fr", "le 5 décembre 2026 est un samedi, pas un vendredi"),
        ("friday the 5th", "en", "5 December 2026 is a Saturday, not a Friday"),
        ("lundi 15 décembre", "fr", "est un mardi, pas un lundi"),
        ("dans 99999 mois", "fr", "hors de 1990–2100"),
        ("in 99999999999999999999 days", "en", "outside 1990–2100"),
        ("15/12/1850", "fr", "hors de 1990–2100"),
        ("bientôt", "fr", "n'est pas une date que je comprends"),
        ("soon", "en", "is not a date I understand"),
    ],
)
def test_refusals_are_one_clear_sentence(text: str, language: str, fragment: str) -> None:
    with pytest.raises(DateError, match=fragment):
        read_date(text, MON, language)
    assert parse_date_phrase(text, MON, language) is None


_PIECES = st.sampled_from(
    [
        "le",
        "the",
        "dans",
        "in",
        "sous",
        "within",
        "d'ici",
        "au plus tard",
        "fin",
        "end of",
        "+",
        "j+",
        "99999",
        "0",
        "1",
        "15",
        "31",
        "2100",
        "1989",
        "huit",
        "quinze",
        "jours",
        "mois",
        "months",
        "heures",
        "h",
        "vendredi",
        "mar.",
        "friday",
        "dernier",
        "last",
        "next",
        "prochain",
        "décembre",
        "février",
        "29/02",
        "/",
        "-",
        ".",
        "er",
        "th",
        "premier",
        "ago",
        "il y a",
        "hier",
        "9" * 30,
    ]
)


@given(
    st.one_of(st.text(max_size=40), st.lists(_PIECES, max_size=6).map(" ".join)),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(["fr", "en"]),
    st.booleans(),
)
def test_the_parser_raises_only_its_documented_error(
    text: str, today: date, language: str, past: bool
) -> None:
    try:
        found = read_date(text, today, language, past=past)
    except DateError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert date(1990, 1, 1) <= found <= date(2100, 12, 31)
    if past:
        assert found <= today
