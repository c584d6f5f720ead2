"""``dunning script check`` and ``dunning script export-default``."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from dunning_tui.cli import app
from tests.script.helpers import MINIMAL, write

runner = CliRunner()
DEFAULTS = Path(__file__).parents[2] / "src" / "dunning_tui" / "script" / "defaults"


def test_check_ok_with_summary() -> None:
    result = runner.invoke(app, ["script", "check", str(DEFAULTS / "fr.toml")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: 'Relance téléphonique' (fr), 39 nodes, 11 ends")
    assert "1 other entry point" in result.stdout and "longest path" in result.stdout


def test_check_minimal(tmp_path: Path) -> None:
    result = runner.invoke(app, ["script", "check", str(write(tmp_path, MINIMAL))])
    assert result.exit_code == 0
    assert result.stdout.strip() == "ok: 'Test' (en), 3 nodes, 2 ends, longest path 1 step"


def test_check_bad_file_names_the_node(tmp_path: Path) -> None:
    text = MINIMAL.replace('to = "c"', 'to = "nowhere"') + '\n[nodes.d]\ntitle = "D"\n'
    result = runner.invoke(app, ["script", "check", str(write(tmp_path, text))])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: The call script ") and "cannot be used" in lines[0]
    assert any("node 'a', field 'answers[2].to': unknown node 'nowhere'" in line for line in lines)
    assert any("node 'd', field 'answers'" in line for line in lines)
    assert "Traceback" not in result.output


def test_check_bad_toml(tmp_path: Path) -> None:
    result = runner.invoke(app, ["script", "check", str(write(tmp_path, "name = \n"))])
    assert result.exit_code == 2 and "not valid TOML" in result.stderr


def test_export_default_then_refuse_then_force(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    result = runner.invoke(app, ["script", "export-default", str(target)])
    assert result.exit_code == 0, result.output
    assert (target / "fr.toml").exists() and (target / "en.toml").exists()
    again = runner.invoke(app, ["script", "export-default", str(target)])
    assert again.exit_code == 2
    assert again.stderr.strip() == f"Error: {target / 'fr.toml'} already exists; use --force to overwrite it."
    forced = runner.invoke(app, ["script", "export-default", str(target), "--force"])
    assert forced.exit_code == 0
    check = runner.invoke(app, ["script", "check", str(target / "en.toml")])
    assert check.exit_code == 0 and check.stdout.startswith("ok: 'Payment call' (en)")
