"""Whether promises to pay were kept (DOMAIN.md §1 "Keep your word", §3 promise-to-pay practice).

The rule, for a promise and for each instalment of a payment plan alike:

* a payment counts toward a promise when it is on one of the promise's invoices (any invoice of the
  debtor when the promise names none) and dated on or after the day the promise was made;
* the promise's deadline is its date plus the bank delay days; payments after the deadline do not count;
* **kept** once the counted payments cover the amount (even before the date);
* before the deadline has passed, anything less is **pending**;
* after it, **partly kept** when some money came, **broken** when none did;
* a cancelled promise stays cancelled.

A payment counts once: when several promises could take it (the instalments of a plan), promises
take payments in date order, earliest promised date first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dunning_tui.domain.enums import PromiseStatus
from dunning_tui.domain.models import PaymentView, PromiseView

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class PromiseResult:
    """A promise and what the payments say about it at ``today``."""

    promise: PromiseView
    status: PromiseStatus
    paid_toward: Decimal
    """What the counted payments brought to it (at most its amount)."""
    deadline: date
    """The promised date plus the bank delay days: the last day money counts."""

    @property
    def check_date(self) -> date:
        """The day after the deadline: when to check that the money came."""
        return self.deadline + timedelta(days=1)

    @property
    def missed(self) -> bool:
        """Broken or only partly kept: the promise was not honoured."""
        return self.status in (PromiseStatus.BROKEN, PromiseStatus.PARTLY_KEPT)

    @property
    def shortfall(self) -> Decimal:
        return max(self.promise.amount - self.paid_toward, ZERO)


_CHECK_WORDS = {
    "fr": ("le lendemain", "{days} jours après"),
    "en": ("the day after", "{days} days after"),
}


def check_when(delay_days: int, language: str) -> str:
    """When a promise is checked, as said to the debtor: "le lendemain" / "the day after" with no
    bank delay, else "4 jours après" / "4 days after" — the day :attr:`PromiseResult.check_date`
    falls on, so what the tool says and what it does agree."""
    same_day, later = _CHECK_WORDS.get(language[:2], _CHECK_WORDS["en"])
    return same_day if delay_days <= 0 else later.format(days=delay_days + 1)


def deadline_of(promise: PromiseView, delay_days: int) -> date:
    return promise.promised_date + timedelta(days=delay_days)


def counts_toward(payment: PaymentView, promise: PromiseView, deadline: date) -> bool:
    if promise.invoice_numbers and payment.invoice_number not in promise.invoice_numbers:
        return False
    if promise.created_at is not None and payment.paid_on < promise.created_at.date():
        return False
    return payment.paid_on <= deadline


def _status(promise: PromiseView, paid: Decimal, deadline: date, today: date) -> PromiseStatus:
    if promise.status == PromiseStatus.CANCELLED:
        return PromiseStatus.CANCELLED
    if paid >= promise.amount:
        return PromiseStatus.KEPT
    if today <= deadline:
        return PromiseStatus.PENDING
    return PromiseStatus.PARTLY_KEPT if paid > 0 else PromiseStatus.BROKEN


def evaluate_promises(
    promises: Iterable[PromiseView],
    payments: Iterable[PaymentView],
    today: date,
    delay_days: int,
) -> tuple[PromiseResult, ...]:
    """Every promise of one debtor at once, each payment counted once; results in the input order."""
    given = list(promises)
    left: dict[int, Decimal] = {}
    pays = sorted((p for p in payments if p.paid_on <= today), key=lambda p: (p.paid_on, p.id))
    for p in pays:
        left[p.id] = p.amount
    results: dict[int, PromiseResult] = {}
    order = sorted(range(len(given)), key=lambda i: (given[i].promised_date, given[i].id))
    for i in order:
        promise = given[i]
        deadline = deadline_of(promise, delay_days)
        paid = ZERO
        if promise.status != PromiseStatus.CANCELLED:
            for p in pays:
                if paid >= promise.amount:
                    break
                if left[p.id] <= 0 or not counts_toward(p, promise, deadline):
                    continue
                take = min(left[p.id], promise.amount - paid)
                left[p.id] -= take
                paid += take
        results[i] = PromiseResult(promise, _status(promise, paid, deadline, today), paid, deadline)
    return tuple(results[i] for i in range(len(given)))


def evaluate_promise(
    promise: PromiseView,
    payments_toward_it: Iterable[PaymentView],
    today: date,
    delay_days: int,
) -> PromiseStatus:
    """The status of one promise given the debtor's payments (filtered here by the rule above)."""
    return evaluate_promises([promise], payments_toward_it, today, delay_days)[0].status
