"""One debtor whose stored data cannot be read (values no version of the tool writes) does not
keep the user out: the queue still opens and lists the others, and that debtor's file says so in
one sentence."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from tests.conftest import TODAY
from tests.tui.helpers import wait_for
from typer.testing import CliRunner

from dunning_tui.cli import app as cli
from dunning_tui.store.database import Database

runner = CliRunner()


@pytest.fixture
def damaged(demo_db: Database) -> Database:
    with demo_db.engine.begin() as conn:
        conn.execute(text("UPDATE debtors SET kind = 'xxx' WHERE id = 2"))
        conn.execute(text("UPDATE invoices SET status = 'weird' WHERE debtor_id = 3"))
    return demo_db


def test_commands_skip_the_damaged_debtors_and_say_so_for_their_file(damaged: Database) -> None:
    listed = runner.invoke(cli, ["queue", "--json", "--date", TODAY.isoformat(), "--db", damaged.url])
    assert listed.exit_code == 0, listed.output
    assert len(json.loads(listed.output)) > 5
    for debtor in ("2", "3"):
        shown = runner.invoke(cli, ["show", debtor, "--db", damaged.url])
        assert shown.exit_code == 2, shown.output
        assert f"The file of debtor {debtor} cannot be read" in shown.output


async def test_the_app_opens_on_a_book_with_a_damaged_debtor(settings, damaged: Database) -> None:
    from dunning_tui.tui.app import build_app

    app = build_app(settings, damaged, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: bool(getattr(pilot.app.screen, "entries", None)))
        assert len(pilot.app.screen.entries) > 5
