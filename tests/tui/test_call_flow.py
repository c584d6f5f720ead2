from __future__ import annotations

import json

from sqlalchemy import select

from dunning_tui.store import tables as t


async def _to_call(pilot) -> object:
    await pilot.pause()
    await pilot.press("enter")  # open the first debtor's file
    await pilot.pause(0.3)
    await pilot.press("c")
    for _ in range(30):
        await pilot.pause(0.1)
        screen = pilot.app.screen
        if type(screen).__name__ == "CallScreen" and screen.call_id and screen.node:
            return screen
    raise AssertionError(f"call did not start: {pilot.app.screen}")


async def test_digits_typed_stay_in_the_notes_and_esc_digit_answers(app, demo_db) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        call = await _to_call(pilot)
        notes = call.query_one("#notes-input")
        assert app.focused is notes
        await pilot.press(*"2 virements le 15", "enter")
        assert call.lines[-1].endswith("2 virements le 15")
        first_node = call.path.current
        await pilot.press("escape", "1")
        assert call.path.current != first_node
        assert app.focused is notes
        await pilot.press("alt+2")
        await pilot.press("x")
        assert notes.value == "x"
        await pilot.pause(0.5)
    with demo_db.session() as session:
        row = session.scalars(select(t.Call).where(t.Call.ended_at.is_(None))).one()
        assert "2 virements le 15" in row.notes
        assert len(json.loads(row.script_path)) >= 2
