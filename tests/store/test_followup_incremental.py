"""The day's follow-up plans only the debtors the calendar or a write moved, and gives what planning
the whole book gives."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from dunning_tui.domain.enums import Outcome
from dunning_tui.domain.outcome import DisputedInvoice, OutcomeInput
from dunning_tui.store import followup
from dunning_tui.store import tables as t
from dunning_tui.store.database import Database
from dunning_tui.store.demo import load_demo
from dunning_tui.store.followup import active_debtor_ids, refresh, refresh_if_due, stages
from dunning_tui.store.payments import add_payment
from dunning_tui.store.queue import load_queue
from tests.conftest import TODAY
from tests.store.rows import CADENCE, add_invoice, at, call


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo book with months of calls, promises and letters, its follow-up planned for TODAY."""
    path = tmp_path_factory.mktemp("book") / "book.sqlite3"
    database = Database.open(f"sqlite:///{path}")
    with database.session() as session:
        load_demo(session, debtors=30, seed=7, today=TODAY, history=True)
    with database.session(write=True) as session:
        refresh_if_due(session, TODAY, CADENCE)
    database.close()
    return path


def _copy(book: Path, folder: Path, name: str) -> Database:
    target = folder / name
    for leftover in folder.glob(name + "*"):
        leftover.unlink()
    shutil.copy(book, target)
    return Database.open(f"sqlite:///{target}")


# Writes as another program (or the tool without its follow-up) makes them: only the triggers know.
def _write(session, kind: str, n: int, day: date, tag: int) -> None:
    invoices = list(session.execute(select(t.Invoice.number, t.Invoice.debtor_id).order_by(t.Invoice.id)))
    number, debtor = invoices[n % len(invoices)]
    if kind == "payment":
        owed = session.scalar(
            select(t.Invoice.total_cents - t.Invoice.paid_cents).where(t.Invoice.number == number)
        )
        if owed and owed > 0:
            add_payment(session, number, Decimal(max(1, owed // (1 + n % 2))).scaleb(-2), day)
    elif kind == "promise":
        outcome = OutcomeInput(
            Outcome.PROMISE,
            promised_date=day + timedelta(days=n % 9),
            amount=Decimal("100.00"),
            method="transfer",
        )
        call(session, debtor, outcome, at(day, 11))
    elif kind == "no answer":
        call(session, debtor, OutcomeInput(Outcome.NO_ANSWER), at(day, 15))
    elif kind == "refused":
        call(session, debtor, OutcomeInput(Outcome.REFUSED), at(day, 16))
    elif kind == "dispute":
        # Part of one invoice disputed, the client's documents due some days later.
        invoice_id, owed = session.execute(
            select(t.Invoice.id, t.Invoice.total_cents - t.Invoice.paid_cents).where(
                t.Invoice.number == number
            )
        ).one()
        part = Decimal(max(1, owed // (2 + n % 3))).scaleb(-2)
        outcome = OutcomeInput(
            Outcome.DISPUTE,
            dispute_reason="incomplete delivery",
            invoice_ids=(invoice_id,),
            disputed=(DisputedInvoice(invoice_id, part),),
            documents_due=day + timedelta(days=n % 15),
        )
        call(session, debtor, outcome, at(day, 14))
    elif kind == "disputed amount":
        # The disputed amount of a disputed invoice alone changes (whole when n is even): only the
        # triggers know.
        session.execute(
            text(
                "UPDATE invoices SET disputed_cents = :c WHERE id = (SELECT id FROM invoices "
                "WHERE status = 'disputed' ORDER BY id LIMIT 1 OFFSET :k)"
            ),
            {"c": None if n % 2 == 0 else 100 * (n % 700), "k": n % 3},
        )
    elif kind == "pause":
        session.execute(
            text("UPDATE debtors SET pause_until = :d WHERE id = :id"),
            {"d": (day + timedelta(days=n % 12)).isoformat(), "id": debtor},
        )
    elif kind == "new invoice":
        add_invoice(session, debtor, f"N-{tag}", "640.00", day + timedelta(days=n % 5 - 2))
    elif kind == "letter":
        session.add(t.ContactEvent(debtor_id=debtor, occurred_at=at(day, 9), channel="letter", summary=""))
        session.flush()
    elif kind == "action later":
        session.execute(
            text(
                "UPDATE next_actions SET due_date = :d WHERE id = "
                "(SELECT min(id) FROM next_actions WHERE debtor_id = :id AND done_at IS NULL)"
            ),
            {"d": (day + timedelta(days=3)).isoformat(), "id": debtor},
        )


def _outcome(database: Database, day: date) -> object:
    """Every next action, every promise's status, the stage of each debtor with something to follow
    and the queue of ``day``."""
    with database.session() as session:
        actions = session.execute(
            text(
                "SELECT debtor_id, kind, due_date, due_time, reason, done_at FROM next_actions "
                "ORDER BY debtor_id, kind, due_date, reason, done_at"
            )
        ).all()
        promises = session.execute(text("SELECT id, status FROM promises ORDER BY id")).all()
        followed = set(active_debtor_ids(session))
        plans = [
            (debtor, stage)
            for debtor, stage in session.execute(select(t.FollowupPlan.debtor_id, t.FollowupPlan.stage))
            if debtor in followed
        ]
        queue = load_queue(session, day)
        return actions, promises, plans, queue


def _plan_whole_book(database: Database, day: date) -> None:
    with database.session(write=True) as session:
        refresh(session, day, CADENCE)


def _plan_what_moved(database: Database, day: date) -> None:
    with database.session(write=True) as session:
        refresh_if_due(session, day, CADENCE)


WRITE = st.tuples(
    st.just("write"),
    st.sampled_from(
        [
            "payment",
            "promise",
            "no answer",
            "refused",
            "dispute",
            "disputed amount",
            "pause",
            "new invoice",
            "letter",
            "action later",
        ]
    ),
    st.integers(0, 400),
)
DAYS = st.tuples(st.just("days"), st.integers(1, 12))


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)
@given(st.lists(st.one_of(WRITE, DAYS, DAYS), min_size=1, max_size=10))
@example([("write", "dispute", 7), ("write", "disputed amount", 1), ("days", 1)])
def test_planning_what_moved_gives_what_planning_the_whole_book_gives(book, tmp_path, steps) -> None:
    """Over days and writes, the follow-up of the debtors moved leaves the same next actions, promise
    statuses, stages and queue as planning every debtor each day."""
    incremental, whole = _copy(book, tmp_path, "incremental.sqlite3"), _copy(book, tmp_path, "whole.sqlite3")
    try:
        day = TODAY
        for tag, step in enumerate([*steps, ("days", 1)]):
            if step[0] == "days":
                day += timedelta(days=step[1])
                _plan_what_moved(incremental, day)
                _plan_whole_book(whole, day)
                assert _outcome(incremental, day) == _outcome(whole, day)
            else:
                for database in (incremental, whole):
                    with database.session(write=True) as session:
                        _write(session, step[1], step[2], day, tag)
        # Every debtor with something to follow keeps a plan, and its stage is the one its facts give.
        with incremental.session() as session:
            kept = dict(session.execute(select(t.FollowupPlan.debtor_id, t.FollowupPlan.stage)).all())
            assert set(active_debtor_ids(session)) <= set(kept)
            live = stages(session, sorted(kept), day, CADENCE)
            assert kept == {debtor: info.stage.value for debtor, info in live.items()}
    finally:
        incremental.close()
        whole.close()


def test_a_new_day_plans_only_the_debtors_the_calendar_moved(book, tmp_path, monkeypatch) -> None:
    database = _copy(book, tmp_path, "day.sqlite3")
    try:
        with database.session() as session:
            due = dict(session.execute(select(t.FollowupPlan.debtor_id, t.FollowupPlan.replan_on)).all())
        day = min(d for d in due.values() if d is not None)
        moved = {debtor for debtor, d in due.items() if d is not None and d <= day}
        still = set(due) - moved
        assert day > TODAY and moved and still, "the book has debtors moved on that day and others not"
        read: list[int] = []
        real = followup.load_facts
        monkeypatch.setattr(followup, "load_facts", lambda s, ids: read.extend(ids) or real(s, ids))
        with database.session(write=True) as session:
            assert refresh_if_due(session, day, CADENCE)
        assert set(read) == moved  # the facts of the others were not even read
        with database.session() as session:
            after = dict(session.execute(select(t.FollowupPlan.debtor_id, t.FollowupPlan.replan_on)).all())
        assert {debtor: after[debtor] for debtor in still} == {debtor: due[debtor] for debtor in still}
        assert all(after.get(debtor) is None or after[debtor] > day for debtor in moved)
    finally:
        database.close()


def test_a_write_without_its_follow_up_is_planned_on_the_next_day(book, tmp_path) -> None:
    """A debtor the calendar does not move, written to by a program that does not plan its
    follow-up: the next day's pass plans it all the same."""
    database = _copy(book, tmp_path, "write.sqlite3")
    tomorrow = TODAY + timedelta(days=1)
    try:
        with database.session() as session:
            # Not held back by a promise, a pause or a dispute: a refusal makes the formal notice due.
            held = (
                select(t.Promise.debtor_id)
                .where(t.Promise.status == "pending")
                .union(
                    select(t.Debtor.id).where(t.Debtor.pause_until.is_not(None)),
                    select(t.Call.debtor_id).where(t.Call.outcome == "dispute"),
                )
            )
            debtor = session.scalar(
                select(t.FollowupPlan.debtor_id).where(
                    t.FollowupPlan.stage == "calls",
                    t.FollowupPlan.replan_on > tomorrow,
                    t.FollowupPlan.debtor_id.not_in(held),
                )
            )
        assert debtor is not None
        with database.session(write=True) as session:
            # A refusal to pay, saved without the follow-up: the formal notice becomes due.
            call(session, debtor, OutcomeInput(Outcome.REFUSED), at(TODAY, 8))
        with database.session(write=True) as session:
            assert not refresh_if_due(session, TODAY, CADENCE)  # the day's pass has run already
            assert refresh_if_due(session, tomorrow, CADENCE)
        with database.session() as session:
            stage = session.scalar(select(t.FollowupPlan.stage).where(t.FollowupPlan.debtor_id == debtor))
            assert (
                stage == stages(session, [debtor], tomorrow, CADENCE)[debtor].stage.value == "formal_notice"
            )
            assert session.scalar(select(t.FollowupDirty.debtor_id)) is None
    finally:
        database.close()


def test_nothing_changes_before_the_day_kept_for_each_debtor(book) -> None:
    """Day by day up to its ``replan_on`` (or two months), planning a debtor's facts changes nothing
    and its stage stays the one kept; on that day something may change."""
    from dunning_tui.domain.cadence import plan_next_actions
    from dunning_tui.domain.escalation import current_stage
    from dunning_tui.domain.promises import evaluate_promises

    database = Database.open(f"sqlite:///{book}")
    try:
        with database.session() as session:
            kept = {row[0]: row[1:] for row in session.execute(select(t.FollowupPlan.__table__))}
            facts = followup.load_facts(session, sorted(kept))
    finally:
        database.close()
    assert len(facts) == len(kept) > 20
    checked = 0
    for debtor, (stage, replan_on) in kept.items():
        day = TODAY + timedelta(days=1)
        while day < (replan_on or TODAY + timedelta(days=60)):
            plan = plan_next_actions(facts[debtor], day, CADENCE)
            assert (plan.create, plan.moot, plan.reword) == ((), (), ()), (debtor, day)
            results = evaluate_promises(facts[debtor].promises, facts[debtor].payments, day, 0)
            assert [r.status for r in results] == [p.status for p in facts[debtor].promises]
            assert current_stage(facts[debtor], day, CADENCE).stage.value == stage
            day += timedelta(days=1)
            checked += 1
    assert checked > 100
