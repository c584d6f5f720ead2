"""Queue priority: due actions by tier, then amount, then days late, then debtor id."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from dunning_tui.domain.enums import ActionKind
from dunning_tui.domain.priority import NOTHING_DUE, Priority, is_due, most_urgent, priority
from tests.domain.factories import action

TODAY = date(2025, 9, 1)


def p(kind: ActionKind | None, amount: str = "100", days: int = 10, debtor: int = 1) -> Priority:
    return priority(debtor_id=debtor, amount_overdue=Decimal(amount), days_late=days, due_kind=kind)


def test_tiers_order_due_actions() -> None:
    order = [
        p(ActionKind.BROKEN_PROMISE, "1"),
        p(ActionKind.PROMISE_CHECK, "10"),
        p(ActionKind.COMMITMENT, "100"),
        p(ActionKind.NOTICE_DEADLINE, "1000"),
        p(ActionKind.CALL_BACK, "10000"),
        p(ActionKind.ESCALATION, "100000"),
        p(ActionKind.CADENCE_CALL, "1000000"),
        p(None, "10000000"),
        priority(debtor_id=1, amount_overdue=Decimal("1e9"), days_late=999, due_kind=None, paused=True),
    ]
    backwards = order[::-1]
    assert sorted(backwards) == order
    assert [x.score for x in order] == sorted((x.score for x in order), reverse=True)


def test_amount_then_days_then_debtor_id() -> None:
    big, small = p(ActionKind.FIRST_CALL, "5000"), p(ActionKind.FIRST_CALL, "200")
    older, newer = p(ActionKind.FIRST_CALL, "200", 40), p(ActionKind.FIRST_CALL, "200", 8)
    tie_a, tie_b = p(ActionKind.FIRST_CALL, debtor=3), p(ActionKind.FIRST_CALL, debtor=7)
    assert big < small and older < newer and tie_a < tie_b
    assert big.score > small.score and older.score > newer.score
    assert tie_a.score == tie_b.score  # the id only breaks ties in the sort key
    assert p(ActionKind.FIRST_CALL, "1234.99", 12).score == 2 * 10**14 + 123_499 * 1000 + 12


def test_first_and_cadence_calls_share_a_tier() -> None:
    assert p(ActionKind.FIRST_CALL).tier == p(ActionKind.CADENCE_CALL).tier


def test_call_back_is_due_at_its_time() -> None:
    cb = action(ActionKind.CALL_BACK, TODAY, at=time(14, 0))
    assert not is_due(cb, TODAY, time(13, 59))
    assert is_due(cb, TODAY, time(14, 0))
    assert is_due(cb, TODAY)  # no clock given: the whole day counts
    assert not is_due(action(ActionKind.CADENCE_CALL, date(2025, 9, 2)), TODAY)
    assert not is_due(action(ActionKind.CADENCE_CALL, TODAY, done=True), TODAY)


def test_most_urgent_picks_the_lowest_tier() -> None:
    actions = [
        action(ActionKind.CADENCE_CALL, date(2025, 8, 1), id=1),
        action(ActionKind.COMMITMENT, TODAY, id=2),
        action(ActionKind.CALL_BACK, TODAY, id=3, at=time(16, 0)),
        action(ActionKind.BROKEN_PROMISE, date(2025, 9, 3), id=4),  # not due yet
    ]
    best = most_urgent(actions, TODAY, time(9, 0))
    assert best is not None and best.id == 2
    assert most_urgent([], TODAY) is None


AMOUNTS = st.decimals(min_value=0, max_value=999_999_999, places=2, allow_nan=False, allow_infinity=False)
KINDS = st.one_of(st.none(), st.sampled_from(list(ActionKind)))


@given(KINDS, AMOUNTS, st.integers(0, 900), KINDS, AMOUNTS, st.integers(0, 900))
def test_score_agrees_with_the_sort_key(
    k1: ActionKind | None, a1: Decimal, d1: int, k2: ActionKind | None, a2: Decimal, d2: int
) -> None:
    x = priority(debtor_id=1, amount_overdue=a1, days_late=d1, due_kind=k1)
    y = priority(debtor_id=2, amount_overdue=a2, days_late=d2, due_kind=k2)
    if x.score > y.score:
        assert x < y
    if x.tier < y.tier:
        assert x.score > y.score
    assert x.tier <= NOTHING_DUE
