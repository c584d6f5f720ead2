"""What the user records when a call ends, and the pure rules around it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import ROUND_DOWN, Decimal

from dunning_tui.domain.enums import Outcome


@dataclass(frozen=True, slots=True)
class Objective:
    """Decided before dialling: the limit that stops you giving in during the call."""

    latest_date: date
    plan_ok: bool = True
    max_instalments: int = 3


@dataclass(frozen=True, slots=True)
class Instalment:
    due_date: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Commitment:
    """A step the user told the debtor would follow, in the user's own words."""

    text: str
    due_date: date


@dataclass(frozen=True, slots=True)
class NewContact:
    """The person the one who answered named as the right one ("wrong person"): saved as a contact."""

    name: str
    role: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class DisputedInvoice:
    """One invoice the client disputes, and how much of it (its balance unless said otherwise)."""

    invoice_id: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class OutcomeInput:
    kind: Outcome
    promised_date: date | None = None
    amount: Decimal | None = None
    method: str = ""
    instalments: tuple[Instalment, ...] = ()
    call_back_date: date | None = None
    call_back_time: time | None = None
    dispute_reason: str = ""
    invoice_ids: tuple[int, ...] = ()
    """Invoices concerned (a promise's invoices, the disputed ones); empty means all open ones."""
    payment_reference: str = ""
    """For "already paid": the reference the debtor gave (transfer, cheque number), to check."""
    paid_on: date | None = None
    """For "already paid": the day the debtor says the payment went out (``amount`` is how much)."""
    disputed: tuple[DisputedInvoice, ...] = ()
    """For a dispute: the disputed invoices (also in ``invoice_ids``) and the amount of each."""
    documents_due: date | None = None
    """For a dispute: the day agreed on the phone by which the client sends their documents."""
    new_contact: NewContact | None = None
    """For "wrong person": the right person to speak to, saved as the debtor's contact."""
    commitments: tuple[Commitment, ...] = field(default=())
    summary: str = ""
    answered_by: str = ""
    """Who picked up: one of :data:`ANSWERED_BY` ("" when not said)."""
    review: tuple[tuple[str, bool], ...] = ()
    """The caller's self-review after the call (:data:`REVIEW` keys), ticked or not."""


ANSWERED_BY = ("debtor", "colleague", "switchboard", "voicemail")
"""Who may pick up: the person in charge, a colleague, a switchboard, voicemail."""

REVIEW = ("amount", "date", "method", "vague", "next")
"""The self-review the seeds recommend after a call: did I get an amount, an exact date and a
method; did I accept a vague promise (a tick here is a warning); did I say what happens next."""


def review_defaults(outcome: OutcomeInput) -> dict[str, bool]:
    """What the outcome's own data already answers; the caller ticks or unticks the rest."""
    agreed = outcome.kind in (Outcome.PROMISE, Outcome.PAYMENT_PLAN)
    return {
        "amount": agreed and (outcome.amount is not None or bool(outcome.instalments)),
        "date": agreed and (outcome.promised_date is not None or bool(outcome.instalments)),
        "method": agreed and bool(outcome.method),
        "vague": False,
        "next": bool(outcome.commitments) or outcome.kind in (Outcome.CALL_BACK, Outcome.PAYMENT_PLAN),
    }


def plan_instalments(balance: Decimal, count: int, first: date, interval_days: int) -> list[Instalment]:
    """Split ``balance`` into ``count`` dated instalments that add up to it exactly.

    Every instalment is the balance divided evenly, rounded down to the cent; the last one takes
    the remaining cents so the total is never off.
    """
    if count < 1:
        raise ValueError("a plan needs at least one instalment")
    if interval_days < 1:
        raise ValueError("instalments must be at least a day apart")
    if balance <= 0:
        raise ValueError("nothing to split")
    share = (balance / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    amounts = [share] * (count - 1) + [balance - share * (count - 1)]
    return [Instalment(first + timedelta(days=interval_days * i), amount) for i, amount in enumerate(amounts)]


def plan_with_payment_now(
    total: Decimal, now: Decimal, today: date, count: int, first: date, interval_days: int
) -> list[Instalment]:
    """A plan covering ``total``: ``now`` paid today (when above zero), the rest split evenly in
    ``count`` instalments from ``first``."""
    if now < 0 or now > total:
        raise ValueError("the amount paid now must be between zero and the amount covered")
    head = [Instalment(today, now)] if now > 0 else []
    if now == total:
        return head
    return head + plan_instalments(total - now, count, first, interval_days)


def plan_left(total: Decimal, instalments: tuple[Instalment, ...] | list[Instalment]) -> Decimal:
    """What the instalments leave to spread (negative: they ask more than the amount covered)."""
    return total - sum((i.amount for i in instalments), Decimal("0.00"))


def beyond_objective(outcome: OutcomeInput, objective: Objective) -> bool:
    """True when the agreed date (or the plan's last instalment) is later than the limit set before the call."""
    if outcome.kind is Outcome.PROMISE and outcome.promised_date:
        return outcome.promised_date > objective.latest_date
    if outcome.kind is Outcome.PAYMENT_PLAN and outcome.instalments:
        return max(i.due_date for i in outcome.instalments) > objective.latest_date
    return False


METHODS = ("transfer", "card", "cheque", "direct_debit", "cash")
"""Payment methods, stored as these codes and worded per language (``method.<code>``)."""


def method_code(text: str) -> str:
    """The code of a payment method typed in either language ("virement", "transfer" → "transfer");
    anything else is kept as the user typed it."""
    from dunning_tui.words import LANGUAGES, say

    typed = text.strip().lower()
    for code in METHODS:
        if typed in (code, code.replace("_", " ")) or any(
            typed == say(lang, f"method.{code}").lower() for lang in LANGUAGES
        ):
            return code
    return text.strip()


def method_words(method: str) -> str:
    """A stored method as a coded text (a known code) or the user's own words."""
    from dunning_tui.words import coded

    return coded(f"method.{method}") if method in METHODS else method


def summary_code(outcome: OutcomeInput, company: str, currency: str) -> str:
    """Who does what by when, from the outcome's data, stored as codes (worded in each reader's language)."""
    from dunning_tui.words import Money, coded, then

    lines: list[str] = []
    kind = outcome.kind
    if kind is Outcome.PROMISE and outcome.promised_date and outcome.amount is not None:
        lines.append(
            coded(
                "{company} pays {amount} by {method} on {date}.",
                company=company,
                amount=Money(outcome.amount, currency),
                method=method_words(outcome.method or "transfer"),
                date=outcome.promised_date,
            )
        )
    elif kind is Outcome.PAYMENT_PLAN:
        parts: list[str] = []
        for i, instalment in enumerate(outcome.instalments):
            if i:
                parts.append(", ")
            parts.append(
                coded(
                    "{amount} on {date}", amount=Money(instalment.amount, currency), date=instalment.due_date
                )
            )
        listed = then(parts[0], *parts[1:]) if parts else ""
        lines.append(
            coded(
                "{company} pays {n} instalments: {list}.",
                company=company,
                n=len(outcome.instalments),
                list=listed,
            )
        )
    elif kind is Outcome.CALL_BACK and outcome.call_back_date:
        if outcome.call_back_time:
            lines.append(
                coded(
                    "We call back on {date} at {time}.",
                    date=outcome.call_back_date,
                    time=outcome.call_back_time,
                )
            )
        else:
            lines.append(coded("We call back on {date}.", date=outcome.call_back_date))
    elif kind is Outcome.DISPUTE and outcome.documents_due:
        lines.append(
            coded(
                "{company} sends the disputed points and amount in writing by {date}; we check them.",
                company=company,
                date=outcome.documents_due,
            )
        )
    elif kind is Outcome.DISPUTE:
        lines.append(
            coded(
                "{company} sends the disputed points and amount in writing; we check them.", company=company
            )
        )
    elif kind is Outcome.ALREADY_PAID and outcome.amount is not None and outcome.paid_on:
        lines.append(
            coded(
                "We check the payment of {amount} {company} says was made on {date}.",
                amount=Money(outcome.amount, currency),
                company=company,
                date=outcome.paid_on,
            )
        )
    elif kind is Outcome.ALREADY_PAID:
        lines.append(coded("We check the payment {company} says was made.", company=company))
    elif kind is Outcome.REFUSED:
        lines.append(coded("No agreement: next step in writing."))
    elif kind is Outcome.NO_ANSWER:
        lines.append(coded("Not reached: try again."))
    elif kind is Outcome.WRONG_PERSON and outcome.new_contact is not None:
        lines.append(coded("Next call: {name}.", name=outcome.new_contact.name))
    elif kind is Outcome.WRONG_PERSON:
        lines.append(coded("Ask who handles supplier payments."))
    for commitment in outcome.commitments:
        lines.append(coded("{text} — {date}", text=commitment.text, date=commitment.due_date))
    if not lines:
        return ""
    return then(lines[0], *[part for line in lines[1:] for part in ("\n", line)])
