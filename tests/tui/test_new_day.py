"""A call block that runs past midnight: the queue moves to the new day by itself."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select
from tests.conftest import TODAY
from tests.tui.helpers import queue_loaded, wait_for

from dunning_tui.clock import Clock
from dunning_tui.store import tables as t
from dunning_tui.store.followup_state import REFRESHED_ON


def _local(day, at: time) -> datetime:
    return datetime.combine(day, at).astimezone().astimezone(UTC)


async def test_the_queue_moves_to_the_new_day(settings, demo_db) -> None:
    from dunning_tui.tui.app import build_app

    moment = [_local(TODAY, time(23, 59))]
    app = build_app(settings, demo_db, clock=Clock(lambda: moment[0]))
    app.DAY_CHECK_SECONDS = 0.05
    tomorrow = TODAY + timedelta(days=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        screen = app.screen
        late_before = {e.debtor_id: e.days_late for e in screen.entries}
        assert app.fmt.long_day(TODAY) in str(screen.query_one("#queue-title").render())

        moment[0] = _local(tomorrow, time(0, 1))
        await wait_for(pilot, lambda: app.day == tomorrow and queue_loaded(pilot)())
        await wait_for(
            pilot, lambda: app.fmt.long_day(tomorrow) in str(screen.query_one("#queue-title").render())
        )
        late_after = {e.debtor_id: e.days_late for e in screen.entries}
        both = late_before.keys() & late_after.keys()
        assert both
        assert all(late_after[i] == late_before[i] + 1 for i in both)
    with demo_db.session() as session:
        assert (
            session.scalar(select(t.AppState.value).where(t.AppState.key == REFRESHED_ON))
            == tomorrow.isoformat()
        )
