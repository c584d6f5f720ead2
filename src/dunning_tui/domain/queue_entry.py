"""One line of the call queue (kept apart from the other models: the first frame needs only it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from dunning_tui.domain.enums import ActionKind, Stage


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """One line of the call queue."""

    debtor_id: int
    name: str
    currency: str
    total_overdue: Decimal
    days_late: int
    oldest_due: date
    open_invoices: int
    priority: float
    reason: ActionKind | None
    """What is due: broken promise, commitment, call-back, first call, cadence call... or nothing yet."""
    stage: Stage = Stage.CALLS
    action_note: str = ""
    """The user's own words for a commitment, or the reason of the due action."""
    due_time: time | None = None
    language: str = "fr"
    claimed_by: str = ""
    """The colleague on the phone with this debtor right now, if any."""
    claimed_at: datetime | None = None
    """Since when they are."""
