"""Searching the queue with the keyboard: '/' opens the field, Enter filters, Esc clears."""

from __future__ import annotations

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
