"""The command palette (ctrl+p) and the keys panel (F1 / ?), pressed as a user would."""

from __future__ import annotations

import io

from rich.console import Console
from tests.tui.helpers import call_ready, on_screen, queue_loaded, wait_for
from textual.command import CommandPalette
from textual.widgets.option_list import OptionDoesNotExist

from dunning_tui.tui.i18n import set_language


def _offered(app, text: str) -> int | None:
    """The place of ``text`` among the palette's answers."""
    answers = app.screen.query_one("CommandList")
    try:
        prompts = [str(answers.get_option_at_index(i).prompt) for i in range(answers.option_count)]
    except OptionDoesNotExist:  # the list is being filled
        return None
    return next((i for i, prompt in enumerate(prompts) if text in prompt), None)


async def _choose(pilot, typed: str, wanted: str | None = None) -> None:
    """Ctrl+P, ``typed``, then Enter on the answer holding ``wanted`` (``typed`` when not given)
    once the palette has done searching: its answers come a while after the keys, and each batch
    of them fills the list afresh, its first answer highlighted."""
    wanted = wanted or typed
    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_for(pilot, on_screen(pilot, "CommandPalette"))
    await pilot.press(*typed)
    checks: list[bool] = []

    def answered() -> bool:
        searching = any(
            w.group == CommandPalette._GATHER_COMMANDS_GROUP and not w.is_finished for w in app.workers
        )
        checks.append(not searching and _offered(app, wanted) is not None)
        return checks[-2:] == [True, True]  # twice in a row: no search was about to start

    await wait_for(pilot, answered)
    await pilot.press(*["down"] * (_offered(app, wanted) or 0), "enter")


async def _keys_panel(pilot, app) -> str:
    """F1, then the keys panel as text."""
    await pilot.press("f1")
    await pilot.pause()
    table = app.screen.query_one("HelpPanel").query_one("BindingsTable").render()
    console = Console(width=100, file=io.StringIO(), record=True)
    console.print(table)
    return console.export_text()


async def test_palette_finds_a_debtor_and_calls_it(app) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        wanted = app.screen.entries[-1]
        await _choose(pilot, f"Call: {wanted.name[:10]}", f"Call: {wanted.name}")
        await wait_for(pilot, call_ready(pilot))
        assert app.screen.file.debtor.id == wanted.debtor_id


async def test_palette_filters_the_queue(app) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        queue = app.screen
        everyone = queue.count
        await _choose(pilot, "Filter: Broken promises")
        await wait_for(pilot, lambda: queue.filter_index == 2 and queue.count < everyone)
        assert all(e.reason is not None and e.reason.value == "broken_promise" for e in queue.entries)


async def test_palette_switches_the_language(app) -> None:
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, queue_loaded(pilot))
            await _choose(pilot, "Language: French")
            await wait_for(
                pilot, lambda: "File d'appels" in str(app.screen.query_one("#queue-title").render())
            )
    finally:
        set_language("en")


async def test_f1_and_question_mark_show_the_keys_of_the_screen(app) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        keys = await _keys_panel(pilot, app)
        assert "Call" in keys and "Search" in keys and "Filter" in keys, keys
        await pilot.press("f1")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel")


async def test_in_french_the_palette_and_the_keys_panel_say_nothing_in_english(settings, demo_db) -> None:
    from tests.conftest import TODAY

    from dunning_tui.tui.app import build_app

    app = build_app(settings.model_copy(update={"language": "fr", "locale": ""}), demo_db, today=TODAY)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, queue_loaded(pilot))
            keys = await _keys_panel(pilot, app)
            assert "Curseur en haut" in keys and "Page suivante" in keys, keys
            assert "Cursor" not in keys and "Page down" not in keys and "Focus" not in keys
            await pilot.press("f1")
            await pilot.press("ctrl+p")
            await wait_for(pilot, on_screen(pilot, "CommandPalette"))
            assert app.screen.query_one("CommandInput").placeholder == "Chercher une commande…"
            await pilot.press(*"Capture")
            await wait_for(pilot, lambda: _offered(app, "Capture d'écran") is not None)
            await pilot.press("escape")
    finally:
        set_language("en")
