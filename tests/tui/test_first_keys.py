"""Keys pressed at the first frame, before the queue's rows are there, are acted on in order."""

from __future__ import annotations

import json
import threading
from decimal import Decimal

import pytest
from tests.conftest import TODAY
from tests.tui.helpers import call_ready, on_screen, wait_for
from typer.testing import CliRunner

from dunning_tui.clock import Clock


@pytest.fixture
def gate() -> threading.Event:
    """Holds the database back until the test has pressed its keys."""
    return threading.Event()


@pytest.fixture
def slow_app(settings, demo_db, gate):
    from dunning_tui.tui.app import build_app

    def open_database():
        assert gate.wait(20)
        return demo_db

    return build_app(settings, open_database, today=TODAY)


async def test_c_at_the_first_frame_calls_the_first_debtor(slow_app, gate) -> None:
    app = slow_app
    async with app.run_test(size=(100, 30)) as pilot:
        assert not app.is_open and not app.screen.entries
        await pilot.press("c")
        assert type(app.screen).__name__ == "QueueScreen", "nothing to act on yet: the key waits"
        gate.set()
        await wait_for(pilot, call_ready(pilot))
        queue = app.screen_stack[1]
        assert app.screen.file.debtor.id == queue.entries[0].debtor_id


async def test_the_figures_under_the_rows_wait_for_a_call_opened_at_the_first_frame(
    slow_app, gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    """How the page's debtors pay is read once the call the first key opened is on screen: that
    read does not compete with the call's own."""
    from dunning_tui.services import Services

    app = slow_app
    on_top_when_read: list[str] = []
    real = Services.page_figures

    def page_figures(self, today, page):
        on_top_when_read.append(type(app.screen).__name__)
        return real(self, today, page)

    monkeypatch.setattr(Services, "page_figures", page_figures)
    # The order is what is checked, not the bound on the wait: a slow machine takes its time.
    monkeypatch.setattr("dunning_tui.tui.screens.queue.FIGURES_WAIT_SECONDS", 60.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c")
        gate.set()
        await wait_for(pilot, call_ready(pilot))
        await wait_for(pilot, lambda: bool(on_top_when_read))
        assert on_top_when_read == ["CallScreen"]


async def test_keys_at_the_first_frame_keep_their_order(slow_app, gate) -> None:
    """Down then Enter opens the second debtor's file, and `c` pressed next calls that debtor."""
    app = slow_app
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "enter", "c")
        gate.set()
        await wait_for(pilot, call_ready(pilot))
        queue = app.screen_stack[1]
        assert app.screen.file.debtor.id == queue.entries[1].debtor_id
        assert [type(s).__name__ for s in app.screen_stack[1:]] == ["QueueScreen", "CallScreen"]


async def test_search_typed_at_the_first_frame(slow_app, gate, demo_db) -> None:
    from dunning_tui.services import Services

    wanted = Services(demo_db, slow_app.settings, Clock.pinned(TODAY)).queue(TODAY)[-1].name
    app = slow_app
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *wanted[:9], "enter")
        gate.set()
        screen = app.screen
        await wait_for(pilot, lambda: screen.search_text == wanted[:9] and screen.count and not app.workers)
        assert screen.query_one("#queue-search").value == wanted[:9]
        assert wanted in [e.name for e in screen.entries]
        assert all(wanted[:9].lower() in e.name.lower() for e in screen.entries)


async def test_enter_at_the_first_frame_opens_the_file(slow_app, gate) -> None:
    app = slow_app
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        gate.set()
        await wait_for(pilot, on_screen(pilot, "DebtorScreen"))
        await wait_for(pilot, lambda: app.screen.file is not None)
        assert app.screen.file.debtor.id == app.screen_stack[1].entries[0].debtor_id


async def test_the_first_frame_shows_what_the_queue_command_shows(
    app, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Order, amounts and stages: the app's first page is the head of ``dunning queue --json``."""
    from dunning_tui.cli import app as cli

    async with app.run_test(size=(100, 30)) as pilot:
        shown: list[list[object]] = []
        screen = app.screen
        real_show = screen._show

        def spy(page, empty_db):
            shown.append([(e.debtor_id, e.total_overdue, e.stage.value) for e in page.entries])
            real_show(page, empty_db)

        screen._show = spy
        await wait_for(pilot, lambda: bool(shown))
    monkeypatch.setattr("dunning_tui.cli.common.clock", lambda: Clock.pinned(TODAY))
    result = CliRunner().invoke(cli, ["queue", "--db", db_url, "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    expected = [(r["id"], Decimal(str(r["total_overdue"])), r["stage"]) for r in rows[: len(shown[0])]]
    assert shown[0] == expected
    assert {stage for _id, _amount, stage in shown[0]} != {"calls"}, "the demo has debtors past the calls"


async def test_notes_typed_at_the_first_frame_keep_their_lines(slow_app, gate) -> None:
    """`c`, then a note and Enter, then another line, typed before the rows are there: two lines.
    An Enter typed before the terminal is in raw mode reaches the app as a line feed (ctrl+j)."""
    app = slow_app
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c", *"paie vendredi", "enter", *"virement", "ctrl+j", *"ok")
        gate.set()
        await wait_for(pilot, call_ready(pilot))
        call = app.screen
        await wait_for(pilot, lambda: call.query_one("#notes-input").value == "ok", timeout=10)
        assert [line.split(" ", 1)[1] for line in call.lines] == ["paie vendredi", "virement"]
