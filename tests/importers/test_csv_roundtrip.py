"""export -> import into an empty database -> export gives the same bytes, for any database content."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dunning_tui.domain.enums import Channel, DebtorKind, DocumentKind, InvoiceStatus, PayerProfile
from dunning_tui.importers.csv.values import MAX_CENTS
from dunning_tui.store.database import Database
from dunning_tui.store.tables import Contact, ContactEvent, Debtor, Document, Invoice, Payment
from tests.importers.conftest import counts, exported, run_import

# Text as users type it, with what CSV must quote: separators, quotes, line breaks, accents.
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")),
        st.sampled_from([",", ";", '"', "|", " ", "\n", "\r", "\t", "é", "€"]),
    ),
    max_size=12,
)
WORD = (
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789-/ .", min_size=1, max_size=10)
    .map(str.strip)
    .filter(bool)
)
DAYS = st.dates(min_value=date(1995, 1, 1), max_value=date(2090, 12, 31))
MOMENTS = st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC))


@st.composite
def database_contents(draw: st.DrawFn) -> list[Debtor]:
    """Debtors with contacts, invoices, payments, reminders and documents, as the app could store them."""
    keys = draw(st.lists(WORD, min_size=1, max_size=4, unique=True))
    numbers = iter(draw(st.lists(WORD, min_size=12, max_size=12, unique=True)))
    debtors = []
    for key in keys:
        debtor = Debtor(
            key=key,
            name=draw(WORD),
            kind=draw(st.sampled_from(DebtorKind)).value,
            country=draw(st.sampled_from(["FR", "BE", "GB", "IE"])),
            language=draw(st.sampled_from(["fr", "en"])),
            registration_number=draw(TEXT.filter(lambda t: len(t) <= 64)),
            vat_number="",
            address=draw(TEXT),
            email=draw(TEXT),
            phone="",
            payment_terms_days=draw(st.integers(0, 365)),
            profile=draw(st.sampled_from(PayerProfile)).value,
            profile_notes=draw(TEXT),
            pause_until=draw(st.none() | DAYS),
            pause_reason=draw(TEXT),
            owner=draw(TEXT),
            governing_law=draw(st.sampled_from(["", "FR", "BE", "EU", "UK"])),
        )
        for n in range(draw(st.integers(0, 3))):
            debtor.contacts.append(
                Contact(
                    name=draw(TEXT),
                    role=draw(TEXT),
                    direct_line="",
                    mobile=draw(TEXT),
                    email="",
                    is_primary=n == 0 and draw(st.booleans()),
                    notes=draw(TEXT),
                )
            )
        for _ in range(draw(st.integers(0, 3))):
            issue = draw(DAYS)
            total = draw(st.integers(1, MAX_CENTS))
            invoice = Invoice(
                number=next(numbers),
                issue_date=issue,
                due_date=draw(st.dates(min_value=issue, max_value=date(2099, 1, 1))),
                currency=draw(st.sampled_from(["EUR", "GBP"])),
                total_cents=total,
                paid_cents=0,
                po_reference=draw(TEXT),
                buyer_reference=draw(TEXT),
                pdf_path=draw(TEXT),
                status=draw(st.sampled_from(InvoiceStatus)).value,
                dispute_reason=draw(TEXT),
                client_remarks=draw(TEXT),
                acknowledged=draw(st.booleans()),
            )
            amounts = draw(st.lists(st.integers(1, 5000), max_size=3))
            for amount in amounts:
                if invoice.paid_cents + amount <= total:
                    invoice.paid_cents += amount
                    payment = Payment(
                        paid_on=draw(DAYS), amount_cents=amount, method=draw(TEXT), reference=draw(TEXT)
                    )
                    invoice._payments_for_test = [*getattr(invoice, "_payments_for_test", []), payment]  # type: ignore[attr-defined]
            debtor.invoices.append(invoice)
        debtor._events_for_test = [  # type: ignore[attr-defined]
            ContactEvent(
                occurred_at=draw(MOMENTS),
                channel=draw(st.sampled_from(Channel)).value,
                by_whom=draw(TEXT),
                summary=draw(TEXT),
                invoices=draw(st.lists(st.sampled_from(debtor.invoices), unique_by=id, max_size=2))
                if debtor.invoices
                else [],
            )
            for _ in range(draw(st.integers(0, 2)))
        ]
        debtor._documents_for_test = [  # type: ignore[attr-defined]
            Document(
                kind=draw(st.sampled_from(DocumentKind)).value,
                reference=draw(TEXT),
                doc_date=draw(st.none() | DAYS),
                signed_by=draw(TEXT),
                path=draw(TEXT),
                invoices=draw(st.lists(st.sampled_from(debtor.invoices), unique_by=id, max_size=2))
                if debtor.invoices
                else [],
            )
            for _ in range(draw(st.integers(0, 2)))
        ]
        debtors.append(debtor)
    return debtors


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated empty database file, copied for each example (migrating each time is slow)."""
    path = tmp_path_factory.mktemp("template") / "empty.sqlite3"
    Database.open(f"sqlite:///{path}").close()
    return path


def _empty_database(template: Path, folder: Path, name: str) -> Database:
    target = folder / name
    shutil.copy(template, target)
    return Database.open(f"sqlite:///{target}")


def _store(db: Database, debtors: list[Debtor]) -> None:
    with db.session() as session:
        for debtor in debtors:
            session.add(debtor)
            session.flush()
            for invoice in debtor.invoices:
                for payment in getattr(invoice, "_payments_for_test", []):
                    payment.invoice_id = invoice.id
                    session.add(payment)
            for item in [*debtor._events_for_test, *debtor._documents_for_test]:  # type: ignore[attr-defined]
                item.debtor_id = debtor.id
                session.add(item)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(contents=database_contents())
def test_export_import_export_is_byte_identical(
    contents: list[Debtor], template: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    work = tmp_path_factory.mktemp("roundtrip")
    source = _empty_database(template, work, "source.sqlite3")
    copy = _empty_database(template, work, "copy.sqlite3")
    try:
        _store(source, contents)
        first = exported(source, work / "first")
        run_import(copy, work / "first")
        second = exported(copy, work / "second")
        assert second == first
        again = run_import(copy, work / "second")
        assert not again.changed, counts(again)
        assert exported(copy, work / "third") == first
    finally:
        source.close()
        copy.close()


def test_export_writes_the_canonical_layout(db: Database, tmp_path: Path) -> None:
    from tests.importers.conftest import write

    write(
        tmp_path / "in" / "factures.csv",
        'N° facture;Client;Date;Montant TTC;Adresse\nF-1;ACME, SA;05/03/2025;1 234,5;"1 rue X\n75000 Paris"\n',
        bom=True,
        crlf=True,
    )
    run_import(db, tmp_path / "in")
    files = exported(db, tmp_path / "out")
    assert sorted(files) == ["contacts.csv", "documents.csv", "invoices.csv", "payments.csv", "reminders.csv"]
    data = files["invoices.csv"]
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data
    text = data.decode("utf-8")
    header, row, end = text.split("\n", 2)[0], text.split("\n")[1], text[-1]
    assert header.startswith("debtor_key,debtor_name,kind,country,language,")
    assert header.endswith(
        ",invoice_number,issue_date,due_date,currency,total,po_reference,buyer_reference,pdf_path,status,"
        "dispute_reason,client_remarks,acknowledged"
    )
    assert row.startswith('acme-sa,"ACME, SA",business,FR,')
    assert '"1 rue X\n75000 Paris"' in text
    assert "F-1,2025-03-05,2025-04-04,EUR,1234.50," in text
    assert end == "\n"
    assert files["payments.csv"] == b"invoice_number,date,amount,method,reference\n"


def test_demo_data_round_trips(tmp_path: Path, template: Path) -> None:
    demo = pytest.importorskip("dunning_tui.store.demo")
    source = _empty_database(template, tmp_path, "demo.sqlite3")
    copy = _empty_database(template, tmp_path, "copy.sqlite3")
    try:
        with source.session() as session:
            demo.load_demo(session, debtors=25, seed=3, today=date(2026, 11, 23))
        first = exported(source, tmp_path / "first")
        assert first["invoices.csv"].count(b"\n") > 25
        run_import(copy, tmp_path / "first")
        assert exported(copy, tmp_path / "second") == first
    finally:
        source.close()
        copy.close()
