"""Cells as spreadsheets write them, the layout's header table, and the README that documents it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from dunning_tui.domain.enums import Channel, DocumentKind, InvoiceStatus
from dunning_tui.importers.csv.layout import LAYOUTS, FileKind, fold, kind_from_file_name, kind_from_headers
from dunning_tui.importers.csv.values import (
    CHANNEL_WORDS,
    DOCUMENT_WORDS,
    parse_cents,
    parse_country,
    parse_currency,
    parse_day,
    parse_days,
    parse_flag,
    parse_law,
    parse_moment,
    parse_status,
    parse_word,
    split_numbers,
)
from dunning_tui.importers.plan.records import derive_key
from dunning_tui.store.database import Database
from dunning_tui.words import worded
from tests.importers.conftest import counts, run_import, write

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/03/2025", date(2025, 3, 5)),
        ("5/3/2025", date(2025, 3, 5)),
        ("05.03.2025", date(2025, 3, 5)),
        ("2025-03-05", date(2025, 3, 5)),
        ("2025-03-05 00:00:00", date(2025, 3, 5)),
        (" 29/02/2024 ", date(2024, 2, 29)),
    ],
)
def test_dates(text: str, expected: date) -> None:
    assert parse_day(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/02/2025", "no such date"),
        ("03/25/2025", "no such date (month 25: write dd/mm/yyyy or yyyy-mm-dd, day first)"),
        ("March 5", "not a date (write dd/mm/yyyy or yyyy-mm-dd)"),
        ("2025-03-05 10:00", "not a date (write dd/mm/yyyy or yyyy-mm-dd)"),
    ],
)
def test_bad_dates(text: str, reason: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_day(text)
    assert worded(str(caught.value), "en") == reason


def test_moments_local_or_with_offset() -> None:
    assert parse_moment("2025-04-10T14:30:00+00:00") == datetime(2025, 4, 10, 14, 30, tzinfo=UTC)
    assert parse_moment("2025-04-10 14:30Z") == datetime(2025, 4, 10, 14, 30, tzinfo=UTC)
    assert parse_moment("10/04/2025 14h30 +02:00") == datetime(2025, 4, 10, 12, 30, tzinfo=UTC)
    assert parse_moment("2025-04-10T14:30:00.25+00:00").microsecond == 250000
    local = datetime(2025, 4, 10, 9, 5).astimezone()
    assert parse_moment("10/04/2025 09:05") == local
    assert parse_moment("10/04/2025") == datetime(2025, 4, 10).astimezone()
    assert parse_moment("2025-04-10T14:30-05:00").tzinfo == UTC
    with pytest.raises(ValueError, match="no such time"):
        parse_moment("10/04/2025 25:00")
    assert parse_moment("2025-01-01 01:00 +0200") == datetime(2024, 12, 31, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1 234,50", 123450),
        ("1.234,50", 123450),
        ("1,234.50", 123450),
        ("99,9", 9990),
        ("€12", 1200),
        ("7", 700),
    ],
)
def test_amounts(text: str, cents: int) -> None:
    assert parse_cents(text) == cents


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1,234", "more than two decimals"),
        ("0", "more than zero"),
        ("-5", "more than zero"),
        ("abc", "not an amount"),
        ("99999999999", "too large"),
    ],
)
def test_bad_amounts(text: str, reason: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_cents(text)
    assert reason in worded(str(caught.value), "en")


def test_words_in_both_languages() -> None:
    assert parse_word("Mise en demeure", CHANNEL_WORDS, "channel") is Channel.FORMAL_NOTICE
    assert parse_word("LRAR", CHANNEL_WORDS, "channel") is Channel.REGISTERED_LETTER
    assert parse_word("Bon de commande", DOCUMENT_WORDS, "document kind") is DocumentKind.PURCHASE_ORDER
    assert parse_status("En litige") is InvoiceStatus.DISPUTED
    assert parse_status("Annulée") is InvoiceStatus.CANCELLED
    with pytest.raises(ValueError, match=r"payments\.csv"):
        parse_status("Payée")
    with pytest.raises(ValueError) as unknown:
        parse_word("fax", CHANNEL_WORDS, "channel")
    assert worded(str(unknown.value), "en").startswith("unknown channel (use call, email, formal_notice")
    assert worded(str(unknown.value), "fr").startswith("canal inconnu (utilisez call, email, formal_notice")
    assert (parse_flag("Oui"), parse_flag("x"), parse_flag(""), parse_flag("non")) == (
        True,
        True,
        False,
        False,
    )
    assert (parse_country("Belgique"), parse_country("uk"), parse_country("ie")) == ("BE", "GB", "IE")
    assert (parse_currency("€"), parse_currency("gbp")) == ("EUR", "GBP")
    assert (parse_days("45"), parse_days("30 jours"), parse_days("60 days")) == (45, 30, 60)
    assert [parse_law(x) for x in ("", "Droit belge", "uk", "GB", "fr", "EU")] == [
        "",
        "BE",
        "UK",
        "UK",
        "FR",
        "EU",
    ]
    with pytest.raises(ValueError, match="not a governing law"):
        parse_law("Suisse")


def test_a_governing_law_column_is_stored_and_shown(tmp_path: Path, db: Database) -> None:
    from dunning_tui.store.dossier import load_debtor_file

    path = write(
        tmp_path / "factures.csv",
        "code client;client;n° facture;date de facture;échéance;montant ttc;droit applicable\n"
        "C1;Studio Gand BV;F-1;01/05/2025;31/05/2025;1000,00;Belgique\n",
    )
    run_import(db, path)
    with db.session() as session:
        file = load_debtor_file(session, 1)
    assert file.debtor.governing_law == "BE"


def test_invoice_lists_and_keys() -> None:
    assert split_numbers("F-1 | F-2|F-3") == ["F-1", "F-2", "F-3"]
    assert split_numbers("F-1 F-2, F-3") == ["F-1", "F-2", "F-3"]
    assert derive_key("", "ACME S.A.") == "acme-s-a"
    assert derive_key("123 456 789 00012", "ACME") == "reg-12345678900012"
    assert fold("N° de Facture") == "n_de_facture"


def test_files_are_known_by_name_or_by_headers() -> None:
    assert kind_from_file_name("Factures-2025.CSV") is FileKind.INVOICES
    assert kind_from_file_name("relances.csv") is FileKind.REMINDERS
    assert kind_from_file_name("export.csv") is None
    assert kind_from_headers(["N° facture", "Date de paiement", "Montant"]) is FileKind.PAYMENTS
    assert kind_from_headers(["Client", "N° facture", "Date", "Montant TTC"]) is FileKind.INVOICES
    assert kind_from_headers(["Code client", "Date", "Canal", "Résumé"]) is FileKind.REMINDERS
    assert kind_from_headers(["foo", "bar"]) is None


def _readme_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Importing your invoices (CSV)")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_readme_documents_every_column_in_both_languages() -> None:
    section = _readme_section()
    for layout in LAYOUTS.values():
        assert f"`{layout.export_name}`" in section
        for column in layout.columns:
            assert f"`{column.header}`" in section, column.header
            assert f"`{column.french}`" in section or f"({column.french})" in section, column.french


def test_readme_example_imports(db: Database, tmp_path: Path) -> None:
    blocks = re.findall(r"\(`(\w+\.csv)`[^)]*\):\n\n```csv\n(.*?)```", _readme_section(), re.S)
    assert [name for name, _ in blocks] == ["factures.csv", "paiements.csv"]
    for name, body in blocks:
        write(tmp_path / name, body)
    report = run_import(db, tmp_path)
    assert counts(report) == {
        "debtors": (1, 0, 0),
        "contacts": (1, 0, 0),
        "invoices": (2, 0, 0),
        "payments": (1, 0, 0),
    }
