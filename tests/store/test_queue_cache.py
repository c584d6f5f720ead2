"""The queue's summary table stays equal to a rebuild from scratch, whatever writes to the database."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from typer.testing import CliRunner

from dunning_tui.cli import app
from dunning_tui.store.queue import QueueFilter, QueueSummary, load_queue, queue_summary
from dunning_tui.store.queue_cache import AS_OF_KEY
from tests.conftest import TODAY

FILTERS = [QueueFilter(), QueueFilter(due_only=True), QueueFilter(broken_only=True), QueueFilter(search="a")]

# Writes in plain SQL, as another program (or a hand edit) would make them: only the triggers know.
WRITES = {
    "pay in full": "UPDATE invoices SET paid_cents = total_cents WHERE id = :n",
    "pay half": "UPDATE invoices SET paid_cents = total_cents / 2 WHERE id = :n",
    "unpay": "UPDATE invoices SET paid_cents = 0, status = 'open' WHERE id = :n",
    "dispute": "UPDATE invoices SET status = 'disputed' WHERE id = :n",
    "dispute a third": "UPDATE invoices SET status = 'disputed', disputed_cents = total_cents / 3 WHERE id = :n",
    # The disputed amount alone changes, on an invoice already disputed (the first from :n on).
    "disputed amount": "UPDATE invoices SET disputed_cents = (total_cents - paid_cents) / 2 WHERE id = "
    "(SELECT min(id) FROM invoices WHERE status = 'disputed' AND id >= :n)",
    "disputed whole": "UPDATE invoices SET disputed_cents = NULL WHERE id = "
    "(SELECT min(id) FROM invoices WHERE status = 'disputed' AND id >= :n)",
    "cancel": "UPDATE invoices SET status = 'cancelled' WHERE id = :n",
    "fall due": "UPDATE invoices SET due_date = :yesterday WHERE id = :n",
    "not yet due": "UPDATE invoices SET due_date = :later WHERE id = :n",
    "move to debtor": "UPDATE invoices SET debtor_id = (SELECT max(id) FROM debtors) WHERE id = :n",
    "delete invoice": "DELETE FROM invoices WHERE id = :n",
    "new invoice": "INSERT INTO invoices (debtor_id, number, issue_date, due_date, currency, total_cents, "
    "paid_cents, po_reference, pdf_path, status, dispute_reason, client_remarks, acknowledged) "
    "SELECT id, 'NEW-' || :n || '-' || abs(random()), :yesterday, :yesterday, 'EUR', 12345, 0, '', '', "
    "'open', '', '', 0 FROM debtors WHERE id = :d",
    "action due": "INSERT INTO next_actions (debtor_id, kind, due_date, reason, created_at) "
    "SELECT id, 'broken_promise', :today, '', '2026-11-01 00:00:00' FROM debtors WHERE id = :d",
    "action done": "UPDATE next_actions SET done_at = '2026-11-23 10:00:00' WHERE id = :n",
    "action later": "UPDATE next_actions SET due_date = :later WHERE id = :n",
    "pause": "UPDATE debtors SET pause_until = :later WHERE id = :d",
    "unpause": "UPDATE debtors SET pause_until = NULL WHERE id = :d",
    "delete debtor": "DELETE FROM debtors WHERE id = :d",
}


def _views(session, day=TODAY) -> list[object]:
    return [
        (
            load_queue(session, day, filt),
            queue_summary(session, day, filt),
            load_queue(session, day, filt, limit=5),
        )
        for filt in FILTERS
    ]


def _rebuilt_views(session, day) -> list[object]:
    session.execute(text("DELETE FROM app_state WHERE key = :k"), {"k": AS_OF_KEY})
    return _views(session, day)


WRITE = st.tuples(st.just("write"), st.sampled_from(sorted(WRITES)), st.integers(1, 300), st.integers(1, 30))
NEW_DAY = st.tuples(st.just("day"), st.integers(-3, 40))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(WRITE, WRITE, NEW_DAY), max_size=14))
@example([("write", "disputed amount", 1, 1)])  # a disputed amount alone changes
def test_incremental_queue_equals_a_rebuild(demo_db, steps) -> None:
    """Writes by any program, and the calendar moving on (or back), give the table a rebuild gives."""
    with demo_db.session() as session:
        day = TODAY
        _views(session, day)  # the table is now up to date for the day
        for step in steps:
            if step[0] == "day":
                day = TODAY + timedelta(days=step[1])
                _views(session, day)
                continue
            _kind, name, n, d = step
            session.execute(
                text(WRITES[name]),
                {
                    "n": n,
                    "d": d,
                    "today": day.isoformat(),
                    "yesterday": (day - timedelta(days=1)).isoformat(),
                    "later": (day + timedelta(days=9)).isoformat(),
                },
            )
        incremental = _views(session, day)
        _assert_totals_match_the_rows(session, day)
        _assert_rows_follow_the_domain(session, day)
        assert incremental == _rebuilt_views(session, day)
        session.rollback()


def _assert_rows_follow_the_domain(session, day) -> None:
    """Each debtor's row says what the domain computes from their file: the amount overdue that is
    chased (disputed parts left out), its oldest due date's days late, the invoices chased."""
    from dunning_tui.store.dossier import load_debtor_file

    rows = {e.debtor_id: (e.total_overdue, e.days_late, e.open_invoices) for e in load_queue(session, day)}
    expected = {}
    for (debtor_id,) in session.execute(text("SELECT id FROM debtors")).all():
        file = load_debtor_file(session, debtor_id)
        paused = file.debtor.pause_until is not None and file.debtor.pause_until > day
        chased = file.chased_invoices(day)
        if chased and not paused:
            expected[debtor_id] = (file.overdue_balance(day), file.days_late(day), len(chased))
    assert rows == expected


def _assert_totals_match_the_rows(session, day) -> None:
    """The running totals (kept by triggers) equal the sums of the queue's own entries."""
    for filt in FILTERS:
        entries = load_queue(session, day, filt)
        sums: dict[str, Decimal] = {}
        for entry in entries:
            sums[entry.currency] = sums.get(entry.currency, Decimal(0)) + entry.total_overdue
        due = sum(1 for entry in entries if entry.reason is not None)
        assert queue_summary(session, day, filt) == QueueSummary(len(entries), sums, due)


def test_a_later_day_recomputes_only_the_debtors_the_calendar_moved(demo_db) -> None:
    with demo_db.session() as session:
        load_queue(session, TODAY)
        moved = set(
            session.execute(
                text(
                    "SELECT debtor_id FROM invoices WHERE status IN ('open', 'disputed') AND paid_cents < total_cents "
                    "AND due_date = :d UNION SELECT debtor_id FROM next_actions WHERE done_at IS NULL AND due_date = :n "
                    "UNION SELECT id FROM debtors WHERE pause_until = :n"
                ),
                {"d": TODAY.isoformat(), "n": (TODAY + timedelta(days=1)).isoformat()},
            ).scalars()
        )
        # Every debtor recomputed passes through queue_dirty: note them as they leave it.
        session.execute(text("CREATE TEMP TABLE seen_ids (debtor_id INTEGER)"))
        session.execute(
            text(
                "CREATE TEMP TRIGGER seen_dirty BEFORE DELETE ON queue_dirty "
                "BEGIN INSERT INTO seen_ids VALUES (OLD.debtor_id); END"
            )
        )
        load_queue(session, TODAY + timedelta(days=1))
        recomputed = list(session.execute(text("SELECT debtor_id FROM seen_ids")).scalars())
        session.rollback()
    assert moved, "the demo has something falling due tomorrow"
    assert set(recomputed) == moved


def test_only_changed_debtors_are_recomputed(demo_db) -> None:
    with demo_db.session() as session:
        before = load_queue(session, TODAY)
        assert session.execute(text("SELECT count(*) FROM queue_dirty")).scalar() == 0
        first = before[0]
        session.execute(
            text("UPDATE invoices SET paid_cents = total_cents WHERE debtor_id = :d"), {"d": first.debtor_id}
        )
        assert session.execute(text("SELECT debtor_id FROM queue_dirty")).scalars().all() == [first.debtor_id]
        after = load_queue(session, TODAY)
    assert [e.debtor_id for e in after] == [e.debtor_id for e in before[1:]]


def test_a_new_day_rebuilds_and_a_what_if_day_leaves_the_stored_day(demo_db, db_url: str) -> None:
    with demo_db.session() as session:
        load_queue(session, TODAY)
    result = CliRunner().invoke(app, ["--db", db_url, "queue", "--date", "2026-12-24", "--json"])
    assert result.exit_code == 0, result.output
    with demo_db.session() as session:
        stored = session.execute(
            text("SELECT value FROM app_state WHERE key = :k"), {"k": AS_OF_KEY}
        ).scalar()
        assert stored == TODAY.isoformat()
        later = load_queue(session, TODAY + timedelta(days=31))
        assert (
            session.execute(text("SELECT value FROM app_state WHERE key = :k"), {"k": AS_OF_KEY}).scalar()
            == (TODAY + timedelta(days=31)).isoformat()
        )
    assert later != []


def _upgraded_demo(tmp_path, revision: str, *statements: str):
    """The demo book written by an older schema (plus ``statements``), then opened by this version."""
    from alembic import command
    from sqlalchemy.orm import Session

    from dunning_tui.store.database import Database, create_database_engine
    from dunning_tui.store.demo import load_demo
    from dunning_tui.store.migrate import alembic_config

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_database_engine(url)
    command.upgrade(alembic_config(engine), revision)
    with Session(engine) as session, session.begin():
        load_demo(session, debtors=30, seed=7, today=TODAY)  # the same book as demo_db's
        for statement in statements:
            session.execute(text(statement), {"today": TODAY.isoformat(), "k": AS_OF_KEY})
    engine.dispose()
    return Database.open(url)


def test_a_book_from_before_the_queue_table_gets_it_on_upgrade(tmp_path, demo_db) -> None:
    upgraded = _upgraded_demo(tmp_path, "0003")
    try:
        with upgraded.session() as session, demo_db.session() as fresh:
            assert load_queue(session, TODAY) == load_queue(fresh, TODAY)
            first = load_queue(session, TODAY)[0]
            session.execute(
                text("UPDATE debtors SET pause_until = :d WHERE id = :id"),
                {"d": "2027-01-01", "id": first.debtor_id},
            )
            assert first.debtor_id not in [e.debtor_id for e in load_queue(session, TODAY)]
    finally:
        upgraded.close()
    assert list(tmp_path.glob("old.sqlite3.0003-*.bak")), "a backup was written before the upgrade"


def test_a_damaged_stored_day_rebuilds_the_table(demo_db) -> None:
    with demo_db.session() as session:
        expected = load_queue(session, TODAY)
        session.execute(text("UPDATE app_state SET value = 'not a day' WHERE key = :k"), {"k": AS_OF_KEY})
        assert load_queue(session, TODAY) == expected
        stored = session.execute(
            text("SELECT value FROM app_state WHERE key = :k"), {"k": AS_OF_KEY}
        ).scalar()
        assert stored == TODAY.isoformat()


def test_a_book_with_a_filled_queue_table_gets_its_totals_on_upgrade(tmp_path, demo_db) -> None:
    from dunning_tui.store.queue_cache import CHASED_CENTS_SQL, FILL_ALL

    # The statement of that schema, before disputed parts were left out (no ``disputed_cents`` yet).
    fill_0004 = FILL_ALL.replace(CHASED_CENTS_SQL, "total_cents - paid_cents")
    upgraded = _upgraded_demo(
        tmp_path,
        "0004",
        fill_0004,
        "DELETE FROM queue_dirty",
        "INSERT INTO app_state (key, value) VALUES (:k, :today)",
    )
    try:
        with upgraded.session() as session, demo_db.session() as fresh:
            assert session.execute(text("SELECT count(*) FROM queue_dirty")).scalar() == 0
            for filt in FILTERS:
                assert queue_summary(session, TODAY, filt) == queue_summary(fresh, TODAY, filt)
            assert queue_summary(session, TODAY).count > 0
    finally:
        upgraded.close()


def test_refresh_rows_writes_once_and_gives_its_connection_back_as_it_found_it(demo_db, db_url) -> None:
    import sqlite3

    from dunning_tui.store.queue import refresh_rows

    with demo_db.session() as session:
        expected = load_queue(session, TODAY + timedelta(days=3))
        session.rollback()  # the stored table stays at its day
    assert refresh_rows(demo_db, TODAY + timedelta(days=3)) is True
    assert refresh_rows(demo_db, TODAY + timedelta(days=3)) is False
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as other:  # another program sees it
        assert other.execute("SELECT count(*) FROM queue_dirty").fetchone() == (0,)
        assert other.execute("SELECT value FROM app_state WHERE key = ?", (AS_OF_KEY,)).fetchone() == (
            (TODAY + timedelta(days=3)).isoformat(),
        )
    with demo_db.session() as session:
        assert load_queue(session, TODAY + timedelta(days=3)) == expected
        conn = session.connection()
        # The pooled connection is back to full durability and the usual checkpoints.
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -2000  # SQLite's default


def test_refresh_rows_on_a_locked_database_is_one_clear_sentence(demo_db, db_url, monkeypatch) -> None:
    import sqlite3

    import pytest

    from dunning_tui.errors import UserError
    from dunning_tui.store.queue import refresh_rows

    with demo_db.session() as session:
        session.execute(text("UPDATE invoices SET paid_cents = 0 WHERE id = 1"))  # a row to recompute
    demo_db.close()
    from dunning_tui.store import pragmas
    from dunning_tui.store.database import Database

    monkeypatch.setattr(pragmas, "BUSY_TIMEOUT_MS", 100)
    db = Database.open(db_url, migrate=False)
    locker = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(UserError, match="locked by another program"):
            refresh_rows(db, TODAY)
    finally:
        locker.rollback()
        locker.close()
    assert refresh_rows(db, TODAY) is True
    db.close()


def test_the_queue_counts_what_is_chased_and_a_disputed_amount_change_reaches_it(database, db_url) -> None:
    """F-1 1,000 (30 days late), F-2 2,000 (60 days), F-3 3,000 (91 days); written as another program
    would, so only the triggers know."""
    import json

    from tests.documents.helpers import THREE_LATE_INVOICES, add_debtor

    with database.session() as session:
        debtor = add_debtor(session, invoices=THREE_LATE_INVOICES)
        session.commit()

    def row() -> tuple[Decimal, int, int] | None:
        with database.session() as session:
            entry = next((e for e in load_queue(session, TODAY) if e.debtor_id == debtor), None)
            summary = queue_summary(session, TODAY)
            if entry is not None:
                assert summary.overdue == {"EUR": entry.total_overdue}
            return (entry.total_overdue, entry.days_late, entry.open_invoices) if entry else None

    def write(statement: str) -> None:
        with database.session() as session:
            session.execute(text(statement), {"d": debtor})
            session.commit()

    assert row() == (Decimal("6000.00"), 91, 3)
    # F-2 and F-3 disputed whole: F-1 alone is chased.
    write("UPDATE invoices SET status = 'disputed' WHERE debtor_id = :d AND number IN ('F-2', 'F-3')")
    assert row() == (Decimal("1000.00"), 30, 1)
    # Only 500 of F-2 disputed (the amount alone changes): its 1,500 is chased again, 60 days late.
    write("UPDATE invoices SET disputed_cents = 50000 WHERE debtor_id = :d AND number = 'F-2'")
    assert row() == (Decimal("2500.00"), 60, 2)
    # `dunning queue --json` and `dunning show --json` say the same, the disputed amount apart.
    listed = CliRunner().invoke(app, ["--db", db_url, "queue", "--date", TODAY.isoformat(), "--json"])
    assert listed.exit_code == 0, listed.output
    (mine,) = [e for e in json.loads(listed.output) if e["id"] == debtor]
    assert (mine["total_overdue"], mine["days_late"]) == ("2500.00", 60)
    shown = CliRunner().invoke(
        app, ["--db", db_url, "show", str(debtor), "--date", TODAY.isoformat(), "--json"]
    )
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    assert (data["total_overdue"], data["on_hold"], data["days_late"], data["balance"]) == (
        "2500.00",
        "3500.00",
        60,
        "6000.00",
    )
    # Everything disputed: nothing to chase, the debtor leaves the queue (found by a search).
    write("UPDATE invoices SET status = 'disputed', disputed_cents = NULL WHERE debtor_id = :d")
    assert row() is None
