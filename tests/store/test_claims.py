"""Calling as a team on one book: claims, their lapse, the migration lock and a shared call block.

Every test runs on SQLite and on the real PostgreSQL server of tests/pg.py. Each "app" is a
Database of its own (its own engine and connections), as two people's machines would have.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from dunning_tui.domain.enums import Outcome
from dunning_tui.domain.outcome import Objective, OutcomeInput
from dunning_tui.store import tables as t
from dunning_tui.store.calls import open_calls, save_draft, save_outcome, start_claimed_call
from dunning_tui.store.changes import ChangeWatcher, announce
from dunning_tui.store.claims import (
    CLAIM_SECONDS,
    SILENT_SECONDS,
    DebtorClaimed,
    claim,
    holders,
    release,
    renew,
)
from dunning_tui.store.database import SCHEMA_REVISIONS, Database
from tests.conftest import TODAY
from tests.pg import pg_url, postgres_server  # noqa: F401  (fixtures)
from tests.store.rows import add_debtor, add_invoice, at

T0 = at(TODAY, 14, 5)
OBJECTIVE = Objective(latest_date=TODAY + timedelta(days=7))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def book_url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'team.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


def _book(url: str, debtors: int) -> list[int]:
    database = Database.open(url)
    try:
        with database.session() as session:
            ids = [add_debtor(session, f"Client {i:03d}") for i in range(debtors)]
            for i, debtor_id in enumerate(ids):
                add_invoice(session, debtor_id, f"F-{i:03d}", "1200.00", TODAY - timedelta(days=20))
    finally:
        database.close()
    return ids


@pytest.fixture
def two_apps(book_url: str) -> Iterator[tuple[Database, Database, list[int]]]:
    ids = _book(book_url, 50)
    marie, paul = Database.open(book_url), Database.open(book_url)
    yield marie, paul, ids
    marie.close()
    paul.close()


def _calls_of(database: Database, debtor_id: int) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).where(t.Call.debtor_id == debtor_id)) or 0)


def at_once(*presses: Callable[[], object]) -> list[object]:
    """Run each press in a thread of its own, released at the same instant; their results or errors."""
    barrier = threading.Barrier(len(presses))
    results: list[object] = [None] * len(presses)

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = presses[index]()
        except DebtorClaimed as refused:
            results[index] = refused

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(presses))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _start(database: Database, debtor_id: int, name: str) -> Callable[[], int]:
    """``c`` pressed in ``name``'s app: the service the call screen asks to start the call."""
    from dunning_tui.clock import Clock
    from dunning_tui.services import Services
    from dunning_tui.settings import Settings

    services = Services(database, Settings(caller=name, db=database.url), Clock.pinned(TODAY))
    return lambda: services.start_call(debtor_id, OBJECTIVE, None, "")


def test_two_people_calling_the_same_debtor_at_once_open_one_call(two_apps) -> None:
    marie, paul, ids = two_apps
    for round_, debtor_id in enumerate(ids):  # 50 rounds, both at the same instant each time
        results = at_once(_start(marie, debtor_id, "Marie"), _start(paul, debtor_id, "Paul"))
        opened = [
            name for name, result in zip(("Marie", "Paul"), results, strict=True) if isinstance(result, int)
        ]
        assert len(opened) == 1, f"round {round_}: {results}"
        [refused] = [result for result in results if isinstance(result, DebtorClaimed)]
        assert refused.message == f"{opened[0]} is already on a call with Client {round_:03d} (0 min)."
        assert _calls_of(marie, debtor_id) == 1


def test_a_claim_lapses_thirty_seconds_after_its_last_renewal(two_apps) -> None:
    marie, paul, ids = two_apps
    debtor = ids[0]
    with marie.session(write=True) as s:
        assert claim(s, debtor, "Marie", "m", T0).token == "m"
    with marie.session(write=True) as s:
        assert renew(s, debtor, "m", T0 + timedelta(seconds=20))
    with paul.session(write=True) as s:  # 29 s after the renewal: still Marie's
        assert claim(s, debtor, "Paul", "p", T0 + timedelta(seconds=49)).caller == "Marie"
    with paul.session() as s:
        assert holders(s, ids[:2], T0 + timedelta(seconds=49))[debtor].claimed_at == T0
        assert holders(s, ids[:2], T0 + timedelta(seconds=20 + CLAIM_SECONDS)) == {}
    with paul.session(write=True) as s:
        assert claim(s, debtor, "Paul", "p", T0 + timedelta(seconds=51)).token == "p"
    with marie.session(write=True) as s:  # too late: Marie's claim was taken over
        assert not renew(s, debtor, "m", T0 + timedelta(seconds=52))
        assert not release(s, debtor, "m")
    with paul.session(write=True) as s:
        assert release(s, debtor, "p")
    with marie.session(write=True) as s:
        assert claim(s, debtor, "Marie", "m", T0 + timedelta(seconds=53)).token == "m"


def test_a_killed_holder_lets_the_other_call_after_the_lapse_and_keeps_its_notes(book_url: str) -> None:
    debtor = _book(book_url, 1)[0]
    marie, paul = Database.open(book_url), Database.open(book_url)
    try:
        with marie.session(write=True) as s:
            call_id = start_claimed_call(s, debtor, OBJECTIVE, T0, caller="Marie", token="m1")
        with marie.session() as s:
            save_draft(s, call_id, "00:12 says the invoice never arrived", "[]")
        marie.close()  # the machine dies: its connections go, the call stays open, nobody releases

        refused = "Marie is already on a call with Client 000 \\(0 min\\)"
        with pytest.raises(DebtorClaimed, match=refused), paul.session(write=True) as s:
            start_claimed_call(s, debtor, OBJECTIVE, T0 + timedelta(seconds=29), caller="Paul", token="p")
        later = T0 + timedelta(seconds=CLAIM_SECONDS + 1)
        with paul.session(write=True) as s:
            paul_call = start_claimed_call(s, debtor, OBJECTIVE, later, caller="Paul", token="p")
        with paul.session() as s:
            assert open_calls(s, "Paul")[0].call_id == paul_call  # a colleague's call is not ours
        with paul.session(write=True) as s:
            save_outcome(s, paul_call, OutcomeInput(kind=Outcome.NO_ANSWER), "", "[]", later)
            assert release(s, debtor, "p")

        marie = Database.open(book_url)  # Marie restarts: her interrupted call, notes intact
        with marie.session() as s:
            [resumed] = open_calls(s, "Marie")
        assert (resumed.call_id, resumed.notes) == (call_id, "00:12 says the invoice never arrived")
        with marie.session(write=True) as s:
            assert claim(s, debtor, "Marie", "m2", later + timedelta(minutes=1)).token == "m2"
    finally:
        marie.close()
        paul.close()


def test_two_apps_starting_at_once_migrate_once(book_url: str) -> None:
    barrier = threading.Barrier(3)
    opened: list[Database] = []
    errors: list[BaseException] = []

    def start() -> None:
        barrier.wait()
        try:
            opened.append(Database.open(book_url))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        assert [d.current_revision() for d in opened] == [SCHEMA_REVISIONS[-1]] * 3
    finally:
        for database in opened:
            database.close()


def test_a_change_reaches_the_other_app(two_apps) -> None:
    marie, paul, _ids = two_apps
    watcher = ChangeWatcher(paul)
    try:
        assert not watcher.wait(0.3)  # nothing yet (the first wait starts listening)
        with marie.session(write=True) as s:
            announce(s)
        assert watcher.wait(1.0)
        assert not watcher.wait(0.3)
    finally:
        watcher.close()


def test_a_call_is_interrupted_once_its_app_stops_renewing_and_its_caller_takes_it_back(two_apps) -> None:
    marie, paul, ids = two_apps
    debtor = ids[0]
    with marie.session(write=True) as s:
        call_id = start_claimed_call(s, debtor, OBJECTIVE, T0, caller="Marie", token="m1")
    with marie.session() as s:  # Marie's other terminal: the call goes on, nothing to resume
        assert open_calls(s, "Marie", T0 + timedelta(seconds=SILENT_SECONDS - 1)) == []
    later = T0 + timedelta(seconds=SILENT_SECONDS + 1)  # her first app went silent
    with marie.session() as s:
        assert [c.call_id for c in open_calls(s, "Marie", later)] == [call_id]
    with paul.session(write=True) as s:  # not Paul's to take before the lapse
        assert claim(s, debtor, "Paul", "p", later, resuming=True).token == "m1"
    with marie.session(write=True) as s:
        assert claim(s, debtor, "Marie", "m2", later, resuming=True).token == "m2"
