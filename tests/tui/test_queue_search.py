"""Searching the queue with the keyboard: '/' opens the field, Enter filters, Esc clears."""

from __future__ import annotations

from sqlalchemy import text
from tests.tui.helpers import queue_loaded, wait_for


async def test_search_filters_then_escape_shows_everyone(app) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        screen = app.screen
        everyone = screen.count
        wanted = screen.entries[-1].name
        assert not screen.query("#queue-search"), "the field is built on first use"
        await pilot.press("slash")
        await pilot.pause()
        assert app.focused is screen.query_one("#queue-search")
        await pilot.press(*wanted[:9], "enter")
        await wait_for(pilot, lambda: screen.count < everyone)
        assert wanted in [e.name for e in screen.entries]
        assert all(wanted[:9].lower() in e.name.lower() for e in screen.entries)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen.count == everyone)
        assert screen.query_one("#queue-search").has_class("hidden")
        await pilot.press("slash")  # a second search reuses the same field
        await pilot.pause()
        assert len(screen.query("#queue-search")) == 1


async def test_search_finds_a_debtor_outside_todays_queue_and_says_when_nothing_matches(app, demo_db) -> None:
    from decimal import Decimal

    from tests.conftest import TODAY

    from dunning_tui.store.payments import add_payment
    from dunning_tui.store.queue import load_queue

    # A debtor pays everything: they leave the queue, but must still be found (to record a payment).
    with demo_db.session() as session:
        paid = load_queue(session, TODAY)[0]
        file_invoices = session.execute(
            text("SELECT number, total_cents - paid_cents FROM invoices WHERE debtor_id = :d"),
            {"d": paid.debtor_id},
        ).all()
        for number, cents in file_invoices:
            if cents > 0:
                add_payment(session, number, Decimal(cents) / 100, TODAY, "transfer", "")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        screen = app.screen
        assert paid.debtor_id not in [e.debtor_id for e in screen.entries]
        await pilot.press("slash", *paid.name, "enter")
        await wait_for(pilot, lambda: paid.debtor_id in [e.debtor_id for e in screen.entries])
        title = str(screen.query_one("#queue-title").render())
        assert f"“{paid.name}”" in title  # the search is said in the header
        await pilot.press("enter")  # and the debtor's file opens
        await wait_for(pilot, lambda: getattr(app.screen, "debtor_id", None) == paid.debtor_id)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"zzz nobody", "enter")
        await wait_for(pilot, lambda: not screen.entries)
        assert "No result for “zzz nobody”." in str(screen.query_one("#queue-empty").render())


async def test_home_and_end_go_to_the_first_and_last_debtor(app) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        table = app.screen.query_one("#queue-table")
        await pilot.press("end")
        assert table.cursor_row == len(app.screen.entries) - 1
        await pilot.press("home")
        assert table.cursor_row == 0


async def test_a_slower_older_page_never_replaces_a_newer_one(app, monkeypatch) -> None:
    """A load still reading when a filter starts a newer one: the filtered page stays on screen
    once the older, unfiltered one comes back."""
    import threading

    from dunning_tui.services import Services

    real = Services.queue_page
    older_may_go, older_back = threading.Event(), threading.Event()

    def queue_page(self, today, filt, number, size):
        if filt.broken_only:
            return real(self, today, filt, number, size)
        assert older_may_go.wait(10)
        try:
            return real(self, today, filt, number, size)
        finally:
            older_back.set()

    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        queue = app.screen
        everyone = queue.count
        monkeypatch.setattr(Services, "queue_page", queue_page)
        queue.load()  # the older load: everyone
        await pilot.pause(0.1)
        queue.set_filter(2)  # the newer one: broken promises
        await wait_for(pilot, lambda: queue.count < everyone)
        older_may_go.set()
        assert older_back.wait(10)
        await pilot.pause(0.5)
        assert queue.filter_index == 2
        assert 0 < queue.count < everyone
        assert all(e.reason is not None and e.reason.value == "broken_promise" for e in queue.entries)
