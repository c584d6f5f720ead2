"""Three people run their call blocks over one book of 200 debtors at the same time, in three processes.

No debtor is called twice, no "database is locked" (or any other error), no note lost; on SQLite
and on the real PostgreSQL server of tests/pg.py.
"""

from __future__ import annotations

import multiprocessing
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from dunning_tui.domain.enums import Outcome
from dunning_tui.domain.outcome import Objective, OutcomeInput
from dunning_tui.store import tables as t
from dunning_tui.store.calls import save_draft, save_outcome, start_claimed_call
from dunning_tui.store.changes import announce
from dunning_tui.store.claims import DebtorClaimed, release
from dunning_tui.store.database import Database
from dunning_tui.store.followup import refresh
from tests.conftest import TODAY
from tests.pg import pg_url, postgres_server  # noqa: F401  (fixtures)
from tests.store.rows import CADENCE, add_debtor, add_invoice, at

DEBTORS = 200
CALLERS = ("Marie", "Paul", "Inès")
T0 = at(TODAY, 14, 5)


class AlreadyCalled(Exception):
    """A colleague called this debtor earlier in the block (the queue would not offer it again)."""


def call_block(url: str, caller: str, ids: list[int], results: Any) -> None:
    """One person's block: every debtor not yet called, in queue order; a claimed one is skipped."""
    called: list[tuple[int, int]] = []
    try:
        database = Database.open(url)
        objective = Objective(latest_date=TODAY + timedelta(days=7))
        for debtor_id in ids:
            with database.session() as session:  # the queue as this app last read it
                if session.scalar(select(func.count()).where(t.Call.debtor_id == debtor_id)):
                    continue
            try:
                with database.session(write=True) as session:
                    call_id = start_claimed_call(
                        session, debtor_id, objective, T0, caller=caller, token=caller
                    )
                    # Checked again under the claim: a colleague may have finished with them meanwhile.
                    before = select(func.count()).where(t.Call.debtor_id == debtor_id, t.Call.id != call_id)
                    if session.scalar(before):
                        raise AlreadyCalled
            except (DebtorClaimed, AlreadyCalled):
                continue
            notes = f"00:05 {caller} spoke to debtor {debtor_id}"
            with database.session(write=True) as session:
                save_draft(session, call_id, notes, "[]")
            with database.session(write=True) as session:
                save_outcome(session, call_id, OutcomeInput(kind=Outcome.NO_ANSWER), notes, "[]", T0)
                release(session, debtor_id, caller)
                announce(session)
            with database.session(write=True) as session:
                refresh(session, TODAY, CADENCE, [debtor_id], now=T0)
            called.append((debtor_id, call_id))
        database.close()
    except BaseException as exc:
        import traceback

        results.put((caller, f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
        return
    results.put((caller, called))


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_three_call_blocks_in_parallel_call_each_debtor_once(backend: str, request, tmp_path) -> None:
    url = (
        f"sqlite:///{tmp_path / 'team.sqlite3'}" if backend == "sqlite" else request.getfixturevalue("pg_url")
    )
    database = Database.open(url)
    with database.session() as session:
        ids = [add_debtor(session, f"Client {i:03d}") for i in range(DEBTORS)]
        for i, debtor_id in enumerate(ids):
            add_invoice(session, debtor_id, f"F-{i:03d}", "500.00", TODAY - timedelta(days=20))
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    processes = [
        # Everyone starts at the top of the same queue, as a team does on Monday morning.
        context.Process(target=call_block, args=(url, caller, ids, results))
        for caller in CALLERS
    ]
    for process in processes:
        process.start()
    outcomes = dict(results.get(timeout=120) for _ in processes)
    for process in processes:
        process.join(timeout=30)
    errors = {caller: got for caller, got in outcomes.items() if isinstance(got, str)}
    assert errors == {}

    called = [debtor for got in outcomes.values() for debtor, _call in got]
    assert sorted(called) == sorted(ids), "every debtor called, none twice"
    with database.session() as session:
        stored = dict(
            session.execute(select(t.Call.id, t.Call.notes).where(t.Call.outcome.is_not(None))).all()
        )
        callers = dict(session.execute(select(t.Call.id, t.Call.caller)).all())
        claims_left = session.scalar(select(func.count()).select_from(t.Claim))
    database.close()
    assert len(stored) == DEBTORS
    for caller, got in outcomes.items():
        for debtor_id, call_id in got:
            assert stored[call_id] == f"00:05 {caller} spoke to debtor {debtor_id}"
            assert callers[call_id] == caller
    assert claims_left == 0
