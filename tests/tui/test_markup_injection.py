"""Names, notes and reasons holding markup are shown as text on every screen, and break nothing.

The book is the demo with markup in every text field (tests/markup_book.py), and one call left open
as if the app had died during it: the app must start, offer to resume it, and then walk through
the queue, a debtor's file, the payment dialog, a call, the outcome and the confirmation email.
"""

from __future__ import annotations

import pytest
from sqlalchemy import update
from tests.conftest import TODAY
from tests.markup_book import HOSTILE, hostile_book
from tests.tui.helpers import call_ready, on_screen, wait_for

from dunning_tui.store import tables as t
from dunning_tui.store.database import Database


@pytest.fixture
def hostile_db(database: Database) -> Database:
    hostile_book(database, debtors=12)
    with database.session() as s:
        from datetime import UTC, datetime, timedelta

        from dunning_tui.domain.outcome import Objective
        from dunning_tui.store.calls import open_calls, start_call

        for call in open_calls(s):
            s.execute(update(t.Call).where(t.Call.id == call.call_id).values(ended_at=call.started_at))
        started = datetime(2026, 11, 20, 10, tzinfo=UTC)
        call_id = start_call(s, 2, Objective(latest_date=TODAY + timedelta(days=7)), started)
        s.execute(update(t.Call).where(t.Call.id == call_id).values(notes=HOSTILE[2]))
    return database


def _shown(pilot) -> str:
    """Every piece of text on the current screen, as the user reads it."""
    from textual.widgets import Static

    return "\n".join(str(widget.render()) for widget in pilot.app.screen.query(Static))


async def test_every_screen_shows_hostile_text_as_text(settings, hostile_db) -> None:
    from dunning_tui.tui.app import build_app

    app = build_app(settings, hostile_db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        # The interrupted call of debtor 2 is offered first; its name and notes are plain text.
        await wait_for(pilot, on_screen(pilot, "ResumeScreen"))
        assert f"{HOSTILE[2]} 2" in _shown(pilot)
        await pilot.press("x")  # close it, notes kept
        await wait_for(pilot, lambda: bool(getattr(pilot.app.screen, "entries", None)))
        table = pilot.app.screen.query_one("DataTable")
        cells = "\n".join(str(table.get_row_at(i)) for i in range(table.row_count))
        assert any(text in cells for text in HOSTILE), cells

        # Every debtor's file, its payment dialog; then a call, its outcome and the email.
        for _row in range(3):
            await pilot.press("enter")
            await wait_for(pilot, lambda: getattr(pilot.app.screen, "file", None) is not None)
            name = pilot.app.screen.file.debtor.name
            assert name in _shown(pilot)
            await pilot.press("p")
            await wait_for(pilot, on_screen(pilot, "PaymentScreen"))
            assert name in _shown(pilot)
            await pilot.press("escape")
            await wait_for(pilot, on_screen(pilot, "DebtorScreen"))
            await pilot.press("escape")
            await wait_for(pilot, on_screen(pilot, "QueueScreen"))
            await pilot.press("down")

        await pilot.press("enter")
        await wait_for(pilot, lambda: getattr(pilot.app.screen, "file", None) is not None)
        name = pilot.app.screen.file.debtor.name
        await pilot.press("c")
        await wait_for(pilot, call_ready(pilot))
        assert name in _shown(pilot)
        await pilot.press(*"[b]x[/b] [/] [@click=app.quit]Q[/]", "enter")
        await pilot.press("escape", "e")
        await wait_for(pilot, on_screen(pilot, "OutcomeScreen"))
        await pilot.press("1")  # promise
        await pilot.press(*"friday")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await wait_for(pilot, lambda: pilot.app.screen.reviewing)
        assert any(text in _shown(pilot) for text in HOSTILE)  # the summary in the review, as text
        await pilot.press("enter")
        await wait_for(pilot, on_screen(pilot, "EmailDraftScreen"), timeout=15)
        shown = _shown(pilot)
        assert any(text in shown for text in HOSTILE), shown
        await pilot.press("escape")
        await wait_for(pilot, on_screen(pilot, "QueueScreen"), timeout=15)
        assert pilot.app.return_code is None  # still running: nothing crashed
        errors = [n.message for n in pilot.app._notifications if n.severity == "error"]
        assert errors == []


def test_an_app_that_crashes_exits_with_a_non_zero_status(
    settings, hostile_db, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.app import App

    from dunning_tui.tui import launch
    from dunning_tui.tui.app import DunningApp

    def crash(self: DunningApp) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(DunningApp, "on_mount", crash)
    monkeypatch.setattr(DunningApp, "run", lambda self: App.run(self, headless=True))
    with pytest.raises(SystemExit) as stopped:
        launch.launch(hostile_db.url)
    assert stopped.value.code == 1


async def test_the_email_screen_lists_every_attachment_before_sending(settings, hostile_db, tmp_path) -> None:
    from dunning_tui.tui.app import build_app
    from dunning_tui.tui.screens.email_draft import EmailDraftScreen

    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "F [b]1.pdf").write_bytes(b"%PDF-1.4 " + b"x" * 2000)
    (tmp_path / "id_rsa").write_bytes(b"-----BEGIN OPENSSH PRIVATE KEY-----")
    with hostile_db.session() as s:
        from sqlalchemy import select

        debtor = s.scalars(
            select(t.Call.debtor_id)
            .join(t.Invoice, t.Invoice.debtor_id == t.Call.debtor_id)
            .where(t.Call.outcome.is_not(None), t.Invoice.paid_cents < t.Invoice.total_cents)
        ).first()
        pdf = str(folder / "F [b]1.pdf")
        s.execute(update(t.Invoice).where(t.Invoice.debtor_id == debtor).values(pdf_path=pdf))
    chosen = {"attachments_dirs": [folder], "terms_of_sale": tmp_path / "id_rsa"}
    app = build_app(settings.model_copy(update=chosen), hostile_db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen_stack and type(app.screen).__name__ != "Screen")
        draft = app.services.confirmation(debtor)
        app.push_screen(EmailDraftScreen(draft))
        await wait_for(pilot, on_screen(pilot, "EmailDraftScreen"))
        shown = _shown(pilot)
        assert "Attached: F [b]1.pdf (2.0 KiB)" in shown
        assert f"{tmp_path / 'id_rsa'} is not attached: it is not a PDF" in shown
