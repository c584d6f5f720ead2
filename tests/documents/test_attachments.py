"""What an email may carry: PDFs (by content) from the declared folders, below the size cap.

A CSV names the files attached to its invoices, so a hostile or mistaken one could make the tool
mail any file of the user's (a private key, the config with the mail password): these tests import
such a CSV and send through a real mail server on loopback.
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from dunning_tui.cli import app
from dunning_tui.documents.attachments import AttachmentRules, take
from tests.documents.helpers import add_outcome, write_config
from tests.documents.test_smtp import Sink, smtp_server  # noqa: F401  (fixture)

runner = CliRunner()
PDF = b"%PDF-1.7\n% an invoice\n"


def _hostile_book(home: Path, tmp_path: Path) -> tuple[Path, Path]:
    """An import folder whose invoices point at a key, the config, a symlink out and a huge PDF."""
    (home / ".ssh").mkdir()
    key = home / ".ssh" / "id_rsa"
    key.write_bytes(b"-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "other.pdf").write_bytes(PDF)
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "F-1.pdf").write_bytes(PDF)
    (folder / "fake.pdf").write_bytes(b"not a pdf at all")
    (folder / "huge.pdf").write_bytes(PDF + b"x" * (2 * 1024 * 1024))
    (folder / "link.pdf").symlink_to(outside / "other.pdf")
    rows = [
        ("F-1", folder / "F-1.pdf"),
        ("F-2", key),
        ("F-3", home / "config.toml"),
        ("F-4", folder / "link.pdf"),
        ("F-5", folder / "fake.pdf"),
        ("F-6", folder / "huge.pdf"),
        ("F-7", folder / ".." / "elsewhere" / "other.pdf"),
    ]
    lines = ["debtor_key,debtor_name,debtor_email,invoice_number,issue_date,total,pdf_path"]
    lines += [f"ACME,Acme,billing@acme.example,{n},2026-09-01,100.00,{p}" for n, p in rows]
    (folder / "invoices.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder, key


def test_only_pdfs_from_the_import_folder_are_sent(
    database: Any,
    db_url: str,
    isolated_home: Path,
    tmp_path: Path,
    smtp_server: tuple[Sink, int],  # noqa: F811
) -> None:
    sink, port = smtp_server
    config = (
        f'smtp_url = "smtp://studio@127.0.0.1:{port}"\nsmtp_password = "s3cret"\n'
        f'terms_of_sale = "{isolated_home / "config.toml"}"\nattachment_max_mib = 1\n'
    )
    write_config(isolated_home, config)
    folder, _key = _hostile_book(isolated_home, tmp_path)
    imported = runner.invoke(app, ["import", str(folder / "invoices.csv"), "--db", db_url])
    assert imported.exit_code == 0, imported.output
    with database.session() as s:
        from sqlalchemy import select

        from dunning_tui.store import tables as t

        debtor = s.scalars(select(t.Debtor.id)).one()
        add_outcome(s, debtor, "promise", promises=((date(2026, 11, 30), Decimal("100.00")),))

    result = runner.invoke(app, ["email", "ACME", "--send", "--db", db_url])

    assert result.exit_code == 0, result.output
    assert len(sink.received) == 1
    sent = sink.message()
    assert [(a.get_filename(), a.get_content()) for a in sent.iter_attachments()] == [("F-1.pdf", PDF)]
    raw = sink.received[0].content
    assert b"OPENSSH" not in raw and b"s3cret" not in raw and b"smtp_password" not in raw
    out = result.output
    # Every attachment is shown (name, size) before the line saying it was sent, and every
    # refused file says why.
    assert out.index(f"Attached: F-1.pdf ({len(PDF)} bytes)") < out.index("Sent to")
    for name, why in (
        ("id_rsa", "outside the attachment folders"),
        ("config.toml", "not a PDF"),
        ("link.pdf", "outside the attachment folders"),
        ("fake.pdf", "not a PDF"),
        ("huge.pdf", "larger than 1 MiB"),
        ("other.pdf", "outside the attachment folders"),
    ):
        assert any(name in line and why in line for line in out.splitlines()), (name, out)


def test_rules(tmp_path: Path) -> None:
    folder = tmp_path / "pdfs"
    (folder / "sub").mkdir(parents=True)
    good = folder / "sub" / "a.pdf"
    good.write_bytes(PDF)
    rules = AttachmentRules((folder,), max_bytes=1024)
    got = take(good, rules)
    assert (got.name, got.size, got.data) == ("a.pdf", len(PDF), PDF)  # type: ignore[union-attr]
    assert "does not exist" in take(folder / "missing.pdf", rules).reason  # type: ignore[union-attr]
    assert "not a file" in take(folder / "sub", rules).reason  # type: ignore[union-attr]
    os.mkfifo(folder / "pipe.pdf")
    assert "not a file" in take(folder / "pipe.pdf", rules).reason  # type: ignore[union-attr]
    # A folder symlinked into the declared one leads out of it.
    out = tmp_path / "out"
    out.mkdir()
    (out / "b.pdf").write_bytes(PDF)
    (folder / "door").symlink_to(out)
    assert "outside" in take(folder / "door" / "b.pdf", rules).reason  # type: ignore[union-attr]
    # A file the user named in the settings needs no folder, but is still a PDF under the cap.
    assert take(out / "b.pdf", rules, declared=True).name == "b.pdf"  # type: ignore[union-attr]
    big = folder / "big.pdf"
    big.write_bytes(PDF + b"x" * 1024)
    assert "larger than" in take(big, rules).reason  # type: ignore[union-attr]
