"""Sending for real: a mail server started on loopback (aiosmtpd) receives what the tool sends."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from dunning_tui.cli import app
from dunning_tui.documents import mail
from dunning_tui.errors import UserError
from dunning_tui.store import tables as t
from dunning_tui.words import worded
from tests.documents.helpers import CREDITOR, add_debtor, add_outcome, confirmation, write_config

runner = CliRunner()


@dataclass
class Sink:
    """An aiosmtpd handler that keeps every envelope it accepts."""

    received: list[Any] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(envelope)
        return "250 Message accepted"

    def message(self, index: int = -1) -> EmailMessage:
        msg = BytesParser(policy=policy.default).parsebytes(self.received[index].content)
        assert isinstance(msg, EmailMessage)
        return msg


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"studio",
        b"s3cret",
    )
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp_server() -> Iterator[tuple[Sink, int]]:
    from aiosmtpd.controller import Controller

    sink = Sink()
    port = _free_port()
    controller = Controller(
        sink, hostname="127.0.0.1", port=port, authenticator=_authenticator, auth_require_tls=False
    )
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


def _promise(database: Any) -> int:
    with database.session() as s:
        debtor = add_debtor(s, contact="Amélie Lefèvre")
        add_outcome(s, debtor, "promise", promises=((date(2026, 11, 30), Decimal("1200.00")),))
    return debtor


def test_send_delivers_the_outbox_copy_and_marks_it_sent(
    database: Any, tmp_path: Path, smtp_server: tuple[Sink, int]
) -> None:
    sink, port = smtp_server
    pdf = tmp_path / "facture.pdf"
    pdf.write_bytes(b"%PDF-1.4 facture")
    draft = confirmation(database, _promise(database), terms_of_sale=pdf)
    path = mail.save_eml(draft, tmp_path / "outbox")
    mail.send(
        draft, mail.parse_smtp_url(f"smtp://studio@127.0.0.1:{port}?starttls=false", "s3cret"), eml=path
    )

    assert len(sink.received) == 1
    envelope = sink.received[0]
    assert envelope.mail_from == CREDITOR.email
    assert envelope.rcpt_tos == ["amelie@lefevre.example.fr"]
    got = sink.message()
    assert got["Subject"] == draft.subject
    assert got["To"].addresses[0].display_name == "Amélie Lefèvre"
    part = got.get_body(preferencelist=("plain",))
    assert part is not None and part.get_content().replace("\r\n", "\n") == draft.body
    assert [a.get_filename() for a in got.iter_attachments()] == ["facture.pdf"]
    # The private bookkeeping headers never reach the debtor...
    assert not [h for h, _value in got.items() if h.lower().startswith("x-dunning")]
    # ...and the outbox copy is the same message, now marked sent.
    kept = mail.read_eml(path)
    assert kept["Message-ID"] == got["Message-ID"]
    assert mail.status_of(path) == "sent" and kept[mail.SENT_AT_HEADER]


def test_wrong_password_is_one_sentence_and_the_email_stays_unsent(
    database: Any, tmp_path: Path, smtp_server: tuple[Sink, int]
) -> None:
    sink, port = smtp_server
    draft = confirmation(database, _promise(database))
    path = mail.save_eml(draft, tmp_path)
    with pytest.raises(UserError, match="refused the login of 'studio'"):
        mail.send(draft, mail.parse_smtp_url(f"smtp://studio@127.0.0.1:{port}", "wrong"), eml=path)
    assert sink.received == []
    assert mail.status_of(path) == "unsent"


def test_unreachable_server_is_one_sentence(database: Any, tmp_path: Path) -> None:
    draft = confirmation(database, _promise(database))
    path = mail.save_eml(draft, tmp_path)
    config = mail.SmtpConfig("127.0.0.1", _free_port(), timeout=3)
    with pytest.raises(UserError, match=r"Cannot reach the mail server 127\.0\.0\.1:\d+"):
        mail.send(draft, config, eml=path)
    assert mail.status_of(path) == "unsent"


def test_starttls_asked_of_a_server_without_it(
    database: Any, tmp_path: Path, smtp_server: tuple[Sink, int]
) -> None:
    _sink, port = smtp_server
    draft = confirmation(database, _promise(database))
    with pytest.raises(UserError, match="does not support STARTTLS"):
        mail.send(draft, mail.parse_smtp_url(f"smtp://127.0.0.1:{port}?starttls=true"))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://me@mail.example.com:587?starttls=true", ("mail.example.com", 587, "me", False, True)),
        ("smtp://mail.example.com", ("mail.example.com", 587, "", False, True)),
        ("smtp://mail.example.com:25", ("mail.example.com", 25, "", False, False)),
        ("smtps://me%40studio.fr@mail.example.com", ("mail.example.com", 465, "me@studio.fr", True, False)),
        ("SMTP://me@[::1]:2525?starttls=no", ("::1", 2525, "me", False, False)),
    ],
)
def test_parse_smtp_url(url: str, expected: tuple[str, int, str, bool, bool]) -> None:
    c = mail.parse_smtp_url(url, "pw")
    assert (c.host, c.port, c.username, c.ssl, c.starttls) == expected
    assert c.password == "pw"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("", "No mail server is configured"),
        ("http://mail.example.com", "must start with smtp:// or smtps://"),
        ("smtp://", "names no server"),
        ("smtp://host:notaport", "not a valid URL"),
        ("smtp://host?starttls=maybe", "must be true or false"),
        ("smtps://host?starttls=true", "already encrypted"),
        ("smtp://host?tls=1", "unknown option 'tls'"),
    ],
)
def test_bad_smtp_urls(url: str, words: str) -> None:
    with pytest.raises(UserError, match=words):
        mail.parse_smtp_url(url)


def test_password_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUNNING_SMTP_PASSWORD", "from-env")
    assert mail.smtp_config("smtp://me@host").password == "from-env"
    assert mail.smtp_config("smtp://me@host", "from-settings").password == "from-settings"


# -- the command --------------------------------------------------------------------------------


def _events(database: Any, debtor: int) -> list[str]:
    with database.session() as s:
        return [  # as the user reads them
            worded(summary, "en")
            for summary in s.scalars(
                select(t.ContactEvent.summary).where(
                    t.ContactEvent.debtor_id == debtor, t.ContactEvent.channel == "email"
                )
            )
        ]


def test_command_sends_and_records_the_email(
    database: Any, db_url: str, isolated_home: Path, tmp_path: Path, smtp_server: tuple[Sink, int]
) -> None:
    sink, port = smtp_server
    write_config(isolated_home, f'smtp_url = "smtp://studio@127.0.0.1:{port}"\nsmtp_password = "s3cret"\n')
    debtor = _promise(database)
    out = tmp_path / "mail.eml"
    result = runner.invoke(app, ["email", str(debtor), "--send", "--out", str(out), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "Sent to Amélie Lefèvre <amelie@lefevre.example.fr>" in result.output
    assert len(sink.received) == 1 and mail.status_of(out) == "sent"
    assert sink.message()["Subject"] == mail.read_eml(out)["Subject"]
    events = _events(database, debtor)
    assert len(events) == 1 and events[0].startswith("Confirmation email sent to Amélie Lefèvre")


def test_command_with_an_unreachable_server_keeps_the_email_unsent(
    database: Any, db_url: str, isolated_home: Path
) -> None:
    write_config(isolated_home, f'smtp_url = "smtp://127.0.0.1:{_free_port()}?timeout=3"\n')
    debtor = _promise(database)
    result = runner.invoke(app, ["email", str(debtor), "--send", "--db", db_url])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: Cannot reach the mail server 127.0.0.1:")
    assert "stays in the outbox, unsent" in lines[0]
    outbox = isolated_home / "data" / "dunning-tui" / "outbox"
    (saved,) = outbox.glob("*.eml")
    assert mail.status_of(saved) == "unsent"
    assert _events(database, debtor)[0].startswith("Confirmation email saved in the outbox, not sent")


def test_command_without_send_only_writes_the_outbox(database: Any, db_url: str, isolated_home: Path) -> None:
    write_config(isolated_home)
    debtor = _promise(database)
    result = runner.invoke(app, ["email", str(debtor), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "Saved (not sent)" in result.output
    (saved,) = (isolated_home / "data" / "dunning-tui" / "outbox").glob("*.eml")
    assert mail.status_of(saved) == "unsent"


def test_command_send_to_a_debtor_without_address(database: Any, db_url: str, isolated_home: Path) -> None:
    write_config(isolated_home, 'smtp_url = "smtp://127.0.0.1:2525"\n')
    with database.session() as s:
        debtor = add_debtor(s, email="", contact_email="not an address")
        add_outcome(s, debtor, "refused")
    result = runner.invoke(app, ["email", str(debtor), "--send", "--db", db_url])
    assert result.exit_code == 2
    assert "has no valid email address" in result.output
    assert len(list((isolated_home / "data" / "dunning-tui" / "outbox").glob("*.eml"))) == 1


def test_command_on_a_debtor_without_outcome(database: Any, db_url: str) -> None:
    with database.session() as s:
        debtor = add_debtor(s)
    result = runner.invoke(app, ["email", str(debtor), "--db", db_url])
    assert result.exit_code == 2
    assert "no call with a recorded outcome" in result.output
