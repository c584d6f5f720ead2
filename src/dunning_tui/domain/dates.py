"""Dates and times typed the way people say them on the phone, in French and English.

:func:`parse_date_phrase` understands, case- and accent-insensitively, in either language:

* ``aujourd'hui`` / ``today``, ``demain`` / ``tomorrow``, ``après-demain`` / ``day after tomorrow``;
* a weekday: ``vendredi`` / ``friday`` / ``fri`` is the next one *after* today (never today), and so
  is ``vendredi prochain`` / ``next friday``; ``vendredi en huit`` / ``friday week`` is a week later,
  ``vendredi en quinze`` two weeks later;
* ``15/12``, ``15.12``, ``15-12``, ``15/12/2026``, ``15/12/26``, ``2026-12-15``;
* ``15 décembre``, ``1er déc.``, ``15 december``, ``december 15``, ``15th of december``, with or
  without a year;
* ``le 15`` / ``the 15th``: that day of this month, or of next month once passed;
* ``+7`` (days), ``+7j`` / ``+7d``, ``+2s`` / ``+2w`` (weeks), ``+1m`` (months);
* ``dans 10 jours`` / ``in 10 days``, ``dans 2 semaines`` / ``in 2 weeks``, ``dans un mois`` /
  ``in a month``; ``d'aujourd'hui en huit``;
* ``fin du mois`` / ``end of month``; ``fin de semaine`` / ``end of week`` (Friday);
  ``semaine prochaine`` / ``next week`` (Monday).

A date without a year that is already past resolves to its next occurrence (``15/01`` typed in
December is next January); a date with a year is taken as written. Dates are day first; in English a
numeric date that cannot be day first (``12/15``) is read month first. Anything else gives ``None``.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from datetime import date, time, timedelta

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "janvier janv jan january",
        "fevrier fevr fev february feb",
        "mars mar march",
        "avril avr april apr",
        "mai may",
        "juin june jun",
        "juillet juil july jul",
        "aout august aug",
        "septembre sept sep september",
        "octobre oct october",
        "novembre nov november",
        "decembre dec december",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "lundi lun monday mon",
        "mardi mar tuesday tue tues",
        "mercredi mer wednesday wed",
        "jeudi jeu thursday thu thur thurs",
        "vendredi ven friday fri",
        "samedi sam saturday sat",
        "dimanche dim sunday sun",
    )
):
    for _name in _names.split():
        WEEKDAYS.setdefault(_name, _number)

NUMBER_WORDS = {
    "un": 1,
    "une": 1,
    "a": 1,
    "an": 1,
    "one": 1,
    "deux": 2,
    "two": 2,
    "trois": 3,
    "three": 3,
    "quatre": 4,
    "four": 4,
    "cinq": 5,
    "five": 5,
    "six": 6,
    "sept": 7,
    "seven": 7,
    "huit": 8,
    "eight": 8,
    "dix": 10,
    "ten": 10,
    "quinze": 15,
    "fifteen": 15,
}

FILLERS = re.compile(r"^(?:le|the|on|by|for|pour le|pour|au|d'ici le|d'ici|avant le|before)\s+")
ORDINAL = r"(\d{1,2})(?:er|re|e|eme|st|nd|rd|th)?"


def normalise(text: str) -> str:
    """Lower case, no accents, one space between words, straight apostrophes."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("`", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().strip()
    text = re.sub(r"\s+", " ", text)
    return text.rstrip(" .!,;")


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _next_weekday(today: date, weekday: int) -> date:
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def _day_month(today: date, day: int, month: int, year: int | None) -> date | None:
    """A day and month; without a year, the next occurrence from today on."""
    if year is not None:
        if year < 100:
            year += 2000
        return _safe_date(year, month, day)
    found = _safe_date(today.year, month, day)
    if found is not None and found >= today:
        return found
    for offset in range(1, 5):  # 29 February waits for the next leap year
        found = _safe_date(today.year + offset, month, day)
        if found is not None:
            return found
    return None


def _amount(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


UNIT_DAYS = {"j": 1, "d": 1, "jour": 1, "jours": 1, "day": 1, "days": 1}
UNIT_WEEKS = {"s": 7, "w": 7, "sem": 7, "semaine": 7, "semaines": 7, "week": 7, "weeks": 7, "wk": 7}
UNIT_MONTHS = {"m": 1, "mois": 1, "month": 1, "months": 1}


def _offset(today: date, count: int, unit: str) -> date | None:
    if unit in UNIT_MONTHS:
        return _add_months(today, count * UNIT_MONTHS[unit])
    step = UNIT_DAYS.get(unit) or UNIT_WEEKS.get(unit)
    return today + timedelta(days=count * step) if step else None


def _relative_words(t: str, today: date) -> date | None:
    fixed = {
        "aujourd'hui": 0,
        "aujourdhui": 0,
        "today": 0,
        "demain": 1,
        "tomorrow": 1,
        "apres-demain": 2,
        "apres demain": 2,
        "day after tomorrow": 2,
        "the day after tomorrow": 2,
        "d'aujourd'hui en huit": 7,
        "aujourd'hui en huit": 7,
        "this time next week": 7,
        "d'aujourd'hui en quinze": 14,
    }
    if t in fixed:
        return today + timedelta(days=fixed[t])
    if t in ("fin du mois", "fin de mois", "end of month", "end of the month", "month end"):
        return date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])
    if t in ("fin de semaine", "fin de la semaine", "end of week", "end of the week", "week end"):
        return today + timedelta(days=(4 - today.weekday()) % 7)
    if t in ("semaine prochaine", "la semaine prochaine", "next week"):
        return today + timedelta(days=7 - today.weekday())
    if t in ("mois prochain", "le mois prochain", "next month"):
        return _add_months(today, 1).replace(day=1)
    return None


def _plus(t: str, today: date) -> date | None:
    m = re.fullmatch(r"\+\s*(\d{1,3})\s*([a-z]*)", t)
    if not m:
        return None
    return _offset(today, int(m.group(1)), m.group(2) or "j")


def _in_n(t: str, today: date) -> date | None:
    m = re.fullmatch(r"(?:dans|in|sous)\s+(\w+)\s+([a-z]+)", t)
    if not m:
        return None
    count = _amount(m.group(1))
    return _offset(today, count, m.group(2)) if count is not None else None


def _weekday(t: str, today: date) -> date | None:
    m = re.fullmatch(r"(?:next\s+|ce\s+|this\s+)?([a-z]+)\.?(?:\s+(prochain|en huit|en quinze|week))?", t)
    if not m or m.group(1) not in WEEKDAYS:
        return None
    found = _next_weekday(today, WEEKDAYS[m.group(1)])
    extra = {"en huit": 7, "week": 7, "en quinze": 14}.get(m.group(2) or "", 0)
    return found + timedelta(days=extra)


def _numeric(t: str, today: date, language: str) -> date | None:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?", t)
    if not m:
        return None
    first, second = int(m.group(1)), int(m.group(2))
    year = int(m.group(3)) if m.group(3) else None
    found = _day_month(today, first, second, year) if second <= 12 else None
    if found is None and language == "en" and first <= 12:
        found = _day_month(today, second, first, year)
    return found


def _named_month(t: str, today: date) -> date | None:
    m = re.fullmatch(ORDINAL + r"(?:\s+of)?\s+([a-z]+)\.?(?:,?\s+(\d{4}))?", t)
    if m and m.group(2) in MONTHS:
        year = int(m.group(3)) if m.group(3) else None
        return _day_month(today, int(m.group(1)), MONTHS[m.group(2)], year)
    m = re.fullmatch(r"([a-z]+)\.?\s+" + ORDINAL + r"(?:,?\s+(\d{4}))?", t)
    if m and m.group(1) in MONTHS:
        year = int(m.group(3)) if m.group(3) else None
        return _day_month(today, int(m.group(2)), MONTHS[m.group(1)], year)
    return None


def _day_only(t: str, today: date) -> date | None:
    m = re.fullmatch(ORDINAL, t)
    if not m:
        return None
    day = int(m.group(1))
    if not 1 <= day <= 31:
        return None
    month_start = today.replace(day=1)
    for months in range(3):
        start = _add_months(month_start, months)
        found = _safe_date(start.year, start.month, day)
        if found is not None and found >= today:
            return found
    return None


PARSERS: tuple[Callable[[str, date], date | None], ...] = (
    _relative_words,
    _plus,
    _in_n,
    _weekday,
    _named_month,
    _day_only,
)


EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)
BOUNDS = "between 1990 and 2100"
"""The days the tool works with: a date outside them is a typing mistake."""


def within_bounds(day: date) -> bool:
    return EARLIEST <= day <= LATEST


def parse_date_phrase(text: str, today: date, language: str = "fr") -> date | None:
    """The date a phrase means at ``today`` (see the module docstring), or None if not understood
    (or outside 1990-2100, e.g. ``dans 99999 mois``)."""
    try:
        found = _parse_date_phrase(text, today, language)
    except (ValueError, OverflowError):  # a count of days or months beyond the calendar
        return None
    return found if found is not None and within_bounds(found) else None


def _parse_date_phrase(text: str, today: date, language: str) -> date | None:
    t = normalise(text)
    if not t:
        return None
    candidates = [t]
    stripped = FILLERS.sub("", t)
    if stripped != t:
        candidates.append(stripped)
    for candidate in candidates:
        found = _numeric(candidate, today, language)
        if found is not None:
            return found
        for parser in PARSERS:
            found = parser(candidate, today)
            if found is not None:
                return found
    return None


def parse_time_phrase(text: str) -> time | None:
    """A time of day: ``14h``, ``14h30``, ``14 h 30``, ``14:30``, ``2pm``, ``2.30 pm``, ``midi``/``noon``."""
    t = normalise(text).replace(" ", "")
    t = re.sub(r"^(?:around|vers|at|a|@)(?=\d)", "", t)
    if t in ("midi", "noon"):
        return time(12, 0)
    if t in {"minuit", "midnight"}:
        return time(0, 0)
    m = re.fullmatch(r"(\d{1,2})(?:[:h.](\d{2}))?(am|pm|a\.m\.|p\.m\.)", t)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        hour = hour % 12 + (12 if m.group(3).startswith("p") else 0)
        return time(hour, minute)
    m = re.fullmatch(r"(\d{1,2})(?:h(\d{2})?|[:.](\d{2}))", t)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2) or m.group(3) or 0)
        if hour > 23 or minute > 59:
            return None
        return time(hour, minute)
    return None
