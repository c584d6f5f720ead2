"""The report's figures on small books whose answers are worked out by hand here."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from dunning_tui.domain.enums import Outcome, PromiseStatus
from dunning_tui.domain.payer import PayerFigures, Trend
from dunning_tui.domain.report import (
    BranchRow,
    CallFact,
    Invoiced,
    Owed,
    PaymentFact,
    PromiseFact,
    ScriptShape,
    age_bucket,
    call_figures,
    money_snapshot,
    month_ends,
    payer_order,
    script_branches,
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


def _call(
    id: int, debtor: int, day: date, outcome: Outcome, minutes: int = 5, path: tuple[str, ...] = ()
) -> CallFact:
    start = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
    return CallFact(id, debtor, start, start + timedelta(minutes=minutes), outcome, "Script", path)


def test_call_figures() -> None:
    calls = [
        _call(1, 1, date(2026, 11, 2), Outcome.PROMISE, 6),
        _call(2, 2, date(2026, 11, 3), Outcome.NO_ANSWER, 1),
        _call(3, 2, date(2026, 11, 5), Outcome.PAYMENT_PLAN, 12),
        _call(4, 3, date(2026, 11, 6), Outcome.WRONG_PERSON, 2),
        _call(5, 4, date(2026, 11, 9), Outcome.DISPUTE, 9),
    ]
    promises = [
        PromiseFact(1, "EUR", D("500"), date(2026, 11, 9), PromiseStatus.KEPT),
        PromiseFact(3, "EUR", D("100"), date(2026, 11, 12), PromiseStatus.PARTLY_KEPT),
        PromiseFact(3, "EUR", D("100"), date(2026, 11, 19), PromiseStatus.BROKEN),
        PromiseFact(3, "EUR", D("100"), date(2026, 11, 26), PromiseStatus.PENDING),  # not due
        PromiseFact(9, "EUR", D("777"), date(2026, 11, 1), PromiseStatus.KEPT),  # another call's
    ]
    payments = [
        PaymentFact(1, date(2026, 11, 9), "EUR", D("500")),  # 7 days after call 1
        PaymentFact(2, date(2026, 11, 19), "EUR", D("40")),  # 14 days after call 3: counts
        PaymentFact(2, date(2026, 11, 20), "EUR", D("60")),  # 15 days: too late
        PaymentFact(3, date(2026, 11, 1), "EUR", D("80")),  # before the call
        PaymentFact(8, date(2026, 11, 10), "EUR", D("90")),  # nobody called them
    ]
    f = call_figures(calls, promises, payments, TODAY)
    assert (f.calls, f.reached, f.promises) == (5, 3, 2)
    assert f.promised == {"EUR": D("800")}  # 500 + the plan's 3 × 100
    assert (f.due, f.kept, f.partly_kept, f.broken) == (3, 1, 1, 1)
    assert f.collected == {"EUR": D("540")}
    assert f.phone_seconds == (6 + 1 + 12 + 2 + 9) * 60


SHAPE = ScriptShape(
    "Script",
    "en",
    {"open": "Opening", "ask": "The invoice", "date": "Promise", "vm": "Voicemail", "why": "Objection"},
    {
        "open": (("Right person", "ask"), ("Voicemail", "vm")),
        "ask": (("Gives a date", "date"), ("Objects", "why")),
        "why": (("Gives a date", "date"),),
    },
)


def test_script_branches_count_calls_promises_and_kept_promises() -> None:
    happy = ("open", "ask", "date")
    calls = [_call(n, n, date(2026, 11, 2), Outcome.PROMISE, path=happy) for n in range(1, 7)]
    calls += [_call(7, 7, date(2026, 11, 2), Outcome.NO_ANSWER, path=("open", "vm"))]
    calls += [_call(8, 8, date(2026, 11, 2), Outcome.REFUSED, path=("open", "ask", "why", "ask", "why"))]
    calls += [_call(9, 9, date(2026, 11, 2), Outcome.PROMISE, path=("open", "ask", "date"))]
    calls[-1] = CallFact(
        9, 9, calls[-1].started_at, calls[-1].ended_at, Outcome.PROMISE, "Unknown", ("x", "y")
    )
    status = [PromiseStatus.KEPT] * 3 + [PromiseStatus.BROKEN, PromiseStatus.PENDING]
    promises = [PromiseFact(n + 1, "EUR", D("10"), date(2026, 11, 10), s) for n, s in enumerate(status)]
    # call 6's promise is kept but its deadline has not passed: not settled yet
    promises.append(PromiseFact(6, "EUR", D("10"), date(2026, 11, 30), PromiseStatus.KEPT))
    rows = {
        (r.script, r.node, r.answer): r for r in script_branches(calls, promises, {"Script": SHAPE}, TODAY)
    }

    right = rows[("Script", "open", "Right person")]
    assert (right.calls, right.promised, right.settled, right.kept) == (7, 6, 4, 3)
    assert right.promise_rate == 6 / 7 and right.kept_rate == 3 / 4
    date_row = rows[("Script", "ask", "Gives a date")]
    assert (date_row.calls, date_row.promised) == (6, 6)
    assert date_row.node_title == "The invoice"
    # call 8 went round the objection twice: counted once per row
    assert rows[("Script", "ask", "Objects")].calls == 1
    assert rows[("Script", "why", "")].calls == 1  # the call ended at the objection
    ended = rows[("Script", "date", "")]
    assert ended.calls == 6 and ended.answer == ""
    voicemail = rows[("Script", "open", "Voicemail")]
    assert voicemail.calls == 1 and voicemail.promise_rate is None  # under 5 calls: no rate
    # a script the report does not know: answers named by their target node
    assert rows[("Unknown", "x", "→ y")].calls == 1

    order = list(script_branches(calls, promises, {"Script": SHAPE}, TODAY))
    assert order[0].calls >= 5 and all(r.calls < 5 for r in order[3:])
    # 3 kept of 6 calls through "Gives a date" and the end at "date", 3 of 7 through "Right person"
    assert [(r.node, r.answer) for r in order[:3]] == [
        ("ask", "Gives a date"),
        ("date", ""),
        ("open", "Right person"),
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
