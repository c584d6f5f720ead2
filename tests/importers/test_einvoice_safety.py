"""E-invoices come from outside: hostile XML, odd PDFs and huge files are refused in one sentence."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dunning_tui.errors import UserError
from dunning_tui.store.database import Database
from tests.importers.conftest import run_import
from tests.importers.einvoices import CII_EXAMPLES, UBL_EXAMPLES, base_pdf, pdf_with_attachment, rows
from tests.importers.test_transfer_cli import _app

SECRET = "TOP-SECRET-4f9c2"
DECLARATIONS = "declares a DTD or entities (<!DOCTYPE, <!ENTITY), which no e-invoice does"


def _xxe(tmp_path: Path, source: Path, old: str) -> bytes:
    """The example with an entity pointing at a local file, used where a value should be."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    text = source.read_text(encoding="utf-8")
    declaration = f'<!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>\n'
    first = text.index("?>") + 2
    text = text[:first] + "\n" + declaration + text[first:]
    assert old in text
    return text.replace(old, "&x;", 1).encode("utf-8")


def _bomb() -> bytes:
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE Invoice [{entities}]>'
        '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"'
        ' xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">'
        "<cbc:ID>&a9;</cbc:ID></Invoice>"
    ).encode()


def _refused(db: Database, path: Path) -> str:
    started = time.perf_counter()
    with pytest.raises(UserError) as caught:
        run_import(db, path)
    assert time.perf_counter() - started < 1
    assert caught.value.details == []
    message = caught.value.message
    assert message.count(". ") == 0 and message.endswith(".")
    assert SECRET not in message
    assert rows(db, "SELECT count(*) FROM debtors") == [(0,)]
    return message


def test_an_external_entity_to_a_local_file_is_refused_and_nothing_of_it_is_read(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "xxe.xml"
    path.write_bytes(_xxe(tmp_path, UBL_EXAMPLES[0], "ODIN 59"))
    message = _refused(db, path)
    assert message.startswith(f"xxe.xml {DECLARATIONS}")


def test_an_entity_bomb_is_refused_at_once(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml"
    path.write_bytes(_bomb())
    assert DECLARATIONS in _refused(db, path)


def test_an_entity_declared_in_utf16_is_refused_too(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "bomb16.xml"
    path.write_bytes(
        _bomb().decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16")
    )
    assert DECLARATIONS in _refused(db, path)


def test_a_factur_x_pdf_carrying_an_external_entity_is_refused(db: Database, tmp_path: Path) -> None:
    xml = _xxe(tmp_path, CII_EXAMPLES[0], "ODIN 59")
    path = pdf_with_attachment("factur-x.xml", xml, tmp_path / "xxe.pdf")
    assert DECLARATIONS in _refused(db, path)


def test_the_command_line_shows_nothing_of_the_local_file(tmp_path: Path) -> None:
    path = tmp_path / "xxe.xml"
    path.write_bytes(_xxe(tmp_path, UBL_EXAMPLES[0], "ODIN 59"))
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    result = CliRunner().invoke(_app(), ["import", str(path), "--db", url])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: xxe.xml {DECLARATIONS}")
    assert len(result.output.strip().splitlines()) == 1
    assert SECRET not in result.output and "Traceback" not in result.output


def test_a_pdf_without_an_embedded_invoice_is_refused_when_named(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "plain.pdf"
    path.write_bytes(base_pdf())
    assert "is a PDF without an embedded e-invoice" in _refused(db, path)


def test_a_pdf_without_an_embedded_invoice_in_a_folder_is_skipped_and_named(
    db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(base_pdf())
    (folder / "odin.xml").write_bytes(UBL_EXAMPLES[0].read_bytes())
    report = run_import(db, folder)
    assert "  scan.pdf: skipped, a PDF without an embedded e-invoice" in report.lines()
    assert rows(db, "SELECT count(*) FROM invoices") == [(1,)]


def test_a_damaged_pdf_is_refused(db: Database, tmp_path: Path) -> None:
    pdf = pdf_with_attachment("factur-x.xml", CII_EXAMPLES[0].read_bytes(), tmp_path / "whole.pdf")
    path = tmp_path / "damaged.pdf"
    path.write_bytes(pdf.read_bytes()[: len(pdf.read_bytes()) // 2])
    assert _refused(db, path).startswith("damaged.pdf is a damaged PDF that cannot be read")


@pytest.mark.parametrize("name", ["huge.xml", "huge.pdf"])
def test_a_200_mb_file_is_refused_from_its_size_unread(db: Database, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with path.open("wb") as stream:
        stream.write(b"%PDF-1.7\n" if name.endswith(".pdf") else b"<?xml version='1.0'?>\n")
        os.truncate(stream.fileno(), 200 * 1024 * 1024)  # sparse: no disk used
    message = _refused(db, path)
    assert message == f"{path} is 200 MiB, more than an e-invoice can be (50 MiB at most): it was not read."


def test_xml_that_is_not_an_e_invoice_is_named_and_refused(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "order.xml"
    path.write_text('<?xml version="1.0"?><Order xmlns="urn:example"><ID>1</ID></Order>')
    assert _refused(db, path).startswith("order.xml is XML but not an e-invoice: its root is <Order>")


def test_broken_xml_is_refused(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "cut.xml"
    path.write_bytes(UBL_EXAMPLES[0].read_bytes()[:2000])
    assert _refused(db, path).startswith("cut.xml is not well-formed XML (line ")


def test_a_file_neither_csv_nor_e_invoice_is_named_and_refused(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)))
    assert _refused(db, path) == (
        f"{path} is neither a CSV file nor an e-invoice (UBL or CII XML, Factur-X PDF): it was not imported."
    )


def test_an_xrechnung_ubl_inside_a_pdf_is_read(db: Database, tmp_path: Path) -> None:
    path = pdf_with_attachment("xrechnung.xml", UBL_EXAMPLES[0].read_bytes(), tmp_path / "xr.pdf")
    run_import(db, path)
    assert rows(db, "SELECT number, pdf_path FROM invoices") == [("12115118", str(path.resolve()))]


def test_a_pdf_carrying_a_huge_xml_is_refused(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dunning_tui.importers.einvoice import safety

    path = pdf_with_attachment("factur-x.xml", CII_EXAMPLES[0].read_bytes(), tmp_path / "big.pdf")
    monkeypatch.setattr(safety, "MAX_BYTES", 10 * 1024)
    size = len(CII_EXAMPLES[0].read_bytes()) / 1024  # about 34 kB
    assert _refused(db, path) == (
        f"big.pdf carries an e-invoice of {size:.0f} kB, more than an e-invoice can be (10 kB at most): "
        "it was not read."
    )
