"""On an empty database the app offers demo data to try the tool."""

from __future__ import annotations

from tests.conftest import TODAY
from tests.tui.helpers import on_screen, queue_loaded, wait_for


async def test_yes_loads_the_demo_and_the_queue_fills(settings, database) -> None:
    from dunning_tui.tui.app import build_app

    app = build_app(settings, database, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, on_screen(pilot, "ConfirmScreen"))
        await pilot.press("y")
        await wait_for(pilot, queue_loaded(pilot), timeout=30)
        queue = app.screen
        assert queue.count > 0
        assert any(e.reason is not None for e in queue.entries), "the demo's follow-up is planned"
