"""Figures derived from a debtor's file and the settings, shared by the CLI, the app and documents."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from dunning_tui.domain.models import DebtorFile, DebtorView

if TYPE_CHECKING:
    from dunning_tui.domain.penalties import PenaltyReport
    from dunning_tui.settings import Settings


def jurisdiction_for(debtor: DebtorView, settings: Settings) -> str:
    """The law of the debt: the debtor's own ``governing_law`` when the contract chose one, else the
    creditor's ``jurisdiction`` (without a choice of law, Rome I art. 4 applies the law of the
    service provider — DOMAIN.md §2). The debtor's country plays no part."""
    return debtor.governing_law or settings.jurisdiction


def penalties_for(file: DebtorFile, today: date, settings: Settings) -> PenaltyReport:
    """The one penalty figure of a debtor: what the file, ``dunning penalties``, the call and the
    letters show (same law, same disputed invoices on hold, same ``[consequences]`` switches)."""
    from dunning_tui.domain.penalties import compute_penalties

    return compute_penalties(
        file.invoices,
        file.payments,
        debtor_kind=file.debtor.kind,
        jurisdiction=jurisdiction_for(file.debtor, settings),
        today=today,
        extra_rates=settings.rates,
        claim_interest=settings.consequences.late_interest,
        claim_indemnity=settings.consequences.recovery_indemnity,
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
