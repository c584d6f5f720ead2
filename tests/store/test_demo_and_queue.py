from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from dunning_tui.domain.enums import ActionKind
from dunning_tui.store import tables as t
from dunning_tui.store.demo import build_demo_rows, demo_chunks
from dunning_tui.store.dossier import find_debtor_id, load_debtor_file
from dunning_tui.store.queue import QueueFilter, load_queue
from tests.conftest import TODAY


def test_same_seed_same_data_and_every_story_present() -> None:
    a = build_demo_rows(20, seed=3, today=TODAY)
    b = build_demo_rows(20, seed=3, today=TODAY)
    assert a == b
    assert a != build_demo_rows(20, seed=4, today=TODAY)
    assert {d["country"] for d in a.debtors} >= {"FR", "BE", "GB"}
    assert any(d["kind"] == "consumer" for d in a.debtors)
    assert any(d["pause_until"] for d in a.debtors)
    assert {p["status"] for p in a.promises} >= {"kept", "broken"}
    assert any(i["status"] == "disputed" for i in a.invoices)
    assert any(0 < i["paid_cents"] < i["total_cents"] for i in a.invoices)
    assert {d["kind"] for d in a.documents} >= {"signed_quote"}
    assert a.events


def test_paid_cents_matches_the_payments(demo_db) -> None:
    with demo_db.session() as session:
        sums = dict(
            session.execute(
                select(t.Payment.invoice_id, func.sum(t.Payment.amount_cents)).group_by(t.Payment.invoice_id)
            ).all()
        )
        for invoice in session.scalars(select(t.Invoice)):
            assert invoice.paid_cents == sums.get(invoice.id, 0)
            assert invoice.paid_cents <= invoice.total_cents


def test_queue_holds_only_overdue_unpaused_debtors_most_urgent_first(demo_db) -> None:
    with demo_db.session() as session:
        entries = load_queue(session, TODAY)
        ids = [e.debtor_id for e in entries]
        assert len(ids) == len(set(ids))
        for entry in entries:
            file = load_debtor_file(session, entry.debtor_id)
            assert file.overdue_balance(TODAY) == entry.total_overdue > Decimal(0)
            assert not (file.debtor.pause_until and file.debtor.pause_until > TODAY)
        paused = session.scalars(select(t.Debtor.id).where(t.Debtor.pause_until > TODAY)).all()
        assert paused and not set(paused) & set(ids)
    assert entries[0].reason is ActionKind.BROKEN_PROMISE
    assert [e.priority for e in entries] == sorted((e.priority for e in entries), reverse=True)


def test_queue_on_a_later_day_and_filters(demo_db) -> None:
    with demo_db.session() as session:
        today = load_queue(session, TODAY)
        later = load_queue(session, TODAY + timedelta(days=30))
        broken = load_queue(session, TODAY, QueueFilter(broken_only=True))
        found = load_queue(session, TODAY, QueueFilter(search=today[0].name[:8]))
    assert len(later) >= len(today)
    assert broken and all(e.reason is ActionKind.BROKEN_PROMISE for e in broken)
    assert today[0].debtor_id in {e.debtor_id for e in found}


def test_find_debtor_by_id_key_name_and_errors(demo_db) -> None:
    import pytest

    from dunning_tui.errors import UserError

    with demo_db.session() as session:
        debtor = session.get(t.Debtor, 3)
        assert find_debtor_id(session, "3") == 3
        assert find_debtor_id(session, debtor.key) == 3
        assert find_debtor_id(session, debtor.name.upper()) == 3
        with pytest.raises(UserError, match="No debtor matches"):
            find_debtor_id(session, "zzz-nobody")


def test_demo_in_chunks_is_the_same_demo() -> None:
    whole = build_demo_rows(23, seed=3, today=TODAY)
    chunks = list(demo_chunks(23, seed=3, today=TODAY, chunk=7))
    assert [len(c.debtors) for c in chunks] == [7, 7, 7, 2]
    assert [row for c in chunks for row in c.invoices] == whole.invoices
    assert [row for c in chunks for row in c.actions] == whole.actions
