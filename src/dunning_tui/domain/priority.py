"""The call queue's order: one scoring function shared by the command line and the screens.

Order, most urgent first:

1. the **tier** of the most urgent due action of the debtor (lower is more urgent)::

       0 broken promise          3 notice deadline passed     6 first call / cadence call
       1 promise check           4 call-back (from its day)   7 nothing due
       2 commitment ("You said you would")   5 escalation step

2. then the **amount overdue**, larger first;
3. then the **days late** (of the oldest overdue invoice), more first: its due date, older first;
4. then the **debtor id**, smaller first, so ties are stable.

Paused debtors are not in the queue. The store sorts by :data:`QUEUE_ORDER` in SQL; the score is
the same order as one float for JSON output, higher meaning more urgent::

    score = (8 − tier) × 10¹⁴ + min(amount in cents, 99 999 999 999) × 10³ + min(days_late, 999)

Every term fits in the exact integer range of a float (below 2⁵³), so within the caps (amounts
under a billion, 999 days) the score orders debtors exactly as the tuple does; only the debtor id,
the last tie-breaker, is not in the score.
"""

from __future__ import annotations

from dunning_tui.domain.enums import ActionKind

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
#: The score's base: one more than the least urgent tier.
LAST_TIER = 8
AMOUNT_CAP = 99_999_999_999
"""In cents."""
DAYS_CAP = 999


#: The queue's order, most urgent first, as (column of the queue's rows, descending?): the store's
#: index, its page query and the score below all follow it.
QUEUE_ORDER: tuple[tuple[str, bool], ...] = (
    ("tier", False),
    ("overdue_cents", True),
    ("oldest_due", False),
    ("debtor_id", False),
)
ORDER_SQL = ", ".join(f"{column} DESC" if descending else column for column, descending in QUEUE_ORDER)


def score_of(tier: int, overdue_cents: int, days_late: int) -> float:
    """The queue's order as one number, higher = more urgent (formula in the module docstring)."""
    return float(
        (LAST_TIER - tier) * 10**14
        + max(min(overdue_cents, AMOUNT_CAP), 0) * 10**3
        + max(min(days_late, DAYS_CAP), 0)
    )
