"""The confirmation email: what it says for each outcome, what it attaches, and what it never lets in."""

from __future__ import annotations

import stat
from datetime import date, time, timedelta
from decimal import Decimal
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest

from dunning_tui.documents import mail
from dunning_tui.documents.confirmation import Draft, build_confirmation, mailbox
from dunning_tui.domain.money import format_money
from dunning_tui.errors import UserError
from tests.conftest import TODAY
from tests.documents.helpers import CREDITOR, add_debtor, add_outcome, confirmation, load


def _parse(path: Path) -> EmailMessage:
    with path.open("rb") as handle:
        msg = BytesParser(policy=policy.default).parse(handle)
    assert isinstance(msg, EmailMessage)
    return msg


def _body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def test_promise_in_french_sums_up_date_amount_invoices_and_balance(database: Any, tmp_path: Path) -> None:
    with database.session() as s:
        debtor = add_debtor(s)
        add_outcome(
            s,
            debtor,
            "promise",
            promises=((date(2026, 11, 30), Decimal("1200.00")),),
            invoice_numbers=("F-2026-0101",),
        )
    draft = confirmation(database, debtor)
    assert draft.language == "fr"
    assert draft.subject.startswith("Suite à notre appel du 23 novembre 2026")
    assert "F-2026-0101" in draft.subject
    assert "Bonjour Amélie Lefèvre," in draft.body
    assert "à régler 1\u202f200,00\xa0€ au plus tard le 30 novembre 2026 par virement" in draft.body
    assert "F-2026-0101" in draft.body and "F-2026-0102" not in draft.body
    assert f"Total restant dû : {format_money(Decimal('1200.00'), 'EUR', 'fr_FR')}" in draft.body
    assert CREDITOR.iban in draft.body
    assert [m.address for m in draft.to] == ["amelie@lefevre.example.fr"]

    path = mail.save_eml(draft, tmp_path / "outbox")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    msg = _parse(path)
    assert msg["Subject"] == draft.subject
    assert msg["To"].addresses[0].display_name == "Amélie Lefèvre"
    assert msg["From"].addresses[0].addr_spec == CREDITOR.email
    assert msg[mail.STATUS_HEADER] == "unsent"
    assert _body(msg) == draft.body


def test_payment_plan_lists_each_dated_instalment(database: Any) -> None:
    instalments = (
        (TODAY + timedelta(days=7), Decimal("1000.00")),
        (TODAY + timedelta(days=37), Decimal("2200.00")),
    )
    with database.session() as s:
        debtor = add_debtor(
            s, language="en", country="GB", name="Kestrel Builders Ltd", contact="Noah Wilson"
        )
        add_outcome(s, debtor, "payment_plan", promises=instalments, plan=True)
    draft = confirmation(database, debtor)
    assert draft.subject.startswith("Following our call of 23 November 2026")
    assert "payment plan of 2 instalment(s)" in draft.body
    assert "– 30 November 2026: €1,000.00" in draft.body
    assert "– 30 December 2026: €2,200.00" in draft.body
    # No invoice was named: the email covers every open invoice, and their balance.
    assert "F-2026-0101" in draft.body and "F-2026-0102" in draft.body
    assert "Total outstanding: €3,200.00" in draft.body
    # Checked the day after each instalment, as the follow-up does with no bank delay (the default).
    assert "Each instalment will be checked the day after it is due." in draft.body
    from dunning_tui.documents.confirmation import draft_for_latest
    from dunning_tui.settings import CadenceSettings, Settings

    file, latest = load(database, debtor)
    delayed = draft_for_latest(
        file, latest, Settings(creditor=CREDITOR, cadence=CadenceSettings(bank_delay_days=2))
    )
    assert "Each instalment will be checked 3 days after it is due." in delayed.body


def test_dispute_says_what_is_expected_from_whom(database: Any) -> None:
    with database.session() as s:
        debtor = add_debtor(s)
        add_outcome(
            s,
            debtor,
            "dispute",
            invoice_numbers=("F-2026-0101",),
            dispute_reason="Livraison incomplète",
            summary="Le client envoie des photos ; nous vérifions le bon de livraison.",
        )
    draft = confirmation(database, debtor)
    assert "désaccord sur la facture F-2026-0101 (Livraison incomplète)" in draft.body
    assert "avant le 1 décembre 2026" in draft.body  # the call's day + 8 days to send the details
    # The undisputed invoice stays due: its balance, 2 400,50 − 400,50.
    assert "La partie non contestée, soit 2\u202f000,00\xa0€, reste due" in draft.body
    # The summary on the caller's screen is never pasted: the email says it from the outcome's data.
    assert "Le client envoie des photos" not in draft.body
    assert draft.body.count("désaccord") == 1


def test_call_back_gives_the_agreed_time(database: Any) -> None:
    with database.session() as s:
        debtor = add_debtor(s, language="en", country="GB")
        add_outcome(s, debtor, "call_back", call_back=(date(2026, 11, 26), time(15, 30)))
    draft = confirmation(database, debtor)
    assert "we will call you back on 26 November 2026 at 15:30" in draft.body


@pytest.mark.parametrize(
    ("outcome", "words"),
    [
        ("refused", "Please let us know your grounds in writing before 1 December 2026"),
        ("already_paid", "please send us its date, amount, method and reference"),
        ("no_answer", "We tried to reach you by phone on 23 November 2026"),
        ("wrong_person", "the person who handles supplier payments"),
    ],
)
def test_other_outcomes_in_english(database: Any, outcome: str, words: str) -> None:
    with database.session() as s:
        debtor = add_debtor(s, language="en", country="GB")
        add_outcome(s, debtor, outcome)
    draft = confirmation(database, debtor)
    assert words in draft.body
    assert "Total outstanding: €3,200.00" in draft.body


def test_attaches_existing_invoice_pdfs_and_the_terms_of_sale(database: Any, tmp_path: Path) -> None:
    pdf = tmp_path / "F-2026-0101.pdf"
    pdf.write_bytes(b"%PDF-1.4 invoice")
    terms = tmp_path / "CGV Élodie.pdf"
    terms.write_bytes(b"%PDF-1.4 terms")
    with database.session() as s:
        from dunning_tui.store import tables as t

        debtor = add_debtor(s)
        s.query(t.Invoice).filter_by(number="F-2026-0101").update({"pdf_path": str(pdf)})
        s.query(t.Invoice).filter_by(number="F-2026-0102").update({"pdf_path": str(tmp_path / "missing.pdf")})
        add_outcome(s, debtor, "refused")
    draft = confirmation(database, debtor, terms_of_sale=terms, attachments_dirs=(tmp_path,))
    assert [(a.name, a.size) for a in draft.attachments] == [("F-2026-0101.pdf", 16), ("CGV Élodie.pdf", 14)]
    assert [str(r) for r in draft.refused] == [
        f"{tmp_path / 'missing.pdf'} is not attached: it does not exist."
    ]
    assert "la ou les factures concernées et nos conditions générales de vente" in draft.body
    msg = _parse(mail.save_eml(draft, tmp_path / "outbox"))
    files = {a.get_filename(): a.get_content() for a in msg.iter_attachments()}
    assert files == {"F-2026-0101.pdf": b"%PDF-1.4 invoice", "CGV Élodie.pdf": b"%PDF-1.4 terms"}


def test_line_breaks_in_names_and_subjects_never_forge_headers(database: Any, tmp_path: Path) -> None:
    with database.session() as s:
        debtor = add_debtor(s, contact="Eve\r\nBcc: victim@evil.example", name="ACME\nX-Injected: yes")
        add_outcome(s, debtor, "refused")
    draft = confirmation(database, debtor).edited("Hello\r\nBcc: other@evil.example", "body\r\nline two")
    path = mail.save_eml(draft, tmp_path)
    msg = _parse(path)
    assert msg["Bcc"] is None and msg["X-Injected"] is None
    assert msg["Subject"] == "Hello Bcc: other@evil.example"
    assert msg["To"].addresses[0].display_name == "Eve Bcc: victim@evil.example"
    assert _body(msg) == "body\nline two\n"


def test_accents_and_non_latin_text_survive_subject_and_body(database: Any, tmp_path: Path) -> None:
    with database.session() as s:
        debtor = add_debtor(
            s, language="en", country="GB", contact="Δημήτρης Παπαδόπουλος", name="王小明 Trading"
        )
        add_outcome(
            s, debtor, "dispute", invoice_numbers=("F-2026-0101",), dispute_reason="Zoë: 注文書 missing"
        )
    draft = confirmation(database, debtor)
    subject = "Facture n° F-2026-0101 – Zoë, 日本語, Ελληνικά"
    draft = draft.edited(subject, draft.body)
    path = mail.save_eml(draft, tmp_path)
    msg = _parse(path)
    assert msg["Subject"] == subject
    assert msg["To"].addresses[0].display_name == "Δημήτρης Παπαδόπουλος"
    body = _body(msg)
    assert "Dear Δημήτρης Παπαδόπουλος," in body
    assert "(Zoë: 注文書 missing)" in body
    # The file's headers stay 7-bit (encoded words, CRLF lines), which every mail server accepts.
    headers = path.read_bytes().split(b"\r\n\r\n", 1)[0]
    assert headers.isascii()
    assert b"Subject: " in headers and b"\n" not in headers.replace(b"\r\n", b"")


def test_no_valid_address_still_writes_the_eml_but_cannot_be_sent(database: Any, tmp_path: Path) -> None:
    with database.session() as s:
        debtor = add_debtor(s, email="compta at lefevre", contact_email="amelie@")
        add_outcome(s, debtor, "refused")
    draft = confirmation(database, debtor)
    assert draft.to == ()
    assert draft.problems and "no valid email address" in str(draft.problems[0])
    path = mail.save_eml(draft, tmp_path)
    assert _parse(path)["To"] is None
    with pytest.raises(UserError, match="no valid email address"):
        mail.send(draft, mail.SmtpConfig("127.0.0.1", 9), eml=path)
    assert mail.status_of(path) == "unsent"


def test_falls_back_to_the_company_address_when_the_contact_has_none(database: Any) -> None:
    with database.session() as s:
        debtor = add_debtor(s, contact_email="")
        add_outcome(s, debtor, "refused")
    draft = confirmation(database, debtor)
    assert [m.address for m in draft.to] == ["compta@lefevre.example.fr"]


@pytest.mark.parametrize(
    ("address", "ok"),
    [
        ("bob@example.com", True),
        ("bob.o'neil+tag@sub.example.co.uk", True),
        ("bob", False),
        ("bob@localhost", False),
        ("bob@example.com\r\nBcc: x@y.z", False),
        ("a b@example.com", False),
        ("bob@example.com, eve@example.com", False),
        ("", False),
    ],
)
def test_mailbox_validation(address: str, ok: bool) -> None:
    assert (mailbox("Bob", address) is not None) is ok


def test_no_outcome_is_a_clear_error(database: Any) -> None:
    with database.session() as s:
        debtor = add_debtor(s)
    with pytest.raises(UserError, match="no call with a recorded outcome"):
        load(database, debtor)


def test_draft_is_plain_data_the_app_can_edit() -> None:
    draft = Draft(subject="a", body="b", to=())
    edited = draft.edited("  new\nsubject ", "new body")
    assert (edited.subject, edited.body) == ("new subject", "new body")
    assert build_confirmation.__doc__


@pytest.mark.parametrize(
    ("answered_by", "thanked"), [("debtor", True), ("colleague", False), ("voicemail", False)]
)
def test_only_the_person_spoken_to_is_thanked_for_the_conversation(
    database: Any, answered_by, thanked
) -> None:
    with database.session() as s:
        debtor = add_debtor(s, language="en", country="GB")
        add_outcome(
            s, debtor, "call_back", call_back=(date(2026, 11, 26), time(15, 30)), answered_by=answered_by
        )
    draft = confirmation(database, debtor)
    assert ("Thank you for our phone conversation" in draft.body) is thanked
    assert "we will call you back on 26 November 2026 at 15:30" in draft.body


@pytest.mark.parametrize(
    ("language", "country", "thanks", "never"),
    [
        (
            "en",
            "GB",
            "Thank you for letting us know that you paid €450.50 on 20 November 2026 (reference VIR-8842).",
            "please send us its date",
        ),
        (
            "fr",
            "FR",
            "Merci de nous avoir indiqué que vous avez réglé 450,50\xa0€ le 20 novembre 2026 (référence VIR-8842).",
            "communiquer sa date",
        ),
    ],
)
def test_already_paid_thanks_for_the_payment_said_and_never_asks_for_it(
    database: Any, language: str, country: str, thanks: str, never: str
) -> None:
    from dunning_tui.store import tables as t

    with database.session() as s:
        debtor = add_debtor(s, language=language, country=country)
        call_id = add_outcome(s, debtor, "already_paid")
        row = s.get(t.Call, call_id)
        row.paid_on, row.paid_cents, row.paid_reference = date(2026, 11, 20), 45050, "VIR-8842"
    body = confirmation(database, debtor).body
    assert thanks in body
    assert never not in body


@pytest.mark.parametrize(
    ("language", "country", "deadline", "amount"),
    [
        ("en", "GB", "before 15 December 2026", "Amount in dispute: €150.00."),
        ("fr", "FR", "avant le 15 décembre 2026", "Montant contesté : 150,00\xa0€."),
    ],
)
def test_the_dispute_email_keeps_the_day_agreed_on_the_phone_and_the_amount_disputed(
    database: Any, language: str, country: str, deadline: str, amount: str
) -> None:
    from dunning_tui.store import tables as t

    with database.session() as s:
        debtor = add_debtor(s, language=language, country=country)
        call_id = add_outcome(s, debtor, "dispute", invoice_numbers=("F-2026-0101",))
        s.get(t.Call, call_id).documents_due = date(2026, 12, 15)
        invoice = s.query(t.Invoice).filter_by(number="F-2026-0101").one()
        invoice.status, invoice.disputed_cents = "disputed", 15000
    body = confirmation(database, debtor).body
    assert deadline in body and amount in body
    # Still due: the other invoice (2 000,00) and the undisputed 1 050,00 of the first.
    undisputed = format_money(Decimal("3050.00"), "EUR", "en_GB" if language == "en" else "fr_FR")
    assert undisputed in body
