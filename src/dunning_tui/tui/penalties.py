"""The penalties lines of the brief: the law of the debt, then the figures of :func:`penalties_for`."""

from __future__ import annotations

from datetime import date

from rich.markup import escape

from dunning_tui.domain.models import DebtorFile
from dunning_tui.domain.penalties import PenaltyTotal
from dunning_tui.reports import jurisdiction_for, penalties_for, penalty_notes
from dunning_tui.settings import Settings
from dunning_tui.tui.formatting import Formatter
from dunning_tui.tui.i18n import label, tr


def _amounts(totals: tuple[PenaltyTotal, ...], fmt: Formatter) -> list[str]:
    return [
        f"{label(total.currency)} {tr('interest')} {fmt.money(total.interest, total.currency)} + "
        f"{tr('indemnity')} {fmt.money(total.indemnity, total.currency)}"
        for total in totals
        if total.interest or total.indemnity
    ]


def penalty_summary(file: DebtorFile, today: date, settings: Settings, fmt: Formatter) -> list[str]:
    """Markup lines: the law, what is claimed, invoices paid late, disputed ones on hold, notes."""
    law = jurisdiction_for(file.debtor, settings)
    whose = tr("chosen in the contract") if file.debtor.governing_law else tr("yours, no other law chosen")
    lines = [f"{label('Law')} {law} ({whose})"]
    report = penalties_for(file, today, settings)
    if report.consumer:
        return [*lines, tr("Consumer: no B2B penalties.")]
    lines += _amounts(report.totals, fmt)
    if report.paid_late:
        numbers = ", ".join(escape(line.invoice_number) for line in report.paid_late)
        lines.append(f"{label('paid late: interest and indemnity still claimable')} {numbers}")
    held = _amounts(report.on_hold_totals, fmt)
    if held:
        numbers = ", ".join(escape(line.invoice_number) for line in report.on_hold)
        lines.append(f"{label('on hold, disputed (not claimed)')} {numbers} — " + "; ".join(held))
    lines += [f"[yellow]{escape(note)}[/yellow]" for note in penalty_notes(report)]
    return lines
