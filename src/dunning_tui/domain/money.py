"""Money: ``Decimal`` in code, integer minor units (cents) in the database."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal(10**12)
"""Amounts are below a thousand billion: anything larger is a typing or export mistake."""
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def to_cents(amount: Decimal) -> int:
    """Round half up to the cent and return integer minor units."""
    return int((amount.quantize(CENT, rounding=ROUND_HALF_UP) * 100).to_integral_value())


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def parse_amount(text: str) -> Decimal:
    """Read an amount the way spreadsheets and people write it.

    Accepts ``1234.5``, ``1 234,50``, ``1.234,50``, ``1,234.50``, with or without a currency sign,
    below 10^12. Raises ``ValueError`` with a readable reason (one sentence without its full stop).
    """
    cleaned = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("'", "")
    for sign in ("€", "EUR", "£", "GBP", "$", "USD"):
        cleaned = cleaned.replace(sign, "")
    if not cleaned:
        raise ValueError(f"'{text}' is not an amount")
    if "," in cleaned and "." in cleaned:
        # The last separator is the decimal one; the other groups thousands.
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        head, _, tail = cleaned.rpartition(",")
        if (cleaned.count(",") == 1 and len(tail) != 3) or (
            cleaned.count(",") == 1 and len(tail) == 3 and head.lstrip("-") in ("", "0")
        ):
            cleaned = f"{head}.{tail}"
        elif cleaned.count(",") == 1:
            # "1,234" is ambiguous; in this tool's countries a single comma is a decimal comma.
            cleaned = f"{head}.{tail}"
        else:
            cleaned = cleaned.replace(",", "")
    # Plain digits only: no exponent (1e30), no digit-group underscore (1_000), no other scripts.
    if not _PLAIN_NUMBER.fullmatch(cleaned):
        raise ValueError(f"'{text}' is not an amount")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"'{text}' is not an amount") from None
    if abs(value) >= MAX_AMOUNT:
        raise ValueError(f"'{text}' is too large for an amount (the limit is below 10^12)")
    return value


def format_money(amount: Decimal, currency: str, locale: str) -> str:
    """Format for display in the user's locale (``1 234,50 €`` / ``€1,234.50``)."""
    from babel.numbers import format_currency

    return str(format_currency(amount, currency, locale=locale))
