from __future__ import annotations

import json

from sqlalchemy import select
from tests.tui.helpers import call_ready, on_screen, wait_for

from dunning_tui.store import tables as t


async def _to_call(pilot) -> object:
    await wait_for(pilot, lambda: getattr(pilot.app.screen, "entries", None), timeout=15)
    await pilot.press("enter")  # open the first debtor's file
    await wait_for(pilot, lambda: getattr(pilot.app.screen, "file", None) is not None, timeout=15)
    await pilot.press("c")
    await wait_for(pilot, call_ready(pilot), timeout=15)
    return pilot.app.screen


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


async def test_whole_path_to_a_saved_promise(app, demo_db) -> None:
    from tests.conftest import TODAY

    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: getattr(pilot.app.screen, "entries", None), timeout=15)
        queue = app.screen
        due_before = queue.due
        call = await _to_call(pilot)
        debtor_id = call.file.debtor.id
        await pilot.press(*"Virement vendredi", "enter")
        await pilot.press("escape", "e")
        await wait_for(pilot, on_screen(pilot, "OutcomeScreen"))
        await pilot.press("1")  # promise
        await pilot.press(*"friday")
        await pilot.pause(0.1)
        resolved = app.screen.query_one("#r-date").render()
        assert "Friday" in str(resolved)
        await pilot.press("enter")
        # The self-review: what the outcome's data already answers is ticked; one key per question.
        await wait_for(pilot, lambda: app.screen.reviewing)
        review = app.screen.review
        assert review == {"amount": True, "date": True, "method": True, "vague": False, "next": False}
        await pilot.press("n", "s")  # I said what happens next; the switchboard answered
        await pilot.press("enter")
        # The confirmation email comes up to review; Esc keeps it in the outbox.
        await wait_for(pilot, on_screen(pilot, "EmailDraftScreen"), timeout=15)
        body = app.screen.query_one("#email-body").text
        language = app.screen.draft.language
        await pilot.press("escape")
        await wait_for(pilot, on_screen(pilot, "QueueScreen"), timeout=15)
        outbox = list(app.settings.outbox_dir().glob("*.eml"))
        assert len(outbox) == 1
        assert app.session_totals.calls == 1 and app.session_totals.promises == 1
        # The debtor promised: nothing is due for them until the check, one fewer still to call.
        await wait_for(pilot, lambda: queue.due == due_before - 1, timeout=15)
    with demo_db.session() as session:
        call_row = session.scalars(
            select(t.Call).where(t.Call.debtor_id == debtor_id).order_by(t.Call.id.desc())
        ).first()
        assert call_row.outcome == "promise" and call_row.ended_at is not None
        assert json.loads(call_row.review) == {
            "amount": True,
            "date": True,
            "method": True,
            "next": True,
            "vague": False,
        }
        assert call_row.answered_by == "switchboard"
        assert "Virement vendredi" in call_row.notes
        promise = session.scalars(select(t.Promise).where(t.Promise.call_id == call_row.id)).one()
        assert promise.promised_date.weekday() == 4 and promise.promised_date > TODAY
        # The email states the promise from its data, once, in the debtor's language.
        from dunning_tui.words import spoken_day

        assert body.count(spoken_day(promise.promised_date, language)) == 1
        assert "We confirm by email today" not in body and "Nous confirmons par e-mail" not in body
        # The check comes the day after the promised date (no bank delay by default), as the script
        # tells the debtor ("je regarderai le lendemain").
        check = session.scalars(
            select(t.NextAction).where(
                t.NextAction.debtor_id == debtor_id,
                t.NextAction.kind == "promise_check",
                t.NextAction.done_at.is_(None),
            )
        ).one()
        assert app.settings.cadence.bank_delay_days == 0
        assert (check.due_date - promise.promised_date).days == 1
        emails = session.scalars(
            select(t.ContactEvent).where(
                t.ContactEvent.debtor_id == debtor_id, t.ContactEvent.channel == "email"
            )
        ).all()
        assert [json.loads(e.summary)["k"] for e in emails] == ["event.email_outbox"]


async def test_interrupted_call_is_offered_back_with_its_notes(settings, demo_db) -> None:
    from tests.conftest import TODAY

    from dunning_tui.tui.app import build_app

    first = build_app(settings, demo_db, today=TODAY)
    async with first.run_test(size=(100, 30)) as pilot:
        call = await _to_call(pilot)
        await pilot.press(*"promet de regarder", "enter", *"en cours de fra")
        await pilot.pause(0.6)  # the debounced draft save
        call_id = call.call_id
    # The app died without an outcome: a new start offers to resume it.
    second = build_app(settings, demo_db, today=TODAY)
    async with second.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, on_screen(pilot, "ResumeScreen"), timeout=15)
        await pilot.press("r")
        await wait_for(pilot, call_ready(pilot), timeout=15)
        screen = second.screen
        assert screen.call_id == call_id
        assert any("promet de regarder" in line for line in screen.lines)
        assert screen.query_one("#notes-input").value == "en cours de fra"


async def test_the_script_named_in_the_settings_is_the_one_shown(settings, demo_db, tmp_path) -> None:
    from tests.conftest import TODAY

    from dunning_tui.script.loader import export_defaults
    from dunning_tui.tui.app import build_app

    english = next(p for p in export_defaults(tmp_path) if p.name == "en.toml")
    english.write_text(
        english.read_text(encoding="utf-8").replace('\nlanguage = "en"', '\nlanguage = "en"\n# mine'),
        encoding="utf-8",
    )
    mine = tmp_path / "mine.toml"
    mine.write_text(
        english.read_text(encoding="utf-8").replace('name = "', 'name = "Mine: ', 1), encoding="utf-8"
    )
    custom = settings.model_copy(update={"call": settings.call.model_copy(update={"script": mine})})
    app = build_app(custom, demo_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        call = await _to_call(pilot)
        assert call.script.name.startswith("Mine: ")
        assert call.script.language == "en"  # chosen by the settings, whatever the debtor's language


async def test_quitting_during_a_call_asks_first_and_keeps_the_last_keystrokes(app) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_call(pilot)
        await pilot.press("ctrl+q")
        await wait_for(pilot, on_screen(pilot, "ConfirmScreen"))
        await pilot.press("n")
        await wait_for(pilot, on_screen(pilot, "CallScreen"))
        assert app.is_running
        call_id = app.open_call_id
        await pilot.press(*"dernier mot")  # typed just before quitting: inside the debounce delay
        await pilot.press("ctrl+q")
        await wait_for(pilot, on_screen(pilot, "ConfirmScreen"))
        await pilot.press("y")
        await pilot.pause(0.3)
        assert not app.is_running
    with app.services.database.session() as session:
        from dunning_tui.store import tables

        assert "dernier mot" in session.get(tables.Call, call_id).notes


async def test_alt_b_steps_back_and_a_stray_command_key_does_nothing(app, demo_db) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        call = await _to_call(pilot)
        notes = call.query_one("#notes-input")
        first_node = call.path.current
        await pilot.press("alt+1")
        assert call.path.current != first_node
        await pilot.press("alt+b")  # what the terminal's ESC b now parses as
        assert call.path.current == first_node
        assert app.focused is notes
        await pilot.press("escape", "x")  # not a command
        assert notes.value == "" and call.path.current == first_node
        assert app.focused is not notes  # still in command mode: the next key is a command
        assert "b back" in str(call.query_one("#mode-line").render())
        await pilot.press("1")
        assert call.path.current != first_node and app.focused is notes
        await pilot.press("alt+x")  # Esc then x typed fast, as a terminal sends it
        assert notes.value == "" and app.focused is notes


async def test_ctrl_s_without_a_mail_server_says_why_it_cannot_send(app, demo_db) -> None:
    assert not app.settings.smtp_url
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_call(pilot)
        await pilot.press("escape", "e")
        await wait_for(pilot, on_screen(pilot, "OutcomeScreen"))
        await pilot.press("1", *"27/11", "enter")
        await wait_for(pilot, lambda: app.screen.reviewing)
        await pilot.press("enter")
        await wait_for(pilot, on_screen(pilot, "EmailDraftScreen"), timeout=15)
        await pilot.press("ctrl+s")
        await pilot.pause(0.2)
        said = [n.message for n in app._notifications]
        assert any("no mail server in the settings (smtp_url)" in m for m in said)
        assert type(app.screen).__name__ == "EmailDraftScreen"  # nothing was sent, nothing was lost


async def test_after_an_outcome_the_cursor_is_on_the_next_debtor_and_the_block_survives_a_restart(
    settings, demo_db
) -> None:
    from tests.conftest import TODAY

    from dunning_tui.tui.app import build_app

    first = build_app(settings, demo_db, today=TODAY)
    async with first.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: getattr(pilot.app.screen, "entries", None), timeout=15)
        queue = first.screen
        table = queue.query_one("#queue-table")
        await pilot.press("down")  # the user calls the second debtor
        called = queue.entries[table.cursor_row].debtor_id
        await pilot.press("c")
        await wait_for(pilot, call_ready(pilot), timeout=15)
        await pilot.press("escape", "e")
        await wait_for(pilot, on_screen(pilot, "OutcomeScreen"))
        await pilot.press("6")  # no answer: nothing to review, no email
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: first.screen is queue and first.last_called is None, timeout=15)
        await pilot.pause(0.2)
        below = queue.entries[table.cursor_row]
        assert below.debtor_id != called and below.debtor_id == next(
            e.debtor_id for e in queue.entries if e.debtor_id != called
        )  # the top of what is still due
        assert first.session_totals.calls == 1
    again = build_app(settings, demo_db, today=TODAY)
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: again.session_totals.calls == 1, timeout=15)
        assert again.session_totals.called == {called}


async def test_every_answer_is_on_screen_at_80x24(app, demo_db) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        call = await _to_call(pilot)
        answers = call.query_one("#call-answers")
        notes = call.query_one("#call-notes")
        most = 0
        for step in ("1", "5", "1"):  # who answers, then the right person's node, then an objection
            await pilot.pause(0.1)
            node = call.node
            text = str(answers.render())
            for answer in node.answers:
                assert f" {answer.key} " in text
            # Inside the screen, above the notes: nothing below the fold.
            assert answers.region.bottom <= notes.region.y
            columns = 2 if len(node.answers) > 4 else 1
            assert answers.region.height == -(-len(node.answers) // columns) + 1  # rows + its rule
            most = max(most, len(node.answers))
            await pilot.press("escape", step)
        assert most >= 8


async def test_a_resumed_half_typed_line_keeps_the_time_it_was_typed(settings, demo_db) -> None:
    from sqlalchemy import update
    from tests.conftest import TODAY

    from dunning_tui.tui.app import build_app

    first = build_app(settings, demo_db, today=TODAY)
    async with first.run_test(size=(100, 30)) as pilot:
        call = await _to_call(pilot)
        await pilot.press(*"en cours de fra")
        await pilot.pause(0.6)  # the debounced draft save
        call_id = call.call_id
    with demo_db.session() as session:
        notes = session.scalar(select(t.Call.notes).where(t.Call.id == call_id))
        assert notes.startswith("✎@00:0")  # the line was begun in the first seconds of the call
        # As if it had been begun 7 min 41 s into the call, before the crash.
        session.execute(update(t.Call).where(t.Call.id == call_id).values(notes="✎@07:41 en cours de fra"))
    second = build_app(settings, demo_db, today=TODAY)
    async with second.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, on_screen(pilot, "ResumeScreen"), timeout=15)
        await pilot.press("r")
        await wait_for(pilot, call_ready(pilot), timeout=15)
        await pilot.press(*"nce", "enter")
        assert second.screen.lines[-1] == "07:41 en cours de france"
