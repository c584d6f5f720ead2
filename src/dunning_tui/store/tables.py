"""The database tables (SQLAlchemy 2 typed ORM).

Only facts are stored. Balances and days late are derived, with one exception kept on purpose:
``invoices.paid_cents`` is the sum of the invoice's payments, maintained in the same transaction
as every payment write, so that the queue can read open invoices from one covering index without
joining payments (see ``ix_invoices_open_queue``). The queue's rows and the sums the report reads
(``store/kept.py``) are derived tables and columns too, kept by database triggers, never written by
the app. Money is integer minor units plus a currency; timestamps are UTC.

The migrations make the tables; the ORM never does. Partial indexes are declared there only (an
index with a WHERE takes each engine's own keyword, and declaring one here would load every
engine's dialect with the ORM, PostgreSQL's on SQLite too):

- ``ix_invoices_open_queue``: covering, on unpaid open invoices, for the queue, which aggregates
  them per debtor less their disputed part; ``ix_invoices_open_by_due``: the same invoices by due
  date, for which debtors' queue rows a new day changes;
- ``ix_invoices_settled``: the paid invoices per debtor, for the payer figures;
- ``ix_next_actions_open``, and ``ix_next_actions_open_by_debtor``, covering in debtor order: the
  open actions, which the queue aggregates per debtor from the index alone;
- ``ix_debtors_pause_until``: paused debtors by the day their pause ends (the queue takes them
  back on that day); ``ix_calls_promise_last``: the calls with a promise, for the report.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    Time,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from dunning_tui.clock import system_now
from dunning_tui.domain.priority import QUEUE_ORDER


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every engine (SQLite keeps naive values)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return system_now()


class Base(DeclarativeBase):
    pass


document_invoices = Table(
    "document_invoices",
    Base.metadata,
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("invoice_id", ForeignKey("invoices.id", ondelete="CASCADE"), primary_key=True),
)

event_invoices = Table(
    "event_invoices",
    Base.metadata,
    Column("event_id", ForeignKey("contact_events.id", ondelete="CASCADE"), primary_key=True),
    Column("invoice_id", ForeignKey("invoices.id", ondelete="CASCADE"), primary_key=True),
)

promise_invoices = Table(
    "promise_invoices",
    Base.metadata,
    Column("promise_id", ForeignKey("promises.id", ondelete="CASCADE"), primary_key=True),
    Column("invoice_id", ForeignKey("invoices.id", ondelete="CASCADE"), primary_key=True),
)


class Debtor(Base):
    __tablename__ = "debtors"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    """Stable key used by imports (the client code in the user's invoicing tool)."""
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="business")
    country: Mapped[str] = mapped_column(String(2), default="FR")
    language: Mapped[str] = mapped_column(String(2), default="fr")
    registration_number: Mapped[str] = mapped_column(String(64), default="")
    vat_number: Mapped[str] = mapped_column(String(64), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    payment_terms_days: Mapped[int] = mapped_column(Integer, default=30)
    profile: Mapped[str] = mapped_column(String(32), default="")
    profile_notes: Mapped[str] = mapped_column(Text, default="")
    pause_until: Mapped[date | None] = mapped_column(Date)
    pause_reason: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(120), default="")
    governing_law: Mapped[str] = mapped_column(String(2), server_default="")
    """The law the contract chose (FR, BE, EU, UK); empty: the creditor's jurisdiction. A server
    default only, so that writers that do not know the column leave it out of their inserts."""

    contacts: Mapped[list[Contact]] = relationship(back_populates="debtor", cascade="all, delete-orphan")
    invoices: Mapped[list[Invoice]] = relationship(back_populates="debtor", cascade="all, delete-orphan")


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtors.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(120), default="")
    direct_line: Mapped[str] = mapped_column(String(64), default="")
    mobile: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")

    debtor: Mapped[Debtor] = relationship(back_populates="contacts")


class Invoice(Base):
    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtors.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(64), unique=True)
    issue_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    total_cents: Mapped[int] = mapped_column(Integer)
    paid_cents: Mapped[int] = mapped_column(Integer, default=0)
    po_reference: Mapped[str] = mapped_column(String(120), default="")
    buyer_reference: Mapped[str] = mapped_column(String(120), server_default="")
    """The reference the buyer asks to quote (EN 16931 BT-10): a department, a cost centre, a routing id."""
    pdf_path: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    dispute_reason: Mapped[str] = mapped_column(Text, default="")
    disputed_cents: Mapped[int | None] = mapped_column(Integer)
    """How much of a disputed invoice is disputed (``None``: all of it)."""
    client_remarks: Mapped[str] = mapped_column(Text, default="")
    acknowledged: Mapped[bool] = mapped_column(Boolean, default=False)
    """The client confirmed receiving the invoice."""
    settled_on: Mapped[date | None] = mapped_column(Date)
    """The day its payments reached its total; kept by triggers (``store/kept.py``), never written here."""

    debtor: Mapped[Debtor] = relationship(back_populates="invoices")

    __table_args__ = (Index("ix_invoices_debtor", "debtor_id"),)


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    paid_on: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(32), default="")
    reference: Mapped[str] = mapped_column(String(120), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    caller: Mapped[str] = mapped_column(String(120), server_default="")
    """Who recorded it (the ``caller`` setting)."""
    last_call_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When the debtor's last call with an outcome on or before the payment's day started; kept by
    triggers (``store/kept.py``), never written here."""


class Document(Base):
    """A supporting document: signed quote, purchase order, delivery note, contract, terms of sale."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtors.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    reference: Mapped[str] = mapped_column(String(120), default="")
    doc_date: Mapped[date | None] = mapped_column(Date)
    signed_by: Mapped[str] = mapped_column(String(200), default="")
    path: Mapped[str] = mapped_column(Text, default="")

    invoices: Mapped[list[Invoice]] = relationship(secondary=document_invoices)


class ContactEvent(Base):
    """A reminder or contact of any channel, before or after the tool existed."""

    __tablename__ = "contact_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtors.id", ondelete="CASCADE"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    channel: Mapped[str] = mapped_column(String(32))
    by_whom: Mapped[str] = mapped_column(String(120), default="")
    summary: Mapped[str] = mapped_column(Text, default="")

    invoices: Mapped[list[Invoice]] = relationship(secondary=event_invoices)


class Call(Base):
    __tablename__ = "calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtors.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str] = mapped_column(Text, default="")
    script_name: Mapped[str] = mapped_column(String(200), default="")
    script_path: Mapped[str] = mapped_column(Text, default="[]")
    """JSON list of [node id, seconds since the call started]."""
    latest_date: Mapped[date | None] = mapped_column(Date)
    plan_ok: Mapped[bool] = mapped_column(Boolean, default=True)
    max_instalments: Mapped[int] = mapped_column(Integer, default=3)
    summary: Mapped[str] = mapped_column(Text, default="")
    """The "who does what by when" agreed at the end of the call (codes and data, worded when shown)."""
    caller: Mapped[str] = mapped_column(String(120), server_default="")
    """Who made the call, wrote its notes and saved its outcome (the ``caller`` setting)."""
    review: Mapped[str] = mapped_column(Text, server_default="")
    """The caller's self-review after the call: JSON ``{"amount": true, ...}`` (empty: not done)."""
    answered_by: Mapped[str] = mapped_column(String(32), server_default="")
    """Who picked up: ``debtor``, ``colleague``, ``switchboard``, ``voicemail`` ("" when not said)."""
    paid_on: Mapped[date | None] = mapped_column(Date)
    """"Already paid": the day the debtor says the payment went out."""
    paid_cents: Mapped[int | None] = mapped_column(Integer)
    """"Already paid": how much the debtor says was paid."""
    paid_reference: Mapped[str] = mapped_column(String(120), server_default="")
    """"Already paid": the reference the debtor gave (transfer, cheque number)."""
    documents_due: Mapped[date | None] = mapped_column(Date)
    """A dispute: the day agreed on the phone by which the client sends their documents."""
    # The call's promises, kept by triggers (``store/kept.py``), never written here.
    promise_count: Mapped[int] = mapped_column(Integer, server_default="0")
    promise_resolved: Mapped[int] = mapped_column(Integer, server_default="0")
    promise_kept: Mapped[int] = mapped_column(Integer, server_default="0")
    promise_last: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        Index("ix_calls_open", "ended_at"),
        # A debtor's calls by time: the report finds the calls in the 14 days before a payment.
        Index("ix_calls_debtor_started", "debtor_id", "started_at"),
    )


class CallStep(Base):
    """A step of a closed call's way through its script: from ``node`` to ``next_node`` ("" when the
    call ended at ``node``), each once per call.

    Derived data, written with the call's outcome from its script path (``domain.report.steps_of``),
    so that the report counts the calls through each answer in SQL.
    """

    __tablename__ = "call_steps"

    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True)
    node: Mapped[str] = mapped_column(String(100), primary_key=True)
    next_node: Mapped[str] = mapped_column(String(100), primary_key=True)


class CallStepDay(Base):
    """How many calls with an outcome went through a step of a script on a day (UTC), by how their
    promises stand (``store/kept.py``'s ``state_sql``). Kept by triggers; never written here."""

    __tablename__ = "call_step_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    script_name: Mapped[str] = mapped_column(String(200), primary_key=True)
    node: Mapped[str] = mapped_column(String(100), primary_key=True)
    next_node: Mapped[str] = mapped_column(String(100), primary_key=True)
    state: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    calls: Mapped[int] = mapped_column(Integer)


class InvoiceDay(Base):
    """Open and disputed invoices per currency, issue and due date: their totals and what is left to
    pay. Kept by triggers (``store/kept.py``); never written here."""

    __tablename__ = "invoice_days"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    issue_date: Mapped[date] = mapped_column(Date, primary_key=True)
    due_date: Mapped[date] = mapped_column(Date, primary_key=True)
    invoiced_cents: Mapped[int] = mapped_column(BigInteger)
    unpaid_cents: Mapped[int] = mapped_column(BigInteger)


class PaidMonth(Base):
    """The payments of open and disputed invoices per currency, issue and due date, and month paid
    (its first day). Kept by triggers (``store/kept.py``); never written here."""

    __tablename__ = "paid_months"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    issue_date: Mapped[date] = mapped_column(Date, primary_key=True)
    due_date: Mapped[date] = mapped_column(Date, primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    paid_cents: Mapped[int] = mapped_column(BigInteger)


class ReceivedDay(Base):
    """Every payment per currency and day. Kept by triggers (``store/kept.py``); never written here."""

    __tablename__ = "received_days"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    paid_on: Mapped[date] = mapped_column(Date, primary_key=True)
    paid_cents: Mapped[int] = mapped_column(BigInteger)


class PaymentPlan(Base):
    __tablename__ = "payment_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtors.id", ondelete="CASCADE"), index=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Promise(Base):
    """A promise to pay; payment-plan instalments are promises that carry their plan's id."""

    __tablename__ = "promises"

    id: Mapped[int] = mapped_column(primary_key=True)
    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtors.id", ondelete="CASCADE"), index=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id", ondelete="SET NULL"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("payment_plans.id", ondelete="CASCADE"))
    promised_date: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    method: Mapped[str] = mapped_column(String(32), default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    invoices: Mapped[list[Invoice]] = relationship(secondary=promise_invoices)

    __table_args__ = (Index("ix_promises_call", "call_id"),)


class NextAction(Base):
    __tablename__ = "next_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtors.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    due_date: Mapped[date] = mapped_column(Date)
    due_time: Mapped[time | None] = mapped_column(Time)
    reason: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    promise_id: Mapped[int | None] = mapped_column(ForeignKey("promises.id", ondelete="CASCADE"))

    __table_args__ = (Index("ix_next_actions_debtor", "debtor_id"),)


class AppState(Base):
    """Small facts about the book as a whole, e.g. the day the follow-up was last brought up to date."""

    __tablename__ = "app_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class QueueRow(Base):
    """The queue as of ``app_state['queue_as_of']``: one row per debtor to call (see ``queue_cache``).

    Derived data, rebuilt from invoices, next actions and debtors; never edited by hand.
    """

    __tablename__ = "queue_rows"

    debtor_id: Mapped[int] = mapped_column(ForeignKey("debtors.id", ondelete="CASCADE"), primary_key=True)
    overdue_cents: Mapped[int] = mapped_column(BigInteger)
    oldest_due: Mapped[date] = mapped_column(Date)
    n_invoices: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    tier: Mapped[int] = mapped_column(Integer)


# The queue's order (domain.priority): a page is the first entries of this index.
Index(
    "ix_queue_rows_order",
    *(
        QueueRow.__table__.c[column].desc() if descending else QueueRow.__table__.c[column]
        for column, descending in QUEUE_ORDER
    ),
)


class QueueTotal(Base):
    """How many queued debtors, and how much they owe, per currency and tier.

    Kept by triggers on ``queue_rows`` (migration 0005), so the queue's totals are a dozen rows.
    """

    __tablename__ = "queue_totals"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    tier: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    debtors: Mapped[int] = mapped_column(Integer)
    overdue_cents: Mapped[int] = mapped_column(BigInteger)


class QueueDirty(Base):
    """Debtors whose queue row must be recomputed, added by triggers on every relevant write."""

    __tablename__ = "queue_dirty"

    debtor_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class FollowupPlan(Base):
    """What the last follow-up of a debtor found: its escalation stage, and the next day its plan can
    change while its facts stay as they are (see ``store.followup``). Derived data."""

    __tablename__ = "followup_plans"

    debtor_id: Mapped[int] = mapped_column(
        ForeignKey("debtors.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    stage: Mapped[str] = mapped_column(String(32))
    replan_on: Mapped[date | None] = mapped_column(Date, index=True)


class FollowupDirty(Base):
    """Debtors whose facts changed since their last follow-up, added by triggers (migration 0011)."""

    __tablename__ = "followup_dirty"

    debtor_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class Claim(Base):
    """A debtor someone is on the phone with: nobody else may call them until it is released or lapses.

    The holding app renews it every few seconds; an app that crashed or lost its connection stops
    renewing, and the claim lapses at ``expires_at`` (see :mod:`dunning_tui.store.claims`).
    """

    __tablename__ = "claims"

    debtor_id: Mapped[int] = mapped_column(
        ForeignKey("debtors.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    caller: Mapped[str] = mapped_column(String(120))
    token: Mapped[str] = mapped_column(String(64))
    """The holding app's session (one person may run two terminals)."""
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    renewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Change(Base):
    """One counter moved by every outcome, payment and claim: other apps on SQLite poll it."""

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    serial: Mapped[int] = mapped_column(BigInteger)
