"""The call queue's order: one scoring function shared by the command line and the screens.

Order, most urgent first:

1. the **tier** of the most urgent due action of the debtor (lower is more urgent)::

       0 broken promise          3 notice deadline passed     6 first call / cadence call
       1 promise check           4 call-back at its time      7 nothing due (or a call-back later today)
       2 commitment ("You said you would")   5 escalation step   8 paused debtor

2. then the **amount overdue**, larger first;
3. then the **days late** (of the oldest overdue invoice), more first;
4. then the **debtor id**, smaller first, so ties are stable.

:class:`Priority` sorts in that order (``sorted(entries, key=lambda e: e.priority)``). Its
:attr:`Priority.score` is the same order as one float for JSON output, higher meaning more urgent::

    score = (8 − tier) × 10¹⁴ + min(amount in cents, 99 999 999 999) × 10³ + min(days_late, 999)

Every term fits in the exact integer range of a float (below 2⁵³), so within the caps (amounts
under a billion, 999 days) the score orders debtors exactly as the tuple does; only the debtor id,
the last tie-breaker, is not in the score.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from decimal import ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING, NamedTuple

from dunning_tui.domain.enums import ActionKind

if TYPE_CHECKING:  # annotations only: the queue's first frame imports this module
    from dunning_tui.domain.escalation import FollowUpFacts
    from dunning_tui.domain.models import ActionView

TIERS: dict[ActionKind, int] = {
    ActionKind.BROKEN_PROMISE: 0,
    ActionKind.PROMISE_CHECK: 1,
    ActionKind.COMMITMENT: 2,
    ActionKind.NOTICE_DEADLINE: 3,
    ActionKind.CALL_BACK: 4,
    ActionKind.ESCALATION: 5,
    ActionKind.FIRST_CALL: 6,
    ActionKind.CADENCE_CALL: 6,
}
NOTHING_DUE = 7
PAUSED = 8
AMOUNT_CAP = 99_999_999_999
"""In cents."""
DAYS_CAP = 999


class Priority(NamedTuple):
    """Sort key of a queue entry: smaller sorts first (more urgent)."""

    tier: int
    minus_amount: Decimal
    minus_days: int
    debtor_id: int

    @property
    def score(self) -> float:
        """The same order as one number, higher = more urgent (formula in the module docstring)."""
        cents = int((-self.minus_amount * 100).to_integral_value(rounding=ROUND_FLOOR))
        return score_of(self.tier, cents, -self.minus_days)


def score_of(tier: int, overdue_cents: int, days_late: int) -> float:
    """:attr:`Priority.score` from whole cents (the store sorts in SQL and scores only what it shows)."""
    return float(
        (PAUSED - tier) * 10**14
        + max(min(overdue_cents, AMOUNT_CAP), 0) * 10**3
        + max(min(days_late, DAYS_CAP), 0)
    )


def priority(
    *,
    debtor_id: int,
    amount_overdue: Decimal,
    days_late: int,
    due_kind: ActionKind | None,
    paused: bool = False,
) -> Priority:
    """The queue key of a debtor whose most urgent due action is ``due_kind`` (None: nothing due)."""
    if paused:
        tier = PAUSED
    elif due_kind is None:
        tier = NOTHING_DUE
    else:
        tier = TIERS[due_kind]
    return Priority(tier, -amount_overdue, -days_late, debtor_id)


def is_due(action: ActionView, today: date, now: time | None = None) -> bool:
    """Open and due: a past day, or today and (for a timed call-back) its time has come."""
    if action.done_at is not None or action.due_date > today:
        return False
    if action.due_date < today or action.due_time is None or now is None:
        return True
    return now >= action.due_time


def most_urgent(actions: Iterable[ActionView], today: date, now: time | None = None) -> ActionView | None:
    """The due action that decides the debtor's tier: lowest tier, then earliest, then id."""
    due = [a for a in actions if is_due(a, today, now)]
    if not due:
        return None
    return min(due, key=lambda a: (TIERS[a.kind], a.due_date, a.due_time or time.min, a.id))


def debtor_priority(
    facts: FollowUpFacts, today: date, now: time | None = None
) -> tuple[Priority, ActionView | None]:
    """The queue key of one debtor from its facts, and the action that put it there."""
    action = most_urgent(facts.open_actions, today, now)
    key = priority(
        debtor_id=facts.debtor_id,
        amount_overdue=facts.overdue_balance(today),
        days_late=facts.days_late(today),
        due_kind=action.kind if action else None,
        paused=facts.paused(today),
    )
    return key, action
