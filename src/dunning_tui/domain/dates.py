"""Dates and times typed the way people say them on the phone, in French and English.

:func:`read_date` gives the date a phrase means on ``today`` or raises :class:`DateError` (a
:class:`~dunning_tui.errors.UserError`: one sentence, in the phrase's language) — the only error it
ever raises. :func:`parse_date_phrase` is the same, returning ``None`` instead of raising.

Two modes:

* **promise** (the default): the date something *will* happen. A date without a year is its next
  occurrence from today on; a weekday is the next one *after* today.
* **past** (``past=True``): the date something *happened*, such as a payment received. A date
  without a year is its latest occurrence up to today ("25/11" typed on 30 Nov 2026 is 25 Nov
  2026); a weekday is the last one before today; a date after today is refused.

Understood, case- and accent-insensitively, in either language (``fr``/``en`` only decides what is
ambiguous: ``mar.`` is *mardi* in French and *March* in English; ``12/15`` is month first in English):

* ``aujourd'hui`` / ``today``, ``demain`` / ``tomorrow``, ``après-demain`` / ``day after tomorrow``,
  ``hier`` / ``yesterday``, ``avant-hier`` / ``the day before yesterday``;
* a weekday: ``vendredi`` / ``friday`` / ``fri`` / ``ven.``; ``vendredi prochain`` / ``next
  friday``; ``vendredi en huit`` / ``friday week`` (a week later), ``vendredi en quinze`` (two weeks);
  ``vendredi dernier`` / ``last friday`` (the last one before today);
* a weekday with a date, ``vendredi 4``, ``lundi 14 décembre``, ``friday the 4th``: refused when
  the day is not that weekday;
* ``15/12``, ``15.12``, ``15-12``, ``15/12/2026``, ``15/12/26``, ``2026-12-15``;
* ``15 décembre``, ``1er déc.``, ``15 december``, ``december 15``, ``15th of december``, with or
  without a year;
* ``le 15``, ``le premier`` / ``the 15th``, ``first of the month``: that day of this month, or of
  the next one once passed (past mode: of the previous one when still to come);
* ``+7`` (days), ``+7j`` / ``+7d``, ``+2s`` / ``+2w`` (weeks), ``+1m`` (months), ``j+10``;
* ``dans 10 jours`` / ``in 10 days``, ``d'ici 10 jours`` / ``within 10 days``, ``sous 10 jours``,
  ``dans 2 semaines`` / ``in 2 weeks``, ``dans un mois`` / ``in a month``, ``sous 48 heures`` /
  ``within 48 hours`` (whole days, rounded up); ``il y a 3 jours`` / ``3 days ago``;
* French weeks said in days: ``dans huit jours``, ``sous huitaine``, ``d'aujourd'hui en huit`` are
  one week; ``dans quinze jours``, ``sous quinzaine`` two weeks; ``in a fortnight`` two weeks;
* ``fin du mois`` / ``end of month``, ``fin du mois prochain`` / ``end of next month``, ``fin
  décembre`` / ``end of december``; ``fin de semaine`` / ``end of week`` (Friday);
  ``semaine prochaine`` / ``next week`` (Monday), ``mois prochain`` / ``next month`` (the 1st);
* leading words that add nothing: ``le``, ``the``, ``on``, ``by``, ``pour``, ``au``, ``d'ici``,
  ``jusqu'au``, ``avant le``, ``au plus tard`` (also at the end), ``at the latest``.

Every date lies between 1990 and 2100; anything else is refused in one sentence.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from datetime import date, time, timedelta

from dunning_tui.errors import UserError

EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)
MAX_COUNT = 100_000
"""Larger counts ("dans 99999999 mois") are refused before any arithmetic."""
BOUNDS = "between 1990 and 2100"


def within_bounds(day: date) -> bool:
    """Whether ``day`` lies in the years the tool works with (a date outside them is a mistake)."""
    return EARLIEST <= day <= LATEST


class DateError(UserError):
    """A phrase that is not a date, a date outside 1990–2100, a weekday that does not match its
    day, or a past date that lies in the future; ``str()`` is one sentence for the user."""


_MESSAGES = {
    "fr": {
        "unknown": "« {text} » n'est pas une date que je comprends.",
        "bounds": "« {text} » donne une date hors de 1990–2100.",
        "weekday": "« {text} » : le {day} est un {actual}, pas un {said}.",
        "future": "« {text} » tombe le {day}, dans le futur : un paiement reçu ne peut pas y être daté.",
    },
    "en": {
        "unknown": "'{text}' is not a date I understand.",
        "bounds": "'{text}' gives a date outside 1990–2100.",
        "weekday": "'{text}': {day} is a {actual}, not a {said}.",
        "future": "'{text}' falls on {day}, in the future: a payment received cannot be dated then.",
    },
}
_WEEKDAY_NAMES = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


class _Refused(Exception):
    """Raised inside the parsers; turned into a :class:`DateError` with the phrase."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "janvier janv jan january",
        "fevrier fevr fev february feb",
        "mars march",
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

FILLERS = re.compile(
    r"^(?:au plus tard le|au plus tard|at the latest on|at the latest by|at the latest|no later than|"
    r"d'ici le|d'ici au|d'ici|jusqu'au|jusqu'a|avant le|before|pour le|pour|le|the|on|by|for|au)\s+"
)
TRAILERS = re.compile(r"\s+(?:au plus tard|at the latest|dernier delai)$")
ORDINAL = r"(\d{1,2}|premier|first)(?:er|re|e|eme|st|nd|rd|th)?"


def normalise(text: str) -> str:
    """Lower case, no accents, one space between words, straight apostrophes."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("`", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().strip()
    text = re.sub(r"\s+", " ", text)
    return text.rstrip(" .!,;")


def _ordinal(word: str) -> int:
    return 1 if word in ("premier", "first") else int(word)


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not EARLIEST.year <= year <= LATEST.year:
        raise _Refused("bounds")
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shift(day: date, days: int) -> date:
    if abs(days) > (LATEST - EARLIEST).days + 366:
        raise _Refused("bounds")
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise _Refused("bounds") from None


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if not EARLIEST.year <= year <= LATEST.year:
        raise _Refused("bounds")
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def _next_weekday(today: date, weekday: int) -> date:
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def _last_weekday(today: date, weekday: int) -> date:
    back = (today.weekday() - weekday) % 7 or 7
    return today - timedelta(days=back)


def _day_month(today: date, day: int, month: int, year: int | None, past: bool) -> date | None:
    """A day and month; without a year, the next occurrence from today on (past: the latest up to
    today)."""
    if year is not None:
        if year < 100:
            year += 2000
        return _safe_date(year, month, day)
    step = -1 if past else 1
    for offset in range(5):  # 29 February waits for a leap year
        found = _safe_date(today.year + step * offset, month, day)
        if found is not None and (found <= today if past else found >= today):
            return found
    return None


def _amount(word: str) -> int | None:
    if word.isdecimal():
        count = int(word)
        if count > MAX_COUNT:
            raise _Refused("bounds")
        return count
    return NUMBER_WORDS.get(word)


UNIT_HOURS = {"h": 1, "heure": 1, "heures": 1, "hour": 1, "hours": 1, "hrs": 1}
UNIT_DAYS = {"j": 1, "d": 1, "jour": 1, "jours": 1, "day": 1, "days": 1}
UNIT_WEEKS = {"s": 7, "w": 7, "sem": 7, "semaine": 7, "semaines": 7, "week": 7, "weeks": 7, "wk": 7}
UNIT_MONTHS = {"m": 1, "mois": 1, "month": 1, "months": 1}


def _offset(today: date, count: int, unit: str, *, spoken: bool = False, sign: int = 1) -> date | None:
    """``today`` moved by ``count`` units; ``spoken``: "huit jours" / "quinze jours" are said for one
    and two weeks in French (like "d'aujourd'hui en huit"), so they mean 7 and 14 days."""
    if unit in UNIT_MONTHS:
        return _add_months(today, sign * count)
    if unit in UNIT_HOURS:
        return _shift(today, sign * -(-count // 24))
    if spoken and unit in ("jour", "jours") and count in (8, 15):
        count -= 1
    step = UNIT_DAYS.get(unit) or UNIT_WEEKS.get(unit)
    return _shift(today, sign * count * step) if step else None


_FIXED_DAYS = {
    "aujourd'hui": 0,
    "aujourdhui": 0,
    "today": 0,
    "demain": 1,
    "tomorrow": 1,
    "apres-demain": 2,
    "apres demain": 2,
    "day after tomorrow": 2,
    "the day after tomorrow": 2,
    "hier": -1,
    "yesterday": -1,
    "avant-hier": -2,
    "avant hier": -2,
    "day before yesterday": -2,
    "the day before yesterday": -2,
    "d'aujourd'hui en huit": 7,
    "aujourd'hui en huit": 7,
    "this time next week": 7,
    "d'aujourd'hui en quinze": 14,
    "sous huitaine": 7,
    "sous huit jours": 7,
    "sous quinzaine": 14,
    "dans une quinzaine": 14,
    "d'ici une quinzaine": 14,
    "in a fortnight": 14,
    "in two weeks' time": 14,
    "within a fortnight": 14,
    "a fortnight": 14,
    "in a week's time": 7,
}
_MONTH_END = ("fin du mois", "fin de mois", "end of month", "end of the month", "month end")
_NEXT_MONTH_END = ("fin du mois prochain", "end of next month", "end of the next month")
_WEEK_END = ("fin de semaine", "fin de la semaine", "end of week", "end of the week", "week end")
_NEXT_WEEK = ("semaine prochaine", "la semaine prochaine", "next week")
_NEXT_MONTH = ("mois prochain", "le mois prochain", "next month")
_FIRST_OF_MONTH = ("first of the month", "the first of the month", "premier du mois", "le premier du mois")


def _relative_words(t: str, today: date, language: str, past: bool) -> date | None:
    if t in _FIXED_DAYS:
        return _shift(today, _FIXED_DAYS[t])
    if t in _MONTH_END:
        return _month_end(today)
    if t in _NEXT_MONTH_END:
        return _month_end(_add_months(today.replace(day=1), 1))
    if t in _WEEK_END:
        return today + timedelta(days=(4 - today.weekday()) % 7)
    if t in _NEXT_WEEK:
        return today + timedelta(days=7 - today.weekday())
    if t in _NEXT_MONTH:
        return _add_months(today.replace(day=1), 1)
    if t in _FIRST_OF_MONTH:
        return _day_only("1", today, language, past)
    return None


def _month_end_named(t: str, today: date, language: str, past: bool) -> date | None:
    """``fin décembre``, ``fin de décembre``, ``end of december``, with or without a year."""
    m = re.fullmatch(r"(?:fin(?: de | d'| )|end of |the end of )([a-z]+)\.?(?:\s+(\d{4}))?", t)
    if not m or _month_number(m.group(1), language) is None:
        return None
    month = _month_number(m.group(1), language)
    assert month is not None
    last = 28 if month == 2 else calendar.monthrange(2001, month)[1]  # February: its own year's end
    year = int(m.group(2)) if m.group(2) else None
    found = _day_month(today, last, month, year, past)
    return _month_end(found) if found else None


def _plus(t: str, today: date, language: str, past: bool) -> date | None:
    m = re.fullmatch(r"(?:j|d)?\s*\+\s*(\d+)\s*([a-z]*)", t)
    if not m:
        return None
    count = _amount(m.group(1))
    return _offset(today, count, m.group(2) or "j") if count is not None else None


def _in_n(t: str, today: date, language: str, past: bool) -> date | None:
    m = re.fullmatch(r"(?:dans|in|sous|within|d'ici|en)?\s*(\w+)\s*([a-z]+)(?:'s time| time)?", t)
    if m:
        count = _amount(m.group(1))
        return _offset(today, count, m.group(2), spoken=True) if count is not None else None
    m = re.fullmatch(r"(?:il y a\s+(\w+)\s*([a-z]+)|(\w+)\s*([a-z]+)\s+ago)", t)
    if m:
        count = _amount(m.group(1) or m.group(3))
        unit = m.group(2) or m.group(4)
        return _offset(today, count, unit, spoken=True, sign=-1) if count is not None else None
    return None


def _weekday_number(word: str, language: str) -> int | None:
    if word == "mar" and language == "en":
        return None  # "Mar" is March in English
    return WEEKDAYS.get(word)


def _month_number(word: str, language: str) -> int | None:
    if word == "mar" and language == "en":
        return 3
    return MONTHS.get(word)


def _weekday(t: str, today: date, language: str, past: bool) -> date | None:
    m = re.fullmatch(
        r"(next\s+|last\s+|ce\s+|this\s+)?([a-z]+)\.?"
        r"(?:\s+(prochain|en huit|en quinze|week|dernier|passe|last))?",
        t,
    )
    if not m:
        return None
    weekday = _weekday_number(m.group(2), language)
    if weekday is None:
        return None
    before = (m.group(1) or "").strip() == "last" or m.group(3) in ("dernier", "passe", "last")
    if before or past:
        if m.group(3) in ("prochain", "en huit", "en quinze", "week") or (m.group(1) or "").strip() == "next":
            return _next_weekday(today, weekday)  # a future weekday: refused in past mode
        return _last_weekday(today, weekday)
    found = _next_weekday(today, weekday)
    extra = {"en huit": 7, "week": 7, "en quinze": 14}.get(m.group(3) or "", 0)
    return found + timedelta(days=extra)


def _weekday_and_date(t: str, today: date, language: str, past: bool) -> date | None:
    """``vendredi 4``, ``lundi 14 décembre``, ``friday the 4th``: the date, if it is that weekday."""
    m = re.fullmatch(r"([a-z]+)\.?,?\s+(?:le\s+|the\s+)?(.+)", t)
    if not m:
        return None
    weekday = _weekday_number(m.group(1), language)
    if weekday is None:
        return None
    rest = m.group(2)
    found = (
        _numeric(rest, today, language, past)
        or _named_month(rest, today, language, past)
        or _day_only(rest, today, language, past)
    )
    if found is None:
        return None
    if found.weekday() != weekday:
        names = _WEEKDAY_NAMES[language]
        raise _Refused("weekday", day=found, actual=names[found.weekday()], said=names[weekday])
    return found


def _numeric(t: str, today: date, language: str, past: bool) -> date | None:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?", t)
    if not m:
        return None
    first, second = int(m.group(1)), int(m.group(2))
    year = int(m.group(3)) if m.group(3) else None
    found = _day_month(today, first, second, year, past) if second <= 12 else None
    if found is None and language == "en" and first <= 12:
        found = _day_month(today, second, first, year, past)
    return found


def _named_month(t: str, today: date, language: str, past: bool) -> date | None:
    m = re.fullmatch(ORDINAL + r"(?:\s+of)?\s+([a-z]+)\.?(?:,?\s+(\d{4}))?", t)
    if m and _month_number(m.group(2), language) is not None:
        month = _month_number(m.group(2), language)
        assert month is not None
        year = int(m.group(3)) if m.group(3) else None
        return _day_month(today, _ordinal(m.group(1)), month, year, past)
    m = re.fullmatch(r"([a-z]+)\.?\s+" + ORDINAL + r"(?:,?\s+(\d{4}))?", t)
    if m and _month_number(m.group(1), language) is not None:
        month = _month_number(m.group(1), language)
        assert month is not None
        year = int(m.group(3)) if m.group(3) else None
        return _day_month(today, _ordinal(m.group(2)), month, year, past)
    return None


def _day_only(t: str, today: date, language: str, past: bool) -> date | None:
    m = re.fullmatch(ORDINAL, t)
    if not m:
        return None
    day = _ordinal(m.group(1))
    if not 1 <= day <= 31:
        return None
    month_start = today.replace(day=1)
    for months in range(3):
        start = _add_months(month_start, -months if past else months)
        found = _safe_date(start.year, start.month, day)
        if found is not None and (found <= today if past else found >= today):
            return found
    return None


PARSERS: tuple[Callable[[str, date, str, bool], date | None], ...] = (
    _numeric,
    _relative_words,
    _month_end_named,
    _plus,
    _in_n,
    _weekday,
    _weekday_and_date,
    _named_month,
    _day_only,
)


def _candidates(t: str) -> list[str]:
    out = [t]
    for _ in range(2):  # "au plus tard le 15": two leading fillers
        stripped = TRAILERS.sub("", FILLERS.sub("", out[-1]))
        if stripped == out[-1]:
            break
        out.append(stripped)
    return out


def read_date(text: str, today: date, language: str = "fr", *, past: bool = False) -> date:
    """The date ``text`` means on ``today`` (see the module docstring); ``past`` reads the date of
    something that already happened and refuses one after ``today``.

    Raises :class:`DateError` — and nothing else — when it is not a date, lies outside 1990–2100,
    names a weekday its day is not, or (``past``) lies in the future.
    """
    language = language if language in _MESSAGES else "en"
    words = _MESSAGES[language]
    shown = " ".join(text.split())[:80]
    try:
        found = _read(normalise(text), today, language, past)
    except _Refused as refused:
        values = {
            k: long_day(v, language, weekday=False) if isinstance(v, date) else v
            for k, v in refused.values.items()
        }
        raise DateError(words[refused.key].format(text=shown, **values)) from None
    if found is None:
        raise DateError(words["unknown"].format(text=shown))
    if not EARLIEST <= found <= LATEST:
        raise DateError(words["bounds"].format(text=shown))
    if past and found > today:
        raise DateError(words["future"].format(text=shown, day=long_day(found, language)))
    return found


def _read(t: str, today: date, language: str, past: bool) -> date | None:
    if not t or len(t) > 80:
        return None
    for candidate in _candidates(t):
        for parser in PARSERS:
            found = parser(candidate, today, language, past)
            if found is not None:
                return found
    return None


def long_day(day: date, language: str, *, weekday: bool = True) -> str:
    """``vendredi 4 décembre 2026`` / ``Friday 4 December 2026`` (without babel: the domain is light)."""
    if language == "fr":
        months = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
        first = "1er" if day.day == 1 else str(day.day)
        text = f"{first} {months.split()[day.month - 1]} {day.year}"
    else:
        months = "January February March April May June July August September October November December"
        text = f"{day.day} {months.split()[day.month - 1]} {day.year}"
    return f"{_WEEKDAY_NAMES[language][day.weekday()]} {text}" if weekday else text


def parse_date_phrase(text: str, today: date, language: str = "fr", *, past: bool = False) -> date | None:
    """:func:`read_date`, or ``None`` when the phrase is refused."""
    try:
        return read_date(text, today, language, past=past)
    except DateError:
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
