"""The words of planned actions, in the debtor's or the user's language.

Kept apart from the planner: the queue shows a due action's words on its first frame, and this
module loads nothing heavy (babel only once a note is written).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

from dunning_tui.domain.enums import ActionKind
from dunning_tui.domain.money import format_money
from dunning_tui.lang import DEFAULT_LOCALES


def _locale(language: str) -> str:
    """The locale that writes a language's amounts and dates in stored words."""
    return DEFAULT_LOCALES.get(language, DEFAULT_LOCALES["en"])


MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "paid": "nothing left to pay",
        "first_call": "first call: {days} days after the due date",
        "cadence_call": "follow-up call: {days} days after the last call",
        "check": "check that {amount} promised for {date} has arrived",
        "missed": "promise of {amount} for {date} not kept: call now and agree a shorter deadline",
        "partly": "promise of {amount} for {date} only partly kept ({paid} arrived): call now",
        "promise_done": "the promise was kept or missed",
        "handled": "called since",
        "superseded": "replaced by a newer plan",
        "not_now": "not needed now",
        "commitment": "You said you would: {words}",
        "notice": "formal notice deadline passed: {step}",
        "sms": "no answer to the last {count} calls: send this text message first: “{text}”",
        "sms_text": (
            "Hello, invoice(s) {invoices} remain unpaid. Please call us back or reply with the date "
            "of payment. Thank you."
        ),
    },
    "fr": {
        "paid": "plus rien à payer",
        "first_call": "premier appel : {days} jours après l'échéance",
        "cadence_call": "appel de suivi : {days} jours après le dernier appel",
        "check": "vérifier l'arrivée des {amount} promis pour le {date}",
        "missed": "promesse de {amount} pour le {date} non tenue : appeler et fixer un délai plus court",
        "partly": "promesse de {amount} pour le {date} tenue en partie ({paid} reçus) : appeler",
        "promise_done": "promesse tenue ou non tenue",
        "handled": "appel passé depuis",
        "superseded": "remplacée par un nouveau plan",
        "not_now": "plus nécessaire pour l'instant",
        "commitment": "Vous avez dit que vous feriez : {words}",
        "notice": "délai de la mise en demeure dépassé : {step}",
        "sms": "pas de réponse aux {count} derniers appels : envoyer d'abord ce SMS : « {text} »",
        "sms_text": (
            "Bonjour, facture(s) {invoices} toujours impayée(s). Merci de nous rappeler ou de nous "
            "indiquer la date du règlement."
        ),
    },
}


@lru_cache(maxsize=4096)  # a book's notes name the same few hundred days over and over
def spoken_day(day: date, language: str) -> str:
    """A date as a person writes it: "16 novembre 2026", "16 November 2026"."""
    from babel.dates import format_date

    return str(format_date(day, "long", locale=_locale(language)))


def spoken_money(amount: Decimal, currency: str, language: str) -> str:
    """An amount as a person writes it: "3 965,50 €", "€3,965.50"."""
    return format_money(amount, currency, _locale(language))


def message(language: str, key: str, **values: object) -> str:
    return MESSAGES.get(language, MESSAGES["en"])[key].format(**values)


def due_note(kind: ActionKind | None, reason: str, language: str = "en") -> str:
    """A due action's words as shown in the queue: a commitment in the user's own words."""
    return message(language, "commitment", words=reason) if kind is ActionKind.COMMITMENT else reason
