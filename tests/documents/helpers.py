"""Small builders for the documents tests: a creditor, a debtor with invoices, a call with its outcome."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from dunning_tui.domain.money import to_cents
from dunning_tui.settings import Consequences, Creditor
from dunning_tui.store import tables as t
from tests.conftest import TODAY

CREDITOR = Creditor(
    name="Atelier Élodie Müller",
    address="12 rue des Lilas\n75011 Paris",
    registration_number="123 456 789 00012",
    vat_number="FR12 123456789",
    iban="FR76 3000 6000 0112 3456 7890 189",
    bic="AGRIFRPP",
    email="factures@atelier-muller.fr",
    phone="+33 1 23 45 67 89",
    caller_name="Élodie Müller",
)
CONSEQUENCES = Consequences()
CALL_START = datetime(2026, 11, 23, 13, 5, tzinfo=UTC)
CALL_END = CALL_START + timedelta(minutes=6)

#: F-1 1,000 (30 days late), F-2 2,000 (60 days late), F-3 3,000 (91 days late), nothing paid: the
#: book of the tests of disputed parts.
THREE_LATE_INVOICES = (
    ("F-1", Decimal("1000.00"), Decimal("0.00"), 30),
    ("F-2", Decimal("2000.00"), Decimal("0.00"), 60),
    ("F-3", Decimal("3000.00"), Decimal("0.00"), 91),
)


def add_debtor(
    session: Session,
    *,
    name: str = "Menuiserie Lefèvre SARL",
    language: str = "fr",
    country: str = "FR",
    kind: str = "business",
    email: str = "compta@lefevre.example.fr",
    contact: str = "Amélie Lefèvre",
    contact_email: str = "amelie@lefevre.example.fr",
    invoices: tuple[tuple[str, Decimal, Decimal, int], ...] = (
        ("F-2026-0101", Decimal("1200.00"), Decimal("0.00"), 40),
        ("F-2026-0102", Decimal("2400.50"), Decimal("400.50"), 20),
    ),
    currency: str = "EUR",
    key: str | None = None,
) -> int:
    """A debtor with one contact and invoices given as (number, total, paid, days late at TODAY)."""
    debtor = t.Debtor(
        key=key or name[:20],
        name=name,
        kind=kind,
        country=country,
        language=language,
        address="8 avenue Jean Jaurès\n31000 Toulouse",
        email=email,
        phone="+33 5 61 00 00 00",
    )
    session.add(debtor)
    session.flush()
    session.add(
        t.Contact(
            debtor_id=debtor.id,
            name=contact,
            role="Comptable",
            email=contact_email,
            direct_line="+33 5 61 00 00 01",
            is_primary=True,
        )
    )
    for number, total, paid, late in invoices:
        due = TODAY - timedelta(days=late)
        invoice = t.Invoice(
            debtor_id=debtor.id,
            number=number,
            issue_date=due - timedelta(days=30),
            due_date=due,
            currency=currency,
            total_cents=to_cents(total),
            paid_cents=to_cents(paid),
        )
        session.add(invoice)
        session.flush()
        if paid:
            session.add(
                t.Payment(
                    invoice_id=invoice.id,
                    paid_on=due - timedelta(days=1),
                    amount_cents=to_cents(paid),
                    method="transfer",
                )
            )
    session.flush()
    return debtor.id


def add_outcome(
    session: Session,
    debtor_id: int,
    outcome: str,
    *,
    promises: tuple[tuple[date, Decimal], ...] = (),
    plan: bool = False,
    call_back: tuple[date, time | None] | None = None,
    summary: str = "",
    invoice_numbers: tuple[str, ...] = (),
    dispute_reason: str = "",
    method: str = "transfer",
    answered_by: str = "",
) -> int:
    """An ended call with ``outcome`` and the rows saving that outcome creates; return the call id."""
    contact = session.query(t.Contact).filter_by(debtor_id=debtor_id).first()
    call = t.Call(
        debtor_id=debtor_id,
        contact_id=contact.id if contact else None,
        started_at=CALL_START,
        ended_at=CALL_END,
        outcome=outcome,
        notes="",
        summary=summary,
        answered_by=answered_by,
    )
    session.add(call)
    session.flush()
    invoices = list(
        session.query(t.Invoice).filter(
            t.Invoice.debtor_id == debtor_id, t.Invoice.number.in_(invoice_numbers)
        )
    )
    session.add(
        t.ContactEvent(
            debtor_id=debtor_id, occurred_at=CALL_START, channel="call", summary="Call", invoices=invoices
        )
    )
    plan_id = None
    if plan:
        plan_row = t.PaymentPlan(debtor_id=debtor_id, call_id=call.id, created_at=CALL_END)
        session.add(plan_row)
        session.flush()
        plan_id = plan_row.id
    for day, amount in promises:
        session.add(
            t.Promise(
                debtor_id=debtor_id,
                call_id=call.id,
                plan_id=plan_id,
                promised_date=day,
                amount_cents=to_cents(amount),
                currency="EUR",
                method=method,
                created_at=CALL_END,
                invoices=invoices,
            )
        )
    if call_back is not None:
        session.add(
            t.NextAction(
                debtor_id=debtor_id,
                kind="call_back",
                due_date=call_back[0],
                due_time=call_back[1],
                reason="call back as agreed",
                created_at=CALL_END,
            )
        )
    if dispute_reason:
        for invoice in invoices:
            invoice.status = "disputed"
            invoice.dispute_reason = dispute_reason
    session.flush()
    return call.id


def load(database: Any, debtor_id: int) -> tuple[Any, Any]:
    """The debtor file and its latest outcome, read the way the command reads them."""
    from dunning_tui.store.dossier import load_debtor_file
    from dunning_tui.store.outbox import latest_outcome

    with database.session() as session:
        return load_debtor_file(session, debtor_id), latest_outcome(session, debtor_id)


def confirmation(
    database: Any, debtor_id: int, terms_of_sale: Path | None = None, attachments_dirs: tuple[Path, ...] = ()
) -> Any:
    """The draft the app and the command build for the debtor's latest outcome."""
    from dunning_tui.documents.confirmation import draft_for_latest
    from dunning_tui.settings import Settings

    file, latest = load(database, debtor_id)
    settings = Settings(
        creditor=CREDITOR, terms_of_sale=terms_of_sale, attachments_dirs=list(attachments_dirs)
    )
    return draft_for_latest(file, latest, settings)


def write_config(home: Any, extra: str = "") -> None:
    """The isolated config file the CLI reads (DUNNING_CONFIG points at it in every test)."""
    text = f"""
jurisdiction = "FR"
language = "en"

[creditor]
name = "{CREDITOR.name}"
address = "12 rue des Lilas\\n75011 Paris"
iban = "{CREDITOR.iban}"
bic = "{CREDITOR.bic}"
email = "{CREDITOR.email}"
phone = "{CREDITOR.phone}"
caller_name = "{CREDITOR.caller_name}"
"""
    (home / "config.toml").write_text(extra + text, encoding="utf-8")
