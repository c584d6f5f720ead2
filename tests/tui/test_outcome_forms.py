"""The outcome forms capture what the script tells the caller to note, and save it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select
from tests.conftest import TODAY
from tests.tui.helpers import call_ready, on_screen, wait_for

from dunning_tui.store import tables as t


def _app(settings, demo_db, language: str):
    from dunning_tui.tui.app import build_app

    localized = settings.model_copy(update={"language": language, "locale": ""})
    return build_app(localized, demo_db, today=TODAY)


async def _outcome_form(pilot, kind: str):
    await wait_for(pilot, lambda: getattr(pilot.app.screen, "entries", None), timeout=15)
    await pilot.press("enter")
    await wait_for(pilot, lambda: getattr(pilot.app.screen, "file", None) is not None, timeout=15)
    await pilot.press("c")
    await wait_for(pilot, call_ready(pilot), timeout=15)
    call = pilot.app.screen
    await pilot.press("escape", "e")
    await wait_for(pilot, on_screen(pilot, "OutcomeScreen"))
    await pilot.press(kind)
    await wait_for(pilot, lambda: pilot.app.screen.focused is not None)
    return call


async def _retype(pilot, *keys: str) -> None:
    """Empty the focused field and type."""
    await pilot.press("end", "ctrl+u", *keys)


def _call_row(session, debtor_id: int) -> t.Call:
    return session.scalars(
        select(t.Call).where(t.Call.debtor_id == debtor_id).order_by(t.Call.id.desc())
    ).first()


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_a_plan_with_an_amount_now_and_uneven_instalments(settings, demo_db, language) -> None:
    app = _app(settings, demo_db, language)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await _outcome_form(pilot, "2")
        form = app.screen
        balance = call.file.balance
        assert form.focused.id == "f-total"
        await pilot.press("tab", *"100", "tab")  # paid today
        await _retype(pilot, "2")  # two instalments after it
        await pilot.press("tab", *"01/12/2026", "tab")  # first date; every 30 days
        await pilot.pause(0.2)
        # Proposed: the rest split evenly, each row editable.
        rest = balance - Decimal("100")
        half = (rest / 2).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
        assert form.plan_rows == 2
        assert form.query_one("#f-i1-date").value == "31/12/2026"
        assert form.query_one("#f-i0-amount").value == app.fmt.number(half)
        form.query_one("#f-i0-amount").focus()
        await _retype(pilot, *"300")
        await pilot.pause(0.1)
        # What is left to spread shows as you type, and stops the save until it is zero.
        left = str(form.query_one("#plan-left").render())
        assert app.fmt.money(rest - Decimal("300") - (rest - half), call.file.currency) in left
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert not form.reviewing
        form.query_one("#f-i1-amount").focus()
        await _retype(pilot, *app.fmt.number(rest - Decimal("300")))
        # The last instalment (31 Dec) passes the latest acceptable date: Enter does not agree to it.
        assert call.objective.latest_date < TODAY.replace(day=31, month=12)
        await pilot.press("enter")
        await wait_for(pilot, on_screen(pilot, "ConfirmScreen"))
        await pilot.press("enter")
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("y")
        await wait_for(pilot, lambda: app.screen is form and form.reviewing)
        await pilot.press("enter")
        await wait_for(pilot, on_screen(pilot, "EmailDraftScreen"), timeout=15)
        debtor_id = call.file.debtor.id
    with demo_db.session() as session:
        row = _call_row(session, debtor_id)
        assert row.outcome == "payment_plan"
        promises = session.scalars(
            select(t.Promise).where(t.Promise.call_id == row.id).order_by(t.Promise.promised_date)
        ).all()
        assert [(p.promised_date.isoformat(), p.amount_cents) for p in promises] == [
            (TODAY.isoformat(), 10000),
            ("2026-12-01", 30000),
            ("2026-12-31", int((rest - Decimal("300")) * 100)),
        ]
        assert all(p.plan_id == promises[0].plan_id is not None for p in promises)


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_already_paid_keeps_the_amount_day_and_reference_and_the_email_does_not_ask_again(
    settings, demo_db, language
) -> None:
    app = _app(settings, demo_db, language)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await _outcome_form(pilot, "5")
        form = app.screen
        assert form.focused.id == "f-date"
        await pilot.press(*"20/11/2026", "tab")
        await _retype(pilot, *"450,50")
        await pilot.press("tab", *"VIR-8842", "enter")
        await wait_for(pilot, lambda: form.reviewing)
        await pilot.press("enter")
        await wait_for(pilot, on_screen(pilot, "EmailDraftScreen"), timeout=15)
        body = app.screen.query_one("#email-body").text
        draft_language = app.screen.draft.language
        debtor_id = call.file.debtor.id
    with demo_db.session() as session:
        row = _call_row(session, debtor_id)
        assert (row.outcome, row.paid_on.isoformat(), row.paid_cents, row.paid_reference) == (
            "already_paid",
            "2026-11-20",
            45050,
            "VIR-8842",
        )
        # The follow-up checks that payment, by its amount, day and reference.
        check = session.scalars(
            select(t.NextAction).where(
                t.NextAction.debtor_id == debtor_id,
                t.NextAction.kind == "promise_check",
                t.NextAction.done_at.is_(None),
            )
        ).one()
        from dunning_tui.words import worded

        reason = worded(check.reason, language)
        assert "VIR-8842" in reason and "450" in reason
    from dunning_tui.words import spoken_day

    # The email thanks them for what they said and does not ask for it again.
    assert "VIR-8842" in body and spoken_day(TODAY.replace(day=20), draft_language) in body
    assert "450,50" in body or "450.50" in body
    assert "send us its date" not in body and "communiquer sa date" not in body


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_wrong_person_saves_the_right_person_as_the_contact_the_next_call_uses(
    settings, demo_db, language
) -> None:
    app = _app(settings, demo_db, language)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await _outcome_form(pilot, "7")
        form = app.screen
        assert form.focused.id == "f-name"
        await pilot.press(*"Claire Dumas", "tab", *"Comptable", "tab", *"01 44 55 66 77", "tab")
        await pilot.press(*"c.dumas@exemple.fr", "enter")
        await wait_for(pilot, lambda: form.reviewing)
        assert form.answered_by == "colleague"
        await pilot.press("enter")
        await wait_for(pilot, on_screen(pilot, "QueueScreen"), timeout=15)
        debtor_id = call.file.debtor.id
        # The debtor's file shows the new contact, and the next call is to them.
        app.open_debtor(debtor_id, None)
        await wait_for(pilot, lambda: getattr(app.screen, "file", None) is not None)
        assert app.screen.file.primary_contact.name == "Claire Dumas"
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Claire Dumas" in shown and "01 44 55 66 77" in shown
        await pilot.press("c")
        await wait_for(pilot, call_ready(pilot), timeout=15)
        next_call = app.screen.call_id
    with demo_db.session() as session:
        contacts = session.scalars(select(t.Contact).where(t.Contact.debtor_id == debtor_id)).all()
        new = [c for c in contacts if c.name == "Claire Dumas"]
        assert len(new) == 1
        assert (new[0].role, new[0].direct_line, new[0].email, new[0].is_primary) == (
            "Comptable",
            "01 44 55 66 77",
            "c.dumas@exemple.fr",
            True,
        )
        assert [c.name for c in contacts if c.is_primary] == ["Claire Dumas"]
        assert session.get(t.Call, next_call).contact_id == new[0].id


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_a_dispute_holds_only_the_disputed_invoice_with_its_amount_and_the_agreed_day(
    settings, demo_db, language
) -> None:
    from sqlalchemy import func

    with demo_db.session() as session:
        debtor_id, _n = session.execute(
            select(t.Invoice.debtor_id, func.count())
            .where(t.Invoice.status == "open", t.Invoice.paid_cents < t.Invoice.total_cents)
            .group_by(t.Invoice.debtor_id)
            .having(func.count() >= 2)
            .order_by(t.Invoice.debtor_id)
        ).first()
    app = _app(settings, demo_db, language)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: getattr(pilot.app.screen, "entries", None), timeout=15)
        app.open_debtor(debtor_id, None)
        await wait_for(pilot, lambda: getattr(app.screen, "file", None) is not None)
        await pilot.press("c")
        await wait_for(pilot, call_ready(pilot), timeout=15)
        call = app.screen
        first, second = call.file.open_invoices[:2]
        await pilot.press("escape", "e")
        await wait_for(pilot, on_screen(pilot, "OutcomeScreen"))
        await pilot.press("4")
        await wait_for(pilot, lambda: app.screen.focused is not None)
        form = app.screen
        assert form.focused.id == "f-reason"
        await pilot.press(*"Livraison incomplete", "tab")
        await _retype(pilot, *"10/12/2026")
        # One row per open invoice, each with its balance: 150 of the first, none of the others.
        await pilot.press("tab")
        assert form.focused.id == f"f-dis-{first.id}"
        await _retype(pilot, *"150")
        for invoice in call.file.open_invoices[1:]:
            await pilot.press("tab")
            assert form.focused.id == f"f-dis-{invoice.id}"
            await pilot.press("end", "ctrl+u")
        await pilot.press("enter")
        await wait_for(pilot, lambda: form.reviewing)
        await pilot.press("enter")
        await wait_for(pilot, on_screen(pilot, "EmailDraftScreen"), timeout=15)
        body = app.screen.query_one("#email-body").text
        draft_language = app.screen.draft.language
    with demo_db.session() as session:
        row = _call_row(session, debtor_id)
        assert row.outcome == "dispute" and row.documents_due.isoformat() == "2026-12-10"
        held = session.get(t.Invoice, first.id)
        assert (held.status, held.disputed_cents, held.dispute_reason) == (
            "disputed",
            15000,
            "Livraison incomplete",
        )
        assert session.get(t.Invoice, second.id).status == "open"
    from dunning_tui.words import spoken_day, spoken_money

    # The email gives the day agreed on the phone, the disputed amount, and the rest as still due.
    assert spoken_day(TODAY.replace(month=12, day=10), draft_language) in body
    assert spoken_money(Decimal("150"), call.file.currency, draft_language) in body
    assert second.number not in body.split("\n\n")[2]  # the dispute paragraph names the first only


async def test_keys_typed_in_a_burst_land_in_the_fields_their_tabs_lead_to(settings, demo_db) -> None:
    """A fast typist (or a busy machine) delivers "Tab 500 Tab 2" at once: each Tab moves the focus
    before the next letters are typed, as if they had been typed slowly."""
    from textual import events

    app = _app(settings, demo_db, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _outcome_form(pilot, "2")
        form = app.screen
        assert form.focused.id == "f-total"
        total = form.query_one("#f-total").value
        for key in ("tab", "ctrl+u", "5", "0", "0", "tab", "ctrl+u", "2", "tab", "x"):
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await wait_for(pilot, lambda: form.query_one("#f-date").value == "x")
        assert form.query_one("#f-now").value == "500"
        assert form.query_one("#f-count").value == "2"
        assert form.query_one("#f-total").value == total


async def test_the_dispute_form_shows_an_imported_invoice_number_as_written(settings, demo_db) -> None:
    """An invoice number is data from a file: "[b]F-1[/b]" is shown with its brackets."""
    from sqlalchemy import update

    app = _app(settings, demo_db, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: getattr(pilot.app.screen, "entries", None), timeout=15)
        debtor_id = app.screen.entries[0].debtor_id
        with demo_db.session() as session:
            invoice_id = session.scalars(
                select(t.Invoice.id).where(t.Invoice.debtor_id == debtor_id, t.Invoice.status == "open")
            ).first()
            session.execute(update(t.Invoice).where(t.Invoice.id == invoice_id).values(number="[b]F-1[/b]"))
        await pilot.press("c")
        await wait_for(pilot, call_ready(pilot), timeout=15)
        await pilot.press("escape", "e")
        await wait_for(pilot, on_screen(pilot, "OutcomeScreen"))
        await pilot.press("4")
        await wait_for(pilot, lambda: app.screen.focused is not None)
        label = app.screen.query_one(f"#row-dis-{invoice_id}").query_one(".field-label")
        assert str(label.render()) == "[b]F-1[/b]"
