from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

from typer.testing import CliRunner

from dunning_tui.cli import app
from tests.conftest import TODAY

runner = CliRunner()


def _demo(db_url: str) -> None:
    result = runner.invoke(app, ["demo", "--db", db_url, "--debtors", "25", "--date", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "25 debtors" in result.output


def test_demo_then_queue_json(db_url: str) -> None:
    _demo(db_url)
    result = runner.invoke(app, ["queue", "--db", db_url, "--date", TODAY.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data and {"id", "name", "total_overdue", "days_late", "priority"} <= set(data[0])
    assert data[0]["reason"] == "broken_promise"
    assert all(Decimal(row["total_overdue"]) > 0 for row in data)


def test_demo_refuses_a_database_with_debtors(db_url: str) -> None:
    _demo(db_url)
    result = runner.invoke(app, ["demo", "--db", db_url])
    assert result.exit_code == 2
    assert "already has debtors" in result.output


def test_show_json_has_the_whole_file(db_url: str) -> None:
    _demo(db_url)
    result = runner.invoke(app, ["show", "3", "--db", db_url, "--json", "--date", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("invoices", "payments", "documents", "events", "calls", "promises"):
        assert key in data
    assert all("balance" in inv for inv in data["invoices"])
    assert data["calls"] and {"notes", "outcome", "started_at", "ended_at"} <= set(data["calls"][0])
    assert data["promises"] and {"promised_date", "amount", "status"} <= set(data["promises"][0])


def test_show_text_and_unknown_debtor(db_url: str) -> None:
    _demo(db_url)
    ok = runner.invoke(app, ["show", "3", "--db", db_url])
    assert ok.exit_code == 0 and "Invoices" in ok.output
    bad = runner.invoke(app, ["show", "nobody-at-all", "--db", db_url])
    assert bad.exit_code == 2
    assert "No debtor matches 'nobody-at-all'" in bad.output
    assert "Traceback" not in bad.output


def test_bad_date_and_bad_config_are_exit_2(db_url: str, isolated_home) -> None:
    bad_date = runner.invoke(app, ["queue", "--db", db_url, "--date", "23/11/2026"])
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.output
    (isolated_home / "config.toml").write_text("jurisdiction = 'XX'\n")
    bad_cfg = runner.invoke(app, ["queue", "--db", db_url])
    assert bad_cfg.exit_code == 2 and "jurisdiction" in bad_cfg.output
    (isolated_home / "config.toml").write_text("this is = = not toml")
    broken = runner.invoke(app, ["queue", "--db", db_url])
    assert broken.exit_code == 2 and "not valid TOML" in broken.output


def test_dunning_db_environment_variable(db_url: str, monkeypatch) -> None:
    _demo(db_url)
    monkeypatch.setenv("DUNNING_DB", db_url)
    result = runner.invoke(app, ["queue", "--json", "--date", TODAY.isoformat()])
    assert result.exit_code == 0 and json.loads(result.output)


def test_help_imports_neither_textual_nor_sqlalchemy() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['dunning', '--help']\n"
        "from dunning_tui.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('textual', 'sqlalchemy', 'pydantic', 'alembic') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out
    assert "queue" in out and "demo" in out


def test_queue_table_keeps_the_names_in_a_narrow_terminal(db_url: str, monkeypatch) -> None:
    _demo(db_url)
    first = json.loads(
        runner.invoke(app, ["queue", "--db", db_url, "--date", TODAY.isoformat(), "--json"]).output
    )[0]
    for width, note_shown in (("80", False), ("160", True)):
        monkeypatch.setenv("COLUMNS", width)
        result = runner.invoke(app, ["queue", "--db", db_url, "--date", TODAY.isoformat()])
        assert result.exit_code == 0, result.output
        assert first["name"].split()[0] in result.output, width
        assert ("Note" in result.output) is note_shown
        assert max(len(line) for line in result.output.splitlines()) <= int(width)


def test_the_queue_and_the_file_speak_the_users_language(db_url: str, monkeypatch) -> None:
    _demo(db_url)
    monkeypatch.setenv("COLUMNS", "160")  # wide enough for the note column
    monkeypatch.setenv("DUNNING_LANGUAGE", "fr")
    french = runner.invoke(app, ["queue", "--db", db_url, "--date", TODAY.isoformat()])
    assert french.exit_code == 0, french.output
    assert f"File d'appels du {TODAY.isoformat()}" in french.output
    assert "promesse rompue" in french.output and "promise" not in french.output
    assert "Débiteur" in french.output and "Debtor" not in french.output
    assert "Total en retard (EUR)" in french.output
    monkeypatch.setenv("DUNNING_LANGUAGE", "en")
    english = runner.invoke(app, ["queue", "--db", db_url, "--date", TODAY.isoformat()])
    assert english.exit_code == 0, english.output
    assert "broken promise" in english.output and "promesse" not in english.output
    shown = runner.invoke(app, ["show", "1", "--db", db_url, "--date", TODAY.isoformat()])
    assert shown.exit_code == 0, shown.output
    assert '{"k"' not in shown.output  # stored codes are worded, never printed raw
    monkeypatch.setenv("DUNNING_LANGUAGE", "fr")
    missing = runner.invoke(app, ["show", "no such debtor", "--db", db_url])
    assert missing.exit_code == 2 and missing.output.startswith("Erreur\u00a0: ")
    from dunning_tui.words import use

    use("en")  # the process's language back for the next test in this worker
