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


async def test_in_french_the_question_offers_o_for_oui_and_o_answers_it(settings, database) -> None:
    from textual.widgets import Footer

    from dunning_tui.tui.app import build_app
    from dunning_tui.tui.i18n import set_language

    app = build_app(settings.model_copy(update={"language": "fr", "locale": ""}), database, today=TODAY)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, on_screen(pilot, "ConfirmScreen"))
            await pilot.pause()
            dialog = " ".join(str(s.render()) for s in app.screen.query("Static"))
            assert "o Oui" in dialog and "y" not in dialog.split("Oui")[0].split()[-1]
            keys = {b.binding.key_display for b in app.screen.active_bindings.values() if b.binding.id}
            assert "o" in keys and app.screen.query_one(Footer)
            await pilot.press("o")
            await wait_for(pilot, queue_loaded(pilot), timeout=30)
    finally:
        set_language("en")
