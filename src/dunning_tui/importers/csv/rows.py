"""One pydantic model per CSV row, so every cell is checked and every bad cell is reported.

Cells are given trimmed, line breaks as ``\n`` (:func:`~dunning_tui.importers.csv.values.clean_text`).

A model is built from the cells of the columns present in the file only (blank cells of
"blank is absent" columns are left out too), so ``model_fields_set`` tells which fields the file
gives, and a missing column leaves the stored value as it is.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints

from dunning_tui.domain.enums import Channel, DebtorKind, DocumentKind, InvoiceStatus, PayerProfile
from dunning_tui.importers.csv.layout import FileKind
from dunning_tui.importers.csv.values import (
    CACHE_SIZE,
    CHANNEL_WORDS,
    DOCUMENT_WORDS,
    KIND_WORDS,
    PROFILE_WORDS,
    parse_cents,
    parse_country,
    parse_currency,
    parse_day,
    parse_days,
    parse_flag,
    parse_language,
    parse_law,
    parse_moment,
    parse_status,
    parse_word,
)


@lru_cache(maxsize=CACHE_SIZE)
def _optional_day(text: str) -> date | None:
    return parse_day(text) if text.strip() else None


@lru_cache(maxsize=CACHE_SIZE)
def _kind(text: str) -> DebtorKind:
    return parse_word(text, KIND_WORDS, "kind")


@lru_cache(maxsize=CACHE_SIZE)
def _profile(text: str) -> PayerProfile:
    return parse_word(text, PROFILE_WORDS, "profile")


@lru_cache(maxsize=CACHE_SIZE)
def _channel(text: str) -> Channel:
    return parse_word(text, CHANNEL_WORDS, "channel")


@lru_cache(maxsize=CACHE_SIZE)
def _document_kind(text: str) -> DocumentKind:
    return parse_word(text, DOCUMENT_WORDS, "document kind")


# Cells arrive cleaned (``clean_text``): text needs no Python validator, which keeps 100,000 rows fast.
Text = str
Str32 = Annotated[str, StringConstraints(max_length=32)]
Str64 = Annotated[str, StringConstraints(max_length=64)]
Str120 = Annotated[str, StringConstraints(max_length=120)]
Str200 = Annotated[str, StringConstraints(max_length=200)]
Day = Annotated[date, BeforeValidator(parse_day)]
OptionalDay = Annotated[date | None, BeforeValidator(_optional_day)]
Moment = Annotated[datetime, BeforeValidator(parse_moment)]
Cents = Annotated[int, BeforeValidator(parse_cents)]
Days = Annotated[int, BeforeValidator(parse_days)]
Flag = Annotated[bool, BeforeValidator(parse_flag)]
Country = Annotated[str, BeforeValidator(parse_country)]
Language = Annotated[str, BeforeValidator(parse_language)]
Currency = Annotated[str, BeforeValidator(parse_currency)]
Kind = Annotated[DebtorKind, BeforeValidator(_kind)]
Profile = Annotated[PayerProfile, BeforeValidator(_profile)]
Law = Annotated[str, BeforeValidator(parse_law)]
Status = Annotated[InvoiceStatus, BeforeValidator(parse_status)]
ChannelValue = Annotated[Channel, BeforeValidator(_channel)]
DocumentKindValue = Annotated[DocumentKind, BeforeValidator(_document_kind)]


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class InvoiceRow(Row):
    debtor_key: Str120 = ""
    debtor_name: Str200 = ""
    kind: Kind = DebtorKind.BUSINESS
    country: Country = "FR"
    language: Language = "fr"
    registration_number: Str64 = ""
    vat_number: Str64 = ""
    address: Text = ""
    debtor_email: Str200 = ""
    debtor_phone: Str64 = ""
    payment_terms_days: Days = 30
    profile: Profile = PayerProfile.UNKNOWN
    profile_notes: Text = ""
    pause_until: OptionalDay = None
    pause_reason: Text = ""
    owner: Str120 = ""
    governing_law: Law = ""
    contact_name: Str200 = ""
    contact_role: Str120 = ""
    contact_direct_line: Str64 = ""
    contact_mobile: Str64 = ""
    contact_email: Str200 = ""
    contact_notes: Text = ""
    invoice_number: Str64 = ""
    issue_date: Day | None = None
    due_date: Day | None = None
    currency: Currency = "EUR"
    total: Cents | None = None
    po_reference: Str120 = ""
    buyer_reference: Str120 = ""
    pdf_path: Text = ""
    status: Status = InvoiceStatus.OPEN
    dispute_reason: Text = ""
    client_remarks: Text = ""
    acknowledged: Flag = False


class ContactRow(Row):
    debtor_key: Text = ""
    name: Str200 = ""
    role: Str120 = ""
    direct_line: Str64 = ""
    mobile: Str64 = ""
    email: Str200 = ""
    notes: Text = ""


class PaymentRow(Row):
    invoice_number: Str64 = ""
    paid_on: Day | None = None
    amount: Cents | None = None
    method: Str32 = ""
    reference: Str120 = ""


class ReminderRow(Row):
    debtor_key: Text = ""
    occurred_at: Moment | None = None
    channel: ChannelValue | None = None
    by_whom: Str120 = ""
    summary: Text = ""
    invoices: Text = ""


class DocumentRow(Row):
    debtor_key: Text = ""
    kind: DocumentKindValue | None = None
    reference: Str120 = ""
    doc_date: OptionalDay = None
    signed_by: Str200 = ""
    path: Text = ""
    invoices: Text = ""


ROW_MODELS: dict[FileKind, type[Row]] = {
    FileKind.INVOICES: InvoiceRow,
    FileKind.CONTACTS: ContactRow,
    FileKind.PAYMENTS: PaymentRow,
    FileKind.REMINDERS: ReminderRow,
    FileKind.DOCUMENTS: DocumentRow,
}

#: Fields a row must fill (a blank cell there is a bad row), per file.
REQUIRED_CELLS: dict[FileKind, tuple[str, ...]] = {
    FileKind.INVOICES: (),
    FileKind.CONTACTS: (),
    FileKind.PAYMENTS: ("invoice_number", "paid_on", "amount"),
    FileKind.REMINDERS: ("occurred_at", "channel"),
    FileKind.DOCUMENTS: ("kind",),
}
