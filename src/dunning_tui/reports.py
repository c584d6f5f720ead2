"""Figures derived from a debtor's file and the settings, shared by the CLI, the app and documents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from dunning_tui.domain.models import DebtorFile, DebtorView

if TYPE_CHECKING:
    from dunning_tui.domain.penalties import PenaltyReport
    from dunning_tui.domain.report import CallFigures
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


def figure_lines(f: CallFigures, money: Callable[[dict[str, Decimal]], str]) -> list[str]:
    """A period's call figures in the interface language, each count agreeing with its words:
    what the report says on screen and on the command line."""
    from dunning_tui.words import tr, trn

    minutes = round(f.phone_seconds / 60)
    return [
        " · ".join(
            (
                trn("{count} calls", f.calls),
                trn("{count} reached", f.reached),
                trn("{count} promises", f.promises),
            )
        )
        + f" ({money(f.promised)})",
        tr(
            "Promises due {due}: {kept} · {partly} · {broken} · on the phone {time}",
            due=f.due,
            kept=trn("{count} kept", f.kept),
            partly=trn("{count} partly", f.partly_kept),
            broken=trn("{count} broken", f.broken),
            time=tr("{hours}h {minutes}m", hours=minutes // 60, minutes=f"{minutes % 60:02d}"),
        ),
        tr("Collected within 14 days of a call: {amount}", amount=money(f.collected)),
    ]


def penalty_notes(report: PenaltyReport) -> list[str]:
    """What the penalty figures leave out or assume, in the interface language (a rate the table
    does not know is worded from its data)."""
    from dunning_tui.words import rate_gap_words, shown, tr

    gaps = {gap.describe(): shown(rate_gap_words(gap.used)) for gap in report.rate_gaps}
    return list(dict.fromkeys([*(gaps.get(note, tr(note)) for note in report.notes), *gaps.values()]))
