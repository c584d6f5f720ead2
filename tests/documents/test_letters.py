"""Letters: the figures against the database and the penalty engine, and the PDF as a reader gets it."""

from __future__ import annotations

import io
import re
import stat
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from dunning_tui.cli import app
from dunning_tui.documents.letters import Letter, LetterKind, build_letter, render_pdf
from dunning_tui.documents.pdf import FontChoice, letter_pdf, unicode_font
from dunning_tui.domain.enums import DebtorKind
from dunning_tui.domain.money import format_money
from dunning_tui.domain.penalties import compute_penalties
from dunning_tui.errors import UserError
from dunning_tui.settings import Consequences
from dunning_tui.store import tables as t
from dunning_tui.store.dossier import load_debtor_file
from tests.conftest import TODAY
from tests.documents.helpers import CONSEQUENCES, CREDITOR, add_debtor, write_config

runner = CliRunner()


def _text(pdf: bytes) -> str:
    """The PDF's text as a reader's copy-paste gets it, with spaces made plain."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"[\u00a0\u202f]", " ", text)


def _plain(text: str) -> str:
    return re.sub(r"[\u00a0\u202f]", " ", text)


def _letter(database: Any, debtor: int, kind: LetterKind = LetterKind.NOTICE, **kwargs: Any) -> Letter:
    with database.session() as s:
        file = load_debtor_file(s, debtor)
    return build_letter(
        file,
        kind,
        creditor=kwargs.pop("creditor", CREDITOR),
        consequences=kwargs.pop("consequences", CONSEQUENCES),
        jurisdiction=kwargs.pop("jurisdiction", "FR"),
        today=TODAY,
        **kwargs,
    )


def test_notice_claims_balance_interest_and_indemnity_from_the_engine(database: Any) -> None:
    with database.session() as s:
        debtor = add_debtor(s)
        file = load_debtor_file(s, debtor)
        db_balance = sum(
            (Decimal(i.total_cents - i.paid_cents) / 100 for i in s.scalars(select(t.Invoice))), Decimal("0")
        )
    report = compute_penalties(
        file.invoices, file.payments, debtor_kind=DebtorKind.BUSINESS, jurisdiction="FR", today=TODAY
    )
    letter = _letter(database, debtor)
    assert letter.balance == db_balance == Decimal("3200.00")
    assert letter.interest == report.total_in("EUR").interest > 0
    assert letter.indemnity == Decimal("80.00")  # 40 EUR per invoice in France
    assert letter.deadline == TODAY + timedelta(days=8)
    assert letter.invoice_ids and len(letter.invoice_ids) == 2

    text = _text(render_pdf(letter))
    assert "Mise en demeure" in text
    assert "LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION" in text
    for number in ("F-2026-0101", "F-2026-0102"):
        assert number in text
    for amount in (letter.balance, letter.interest, letter.indemnity, letter.claimed):
        assert _plain(format_money(amount, "EUR", "fr_FR")) in text
    # The deadline runs from receipt: a number of days, no date that would start from the letter.
    assert "dans un délai de 8 jours à compter de la réception de la présente" in " ".join(text.split())
    assert "1 décembre 2026" not in text
    assert "L441-10" in text and "D441-5" in text
    assert CREDITOR.iban in text
    assert "saisirons la juridiction compétente" in text  # court_action is on by default
    # Both parties.
    assert "Atelier Élodie Müller" in text and "Menuiserie Lefèvre SARL" in text
    assert "À l'attention de Amélie Lefèvre" in text


def test_reminder_in_english_and_the_step_that_follows(database: Any) -> None:
    with database.session() as s:
        debtor = add_debtor(s, language="en", country="GB", name="Kestrel Builders Ltd")
    letter = _letter(database, debtor, LetterKind.REMINDER, deadline_days=15)
    text = _text(render_pdf(letter))
    assert "Unpaid invoice(s)" in text
    assert "Formal notice" not in text.split("\n")[0]
    assert "8 December 2026" in text
    assert "we will send you a formal notice" in text
    assert _plain(format_money(letter.claimed, "EUR", "en_GB")) in text


def test_consumers_get_no_b2b_penalties(database: Any) -> None:
    with database.session() as s:
        debtor = add_debtor(s, kind="consumer", name="Zoé Dupont")
    letter = _letter(database, debtor)
    assert (letter.interest, letter.indemnity) == (Decimal("0.00"), Decimal("0.00"))
    assert letter.penalties is None
    text = _text(render_pdf(letter))
    assert "L441-10" not in text and "indemnité" not in text.lower()


def test_only_the_charges_the_user_really_claims(database: Any) -> None:
    with database.session() as s:
        debtor = add_debtor(s)
    letter = _letter(
        database, debtor, consequences=Consequences(recovery_indemnity=False, court_action=False)
    )
    assert letter.interest > 0 and letter.indemnity == 0
    text = _text(render_pdf(letter))
    assert "Indemnité forfaitaire pour frais de recouvrement" not in text
    assert "juridiction" not in text  # no court threat the user will not carry out


def test_given_penalty_figures_are_printed_as_given(database: Any) -> None:
    with database.session() as s:
        debtor = add_debtor(s)
        file = load_debtor_file(s, debtor)
    report = compute_penalties(
        file.invoices, file.payments, debtor_kind=DebtorKind.BUSINESS, jurisdiction="BE", today=TODAY
    )
    letter = _letter(database, debtor, penalties=report, jurisdiction="BE")
    assert letter.interest == report.total_in("EUR").interest
    assert "loi du 2 août 2002" in _text(render_pdf(letter))


def test_disputed_invoices_are_left_out_and_said_so(database: Any) -> None:
    with database.session() as s:
        debtor = add_debtor(s)
        s.query(t.Invoice).filter_by(number="F-2026-0101").update({"status": "disputed"})
    letter = _letter(database, debtor)
    assert letter.balance == Decimal("2000.00")
    text = _text(render_pdf(letter))
    assert "La facture F-2026-0101, qui fait l'objet d'une contestation" in text


def test_nothing_overdue_is_a_clear_error(database: Any) -> None:
    with database.session() as s:
        debtor = add_debtor(s, invoices=(("F-1", Decimal("100"), Decimal("0"), -5),))
    with pytest.raises(UserError, match="no overdue, undisputed invoice"):
        _letter(database, debtor)


def test_accents_and_non_latin_names_survive_in_the_pdf(database: Any) -> None:
    assert unicode_font().unicode
    with database.session() as s:
        debtor = add_debtor(s, name="Łódź Społka – Ζωή Παπαδοπούλου", contact="Þórunn Ægisdóttir")
    text = _text(render_pdf(_letter(database, debtor)))
    assert "Łódź Społka – Ζωή Παπαδοπούλου" in text
    assert "Þórunn Ægisdóttir" in text
    assert "Échéance" in text and "Reste dû" in text


def test_without_a_unicode_font_latin1_still_prints(database: Any) -> None:
    with database.session() as s:
        debtor = add_debtor(s, name="Zoé Ελληνικά")
    text = _text(letter_pdf(_letter(database, debtor), FontChoice(None, None)))
    assert "Zoé ????????" in text
    assert "EUR" in text


def test_the_packaged_font_is_the_first_choice() -> None:
    choice = unicode_font()
    assert choice.regular is not None and choice.regular.parent.name == "fonts"
    assert choice.regular.parent.parent.name == "documents"


def test_command_writes_the_pdf_and_books_the_deadline(
    database: Any, db_url: str, isolated_home: Path, tmp_path: Path
) -> None:
    write_config(isolated_home)
    with database.session() as s:
        debtor = add_debtor(s)
    out = tmp_path / "notice.pdf"
    day = TODAY.isoformat()
    result = runner.invoke(
        app, ["letter", str(debtor), "--kind", "notice", "--out", str(out), "--date", day, "--db", db_url]
    )
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "Mise en demeure" in _text(out.read_bytes())
    with database.session() as s:
        event = s.scalars(select(t.ContactEvent).where(t.ContactEvent.channel == "formal_notice")).one()
        action = s.scalars(select(t.NextAction).where(t.NextAction.kind == "notice_deadline")).one()
        assert event.debtor_id == debtor and {i.number for i in event.invoices} == {
            "F-2026-0101",
            "F-2026-0102",
        }
        assert event.occurred_at.astimezone().date() == TODAY
        # 8 days from receipt, the registered letter taking 3 days (cadence.notice_delivery_days)
        assert action.debtor_id == debtor and action.due_date == TODAY + timedelta(days=3 + 8)
        assert action.done_at is None


def test_command_reminder_goes_to_the_letters_folder(database: Any, db_url: str, isolated_home: Path) -> None:
    write_config(isolated_home)
    with database.session() as s:
        debtor = add_debtor(s)
    result = runner.invoke(app, ["letter", str(debtor), "--date", TODAY.isoformat(), "--db", db_url])
    assert result.exit_code == 0, result.output
    (pdf,) = (isolated_home / "data" / "dunning-tui" / "letters").glob("*.pdf")
    assert pdf.name == f"{TODAY.isoformat()}-reminder-debtor{debtor}.pdf"
    with database.session() as s:
        assert s.scalars(select(t.ContactEvent.channel)).all() == ["letter"]


def test_command_errors(database: Any, db_url: str) -> None:
    result = runner.invoke(app, ["letter", "nobody", "--db", db_url])
    assert result.exit_code == 2 and "No debtor matches 'nobody'" in result.output
    result = runner.invoke(app, ["letter", "1", "--date", "23/11/2026", "--db", db_url])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def _words(letter: Letter) -> str:
    return " ".join(" ".join([*letter.sender, *letter.intro, *letter.body]).split())


def test_notice_says_despite_our_reminders_only_when_there_were_some(database: Any) -> None:
    from datetime import UTC, datetime

    with database.session() as s:
        debtor = add_debtor(s)
    first = _letter(database, debtor)
    assert "Malgré nos relances" not in _words(first)
    assert first.intro == ("Les factures suivantes, arrivées à échéance, restent impayées à ce jour.",)
    with database.session() as s:
        s.add(
            t.ContactEvent(
                debtor_id=debtor,
                occurred_at=datetime(2026, 11, 2, 9, 0, tzinfo=UTC),
                channel="email",
                summary="reminder",
            )
        )
    again = _letter(database, debtor)
    assert again.intro[0].startswith("Malgré nos relances (e-mail du 2 novembre 2026), les factures")


@pytest.mark.parametrize(
    ("creditor_law", "language", "label"),
    [
        ("FR", "fr", "SIRET : 123 456 789 00012"),
        ("BE", "fr", "Numéro d'entreprise : 123 456 789 00012"),
        ("UK", "en", "Company number: 123 456 789 00012"),
    ],
)
def test_the_creditor_number_is_labelled_as_its_country_calls_it(
    database: Any, creditor_law: str, language: str, label: str
) -> None:
    with database.session() as s:
        debtor = add_debtor(s, language=language)
    letter = _letter(database, debtor, jurisdiction=creditor_law)
    assert label in letter.sender


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_directive_is_cited_as_the_legal_basis(database: Any, language: str) -> None:
    with database.session() as s:
        debtor = add_debtor(s, language=language)
    for law in ("FR", "BE", "EU", "UK"):
        words = _words(_letter(database, debtor, jurisdiction=law))
        assert "directive" not in words.lower() and "2011/7" not in words, law
    french = _words(_letter(database, debtor, jurisdiction="FR"))
    assert "L441-10" in french and "D441-5" in french


def test_a_reminder_claims_the_undisputed_invoices_and_part_and_names_what_waits() -> None:
    from tests.domain.test_disputed_parts import FILE
    from tests.domain.test_disputed_parts import TODAY as JULY_30

    # F-1 1,000 open; F-2 2,000 of which 500 disputed; F-3 3,000 disputed whole (30 July 2025).
    letter = build_letter(
        FILE,
        LetterKind.REMINDER,
        creditor=CREDITOR,
        consequences=CONSEQUENCES,
        jurisdiction="FR",
        today=JULY_30,
    )
    assert [row[0] for row in letter.invoices.rows] == ["F-1", "F-2"]
    assert [row[5] for row in letter.invoices.rows] == ["€1,000.00", "€1,500.00"]  # F-2's 500 left out
    assert letter.invoices.totals[0][5] == "€2,500.00"
    # Interest 9.99 on F-1 and 31.19 on F-2's 1,500 (see the domain test), 2 × 40 indemnity.
    assert (letter.balance, letter.interest, letter.indemnity) == (
        Decimal("2500.00"),
        Decimal("41.18"),
        Decimal("80.00"),
    )
    assert letter.claimed == Decimal("2621.18")
    assert "Please pay €2,621.18 by 7 August 2025" in " ".join(letter.body)
    assert "Invoice F-3, which is disputed and under review, is not included in this letter." in letter.body
    assert (
        "Of invoice F-2, €500.00 is disputed and under review: only the rest is claimed in this letter."
        in (letter.body)
    )
    french = build_letter(
        replace(FILE, debtor=replace(FILE.debtor, language="fr")),
        LetterKind.NOTICE,
        creditor=CREDITOR,
        consequences=CONSEQUENCES,
        jurisdiction="FR",
        today=JULY_30,
    )
    assert french.claimed == Decimal("2621.18")
    assert any(line.startswith("Sur la facture F-2, 500,00") for line in french.body)
