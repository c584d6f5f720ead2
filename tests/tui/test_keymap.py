"""Bindings are remapped from the config file by their ids."""

from __future__ import annotations

from tests.conftest import TODAY
from tests.tui.helpers import queue_loaded, wait_for


async def test_a_remapped_key_does_the_bound_action(settings, demo_db) -> None:
    from dunning_tui.tui.app import build_app

    remapped = settings.model_copy(update={"keymap": {"queue.search": "ctrl+f"}})
    app = build_app(remapped, demo_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        await pilot.press("slash")
        await pilot.pause()
        assert not app.screen.query("#queue-search")  # the old key no longer searches
        await pilot.press("ctrl+f")
        await pilot.pause()
        search = app.screen.query_one("#queue-search")
        assert not search.has_class("hidden") and app.focused is search
