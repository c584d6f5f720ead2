"""ORM rows to plain domain objects (the only place that knows both shapes)."""

from __future__ import annotations

from dunning_tui.domain import models as m
from dunning_tui.domain.enums import (
    ActionKind,
    Channel,
    DebtorKind,
    DocumentKind,
    InvoiceStatus,
    Outcome,
    PayerProfile,
    PromiseStatus,
)
from dunning_tui.domain.money import from_cents
from dunning_tui.store import tables as t


def debtor_view(row: t.Debtor) -> m.DebtorView:
    return m.DebtorView(
        id=row.id,
        key=row.key,
        name=row.name,
        kind=DebtorKind(row.kind),
        country=row.country,
        language=row.language,
        registration_number=row.registration_number,
        vat_number=row.vat_number,
        address=row.address,
        email=row.email,
        phone=row.phone,
        payment_terms_days=row.payment_terms_days,
        profile=PayerProfile(row.profile),
        profile_notes=row.profile_notes,
        pause_until=row.pause_until,
        pause_reason=row.pause_reason,
        owner=row.owner,
        governing_law=row.governing_law,
    )


def contact_view(row: t.Contact) -> m.Contact:
    return m.Contact(
        id=row.id,
        name=row.name,
        role=row.role,
        direct_line=row.direct_line,
        mobile=row.mobile,
        email=row.email,
        is_primary=row.is_primary,
        notes=row.notes,
    )


def invoice_view(row: t.Invoice) -> m.InvoiceView:
    return m.InvoiceView(
        id=row.id,
        number=row.number,
        issue_date=row.issue_date,
        due_date=row.due_date,
        currency=row.currency,
        total=from_cents(row.total_cents),
        paid=from_cents(row.paid_cents),
        status=InvoiceStatus(row.status),
        po_reference=row.po_reference,
        buyer_reference=row.buyer_reference,
        pdf_path=row.pdf_path,
        dispute_reason=row.dispute_reason,
        client_remarks=row.client_remarks,
        acknowledged=row.acknowledged,
        disputed_amount=from_cents(row.disputed_cents) if row.disputed_cents is not None else None,
    )


def payment_view(row: t.Payment, invoice_number: str, currency: str) -> m.PaymentView:
    return m.PaymentView(
        id=row.id,
        invoice_number=invoice_number,
        paid_on=row.paid_on,
        amount=from_cents(row.amount_cents),
        currency=currency,
        method=row.method,
        reference=row.reference,
        caller=row.caller,
    )


def document_view(row: t.Document) -> m.DocumentView:
    return m.DocumentView(
        id=row.id,
        kind=DocumentKind(row.kind),
        reference=row.reference,
        doc_date=row.doc_date,
        signed_by=row.signed_by,
        path=row.path,
        invoice_numbers=tuple(sorted(i.number for i in row.invoices)),
    )


def event_view(row: t.ContactEvent) -> m.EventView:
    return m.EventView(
        id=row.id,
        occurred_at=row.occurred_at,
        channel=Channel(row.channel),
        by_whom=row.by_whom,
        summary=row.summary,
        invoice_numbers=tuple(sorted(i.number for i in row.invoices)),
    )


def call_view(row: t.Call, contact_name: str = "") -> m.CallView:
    return m.CallView(
        id=row.id,
        started_at=row.started_at,
        ended_at=row.ended_at,
        outcome=Outcome(row.outcome) if row.outcome else None,
        notes=row.notes,
        contact_name=contact_name,
        script_path=row.script_path,
        latest_date=row.latest_date,
        plan_ok=row.plan_ok,
        caller=row.caller,
        answered_by=row.answered_by or "",
        paid_on=row.paid_on,
        paid_amount=from_cents(row.paid_cents) if row.paid_cents is not None else None,
        paid_reference=row.paid_reference or "",
        documents_due=row.documents_due,
    )


def promise_view(row: t.Promise) -> m.PromiseView:
    return m.PromiseView(
        id=row.id,
        promised_date=row.promised_date,
        amount=from_cents(row.amount_cents),
        currency=row.currency,
        status=PromiseStatus(row.status),
        method=row.method,
        invoice_numbers=tuple(sorted(i.number for i in row.invoices)),
        plan_id=row.plan_id,
        created_at=row.created_at,
    )


def action_view(row: t.NextAction) -> m.ActionView:
    return m.ActionView(
        id=row.id,
        kind=ActionKind(row.kind),
        due_date=row.due_date,
        due_time=row.due_time,
        reason=row.reason,
        done_at=row.done_at,
    )
