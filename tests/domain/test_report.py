"""The report's figures on small books whose answers are worked out by hand here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dunning_tui.domain.payer import PayerFigures, Trend
from dunning_tui.domain.report import (
    BranchCount,
    BranchRow,
    Invoiced,
    Owed,
    ScriptShape,
    age_bucket,
    money_snapshot,
    month_ends,
    payer_order,
    script_branches,
    steps_of,
    weekly,
)

D = Decimal
TODAY = date(2026, 11, 23)


def test_age_buckets_at_their_edges() -> None:
    days = [-5, 0, 1, 30, 31, 60, 61, 90, 91, 400]
    assert [age_bucket(d) for d in days] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]


def test_ageing_dso_and_average_days_late() -> None:
    owed = [
        Owed("EUR", date(2026, 10, 1), date(2026, 10, 31), D("100")),  # 23 days late
        Owed("EUR", date(2026, 11, 1), date(2026, 12, 1), D("50")),  # not due
        Owed("EUR", date(2026, 7, 1), date(2026, 7, 31), D("200")),  # 115 days late
        Owed("EUR", date(2026, 8, 1), date(2026, 9, 1), D("80"), owed_until=TODAY),  # paid today
        Owed("EUR", date(2026, 12, 1), date(2026, 12, 31), D("999")),  # not issued yet
        Owed("GBP", date(2026, 9, 1), date(2026, 9, 30), D("40")),  # 54 days late
    ]
    invoiced = [
        Invoiced("EUR", date(2026, 10, 1), D("300")),  # within the 90 days (after 25 August)
        Invoiced("EUR", date(2026, 8, 25), D("1000")),  # exactly 90 days back: outside
    ]
    snap = money_snapshot(owed, invoiced, TODAY)
    eur, gbp = snap.currency("EUR"), snap.currency("GBP")
    assert eur is not None and gbp is not None
    assert eur.buckets == (D("50"), D("100"), D("0"), D("0"), D("200"))
    assert eur.total == D("350") and eur.overdue == D("300")
    # (100 × 23 + 200 × 115) / 300 = 25300 / 300 = 84.33…
    assert eur.average_days_late == 84.3
    # 350 owed / 300 invoiced in 90 days × 90
    assert eur.dso == 105.0
    assert gbp.buckets == (D("0"), D("0"), D("40"), D("0"), D("0"))
    assert gbp.average_days_late == 54.0 and gbp.dso is None

    # At the end of October the 80 were still owed, due 1 September: 60 days late.
    october = money_snapshot(owed, invoiced, date(2026, 10, 31)).currency("EUR")
    assert october is not None
    # the 100 due 31 October is not late yet; the 50 was issued 1 November: not counted
    assert october.buckets == (D("100"), D("0"), D("80"), D("0"), D("200"))
    # (80 × 60 + 200 × 92) / 280 = 23200 / 280 = 82.857…
    assert october.average_days_late == 82.9


def test_month_ends_and_weeks() -> None:
    assert month_ends(date(2026, 3, 15), 3) == [date(2026, 2, 28), date(2026, 1, 31), date(2025, 12, 31)]
    amounts = [
        ("EUR", date(2026, 11, 2), D("10")),  # Monday of the first week
        ("EUR", date(2026, 11, 8), D("5")),  # its Sunday
        ("EUR", date(2026, 11, 9), D("7")),  # the next Monday
        ("GBP", date(2026, 11, 20), D("3")),  # third week
        ("EUR", date(2026, 10, 30), D("99")),  # before the first day: left out
    ]
    assert weekly(amounts, date(2026, 11, 2), date(2026, 11, 20)) == {
        "EUR": [D("15"), D("7"), D("0")],
        "GBP": [D("0"), D("0"), D("3")],
    }


SHAPE = ScriptShape(
    "Script",
    "en",
    {"open": "Opening", "ask": "The invoice", "date": "Promise", "vm": "Voicemail", "why": "Objection"},
    {
        "open": (("Right person", "ask"), ("Voicemail", "vm")),
        "ask": (("Gives a date", "date"), ("Objects", "why")),
        "why": (("Gives a date", "date"), ("Says the same", "date")),
    },
)


def test_steps_of_a_path_count_each_step_once() -> None:
    assert steps_of(["open", "ask", "why", "ask", "why"]) == {
        ("open", "ask"),
        ("ask", "why"),
        ("why", "ask"),
        ("why", ""),
    }
    assert steps_of([]) == set()


def test_script_branches_are_named_merged_and_sorted() -> None:
    counts = [
        BranchCount("Script", "open", "ask", calls=7, promised=6, settled=4, kept=3),
        BranchCount("Script", "ask", "date", calls=6, promised=6, settled=4, kept=3),
        BranchCount("Script", "date", "", calls=6, promised=6, settled=4, kept=3),
        BranchCount("Script", "open", "vm", calls=1, promised=0, settled=0, kept=0),
        # no answer of "why" leads back to "ask": named after the node it led to
        BranchCount("Script", "why", "ask", calls=1, promised=0, settled=0, kept=0),
        BranchCount("Unknown", "x", "y", calls=2, promised=1, settled=1, kept=1),
    ]
    rows = script_branches(counts, {"Script": SHAPE})
    by_key = {(r.script, r.node, r.answer): r for r in rows}
    right = by_key[("Script", "open", "Right person")]
    assert (right.language, right.node_title, right.calls) == ("en", "Opening", 7)
    assert right.promise_rate == 6 / 7 and right.kept_rate == 3 / 4
    assert by_key[("Script", "date", "")].node_title == "Promise"  # the call ended there
    assert by_key[("Script", "why", "→ The invoice")].calls == 1
    assert by_key[("Unknown", "x", "→ y")].language == ""
    assert by_key[("Script", "open", "Voicemail")].promise_rate is None  # under 5 calls
    # 3 kept of 6 calls for "Gives a date" and the end at "date" (node order breaks the tie), 3 of 7
    # for "Right person"; then the rows under 5 calls, 1 kept of 2 first
    assert [(r.node, r.answer) for r in rows] == [
        ("ask", "Gives a date"),
        ("date", ""),
        ("open", "Right person"),
        ("x", "→ y"),
        ("open", "Voicemail"),
        ("why", "→ The invoice"),
    ]


def test_two_next_nodes_with_one_answer_add_up() -> None:
    counts = [
        BranchCount("Script", "why", "date", calls=3, promised=3, settled=2, kept=1),
        BranchCount("Script", "why", "gone", calls=2, promised=1, settled=1, kept=1),
        BranchCount("Script", "why", "date", calls=0, promised=0, settled=0, kept=0),
    ]
    rows = script_branches(counts, {"Script": SHAPE})
    assert [(r.answer, r.calls, r.promised, r.settled, r.kept) for r in rows] == [
        ("→ gone", 2, 1, 1, 1),
        ("Gives a date", 3, 3, 2, 1),
    ]


def test_branch_rate_needs_five_calls_and_settled_promises() -> None:
    row = BranchRow("S", "en", "n", "N", "a", calls=5, promised=2, settled=0, kept=0)
    assert row.promise_rate == 0.4 and row.kept_rate is None
    assert BranchRow("S", "en", "n", "N", "a", 4, 4, 4, 4).promise_rate is None


def _payer(id: int = 1, **figures: int) -> PayerFigures:
    return PayerFigures(id, f"Debtor {id}", **figures)


def test_payer_figures_and_trend() -> None:
    p = _payer(
        promises_made=4,
        promises_kept=2,
        promises_broken=1,
        promises_pending=1,
        paid_invoices=4,
        paid_late=2,
        days_late=20,
    )
    assert p.average_days_late == 5.0  # 20 days over 4 invoices
    assert p.kept_ratio == 2 / 3  # the pending promise is left out
    assert not p.first_time_late
    assert _payer(paid_invoices=2).first_time_late
    # recent 12 / 2 = 6 days against 8 / 2 = 4 before: 2 days is under the 3-day margin
    assert _payer(recent_days=12, recent_count=2, earlier_days=8, earlier_count=2).trend is Trend.STEADY
    # 20 / 2 = 10 against 4: 6 days more late
    assert _payer(recent_days=20, recent_count=2, earlier_days=8, earlier_count=2).trend is Trend.WORSE
    # 2 / 2 = 1 against 10 / 2 = 5: 4 days less late
    assert _payer(recent_days=2, recent_count=2, earlier_days=10, earlier_count=2).trend is Trend.BETTER
    assert _payer(recent_days=2, recent_count=2).trend is None
    assert _payer().average_days_late is None and _payer().kept_ratio is None


def test_worst_payers_first() -> None:
    never = _payer(1, promises_kept=0, promises_broken=2, paid_invoices=1, days_late=3)
    half_slow = _payer(2, promises_kept=1, promises_broken=1, paid_invoices=1, days_late=30)
    half_quick = _payer(3, promises_kept=1, promises_broken=1, paid_invoices=1, days_late=2)
    no_promise = _payer(4, paid_invoices=1, days_late=90)
    payers = [no_promise, half_quick, never, half_slow]
    assert [p.debtor_id for p in sorted(payers, key=payer_order)] == [1, 2, 3, 4]
