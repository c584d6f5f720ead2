"""The calendar export: open actions only, stable UIDs, all-day or timed events."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from typer.testing import CliRunner

from dunning_tui.cli import app
from dunning_tui.documents.ical import build_calendar, uid_for
from dunning_tui.store import tables as t
from dunning_tui.store.outbox import open_agenda

runner = CliRunner()


def _events(data: bytes) -> dict[str, Any]:
    from icalendar import Calendar

    cal = Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_open_actions_become_events_with_stable_uids(demo_db: Any) -> None:
    with demo_db.session() as s:
        open_ids = set(s.scalars(select(t.NextAction.id).where(t.NextAction.done_at.is_(None))))
        done = s.scalars(select(t.NextAction).where(t.NextAction.done_at.is_(None))).first()
        assert done is not None
        done.done_at = datetime.now(UTC)
        open_ids.discard(done.id)
        items = open_agenda(s)
    assert {i.action.id for i in items} == open_ids and open_ids

    events = _events(build_calendar(items))
    assert set(events) == {uid_for(i) for i in open_ids}
    assert uid_for(done.id) not in events
    for item in items:
        event = events[uid_for(item.action.id)]
        assert item.debtor_name in str(event["SUMMARY"])
        start = event.decoded("DTSTART")
        if item.action.due_time is None:
            assert start == item.action.due_date and not isinstance(start, datetime)
            assert event.decoded("DTEND") == item.action.due_date + timedelta(days=1)
        else:
            assert start == datetime.combine(item.action.due_date, item.action.due_time)
            assert start.tzinfo is None  # floating: the wall-clock time agreed on the phone


def test_call_backs_are_timed_and_a_new_export_keeps_the_uids(demo_db: Any) -> None:
    with demo_db.session() as s:
        action = t.NextAction(
            debtor_id=1, kind="call_back", due_date=date(2026, 11, 25), due_time=time(15, 30)
        )
        s.add(action)
        s.flush()
        action_id = action.id
        first = build_calendar(open_agenda(s), now=datetime(2026, 11, 23, tzinfo=UTC))
    with demo_db.session() as s:
        s.get(t.NextAction, action_id).due_time = time(16, 45)  # type: ignore[union-attr]
        second = build_calendar(open_agenda(s), now=datetime(2026, 11, 24, tzinfo=UTC))
    a, b = _events(first)[uid_for(action_id)], _events(second)[uid_for(action_id)]
    assert a.decoded("DTSTART") == datetime(2026, 11, 25, 15, 30)
    assert a.decoded("DTEND") == datetime(2026, 11, 25, 15, 45)
    assert b.decoded("DTSTART") == datetime(2026, 11, 25, 16, 45)
    assert str(a["SUMMARY"]).startswith("Call back:")
    assert set(_events(first)) == set(_events(second))


def test_command_writes_the_ics(demo_db: Any, db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "agenda.ics"
    result = runner.invoke(app, ["calendar", "--out", str(out), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with demo_db.session() as s:
        count = len(s.scalars(select(t.NextAction.id).where(t.NextAction.done_at.is_(None))).all())
    assert len(_events(out.read_bytes())) == count
    assert f"({count} open actions)" in result.output


def test_command_to_standard_output(demo_db: Any, db_url: str) -> None:
    result = runner.invoke(app, ["calendar", "--out", "-", "--db", db_url])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR")


def test_command_default_path_is_in_the_data_folder(demo_db: Any, db_url: str, isolated_home: Path) -> None:
    result = runner.invoke(app, ["calendar", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert (isolated_home / "data" / "dunning-tui" / "dunning.ics").is_file()
