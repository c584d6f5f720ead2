"""Money, dates and durations as the user's locale writes them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from dunning_tui.domain.money import format_money


class Formatter:
    def __init__(self, locale: str) -> None:
        self.locale = locale

    def money(self, amount: Decimal, currency: str) -> str:
        return format_money(amount, currency, self.locale)

    def number(self, amount: Decimal) -> str:
        """An amount to edit in a field: the locale's decimal mark, no grouping ("12361,20")."""
        from babel.numbers import format_decimal

        return str(format_decimal(amount, format="0.00", locale=self.locale))

    def day(self, value: date | None) -> str:
        if value is None:
            return ""
        from babel.dates import format_date

        return str(format_date(value, "medium", locale=self.locale))

    def long_day(self, value: date) -> str:
        """The weekday, the day and the month, as the locale writes them (lundi 23 novembre)."""
        from babel.dates import format_date

        return str(format_date(value, "EEEE d MMMM", locale=self.locale))

    def short_day(self, value: date) -> str:
        """The weekday and the day, short, as the locale writes them (mar. 1 déc., Tue 1 Dec)."""
        from babel.dates import format_date

        return str(format_date(value, "EEE d MMM", locale=self.locale))

    def moment(self, value: datetime) -> str:
        local = value.astimezone()
        return f"{self.day(local.date())} {local:%H:%M}"


def clock(seconds: float) -> str:
    """mm:ss (h:mm:ss past an hour)."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def cut_name(name: str, width: int) -> str:
    """A name cut to ``width`` keeping its end, where names that begin alike differ (its legal
    form, a town, a branch): "Boulangerie Hori… SARL" and "Boulangerie Horiz… SAS", never two
    "Boulangerie Horizon S…"."""
    if len(name) <= width:
        return name
    if width < 8:
        return name[: width - 1] + "…"
    words = name.split(" ")
    tail = ""
    for word in reversed(words[1:]):  # the last words that fit in under half the room
        if len(word) + 1 + len(tail) > width * 0.45:
            break
        tail = " " + word + tail
    if not tail:
        tail = name[-(width * 2 // 5) :]
    return name[: width - 1 - len(tail)].rstrip() + "…" + tail


def literal(text: str) -> str:
    """Text from the book or the user (names, notes, references) made safe to put into markup.

    Textual reads ``\\[`` as a bracket and every other backslash as itself, so each ``[`` gets
    one backslash; a backslash that ends the text would escape the tag that follows it, so it is
    followed by a zero-width space. (``textual.markup.escape`` leaves ``[/red`` unescaped.)
    """
    out = text.replace("[", "\\[")
    return out + "\u200b" if out.endswith("\\") else out
