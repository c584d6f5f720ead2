"""Money, dates and durations as the user's locale writes them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from dunning_tui.domain.money import format_money

if TYPE_CHECKING:
    from dunning_tui.tui.format_cache import LocaleFormats


class Formatter:
    def __init__(self, locale: str, known: LocaleFormats | None = None) -> None:
        self.locale = locale
        #: Facts kept from babel for this locale: the first frame formats without loading babel.
        self.known = known if known is not None and known.locale == locale else None

    def money(self, amount: Decimal, currency: str) -> str:
        shape = self.known.money.get(currency) if self.known is not None else None
        text = shape.format(amount) if shape is not None else None
        return text if text is not None else format_money(amount, currency, self.locale)

    def day(self, value: date | None) -> str:
        if value is None:
            return ""
        from babel.dates import format_date

        return str(format_date(value, "medium", locale=self.locale))

    def long_day(self, value: date) -> str:
        """The pattern "EEEE d MMMM" (lundi 23 novembre) from the locale's names.

        babel.dates would give the same text, but this is the only date on the first frame, and
        the names can come from the kept facts without loading babel at all.
        """
        if self.known is not None:
            days, months = self.known.days, self.known.months
        else:
            from dunning_tui.tui.format_cache import day_and_month_names

            days, months = day_and_month_names(self.locale)
        return f"{days[value.weekday()]} {value.day} {months[value.month - 1]}"

    def moment(self, value: datetime) -> str:
        local = value.astimezone()
        return f"{self.day(local.date())} {local:%H:%M}"


def clock(seconds: float) -> str:
    """mm:ss (h:mm:ss past an hour)."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def literal(text: str) -> str:
    """Text from the book or the user (names, notes, references) made safe to put into markup.

    Textual reads ``\\[`` as a bracket and every other backslash as itself, so each ``[`` gets
    one backslash; a backslash that ends the text would escape the tag that follows it, so it is
    followed by a zero-width space. (``textual.markup.escape`` leaves ``[/red`` unescaped.)
    """
    out = text.replace("[", "\\[")
    return out + "\u200b" if out.endswith("\\") else out
