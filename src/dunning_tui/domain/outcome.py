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
    """For "already paid": the date/reference the debtor gave, to check."""
    commitments: tuple[Commitment, ...] = field(default=())
    summary: str = ""


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


def beyond_objective(outcome: OutcomeInput, objective: Objective) -> bool:
    """True when the agreed date (or the plan's last date) is later than the limit set before the call."""
    if outcome.kind is Outcome.PROMISE and outcome.promised_date:
        return outcome.promised_date > objective.latest_date
    if outcome.kind is Outcome.PAYMENT_PLAN and outcome.instalments:
        return outcome.instalments[0].due_date > objective.latest_date
    return False
