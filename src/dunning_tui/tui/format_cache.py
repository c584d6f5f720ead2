"""What babel says about the user's locale, kept in a small file so the first frame needs no babel.

Loading babel and its locale data is the largest single cost between launching ``dunning`` and
seeing the queue. Amounts in whole cents and the queue's long date only need a few facts from it:
for each currency, the text before the digits, the group and decimal separators and the text after
them; the names of the days and months. After the first paint, :func:`learn` asks babel for these
facts and keeps them only if rebuilding babel's own answers from them gives the same text for a
set of probe amounts (a locale that groups digits otherwise, or a currency without two decimals,
is simply left to babel). The file names the installed babel and the locale: any change and it
is ignored. ``tests/tui/test_format_cache.py`` checks the shortcut against babel.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

#: Currencies learnt beside the ones the user works in.
COMMON_CURRENCIES = ("EUR", "GBP", "USD", "CHF")
_PROBES = (0, 5, 150, 123456, 100000000, 123456789012)
"""In cents: one digit to several groups of thousands."""


@dataclass(frozen=True, slots=True)
class MoneyShape:
    prefix: str
    group: str
    decimal: str
    suffix: str

    def format(self, amount: Decimal) -> str | None:
        """The amount as babel writes it, or None when it is not a whole number of cents ≥ 0."""
        cents = amount * 100
        if amount < 0 or cents != cents.to_integral_value():
            return None
        units, frac = divmod(int(cents), 100)
        digits = str(units)
        head = len(digits) % 3 or 3
        groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
        return f"{self.prefix}{self.group.join(groups)}{self.decimal}{frac:02d}{self.suffix}"


@dataclass(frozen=True, slots=True)
class LocaleFormats:
    locale: str
    money: dict[str, MoneyShape]
    days: tuple[str, ...]
    """Monday first, as ``date.weekday()`` counts."""
    months: tuple[str, ...]
    """January first."""


def _shape_of(text: str) -> MoneyShape | None:
    """Read the shape off babel's text for 1,234,567.89: four runs of digits, a repeated group sign."""
    first, last = text.find("1"), text.rfind("9")
    if first < 0 or last < 0:
        return None
    body = text[first : last + 1]
    separators = re.split(r"\d+", body)[1:-1]
    if re.findall(r"\d+", body) != ["1", "234", "567", "89"] or separators[0] != separators[1]:
        return None
    return MoneyShape(text[:first], separators[0], separators[2], text[last + 1 :])


def learn(locale: str, currencies: set[str]) -> LocaleFormats:
    """Ask babel (slow: loads it and the locale data; run it off the UI thread)."""
    from babel.numbers import format_currency

    money = {}
    for currency in sorted(currencies | set(COMMON_CURRENCIES)):
        shape = _shape_of(str(format_currency(Decimal("1234567.89"), currency, locale=locale)))
        if shape is None:
            continue
        same = all(
            shape.format(Decimal(c).scaleb(-2))
            == format_currency(Decimal(c).scaleb(-2), currency, locale=locale)
            for c in _PROBES
        )
        if same:
            money[currency] = shape
    return LocaleFormats(locale, money, *day_and_month_names(locale))


def day_and_month_names(locale: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The wide names of the days (Monday first) and the months (January first), from babel."""
    from babel.core import Locale

    names = Locale.parse(locale)
    days = tuple(names.days["format"]["wide"][i] for i in range(7))
    months = tuple(names.months["format"]["wide"][i] for i in range(1, 13))
    return days, months


def babel_stamp() -> str:
    """Which babel is installed, without importing it: its package file, modified time and size."""
    from importlib.util import find_spec

    spec = find_spec("babel")
    if spec is None or spec.origin is None:
        return ""
    stat = Path(spec.origin).stat()
    return f"{spec.origin}:{stat.st_mtime_ns}:{stat.st_size}"


def save(path: Path, formats: LocaleFormats) -> None:
    data = {
        "babel": babel_stamp(),
        "locale": formats.locale,
        "money": {c: [s.prefix, s.group, s.decimal, s.suffix] for c, s in formats.money.items()},
        "days": list(formats.days),
        "months": list(formats.months),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    temporary.replace(path)  # never a half-written file


def load(path: Path, locale: str) -> LocaleFormats | None:
    """The kept facts for this locale, or None (no file, another locale or babel, a damaged file)."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        if data["locale"] != locale or data["babel"] != babel_stamp():
            return None
        money = {c: MoneyShape(*parts) for c, parts in data["money"].items()}
        days, months = tuple(data["days"]), tuple(data["months"])
        if len(days) != 7 or len(months) != 12:
            return None
        return LocaleFormats(locale, money, days, months)
    except (OSError, ValueError, KeyError, TypeError):
        return None
