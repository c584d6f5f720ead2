"""Next actions and cadence: scenarios from DOMAIN.md §1, and the planner's invariants."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from dunning_tui.domain.cadence import (
    CADENCE_KINDS,
    ActionPlan,
    call_back_action,
    commitment_action,
    commitment_line,
    plan_next_actions,
)
from dunning_tui.domain.enums import ActionKind, DebtorKind, Outcome, Stage
from dunning_tui.domain.escalation import FollowUpFacts
from dunning_tui.domain.models import ActionView, InvoiceView, PaymentView, PromiseView
from dunning_tui.domain.priority import TIERS
from dunning_tui.settings import CadenceSettings
from dunning_tui.words import worded
from tests.domain.factories import action, call, invoice, payment, promise

# First call 7 days, repeat 6, escalate at 30, notice 8; a bank delay of 2 days (default 0) so that
# the tests show the delay moving the check.
CAD = CadenceSettings(bank_delay_days=2)
DUE = date(2025, 6, 30)
OPEN = (invoice("F-1", DUE, "1000.00"),)


def most_urgent_due(f: FollowUpFacts, today: date) -> ActionKind | None:
    """The kind of the open action due by ``today`` that ranks the debtor in the queue (lowest tier)."""
    due = [a for a in f.open_actions if a.due_date <= today]
    return min(due, key=lambda a: TIERS[a.kind]).kind if due else None


def facts(**kw: object) -> FollowUpFacts:
    base: dict[str, object] = {"debtor_id": 1, "invoices": OPEN}
    base.update(kw)
    return FollowUpFacts(**base)  # type: ignore[arg-type]


def created(plan: ActionPlan) -> list[tuple[ActionKind, date]]:
    return [(a.kind, a.due_date) for a in plan.create]


def apply(f: FollowUpFacts, plan: ActionPlan) -> FollowUpFacts:
    """What the store does with a plan: close the moot actions, add the new ones."""
    moot = {m.action_id for m in plan.moot}
    words = {r.action_id: r.reason for r in plan.reword}
    next_id = max((a.id for a in f.actions), default=0) + 1
    new = [
        ActionView(id=next_id + i, kind=p.kind, due_date=p.due_date, due_time=p.due_time, reason=p.reason)
        for i, p in enumerate(plan.create)
    ]
    kept = tuple(replace(a, reason=words.get(a.id, a.reason)) for a in f.actions if a.id not in moot)
    return replace(f, actions=kept + tuple(new))


def test_first_call_a_week_after_the_due_date_then_idempotent() -> None:
    f = facts()
    plan = plan_next_actions(f, date(2025, 7, 2), CAD)
    assert created(plan) == [(ActionKind.FIRST_CALL, date(2025, 7, 7))]
    again = plan_next_actions(apply(f, plan), date(2025, 7, 2), CAD)
    assert again.create == () and again.moot == ()


def test_cadence_call_every_repeat_days_after_the_last_call() -> None:
    f = facts(
        calls=(call(date(2025, 7, 7)),), actions=(action(ActionKind.FIRST_CALL, date(2025, 7, 7), id=5),)
    )
    plan = plan_next_actions(f, date(2025, 7, 8), CAD)
    assert created(plan) == [(ActionKind.CADENCE_CALL, date(2025, 7, 13))]
    assert [m.action_id for m in plan.moot] == [5]


def test_after_two_unanswered_calls_the_next_one_starts_with_a_text_message() -> None:
    # Due 30 June; unanswered calls on 7 and 13 July: the call of 19 July (13 + 6) says to send an SMS
    # first, with its words; one answered call in between resets the count.
    two = facts(calls=(call(date(2025, 7, 7), id=1), call(date(2025, 7, 13), id=2)))
    plan = plan_next_actions(two, date(2025, 7, 14), CAD, "fr")
    (sms,) = plan.create
    assert (sms.kind, sms.due_date) == (ActionKind.CADENCE_CALL, date(2025, 7, 19))
    assert worded(sms.reason, "fr") == (
        "pas de réponse aux 2 derniers appels : envoyer d'abord ce SMS : « Bonjour, facture(s) F-1 "
        "toujours impayée(s). Merci de nous rappeler ou de nous indiquer la date du règlement. »"
    )
    english = plan_next_actions(two, date(2025, 7, 14), CAD, "en").create[0].reason
    assert english == sms.reason  # stored as a code: the same in any language
    assert worded(english, "en").startswith(
        "no answer to the last 2 calls: send this text message first: “Hello, invoice(s) F-1"
    )
    one = facts(calls=(call(date(2025, 7, 7), id=1), call(date(2025, 7, 13), Outcome.CALL_BACK, id=2)))
    assert worded(plan_next_actions(one, date(2025, 7, 14), CAD, "en").create[0].reason, "en") == (
        "follow-up call: 6 days after the last call"
    )


def test_a_postponed_cadence_call_is_kept() -> None:
    f = facts(actions=(action(ActionKind.FIRST_CALL, date(2025, 7, 10), id=5),))
    plan = plan_next_actions(f, date(2025, 7, 8), CAD)
    assert plan.create == () and plan.moot == ()


def test_no_cadence_call_past_the_escalation_day_but_a_written_reminder() -> None:
    f = facts(calls=(call(date(2025, 7, 25)),))
    # Next call would be 31 July, on/after 30 July (30 days late): the ladder takes over.
    plan = plan_next_actions(f, date(2025, 7, 30), CAD)
    assert created(plan) == [(ActionKind.ESCALATION, date(2025, 7, 30))]
    assert "Unpaid invoice(s)" in worded(plan.create[0].reason, "en")
    assert plan.stage.stage == Stage.WRITTEN_REMINDER and plan.stage.due


def test_pending_promise_holds_the_cadence_and_is_checked_the_day_after() -> None:
    p = promise(date(2025, 7, 15), "1000.00", made=date(2025, 7, 10))
    f = facts(
        calls=(call(date(2025, 7, 10), Outcome.PROMISE),),
        promises=(p,),
        actions=(action(ActionKind.CADENCE_CALL, date(2025, 7, 16), id=3),),
    )
    plan = plan_next_actions(f, date(2025, 7, 11), CAD)
    # 15 July + 2 days of bank delay → check on 18 July.
    assert created(plan) == [(ActionKind.PROMISE_CHECK, date(2025, 7, 18))]
    assert [m.action_id for m in plan.moot] == [3]


def test_kept_promise_makes_the_check_moot() -> None:
    p = promise(date(2025, 7, 15), "400.00", made=date(2025, 7, 10))
    f = facts(
        calls=(call(date(2025, 7, 10), Outcome.PROMISE),),
        promises=(p,),
        payments=(payment("F-1", date(2025, 7, 14), "400.00"),),
        invoices=(invoice("F-1", DUE, "1000.00", "400.00"),),
        actions=(action(ActionKind.PROMISE_CHECK, date(2025, 7, 18), id=4),),
    )
    plan = plan_next_actions(f, date(2025, 7, 15), CAD)
    assert [m.action_id for m in plan.moot] == [4]
    assert created(plan) == [(ActionKind.CADENCE_CALL, date(2025, 7, 16))]


def test_broken_promise_surfaces_first_until_someone_calls() -> None:
    p = promise(date(2025, 7, 15), "1000.00", made=date(2025, 7, 10))
    f = facts(
        calls=(call(date(2025, 7, 10), Outcome.PROMISE),),
        promises=(p,),
        actions=(action(ActionKind.PROMISE_CHECK, date(2025, 7, 18), id=4),),
    )
    today = date(2025, 7, 18)
    plan = plan_next_actions(f, today, CAD)
    assert (ActionKind.BROKEN_PROMISE, today) in created(plan)
    assert (ActionKind.ESCALATION, today) in created(plan)  # a broken promise → written reminder
    assert [m.action_id for m in plan.moot] == [4]
    after = apply(f, plan)
    assert most_urgent_due(after, today) == ActionKind.BROKEN_PROMISE
    # The user calls that day: the broken-promise action is dealt with.
    called = replace(after, calls=(*after.calls, call(today, Outcome.NO_ANSWER, id=2)))
    plan = plan_next_actions(called, date(2025, 7, 19), CAD)
    assert ActionKind.BROKEN_PROMISE not in [a.kind for a in plan.create]
    broken_ids = [a.id for a in after.actions if a.kind == ActionKind.BROKEN_PROMISE]
    assert set(broken_ids) <= {m.action_id for m in plan.moot}


def test_open_actions_are_stored_as_codes_and_worded_in_the_readers_language() -> None:
    """Words stored by an older version are replaced by the code; a code reads in either language."""
    p = promise(date(2025, 7, 15), "1000.00", made=date(2025, 7, 10))
    f = facts(
        calls=(call(date(2025, 7, 10), Outcome.PROMISE),),
        promises=(p,),
        actions=(
            action(ActionKind.PROMISE_CHECK, date(2025, 7, 18), id=4, reason="check 1000.00 2025-07-15"),
        ),
    )
    plan = plan_next_actions(f, date(2025, 7, 11), CAD, "fr")
    assert plan.create == () and plan.moot == ()
    ((action_id, stored),) = [(r.action_id, r.reason) for r in plan.reword]
    assert action_id == 4
    assert worded(stored, "fr") == "vérifier l'arrivée des 1\u202f000,00\xa0€ promis pour le 15 juillet 2025"
    assert worded(stored, "en") == "check that €1,000.00 promised for 15 July 2025 has arrived"
    # The same code whatever the language of the day: nothing to reword any more.
    assert plan_next_actions(apply(f, plan), date(2025, 7, 11), CAD, "en").reword == ()


def test_promise_actions_say_amounts_and_dates_as_a_person_writes_them() -> None:
    """Stored words show the amount with its currency and the date in words, in either language."""
    p = promise(date(2025, 7, 15), "3965.50", made=date(2025, 7, 10))
    f = facts(calls=(call(date(2025, 7, 10), Outcome.PROMISE),), promises=(p,))
    (check,) = plan_next_actions(f, date(2025, 7, 11), CAD, "fr").create
    assert (
        worded(check.reason, "fr")
        == "vérifier l'arrivée des 3\u202f965,50\xa0€ promis pour le 15 juillet 2025"
    )
    partly = replace(
        f,
        payments=(payment("F-1", date(2025, 7, 14), "1000.00"),),
        invoices=(invoice("F-1", DUE, "4000.00", "1000.00"),),
    )
    broken = [
        a
        for a in plan_next_actions(partly, date(2025, 7, 18), CAD, "en").create
        if a.kind is ActionKind.BROKEN_PROMISE
    ]
    assert [worded(a.reason, "en") for a in broken] == [
        "promise of €3,965.50 for 15 July 2025 only partly kept (€1,000.00 arrived): call now"
    ]


def test_call_back_replaces_the_cadence_until_it_happens() -> None:
    cb = call_back_action(date(2025, 7, 20), time(14, 0), "asked to call after lunch")
    f = facts(
        calls=(call(date(2025, 7, 9), Outcome.CALL_BACK),),
        actions=(ActionView(9, cb.kind, cb.due_date, cb.due_time, cb.reason),),
    )
    assert plan_next_actions(f, date(2025, 7, 18), CAD).create == ()
    # A call at 10:00 that day is not the call-back; one at 14:05 is.
    morning = replace(f, calls=(*f.calls, call(date(2025, 7, 20), id=2, at=time(10, 0))))
    assert plan_next_actions(morning, date(2025, 7, 20), CAD).moot == ()
    done = replace(f, calls=(*f.calls, call(date(2025, 7, 20), Outcome.PROMISE, id=2, at=time(14, 5))))
    plan = plan_next_actions(done, date(2025, 7, 20), CAD)
    assert [m.action_id for m in plan.moot] == [9]


def test_pause_pushes_everything_to_its_end() -> None:
    f = facts(pause_until=date(2025, 8, 15))
    plan = plan_next_actions(f, date(2025, 7, 2), CAD)
    assert plan.create == ()  # the first call would fall on 15 Aug, past the escalation day
    f = facts(pause_until=date(2025, 7, 20))
    plan = plan_next_actions(f, date(2025, 7, 8), CAD)
    assert created(plan) == [(ActionKind.FIRST_CALL, date(2025, 7, 20))]
    assert apply(f, plan).paused(date(2025, 7, 8))  # a paused debtor is not in the queue


def test_paid_debtor_needs_nothing() -> None:
    paid = (invoice("F-1", DUE, "1000.00", "1000.00"),)
    f = facts(
        invoices=paid,
        payments=(payment("F-1", date(2025, 7, 20), "1000.00"),),
        actions=(
            action(ActionKind.CADENCE_CALL, date(2025, 7, 22), id=1),
            action(ActionKind.COMMITMENT, date(2025, 7, 25), id=2, reason="formal notice on the 25th"),
        ),
    )
    plan = plan_next_actions(f, date(2025, 7, 21), CAD)
    assert plan.create == ()
    assert sorted(m.action_id for m in plan.moot) == [1, 2]


def test_commitment_ranks_first_among_calls() -> None:
    words = "send the formal notice on the 12th if unpaid"
    c = commitment_action(words, date(2025, 8, 12))
    assert commitment_line(c) == f"You said you would: {words}"
    assert commitment_line(c, "fr").startswith("Vous avez dit que vous feriez")
    f = facts(
        calls=(call(date(2025, 8, 5)),),
        actions=(
            ActionView(1, c.kind, c.due_date, None, c.reason),
            action(ActionKind.CADENCE_CALL, date(2025, 8, 11), id=2),
        ),
    )
    assert most_urgent_due(f, date(2025, 8, 12)) == ActionKind.COMMITMENT
    plan = plan_next_actions(f, date(2025, 8, 12), CAD)
    assert 1 not in {m.action_id for m in plan.moot}


def test_consumer_escalation_says_so() -> None:
    f = facts(kind=DebtorKind.CONSUMER, calls=(call(date(2025, 7, 25)),))
    plan = plan_next_actions(f, date(2025, 7, 30), CAD)
    assert "consumer" in worded(plan.create[0].reason, "en")
    assert "consommateur" in worded(plan.create[0].reason, "fr")


# -- invariants ---------------------------------------------------------------------------------------

BASE = date(2025, 1, 1)
KINDS = list(ActionKind)


@st.composite
def random_facts(draw: st.DrawFn) -> tuple[FollowUpFacts, date]:
    def day(lo: int = 0, hi: int = 200) -> date:
        return BASE + timedelta(days=draw(st.integers(lo, hi)))

    invoices: list[InvoiceView] = []
    payments: list[PaymentView] = []
    for n in range(draw(st.integers(1, 3))):
        number = f"I{n}"
        total = Decimal(draw(st.integers(1, 5000)))
        paid = draw(st.sampled_from([Decimal(0), total / 2, total]))
        if paid:
            payments.append(payment(number, day(), paid, id=n))
        invoices.append(invoice(number, day(0, 120), total, paid, id=n))
    promises: list[PromiseView] = []
    for k in range(draw(st.integers(0, 3))):
        made = day()
        on = made + timedelta(days=draw(st.integers(0, 20)))
        numbers = draw(st.sampled_from([(), (invoices[0].number,)]))
        promises.append(promise(on, Decimal(draw(st.integers(1, 3000))), made=made, invoices=numbers, id=k))
    calls = [
        call(day(), draw(st.sampled_from([None, *Outcome])), id=k) for k in range(draw(st.integers(0, 4)))
    ]
    actions = [
        action(draw(st.sampled_from(KINDS)), day(), id=k, done=draw(st.booleans()))
        for k in range(draw(st.integers(0, 4)))
    ]
    pause = draw(st.one_of(st.none(), st.builds(day)))
    f = FollowUpFacts(
        debtor_id=draw(st.integers(1, 50)),
        kind=draw(st.sampled_from(list(DebtorKind))),
        invoices=tuple(invoices),
        payments=tuple(payments),
        calls=tuple(calls),
        promises=tuple(promises),
        actions=tuple(actions),
        pause_until=pause,
    )
    return f, day(0, 260)


@settings(max_examples=300, deadline=None)
@given(random_facts())
def test_plan_invariants(case: tuple[FollowUpFacts, date]) -> None:
    f, today = case
    plan = plan_next_actions(f, today, CAD)
    open_ids = {a.id for a in f.open_actions}
    moot_ids = [m.action_id for m in plan.moot]
    assert len(moot_ids) == len(set(moot_ids)) and set(moot_ids) <= open_ids
    reworded = [r.action_id for r in plan.reword]
    assert len(reworded) == len(set(reworded)) and set(reworded) <= open_ids - set(moot_ids)
    after = apply(f, plan)

    # Never two open cadence calls for one debtor.
    assert sum(1 for a in after.open_actions if a.kind in CADENCE_KINDS) <= 1

    # A fully paid debtor gets nothing, and nothing stays open.
    if f.balance() <= 0:
        assert plan.create == () and after.open_actions == ()

    # Idempotent: the same facts, once the plan is applied, call for nothing more.
    again = plan_next_actions(after, today, CAD)
    assert again.create == () and again.moot == () and again.reword == ()

    # It never proposes an action that already exists open.
    existing = {(a.kind, a.due_date, a.reason) for a in f.open_actions}
    assert not any((p.kind, p.due_date, p.reason) in existing for p in plan.create)


@settings(max_examples=300, deadline=None)
@given(random_facts())
def test_broken_promise_is_always_top_priority(case: tuple[FollowUpFacts, date]) -> None:
    from dunning_tui.domain.escalation import episode

    f, today = case
    ep = episode(f, today, CAD.bank_delay_days)
    if not ep.unhandled_missed or f.balance() <= 0 or f.paused(today):
        return
    assert most_urgent_due(apply(f, plan_next_actions(f, today, CAD)), today) == ActionKind.BROKEN_PROMISE
