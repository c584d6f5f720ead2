"""Importing from the app (command palette → import): a refused import says which rows to fix."""

from __future__ import annotations

from tests.importers.test_csv_import import FRENCH_INVOICES
from tests.tui.helpers import on_screen, queue_loaded, wait_for


def _errors(app) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


async def _import_refused(app, tmp_path) -> tuple[str, list[str]]:
    """A CSV file with an amount written in words, imported from the app: the error's first line,
    then its lines on the bad rows."""
    bad = FRENCH_INVOICES.replace("1 234,50", "douze euros")
    (tmp_path / "factures.csv").write_text(bad, encoding="utf-8")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        app.ask_import()
        await wait_for(pilot, on_screen(pilot, "ImportScreen"))
        await pilot.press(*str(tmp_path / "factures.csv"), "enter")
        await wait_for(pilot, lambda: _errors(app), timeout=15)
        (message,) = _errors(app)
    first, *rows = message.splitlines()
    return first, rows


async def test_a_refused_import_names_its_bad_rows(app, tmp_path) -> None:
    first, rows = await _import_refused(app, tmp_path)
    assert "nothing was imported" in first
    assert rows and "douze euros" in rows[0] and "factures.csv" in rows[0]


async def test_an_open_quote_is_one_sentence(app) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        app.ask_import()
        await wait_for(pilot, on_screen(pilot, "ImportScreen"))
        await pilot.press(*'"/tmp/no end', "enter")
        await wait_for(pilot, lambda: _errors(app), timeout=15)
        assert _errors(app) == ['A quote is left open in: "/tmp/no end']


async def test_a_refused_import_is_worded_in_french_row_by_row(settings, demo_db, tmp_path) -> None:
    from tests.conftest import TODAY

    from dunning_tui.tui.app import build_app

    app = build_app(settings.model_copy(update={"language": "fr", "locale": ""}), demo_db, today=TODAY)
    first, rows = await _import_refused(app, tmp_path)
    assert first == "factures.csv a 1 ligne erronée\u202f; rien n'a été importé."
    assert (
        rows[0].startswith("factures.csv ligne ")
        and "valeur «\u00a0douze euros\u00a0»\u00a0: pas un montant" in rows[0]
    )
