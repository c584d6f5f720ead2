"""Importing EN 16931 e-invoices: the official UBL and CII examples, Factur-X PDFs, credit notes."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from dunning_tui.domain.money import to_cents
from dunning_tui.importers.einvoice.read import due_from_terms
from dunning_tui.importers.report import BadRowsError
from dunning_tui.importers.run import SellerIds, import_paths
from dunning_tui.store.database import Database
from tests.importers.conftest import counts, run_import, write
from tests.importers.einvoices import (
    CII_EXAMPLES,
    CREDIT_NOTE,
    UBL_EXAMPLES,
    Expected,
    expected,
    factur_x,
    rows,
    variant,
)

EXAMPLES = UBL_EXAMPLES + CII_EXAMPLES


def _check_invoice(db: Database, want: Expected, pdf_path: str = "") -> None:
    ((number, issue, due, currency, total, paid, po, buyer_ref, pdf, key),) = rows(
        db,
        "SELECT i.number, i.issue_date, i.due_date, i.currency, i.total_cents, i.paid_cents, i.po_reference, "
        "i.buyer_reference, i.pdf_path, d.key FROM invoices i JOIN debtors d ON d.id = i.debtor_id",
    )
    assert number == want.number
    assert date.fromisoformat(issue) == want.issue_date
    # Every example states its due date (BT-9); without one the terms would give it (tested below).
    assert want.due_date is not None and date.fromisoformat(due) == want.due_date
    assert currency == want.currency
    assert total == to_cents(want.total)
    assert paid == to_cents(want.prepaid)
    assert (po, buyer_ref, pdf) == (want.po_reference, want.buyer_reference, pdf_path)
    ((name, country, registration, vat),) = rows(
        db, "SELECT name, country, registration_number, vat_number FROM debtors"
    )
    assert (name, country, registration, vat) == (
        want.buyer_name,
        want.country,
        want.buyer_registration,
        want.buyer_vat,
    )
    assert key == (want.buyer_id or f"reg-{want.buyer_registration.lower()}")
    contacts = rows(db, "SELECT name, direct_line, email, is_primary FROM contacts")
    if want.contact_name or want.contact_phone or want.contact_email:
        assert contacts == [(want.contact_name, want.contact_phone, want.contact_email, 1)]
    else:
        assert contacts == []
    payments = rows(db, "SELECT paid_on, amount_cents, method FROM payments")
    if want.prepaid:
        assert payments == [(want.issue_date.isoformat(), to_cents(want.prepaid), "acompte")]
    else:
        assert payments == []


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_each_official_example_imports_with_the_values_it_states(db: Database, example: Path) -> None:
    report = run_import(db, example)
    want = expected(example)
    _check_invoice(db, want)
    assert counts(report)["invoices"] == (1, 0, 0)
    assert report.debtor_ids == [row[0] for row in rows(db, "SELECT id FROM debtors")]
    again = run_import(db, example)
    assert not again.changed
    assert again.debtor_ids == []  # nothing written: no follow-up to refresh


@pytest.mark.parametrize("example", CII_EXAMPLES, ids=[p.name for p in CII_EXAMPLES])
def test_a_factur_x_pdf_imports_its_cii_and_becomes_the_invoice_pdf(
    db: Database, example: Path, tmp_path: Path
) -> None:
    pdf = factur_x(example.read_bytes(), tmp_path / "in" / f"{example.stem}.pdf")
    run_import(db, tmp_path / "in")
    _check_invoice(db, expected(example), pdf_path=str(pdf.resolve()))
    assert not run_import(db, pdf).changed


def test_ubl_and_cii_of_the_same_invoice_give_the_same_book(tmp_path: Path) -> None:
    """Example 1 is one invoice written in both syntaxes: importing either gives the same records."""
    books = []
    for example in (UBL_EXAMPLES[0], CII_EXAMPLES[0]):
        database = Database.open(f"sqlite:///{tmp_path / (example.stem + '.sqlite3')}")
        try:
            run_import(database, example)
            books.append(
                rows(database, "SELECT key, name, country, address FROM debtors")
                + rows(database, "SELECT number, issue_date, due_date, total_cents FROM invoices")
                + rows(database, "SELECT name, direct_line, email FROM contacts")
            )
        finally:
            database.close()
    assert books[0] == books[1]


def test_a_folder_mixes_csv_and_e_invoices_and_the_buyer_matches_the_csv_debtor(
    db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    write(
        folder / "invoices.csv",
        "debtor_key,debtor_name,payment_terms_days,invoice_number,issue_date,total\n"
        "10202,ODIN 59,45,F-1,2015-01-02,100.00\n",
    )
    variant(UBL_EXAMPLES[0], folder / "odin.xml")
    report = run_import(db, folder)
    assert report.files == ["invoices.csv", "odin.xml"]
    assert counts(report)["debtors"] == (1, 0, 0)
    assert rows(
        db, "SELECT d.key, i.number FROM invoices i JOIN debtors d ON d.id = i.debtor_id ORDER BY 2"
    ) == [
        ("10202", "12115118"),
        ("10202", "F-1"),
    ]


def test_all_or_nothing_across_csv_and_e_invoices(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(
        folder / "invoices.csv", "debtor_name,invoice_number,issue_date,total\nACME,F-1,2025-01-02,100.00\n"
    )
    variant(UBL_EXAMPLES[0], folder / "bad.xml", ("<cbc:IssueDate>2015-01-09", "<cbc:IssueDate>2015-02-30"))
    with pytest.raises(BadRowsError) as caught:
        run_import(db, folder)
    (bad,) = caught.value.bad_rows
    assert str(bad) == "bad.xml line 17, BT-2 issue date (cbc:IssueDate), value '2015-02-30': no such date"
    assert rows(db, "SELECT count(*) FROM invoices") == [(0,)]
    assert rows(db, "SELECT count(*) FROM debtors") == [(0,)]


def test_dry_run_counts_and_writes_nothing(db: Database) -> None:
    report = import_paths(db, [UBL_EXAMPLES[1]], dry_run=True)
    assert counts(report) == {
        "debtors": (1, 0, 0),
        "contacts": (1, 0, 0),
        "invoices": (1, 0, 0),
        "payments": (1, 0, 0),
    }
    assert report.lines()[-1] == "Dry run: nothing was written."
    assert rows(db, "SELECT count(*) FROM invoices") == [(0,)]


# -- due dates -------------------------------------------------------------------------------------


def _without_due_date(tmp_path: Path, terms: str | None) -> Path:
    replacements = [("<cbc:DueDate>2015-01-09</cbc:DueDate>", "")]
    if terms is not None:
        replacements.append(
            (
                "<cac:PaymentMeans>",
                f"<cac:PaymentTerms><cbc:Note>{terms}</cbc:Note></cac:PaymentTerms><cac:PaymentMeans>",
            )
        )
    # UBL wants PaymentTerms after PaymentMeans, but the importer reads by path, not by position.
    return variant(UBL_EXAMPLES[0], tmp_path / "nodue.xml", *replacements)


def _due(db: Database) -> date:
    ((due,),) = rows(db, "SELECT due_date FROM invoices")
    return date.fromisoformat(due)


def test_without_due_date_the_payment_terms_days_give_it(db: Database, tmp_path: Path) -> None:
    run_import(
        db, _without_due_date(tmp_path, "2 % discount if paid within 8 days\nPayment within 21 days net")
    )
    assert _due(db) == date(2015, 1, 9) + timedelta(days=21)


def test_without_due_date_nor_terms_the_default_terms_apply(db: Database, tmp_path: Path) -> None:
    run_import(db, _without_due_date(tmp_path, None))
    assert _due(db) == date(2015, 1, 9) + timedelta(days=30)


def test_without_due_date_nor_terms_the_debtors_terms_apply(db: Database, tmp_path: Path) -> None:
    write(
        tmp_path / "invoices.csv",
        "debtor_key,debtor_name,payment_terms_days,invoice_number,issue_date,total\n10202,ODIN 59,45,,,\n",
    )
    run_import(db, tmp_path / "invoices.csv")
    run_import(db, _without_due_date(tmp_path, "See our general terms"))
    assert _due(db) == date(2015, 1, 9) + timedelta(days=45)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("30 days net", date(2026, 2, 14)),
        ("Paiement à 45 jours fin de mois", date(2026, 3, 31)),  # 1 March, then the month's end
        ("Payment 30 days end of month", date(2026, 2, 28)),
        ("Net 60", date(2026, 3, 16)),
        ("Betalingstermijn: 14 dagen netto", date(2026, 1, 29)),
        ("2 % discount if paid within 2 days\nPenalty percentage 10% from due date", None),
        ("Escompte 1 % à 10 jours; paiement à 30 jours", date(2026, 2, 14)),
        ("Due on receipt", None),
    ],
)
def test_due_date_from_payment_terms(text: str, due: date | None) -> None:
    # Issued 15 January 2026: 30 days later is 14 February, 45 days later 1 March.
    assert due_from_terms(text, date(2026, 1, 15)) == due


# -- credit notes ----------------------------------------------------------------------------------

CREDITED_INVOICE = "registration_number,debtor_name,invoice_number,issue_date,total\n0000000295,My Customer Company,INV-9,2019-09-01,300.00\n"


def _credit_note(tmp_path: Path, invoice: str = "INV-9", name: str = "cn.xml") -> Path:
    reference = (
        f"<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>{invoice}</cbc:ID>"
        "</cac:InvoiceDocumentReference></cac:BillingReference>"
    )
    return variant(
        CREDIT_NOTE,
        tmp_path / "in" / name,
        ("<cac:AccountingSupplierParty>", reference + "<cac:AccountingSupplierParty>"),
    )


def test_the_official_credit_note_without_invoice_reference_is_listed_in_the_debtors_file(
    db: Database,
) -> None:
    report = run_import(db, CREDIT_NOTE)
    assert rows(db, "SELECT key, name, vat_number FROM debtors") == [
        ("reg-0000000295", "My Customer Company", "BE0000000295")
    ]
    assert rows(db, "SELECT kind, reference, doc_date FROM documents") == [
        ("credit_note", "018304 / 28865", "2019-09-23")
    ]
    assert rows(db, "SELECT count(*) FROM payments") == [(0,)]
    assert any("names no invoice (BT-25)" in line for line in report.lines())
    assert not run_import(db, CREDIT_NOTE).changed


def test_a_credit_note_lowers_what_its_invoice_owes_and_is_listed(db: Database, tmp_path: Path) -> None:
    write(tmp_path / "in" / "invoices.csv", CREDITED_INVOICE)
    _credit_note(tmp_path)
    report = run_import(db, tmp_path / "in")
    assert counts(report)["payments"] == (1, 0, 0)
    credited = to_cents(Decimal(expected(CREDIT_NOTE).total))
    assert rows(db, "SELECT total_cents, paid_cents FROM invoices") == [(30000, credited)]
    assert rows(db, "SELECT paid_on, amount_cents, method, reference FROM payments") == [
        ("2019-09-23", credited, "avoir", "018304 / 28865")
    ]
    assert rows(
        db,
        "SELECT d.kind, d.reference, i.number FROM documents d "
        "JOIN document_invoices l ON l.document_id = d.id JOIN invoices i ON i.id = l.invoice_id",
    ) == [("credit_note", "018304 / 28865", "INV-9")]
    assert not run_import(db, tmp_path / "in").changed


def test_a_credit_note_for_an_unknown_invoice_is_refused(db: Database, tmp_path: Path) -> None:
    path = _credit_note(tmp_path, invoice="NOPE-1")
    with pytest.raises(BadRowsError) as caught:
        run_import(db, path)
    line = 1 + path.read_text().split("<cac:BillingReference>")[0].count("\n")
    where = f"cn.xml line {line}, BT-25 preceding invoice reference "
    where += "(cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID), value 'NOPE-1': "
    assert caught.value.details == [
        where + "no such invoice (not in the files nor in the database)",
        where + "no such invoice: NOPE-1",
    ]
    assert rows(db, "SELECT count(*) FROM debtors") == [(0,)]


def test_a_credit_note_for_another_debtors_invoice_is_refused(db: Database, tmp_path: Path) -> None:
    write(tmp_path / "in" / "invoices.csv", CREDITED_INVOICE.replace("0000000295", "0000000999"))
    _credit_note(tmp_path)
    with pytest.raises(BadRowsError) as caught:
        run_import(db, tmp_path / "in")
    assert any(
        "not all these invoices are of debtor 'reg-0000000295'" in line for line in caught.value.details
    )


def test_a_credit_note_above_what_the_invoice_totals_is_refused(db: Database, tmp_path: Path) -> None:
    write(tmp_path / "in" / "invoices.csv", CREDITED_INVOICE.replace("300.00", "50.00"))
    _credit_note(tmp_path)
    with pytest.raises(BadRowsError) as caught:
        run_import(db, tmp_path / "in")
    (line,) = caught.value.details
    assert "BT-112 invoice total amount with VAT" in line
    assert "more than its total 50.00" in line


# -- whose invoice -----------------------------------------------------------------------------------


def test_a_suppliers_invoice_is_refused_with_a_sentence_saying_so(db: Database) -> None:
    example = UBL_EXAMPLES[1]
    with pytest.raises(BadRowsError) as caught:
        import_paths(db, [example], seller=SellerIds(vat_number="FR 12 345678901"))
    (line,) = caught.value.details
    seller = expected(example).seller_vat
    assert "BT-31 seller VAT identifier" in line and f"value '{seller}'" in line
    assert "this is a supplier's invoice, not one of your receivables" in line
    assert rows(db, "SELECT count(*) FROM invoices") == [(0,)]


def test_the_users_own_invoice_is_imported_whatever_the_spacing_of_its_vat_number(db: Database) -> None:
    example = UBL_EXAMPLES[1]
    seller = expected(example).seller_vat
    spaced = " ".join(seller[i : i + 3] for i in range(0, len(seller), 3)).lower()
    import_paths(db, [example], seller=SellerIds(vat_number=spaced, registration_number="000"))
    assert rows(db, "SELECT number FROM invoices") == [(expected(example).number,)]


def test_newest_invoice_gives_the_buyers_details(db: Database, tmp_path: Path) -> None:
    old = variant(UBL_EXAMPLES[0], tmp_path / "in" / "old.xml", ("Dhr. J BLOKKER", "Mevr. A OUD"))
    variant(
        UBL_EXAMPLES[0],
        tmp_path / "in" / "new.xml",
        ("<cbc:ID>12115118</cbc:ID>", "<cbc:ID>12115119</cbc:ID>"),
        ("<cbc:IssueDate>2015-01-09", "<cbc:IssueDate>2015-02-09"),
        ("<cbc:DueDate>2015-01-09", "<cbc:DueDate>2015-02-09"),
    )
    run_import(db, tmp_path / "in")
    assert rows(db, "SELECT name FROM contacts") == [("Dhr. J BLOKKER",)]
    assert old.exists()


# -- on the command line ---------------------------------------------------------------------------


def test_the_command_line_imports_e_invoices_and_refuses_a_suppliers(
    tmp_path: Path, isolated_home: Path
) -> None:
    from typer.testing import CliRunner

    from tests.importers.test_transfer_cli import _app

    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    folder = tmp_path / "in"
    factur_x(CII_EXAMPLES[1].read_bytes(), folder / "tosl108.pdf")
    variant(UBL_EXAMPLES[3], folder / "tosl110.xml")
    runner = CliRunner()
    dry = runner.invoke(_app(), ["import", str(folder), "--db", url, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Would import tosl108.pdf, tosl110.xml:" in dry.output
    assert "invoices         2 new        0 updated        0 unchanged" in dry.output

    (isolated_home / "config.toml").write_text("[creditor]\nvat_number = 'FR40303265045'\n")
    refused = runner.invoke(_app(), ["import", str(folder), "--db", url])
    assert refused.exit_code == 2
    assert refused.output.splitlines()[0] == (
        "Error: tosl108.pdf has 1 problem, tosl110.xml has 1 problem; nothing was imported."
    )
    assert "this is a supplier's invoice, not one of your receivables" in refused.output

    (isolated_home / "config.toml").write_text(
        f"[creditor]\nvat_number = '{expected(CII_EXAMPLES[1]).seller_vat}'\n"
    )
    mine = runner.invoke(_app(), ["import", str(folder / "tosl108.pdf"), "--db", url])
    assert mine.exit_code == 0, mine.output
    assert "invoices         1 new" in mine.output


def test_the_debtors_file_lists_the_credit_note_and_the_lowered_balance(db: Database, tmp_path: Path) -> None:
    from dunning_tui.domain.enums import DocumentKind
    from dunning_tui.store.dossier import find_debtor_id, load_debtor_file

    write(tmp_path / "in" / "invoices.csv", CREDITED_INVOICE)
    _credit_note(tmp_path)
    run_import(db, tmp_path / "in")
    credited = Decimal(expected(CREDIT_NOTE).total)
    with db.session() as session:
        file = load_debtor_file(session, find_debtor_id(session, "reg-0000000295"))
    (document,) = file.documents
    assert (document.kind, document.reference) == (DocumentKind.CREDIT_NOTE, "018304 / 28865")
    (payment,) = file.payments
    assert (payment.amount, payment.method, payment.reference) == (credited, "avoir", "018304 / 28865")
    (invoice,) = file.invoices
    assert invoice.balance == Decimal("300.00") - credited
