"""What the calls taught: the period's figures, where the money stands, what works in the script.

Pure functions over plain facts the store reads (``store/report.py``); who pays is in
:mod:`dunning_tui.domain.payer`. Every figure is defined here, once:

**Calls of a period** — calls closed with an outcome whose start falls in the period (local time).

* *calls made*: those calls; *people reached*: those whose outcome is not "no answer" or
  "wrong person" (``escalation.NOT_REACHED``);
* *promises obtained*: calls that ended with a promise or a payment plan (a plan counts once); their
  amount is the sum of the promised amounts (every instalment of a plan), per currency;
* *kept / partly kept / broken*: among the promises of those calls whose deadline (promised date
  plus the bank delay days, ``promises.deadline_of``) is before ``today``, each instalment of a plan
  being a promise of its own, by the status the follow-up engine gave them (``promises.py``);
* *collected within 14 days of a call*: payments from a called debtor dated from the day of one of
  the period's calls (its date in UTC, as stored) to 14 days after it; each payment counts once,
  however many calls precede it;
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
from datetime import date, timedelta
from decimal import Decimal

from dunning_tui.domain.enums import Outcome, PromiseStatus
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
class CallFigures:
    """The figures of the calls of a period, added up by the store (``store/report.py``)."""

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


# -- what works in the script -------------------------------------------------------------------


def steps_of(path: Sequence[str]) -> set[tuple[str, str]]:
    """The (node, next node) pairs of a call's path, each once; the last node is paired with ""
    (the call ended there). Stored with the call's outcome (``call_steps``) for the report."""
    return {(node, nxt) for node, nxt in zip(path, (*path[1:], ""), strict=True)} if path else set()


@dataclass(frozen=True, slots=True)
class ScriptShape:
    """What the report needs of a script: node titles and each node's answers (label, target)."""

    name: str
    language: str
    titles: Mapping[str, str]
    answers: Mapping[str, tuple[tuple[str, str], ...]]

    def answer(self, node: str, to: str) -> str:
        """The label of the first answer at ``node`` leading to ``to`` (``→ to`` if none does)."""
        if not to:
            return ""
        for label, target in self.answers.get(node, ()):
            if target == to:
                return label
        return f"→ {self.titles.get(to, to)}"


@dataclass(frozen=True, slots=True)
class BranchCount:
    """The calls of one script that went from ``node`` to ``next_node`` ("" : ended at ``node``)."""

    script: str
    node: str
    next_node: str
    calls: int
    promised: int
    """Of those, the calls that ended with a promise or a plan."""
    settled: int
    """Of those, the calls whose promises' deadlines have all passed."""
    kept: int
    """Of those, the calls whose promises were all kept."""


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
    settled: int
    kept: int

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


def script_branches(counts: Iterable[BranchCount], shapes: Mapping[str, ScriptShape]) -> list[BranchRow]:
    """Every node and answer taken (definitions in the module's docstring), named from ``shapes``
    (by script name); a script the report does not know is shown with its node ids."""
    rows: dict[tuple[str, str, str], list[int]] = {}
    names: dict[tuple[str, str, str], tuple[str, str]] = {}
    for c in counts:
        shape = shapes.get(c.script) or ScriptShape(c.script, "", {}, {})
        key = (c.script, c.node, shape.answer(c.node, c.next_node))
        names[key] = (shape.language, shape.titles.get(c.node, c.node))
        row = rows.setdefault(key, [0, 0, 0, 0])
        for i, value in enumerate((c.calls, c.promised, c.settled, c.kept)):
            row[i] += value
    out = [
        BranchRow(
            script, names[(script, node, answer)][0], node, names[(script, node, answer)][1], answer, *v
        )
        for (script, node, answer), v in rows.items()
    ]
    out.sort(key=lambda r: (r.calls < MIN_CALLS, -r.money_rate, -r.calls, r.script, r.node, r.answer))
    return out


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
