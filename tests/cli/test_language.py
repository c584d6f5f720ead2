"""The command line speaks one language at a time: its help, its errors and an import's bad rows."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dunning_tui.cli import app
from dunning_tui.words import say_n, spoken_percent
from tests.conftest import TODAY

runner = CliRunner()
BAD_CSV = (
    "Numéro;Client;Date;Échéance;Montant TTC\n"
    "F1;Dupont;01/10/2026;15/10/2026;douze\n"
    "F2;Dupont;01/10/2026;45/10/2026;12\n"
)


def test_the_help_follows_the_configured_language(
    monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    english = runner.invoke(app, ["--help"])
    assert english.exit_code == 0
    assert "Phone the clients who have not paid" in english.output and "Show this message" in english.output
    (isolated_home / "config.toml").write_text('language = "fr"\n', "utf-8")
    french = runner.invoke(app, ["--help"])
    assert french.exit_code == 0, french.output
    assert french.output.startswith("Utilisation\u00a0: dunning")
    assert "Appeler les clients qui n'ont pas payé" in french.output
    assert "Commandes\u00a0:" in french.output and "Afficher cette aide" in french.output
    assert "Phone the clients" not in french.output and "Show this message" not in french.output
    sub = runner.invoke(app, ["payment", "add", "--help"])
    assert "Montant reçu" in sub.output and "Amount received" not in sub.output
    monkeypatch.setenv("DUNNING_LANGUAGE", "en")  # the environment beats the file, as for the settings
    assert "Phone the clients" in runner.invoke(app, ["--help"]).output


def test_an_error_before_anything_is_opened_is_in_the_users_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    result = runner.invoke(app, ["date", "blah"])
    assert result.exit_code == 2
    assert result.output.startswith("Erreur\u00a0: ")


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        (
            "en",
            [
                "Error: bad.csv has 2 bad rows; nothing was imported.",
                "  bad.csv line 2, column 'Montant TTC', value 'douze': not an amount (write 1234.50 or 1 234,50)",
                "  bad.csv line 3, column 'Échéance', value '45/10/2026': no such date",
            ],
        ),
        (
            "fr",
            [
                "Erreur\u00a0: bad.csv a 2 lignes erronées\u202f; rien n'a été importé.",
                "  bad.csv ligne 2, colonne «\u00a0Montant TTC\u00a0», valeur «\u00a0douze\u00a0»\u00a0: "
                "pas un montant (écrivez 1 234,50 ou 1234.50)",
                "  bad.csv ligne 3, colonne «\u00a0Échéance\u00a0», valeur «\u00a045/10/2026\u00a0»\u00a0: "
                "date inexistante",
            ],
        ),
    ],
)
def test_a_refused_import_says_why_row_by_row_in_one_language(
    language: str, lines: list[str], tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUNNING_LANGUAGE", language)
    (tmp_path / "bad.csv").write_text(BAD_CSV, "utf-8")
    result = runner.invoke(app, ["import", "--db", db_url, str(tmp_path / "bad.csv")])
    assert result.exit_code == 2
    assert result.output.splitlines() == lines


def test_one_bad_row_is_singular_in_both_languages(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bad.csv").write_text(BAD_CSV.rsplit("F2", 1)[0], "utf-8")
    for language, sentence in (("en", "bad.csv has 1 bad row;"), ("fr", "bad.csv a 1 ligne erronée\u202f;")):
        monkeypatch.setenv("DUNNING_LANGUAGE", language)
        result = runner.invoke(app, ["import", "--db", db_url, str(tmp_path / "bad.csv")])
        assert sentence in result.output


def test_rates_and_counts_follow_the_language(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    demo = runner.invoke(app, ["demo", "--db", db_url, "--debtors", "12", "--date", TODAY.isoformat()])
    assert demo.exit_code == 0, demo.output
    monkeypatch.setenv("DUNNING_LANGUAGE", "fr")
    french = runner.invoke(app, ["penalties", "1", "--db", db_url, "--date", TODAY.isoformat()])
    assert french.exit_code == 0, french.output
    assert "12,15\u00a0%" in french.output and "12.15" not in french.output
    queue = runner.invoke(app, ["queue", "--db", db_url, "--date", TODAY.isoformat()])
    assert " débiteurs" in queue.output.splitlines()[0]
    monkeypatch.setenv("DUNNING_LANGUAGE", "en")
    english = runner.invoke(app, ["penalties", "1", "--db", db_url, "--date", TODAY.isoformat()])
    assert "12.15%" in english.output and "12,15" not in english.output


def test_counted_words_agree_in_each_language() -> None:
    assert [say_n("en", "{count} calls", n) for n in (0, 1, 2)] == ["0 calls", "1 call", "2 calls"]
    assert [say_n("fr", "{count} calls", n) for n in (0, 1, 2)] == ["0 appel", "1 appel", "2 appels"]
    assert spoken_percent(Decimal("12.15"), "fr") == "12,15\u00a0%"
    assert spoken_percent(Decimal("12.15"), "en") == "12.15%"


def test_the_demos_history_is_worded_in_the_readers_language(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = runner.invoke(app, ["demo", "--db", db_url, "--debtors", "12", "--date", TODAY.isoformat()])
    assert demo.exit_code == 0, demo.output
    for language, mine, other in (
        ("en", "Friendly email reminder", "Relance amiable"),
        ("fr", "Relance amiable par e-mail", "Friendly email"),
    ):
        monkeypatch.setenv("DUNNING_LANGUAGE", language)
        files = [runner.invoke(app, ["show", str(n), "--db", db_url]).output for n in range(1, 13)]
        assert any(mine in out for out in files) and not any(other in out for out in files)


def test_an_import_and_an_export_report_in_french(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUNNING_LANGUAGE", "fr")
    good = BAD_CSV.splitlines()[0] + ";Bidule\nF1;Dupont;01/10/2026;15/10/2026;12;x\n"
    (tmp_path / "bon.csv").write_text(good, "utf-8")
    dry = runner.invoke(app, ["import", "--db", db_url, "--dry-run", str(tmp_path / "bon.csv")])
    assert dry.exit_code == 0, dry.output
    assert dry.output.splitlines() == [
        "Import à blanc de bon.csv\u00a0:",
        "  débiteurs        1 nouveaux        0 mis à jour        0 inchangés",
        "  factures         1 nouveaux        0 mis à jour        0 inchangés",
        "  bon.csv\u00a0: colonnes inconnues ignorées 'Bidule'",
        "À blanc\u00a0: rien n'a été écrit.",
    ]
    assert runner.invoke(app, ["import", "--db", db_url, str(tmp_path / "bon.csv")]).exit_code == 0
    export = runner.invoke(app, ["export", "--db", db_url, str(tmp_path / "out")])
    assert export.exit_code == 0, export.output
    assert "      1 ligne  " in export.output and "      0 ligne  " in export.output
    assert "rows" not in export.output


def test_erase_and_script_check_speak_french(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = runner.invoke(app, ["demo", "--db", db_url, "--debtors", "12", "--date", TODAY.isoformat()])
    assert demo.exit_code == 0, demo.output
    monkeypatch.setenv("DUNNING_LANGUAGE", "fr")
    erased = runner.invoke(app, ["erase", "4", "--yes", "--db", db_url])
    assert erased.exit_code == 0, erased.output
    assert erased.output.startswith("Données personnelles de ") and "1 contact supprimé" in erased.output
    assert "e-mail ou lettre retiré" in erased.output or "e-mails et lettres retirés" in erased.output
    assert runner.invoke(app, ["script", "export-default", str(tmp_path / "sc")]).exit_code == 0
    checked = runner.invoke(app, ["script", "check", str(tmp_path / "sc" / "fr.toml")])
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.startswith("ok\u00a0: «\u00a0") and " étapes, " in checked.stdout
    assert "nodes" not in checked.stdout and "steps" not in checked.stdout


def test_a_mistyped_command_line_is_refused_in_the_users_language(monkeypatch: pytest.MonkeyPatch) -> None:
    english = runner.invoke(app, ["queue", "--bogus"])
    assert english.exit_code == 2
    assert "Try 'dunning queue --help' for help." in english.output
    assert "Error: No such option: --bogus" in english.output
    monkeypatch.setenv("DUNNING_LANGUAGE", "fr")
    french = runner.invoke(app, ["queue", "--bogus"])
    assert french.exit_code == 2
    assert "Essayez «\u00a0dunning queue --help\u00a0» pour l'aide." in french.output
    assert "Erreur\u00a0: Option inconnue\u00a0: --bogus" in french.output
    missing = runner.invoke(app, ["show"])
    assert missing.exit_code == 2 and "Erreur\u00a0: Argument manquant\u00a0: 'debtor'." in missing.output
    assert "Try " not in missing.output and "Error" not in missing.output


def test_erase_asks_in_the_users_language_and_enter_means_no(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = runner.invoke(app, ["demo", "--db", db_url, "--debtors", "12", "--date", TODAY.isoformat()])
    assert demo.exit_code == 0, demo.output
    monkeypatch.setenv("DUNNING_LANGUAGE", "fr")
    kept = runner.invoke(app, ["erase", "4", "--db", db_url], input="\n")
    assert kept.exit_code == 1 and "[o/N]" in kept.output and "[y/N]" not in kept.output
    assert "Données personnelles de " not in kept.output
    erased = runner.invoke(app, ["erase", "4", "--db", db_url], input="o\n")
    assert erased.exit_code == 0, erased.output
    assert "Données personnelles de " in erased.output
    monkeypatch.setenv("DUNNING_LANGUAGE", "en")
    again = runner.invoke(app, ["erase", "5", "--db", db_url], input="yes\n")
    assert again.exit_code == 0 and "[y/N]" in again.output and "Erased the personal data of" in again.output
