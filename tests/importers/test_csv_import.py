"""Importing CSV files as freelancers really produce them, all or nothing, and idempotently."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dunning_tui.importers.report import BadRowsError
from dunning_tui.store.database import Database
from dunning_tui.store.tables import Contact, ContactEvent, Debtor, Document, Invoice, Payment
from tests.importers.conftest import counts, run_import, write

FRENCH_INVOICES = """\
Code client;Client;Type de client;Pays;Langue;SIRET;Adresse;Contact;Fonction;Ligne directe;Portable;N° facture;Date de facture;Échéance;Montant TTC;Devise;Statut;Bon de commande;Reçue
C001;ACME SA;entreprise;France;fr;123 456 789 00012;"12 rue de la Paix
75002 Paris";Jean Dupont;Comptable;01 23 45 67 89;06 12 34 56 78;F-2025-001;05/03/2025;04/04/2025;1 234,50;€;ouverte;BC-77;oui
C001;ACME SA;;;;;;;;;;F-2025-002;10/03/2025;;500;;litige;;non
;Boulangerie Martin;particulier;Belgique;;;;;;;;F-2025-003;12.03.2025;;99,90;EUR;;;
"""

FRENCH_PAYMENTS = """\
N° facture;Date de paiement;Montant;Mode de paiement;Référence
F-2025-001;15/04/2025;200,00;virement;VIR123
F-2025-001;20/04/2025;34,50;chèque;
"""

FRENCH_REMINDERS = """\
Code client;Date;Canal;Par;Résumé;Factures
C001;10/04/2025 14h30;appel;Marie;Messagerie, rappel demain;F-2025-001 F-2025-002
Boulangerie Martin;12/04/2025;courriel;;Copie de la facture envoyée;
;20/04/2025;Mise en demeure;;;F-2025-001
"""

FRENCH_DOCUMENTS = """\
Code client;Type de pièce;Référence;Date;Signé par;Chemin;Factures
C001;devis signé;D-12;01/02/2025;Jean Dupont;/docs/D-12.pdf;F-2025-001|F-2025-002
C001;CGV;;;;/docs/cgv.pdf;
"""

ENGLISH_INVOICES = """\
Client code,Customer,Kind,Country,Contact,Mobile,Invoice No,Invoice date,Due date,Total incl. VAT,Currency,Payment terms
K-1,Brightside Ltd,business,GB,Alice Smith,07700 900123,INV-1,2025-03-01,2025-03-31,"1,234.50",GBP,30
K-1,Brightside Ltd,,,,,INV-2,2025-03-15,,250.00,GBP,30
K-2,O'Brien & Sons,business,IE,,,INV-3,2025-03-20,2025-04-19,80,EUR,
"""


def _count(db: Database, entity: type) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(entity)) or 0)


def test_french_semicolon_bom_decimal_commas_and_day_first_dates(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "export-compta"
    write(folder / "factures.csv", FRENCH_INVOICES, bom=True, crlf=True)
    write(folder / "paiements.csv", FRENCH_PAYMENTS, bom=True)
    write(folder / "relances.csv", FRENCH_REMINDERS)
    write(folder / "pieces.csv", FRENCH_DOCUMENTS)

    report = run_import(db, folder)

    assert counts(report) == {
        "debtors": (2, 0, 0),
        "contacts": (1, 0, 0),
        "invoices": (3, 0, 0),
        "payments": (2, 0, 0),
        "reminders": (3, 0, 0),
        "documents": (2, 0, 0),
    }
    with db.session() as session:
        acme = session.scalars(select(Debtor).where(Debtor.key == "C001")).one()
        assert (acme.name, acme.kind, acme.country, acme.registration_number) == (
            "ACME SA",
            "business",
            "FR",
            "123 456 789 00012",
        )
        assert acme.address == "12 rue de la Paix\n75002 Paris"
        contact = session.scalars(select(Contact).where(Contact.debtor_id == acme.id)).one()
        assert (contact.name, contact.role, contact.mobile, contact.is_primary) == (
            "Jean Dupont",
            "Comptable",
            "06 12 34 56 78",
            True,
        )
        first = session.scalars(select(Invoice).where(Invoice.number == "F-2025-001")).one()
        assert (first.issue_date, first.due_date, first.total_cents, first.paid_cents) == (
            date(2025, 3, 5),
            date(2025, 4, 4),
            123450,
            23450,
        )
        assert (first.currency, first.status, first.po_reference, first.acknowledged) == (
            "EUR",
            "open",
            "BC-77",
            True,
        )
        second = session.scalars(select(Invoice).where(Invoice.number == "F-2025-002")).one()
        # Blank due date: issue date plus the default 30 days of payment terms.
        assert (second.due_date, second.status, second.total_cents) == (date(2025, 4, 9), "disputed", 50000)
        bakery = session.scalars(select(Debtor).where(Debtor.key == "boulangerie-martin")).one()
        assert (bakery.kind, bakery.country) == ("consumer", "BE")
        third = session.scalars(select(Invoice).where(Invoice.number == "F-2025-003")).one()
        assert (third.issue_date, third.total_cents, third.debtor_id) == (date(2025, 3, 12), 9990, bakery.id)
        events = session.scalars(select(ContactEvent).order_by(ContactEvent.occurred_at)).all()
        assert [e.channel for e in events] == ["call", "email", "formal_notice"]
        call = events[0]
        assert call.occurred_at == datetime(2025, 4, 10, 14, 30).astimezone(UTC)
        assert sorted(i.number for i in call.invoices) == ["F-2025-001", "F-2025-002"]
        assert events[1].debtor_id == bakery.id
        assert events[2].debtor_id == acme.id  # found from its invoice
        quote = session.scalars(select(Document).where(Document.kind == "signed_quote")).one()
        assert (quote.reference, quote.doc_date, quote.signed_by) == ("D-12", date(2025, 2, 1), "Jean Dupont")
        assert len(quote.invoices) == 2


def test_english_comma_file_with_an_unknown_name_is_recognised_by_its_headers(
    db: Database, tmp_path: Path
) -> None:
    path = write(tmp_path / "export-2025-03.csv", ENGLISH_INVOICES)
    report = run_import(db, path)
    assert counts(report)["invoices"] == (3, 0, 0)
    assert report.files == ["export-2025-03.csv"]
    with db.session() as session:
        inv = session.scalars(select(Invoice).where(Invoice.number == "INV-1")).one()
        assert (inv.total_cents, inv.currency) == (123450, "GBP")
        brightside = session.scalars(select(Debtor).where(Debtor.key == "K-1")).one()
        assert (brightside.country, brightside.payment_terms_days) == ("GB", 30)
        assert session.scalars(select(Debtor.name).where(Debtor.key == "K-2")).one() == "O'Brien & Sons"


def test_windows_1252_and_excel_sep_line(db: Database, tmp_path: Path) -> None:
    text = "sep=;\nN° facture;Client;Date;Montant TTC\nF-1;Société Générale d'Études;01/02/2025;12,00\n"
    write(tmp_path / "factures.csv", text, encoding="cp1252")
    run_import(db, tmp_path / "factures.csv")
    with db.session() as session:
        assert session.scalars(select(Debtor.name)).one() == "Société Générale d'Études"
        assert session.scalars(select(Debtor.key)).one() == "societe-generale-d-etudes"


def test_reimport_changes_nothing_and_next_weeks_export_updates(db: Database, tmp_path: Path) -> None:
    write(tmp_path / "a" / "invoices.csv", ENGLISH_INVOICES)
    run_import(db, tmp_path / "a")
    again = run_import(db, tmp_path / "a")
    assert not again.changed
    assert counts(again) == {"debtors": (0, 0, 2), "contacts": (0, 0, 1), "invoices": (0, 0, 3)}

    next_week = ENGLISH_INVOICES.replace("INV-3,2025-03-20,2025-04-19,80", "INV-3,2025-03-20,2025-04-30,80")
    next_week += "K-2,O'Brien & Sons,,,,,INV-4,2025-04-01,,120.00,EUR,\n"
    write(tmp_path / "b" / "invoices.csv", next_week)
    report = run_import(db, tmp_path / "b")
    assert counts(report) == {"debtors": (0, 0, 2), "contacts": (0, 0, 1), "invoices": (1, 1, 2)}
    assert _count(db, Invoice) == 4
    assert _count(db, Debtor) == 2


def test_payments_are_matched_not_duplicated_and_paid_is_recomputed(db: Database, tmp_path: Path) -> None:
    write(tmp_path / "factures.csv", FRENCH_INVOICES)
    write(tmp_path / "paiements.csv", FRENCH_PAYMENTS)
    run_import(db, tmp_path)
    report = run_import(db, tmp_path / "paiements.csv")
    assert counts(report) == {"payments": (0, 0, 2)}
    # Two identical payments are two payments; a third identical row adds one more.
    write(tmp_path / "more" / "paiements.csv", FRENCH_PAYMENTS + "F-2025-001;20/04/2025;34,50;chèque;\n")
    report = run_import(db, tmp_path / "more")
    assert counts(report) == {"payments": (1, 0, 2)}
    with db.session() as session:
        paid = session.scalars(select(Invoice.paid_cents).where(Invoice.number == "F-2025-001")).one()
    assert paid == 20000 + 3450 + 3450
    assert _count(db, Payment) == 3


def test_every_bad_row_is_listed_and_nothing_is_written(db: Database, tmp_path: Path) -> None:
    write(
        tmp_path / "factures.csv",
        "N° facture;Client;Date;Échéance;Montant TTC;Statut;Type de client\n"
        "F-1;ACME;05/03/2025;;100;;\n"
        "F-2;ACME;31/02/2025;;100;;\n"
        "F-3;ACME;05/03/2025;;1.234,567;;\n"
        "F-4;ACME;05/03/2025;01/03/2025;100;;\n"
        "F-5;ACME;05/03/2025;;100;payée;\n"
        "F-1;ACME;05/03/2025;;100;;\n"
        "F-6;;05/03/2025;;100;;\n"
        "F-7;ACME;05/03/2025;;100;;robot\n",
    )
    write(
        tmp_path / "paiements.csv",
        "N° facture;Date;Montant\nF-1;01/04/2025;150\nF-404;01/04/2025;10\nF-2;01/04/2025;10\n",
    )
    write(tmp_path / "relances.csv", "Code client;Date;Canal\nNOBODY;01/04/2025;appel\nACME;2025-13-01;fax\n")

    with pytest.raises(BadRowsError) as caught:
        run_import(db, tmp_path)

    error = caught.value
    assert error.exit_code == 2
    assert error.message == (
        "factures.csv has 7 bad rows, paiements.csv has 2 bad rows, relances.csv has 2 bad rows; "
        "nothing was imported."
    )
    found = {(b.file, b.line, b.column, b.value) for b in error.bad_rows}
    assert found == {
        ("factures.csv", 3, "Date", "31/02/2025"),
        ("factures.csv", 4, "Montant TTC", "1.234,567"),
        ("factures.csv", 5, "Échéance", "01/03/2025"),
        ("factures.csv", 6, "Statut", "payée"),
        ("factures.csv", 7, "N° facture", "F-1"),
        ("factures.csv", 8, "Client", ""),
        ("factures.csv", 9, "Type de client", "robot"),
        ("paiements.csv", 2, "Montant", "150"),
        ("paiements.csv", 3, "N° facture", "F-404"),
        ("relances.csv", 2, "Code client", "NOBODY"),
        ("relances.csv", 3, "Date", "2025-13-01"),
        ("relances.csv", 3, "Canal", "fax"),
    }
    reasons = {(b.line, b.column): b.worded_reason() for b in error.bad_rows if b.file == "factures.csv"}
    assert reasons[(3, "Date")] == "no such date"
    assert "more than two decimals" in reasons[(4, "Montant TTC")]
    assert "before the issue date" in reasons[(5, "Échéance")]
    assert "payments.csv" in reasons[(6, "Statut")]
    assert reasons[(7, "N° facture")] == "the same invoice is on line 2"
    assert "unknown kind" in reasons[(9, "Type de client")]
    overpaid = next(b for b in error.bad_rows if b.file == "paiements.csv" and b.line == 2)
    assert "more than its total 100.00" in overpaid.worded_reason()
    # F-2's own row is bad: its payment is not blamed a second time.
    assert not any(b.file == "paiements.csv" and b.line == 4 for b in error.bad_rows)
    assert error.details[0] == ("factures.csv line 3, column 'Date', value '31/02/2025': no such date")
    assert len(error.details) == len(error.bad_rows)
    assert _count(db, Debtor) == _count(db, Invoice) == _count(db, Payment) == 0


def test_a_missing_column_and_a_shifted_row_are_reported(db: Database, tmp_path: Path) -> None:
    write(tmp_path / "invoices.csv", "invoice_number,debtor_name,total\nA-1,ACME,12,50\n")
    write(tmp_path / "payments.csv", "invoice_number,amount\nA-1,3\n")
    with pytest.raises(BadRowsError) as caught:
        run_import(db, tmp_path)
    reasons = [str(b) for b in caught.value.bad_rows]
    assert any("invoices.csv line 1" in r and "'issue_date'" in r for r in reasons)
    assert any("payments.csv line 1" in r and "'date'" in r for r in reasons)


def test_shifted_row_from_an_unquoted_decimal_comma(db: Database, tmp_path: Path) -> None:
    write(
        tmp_path / "invoices.csv", "invoice_number,debtor_name,issue_date,total\nA-1,ACME,2025-01-01,12,50\n"
    )
    with pytest.raises(BadRowsError) as caught:
        run_import(db, tmp_path)
    (bad,) = caught.value.bad_rows
    assert (bad.line, bad.value) == (2, "50")
    assert "decimal comma must be inside quotes" in bad.worded_reason()


def test_conflicting_debtor_rows_are_bad_but_blank_cells_inherit(db: Database, tmp_path: Path) -> None:
    write(
        tmp_path / "invoices.csv",
        "debtor_key,debtor_name,debtor_email,invoice_number,issue_date,total\n"
        "K,Kappa,ap@kappa.test,1,2025-01-01,10\n"
        "K,Kappa,,2,2025-01-01,10\n"
        "K,Kappa SARL,other@kappa.test,3,2025-01-01,10\n",
    )
    with pytest.raises(BadRowsError) as caught:
        run_import(db, tmp_path)
    assert {(b.line, b.column) for b in caught.value.bad_rows} == {(4, "debtor_name"), (4, "debtor_email")}
    assert "differs from line 2" in caught.value.bad_rows[0].worded_reason()


def test_dry_run_counts_without_writing(db: Database, tmp_path: Path) -> None:
    write(tmp_path / "invoices.csv", ENGLISH_INVOICES)
    report = run_import(db, tmp_path, dry_run=True)
    assert counts(report)["invoices"] == (3, 0, 0)
    assert report.lines()[-1] == "Dry run: nothing was written."
    assert _count(db, Invoice) == 0


def test_contacts_file_and_primary_contact(db: Database, tmp_path: Path) -> None:
    write(tmp_path / "invoices.csv", ENGLISH_INVOICES)
    write(
        tmp_path / "contacts.csv",
        "Client code,Name,Title,Phone,Email\nK-1,Bob Jones,Finance director,020 7946 0000,bob@brightside.test\n"
        "Brightside Ltd,Carol White,Accounts payable,,carol@brightside.test\n",
    )
    report = run_import(db, tmp_path)
    assert counts(report)["contacts"] == (3, 0, 0)
    with db.session() as session:
        rows = session.execute(
            select(Contact.name, Contact.role, Contact.is_primary).order_by(Contact.name)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("Alice Smith", "", True),
        ("Bob Jones", "Finance director", False),
        ("Carol White", "Accounts payable", False),
    ]
    assert not run_import(db, tmp_path).changed


def test_a_new_primary_contact_demotes_the_old_one(db: Database, tmp_path: Path) -> None:
    write(tmp_path / "a" / "invoices.csv", ENGLISH_INVOICES)
    run_import(db, tmp_path / "a")
    write(tmp_path / "b" / "invoices.csv", ENGLISH_INVOICES.replace("Alice Smith", "Dan Brown"))
    report = run_import(db, tmp_path / "b")
    assert counts(report)["contacts"] == (1, 1, 0)
    with db.session() as session:
        rows = session.execute(select(Contact.name, Contact.is_primary).order_by(Contact.name)).all()
    assert [tuple(r) for r in rows] == [("Alice Smith", False), ("Dan Brown", True)]


def test_a_debtor_without_invoices_is_a_row_with_blank_invoice_columns(db: Database, tmp_path: Path) -> None:
    write(
        tmp_path / "invoices.csv",
        "debtor_key,debtor_name,invoice_number,issue_date,total,acknowledged\nZ,Zeta,,,,no\n",
    )
    report = run_import(db, tmp_path)
    assert counts(report) == {"debtors": (1, 0, 0)}
    write(
        tmp_path / "b" / "invoices.csv",
        "debtor_key,debtor_name,invoice_number,issue_date,total\nZ,Zeta,,,12\n",
    )
    with pytest.raises(BadRowsError, match="1 bad row;") as caught:
        run_import(db, tmp_path / "b")
    assert caught.value.bad_rows[0].worded_reason() == "an invoice needs a number"


def test_lowering_a_total_below_what_was_paid_is_refused(db: Database, tmp_path: Path) -> None:
    write(tmp_path / "factures.csv", FRENCH_INVOICES)
    write(tmp_path / "paiements.csv", FRENCH_PAYMENTS)
    run_import(db, tmp_path)
    write(tmp_path / "b" / "factures.csv", FRENCH_INVOICES.replace("1 234,50", "100,00"))
    with pytest.raises(BadRowsError) as caught:
        run_import(db, tmp_path / "b")
    (bad,) = caught.value.bad_rows
    assert (bad.line, bad.column, bad.value) == (2, "Montant TTC", "100,00")
    assert bad.worded_reason() == "is less than the 234.50 already paid on this invoice"


def test_a_file_that_names_nothing_known_is_refused(db: Database, tmp_path: Path) -> None:
    from dunning_tui.errors import UserError

    write(tmp_path / "notes.csv", "foo,bar\n1,2\n")
    with pytest.raises(UserError, match="Cannot tell what"):
        run_import(db, tmp_path / "notes.csv")
    with pytest.raises(UserError, match="does not exist"):
        run_import(db, tmp_path / "missing.csv")
    (tmp_path / "empty").mkdir()
    with pytest.raises(UserError, match=r"holds no \.csv, \.xml or \.pdf file"):
        run_import(db, tmp_path / "empty")


def test_unknown_columns_are_ignored_and_listed(db: Database, tmp_path: Path) -> None:
    # Invoicing tools add amounts before tax, the VAT amount and the document type: not ours.
    write(
        tmp_path / "factures.csv",
        "N° facture;Client;Date;Montant TTC;Montant HT;TVA;Type\nA;ACME;01/01/2025;12;10;2;Facture\n",
    )
    report = run_import(db, tmp_path)
    assert report.ignored_columns == {"factures.csv": ["Montant HT", "TVA", "Type"]}
    assert any("ignored unknown columns 'Montant HT', 'TVA', 'Type'" in line for line in report.lines())


def test_many_rows_import_in_bulk(db: Database, tmp_path: Path) -> None:
    lines = ["debtor_key,debtor_name,invoice_number,issue_date,total"]
    lines += [
        f"D{n % 2000},Debtor {n % 2000},N{n},2025-01-{n % 28 + 1:02d},{n % 900 + 10}.50"
        for n in range(20_000)
    ]
    write(tmp_path / "invoices.csv", "\n".join(lines) + "\n")
    payments = ["invoice_number,date,amount"] + [f"N{n},2025-02-01,5" for n in range(0, 20_000, 3)]
    write(tmp_path / "payments.csv", "\n".join(payments) + "\n")
    report = run_import(db, tmp_path)
    assert counts(report) == {"debtors": (2000, 0, 0), "invoices": (20_000, 0, 0), "payments": (6667, 0, 0)}
    assert counts(run_import(db, tmp_path)) == {
        "debtors": (0, 0, 2000),
        "invoices": (0, 0, 20_000),
        "payments": (0, 0, 6667),
    }
    with db.session() as session:
        assert session.scalar(select(func.sum(Invoice.paid_cents))) == 6667 * 500


def test_a_new_invoice_needs_its_date_and_total_but_an_update_does_not(db: Database, tmp_path: Path) -> None:
    write(tmp_path / "a" / "invoices.csv", "invoice_number,debtor_name,issue_date,total\nA-1,ACME,,\n")
    with pytest.raises(BadRowsError) as caught:
        run_import(db, tmp_path / "a")
    assert [(b.column, b.worded_reason()) for b in caught.value.bad_rows] == [
        ("issue_date", "a new invoice needs its issue date"),
        ("total", "a new invoice needs its total"),
    ]
    write(
        tmp_path / "b" / "invoices.csv",
        "invoice_number,debtor_name,issue_date,total\nA-1,ACME,2025-01-01,10\n",
    )
    run_import(db, tmp_path / "b")
    write(
        tmp_path / "c" / "invoices.csv",
        "invoice_number,debtor_name,issue_date,total,status\nA-1,ACME,,,litige\n",
    )
    assert counts(run_import(db, tmp_path / "c"))["invoices"] == (0, 1, 0)
