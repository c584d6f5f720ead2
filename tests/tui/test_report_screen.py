"""The report screen, opened with the keyboard: R from the queue, and offered on quitting a block."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import TODAY
from tests.tui.helpers import on_screen, queue_loaded, wait_for


def _app(settings, database):
    from dunning_tui.tui.app import build_app

    return build_app(settings, database, today=TODAY)


def _figures(screen) -> str:
    return str(screen.query_one("#report-figures").content)


async def test_r_opens_the_report_of_the_last_12_months(settings, history_db) -> None:
    from dunning_tui.store.report import build_report, script_shapes

    with history_db.session() as session:
        expected = build_report(
            session,
            TODAY - timedelta(days=364),
            TODAY,
            TODAY,
            settings.cadence.bank_delay_days,
            script_shapes(None),
        )
    app = _app(settings, history_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        await pilot.press("R")
        await wait_for(pilot, lambda: getattr(pilot.app.screen, "report", None) is not None)
        screen = pilot.app.screen
        assert type(screen).__name__ == "ReportScreen"
        assert screen.report.period == expected.period and screen.report.block is None
        figures = _figures(screen)
        assert f"{expected.period.calls} calls · {expected.period.reached} reached" in figures
        assert "This block" not in figures
        title = str(screen.query_one("#report-title").content)
        assert title.endswith("EUR")
        await pilot.press("c")  # the other currency's charts and figures
        await pilot.pause()
        assert str(screen.query_one("#report-title").content).endswith("GBP")
        await pilot.press("escape")
        await wait_for(pilot, on_screen(pilot, "QueueScreen"))


async def test_quitting_after_calls_offers_the_block_report(settings, history_db) -> None:
    app = _app(settings, history_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        app.session_totals.calls = 1  # one call made in this block
        await pilot.press("q")
        await wait_for(pilot, on_screen(pilot, "ConfirmScreen"))
        await pilot.press("y")
        await wait_for(pilot, lambda: getattr(pilot.app.screen, "report", None) is not None)
        screen = pilot.app.screen
        assert screen.report.block is not None
        assert "This block" in _figures(screen)
        await pilot.press("escape")  # leaving the report quits
        await pilot.pause()
        assert not app.is_running


async def test_quitting_without_calls_does_not_ask(settings, history_db) -> None:
    app = _app(settings, history_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
