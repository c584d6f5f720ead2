"""The shared-queue set-up: the same store and commands on a real PostgreSQL server (see tests/pg.py)."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, inspect, select, text
from typer.testing import CliRunner

from dunning_tui.cli import app
from dunning_tui.domain.enums import ActionKind, Outcome, Stage
from dunning_tui.domain.outcome import OutcomeInput
from dunning_tui.store import tables as t
from dunning_tui.store.database import SCHEMA_REVISIONS, Database
from dunning_tui.store.demo import load_demo
from dunning_tui.store.followup import refresh
from dunning_tui.store.payments import add_payment
from dunning_tui.store.queue import (
    QueueFilter,
    QueueSummary,
    load_queue,
    queue_summary,
    refresh_rows,
)
from tests.conftest import TODAY
from tests.pg import pg_url, postgres_server  # noqa: F401  (fixtures)
from tests.store.rows import (
    CADENCE,
    add_debtor,
    add_invoice,
    at,
    call,
    open_actions,
    promise,
    promise_statuses,
)

pytestmark = pytest.mark.postgres

DEMO_DEBTORS = 120
"""Enough for the store to create more rows than the demo wrote (ids must not collide)."""


@pytest.fixture
def pg_db(pg_url: str):  # noqa: F811
    database = Database.open(pg_url)
    yield database
    database.close()


def _queue_rows(database: Database) -> tuple[list[tuple[object, ...]], list[QueueSummary]]:
    with database.session() as s:
        refresh(s, TODAY, CADENCE)
    assert refresh_rows(database, TODAY) is True  # as the app does: in a transaction of its own
    with database.session() as s:
        entries = load_queue(s, TODAY)
        totals = [queue_summary(s, TODAY, QueueFilter(due_only=due)) for due in (False, True)]
    rows = [
        (e.debtor_id, e.name, e.total_overdue, e.days_late, e.priority, e.reason, e.stage, e.action_note)
        for e in entries
    ]
    return rows, totals


def test_open_migrates_a_new_database_once(pg_url: str) -> None:  # noqa: F811
    database = Database.open(pg_url)
    try:
        assert not database.is_sqlite
        assert database.current_revision() == SCHEMA_REVISIONS[-1]
        with database.engine.connect() as conn:
            names = set(inspect(conn).get_table_names())
            index = conn.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_invoices_open_queue'")
            ).scalar()
        assert {"debtors", "invoices", "payments", "promises", "next_actions", "alembic_version"} <= names
        assert index is not None and "WHERE" in index and "paid_cents < total_cents" in index
    finally:
        database.close()
    again = Database.open(pg_url)  # already at head: nothing to do, no backup attempted
    try:
        assert again.current_revision() == SCHEMA_REVISIONS[-1]
    finally:
        again.close()


def test_demo_then_new_rows_get_fresh_ids(pg_db: Database) -> None:
    with pg_db.session() as s:
        report = load_demo(s, debtors=DEMO_DEBTORS, seed=7, today=TODAY)
    assert report.debtors == DEMO_DEBTORS
    with pg_db.session() as s:
        created = refresh(s, TODAY, CADENCE).actions_created
        assert created > 100
        debtor = add_debtor(s, "Nouveau Client SAS")
        add_invoice(s, debtor, "NEW-1", "100.00", TODAY - timedelta(days=9))
        assert debtor > DEMO_DEBTORS
    with pg_db.session() as s:
        assert s.scalar(select(func.count()).select_from(t.Debtor)) == DEMO_DEBTORS + 1


def test_queue_order_is_the_same_as_on_sqlite(pg_db: Database, database: Database) -> None:
    for db in (pg_db, database):
        with db.session() as s:
            load_demo(s, debtors=60, seed=11, today=TODAY)
    (on_pg, pg_totals), (on_sqlite, sqlite_totals) = _queue_rows(pg_db), _queue_rows(database)
    assert on_pg == on_sqlite
    assert pg_totals == sqlite_totals
    assert pg_totals[0].count == len(on_pg) and pg_totals[1].count < pg_totals[0].count
    assert on_pg[0][5] is ActionKind.BROKEN_PROMISE
    assert len({row[6] for row in on_pg}) > 1, "the demo shows more than one stage"


def test_outcomes_payments_and_refresh(pg_db: Database) -> None:
    with pg_db.session() as s:
        debtor = add_debtor(s, "Brasserie des Quais")
        add_invoice(s, debtor, "F-1", "2400.00", TODAY - timedelta(days=15))
        promised = TODAY - timedelta(days=CADENCE.bank_delay_days + 1)
        promise(s, debtor, at(TODAY - timedelta(days=6)), promised, "2400.00")
        refresh(s, TODAY, CADENCE)
        assert promise_statuses(s, debtor) == ["broken"]
        assert [a.due_date for a in open_actions(s, debtor, ActionKind.BROKEN_PROMISE)] == [TODAY]
        assert load_queue(s, TODAY)[0].reason is ActionKind.BROKEN_PROMISE

    with pg_db.session() as s:
        second = TODAY + timedelta(days=2)
        promise(s, debtor, at(TODAY, 11), second, "2400.00")
        call(s, debtor, OutcomeInput(Outcome.NO_ANSWER, summary="voicemail"), at(TODAY, 16))
        refresh(s, TODAY, CADENCE)
        assert open_actions(s, debtor, ActionKind.BROKEN_PROMISE) == []
        day = second + timedelta(days=CADENCE.bank_delay_days + 1)
        refresh(s, day, CADENCE)
        assert promise_statuses(s, debtor) == ["broken", "broken"]
        entry = load_queue(s, day)[0]
        assert (entry.debtor_id, entry.stage) == (debtor, Stage.FORMAL_NOTICE)

    with pg_db.session() as s:
        add_payment(s, "F-1", Decimal("2400.00"), TODAY + timedelta(days=6))
        refresh(s, TODAY + timedelta(days=6), CADENCE)
        assert open_actions(s, debtor) == []
        assert load_queue(s, TODAY + timedelta(days=6)) == []


def test_cli_queue_on_postgresql(pg_url: str, db_url: str) -> None:  # noqa: F811
    runner = CliRunner()
    outputs = []
    for url in (pg_url, db_url):
        demo = runner.invoke(app, ["demo", "--db", url, "--debtors", "30", "--date", TODAY.isoformat()])
        assert demo.exit_code == 0, demo.output
        queue = runner.invoke(app, ["queue", "--db", url, "--date", TODAY.isoformat(), "--json"])
        assert queue.exit_code == 0, queue.output
        outputs.append(json.loads(queue.stdout))
    on_pg, on_sqlite = outputs
    assert on_pg and on_pg[0]["reason"] == "broken_promise"
    assert on_pg == on_sqlite
    table = runner.invoke(app, ["queue", "--db", pg_url, "--date", TODAY.isoformat()])
    assert table.exit_code == 0 and "Call queue for" in table.stdout


def test_database_problems_are_one_sentence(postgres_server, pg_db: Database) -> None:  # noqa: F811
    from dunning_tui.errors import UserError
    from dunning_tui.store.database import SCHEMA_REVISIONS
    from tests.pg import free_port

    cases = {
        postgres_server.url("no_such_database"): 'database "no_such_database" does not exist',
        f"postgresql+psycopg://dunning@127.0.0.1:{free_port()}/x": "No database server answers at",
    }
    for url, fragment in cases.items():
        with pytest.raises(UserError) as caught:
            Database.open(url)
        assert fragment in caught.value.message
        assert "\n" not in caught.value.message and not caught.value.message.endswith("..")
    with pytest.raises(UserError) as caught, pg_db.session() as s:
        s.execute(text(f"INSERT INTO alembic_version VALUES ('{SCHEMA_REVISIONS[-1]}')"))
    assert "duplicate key" in caught.value.message and "DETAIL" in caught.value.message
    assert "\n" not in caught.value.message and caught.value.message.endswith("already exists.")


def test_queue_rows_follow_writes_and_wait_for_a_writer(pg_db: Database) -> None:
    import threading

    with pg_db.session() as s:
        load_demo(s, debtors=40, seed=5, today=TODAY)
    with pg_db.session() as s:
        first = load_queue(s, TODAY)[0]
        assert first.debtor_id != s.scalar(select(func.max(t.Debtor.id)))
        number = s.scalars(
            select(t.Invoice.number).where(
                t.Invoice.debtor_id == first.debtor_id, t.Invoice.paid_cents < t.Invoice.total_cents
            )
        ).first()
    # A writer pays an invoice and has not committed yet; a reader asks for the queue meanwhile.
    writer = pg_db._sessions()
    writer.begin()
    add_payment(writer, number, Decimal("0.01"), TODAY)
    seen: list[list[object]] = []
    reader = threading.Thread(target=lambda: seen.append(_fresh_queue(pg_db)))
    reader.start()
    reader.join(timeout=1.0)
    assert reader.is_alive(), "the reader waits for the writer's trigger lock to be released"
    writer.commit()
    writer.close()
    reader.join(timeout=10)
    with pg_db.session() as s:
        s.execute(text("DELETE FROM app_state WHERE key = 'queue_as_of'"))
        rebuilt = load_queue(s, TODAY)
    assert seen == [rebuilt]
    paid = next(e for e in rebuilt if e.debtor_id == first.debtor_id)
    assert paid.total_overdue == first.total_overdue - Decimal("0.01")


def _fresh_queue(database: Database) -> list[object]:
    with database.session() as s:
        s.execute(
            text("INSERT INTO queue_dirty VALUES (1) ON CONFLICT DO NOTHING")
        )  # work to do: takes the lock
        return load_queue(s, TODAY)


def test_e_invoices_and_a_credit_note_import_on_postgresql(pg_db: Database, tmp_path) -> None:
    """The buyer reference column (migration 0010) and an import reading only the part of the book
    its files name, on PostgreSQL."""
    from dunning_tui.importers.run import import_paths
    from tests.importers.einvoices import CREDIT_NOTE, UBL_EXAMPLES, variant

    with pg_db.session() as s:
        load_demo(s, debtors=20, seed=5, today=TODAY)
    folder = tmp_path / "in"
    (folder / "invoices.csv").parent.mkdir(parents=True)
    (folder / "invoices.csv").write_text(
        "registration_number,debtor_name,invoice_number,issue_date,total,buyer_reference\n"
        "0000000295,My Customer Company,INV-9,2019-09-01,300.00,DEPT-7\n"
    )
    reference = (
        "<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>INV-9</cbc:ID>"
        "</cac:InvoiceDocumentReference></cac:BillingReference>"
    )
    variant(
        CREDIT_NOTE,
        folder / "cn.xml",
        ("<cac:AccountingSupplierParty>", reference + "<cac:AccountingSupplierParty>"),
    )
    variant(UBL_EXAMPLES[1], folder / "tosl108.xml")
    report = import_paths(pg_db, [folder])
    assert report.changed
    with pg_db.session() as s:
        assert s.execute(
            text("SELECT total_cents, paid_cents, buyer_reference FROM invoices WHERE number = 'INV-9'")
        ).one() == (30000, 10011, "DEPT-7")
        assert s.execute(text("SELECT paid_cents FROM invoices WHERE number = 'TOSL108'")).scalar() == 100000
    assert not import_paths(pg_db, [folder]).changed
