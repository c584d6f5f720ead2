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
