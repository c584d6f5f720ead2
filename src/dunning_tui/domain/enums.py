"""The closed vocabularies of the domain, stored as their string values."""

from __future__ import annotations

from enum import StrEnum


class DebtorKind(StrEnum):
    BUSINESS = "business"
    CONSUMER = "consumer"


class PayerProfile(StrEnum):
    UNKNOWN = ""
    RELIABLE = "reliable"
    FORGETFUL = "forgetful"
    EVASIVE = "evasive"
    IN_DIFFICULTY = "in_difficulty"


class InvoiceStatus(StrEnum):
    """Stored status; "paid" is not here because it follows from the payments."""

    OPEN = "open"
    DISPUTED = "disputed"
    WRITTEN_OFF = "written_off"
    CANCELLED = "cancelled"


#: An invoice is "open and unpaid" when its status is one of these and less than its total is paid:
#: :meth:`~dunning_tui.domain.models.InvoiceView.is_open` in Python, ``UNPAID_SQL`` in the store.
#: Of an open invoice, what is *chased* (called about, claimed in letters, counted in the queue) is
#: its balance less the disputed part on hold: :attr:`~dunning_tui.domain.models.InvoiceView.chased`
#: in Python, ``CHASED_CENTS_SQL`` in the store.
OPEN_STATUSES = (InvoiceStatus.OPEN, InvoiceStatus.DISPUTED)


class DocumentKind(StrEnum):
    SIGNED_QUOTE = "signed_quote"
    PURCHASE_ORDER = "purchase_order"
    DELIVERY_NOTE = "delivery_note"
    CONTRACT = "contract"
    TERMS_OF_SALE = "terms_of_sale"
    CREDIT_NOTE = "credit_note"


class Channel(StrEnum):
    """How a contact event (a reminder) reached the debtor."""

    CALL = "call"
    EMAIL = "email"
    LETTER = "letter"
    REGISTERED_LETTER = "registered_letter"
    SMS = "sms"
    FORMAL_NOTICE = "formal_notice"
    OTHER = "other"


class Outcome(StrEnum):
    PROMISE = "promise"
    PAYMENT_PLAN = "payment_plan"
    CALL_BACK = "call_back"
    DISPUTE = "dispute"
    ALREADY_PAID = "already_paid"
    NO_ANSWER = "no_answer"
    WRONG_PERSON = "wrong_person"
    REFUSED = "refused"


class PromiseStatus(StrEnum):
    PENDING = "pending"
    KEPT = "kept"
    PARTLY_KEPT = "partly_kept"
    BROKEN = "broken"
    CANCELLED = "cancelled"


class ActionKind(StrEnum):
    """What a next action asks the user to do."""

    FIRST_CALL = "first_call"
    CADENCE_CALL = "cadence_call"
    CALL_BACK = "call_back"
    PROMISE_CHECK = "promise_check"
    BROKEN_PROMISE = "broken_promise"
    COMMITMENT = "commitment"
    NOTICE_DEADLINE = "notice_deadline"
    ESCALATION = "escalation"


class Stage(StrEnum):
    """The escalation ladder (DOMAIN.md §1), in order."""

    CALLS = "calls"
    WRITTEN_REMINDER = "written_reminder"
    GENERIC_EMAIL = "generic_email"
    FORMAL_NOTICE = "formal_notice"
    PROCEDURE = "procedure"
