"""The penalties lines of the brief."""

from __future__ import annotations

from datetime import date

from dunning_tui.domain.models import DebtorFile
from dunning_tui.reports import penalties_for
from dunning_tui.settings import Settings
from dunning_tui.tui.formatting import Formatter
from dunning_tui.tui.i18n import shown, tr
from dunning_tui.words import rate_gap_words


def penalty_summary(file: DebtorFile, today: date, settings: Settings, fmt: Formatter) -> list[str]:
    report = penalties_for(file, today, settings)
    if report.consumer:
        return [tr("Consumer: no B2B penalties.")]
    lines = [
        f"{total.currency}: {tr('interest')} {fmt.money(total.interest, total.currency)} + "
        f"{tr('indemnity')} {fmt.money(total.indemnity, total.currency)}"
        for total in report.totals
        if total.interest or total.indemnity
    ]
    lines += [shown(rate_gap_words(gap.used)) for gap in report.rate_gaps]
    return lines
