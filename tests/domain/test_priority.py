"""The queue's order: due actions by tier, then amount, then days late, then debtor id."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dunning_tui.domain.enums import ActionKind
from dunning_tui.domain.priority import NOTHING_DUE, ORDER_SQL, QUEUE_ORDER, TIERS, score_of


def test_tiers_rank_the_due_actions() -> None:
    ranked = [
        ActionKind.BROKEN_PROMISE,
        ActionKind.PROMISE_CHECK,
        ActionKind.COMMITMENT,
        ActionKind.NOTICE_DEADLINE,
        ActionKind.CALL_BACK,
        ActionKind.ESCALATION,
        ActionKind.FIRST_CALL,
    ]
    assert [TIERS[k] for k in ranked] == list(range(7))
    assert TIERS[ActionKind.CADENCE_CALL] == TIERS[ActionKind.FIRST_CALL]
    assert NOTHING_DUE == 7


def test_the_order_as_sql() -> None:
    assert ORDER_SQL == "tier, overdue_cents DESC, oldest_due, debtor_id"


def test_score_by_hand() -> None:
    # A first call (tier 6) on 1,234.99 overdue for 12 days: (8 − 6) × 10¹⁴ + 123,499 × 10³ + 12.
    assert score_of(6, 123_499, 12) == 200_000_123_499_012
    assert score_of(0, 1, 1) > score_of(1, 99_999_999_999, 999)  # the tier comes first
    assert score_of(6, 10**13, 5000) == score_of(6, 99_999_999_999, 999)  # capped


ROWS = st.tuples(
    st.integers(0, NOTHING_DUE), st.integers(0, 99_999_999_999), st.integers(1, 999), st.integers(1, 10**6)
)


def _sort_key(row: tuple[int, int, int, int]) -> tuple[int, ...]:
    tier, cents, days, debtor_id = row
    values = {"tier": tier, "overdue_cents": cents, "oldest_due": -days, "debtor_id": debtor_id}
    return tuple(-values[c] if descending else values[c] for c, descending in QUEUE_ORDER)


@given(st.lists(ROWS, min_size=2, max_size=20, unique_by=lambda r: r[3]))
def test_score_agrees_with_the_order(rows: list[tuple[int, int, int, int]]) -> None:
    """Sorting by QUEUE_ORDER (an older due date is more days late) = sorting by score, then id."""
    by_order = sorted(rows, key=_sort_key)
    by_score = sorted(rows, key=lambda r: (-score_of(r[0], r[1], r[2]), r[3]))
    assert by_order == by_score
