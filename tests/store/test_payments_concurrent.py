"""Several processes paying the same invoice at once: the invoice is never paid above its total.

Each process widens the window between reading the balance and writing the payment (it sleeps
after its first read of the invoices), so without one atomic step every payment would be accepted.
Runs on SQLite and on the real PostgreSQL server of tests/pg.py.
"""

from __future__ import annotations

import multiprocessing
import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, func, select

from dunning_tui.store import tables as t
from dunning_tui.store.database import Database
from tests.conftest import TODAY
from tests.pg import pg_url, postgres_server  # noqa: F401  (fixtures)
from tests.store.rows import add_debtor, add_invoice

PAYERS = 4
WINDOW_S = 0.3


def _pay(url: str, how: str, barrier: Any, results: Any) -> None:
    """One process: open the book, wait for the others, pay 1.00 and report what happened."""
    from dunning_tui.errors import UserError
    from dunning_tui.store import payments

    database = Database.open(url, migrate=False)
    slept = False

    def widen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        nonlocal slept
        if not slept and statement.lstrip().upper().startswith("SELECT") and "invoices" in statement:
            slept = True
            time.sleep(WINDOW_S)

    event.listen(database.engine, "after_cursor_execute", widen)
    barrier.wait(timeout=60)
    try:
        with database.session() as session:
            if how == "invoice":
                payments.add_payment(session, "2026-000101", Decimal("1.00"), TODAY)
            else:
                debtor_id = session.scalars(select(t.Debtor.id)).one()
                payments.record_payment(session, debtor_id, Decimal("1.00"), TODAY, "transfer", "")
        results.put("paid")
    except UserError as exc:
        results.put(f"refused: {exc}")
    except Exception as exc:  # reported to the test, which fails with it
        results.put(f"error: {type(exc).__name__}: {exc}")
    finally:
        database.close()


def _race(url: str, how: str) -> list[str]:
    database = Database.open(url)
    with database.session() as s:
        debtor = add_debtor(s, "Atelier Horizon")
        add_invoice(s, debtor, "2026-000101", "3.00", TODAY - timedelta(days=10))
        s.add(t.Payment(invoice_id=s.scalars(select(t.Invoice.id)).one(), paid_on=TODAY, amount_cents=200))
        s.scalars(select(t.Invoice)).one().paid_cents = 200  # 1.00 left
    database.close()
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(PAYERS)
    results = ctx.Queue()
    workers = [ctx.Process(target=_pay, args=(url, how, barrier, results)) for _ in range(PAYERS)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    database = Database.open(url, migrate=False)
    with database.session() as s:
        paid = s.scalars(select(t.Invoice.paid_cents)).one()
        summed = s.scalar(select(func.sum(t.Payment.amount_cents)))
    database.close()
    assert (paid, summed) == (300, 300), outcomes
    return sorted(outcomes)


def _check(outcomes: list[str]) -> None:
    assert outcomes[0] == "paid", outcomes
    refused = outcomes[1:]
    assert len(refused) == PAYERS - 1
    assert all(o.startswith("refused:") and "more than the" in o for o in refused), outcomes


@pytest.mark.parametrize("how", ["invoice", "debtor"])
def test_simultaneous_payments_never_pay_more_than_the_total_on_sqlite(db_url: str, how: str) -> None:
    _check(_race(db_url, how))


@pytest.mark.postgres
@pytest.mark.parametrize("how", ["invoice", "debtor"])
def test_simultaneous_payments_never_pay_more_than_the_total_on_postgresql(
    pg_url: str,  # noqa: F811
    how: str,
) -> None:
    _check(_race(pg_url, how))
