"""Turning a :class:`Draft` into a standard email: the ``.eml`` in the outbox, and SMTP sending.

Every email is first written to the outbox as a ``.eml`` file (readable by its owner only) carrying
the header ``X-Dunning-Status: unsent``; once the mail server has accepted it, the file is rewritten
with ``X-Dunning-Status: sent`` and ``X-Dunning-Sent-At``. The ``X-Dunning-*`` headers stay in the
outbox copy and are never sent to the debtor. A failed send leaves the file as it is, unsent.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from dunning_tui.clock import system_now
from dunning_tui.documents import wording as w
from dunning_tui.documents.files import write_private
from dunning_tui.errors import UserError

if TYPE_CHECKING:
    from email.message import EmailMessage

    from dunning_tui.documents.confirmation import Draft

MAX_TIMEOUT_S = 600
STATUS_HEADER = "X-Dunning-Status"
SENT_AT_HEADER = "X-Dunning-Sent-At"
UNSENT = "unsent"
SENT = "sent"
_PRIVATE_HEADERS = (STATUS_HEADER, SENT_AT_HEADER, "X-Dunning-Debtor", "X-Dunning-Call")


def to_message(draft: Draft, *, now: datetime | None = None) -> EmailMessage:
    """The draft as an ``EmailMessage``: text body in UTF-8, attachments, outbox headers.

    Header values come from the database or the user; they are reduced to one line first, so that a
    name or a subject with a line break can never add a header.
    """
    from email import policy
    from email.message import EmailMessage
    from email.utils import format_datetime, make_msgid

    moment = now or system_now()
    msg = EmailMessage(policy=policy.SMTP)
    if draft.sender is not None:
        msg["From"] = str(draft.sender)
    if draft.to:
        msg["To"] = ", ".join(str(m) for m in draft.to)
    msg["Subject"] = w.one_line(draft.subject, 250)
    msg["Date"] = format_datetime(moment.astimezone(UTC))
    domain = draft.sender.address.rpartition("@")[2] if draft.sender else "dunning-tui.invalid"
    msg["Message-ID"] = make_msgid("dunning", domain=domain)
    msg["X-Dunning-Debtor"] = str(draft.debtor_id)
    if draft.call_id is not None:
        msg["X-Dunning-Call"] = str(draft.call_id)
    msg[STATUS_HEADER] = UNSENT
    body = draft.body.replace("\r\n", "\n").replace("\r", "\n")
    msg.set_content(body if body.endswith("\n") else body + "\n", charset="utf-8")
    for attachment in draft.attachments:  # checked PDFs, read when the draft was built
        msg.add_attachment(
            attachment.data, maintype="application", subtype="pdf", filename=w.one_line(attachment.name, 150)
        )
    return msg


def eml_name(draft: Draft, moment: datetime) -> str:
    """``20261123-141500-debtor12-call34.eml``: sortable, and unique enough for one outbox."""
    stamp = moment.astimezone().strftime("%Y%m%d-%H%M%S")
    call = f"-call{draft.call_id}" if draft.call_id is not None else ""
    return f"{stamp}-debtor{draft.debtor_id}{call}.eml"


def save_eml(
    draft: Draft, outbox_dir: Path, *, path: Path | None = None, now: datetime | None = None
) -> Path:
    """Write the draft as a standard ``.eml`` (mode 0600), marked unsent; return its path.

    ``path`` overrides the file name chosen in ``outbox_dir`` (``--out``).
    """
    moment = now or system_now()
    message = to_message(draft, now=moment)
    if path is None:
        from dunning_tui.locations import ensure_dir

        try:
            ensure_dir(outbox_dir)
        except OSError as exc:
            raise UserError(
                "Cannot create the outbox folder {outbox_dir}: {strerror}.",
                values={"outbox_dir": outbox_dir, "strerror": exc.strerror},
            ) from None
        path = outbox_dir / eml_name(draft, moment)
        counter = 1
        while path.exists():
            path = outbox_dir / f"{path.stem.split('~')[0]}~{counter}.eml"
            counter += 1
    write_private(path, message.as_bytes())
    return path


def read_eml(path: Path) -> EmailMessage:
    from email import policy
    from email.message import EmailMessage
    from email.parser import BytesParser

    try:
        with path.open("rb") as handle:
            msg = BytesParser(policy=policy.SMTP).parse(handle)
    except OSError as exc:
        raise UserError(
            "Cannot read the email {path}: {strerror}.", values={"path": path, "strerror": exc.strerror}
        ) from None
    assert isinstance(msg, EmailMessage)
    return msg


def status_of(path: Path) -> str:
    """``sent`` or ``unsent``, from the outbox file's header."""
    return str(read_eml(path).get(STATUS_HEADER, UNSENT))


def mark_sent(path: Path, *, now: datetime | None = None) -> None:
    """Rewrite the outbox file with ``X-Dunning-Status: sent`` and the time it was accepted."""
    from email.utils import format_datetime

    msg = read_eml(path)
    del msg[STATUS_HEADER]
    del msg[SENT_AT_HEADER]
    msg[STATUS_HEADER] = SENT
    msg[SENT_AT_HEADER] = format_datetime((now or system_now()).astimezone(UTC))
    write_private(path, msg.as_bytes())


# -- SMTP -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    host: str
    port: int
    username: str = ""
    password: str = ""
    ssl: bool = False
    """Implicit TLS from the first byte (``smtps://``, usually port 465)."""
    starttls: bool = False
    """Upgrade a plain connection with STARTTLS (``?starttls=true``, usual on port 587)."""
    timeout: float = 20.0

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def parse_smtp_url(url: str, password: str = "") -> SmtpConfig:
    """Read ``smtp://user@host:587?starttls=true`` or ``smtps://user@host:465``.

    The password comes from ``password`` (``smtp_password`` / ``DUNNING_SMTP_PASSWORD``), else from
    the URL itself. Any mistake is one :class:`UserError` sentence.
    """
    from urllib.parse import parse_qs, unquote, urlsplit

    hint = "write it like smtp://user@host:587?starttls=true or smtps://user@host:465"
    text = url.strip()
    if not text:
        raise UserError("No mail server is configured (smtp_url in the settings, or DUNNING_SMTP_URL).")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise UserError("The smtp_url setting is not a valid URL; {hint}.", values={"hint": hint}) from None
    scheme = parts.scheme.lower()
    if scheme not in ("smtp", "smtps"):
        raise UserError(
            "The smtp_url setting must start with smtp:// or smtps://; {hint}.", values={"hint": hint}
        )
    if not parts.hostname:
        raise UserError("The smtp_url setting names no server; {hint}.", values={"hint": hint})
    query = {k.lower(): v[-1].strip().lower() for k, v in parse_qs(parts.query).items()}
    unknown = set(query) - {"starttls", "timeout"}
    if unknown:
        raise UserError(
            "The smtp_url setting has an unknown option '{unknown}'; {hint}.",
            values={"unknown": sorted(unknown)[0], "hint": hint},
        )
    ssl = scheme == "smtps"
    port = port or (465 if ssl else 587)
    starttls = not ssl and port == 587
    if "starttls" in query:
        flag = query["starttls"]
        if flag not in _TRUE | _FALSE:
            raise UserError(
                "starttls in smtp_url must be true or false, not '{flag}'.", values={"flag": flag}
            )
        starttls = flag in _TRUE
        if starttls and ssl:
            raise UserError("smtps:// is already encrypted; remove starttls from smtp_url.")
    timeout = 20.0
    if "timeout" in query:
        try:
            timeout = float(query["timeout"])
        except ValueError:
            timeout = math.nan
        if not 0 < timeout <= MAX_TIMEOUT_S:  # also refuses nan
            raise UserError(
                "timeout in smtp_url must be a number of seconds above 0 and at most {MAX_TIMEOUT_S}, not '{query}'.",
                values={"MAX_TIMEOUT_S": MAX_TIMEOUT_S, "query": query["timeout"]},
            )
    return SmtpConfig(
        host=parts.hostname,
        port=port,
        username=unquote(parts.username or ""),
        password=password or unquote(parts.password or ""),
        ssl=ssl,
        starttls=starttls,
        timeout=timeout,
    )


def smtp_config(smtp_url: str, smtp_password: str = "") -> SmtpConfig:
    """The configuration from the settings values (password also from ``DUNNING_SMTP_PASSWORD``)."""
    return parse_smtp_url(smtp_url, smtp_password or os.environ.get("DUNNING_SMTP_PASSWORD", ""))


def send(draft: Draft, config: SmtpConfig, *, eml: Path | None = None, now: datetime | None = None) -> None:
    """Hand the email to the mail server; with ``eml`` (its outbox file), mark that file sent.

    The message sent is the outbox file's when given (same Message-ID as the copy kept), less the
    private ``X-Dunning-*`` headers. Raises :class:`UserError` with one sentence on any problem.
    """
    if not draft.to:
        raise UserError(str(draft.problems[0]) if draft.problems else "The email has no valid recipient.")
    if draft.sender is None:
        raise UserError("Set creditor.email in the settings: an email cannot be sent without a sender.")
    message = read_eml(eml) if eml is not None else to_message(draft, now=now)
    for header in _PRIVATE_HEADERS:
        del message[header]
    deliver(message, config, sender=draft.sender.address, recipients=[m.address for m in draft.to])
    if eml is not None:
        mark_sent(eml, now=now)


def deliver(message: EmailMessage, config: SmtpConfig, *, sender: str, recipients: list[str]) -> None:
    """The SMTP conversation itself, every failure turned into one sentence."""
    import smtplib
    import socket
    import ssl

    where = config.where
    try:
        context = ssl.create_default_context()
        client: smtplib.SMTP
        if config.ssl:
            client = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout, context=context)
        else:
            client = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
        with client:
            client.ehlo()
            if config.starttls:
                client.starttls(context=context)
                client.ehlo()
            if config.username:
                client.login(config.username, config.password)
            client.send_message(message, from_addr=sender, to_addrs=recipients)
    except smtplib.SMTPAuthenticationError:
        raise UserError(
            "The mail server {where} refused the login of '{username}'; check smtp_url and smtp_password (or DUNNING_SMTP_PASSWORD).",
            values={"where": where, "username": config.username},
        ) from None
    except smtplib.SMTPNotSupportedError as exc:
        what = "STARTTLS" if config.starttls and "STARTTLS" in str(exc).upper() else "this request"
        raise UserError(
            "The mail server {where} does not support {what}; check smtp_url.",
            values={"where": where, "what": what},
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(sorted(exc.recipients))
        raise UserError(
            "The mail server {where} refused the recipient {refused}.",
            values={"where": where, "refused": refused},
        ) from None
    except smtplib.SMTPSenderRefused:
        raise UserError(
            "The mail server {where} refused the sender address {sender}.",
            values={"where": where, "sender": sender},
        ) from None
    except smtplib.SMTPResponseException as exc:
        reason = (
            exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        )
        raise UserError(
            "The mail server {where} refused the email ({smtp_code} {reason}).",
            values={"where": where, "smtp_code": exc.smtp_code, "reason": reason.strip()},
        ) from None
    except (smtplib.SMTPException, ssl.SSLError) as exc:
        raise UserError(
            "Sending through the mail server {where} failed: {exc}.", values={"where": where, "exc": exc}
        ) from None
    except socket.gaierror:
        raise UserError(
            "The mail server {host} cannot be found; check smtp_url.", values={"host": config.host}
        ) from None
    except TimeoutError:
        raise UserError("The mail server {where} did not answer in time.", values={"where": where}) from None
    except OSError as exc:
        raise UserError(
            "Cannot reach the mail server {where}: {value}.",
            values={"where": where, "value": exc.strerror or exc},
        ) from None


def send_draft_or_error(
    draft: Draft, smtp_url: str, smtp_password: str, eml: Path, now: datetime | None = None
) -> str | None:
    """Send the saved draft with the settings' server; ``None`` when sent, else the reason (one sentence).

    For callers that must record the attempt whatever happens (the outbox copy stays unsent).
    """
    try:
        send(draft, smtp_config(smtp_url, smtp_password), eml=eml, now=now)
    except UserError as exc:
        return exc.message
    return None


@dataclass(frozen=True, slots=True)
class Delivery:
    """What became of a draft: where its ``.eml`` is, whether it was sent, and why not."""

    path: Path
    sent: bool
    error: str | None = None


def save_and_send(
    draft: Draft,
    outbox_dir: Path,
    *,
    send_it: bool,
    smtp_url: str = "",
    smtp_password: str = "",
    path: Path | None = None,
    now: datetime | None = None,
) -> Delivery:
    """Save the draft to the outbox, then send it when asked; a failed send is reported, not raised,
    so the caller can record the attempt (:func:`dunning_tui.store.outbox.record_email`) either way.
    """
    saved = save_eml(draft, outbox_dir, path=path, now=now)
    error = send_draft_or_error(draft, smtp_url, smtp_password, saved, now) if send_it else None
    return Delivery(saved, send_it and error is None, error)
