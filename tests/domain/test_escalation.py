"""The escalation ladder: calls → written reminder → generic email → formal notice → procedure."""

from __future__ import annotations

from datetime import date

from dunning_tui.domain.enums import Channel, DebtorKind, Outcome, Stage
from dunning_tui.domain.escalation import FollowUpFacts, current_stage
from dunning_tui.settings import CadenceSettings
from tests.domain.factories import call, event, invoice, promise

CAD = CadenceSettings(bank_delay_days=2)  # repeat 6, escalate at 30, bank delay 2 (default 0), notice 8
DUE = date(2025, 6, 30)
F = FollowUpFacts(debtor_id=1, invoices=(invoice("F-1", DUE, "1000.00"),))


def test_calls_until_thirty_days_late() -> None:
    info = current_stage(F, date(2025, 7, 20), CAD)
    assert info.stage == Stage.CALLS and not info.due
    assert info.next_stage == Stage.WRITTEN_REMINDER
    assert info.next_date == date(2025, 7, 30)
    due = current_stage(F, date(2025, 7, 30), CAD)
    assert due.stage == Stage.WRITTEN_REMINDER and due.due
    assert due.reason == "30 days late"


def test_broken_promise_brings_the_written_reminder_forward() -> None:
    f = FollowUpFacts(
        debtor_id=1,
        invoices=F.invoices,
        promises=(promise(date(2025, 7, 10), "1000.00", made=date(2025, 7, 7)),),
    )
    info = current_stage(f, date(2025, 7, 13), CAD)
    assert info.stage == Stage.WRITTEN_REMINDER and info.due
    assert info.next_date == date(2025, 7, 13)  # 10 July + 2 days of bank delay, checked the day after
    assert "not kept" in info.reason


def test_pending_promise_holds_the_ladder() -> None:
    f = FollowUpFacts(
        debtor_id=1,
        invoices=F.invoices,
        promises=(promise(date(2025, 8, 5), "1000.00", made=date(2025, 7, 28)),),
    )
    info = current_stage(f, date(2025, 7, 31), CAD)
    assert not info.due and info.next_date == date(2025, 8, 8)
    assert "held by the promise" in info.reason


def test_generic_email_when_nobody_answers_after_the_reminder() -> None:
    f = FollowUpFacts(
        debtor_id=1,
        invoices=F.invoices,
        events=(event(date(2025, 8, 1), Channel.LETTER),),
        calls=(call(date(2025, 8, 4), Outcome.NO_ANSWER),),
    )
    info = current_stage(f, date(2025, 8, 7), CAD)
    assert info.stage == Stage.GENERIC_EMAIL and info.due
    reached = FollowUpFacts(
        debtor_id=1,
        invoices=F.invoices,
        events=f.events,
        calls=(call(date(2025, 8, 4), Outcome.CALL_BACK),),  # someone answered (a dispute would hold)
    )
    skipped = current_stage(reached, date(2025, 8, 7), CAD)
    assert skipped.stage == Stage.FORMAL_NOTICE and skipped.due


def test_two_broken_promises_suggest_a_formal_notice() -> None:
    f = FollowUpFacts(
        debtor_id=1,
        invoices=F.invoices,
        promises=(
            promise(date(2025, 7, 10), "1000.00", made=date(2025, 7, 7), id=1),
            promise(date(2025, 7, 20), "1000.00", made=date(2025, 7, 14), id=2),
        ),
    )
    info = current_stage(f, date(2025, 7, 23), CAD)
    assert info.stage == Stage.FORMAL_NOTICE and info.due
    assert info.reason == "2 promises not kept"
    assert "formal notice" in info.next_step and "8 days" in info.next_step


def test_refusal_suggests_a_formal_notice() -> None:
    f = FollowUpFacts(debtor_id=1, invoices=F.invoices, calls=(call(date(2025, 7, 8), Outcome.REFUSED),))
    assert current_stage(f, date(2025, 7, 9), CAD).stage == Stage.FORMAL_NOTICE


def test_procedure_once_the_notice_deadline_has_passed() -> None:
    f = FollowUpFacts(
        debtor_id=1, invoices=F.invoices, events=(event(date(2025, 8, 10), Channel.FORMAL_NOTICE),)
    )
    waiting = current_stage(f, date(2025, 8, 18), CAD)
    assert waiting.stage == Stage.FORMAL_NOTICE and not waiting.due
    assert waiting.next_date == date(2025, 8, 19)
    passed = current_stage(f, date(2025, 8, 19), CAD, "fr")
    assert passed.stage == Stage.PROCEDURE and passed.due
    assert "dépassé" in passed.reason


def test_consumer_path_and_paid_debtor() -> None:
    consumer = FollowUpFacts(
        debtor_id=1,
        kind=DebtorKind.CONSUMER,
        invoices=F.invoices,
        calls=(call(date(2025, 7, 8), Outcome.REFUSED),),
    )
    info = current_stage(consumer, date(2025, 7, 9), CAD)
    assert info.consumer and "no B2B interest" in info.next_step
    paid = FollowUpFacts(debtor_id=1, invoices=(invoice("F-1", DUE, "1000.00", "1000.00"),))
    nothing = current_stage(paid, date(2025, 8, 1), CAD)
    assert nothing.next_date is None and nothing.stage == Stage.CALLS


def test_old_events_about_paid_invoices_do_not_count() -> None:
    f = FollowUpFacts(
        debtor_id=1,
        invoices=(invoice("OLD", date(2024, 1, 31), "50.00", "50.00", id=2), *F.invoices),
        events=(event(date(2024, 3, 1), Channel.FORMAL_NOTICE, invoices=("OLD",)),),
    )
    assert current_stage(f, date(2025, 7, 10), CAD).stage == Stage.CALLS


def test_a_courtesy_email_before_any_call_does_not_start_the_written_ladder() -> None:
    f = FollowUpFacts(
        debtor_id=1,
        invoices=F.invoices,
        events=(event(date(2025, 7, 3), Channel.EMAIL),),
    )
    info = current_stage(f, date(2025, 7, 20), CAD)
    assert info.stage == Stage.CALLS and not info.due


def test_a_dispute_holds_the_ladder_until_the_client_has_answered() -> None:
    # 30 days late on 30 July: a written reminder is due. The client disputes on the phone on
    # 1 August; the dispute's email gives them 8 days (until 9 August) to send their points.
    f = FollowUpFacts(debtor_id=1, invoices=F.invoices, calls=(call(date(2025, 8, 1), Outcome.DISPUTE),))
    info = current_stage(f, date(2025, 8, 2), CAD)
    assert not info.due and info.next_date == date(2025, 8, 9)
    assert info.stage == Stage.CALLS  # the stage shown stays where the ladder has reached
    assert "held by the dispute until 9 August 2025" in info.reason
    assert current_stage(f, date(2025, 8, 9), CAD).due  # no answer by then: the ladder goes on
