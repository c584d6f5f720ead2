"""Every word the user sees, in one catalogue per language (``words/en.py``, ``words/fr.py``).

A key is either the English text itself (so that a screen's code reads naturally) or a dotted id
("action.missed") for a message whose English lives in the English catalogue. :func:`say` gives the
text in one language with its ``{fields}`` filled in; a key missing from the French catalogue falls
back to the English one, then to the key itself.

What the program writes for later — a next action's reason, a line of the history — is stored as a
code and its data (:func:`coded`), never as words, and worded in the reader's language when shown
(:func:`worded`). Free text (the user's own words) is stored and shown as it is.

Nothing heavy is imported here: babel is loaded only when a coded date or amount is worded.
"""

from __future__ import annotations

import json
from datetime import date, time
from decimal import Decimal
from functools import lru_cache
from types import ModuleType
from typing import Any

from dunning_tui.lang import DEFAULT_LOCALES
from dunning_tui.words import en

LANGUAGES = ("en", "fr")
_CODE_PREFIX = '{"k":'


def language_of(language: str) -> str:
    """One of the interface languages (English for anything else)."""
    return language if language in LANGUAGES else "en"


@lru_cache(maxsize=len(LANGUAGES))
def _module(language: str) -> ModuleType:
    """A language's catalogue, imported the first time it is needed (``dunning --help`` in English
    never reads the French one)."""
    from importlib import import_module

    return import_module(f"dunning_tui.words.{language_of(language)}")


def catalogue(language: str) -> dict[str, str]:
    words: dict[str, str] = _module(language).WORDS
    return words


def has(key: str) -> bool:
    return any(key in catalogue(language) for language in LANGUAGES)


def say(language: str, key: str, /, **values: object) -> str:
    """The words for ``key`` in ``language``, with ``{name}`` fields filled in."""
    text = catalogue(language).get(key) or en.WORDS.get(key) or key
    return text.format(**values) if values else text


def _plurals(language: str) -> dict[str, dict[str, str]]:
    forms: dict[str, dict[str, str]] = _module(language).PLURALS
    return forms


@lru_cache(maxsize=8)
def _plural_rule(language: str) -> Any:
    from babel import Locale

    return Locale.parse(locale_of(language)).plural_form


def plural_category(count: int, language: str) -> str:
    """The CLDR plural category of ``count`` in ``language`` ("one", "other"...): French says
    "0 appel, 1 appel, 2 appels", English "0 calls, 1 call, 2 calls"."""
    return str(_plural_rule(language_of(language))(abs(count)))


def say_n(language: str, key: str, count: int, /, **values: object) -> str:
    """The words for ``key`` (the English plural, "{count} calls") agreeing with ``count``: each
    catalogue's ``PLURALS`` gives one text per plural category of its language."""
    forms = _plurals(language).get(key) or en.PLURALS.get(key) or {}
    text = forms.get(plural_category(count, language)) or forms.get("other") or key
    return text.format(count=count, **values)


def trn(key: str, count: int, /, **values: object) -> str:
    """:func:`say_n` in the interface language."""
    return say_n(_current, key, count, **values)


_current = "en"


def use(language: str) -> None:
    """Set the language of this process's interface (the app's or the command's), chosen at start."""
    global _current  # noqa: PLW0603 - one interface language per process
    _current = language_of(language)


def current() -> str:
    return _current


_FRENCH_SPACES = (
    (" :", "\u00a0:"),
    (" ;", "\u202f;"),
    (" ?", "\u202f?"),
    (" !", "\u202f!"),
    (" %", "\u00a0%"),
    ("« ", "«\u00a0"),
    (" »", "\u00a0»"),
)


@lru_cache(maxsize=8192)
def typeset(text: str, language: str) -> str:
    """``text`` as the language prints it: in French a no-break space before ":" and "%" and inside « »,
    a narrow one before ";" "?" "!", so that the mark never starts a line (the interface's words;
    documents keep their own typography)."""
    if language_of(language) != "fr":
        return text
    for plain, fixed in _FRENCH_SPACES:
        text = text.replace(plain, fixed)
    return text


def shown_say(language: str, key: str, /, **values: object) -> str:
    """:func:`say` typeset for the screen (only the words: the values are shown as they are)."""
    text = typeset(catalogue(language).get(key) or en.WORDS.get(key) or key, language)
    return text.format(**values) if values else text


def tr(key: str, /, **values: object) -> str:
    """The words for ``key`` in the interface language, typeset for the screen."""
    return shown_say(_current, key, **values)


def label(key: str, /) -> str:
    """A label before a colon, as each language writes it: "Total due:", "Total dû :" (French puts a
    no-break space before the colon, so the colon never starts a line)."""
    return say(_current, key) + ("\u00a0:" if _current == "fr" else ":")


def shown(stored: str) -> str:
    """A stored text (coded, or the user's own words) in the interface language, typeset for the
    screen (the user's own words are left as typed)."""
    return typeset(worded(stored, _current), _current) if is_coded(stored) else stored


def locale_of(language: str) -> str:
    """The locale that writes a language's amounts and dates in worded texts."""
    return DEFAULT_LOCALES[language_of(language)]


@lru_cache(maxsize=4096)  # a book's notes name the same few hundred days over and over
def spoken_day(day: date, language: str) -> str:
    """A date as a person writes it: "16 novembre 2026", "16 November 2026"."""
    from babel.dates import format_date

    return str(format_date(day, "long", locale=locale_of(language)))


def spoken_time(moment: time, language: str) -> str:
    """A time of day as a person writes it: "17 h 15" in French, "17:15" in English."""
    if language_of(language) == "fr":
        return f"{moment.hour} h {moment.minute:02d}" if moment.minute else f"{moment.hour} h"
    return f"{moment:%H:%M}"


def spoken_money(amount: Decimal, currency: str, language: str) -> str:
    """An amount as a person writes it: "3 965,50 €", "€3,965.50"."""
    from dunning_tui.domain.money import format_money

    return format_money(amount, currency, locale_of(language))


def spoken_percent(rate: Decimal, language: str) -> str:
    """A rate as the language writes it: "12.15%", "12,15 %" (babel's decimal mark and spacing)."""
    from babel.numbers import format_decimal

    number = str(format_decimal(rate, "#,##0.##", locale=locale_of(language)))
    return number + ("\u00a0%" if language_of(language) == "fr" else "%")  # as babel writes a share


def spoken_share(share: float | None, language: str) -> str:
    """A share of a whole as the language writes it: "92%", "92 %" ("—" when there is none)."""
    if share is None:
        return "—"
    from babel.numbers import format_percent

    return str(format_percent(share, locale=locale_of(language)))


class Number:
    """A decimal number in a coded text (worded with the reader's decimal mark)."""

    __slots__ = ("value",)

    def __init__(self, value: Decimal) -> None:
        self.value = value


# -- stored as codes and data ---------------------------------------------------------------------


class Money:
    """An amount in a coded text (worded with its currency in the reader's locale)."""

    __slots__ = ("amount", "currency")

    def __init__(self, amount: Decimal, currency: str) -> None:
        self.amount, self.currency = amount, currency


def _pack(value: object) -> object:
    if isinstance(value, Money):
        return {"m": str(value.amount), "c": value.currency}
    if isinstance(value, Number):
        return {"n": str(value.value)}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, time):
        return {"t": value.strftime("%H:%M")}
    if isinstance(value, str) and value.startswith(_CODE_PREFIX):
        return json.loads(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


def coded(key: str, /, **values: object) -> str:
    """A text to store: the message's key and its data, worded later by :func:`worded`.

    Values may be dates, :class:`Money`, numbers, plain strings (shown as they are) or other coded
    texts (worded in the same language).
    """
    packed = {name: _pack(value) for name, value in values.items()}
    return json.dumps({"k": key, "v": packed} if packed else {"k": key}, ensure_ascii=False)


def rate_gap_words(rate: Any) -> str:
    """A rate the table does not know, coded from its data (a :class:`~dunning_tui.domain.rates.AppliedRate`)."""
    from dunning_tui.domain.rates import half_year_label

    if rate.missing:
        return coded(
            "no {law} rate in the table before {half}: interest before {day} not computed",
            law=rate.jurisdiction,
            half=half_year_label(rate.row_start),
            day=rate.row_start,
        )
    return coded(
        "rate for {half} not known; using {rate}% ({row})",
        half=half_year_label(rate.day),
        rate=Number(rate.rate_percent),
        row=half_year_label(rate.row_start),
    )


def is_coded(stored: str) -> bool:
    return stored.startswith(_CODE_PREFIX)


def code_of(stored: str) -> str:
    """The message key of a coded text ("" for free text)."""
    return str(json.loads(stored)["k"]) if is_coded(stored) else ""


def _unpack(value: Any, language: str) -> object:
    if isinstance(value, dict):
        if "k" in value:
            return _word(value, language)
        if "m" in value:
            return spoken_money(Decimal(value["m"]), value.get("c", "EUR"), language)
        if "d" in value:
            return spoken_day(date.fromisoformat(value["d"]), language)
        if "t" in value:
            return spoken_time(time.fromisoformat(value["t"]), language)
        if "n" in value:
            from babel.numbers import format_decimal

            return str(format_decimal(Decimal(value["n"]), "#,##0.##", locale=locale_of(language)))
    return value


def _word(data: dict[str, Any], language: str) -> str:
    values = {name: _unpack(value, language) for name, value in data.get("v", {}).items()}
    out = say(language, str(data["k"]), **values)
    for extra in data.get("then", ()):
        out += _word(extra, language) if isinstance(extra, dict) else str(extra)
    return out


def worded(stored: str, language: str) -> str:
    """A stored text in ``language``: a coded one worded, free text as it is."""
    if not is_coded(stored):
        return stored
    try:
        data = json.loads(stored)
    except ValueError:
        return stored
    return _word(data, language) if isinstance(data, dict) and "k" in data else stored


def then(stored: str, *more: str) -> str:
    """A coded text followed by other coded texts (each worded in turn): "X (closed: Y)"."""
    if not is_coded(stored):
        stored = coded("text", text=stored)
    data = json.loads(stored)
    data["then"] = [*data.get("then", ()), *(json.loads(m) if is_coded(m) else m for m in more)]
    return json.dumps(data, ensure_ascii=False)
