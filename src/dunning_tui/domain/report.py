"""What the calls taught: the period's figures, where the money stands, what works in the script.

Pure functions over plain facts the store reads (``store/report.py``); who pays is in
:mod:`dunning_tui.domain.payer`. Every figure is defined here, once:

**Calls of a period** — calls closed with an outcome whose start falls in the period (local time).

* *calls made*: those calls; *people reached*: those whose outcome is not "no answer" or
  "wrong person" (``escalation.NOT_REACHED``);
* *promises obtained*: calls that ended with a promise or a payment plan (a plan counts once); their
  amount is the sum of the promised amounts (every instalment of a plan), per currency;
* *kept / partly kept / broken*: among the promises of those calls whose deadline (promised date
  plus the grace days, ``promises.deadline_of``) is before ``today``, each instalment of a plan
  being a promise of its own, by the status the follow-up engine gave them (``promises.py``);
* *collected within 14 days of a call*: payments from a called debtor dated from the day of one of
  the period's calls to 14 days after it; each payment counts once, however many calls precede it;
* *time on the phone*: the sum of the calls' durations (end minus start).

**Where the money stands** (:func:`money_snapshot`) at a day D — the balances owed at D: invoices
issued by D, open or disputed today, less the payments dated on or before D (cancelled and
written-off invoices are left out, at every date: the day they were cancelled is not kept).

* *ageing*: each balance by days late at D (D minus the due date): not due (0 or less), 1–30,
  31–60, 61–90, over 90, per currency;
* *DSO* (days sales outstanding): what is owed at D (due or not) divided by what was invoiced in
  the 90 days up to D, times 90; none when nothing was invoiced then;
* *average days late*: of the overdue balances at D, weighted by their amount.

**What works in the script** (:func:`script_branches`) — for each script and language, each node
and the answer chosen there (the next node of the stored path, named by the first answer of the
node that leads there; the last node of a path is counted with no answer: the call ended there):
how many calls went through it (a call counts once per row), the share of those calls that ended
with a promise or a plan, and of those whose promises' deadlines have passed, the share whose
promises were all kept. No rate is given under :data:`MIN_CALLS` calls. Rows are sorted by the
share of their calls that ended with a kept promise ("lead to money"), then by calls.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from dunning_tui.domain.enums import Outcome, PromiseStatus
from dunning_tui.domain.escalation import NOT_REACHED
from dunning_tui.domain.payer import PayerFigures

ZERO = Decimal("0.00")
AGE_BUCKETS = ("not_due", "1-30", "31-60", "61-90", "over_90")
"""The ageing columns, in order."""
AGE_LIMITS = (0, 30, 60, 90)
"""The last day late of each bucket but the last."""
DSO_DAYS = 90
COLLECT_DAYS = 14
"""A payment this many days after a call (or fewer) counts as collected by the call."""
MIN_CALLS = 5
"""No rate is shown for fewer calls than this."""
PROMISE_OUTCOMES = frozenset({Outcome.PROMISE, Outcome.PAYMENT_PLAN})
RESOLVED = frozenset({PromiseStatus.KEPT, PromiseStatus.PARTLY_KEPT, PromiseStatus.BROKEN})


def age_bucket(days_late: int) -> int:
    """The index in :data:`AGE_BUCKETS` of a balance ``days_late`` days past its due date."""
    return bisect.bisect_left(AGE_LIMITS, days_late)


# -- where the money stands ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Owed:
    """An amount owed on invoices of one currency, issue date and due date.

    It was owed from ``issue_date`` until ``owed_until`` (the day a payment cleared it; ``None``:
    still owed): at D it counts if ``issue_date <= D`` and ``owed_until`` is None or after D.
    """

    currency: str
    issue_date: date
    due_date: date
    amount: Decimal
    owed_until: date | None = None

    def owed_at(self, day: date) -> bool:
        return self.issue_date <= day and (self.owed_until is None or self.owed_until > day)


@dataclass(frozen=True, slots=True)
class Invoiced:
    """What was invoiced in one currency on one day (the base of DSO)."""

    currency: str
    issue_date: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Ageing:
    """One currency's balances at a day, by age."""

    currency: str
    buckets: tuple[Decimal, ...]
    """Amounts per :data:`AGE_BUCKETS`."""
    dso: float | None
    average_days_late: float | None

    @property
    def total(self) -> Decimal:
        return sum(self.buckets, ZERO)

    @property
    def overdue(self) -> Decimal:
        return sum(self.buckets[1:], ZERO)


@dataclass(frozen=True, slots=True)
class Snapshot:
    as_of: date
    ageing: tuple[Ageing, ...]
    """One per currency, in currency order."""

    def currency(self, code: str) -> Ageing | None:
        return next((a for a in self.ageing if a.currency == code), None)


def money_snapshot(owed: Iterable[Owed], invoiced: Iterable[Invoiced], as_of: date) -> Snapshot:
    """Ageing, DSO and average days late at ``as_of`` (definitions in the module's docstring)."""
    buckets: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO] * len(AGE_BUCKETS))
    late_weight: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for o in owed:
        if not o.owed_at(as_of) or o.amount <= 0:
            continue
        days = (as_of - o.due_date).days
        buckets[o.currency][age_bucket(days)] += o.amount
        if days > 0:
            late_weight[o.currency] += o.amount * days
    start = as_of - timedelta(days=DSO_DAYS)
    sales: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for s in invoiced:
        if start < s.issue_date <= as_of:
            sales[s.currency] += s.amount
    rows = []
    for currency in sorted(buckets):
        amounts = tuple(buckets[currency])
        total, overdue = sum(amounts, ZERO), sum(amounts[1:], ZERO)
        dso = float(total / sales[currency] * DSO_DAYS) if sales[currency] > 0 else None
        average = float(late_weight[currency] / overdue) if overdue > 0 else None
        rows.append(
            Ageing(currency, amounts, _round(dso), _round(average)),
        )
    return Snapshot(as_of, tuple(rows))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def month_ends(day: date, count: int) -> list[date]:
    """The last day of each of the ``count`` months before ``day``'s month, most recent first."""
    out = []
    end = day.replace(day=1) - timedelta(days=1)
    for _ in range(count):
        out.append(end)
        end = end.replace(day=1) - timedelta(days=1)
    return out


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def weekly(amounts: Iterable[tuple[str, date, Decimal]], first: date, last: date) -> dict[str, list[Decimal]]:
    """Amounts per currency and week (Monday to Sunday), from ``first``'s week to ``last``'s."""
    start = week_start(first)
    weeks = (week_start(last) - start).days // 7 + 1
    out: dict[str, list[Decimal]] = {}
    for currency, day, amount in amounts:
        if not first <= day <= last:
            continue
        series = out.setdefault(currency, [ZERO] * weeks)
        series[(day - start).days // 7] += amount
    return dict(sorted(out.items()))


# -- the calls of a period ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CallFact:
    """A call closed with an outcome, with what the report needs of it."""

    id: int
    debtor_id: int
    started_at: datetime
    ended_at: datetime | None
    outcome: Outcome
    script_name: str = ""
    path: tuple[str, ...] = ()
    """The node ids reached, in order (``script.path.ScriptPath.nodes``)."""

    @property
    def reached(self) -> bool:
        return self.outcome not in NOT_REACHED

    @property
    def seconds(self) -> float:
        if self.ended_at is None:
            return 0.0
        return max(0.0, (self.ended_at - self.started_at).total_seconds())


@dataclass(frozen=True, slots=True)
class PromiseFact:
    """A promise (or one instalment of a plan) made during a call."""

    call_id: int
    currency: str
    amount: Decimal
    deadline: date
    """The promised date plus the grace days (``promises.deadline_of``)."""
    status: PromiseStatus

    def settled(self, today: date) -> bool:
        """Its deadline has passed and it was not cancelled: kept, partly kept or broken."""
        return self.deadline < today and self.status in RESOLVED


@dataclass(frozen=True, slots=True)
class PaymentFact:
    debtor_id: int
    paid_on: date
    currency: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class CallFigures:
    calls: int = 0
    reached: int = 0
    promises: int = 0
    """Calls that ended with a promise or a plan."""
    promised: dict[str, Decimal] = field(default_factory=dict)
    due: int = 0
    """Of their promises (each instalment apart), those whose deadline has passed."""
    kept: int = 0
    partly_kept: int = 0
    broken: int = 0
    collected: dict[str, Decimal] = field(default_factory=dict)
    """Paid within :data:`COLLECT_DAYS` days of a call, per currency."""
    phone_seconds: float = 0.0


def call_figures(
    calls: Sequence[CallFact], promises: Iterable[PromiseFact], payments: Iterable[PaymentFact], today: date
) -> CallFigures:
    """The figures of the calls of a period (definitions in the module's docstring).

    ``promises`` are those of ``calls``; ``payments`` those of the called debtors (others are
    ignored)."""
    ids = {c.id for c in calls}
    promise_calls = {c.id for c in calls if c.outcome in PROMISE_OUTCOMES}
    promised: dict[str, Decimal] = defaultdict(lambda: ZERO)
    status_counts = dict.fromkeys(RESOLVED, 0)
    for p in promises:
        if p.call_id not in ids:
            continue
        if p.call_id in promise_calls:
            promised[p.currency] += p.amount
        if p.settled(today):
            status_counts[p.status] += 1
    days: dict[int, list[date]] = defaultdict(list)
    for c in calls:
        days[c.debtor_id].append(c.started_at.astimezone().date())
    for dates in days.values():
        dates.sort()
    collected: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for pay in payments:
        called = days.get(pay.debtor_id)
        if not called:
            continue
        # The latest call on or before the payment: within the window, or none is.
        i = bisect.bisect_right(called, pay.paid_on)
        if i and (pay.paid_on - called[i - 1]).days <= COLLECT_DAYS:
            collected[pay.currency] += pay.amount
    return CallFigures(
        calls=len(calls),
        reached=sum(1 for c in calls if c.reached),
        promises=len(promise_calls),
        promised=dict(sorted(promised.items())),
        due=sum(status_counts.values()),
        kept=status_counts[PromiseStatus.KEPT],
        partly_kept=status_counts[PromiseStatus.PARTLY_KEPT],
        broken=status_counts[PromiseStatus.BROKEN],
        collected=dict(sorted(collected.items())),
        phone_seconds=sum(c.seconds for c in calls),
    )


# -- what works in the script -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScriptShape:
    """What the report needs of a script: node titles and each node's answers (label, target)."""

    name: str
    language: str
    titles: Mapping[str, str]
    answers: Mapping[str, tuple[tuple[str, str], ...]]

    def answer(self, node: str, to: str) -> str:
        """The label of the first answer at ``node`` leading to ``to`` (``→ to`` if none does)."""
        for label, target in self.answers.get(node, ()):
            if target == to:
                return label
        return f"→ {self.titles.get(to, to)}"


@dataclass(frozen=True, slots=True)
class BranchRow:
    script: str
    language: str
    node: str
    node_title: str
    answer: str
    """The answer chosen at the node; empty when the call ended there."""
    calls: int
    promised: int
    """Calls through it that ended with a promise or a plan."""
    settled: int
    """Of those, the calls whose promises' deadlines have all passed."""
    kept: int
    """Of those, the calls whose promises were all kept."""

    @property
    def promise_rate(self) -> float | None:
        return self.promised / self.calls if self.calls >= MIN_CALLS else None

    @property
    def kept_rate(self) -> float | None:
        return self.kept / self.settled if self.calls >= MIN_CALLS and self.settled else None

    @property
    def money_rate(self) -> float:
        """The share of its calls that ended with a kept promise (the sort order)."""
        return self.kept / self.calls if self.calls else 0.0


def script_branches(
    calls: Iterable[CallFact],
    promises: Iterable[PromiseFact],
    shapes: Mapping[str, ScriptShape],
    today: date,
) -> list[BranchRow]:
    """Every node and answer taken in ``calls`` (definitions in the module's docstring).

    ``shapes`` maps a script's name to its shape; a call whose script is unknown is still counted,
    its answers named by their target node."""
    by_call: dict[int, list[PromiseFact]] = defaultdict(list)
    for p in promises:
        by_call[p.call_id].append(p)
    counts: dict[tuple[str, str, str, str], list[int]] = {}
    titles: dict[tuple[str, str], str] = {}
    for call in calls:
        if not call.path:
            continue
        shape = shapes.get(call.script_name) or ScriptShape(call.script_name, "", {}, {})
        promised = call.outcome in PROMISE_OUTCOMES and bool(by_call[call.id])
        own = by_call[call.id]
        settled = promised and all(p.settled(today) for p in own)
        kept = settled and all(p.status is PromiseStatus.KEPT for p in own)
        steps = {
            (node, shape.answer(node, nxt) if nxt is not None else "")
            for node, nxt in zip(call.path, (*call.path[1:], None), strict=True)
        }
        for node, answer in steps:
            key = (shape.name, shape.language, node, answer)
            titles[(shape.name, node)] = shape.titles.get(node, node)
            row = counts.setdefault(key, [0, 0, 0, 0])
            row[0] += 1
            row[1] += promised
            row[2] += settled
            row[3] += kept
    rows = [
        BranchRow(name, lang, node, titles[(name, node)], answer, *values)
        for (name, lang, node, answer), values in counts.items()
    ]
    rows.sort(key=lambda r: (r.calls < MIN_CALLS, -r.money_rate, -r.calls, r.script, r.node, r.answer))
    return rows


# -- the whole report ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Report:
    """Everything ``dunning report`` and the report screen show."""

    since: date
    until: date
    period: CallFigures
    """The calls from ``since`` to ``until``."""
    snapshots: tuple[Snapshot, ...]
    """Where the money stands at ``until``, then at the end of each previous month (most recent first)."""
    week_starts: tuple[date, ...]
    collected: dict[str, list[Decimal]]
    """Money received per week (Mondays in ``week_starts``), per currency."""
    branches: tuple[BranchRow, ...]
    payers: tuple[PayerFigures, ...]
    """The debtors called in the period, worst payers first."""
    block: CallFigures | None = None
    """The calls of this call block (the app only)."""


def payer_order(p: PayerFigures) -> tuple[float, float, int]:
    """Worst payers first: fewest promises kept, then most days late."""
    ratio = p.kept_ratio
    return (ratio if ratio is not None else 2.0, -(p.average_days_late or 0.0), p.debtor_id)


PERIOD_DAYS = 365
"""The report's default period: the year up to its last day (enough calls for the script's rates)."""


def default_since(until: date) -> date:
    return until - timedelta(days=PERIOD_DAYS - 1)


def ageing_series(report: Report, currency: str) -> tuple[list[date], list[list[Decimal]]]:
    """For a stacked bar chart: the snapshot days, oldest first, and per age bucket its amounts."""
    found = [(s.as_of, a) for s in reversed(report.snapshots) if (a := s.currency(currency)) is not None]
    series = [[a.buckets[k] for _day, a in found] for k in range(len(AGE_BUCKETS))]
    return [day for day, _a in found], series


def currencies(report: Report) -> list[str]:
    """The report's currencies, the one with most owed now first."""
    now = {a.currency: a.total for a in report.snapshots[0].ageing} if report.snapshots else {}
    every = {a.currency for s in report.snapshots for a in s.ageing} | set(report.collected)
    return sorted(every, key=lambda c: (-now.get(c, ZERO), c))
