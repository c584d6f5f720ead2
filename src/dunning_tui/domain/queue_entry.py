"""One line of the call queue, and the one rule for days late (kept apart from the other models:
the first frame needs only these)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from dunning_tui.domain.enums import ActionKind, Stage


def days_late(due: date | None, today: date) -> int:
    """Days since ``due`` (an invoice's due date, or a debtor's oldest one), never negative."""
    return max(0, (today - due).days) if due is not None else 0


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
