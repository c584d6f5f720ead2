"""The closing summary on screen: who does what by when, in the interface language."""

from __future__ import annotations

from dunning_tui.domain.enums import Outcome
from dunning_tui.domain.models import DebtorFile
from dunning_tui.domain.outcome import OutcomeInput, summary_code
from dunning_tui.tui.i18n import shown, tr


def who_does_what(outcome: OutcomeInput, file: DebtorFile) -> tuple[str, str]:
    """The summary to store (codes and data) and its words on screen (with what the user does next)."""
    stored = summary_code(outcome, file.debtor.name, file.currency)
    text = shown(stored)
    if outcome.kind not in (Outcome.NO_ANSWER, Outcome.WRONG_PERSON):
        text += "\n" + tr("We confirm by email today.")
    return stored, text
