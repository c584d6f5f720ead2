"""The words of documents (``wording.toml``), the debtor's locale, and formatting helpers."""

from __future__ import annotations

import re
import tomllib
from datetime import date, time
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

from dunning_tui.domain.money import format_money

LANGUAGES = ("fr", "en")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _wording() -> dict[str, Any]:
    text = resources.files("dunning_tui.documents").joinpath("wording.toml").read_text("utf-8")
    return tomllib.loads(text)


def language_of(language: str) -> str:
    """The document language for a debtor: French or English (the default for anything else)."""
    return language if language in LANGUAGES else "en"


def words(language: str, part: str) -> dict[str, str]:
    """One part (``email``, ``letter``, ``method_names``) of the wording in one language."""
    section: dict[str, str] = _wording()[language_of(language)][part]
    return section


def law_text(jurisdiction: str, language: str) -> str:
    law: dict[str, dict[str, str]] = _wording().get("law", {})
    return law.get(jurisdiction, {}).get(language_of(language), "")


def registration_label(jurisdiction: str, language: str) -> str:
    """How the creditor's registration number is called where the creditor is registered."""
    labels: dict[str, dict[str, str]] = _wording().get("registration", {})
    return labels.get(jurisdiction, {}).get(language_of(language), "")


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""


def fill(template: str, **values: object) -> str:
    """``str.format_map`` where a missing field is empty; values are inserted, never re-formatted."""
    return template.format_map(_Blank(values))


def document_locale(language: str, country: str, ui_locale: str = "") -> str:
    """The locale for dates and money in a document written in ``language`` to a debtor in ``country``.

    The user's own locale wins when it is of the same language (a Belgian user writing to a French
    client keeps fr_BE); otherwise the debtor's country picks the variant.
    """
    lang = language_of(language)
    if ui_locale and ui_locale.split("_", maxsplit=1)[0].lower() == lang:
        return ui_locale
    country = country.upper()
    if lang == "fr":
        return f"fr_{country}" if country in ("FR", "BE", "CH", "LU", "CA") else "fr_FR"
    return {"US": "en_US", "IE": "en_IE", "CA": "en_CA", "AU": "en_AU"}.get(country, "en_GB")


def money(amount: Decimal, currency: str, locale: str) -> str:
    return format_money(amount, currency, locale)


def long_date(day: date, locale: str) -> str:
    from babel.dates import format_date

    return str(format_date(day, format="long", locale=locale))


def short_date(day: date, locale: str) -> str:
    from babel.dates import format_date

    return str(
        format_date(day, format="short" if locale.startswith("en_US") else "dd/MM/yyyy", locale=locale)
    )


def clock(moment: time, locale: str) -> str:
    from babel.dates import format_time

    return str(format_time(moment, format="short", locale=locale))


def one_line(text: str, limit: int = 200) -> str:
    """Text safe for a header or a file name part: control characters and line breaks become spaces."""
    cleaned = _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()
    return cleaned[:limit].rstrip()


def join_numbers(numbers: list[str] | tuple[str, ...], limit: int = 4) -> str:
    """``2026-000101, 2026-000102`` — or the first few and a count, to keep subjects short."""
    shown = list(numbers[:limit])
    extra = len(numbers) - len(shown)
    return ", ".join(shown) + (f" (+{extra})" if extra > 0 else "")
