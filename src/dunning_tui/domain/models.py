"""Plain objects that cross the boundary between the store and the screens.

The queue's line, :class:`~dunning_tui.domain.queue_entry.QueueEntry`, lives in its own small module: the
first frame needs it and nothing else here.

The store returns these, never live ORM rows, so a screen can keep them after the session closes.
Amounts are ``Decimal`` in the item's currency.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from dunning_tui.domain.enums import (
    OPEN_STATUSES,
    ActionKind,
    Channel,
    DebtorKind,
    DocumentKind,
    InvoiceStatus,
    Outcome,
    PayerProfile,
    PromiseStatus,
)
from dunning_tui.domain.queue_entry import days_late

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Contact:
    id: int
    name: str
    role: str = ""
    direct_line: str = ""
    mobile: str = ""
    email: str = ""
    is_primary: bool = False
    notes: str = ""


@dataclass(frozen=True, slots=True)
class InvoiceView:
    id: int
    number: str
    issue_date: date
    due_date: date
    currency: str
    total: Decimal
    paid: Decimal
    status: InvoiceStatus
    po_reference: str = ""
    buyer_reference: str = ""
    pdf_path: str = ""
    dispute_reason: str = ""
    client_remarks: str = ""
    acknowledged: bool = False
    disputed_amount: Decimal | None = None
    """How much of a disputed invoice is disputed (``None``: all of it)."""

    @property
    def balance(self) -> Decimal:
        return self.total - self.paid

    def days_late(self, today: date) -> int:
        return days_late(self.due_date, today)

    def is_open(self) -> bool:
        """Open and unpaid (the store's ``UNPAID_SQL`` says the same)."""
        return self.status in OPEN_STATUSES and self.balance > 0

    @property
    def on_hold(self) -> Decimal:
        """What of the balance waits while disputed: the disputed amount (all of it when none was
        given), at most the balance; zero for an invoice that is not disputed. Payments go to the
        undisputed part first."""
        if self.status is not InvoiceStatus.DISPUTED or self.balance <= 0:
            return ZERO
        if self.disputed_amount is None:
            return self.balance
        return max(ZERO, min(self.disputed_amount, self.balance))

    @property
    def chased(self) -> Decimal:
        """What is being chased now: the balance less what is on hold (the store's ``CHASED_CENTS_SQL``)."""
        return self.balance - self.on_hold if self.is_open() else ZERO

    def is_chased(self) -> bool:
        """Open, unpaid and not wholly on hold: the calls, the ladder, the letters and the queue work on
        these invoices (the store's ``CHASED_SQL`` says the same)."""
        return self.chased > 0


@dataclass(frozen=True, slots=True)
class PaymentView:
    id: int
    invoice_number: str
    paid_on: date
    amount: Decimal
    currency: str
    method: str = ""
    reference: str = ""
    caller: str = ""
    """Who recorded it."""


@dataclass(frozen=True, slots=True)
class DocumentView:
    id: int
    kind: DocumentKind
    reference: str
    doc_date: date | None
    signed_by: str = ""
    path: str = ""
    invoice_numbers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EventView:
    id: int
    occurred_at: datetime
    channel: Channel
    by_whom: str = ""
    summary: str = ""
    invoice_numbers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CallView:
    id: int
    started_at: datetime
    ended_at: datetime | None
    outcome: Outcome | None
    notes: str
    contact_name: str = ""
    script_path: str = "[]"
    """JSON list of [node_id, seconds since the call started]."""
    latest_date: date | None = None
    plan_ok: bool = True
    caller: str = ""
    """Who made the call (and wrote its notes and outcome)."""
    answered_by: str = ""
    """Who picked up (``debtor``, ``colleague``, ``switchboard``, ``voicemail``; "" when not said)."""
    paid_on: date | None = None
    """"Already paid": the day the debtor says the payment went out."""
    paid_amount: Decimal | None = None
    """"Already paid": how much the debtor says was paid."""
    paid_reference: str = ""
    """"Already paid": the reference the debtor gave."""
    documents_due: date | None = None
    """A dispute: the day agreed on the phone by which the client sends their documents."""


@dataclass(frozen=True, slots=True)
class PromiseView:
    id: int
    promised_date: date
    amount: Decimal
    currency: str
    status: PromiseStatus
    method: str = ""
    invoice_numbers: tuple[str, ...] = ()
    plan_id: int | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ActionView:
    id: int
    kind: ActionKind
    due_date: date
    due_time: time | None = None
    reason: str = ""
    done_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class DebtorView:
    id: int
    key: str
    name: str
    kind: DebtorKind
    country: str
    language: str
    registration_number: str = ""
    vat_number: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    payment_terms_days: int = 30
    profile: PayerProfile = PayerProfile.UNKNOWN
    profile_notes: str = ""
    pause_until: date | None = None
    pause_reason: str = ""
    owner: str = ""
    governing_law: str = ""
    """FR, BE, EU or UK when the contract chose a law; empty: the creditor's ``jurisdiction``."""


@dataclass(frozen=True, slots=True)
class DebtorFile:
    """Everything known about one debtor: what the brief, the script and the letters read."""

    debtor: DebtorView
    contacts: tuple[Contact, ...] = ()
    invoices: tuple[InvoiceView, ...] = ()
    payments: tuple[PaymentView, ...] = ()
    documents: tuple[DocumentView, ...] = ()
    events: tuple[EventView, ...] = ()
    calls: tuple[CallView, ...] = ()
    promises: tuple[PromiseView, ...] = ()
    actions: tuple[ActionView, ...] = field(default=())

    @property
    def open_invoices(self) -> tuple[InvoiceView, ...]:
        return tuple(i for i in self.invoices if i.is_open())

    def overdue_invoices(self, today: date) -> tuple[InvoiceView, ...]:
        return tuple(i for i in self.open_invoices if i.due_date < today)

    def chased_invoices(self, today: date) -> tuple[InvoiceView, ...]:
        """The overdue invoices being chased now (:meth:`InvoiceView.is_chased`)."""
        return tuple(i for i in self.overdue_invoices(today) if i.is_chased())

    def on_hold_balance(self) -> Decimal:
        """What waits while disputed, shown apart from what is chased."""
        return sum((i.on_hold for i in self.open_invoices), ZERO)

    @property
    def currency(self) -> str:
        open_ = self.open_invoices
        return open_[0].currency if open_ else (self.invoices[0].currency if self.invoices else "EUR")

    @property
    def balance(self) -> Decimal:
        return sum((i.balance for i in self.open_invoices), Decimal("0.00"))

    def overdue_balance(self, today: date) -> Decimal:
        """The amount overdue that can be chased now (the queue's figure): disputed parts left out."""
        return sum((i.chased for i in self.overdue_invoices(today)), ZERO)

    def oldest_due(self) -> date | None:
        """The oldest due date of the invoices being chased (the queue's days late count from it)."""
        dues = [i.due_date for i in self.open_invoices if i.is_chased()]
        return min(dues) if dues else None

    def days_late(self, today: date) -> int:
        return days_late(self.oldest_due(), today)

    @property
    def primary_contact(self) -> Contact | None:
        for c in self.contacts:
            if c.is_primary:
                return c
        return self.contacts[0] if self.contacts else None

    @property
    def last_promise(self) -> PromiseView | None:
        dated = [p for p in self.promises if p.plan_id is None]
        return max(dated, key=lambda p: (p.created_at or datetime.min, p.id)) if dated else None
