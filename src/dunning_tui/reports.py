"""Figures derived from a debtor's file and the settings, shared by the CLI, the app and documents."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from dunning_tui.domain.models import DebtorFile, DebtorView

if TYPE_CHECKING:
    from dunning_tui.domain.penalties import PenaltyReport
    from dunning_tui.settings import Settings

#: The debtor's country decides which late-payment law the tool applies; other countries fall
#: back to the jurisdiction in the settings.
COUNTRY_JURISDICTION = {"FR": "FR", "BE": "BE", "GB": "UK", "UK": "UK"}


def jurisdiction_for(debtor: DebtorView, settings: Settings) -> str:
    return COUNTRY_JURISDICTION.get(debtor.country.upper(), settings.jurisdiction)


def penalties_for(file: DebtorFile, today: date, settings: Settings) -> PenaltyReport:
    from dunning_tui.domain.penalties import compute_penalties

    return compute_penalties(
        file.open_invoices,
        file.payments,
        debtor_kind=file.debtor.kind,
        jurisdiction=jurisdiction_for(file.debtor, settings),
        today=today,
        extra_rates=settings.rates,
    )


def script_locale(language: str, country: str) -> str:
    """The locale a script in ``language`` speaks for a debtor in ``country`` (fr_BE, en_GB...)."""
    from babel import Locale, UnknownLocaleError

    language = language.replace("-", "_").split("_")[0]
    for candidate in (f"{language}_{country.upper()}", {"fr": "fr_FR", "en": "en_GB"}.get(language, "en_GB")):
        try:
            Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
        return candidate
    return "en_GB"
