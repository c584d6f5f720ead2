"""The follow-through on a real SQLite database: promises, next actions, the queue and the ladder."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from dunning_tui.domain.cadence import commitment_line
from dunning_tui.domain.enums import ActionKind, Outcome, Stage
from dunning_tui.domain.outcome import Commitment, Instalment, OutcomeInput
from dunning_tui.store import tables as t
from dunning_tui.store.database import Database
from dunning_tui.store.followup import refresh, stages
from dunning_tui.store.payments import add_payment
from dunning_tui.store.queue import QueueFilter, load_queue
from dunning_tui.words import worded
from tests.conftest import TODAY
from tests.store.rows import (
    CADENCE,
    add_debtor,
    add_invoice,
    at,
    call,
    kinds,
    open_actions,
    promise,
    promise_statuses,
)

GRACE = CADENCE.bank_delay_days


def _bystanders(session) -> list[int]:
    """Two debtors with bigger debts and a first call due, so the order in the queue means something."""
    ids = []
    for n, total in enumerate(("9000.00", "7000.00")):
        debtor = add_debtor(session, f"Bystander {n}")
        add_invoice(session, debtor, f"B-{n}", total, TODAY - timedelta(days=15))
        ids.append(debtor)
    return ids


def _refresh(session, day: date):
    return refresh(session, day, CADENCE)


# -- promises --------------------------------------------------------------------------------------


def test_a_payment_by_the_promised_date_keeps_the_promise(database: Database) -> None:
    with database.session() as s:
        debtor = add_debtor(s, "Atelier du Parc")
        add_invoice(s, debtor, "F-1", "1200.00", TODAY - timedelta(days=20))
        promise(s, debtor, at(TODAY - timedelta(days=10)), TODAY - timedelta(days=5), "1200.00")
        assert promise_statuses(s, debtor) == ["pending"]

        add_payment(s, "F-1", Decimal("1200.00"), TODAY - timedelta(days=6), "transfer", "VIR-1")
        report = _refresh(s, TODAY)

        assert promise_statuses(s, debtor) == ["kept"]
        assert report.promises_changed == 1
        assert open_actions(s, debtor) == []  # paid up: the promise check is moot
        assert debtor not in {e.debtor_id for e in load_queue(s, TODAY)}


def test_a_partial_promise_kept_on_time_leaves_no_broken_promise(database: Database) -> None:
    with database.session() as s:
        debtor = add_debtor(s, "Studio Lumière")
        add_invoice(s, debtor, "F-1", "1200.00", TODAY - timedelta(days=20))
        promise(s, debtor, at(TODAY - timedelta(days=10)), TODAY - timedelta(days=5), "500.00")
        # Paid by the promised date plus the bank delay: still kept.
        add_payment(s, "F-1", Decimal("500.00"), TODAY - timedelta(days=5 - GRACE))
        _refresh(s, TODAY)
        assert promise_statuses(s, debtor) == ["kept"]
        assert ActionKind.BROKEN_PROMISE.value not in kinds(open_actions(s, debtor))
        entry = next(e for e in load_queue(s, TODAY) if e.debtor_id == debtor)
        assert entry.total_overdue == Decimal("700.00")
        assert entry.reason is not ActionKind.BROKEN_PROMISE


def test_no_payment_by_the_date_breaks_the_promise_and_calls_first_the_day_after(database: Database) -> None:
    promised = TODAY - timedelta(days=GRACE + 1)  # the check day is today
    with database.session() as s:
        others = _bystanders(s)
        debtor = add_debtor(s, "Cabinet Horizon")
        add_invoice(s, debtor, "F-1", "300.00", TODAY - timedelta(days=20))
        promise(s, debtor, at(TODAY - timedelta(days=10)), promised, "300.00")

        _refresh(s, TODAY - timedelta(days=1))  # the promised date itself: still pending
        assert promise_statuses(s, debtor) == ["pending"]
        _refresh(s, TODAY)

        assert promise_statuses(s, debtor) == ["broken"]
        broken = open_actions(s, debtor, ActionKind.BROKEN_PROMISE)
        assert [a.due_date for a in broken] == [TODAY]
        assert worded(broken[0].reason, "en") == (  # the promise of 22 November 2026, in words
            "promise of €300.00 for 22 November 2026 not kept: call now and agree a shorter deadline"
        )
        refresh(s, TODAY, CADENCE, language="fr")  # the user now works in French: same action, its words
        assert [
            (a.id, worded(a.reason, "fr")) for a in open_actions(s, debtor, ActionKind.BROKEN_PROMISE)
        ] == [
            (
                broken[0].id,
                "promesse de 300,00\xa0€ pour le 22 novembre 2026 non tenue : appeler et fixer un délai plus court",
            )
        ]
        queue = load_queue(s, TODAY)
        assert queue[0].debtor_id == debtor
        assert queue[0].reason is ActionKind.BROKEN_PROMISE
        assert {e.debtor_id for e in queue[1:]} >= set(others)
        assert [e.debtor_id for e in load_queue(s, TODAY, QueueFilter(broken_only=True))] == [debtor]


def test_a_late_payment_does_not_mend_a_broken_promise(database: Database) -> None:
    with database.session() as s:
        debtor = add_debtor(s, "Menuiserie Bellevue")
        add_invoice(s, debtor, "F-1", "800.00", TODAY - timedelta(days=20))
        promise(s, debtor, at(TODAY - timedelta(days=12)), TODAY - timedelta(days=8), "800.00")
        add_payment(s, "F-1", Decimal("200.00"), TODAY - timedelta(days=1))  # after the promised date
        _refresh(s, TODAY)
        assert promise_statuses(s, debtor) == ["broken"]


def test_one_broken_promise_asks_for_writing_two_ask_for_a_formal_notice(database: Database) -> None:
    with database.session() as s:
        debtor = add_debtor(s, "Brasserie des Quais")
        add_invoice(s, debtor, "F-1", "2400.00", TODAY - timedelta(days=15))
        first = TODAY - timedelta(days=GRACE + 1)
        promise(s, debtor, at(TODAY - timedelta(days=6)), first, "2400.00")
        _refresh(s, TODAY)
        assert promise_statuses(s, debtor) == ["broken"]
        assert stages(s, [debtor], TODAY, CADENCE)[debtor].stage is Stage.WRITTEN_REMINDER

        # The broken-promise call: a new, shorter promise; the first one is dealt with.
        second = TODAY + timedelta(days=2)
        promise(s, debtor, at(TODAY, 11), second, "2400.00")
        _refresh(s, TODAY)
        assert open_actions(s, debtor, ActionKind.BROKEN_PROMISE) == []

        check_day = second + timedelta(days=GRACE + 1)
        _refresh(s, check_day)
        assert promise_statuses(s, debtor) == ["broken", "broken"]
        stage = stages(s, [debtor], check_day, CADENCE)[debtor]
        assert stage.stage is Stage.FORMAL_NOTICE and stage.due
        assert "2 promises" in stage.reason
        escalation = open_actions(s, debtor, ActionKind.ESCALATION)
        assert escalation and worded(escalation[0].reason, "en") == stage.next_step
        entries = load_queue(s, check_day)
        assert entries[0].debtor_id == debtor
        assert entries[0].reason is ActionKind.BROKEN_PROMISE
        assert entries[0].stage is Stage.FORMAL_NOTICE


def test_payment_plan_instalments_are_judged_one_by_one(database: Database) -> None:
    with database.session() as s:
        debtor = add_debtor(s, "Librairie Saint-Michel")
        add_invoice(s, debtor, "F-1", "1200.00", TODAY - timedelta(days=12))
        days = (5, 35, 65)
        plan = OutcomeInput(
            Outcome.PAYMENT_PLAN,
            instalments=tuple(Instalment(TODAY + timedelta(days=d), Decimal("400.00")) for d in days),
            method="transfer",
        )
        call(s, debtor, plan, at(TODAY))
        _refresh(s, TODAY)  # the follow-up plans one check per instalment
        checks = open_actions(s, debtor, ActionKind.PROMISE_CHECK)
        assert len(checks) == 3
        assert s.scalar(select(func.count()).select_from(t.PaymentPlan)) == 1

        add_payment(s, "F-1", Decimal("400.00"), TODAY + timedelta(days=4))
        _refresh(s, TODAY + timedelta(days=8))
        assert promise_statuses(s, debtor) == ["kept", "pending", "pending"]

        # Nothing for the second instalment: broken, the third still pending.
        day = TODAY + timedelta(days=35 + GRACE + 1)
        _refresh(s, day)
        assert promise_statuses(s, debtor) == ["kept", "broken", "pending"]
        assert [a.due_date for a in open_actions(s, debtor, ActionKind.BROKEN_PROMISE)] == [day]
        assert load_queue(s, day)[0].reason is ActionKind.BROKEN_PROMISE

        # A payment after the second's deadline goes to the third, not back to the second.
        add_payment(s, "F-1", Decimal("400.00"), TODAY + timedelta(days=60))
        _refresh(s, TODAY + timedelta(days=61))
        assert promise_statuses(s, debtor) == ["kept", "broken", "kept"]


def test_part_of_an_instalment_is_partly_kept(database: Database) -> None:
    with database.session() as s:
        debtor = add_debtor(s, "Agence Côté Jardin")
        add_invoice(s, debtor, "F-1", "1000.00", TODAY - timedelta(days=12))
        plan = OutcomeInput(
            Outcome.PAYMENT_PLAN,
            instalments=(
                Instalment(TODAY + timedelta(days=5), Decimal("500.00")),
                Instalment(TODAY + timedelta(days=20), Decimal("500.00")),
            ),
        )
        call(s, debtor, plan, at(TODAY))
        add_payment(s, "F-1", Decimal("150.00"), TODAY + timedelta(days=5))
        day = TODAY + timedelta(days=5 + GRACE + 1)
        _refresh(s, day)
        assert promise_statuses(s, debtor) == ["partly_kept", "pending"]
        broken = open_actions(s, debtor, ActionKind.BROKEN_PROMISE)
        assert len(broken) == 1 and "partly" in worded(broken[0].reason, "en")


# -- who is in the queue ---------------------------------------------------------------------------


def test_a_fully_paid_debtor_leaves_the_queue_and_its_actions_close(database: Database) -> None:
    with database.session() as s:
        debtor = add_debtor(s, "Boulangerie du Marché")
        add_invoice(s, debtor, "F-1", "600.00", TODAY - timedelta(days=30))
        add_invoice(s, debtor, "F-2", "400.00", TODAY - timedelta(days=10))
        call(
            s,
            debtor,
            OutcomeInput(
                Outcome.CALL_BACK,
                call_back_date=TODAY + timedelta(days=2),
                commitments=(Commitment("send the formal notice", TODAY + timedelta(days=9)),),
            ),
            at(TODAY - timedelta(days=1)),
        )
        _refresh(s, TODAY)
        assert open_actions(s, debtor)
        assert debtor in {e.debtor_id for e in load_queue(s, TODAY)}

        add_payment(s, "F-1", Decimal("600.00"), TODAY)
        add_payment(s, "F-2", Decimal("250.00"), TODAY)
        add_payment(s, "F-2", Decimal("150.00"), TODAY)
        report = _refresh(s, TODAY)

        assert report.actions_closed >= 2 and report.actions_created == 0
        assert open_actions(s, debtor) == []
        closed = s.scalars(select(t.NextAction).where(t.NextAction.debtor_id == debtor)).all()
        assert all(a.done_at is not None for a in closed)
        for later in (0, 7, 40, 400):
            day = TODAY + timedelta(days=later)
            _refresh(s, day)
            assert debtor not in {e.debtor_id for e in load_queue(s, day)}
            assert open_actions(s, debtor) == []


def test_a_paused_debtor_gets_nothing_until_the_pause_ends(database: Database) -> None:
    pause_end = TODAY + timedelta(days=10)
    with database.session() as s:
        debtor = add_debtor(s, "Kestrel Media Ltd", country="GB", pause_until=pause_end)
        add_invoice(s, debtor, "F-1", "5000.00", TODAY - timedelta(days=40), currency="GBP")
        for offset in range(10):
            day = TODAY + timedelta(days=offset)
            _refresh(s, day)
            assert all(a.due_date >= pause_end for a in open_actions(s, debtor))
            assert debtor not in {e.debtor_id for e in load_queue(s, day)}
            assert stages(s, [debtor], day, CADENCE)[debtor].due is False

        after = pause_end + timedelta(days=1)
        _refresh(s, after)
        entry = next(e for e in load_queue(s, after, QueueFilter(due_only=True)) if e.debtor_id == debtor)
        assert entry.reason is not None


def test_never_two_open_routine_calls_and_refresh_is_idempotent_day_after_day(demo_db: Database) -> None:
    with demo_db.session() as s:
        for offset in range(0, 45, 3):
            day = TODAY + timedelta(days=offset)
            _refresh(s, day)
            _assert_one_routine_call_at_most(s)
            again = _refresh(s, day)
            assert (again.promises_changed, again.actions_created, again.actions_closed) == (0, 0, 0)


def _assert_one_routine_call_at_most(session) -> None:
    routine = (ActionKind.FIRST_CALL.value, ActionKind.CADENCE_CALL.value)
    counts = session.execute(
        select(t.NextAction.debtor_id, func.count())
        .where(t.NextAction.done_at.is_(None), t.NextAction.kind.in_(routine))
        .group_by(t.NextAction.debtor_id)
    ).all()
    assert all(n == 1 for _, n in counts), counts


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.integers(min_value=1, max_value=9), st.sampled_from([None, *Outcome])),
        min_size=1,
        max_size=6,
    )
)
def test_routine_calls_stay_single_whatever_the_days_and_outcomes(
    database: Database, steps: list[tuple[int, Outcome | None]]
) -> None:
    session = database._sessions()
    try:
        debtor = add_debtor(session, "Oakridge Builders Ltd", country="GB")
        add_invoice(session, debtor, "F-1", "1500.00", TODAY - timedelta(days=9))
        add_invoice(session, debtor, "F-2", "700.00", TODAY + timedelta(days=5))
        day = TODAY
        for gap, outcome in steps:
            day += timedelta(days=gap)
            _refresh(session, day)
            if outcome is not None:
                call(session, debtor, _outcome(outcome, day), at(day, 9))
            first = _refresh(session, day)
            _assert_one_routine_call_at_most(session)
            again = _refresh(session, day)
            assert (again.actions_created, again.actions_closed, again.promises_changed) == (0, 0, 0), first
    finally:
        session.rollback()
        session.close()


def _outcome(kind: Outcome, day: date) -> OutcomeInput:
    later = day + timedelta(days=4)
    return OutcomeInput(
        kind,
        promised_date=later,
        amount=Decimal("300.00"),
        instalments=(
            Instalment(later, Decimal("300.00")),
            Instalment(later + timedelta(days=14), Decimal("300.00")),
        ),
        call_back_date=later,
        call_back_time=time(9, 30),
        dispute_reason="not delivered",
        invoice_ids=(),
    )


# -- call-backs and commitments --------------------------------------------------------------------


def test_a_call_back_is_booked_at_the_agreed_time_and_queued_when_due(database: Database) -> None:
    back = TODAY + timedelta(days=3)
    with database.session() as s:
        _bystanders(s)
        debtor = add_debtor(s, "Thistle Print Ltd", country="GB")
        add_invoice(s, debtor, "F-1", "900.00", TODAY - timedelta(days=12), currency="GBP")
        outcome = OutcomeInput(
            Outcome.CALL_BACK,
            call_back_date=back,
            call_back_time=time(15, 30),
            summary="call back when the accountant is back",
        )
        call(s, debtor, outcome, at(TODAY, 9))
        for day in (TODAY, TODAY + timedelta(days=1)):
            _refresh(s, day)
            booked = open_actions(s, debtor, ActionKind.CALL_BACK)
            assert [(a.due_date, a.due_time) for a in booked] == [(back, time(15, 30))]
            assert open_actions(s, debtor, ActionKind.FIRST_CALL, ActionKind.CADENCE_CALL) == []
            entry = next(e for e in load_queue(s, day) if e.debtor_id == debtor)
            assert entry.reason is None

        _refresh(s, back)
        entry = next(e for e in load_queue(s, back) if e.debtor_id == debtor)
        assert entry.reason is ActionKind.CALL_BACK
        assert entry.due_time == time(15, 30)
        assert entry.action_note == "call back when the accountant is back"
        queue = load_queue(s, back)
        assert queue.index(entry) == 0, "a call-back outranks first calls on bigger debts"

        # The call-back took place: it is done, and the next routine call follows the cadence.
        call(s, debtor, OutcomeInput(Outcome.NO_ANSWER), at(back, 15, 35))
        _refresh(s, back)
        assert open_actions(s, debtor, ActionKind.CALL_BACK) == []
        routine = open_actions(s, debtor, ActionKind.CADENCE_CALL)
        assert [a.due_date for a in routine] == [back + timedelta(days=CADENCE.repeat_days)]


def test_commitments_come_first_in_the_users_own_words(database: Database) -> None:
    words = "send the formal notice by registered letter if nothing has arrived"
    due = TODAY + timedelta(days=2)
    with database.session() as s:
        _bystanders(s)
        debtor = add_debtor(s, "Greenway Consulting Ltd", country="GB")
        add_invoice(s, debtor, "F-1", "450.00", TODAY - timedelta(days=11), currency="GBP")
        call(
            s,
            debtor,
            OutcomeInput(Outcome.NO_ANSWER, commitments=(Commitment(words, due),)),
            at(TODAY - timedelta(days=1)),
        )
        _refresh(s, TODAY)
        assert [a.reason for a in open_actions(s, debtor, ActionKind.COMMITMENT)] == [words]

        _refresh(s, due)
        queue = load_queue(s, due)
        assert queue[0].debtor_id == debtor
        assert queue[0].reason is ActionKind.COMMITMENT
        assert queue[0].action_note == words
        assert commitment_line(open_actions(s, debtor, ActionKind.COMMITMENT)[0]) == (
            f"You said you would: {words}"
        )
        # A commitment stays until done: another refresh later keeps it.
        _refresh(s, due + timedelta(days=5))
        assert [a.reason for a in open_actions(s, debtor, ActionKind.COMMITMENT)] == [words]


def test_refresh_on_the_demo_is_idempotent(demo_db: Database) -> None:
    def snapshot(session) -> list[tuple[object, ...]]:
        return [
            tuple(row)
            for row in session.execute(
                select(
                    t.NextAction.id, t.NextAction.kind, t.NextAction.due_date, t.NextAction.done_at
                ).order_by(t.NextAction.id)
            )
        ]

    with demo_db.session() as s:
        first = _refresh(s, TODAY)
        assert first.actions_created > 0
        before = snapshot(s)
        statuses = promise_statuses_all(s)
        second = _refresh(s, TODAY)
        assert (second.promises_changed, second.actions_created, second.actions_closed) == (0, 0, 0)
        assert snapshot(s) == before
        assert promise_statuses_all(s) == statuses


def promise_statuses_all(session) -> list[tuple[int, str]]:
    return [tuple(r) for r in session.execute(select(t.Promise.id, t.Promise.status).order_by(t.Promise.id))]


def test_a_payment_said_to_be_made_is_checked_until_payments_from_that_day_cover_it(
    database: Database,
) -> None:
    with database.session() as s:
        debtor = add_debtor(s, "Studio Lumière")
        add_invoice(s, debtor, "F-1", "1000.00", TODAY - timedelta(days=20))
        said = OutcomeInput(
            Outcome.ALREADY_PAID,
            amount=Decimal("450.00"),
            paid_on=TODAY - timedelta(days=3),
            payment_reference="VIR-8842",
        )
        call(s, debtor, said, at(TODAY))
        _refresh(s, TODAY)
        [check] = open_actions(s, debtor, ActionKind.PROMISE_CHECK)
        assert check.due_date == TODAY + timedelta(days=2)
        assert "VIR-8842" in worded(check.reason, "en") and "€450.00" in worded(check.reason, "en")
        # 300 from that day is not the 450 they spoke of; a payment before it does not count.
        add_payment(s, "F-1", Decimal("100.00"), TODAY - timedelta(days=5))
        add_payment(s, "F-1", Decimal("300.00"), TODAY - timedelta(days=2))
        _refresh(s, TODAY + timedelta(days=1))
        assert len(open_actions(s, debtor, ActionKind.PROMISE_CHECK)) == 1
        add_payment(s, "F-1", Decimal("150.00"), TODAY)
        _refresh(s, TODAY + timedelta(days=1))
        assert open_actions(s, debtor, ActionKind.PROMISE_CHECK) == []


def test_a_payment_said_to_be_made_and_not_found_is_dealt_with_by_the_next_call(database: Database) -> None:
    with database.session() as s:
        debtor = add_debtor(s, "Studio Lumière")
        add_invoice(s, debtor, "F-1", "1000.00", TODAY - timedelta(days=20))
        said = OutcomeInput(
            Outcome.ALREADY_PAID, amount=Decimal("1000.00"), paid_on=TODAY - timedelta(days=1)
        )
        call(s, debtor, said, at(TODAY))
        _refresh(s, TODAY + timedelta(days=2))
        [check] = open_actions(s, debtor, ActionKind.PROMISE_CHECK)
        assert check.due_date == TODAY + timedelta(days=2)
        # Nothing came: the user calls on the check's day; the check is done with that call.
        call(s, debtor, OutcomeInput(Outcome.NO_ANSWER), at(TODAY + timedelta(days=2)))
        _refresh(s, TODAY + timedelta(days=2))
        assert open_actions(s, debtor, ActionKind.PROMISE_CHECK) == []
