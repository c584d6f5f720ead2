"""The stage column never goes backwards without a reason.

A debtor's calls, promises, payments and disputes (of a whole invoice or part of it, or naming
none) are generated day by day, the user following the
ladder (a due written step is sent the day it is due); the stage shown each evening may go back only
on a day when a payment, a new promise or a dispute explains it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dunning_tui.domain.enums import Channel, InvoiceStatus, Outcome, Stage
from dunning_tui.domain.escalation import FollowUpFacts, current_stage
from dunning_tui.domain.models import CallView
from dunning_tui.settings import CadenceSettings
from tests.domain.factories import event, invoice, payment, promise

CAD = CadenceSettings()
DUE = date(2025, 6, 30)
START = DUE + timedelta(days=3)
DAYS = 75
RANK = {stage: n for n, stage in enumerate(Stage)}
WRITTEN = {
    Stage.WRITTEN_REMINDER: Channel.LETTER,
    Stage.GENERIC_EMAIL: Channel.EMAIL,
    Stage.FORMAL_NOTICE: Channel.FORMAL_NOTICE,
}
#: What the user does on a day: a call with its outcome, or a payment received.
KINDS = ("no_answer", "refused", "call_back", "wrong_person", "already_paid", "dispute", "promise", "payment")
REASONS = ("dispute", "promise", "payment")

day_events = st.lists(
    st.tuples(
        st.integers(0, DAYS - 1),  # the day
        st.sampled_from(KINDS),
        st.integers(1, 25),  # a promise's or the documents' days ahead
        st.sampled_from(("100.00", "400.00", "1000.00", "1500.00")),  # a promise's or payment's amount
    ),
    max_size=8,
)


def _call(on: date, outcome: Outcome, n: int, documents_due: date | None = None) -> CallView:
    start = datetime.combine(on, time(10, 0))
    return CallView(
        id=n, started_at=start, ended_at=start, outcome=outcome, notes="", documents_due=documents_due
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day_events)
def test_the_stage_goes_back_only_for_a_payment_a_promise_or_a_dispute(plan) -> None:
    facts = FollowUpFacts(
        debtor_id=1,
        invoices=(
            invoice("F-1", DUE, "1000.00", id=1),
            invoice("F-2", DUE + timedelta(days=20), "1000.00", id=2),
        ),
    )
    shown: list[tuple[date, Stage, set[str]]] = []
    n = 0
    for offset in range(DAYS):
        today = START + timedelta(days=offset)
        reasons: set[str] = set()
        for when, kind, ahead, amount in sorted(plan):
            if when != offset:
                continue
            n += 1
            if kind == "payment":
                paid = sum((p.amount for p in facts.payments), Decimal("0.00"))
                left = Decimal("2000.00") - paid
                if left <= 0:
                    continue
                take = min(Decimal(amount), left)
                number = "F-1" if paid + take <= Decimal("1000.00") else "F-2"
                facts = replace(facts, payments=(*facts.payments, payment(number, today, take, id=n)))
            elif kind == "promise":
                made = promise(today + timedelta(days=ahead), amount, made=today, id=n, invoices=())
                facts = replace(
                    facts,
                    promises=(*facts.promises, made),
                    calls=(*facts.calls, _call(today, Outcome.PROMISE, n)),
                )
            elif kind == "dispute":
                due = today + timedelta(days=ahead)
                facts = replace(facts, calls=(*facts.calls, _call(today, Outcome.DISPUTE, n, due)))
                if ahead % 3:
                    # The form put part of F-1 (or all of it, one time in two) on hold; the rest is chased.
                    held = Decimal(amount) if ahead % 2 else None
                    first = replace(facts.invoices[0], status=InvoiceStatus.DISPUTED, disputed_amount=held)
                    facts = replace(facts, invoices=(first, *facts.invoices[1:]))
            else:
                facts = replace(facts, calls=(*facts.calls, _call(today, Outcome(kind), n)))
            if kind not in ("payment", "no_answer", "wrong_person"):
                # The confirmation email of the outcome, recorded as the app records it.
                n += 1
                facts = replace(facts, events=(*facts.events, event(today, Channel.EMAIL, id=n)))
            if kind in REASONS:
                reasons.add(kind)
        info = current_stage(facts, today, CAD)
        if info.due and info.next_stage in WRITTEN:
            # The user sends the written step the day it is due.
            n += 1
            facts = replace(facts, events=(*facts.events, event(today, WRITTEN[info.next_stage], id=n)))
            info = current_stage(facts, today, CAD)
        shown.append((today, info.stage, reasons))
    for (_before, was, _r), (today, now, reasons) in pairwise(shown):
        if RANK[now] < RANK[was]:
            assert reasons, f"{today}: {was} → {now} with no payment, promise or dispute that day ({plan})"


def test_a_dispute_holds_the_ladder_until_the_day_agreed_for_the_documents() -> None:
    late = DUE + timedelta(days=40)  # a written reminder is due (30 days late)
    facts = FollowUpFacts(debtor_id=1, invoices=(invoice("F-1", DUE, "1000.00"),))
    assert current_stage(facts, late, CAD).due
    agreed = late + timedelta(days=15)  # agreed on the phone, later than the default 8 days
    disputed = replace(facts, calls=(_call(late, Outcome.DISPUTE, 1, agreed),))
    info = current_stage(disputed, late + timedelta(days=9), CAD)
    assert not info.due and info.next_date == agreed and info.stage == Stage.CALLS
    assert current_stage(disputed, agreed, CAD).due
    # Without an agreed day, the default: the call's day + 8.
    default = replace(facts, calls=(_call(late, Outcome.DISPUTE, 1),))
    assert current_stage(default, late + timedelta(days=8), CAD).due
