"""What the placeholders and conditions of a script say for one debtor, on one day."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import BaseModel

from dunning_tui.domain.enums import DebtorKind
from dunning_tui.domain.models import DebtorFile, InvoiceView
from dunning_tui.domain.money import format_money
from dunning_tui.script.model import CONSEQUENCES

if TYPE_CHECKING:
    from dunning_tui.settings import Consequences, Settings

_DATE_PATTERNS = {"en_US": ("EEEE, MMMM d", "EEEE, MMMM d, y")}
_DEFAULT_DATE_PATTERNS = ("EEEE d MMMM", "EEEE d MMMM y")
B2B_PENALTIES = frozenset({"late_interest", "recovery_indemnity"})
"""Consequences never said to a consumer: they are business-to-business rules (DOMAIN.md §2)."""


@dataclass(frozen=True, slots=True)
class ScriptContext:
    """Placeholder values (already formatted; empty means unknown) and the conditions that hold."""

    values: Mapping[str, str] = field(default_factory=dict)
    flags: frozenset[str] = frozenset()
    locale: str = "en_GB"


def enabled_consequences(consequences: Consequences | Iterable[str] | None) -> frozenset[str]:
    """The consequence names turned on, from the settings object or from names."""
    if consequences is None:
        return frozenset()
    if isinstance(consequences, BaseModel):
        dumped = consequences.model_dump()
        return frozenset(name for name in CONSEQUENCES if dumped.get(name))
    return frozenset(name for name in consequences if name in CONSEQUENCES)


_TITLES = {
    "madame": "f",
    "mme": "f",
    "mme.": "f",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "miss": "f",
    "monsieur": "m",
    "m.": "m",
    "mr": "m",
    "mr.": "m",
}
_ADDRESS = {"fr": {"f": "Madame", "m": "Monsieur"}, "en": {"f": "Ms", "m": "Mr"}}


def contact_address(name: str, locale: str) -> str:
    """ "Madame Martin" / "Monsieur Dupont" (English: "Ms Martin" / "Mr Dupont") when the contact's
    name starts with a title; empty otherwise, so the script speaks without a name rather than
    guess, and never says "Jean Dupont, vous m'aviez annoncé…"."""
    words = name.split()
    kind = _TITLES.get(words[0].casefold()) if len(words) >= 2 else None
    if kind is None:
        return ""
    table = _ADDRESS["fr" if locale.startswith("fr") else "en"]
    return f"{table[kind]} {words[-1]}"


def format_day(day: date, locale: str, *, today: date | None = None) -> str:
    """``vendredi 12 décembre`` / ``Friday 12 December``; the year only when it is not this year's."""
    from babel.dates import format_date

    short, long = _DATE_PATTERNS.get(locale, _DEFAULT_DATE_PATTERNS)
    pattern = short if today is not None and day.year == today.year else long
    return str(format_date(day, pattern, locale=locale))


def _join(items: list[str], locale: str) -> str:
    from babel.lists import format_list

    return str(format_list(items, locale=locale)) if items else ""


def _amounts(invoices: Iterable[InvoiceView], locale: str, *, chased: bool) -> str:
    """Per currency, what is chased of ``invoices`` (``chased``), or their whole balance."""
    totals: dict[str, Decimal] = {}
    for invoice in invoices:
        amount = invoice.chased if chased else invoice.balance
        totals[invoice.currency] = totals.get(invoice.currency, Decimal("0")) + amount
    return _join([format_money(total, cur, locale) for cur, total in totals.items() if total], locale)


def build_context(
    file: DebtorFile,
    *,
    today: date,
    latest_date: date | None,
    creditor: str,
    caller: str,
    locale: str,
    creditor_phone: str = "",
    penalties: Decimal | None = None,
    consequences: Consequences | Iterable[str] | None = None,
    plan_ok: bool = True,
    max_instalments: int | None = None,
    bank_delay_days: int = 0,
) -> ScriptContext:
    """Fill every placeholder from the debtor's file; what is unknown stays empty.

    ``caller`` defaults to ``creditor``; when they are the same, the ``caller_is_creditor``
    condition holds so an introduction does not say the name twice.
    ``consequences`` are the ones the user is ready to carry out (none if not given); the B2B
    penalties are dropped for a consumer. ``penalties`` is interest plus indemnity, computed by the
    caller. ``bank_delay_days`` (``cadence.bank_delay_days``) words ``{check_when}``.
    """
    from dunning_tui.domain.promises import check_when

    # What the call is about: the invoices being chased (disputed parts wait), else what is owed.
    chasing = file.chased_invoices(today)
    chased = chasing or file.overdue_invoices(today) or file.open_invoices
    contact = file.primary_contact
    promise = file.last_promise
    currency = file.currency

    def day(value: date | None) -> str:
        return format_day(value, locale, today=today) if value else ""

    due_dates = sorted({i.due_date for i in chased})
    days_late = file.days_late(today)
    values = {
        "company": file.debtor.name.strip(),
        "contact": contact.name.strip() if contact else "",
        "contact_address": contact_address(contact.name, locale) if contact else "",
        "invoices": _join([i.number for i in chased if i.number], locale),
        "balance": _amounts(chased, locale, chased=bool(chasing)),
        "due_dates": _join([day(d) for d in due_dates], locale),
        "days_late": str(days_late) if days_late > 0 else "",
        "latest_date": day(latest_date),
        "last_promise_date": day(promise.promised_date) if promise else "",
        "last_promise_amount": (
            format_money(promise.amount, promise.currency, locale) if promise and promise.amount else ""
        ),
        "penalties": format_money(penalties, currency, locale) if penalties else "",
        "max_instalments": str(max_instalments) if max_instalments and plan_ok else "",
        "creditor": creditor.strip(),
        "creditor_phone": creditor_phone.strip(),
        "caller": caller.strip() or creditor.strip(),
        "check_when": check_when(bank_delay_days, locale),
    }
    flags = set(enabled_consequences(consequences))
    if file.debtor.kind == DebtorKind.CONSUMER:
        flags -= B2B_PENALTIES
        flags.add("consumer")
    if plan_ok:
        flags.add("plan_ok")
    if len(chased) > 1:
        flags.add("several_invoices")
    if values["caller"].casefold() == values["creditor"].casefold():
        flags.add("caller_is_creditor")
    return ScriptContext(values=values, flags=frozenset(flags), locale=locale)


def context_from_settings(
    settings: Settings,
    file: DebtorFile,
    *,
    today: date,
    latest_date: date | None,
    plan_ok: bool | None = None,
    penalties: Decimal | None = None,
) -> ScriptContext:
    """:func:`build_context` with the creditor, locale, consequences and plan limits of the settings.

    ``plan_ok`` is the choice made before this call; ``None`` takes the settings' default.
    """
    return build_context(
        file,
        today=today,
        latest_date=latest_date,
        creditor=settings.creditor.name,
        caller=settings.creditor.caller_name,
        creditor_phone=settings.creditor.phone,
        locale=settings.ui_locale(),
        penalties=penalties,
        consequences=settings.consequences,
        plan_ok=settings.call.payment_plan_ok if plan_ok is None else plan_ok,
        max_instalments=settings.call.max_instalments,
        bank_delay_days=settings.cadence.bank_delay_days,
    )
