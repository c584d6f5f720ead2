"""A letter is a legal act: asked first (never yes on Enter), and never sent without a sender."""

from __future__ import annotations

import tomllib

from sqlalchemy import select
from tests.tui.helpers import on_screen, queue_loaded, told, wait_for

from dunning_tui.store import tables as t


async def _open_file(pilot) -> None:
    await wait_for(pilot, queue_loaded(pilot))
    await pilot.press("enter")
    await wait_for(pilot, lambda: getattr(pilot.app.screen, "file", None) is not None)


async def test_a_letter_without_the_creditors_identity_asks_for_it_once_and_writes_the_config(
    app, demo_db, isolated_home
) -> None:
    said = told(app)  # every notification, even one that faded before the letter was done
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_file(pilot)
        debtor_id = app.screen.debtor_id
        asked = [a for a in app.screen.file.actions if a.kind.value == "escalation" and a.done_at is None]
        assert asked, "the first debtor's ladder asks for a letter"
        await pilot.press("l")
        await wait_for(pilot, on_screen(pilot, "ConfirmScreen"))
        await pilot.press("enter")  # Enter is no answer to a legal act
        await pilot.pause(0.1)
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("y")
        # Name and email are in the settings; the address and the IBAN are not: the form asks.
        await wait_for(pilot, on_screen(pilot, "CreditorScreen"))
        assert app.focused is app.screen.query_one("#c-address")
        await pilot.press("ctrl+s")  # still missing: the form stays and says what
        await pilot.pause(0.1)
        assert "creditor.address" in str(app.screen.query_one("#creditor-problem").render())
        await pilot.press(*"12 rue des Lilas / 75011 Paris")
        app.screen.query_one("#c-iban").focus()
        await pilot.press(*"FR76 3000 6000 0112 3456 7890 189", "ctrl+s")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "DebtorScreen", timeout=15)
        await wait_for(pilot, lambda: any("Letter written" in message for message in said))
        assert any("Writing the letter" in message for message in said)
    config = tomllib.loads((isolated_home / "config.toml").read_text("utf-8"))["creditor"]
    assert config["name"] == "Studio Exemple" and config["phone"] == "+33 1 23 45 67 89"
    assert config["address"] == "12 rue des Lilas\n75011 Paris"
    assert config["iban"] == "FR76 3000 6000 0112 3456 7890 189"
    with demo_db.session() as session:
        letters = session.scalars(
            select(t.ContactEvent).where(
                t.ContactEvent.debtor_id == debtor_id, t.ContactEvent.channel == "letter"
            )
        ).all()
        assert len(letters) == 1
        # The letter is the step the ladder asked for: no "escalate in writing" stays open beside it.
        open_escalations = session.scalars(
            select(t.NextAction).where(
                t.NextAction.debtor_id == debtor_id,
                t.NextAction.kind == "escalation",
                t.NextAction.done_at.is_(None),
            )
        ).all()
        assert open_escalations == []


async def test_the_command_refuses_a_letter_without_a_sender_in_one_sentence(db_url, demo_db) -> None:
    from typer.testing import CliRunner

    from dunning_tui.cli import app as cli

    result = CliRunner().invoke(cli, ["letter", "1", "--db", db_url])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "creditor.name, creditor.address, creditor.iban" in lines[0]
