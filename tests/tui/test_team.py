"""Two people of a team, each with the app open on one book (SQLite and the real PostgreSQL server).

Each app has its own database connections and its own caller name, as on two machines.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from tests.conftest import TODAY
from tests.pg import pg_url, postgres_server  # noqa: F401  (fixtures)
from tests.tui.helpers import call_ready, on_screen, queue_loaded, told, wait_for

from dunning_tui.store import tables as t
from dunning_tui.store.database import Database

SIZE = (100, 30)


@dataclass
class Team:
    url: str
    settings: object
    databases: list[Database]

    def app(self, caller: str, clock: object | None = None):
        from dunning_tui.clock import Clock
        from dunning_tui.tui.app import build_app

        database = Database.open(self.url)
        self.databases.append(database)
        settings = self.settings.model_copy(update={"caller": caller, "db": self.url})  # type: ignore[attr-defined]
        return build_app(settings, database, clock=clock or Clock.pinned(TODAY))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def team(request: pytest.FixtureRequest, settings, db_url: str) -> Iterator[Team]:
    from dunning_tui.store.demo import load_demo

    url = db_url if request.param == "sqlite" else request.getfixturevalue("pg_url")
    database = Database.open(url)
    with database.session() as session:
        load_demo(session, debtors=30, seed=7, today=TODAY)
    database.close()
    team = Team(url, settings, [])
    yield team
    for database in team.databases:
        database.close()


def _calls_of(url: str, debtor_id: int) -> int:
    database = Database.open(url)
    try:
        with database.session() as session:
            return int(session.scalar(select(func.count()).where(t.Call.debtor_id == debtor_id)) or 0)
    finally:
        database.close()


def _notes_of(url: str, call_id: int) -> str:
    database = Database.open(url)
    try:
        with database.session() as session:
            return str(session.scalar(select(t.Call.notes).where(t.Call.id == call_id)) or "")
    finally:
        database.close()


def _entry(app, debtor_id: int):
    return next((e for e in app.screen.entries if e.debtor_id == debtor_id), None)


async def test_two_people_pressing_c_on_the_same_debtor_at_once_open_one_call(team: Team) -> None:
    marie, paul = team.app("Marie"), team.app("Paul")
    said = {marie: told(marie), paul: told(paul)}
    async with marie.run_test(size=SIZE) as m, paul.run_test(size=SIZE) as p:
        await wait_for(m, queue_loaded(m))
        await wait_for(p, queue_loaded(p))
        debtor_id = marie.screen.entries[0].debtor_id
        assert paul.screen.entries[0].debtor_id == debtor_id
        before = _calls_of(team.url, debtor_id)  # the demo's past calls
        await asyncio.gather(m.press("c"), p.press("c"))

        def settled() -> bool:
            screens = [type(a.screen).__name__ for a in (marie, paul)]
            ready = [a for a in (marie, paul) if type(a.screen).__name__ == "CallScreen" and a.screen.node]
            return len(ready) == 1 and screens.count("QueueScreen") == 1

        await wait_for(m, settled, timeout=20)
        caller, other = (marie, paul) if type(marie.screen).__name__ == "CallScreen" else (paul, marie)
        name = caller.settings.caller
        assert f"{name} is already on a call with {caller.screen.file.debtor.name} (0 min)." in said[other]
    assert _calls_of(team.url, debtor_id) == before + 1


async def test_a_colleagues_call_and_outcome_reach_my_queue_within_two_seconds(team: Team) -> None:
    marie, paul = team.app("Marie"), team.app("Paul")
    said = told(paul)
    async with marie.run_test(size=SIZE) as m, paul.run_test(size=SIZE) as p:
        await wait_for(m, queue_loaded(m))
        await wait_for(p, queue_loaded(p))
        debtor_id = marie.screen.entries[0].debtor_id
        before = _calls_of(team.url, debtor_id)  # the demo's past calls
        await m.press("c")
        await wait_for(m, call_ready(m), timeout=20)
        started = time.monotonic()
        await wait_for(p, lambda: (e := _entry(paul, debtor_id)) is not None and e.claimed_by == "Marie", 2.0)
        assert time.monotonic() - started <= 2.0
        row = paul.screen.query_one("#queue-table").get_row(str(debtor_id))
        assert [str(cell) for cell in row[3:]] == ["on a call —", "Marie, 0 min"]
        await p.press("c")  # Paul's cursor is on that line: one sentence, and nothing happens
        await p.pause(0.3)
        assert type(paul.screen).__name__ == "QueueScreen"
        assert said[-1].startswith("Marie is already on a call with")

        await m.press(*"pas de réponse", "enter", "escape", "e")
        await wait_for(m, on_screen(m, "OutcomeScreen"))
        await m.press("6")  # no answer
        await m.press("ctrl+s")
        await wait_for(m, on_screen(m, "QueueScreen"), timeout=20)
        saved = time.monotonic()
        await wait_for(p, lambda: (e := _entry(paul, debtor_id)) is None or not e.claimed_by, 2.0)
        assert time.monotonic() - saved <= 2.0
    assert _calls_of(team.url, debtor_id) == before + 1


async def test_a_killed_holder_lets_a_colleague_call_after_the_lapse_and_keeps_its_notes(
    team: Team,
) -> None:
    from dunning_tui.clock import Clock
    from dunning_tui.domain.call_notes import split_notes
    from dunning_tui.store.claims import CLAIM_SECONDS

    base = Clock.pinned(TODAY)
    later = timedelta()
    moved = Clock(lambda: base.now() + later)  # Paul's clock: moved on by hand

    marie = team.app("Marie")
    async with marie.run_test(size=SIZE) as m:
        await wait_for(m, queue_loaded(m))
        debtor_id = marie.screen.entries[0].debtor_id
        await m.press("c")
        await wait_for(m, call_ready(m), timeout=20)
        await m.press(*"dit que le virement part lundi", "enter")
        call_id = marie.screen.call_id
        lines = lambda: split_notes(_notes_of(team.url, call_id))[0]  # noqa: E731
        await wait_for(m, lambda: any("virement part lundi" in line for line in lines()))  # saved
        # Marie's machine dies: its connections close, nobody ends the call or releases the debtor.
        marie.screen._ended = True
        team.databases[-1].close()

    paul = team.app("Paul", moved)
    async with paul.run_test(size=SIZE) as p:
        await wait_for(p, queue_loaded(p))
        assert _entry(paul, debtor_id).claimed_by == "Marie"
        later = timedelta(seconds=CLAIM_SECONDS + 1)
        paul.screen.load()  # Paul's queue, half a minute on
        await wait_for(p, lambda: not _entry(paul, debtor_id).claimed_by)
        paul.screen.query_one("#queue-table").move_cursor(
            row=[e.debtor_id for e in paul.screen.entries].index(debtor_id)
        )
        await p.press("c")
        await wait_for(p, call_ready(p), timeout=20)
        assert paul.screen.file.debtor.id == debtor_id and paul.screen.call_id != call_id

    marie = team.app("Marie")  # Marie starts again: her interrupted call, notes intact
    async with marie.run_test(size=SIZE) as m:
        await wait_for(m, on_screen(m, "ResumeScreen"), timeout=20)
        await m.press("r")
        await wait_for(m, call_ready(m), timeout=20)
        assert marie.screen.call_id == call_id
        assert any("dit que le virement part lundi" in line for line in marie.screen.lines)


async def test_an_app_killed_mid_call_and_started_again_at_once_offers_the_call_once_its_claim_is_silent(
    team: Team,
) -> None:
    """Started again while the killed app's claim still looks renewed, the queue comes first (the
    call might go on in another terminal); once the claim is silent, the call is offered."""
    from sqlalchemy import update

    from dunning_tui.clock import Clock
    from dunning_tui.tui.app import DunningApp

    base = Clock.pinned(TODAY)
    later = timedelta()
    moved = Clock(lambda: base.now() + later)

    marie = team.app("Marie", moved)
    async with marie.run_test(size=SIZE) as m:
        await wait_for(m, queue_loaded(m))
        await m.press("c")
        await wait_for(m, call_ready(m), timeout=20)
        call_id = marie.screen.call_id
        marie.screen._ended = True  # killed: the call is neither ended nor released
        team.databases[-1].close()
    database = Database.open(team.url)
    with database.session() as session:  # renewed a moment before the app was killed
        session.execute(update(t.Claim).values(renewed_at=moved.now()))
    database.close()

    marie = team.app("Marie", moved)
    marie.RESUME_LOOK_AGAIN = 0.5
    async with marie.run_test(size=SIZE) as m:
        await wait_for(m, queue_loaded(m))
        await asyncio.sleep(1.5)  # the start's look at interrupted calls is done
        assert on_screen(m, "QueueScreen")()  # still renewed: maybe another terminal of hers
        later = timedelta(minutes=1)  # the claim has been silent since
        await wait_for(m, on_screen(m, "ResumeScreen"), timeout=20)
        await m.press("r")
        await wait_for(m, call_ready(m), timeout=20)
        assert marie.screen.call_id == call_id
    assert DunningApp.RESUME_LOOK_AGAIN is None


async def test_f_cycles_through_my_debtors_and_the_unassigned_ones(settings, demo_db) -> None:
    from sqlalchemy import update

    from dunning_tui.clock import Clock
    from dunning_tui.tui.app import build_app

    app = build_app(settings.model_copy(update={"caller": "Marie"}), demo_db, clock=Clock.pinned(TODAY))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        everyone = {e.debtor_id for e in app.screen.entries}
        ids = [e.debtor_id for e in app.screen.entries[:3]]
        with demo_db.session() as session:  # an import gave three of them an owner
            for debtor_id, owner in zip(ids, ("Marie", "Paul", "Marie"), strict=True):
                session.execute(update(t.Debtor).where(t.Debtor.id == debtor_id).values(owner=owner))
        mine = {ids[0], ids[2]}
        await pilot.press("f", "f", "f")  # due today, broken promises, then mine
        await wait_for(pilot, lambda: {e.debtor_id for e in app.screen.entries} == mine)
        assert "Mine" in str(app.screen.query_one("#queue-title").render())
        await pilot.press("f")  # unassigned
        await wait_for(pilot, lambda: {e.debtor_id for e in app.screen.entries} == everyone - set(ids))
        await pilot.press("f")  # back to everyone's
        await wait_for(pilot, lambda: {e.debtor_id for e in app.screen.entries} == everyone)


async def test_the_next_debtor_after_a_call_skips_one_a_colleague_is_calling(settings, demo_db) -> None:
    from dunning_tui.clock import Clock
    from dunning_tui.store.claims import claim
    from dunning_tui.tui.app import build_app

    clock = Clock.pinned(TODAY)
    app = build_app(settings.model_copy(update={"caller": "Marie"}), demo_db, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        queue = app.screen
        called, taken, free = (e.debtor_id for e in queue.entries[:3])
        with demo_db.session(write=True) as session:  # Paul is on the phone with the next one
            claim(session, taken, "Paul", "paul", clock.now())
        app.session_totals.called.add(called)  # as a saved outcome leaves them
        app.last_called = called
        queue.load()
        await wait_for(pilot, lambda: app.last_called is None)
        landed = queue.entries[queue.query_one("#queue-table").cursor_row]
        assert (landed.debtor_id, _entry(app, taken).claimed_by) == (free, "Paul")


def _paul_watching(settings, demo_db, method: str):
    """Paul's app, the sentences it tells, and the screens its ``method`` (``push_screen`` or
    ``switch_screen``) is asked to bring up."""
    from dunning_tui.clock import Clock
    from dunning_tui.tui.app import build_app

    clock = Clock.pinned(TODAY)
    app = build_app(settings.model_copy(update={"caller": "Paul"}), demo_db, clock=clock)
    brought: list[str] = []
    real = getattr(app, method)

    def spy(screen, *args, **kwargs):
        brought.append(type(screen).__name__)
        return real(screen, *args, **kwargs)

    setattr(app, method, spy)
    return app, clock, told(app), brought


async def test_c_in_the_file_of_a_debtor_a_colleague_is_calling_stays_on_the_file(settings, demo_db) -> None:
    from dunning_tui.store.claims import claim

    app, clock, said, switched = _paul_watching(settings, demo_db, "switch_screen")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        debtor_id = app.screen.entries[0].debtor_id
        name = app.screen.entries[0].name
        await pilot.press("enter")  # Paul reads the file while Marie dials
        await wait_for(
            pilot, lambda: type(app.screen).__name__ == "DebtorScreen" and app.screen.file is not None
        )
        with demo_db.session(write=True) as session:
            claim(session, debtor_id, "Marie", "marie", clock.now())
        calls_before = len(app.screen.file.calls)
        await pilot.press("c")
        sentence = f"Marie is already on a call with {name} (0 min)."
        await wait_for(pilot, lambda: sentence in said)
        await pilot.pause()
        assert type(app.screen).__name__ == "DebtorScreen" and switched == []
        with demo_db.session() as session:
            count = session.scalar(select(func.count()).where(t.Call.debtor_id == debtor_id))
        assert count == calls_before


async def test_c_in_the_queue_on_a_debtor_a_colleague_took_since_is_one_sentence_and_no_call_screen(
    settings, demo_db
) -> None:
    """The queue still shows the debtor free: the claim refused is told, and no screen comes up."""
    from dunning_tui.store.claims import claim

    app, clock, said, pushed = _paul_watching(settings, demo_db, "push_screen")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        entry = app.screen.entries[0]
        with demo_db.session(write=True) as session:
            claim(session, entry.debtor_id, "Marie", "marie", clock.now())
        assert not entry.claimed_by  # the queue has not seen it yet
        with demo_db.session() as session:
            calls_before = session.scalar(select(func.count()).where(t.Call.debtor_id == entry.debtor_id))
        pushed.clear()
        await pilot.press("c", "down")  # the next key waits for the answer, then moves the cursor
        sentence = f"Marie is already on a call with {entry.name} (0 min)."
        await wait_for(pilot, lambda: sentence in said)
        await wait_for(pilot, lambda: app.screen.query_one("#queue-table").cursor_row == 1)
        assert type(app.screen).__name__ == "QueueScreen" and pushed == []
        with demo_db.session() as session:
            count = session.scalar(select(func.count()).where(t.Call.debtor_id == entry.debtor_id))
        assert count == calls_before
