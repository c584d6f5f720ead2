"""SVG snapshots of every screen, in English and in French, at 80×24."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from tests.conftest import TODAY
from tests.tui.helpers import call_ready, on_screen, queue_loaded, wait_for

LANGUAGES = ["en", "fr"]


@pytest.fixture(autouse=True)
def utc_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def _steady(run_before=None):
    """Run ``run_before``, then stop every cursor blinking: a snapshot must not depend on the blink."""

    async def run(pilot) -> None:
        if run_before is not None:
            await run_before(pilot)
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False
        await pilot.pause()

    return run


def _app(settings, demo_db, language: str):
    from dunning_tui.tui.app import build_app

    localized = settings.model_copy(update={"language": language, "locale": ""})
    return build_app(localized, demo_db, today=TODAY, ticks=lambda: 1000.0)


async def _open_file(pilot) -> None:
    await wait_for(pilot, queue_loaded(pilot))
    await pilot.press("enter")
    await wait_for(pilot, lambda: getattr(pilot.app.screen, "file", None) is not None)


async def _in_call(pilot) -> None:
    await _open_file(pilot)
    await pilot.press("c")
    await wait_for(pilot, call_ready(pilot))
    await pilot.press(*"rappel sous 48h", "enter")
    await pilot.pause(0.4)


@pytest.mark.parametrize("language", LANGUAGES)
def test_queue(snap_compare, settings, demo_db, language: str) -> None:
    async def run_before(pilot) -> None:
        await wait_for(pilot, queue_loaded(pilot))

    assert snap_compare(_app(settings, demo_db, language), run_before=_steady(run_before))


@pytest.mark.parametrize("language", LANGUAGES)
def test_debtor_file(snap_compare, settings, demo_db, language: str) -> None:
    assert snap_compare(_app(settings, demo_db, language), run_before=_steady(_open_file))


@pytest.mark.parametrize("language", LANGUAGES)
def test_call(snap_compare, settings, demo_db, language: str) -> None:
    assert snap_compare(_app(settings, demo_db, language), run_before=_steady(_in_call))


@pytest.mark.parametrize("language", LANGUAGES)
def test_call_command_mode(snap_compare, settings, demo_db, language: str) -> None:
    async def run_before(pilot) -> None:
        await _in_call(pilot)
        await pilot.press("escape")

    assert snap_compare(_app(settings, demo_db, language), run_before=_steady(run_before))


@pytest.mark.parametrize("language", LANGUAGES)
def test_outcome_promise(snap_compare, settings, demo_db, language: str) -> None:
    async def run_before(pilot) -> None:
        await _in_call(pilot)
        await pilot.press("escape", "e")
        await wait_for(pilot, on_screen(pilot, "OutcomeScreen"))
        await pilot.press("1", *"15/12")
        await pilot.pause(0.2)

    assert snap_compare(
        _app(settings, demo_db, language), run_before=_steady(run_before), terminal_size=(80, 30)
    )


async def _promise_to_review(pilot) -> None:
    """From the queue to the self-review of a promise for 27 November."""
    await _in_call(pilot)
    await pilot.press("escape", "e")
    await wait_for(pilot, on_screen(pilot, "OutcomeScreen"))
    await pilot.press("1", *"27/11", "enter")
    await wait_for(pilot, lambda: pilot.app.screen.reviewing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_outcome_review_at_80x24(snap_compare, settings, demo_db, language: str) -> None:
    async def run_before(pilot) -> None:
        await _promise_to_review(pilot)
        await pilot.press("u", "o")  # a vague promise, from a colleague
        await pilot.pause(0.2)

    assert snap_compare(
        _app(settings, demo_db, language), run_before=_steady(run_before), terminal_size=(80, 24)
    )


#: The outcome forms at 80×24, filled the way a call ends: the keys after the kind's.
FORMS = {
    "plan": ("2", "tab", *"100", "tab", "end", "ctrl+u", "2", "tab", *"01/12/2026"),
    "already_paid": ("5", *"20/11/2026", "tab", "tab", *"VIR-8842"),
    "wrong_person": ("7", *"Claire Dumas", "tab", *"Comptable", "tab", *"01 44 55 66 77"),
    "dispute": ("4", *"Livraison incomplete", "tab", "tab", "end", "ctrl+u", *"150"),
}


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_outcome_form_at_80x24(snap_compare, settings, demo_db, language: str, form: str) -> None:
    async def run_before(pilot) -> None:
        await _in_call(pilot)
        await pilot.press("escape", "e")
        await wait_for(pilot, on_screen(pilot, "OutcomeScreen"))
        await pilot.press(*FORMS[form])
        await pilot.pause(0.3)

    assert snap_compare(
        _app(settings, demo_db, language), run_before=_steady(run_before), terminal_size=(80, 24)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_resume_after_crash(snap_compare, settings, demo_db, language: str) -> None:
    from dunning_tui.domain.outcome import Objective
    from dunning_tui.store.calls import save_draft, start_call

    with demo_db.session() as session:
        call_id = start_call(session, 3, Objective(TODAY), datetime(2026, 11, 23, 14, 5, tzinfo=UTC))
        save_draft(session, call_id, "00:12 dit que la compta est en congés\n✎ rappeler jeu", "[]")

    async def run_before(pilot) -> None:
        await wait_for(pilot, on_screen(pilot, "ResumeScreen"))

    assert snap_compare(_app(settings, demo_db, language), run_before=_steady(run_before))


@pytest.mark.parametrize("language", LANGUAGES)
def test_empty_database(snap_compare, settings, database, language: str) -> None:
    async def run_before(pilot) -> None:
        await wait_for(pilot, on_screen(pilot, "ConfirmScreen"))
        await pilot.press("n")  # no demo data, thanks
        await wait_for(pilot, lambda: pilot.app.followed_up and on_screen(pilot, "QueueScreen")())
        await pilot.pause(0.2)

    assert snap_compare(_app(settings, database, language), run_before=_steady(run_before))


@pytest.mark.parametrize("language", LANGUAGES)
def test_email_draft_after_a_promise(snap_compare, settings, demo_db, language: str) -> None:
    async def run_before(pilot) -> None:
        await _promise_to_review(pilot)
        await pilot.press("enter")  # the self-review, as it stands
        await wait_for(pilot, on_screen(pilot, "EmailDraftScreen"))
        pilot.app.clear_notifications()  # the "Saved." toast fades on its own clock
        await pilot.pause()

    assert snap_compare(
        _app(settings, demo_db, language), run_before=_steady(run_before), terminal_size=(80, 30)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_payment_form(snap_compare, settings, demo_db, language: str) -> None:
    async def run_before(pilot) -> None:
        await _open_file(pilot)
        await pilot.press("p")
        await wait_for(pilot, on_screen(pilot, "PaymentScreen"))

    assert snap_compare(_app(settings, demo_db, language), run_before=_steady(run_before))


@pytest.mark.parametrize("language", LANGUAGES)
def test_report(snap_compare, settings, history_db, language: str) -> None:
    async def run_before(pilot) -> None:
        await wait_for(pilot, queue_loaded(pilot))
        await pilot.press("R")
        await wait_for(pilot, lambda: getattr(pilot.app.screen, "report", None) is not None)
        await pilot.pause(0.2)

    assert snap_compare(_app(settings, history_db, language), run_before=_steady(run_before))
