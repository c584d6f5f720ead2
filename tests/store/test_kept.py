"""The figures kept as the data is written equal the same figures computed from scratch, after any
mix of writes through the app's own write paths (``store/kept.py``)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from dunning_tui.domain.enums import Outcome
from dunning_tui.domain.outcome import Instalment, Objective, OutcomeInput
from dunning_tui.errors import UserError
from dunning_tui.importers.run import import_paths
from dunning_tui.store import tables as t
from dunning_tui.store.calls import save_outcome, start_call
from dunning_tui.store.database import Database
from dunning_tui.store.demo import load_demo
from dunning_tui.store.erase import erase_debtor
from dunning_tui.store.followup import refresh
from dunning_tui.store.kept import (
    INVOICE_DAYS,
    PAYMENT_SUMS,
    count_promises,
    fill,
    invoice_days_sql,
    link_payments,
    payment_sums_sql,
    settle_invoices,
    step_days_sql,
)
from dunning_tui.store.payments import record_payment
from dunning_tui.store.queue_cache import UNPAID_SQL
from dunning_tui.store.report import _steps_of_calls, _steps_of_days, branch_counts
from tests.conftest import TODAY
from tests.pg import pg_url, postgres_server  # noqa: F401  (fixtures)
from tests.store.rows import CADENCE

NODES = ("opening", "invoice", "cash_flow", "promise", "plan", "voicemail")


def _kept(session: Session) -> dict[str, list[Any]]:
    def rows(sql: str) -> list[Any]:
        return sorted(tuple(r) for r in session.execute(text(sql)))

    return {
        "settled_on": rows("SELECT id, settled_on FROM invoices"),
        "last_call_at": rows("SELECT id, last_call_at FROM payments"),
        "promises": rows("SELECT id, promise_count, promise_resolved, promise_kept, promise_last FROM calls"),
        "step_days": rows(
            "SELECT day, script_name, node, next_node, state, calls FROM call_step_days WHERE calls <> 0"
        ),
        "invoice_days": rows(
            "SELECT currency, issue_date, due_date, invoiced_cents, unpaid_cents FROM invoice_days "
            "WHERE invoiced_cents <> 0 OR unpaid_cents <> 0"
        ),
        "paid_months": rows(
            "SELECT currency, issue_date, due_date, month, paid_cents FROM paid_months WHERE paid_cents <> 0"
        ),
        "received_days": rows(
            "SELECT currency, paid_on, paid_cents FROM received_days WHERE paid_cents <> 0"
        ),
    }


def _from_scratch(session: Session) -> dict[str, list[Any]]:
    """The same figures recomputed over the whole book by the upgrade's own statements, then put
    back as they were."""
    dialect = session.get_bind().dialect.name
    savepoint = session.begin_nested()
    session.execute(text(settle_invoices("true")))
    session.execute(text(link_payments("true", dialect)))
    session.execute(text(count_promises("true")))
    session.execute(text("DELETE FROM call_step_days"))
    session.execute(
        text(
            "INSERT INTO call_step_days (day, script_name, node, next_node, state, calls) "
            + step_days_sql(dialect)
        )
    )
    session.execute(text("DELETE FROM invoice_days"))
    session.execute(text(fill(INVOICE_DAYS, invoice_days_sql())))
    for sums in PAYMENT_SUMS:
        session.execute(text(f"DELETE FROM {sums.table}"))
        session.execute(text(fill(sums, payment_sums_sql(sums, dialect))))
    found = _kept(session)
    savepoint.rollback()
    return found


def _assert_kept(session: Session) -> dict[str, list[Any]]:
    kept = _kept(session)
    assert kept == _from_scratch(session)
    return kept


def _path(choice: int) -> str:
    nodes = [NODES[0], *(NODES[1 + (choice >> k) % 5] for k in range(choice % 3))]
    return json.dumps([[node, n * 10] for n, node in enumerate(nodes)])


def _outcome(kind: int, day: date, cents: int) -> OutcomeInput:
    amount = Decimal(cents) / 100
    if kind == 0:
        return OutcomeInput(Outcome.PROMISE, promised_date=day, amount=amount, method="transfer")
    if kind == 1:
        plan = (Instalment(day, amount), Instalment(day + timedelta(days=30), amount))
        return OutcomeInput(Outcome.PAYMENT_PLAN, instalments=plan)
    return OutcomeInput(Outcome.NO_ANSWER)


def _debtor(session: Session, n: int) -> int | None:
    ids = session.scalars(select(t.Debtor.id).order_by(t.Debtor.id)).all()
    return ids[n % len(ids)] if ids else None


def _write(db: Database, step: tuple[Any, ...], folder: Path) -> None:
    kind, n, a, b = step
    day = TODAY + timedelta(days=b)
    with db.session() as s:
        debtor = _debtor(s, n)
        if debtor is None:
            return
        try:
            if kind == "pay":  # part of what is left, or all of it
                left = s.scalar(
                    select(func.sum(t.Invoice.total_cents - t.Invoice.paid_cents)).where(
                        t.Invoice.debtor_id == debtor, text(UNPAID_SQL)
                    )
                )
                record_payment(s, debtor, Decimal(min(a, left or 1)) / 100, day)
            elif kind == "call":
                when = datetime.combine(day, time(10 + a % 8), UTC)
                call_id = start_call(
                    s, debtor, Objective(day + timedelta(days=7)), when, script_name=f"s{a % 2}"
                )
                save_outcome(
                    s, call_id, _outcome(a % 3, day + timedelta(days=a % 20), 1000 + a), "", _path(a), when
                )
            elif kind == "day":
                refresh(s, day, CADENCE)
            elif kind == "erase":
                erase_debtor(s, debtor, datetime.combine(day, time(9), UTC))
            elif kind == "delete":
                s.execute(text("DELETE FROM debtors WHERE id = :id"), {"id": debtor})
            elif kind == "uncall":  # by another program: the debtor's latest call goes
                latest = select(func.max(t.Call.id)).where(t.Call.debtor_id == debtor).scalar_subquery()
                s.execute(delete(t.Call).where(t.Call.id == latest))
        except UserError:
            s.rollback()
    if kind == "import":
        with db.session() as s:
            found = s.execute(
                select(t.Invoice.number, t.Invoice.total_cents - t.Invoice.paid_cents)
                .where(t.Invoice.status == "open", t.Invoice.paid_cents < t.Invoice.total_cents)
                .order_by(t.Invoice.id)
            ).all()
        if not found:
            return
        number, left = found[n % len(found)]
        cents = min(left, 100 + a)
        path = folder / f"payments-{n}-{a}-{b}.csv"
        path.write_text(f"invoice_number,date,amount\n{number},{day.isoformat()},{Decimal(cents) / 100}\n")
        import_paths(db, [path])


WRITE = st.tuples(
    st.sampled_from(["pay", "pay", "call", "call", "call", "day", "import", "erase", "delete", "uncall"]),
    st.integers(0, 40),
    st.integers(1, 30000),
    st.integers(-200, 10),
)


@pytest.fixture
def history_db(database: Database) -> Database:
    with database.session() as s:
        load_demo(s, debtors=25, seed=3, today=TODAY, history=True)
    return database


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(WRITE, min_size=1, max_size=8))
def test_kept_figures_equal_a_computation_from_scratch(history_db: Database, tmp_path: Path, steps) -> None:
    for step in steps:
        _write(history_db, step, tmp_path)
    with history_db.session() as s:
        _assert_kept(s)


def _by_step(counts: list[Any]) -> dict[tuple[str, str, str], tuple[int, int, int, int]]:
    total: dict[tuple[str, str, str], Counter[str]] = {}
    for c in counts:
        found = total.setdefault((c.script, c.node, c.next_node), Counter())
        found.update(calls=c.calls, promised=c.promised, settled=c.settled, kept=c.kept)
    return {
        key: (v["calls"], v["promised"], v["settled"], v["kept"])
        for key, v in total.items()
        if any(v.values())
    }


@pytest.mark.parametrize("cutoff_days", [-400, -30, -5, 0, 60])
def test_the_steps_kept_per_day_count_as_the_calls_do(history_db: Database, cutoff_days: int) -> None:
    """Over whole days, the counts kept per day (less the calls whose promises are not all due by
    the cutoff) are the counts read call by call."""
    start = datetime.combine(TODAY - timedelta(days=365), time(), UTC)
    end = datetime.combine(TODAY + timedelta(days=1), time(), UTC)
    cutoff = TODAY + timedelta(days=cutoff_days)
    with history_db.session() as s:
        from_days = _by_step(_steps_of_days(s, start, end, cutoff))
        from_calls = _by_step(_steps_of_calls(s, start, end, cutoff))
    assert from_days == from_calls
    assert sum(v[0] for v in from_days.values()) > 100


FIXED = [
    ("pay", 1, 2500, -3),
    ("call", 2, 4, -40),
    ("call", 3, 5, -2),
    ("call", 2, 7, 0),
    ("import", 4, 700, -1),
    ("day", 0, 0, 5),
    ("erase", 5, 0, 0),
    ("delete", 6, 0, 0),
    ("pay", 2, 9999999, -1),
    ("uncall", 3, 0, 0),
    ("call", 8, 3, -1),
]
"""Every kind of write once, in an order where each kept figure has something to keep."""


def test_kept_figures_after_every_kind_of_write(history_db: Database, tmp_path: Path) -> None:
    for step in FIXED:
        _write(history_db, step, tmp_path)
    with history_db.session() as s:
        assert all(_assert_kept(s).values())


@pytest.mark.postgres
def test_kept_figures_on_postgresql(pg_url: str, tmp_path: Path) -> None:  # noqa: F811
    db = Database.open(pg_url)
    try:
        with db.session() as s:
            load_demo(s, debtors=12, seed=5, today=TODAY, history=True)
        for step in FIXED:
            _write(db, step, tmp_path)
        with db.session() as s:
            assert all(_assert_kept(s).values())
    finally:
        db.close()


@pytest.mark.parametrize("hours", [(0, 0), (7, 0), (0, 23), (13, 5)])
def test_a_period_not_on_utc_midnights_counts_its_ends_from_the_calls(
    history_db: Database, hours: tuple[int, int]
) -> None:
    """A period of local days starts and ends between two UTC midnights: the parts of a day at
    either end come from the calls, the whole days between from the days kept."""
    start = datetime.combine(TODAY - timedelta(days=200), time(hours[0]), UTC)
    end = datetime.combine(TODAY - timedelta(days=3), time(hours[1]), UTC)
    cutoff = TODAY - timedelta(days=20)
    with history_db.session() as s:
        assert _by_step(branch_counts(s, start, end, cutoff)) == _by_step(
            _steps_of_calls(s, start, end, cutoff)
        )
