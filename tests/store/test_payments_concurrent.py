"""Several processes writing the same facts at once: the check and the write are one atomic step.

Each process pauses after its first read (see tests/store/race.py), so without one atomic step
every one of them would be accepted. Runs on SQLite and on the real PostgreSQL server of tests/pg.py.
"""

from __future__ import annotations

import os
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from dunning_tui.domain.enums import ActionKind, Outcome
from dunning_tui.domain.outcome import Objective, OutcomeInput
from dunning_tui.store import tables as t
from dunning_tui.store.calls import save_outcome, start_call
from dunning_tui.store.database import Database
from dunning_tui.store.followup import refresh, refresh_if_due
from dunning_tui.store.payments import add_payment, record_payment
from tests.conftest import TODAY
from tests.pg import pg_url, postgres_server  # noqa: F401  (fixtures)
from tests.store.race import WINDOW_S, race
from tests.store.rows import CADENCE, add_debtor, add_invoice, at

ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=ENGINES)
def url(request: pytest.FixtureRequest, db_url: str) -> str:
    if request.param == "sqlite":
        return db_url
    return str(request.getfixturevalue("pg_url"))


def _book(url: str) -> None:
    """One debtor, one invoice of 3.00 with 2.00 paid: 1.00 left."""
    database = Database.open(url)
    with database.session() as s:
        debtor = add_debtor(s, "Atelier Horizon")
        invoice = add_invoice(s, debtor, "2026-000101", "3.00", TODAY - timedelta(days=10))
        s.add(t.Payment(invoice_id=invoice, paid_on=TODAY, amount_cents=200))
        s.get_one(t.Invoice, invoice).paid_cents = 200
    database.close()


def _paid(url: str) -> tuple[int, int]:
    database = Database.open(url, migrate=False)
    with database.session() as s:
        paid = s.scalars(select(t.Invoice.paid_cents)).one()
        summed = s.scalar(select(func.sum(t.Payment.amount_cents)))
    database.close()
    return paid, int(summed or 0)


def _pay_invoice(database: Database) -> str:
    with database.session() as session:
        add_payment(session, "2026-000101", Decimal("1.00"), TODAY)
    return "paid"


def _pay_debtor(database: Database) -> str:
    with database.session() as session:
        debtor_id = session.scalars(select(t.Debtor.id)).one()
        record_payment(session, debtor_id, Decimal("1.00"), TODAY, "transfer", "")
    return "paid"


@pytest.mark.parametrize("pay", [_pay_invoice, _pay_debtor], ids=["invoice", "debtor"])
def test_simultaneous_payments_never_pay_more_than_the_total(url: str, pay: object) -> None:
    _book(url)
    outcomes = race(url, pay)  # type: ignore[arg-type]
    assert _paid(url) == (300, 300), outcomes
    assert outcomes[0] == "paid", outcomes
    assert len(outcomes[1:]) == 3
    assert all(o.startswith("refused:") and "more than the" in o for o in outcomes[1:]), outcomes


def _import_payment(database: Database) -> str:
    from dunning_tui.importers.run import import_paths

    folder = Path(tempfile.mkdtemp())
    (folder / "payments.csv").write_text(
        f"invoice_number,date,amount,reference\n2026-000101,{TODAY.isoformat()},1.00,IMPORT-{os.getpid()}\n"
    )

    def plan_slowly(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().startswith("SELECT") and "FROM payments" in statement:
            time.sleep(2 * WINDOW_S)  # the book it plans from is read; a payer writes meanwhile

    event.listen(database.engine, "after_cursor_execute", plan_slowly)
    import_paths(database, [folder])
    return "paid"


def test_an_import_beside_the_app_never_pays_more_than_the_total(url: str) -> None:
    _book(url)
    outcomes = race(url, [_pay_invoice, _import_payment, _pay_invoice, _import_payment])
    assert _paid(url) == (300, 300), outcomes
    assert outcomes[0] == "paid", outcomes
    assert all(o.startswith("refused:") for o in outcomes[1:]), outcomes


def _save_promise(database: Database) -> str:
    with database.session() as session:
        call_id = 1  # the only call; no read before save_outcome's own
        outcome = OutcomeInput(
            Outcome.PROMISE, promised_date=TODAY + timedelta(days=3), amount=Decimal("1"), method="transfer"
        )
        save_outcome(session, call_id, outcome, "notes", "[]", at(TODAY))
    return "saved"


def test_an_outcome_is_saved_once_when_two_processes_save_it(url: str) -> None:
    _book(url)
    database = Database.open(url, migrate=False)
    with database.session() as s:
        debtor = s.scalars(select(t.Debtor.id)).one()
        assert start_call(s, debtor, Objective(latest_date=TODAY + timedelta(days=7)), at(TODAY)) == 1
    outcomes = race(url, _save_promise)
    with database.session() as s:
        promises = s.scalar(select(func.count()).select_from(t.Promise))
        events = s.scalar(select(func.count()).select_from(t.ContactEvent))
    database.close()
    assert outcomes == ["refused: This call already has an outcome."] * 3 + ["saved"]
    assert (promises, events) == (1, 1)


def _refresh(database: Database) -> str:
    with database.session() as session:
        refresh(session, TODAY, CADENCE)
    return "refreshed"


def _refresh_if_due(database: Database) -> str:
    with database.session() as session:
        return "ran" if refresh_if_due(session, TODAY, CADENCE) else "skipped"


def _first_calls(url: str) -> list[str]:
    database = Database.open(url, migrate=False)
    with database.session() as s:
        kinds = list(s.scalars(select(t.NextAction.kind).where(t.NextAction.done_at.is_(None))))
    database.close()
    return kinds


def test_simultaneous_refreshes_plan_each_action_once(url: str) -> None:
    # The invoice is 10 days late and nobody was called: the refresh plans one first call.
    _book(url)
    outcomes = race(url, _refresh)
    assert outcomes == ["refreshed"] * 4
    assert _first_calls(url) == [ActionKind.FIRST_CALL.value]


def test_the_daily_refresh_runs_once_when_two_processes_start_on_a_new_day(url: str) -> None:
    _book(url)
    outcomes = race(url, _refresh_if_due)
    assert outcomes == ["ran", "skipped", "skipped", "skipped"]
    assert _first_calls(url) == [ActionKind.FIRST_CALL.value]
