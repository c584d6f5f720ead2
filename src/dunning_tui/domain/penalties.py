"""Late-payment interest and the fixed recovery indemnity (DOMAIN.md §2).

The rules, the same in the four jurisdictions:

* interest starts the day after the due date, with no reminder needed;
* it is simple interest per day, ``balance × rate / 100 / 365``, on the amount incl. VAT;
* the balance is the one of each day: a payment dated P still bears interest on P and reduces the
  balance from P + 1, so an invoice paid on P bears ``P − due date`` days of interest;
* the rate is the one of the half-year each day falls in, from :mod:`dunning_tui.domain.rates` —
  except where the law fixes one rate for the debt's whole life (UK: the rate of the half-year in
  which interest starts); days before the table's first row get no rate and no interest, and a note;
* an invoice paid late still owes the interest up to each payment's date and the indemnity: it is a
  line of its own (``settled_on`` set, balance zero);
* the fixed indemnity is due once per invoice paid late (UK: by the size of the debt);
* a disputed invoice is not claimed while the dispute lasts: its line is kept apart, "on hold", and
  left out of the totals; of an invoice disputed in part, the undisputed part (its total less the
  disputed amount, the payments going to it first) is claimed and the disputed part is on hold,
  bearing no second indemnity;
* only what the user claims is counted (``claim_interest``, ``claim_indemnity``: the settings'
  ``[consequences]``), so the file, the call and the letters show one figure for one debt;
* amounts are exact ``Decimal`` until the end, then rounded half up to the cent per invoice; totals are
  the sums of the rounded lines so the letter adds up;
* consumers get none of this (the B2B rules do not apply to them): zero, with a note.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from dunning_tui.domain.enums import DebtorKind, InvoiceStatus
from dunning_tui.domain.models import InvoiceView, PaymentView
from dunning_tui.domain.money import CENT
from dunning_tui.domain.rates import AppliedRate, RateLike, RateTable, half_year_label

DAYS_IN_YEAR = Decimal(365)
ZERO = Decimal("0.00")
ONE_DAY = timedelta(days=1)

CONSUMER_NOTE = (
    "The debtor is a consumer: the B2B late-payment interest and the fixed indemnity do not apply "
    "(France: legal interest rate only after a formal notice; Belgium: capped fees after a free "
    "first reminder)."
)


@dataclass(frozen=True, slots=True)
class InterestPeriod:
    """Days ``start`` to ``end`` (both included) at one balance and one rate."""

    start: date
    end: date
    balance: Decimal
    rate_percent: Decimal
    rate_known: bool
    interest: Decimal
    """Exact, not rounded."""
    rate_missing: bool = False
    """Before the rate table's first row: no rate, no interest."""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True, slots=True)
class PenaltyLine:
    invoice_number: str
    currency: str
    due_date: date
    days_late: int
    balance: Decimal
    """What is still owed on the invoice at ``today``."""
    periods: tuple[InterestPeriod, ...]
    interest: Decimal
    indemnity: Decimal
    indemnity_currency: str
    notes: tuple[str, ...] = ()
    disputed: bool = False
    """Under dispute: shown "on hold", not claimed."""
    settled_on: date | None = None
    """The day the invoice was fully paid, late (``None`` while something is still owed)."""

    @property
    def paid_late(self) -> bool:
        return self.settled_on is not None

    @property
    def total(self) -> Decimal:
        return self.interest + self.indemnity

    @property
    def rates(self) -> tuple[Decimal, ...]:
        """The distinct rates used, in date order."""
        seen: list[Decimal] = []
        for p in self.periods:
            if not p.rate_missing and p.rate_percent not in seen:
                seen.append(p.rate_percent)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class PenaltyTotal:
    currency: str
    interest: Decimal
    indemnity: Decimal

    @property
    def total(self) -> Decimal:
        return self.interest + self.indemnity


@dataclass(frozen=True, slots=True)
class RateGap:
    """A half-year whose rate is not in the table; ``used`` is the rate applied instead."""

    jurisdiction: str
    half_year: str
    used: AppliedRate

    def describe(self) -> str:
        return self.used.describe()


@dataclass(frozen=True, slots=True)
class PenaltyReport:
    jurisdiction: str
    today: date
    consumer: bool
    lines: tuple[PenaltyLine, ...]
    totals: tuple[PenaltyTotal, ...]
    rate_gaps: tuple[RateGap, ...] = ()
    notes: tuple[str, ...] = ()
    on_hold: tuple[PenaltyLine, ...] = ()
    """Disputed invoices: what they would bear, not claimed while the dispute lasts."""

    def total_in(self, currency: str) -> PenaltyTotal:
        for t in self.totals:
            if t.currency == currency:
                return t
        return PenaltyTotal(currency, ZERO, ZERO)

    @property
    def paid_late(self) -> tuple[PenaltyLine, ...]:
        """Claimed lines of invoices already paid, late: their interest and indemnity stay owed."""
        return tuple(line for line in self.lines if line.paid_late)

    @property
    def on_hold_totals(self) -> tuple[PenaltyTotal, ...]:
        return _totals(self.on_hold)

    @property
    def interest(self) -> Decimal:
        """Interest over all lines (meaningful when they share one currency, the usual case)."""
        return sum((line.interest for line in self.lines), ZERO)

    @property
    def indemnity(self) -> Decimal:
        return sum((line.indemnity for line in self.lines), ZERO)


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _balance_periods(
    start_balance: Decimal,
    payments: list[PaymentView],
    first_day: date,
    last_day: date,
) -> list[tuple[date, date, Decimal]]:
    """Split ``first_day..last_day`` at each payment: (from, to, balance) with balance > 0."""
    out: list[tuple[date, date, Decimal]] = []
    balance = start_balance
    cursor = first_day
    for pay in payments:  # sorted, all dated on or after first_day
        if balance <= 0 or cursor > last_day:
            break
        if pay.paid_on > last_day:
            break
        # The payment's own day still bears interest on the old balance.
        if pay.paid_on >= cursor:
            out.append((cursor, pay.paid_on, balance))
            cursor = pay.paid_on + ONE_DAY
        balance -= pay.amount
    if balance > 0 and cursor <= last_day:
        out.append((cursor, last_day, balance))
    return out


def _split_by_rate(
    table: RateTable,
    jurisdiction: str,
    span: tuple[date, date, Decimal],
    gaps: list[AppliedRate],
    fixed: AppliedRate | None,
) -> list[InterestPeriod]:
    """``span`` cut where the rate changes; ``fixed`` is the one rate of a debt whose law fixes it."""
    start, end, balance = span
    changes = [] if fixed else table.change_days(jurisdiction, start, end)
    bounds = [start, *changes, end + ONE_DAY]
    periods: list[InterestPeriod] = []
    for a, b_next in pairwise(bounds):
        b = b_next - ONE_DAY
        rate = fixed or table.rate_on(jurisdiction, a)
        if not rate.known and rate not in gaps:
            gaps.append(rate)
        days = (b - a).days + 1
        interest = balance * rate.rate_percent * days / (100 * DAYS_IN_YEAR)
        prev = periods[-1] if periods else None
        if (
            prev
            and prev.rate_percent == rate.rate_percent
            and prev.rate_known == rate.known
            and prev.rate_missing == rate.missing
        ):
            merged_days = days + prev.days
            periods[-1] = InterestPeriod(
                prev.start,
                b,
                balance,
                rate.rate_percent,
                rate.known,
                balance * rate.rate_percent * merged_days / (100 * DAYS_IN_YEAR),
                rate.missing,
            )
        else:
            periods.append(
                InterestPeriod(a, b, balance, rate.rate_percent, rate.known, interest, rate.missing)
            )
    return periods


def _invoice_line(
    invoice: InvoiceView,
    payments: list[PaymentView],
    *,
    consumer: bool,
    jurisdiction: str,
    table: RateTable,
    today: date,
    claim_interest: bool = True,
    claim_indemnity: bool = True,
) -> tuple[PenaltyLine | None, list[AppliedRate]]:
    notes: list[str] = []
    mine = [p for p in payments if p.invoice_number == invoice.number]
    recorded = sum((p.amount for p in mine), ZERO)
    pays = sorted((p for p in mine if p.paid_on <= today), key=lambda p: (p.paid_on, p.id))
    unmatched = min(invoice.paid, invoice.total) - recorded
    if unmatched > 0:
        # Paid amount without dated payments: counted as paid on time, so nothing is overclaimed.
        notes.append(
            f"{unmatched} paid without a dated payment; counted as paid by the due date (no interest)."
        )
    on_time = sum((p.amount for p in pays if p.paid_on <= invoice.due_date), ZERO)
    late_pays = [p for p in pays if p.paid_on > invoice.due_date]
    start_balance = invoice.total - on_time - max(unmatched, ZERO)
    if start_balance <= 0 or today <= invoice.due_date:
        return None, []

    balance_now = start_balance - sum((p.amount for p in late_pays), ZERO)
    settled_on: date | None = None
    running = start_balance
    for p in late_pays:
        running -= p.amount
        if running <= 0:
            settled_on = p.paid_on
            break
    end = settled_on or today
    days_late = (end - invoice.due_date).days

    disputed = invoice.status == InvoiceStatus.DISPUTED
    if disputed:
        notes.append("The invoice is disputed: on hold, not claimed while the dispute lasts.")
    if consumer:
        return (
            PenaltyLine(
                invoice.number,
                invoice.currency,
                invoice.due_date,
                days_late,
                max(balance_now, ZERO),
                (),
                ZERO,
                ZERO,
                invoice.currency,
                (*notes, CONSUMER_NOTE),
                disputed,
                settled_on,
            ),
            [],
        )

    periods: list[InterestPeriod] = []
    gaps: list[AppliedRate] = []
    first_day = invoice.due_date + ONE_DAY
    fixed = table.rate_on(jurisdiction, first_day) if table.fixed_for_life(jurisdiction) else None
    for span in _balance_periods(start_balance, late_pays, first_day, end):
        periods.extend(_split_by_rate(table, jurisdiction, span, gaps, fixed))
    interest = _cents(sum((p.interest for p in periods), ZERO)) if claim_interest else ZERO
    band = table.indemnity(jurisdiction, invoice.total)
    indemnity = _cents(band.amount) if band and claim_indemnity else ZERO
    indemnity_currency = band.currency if band else invoice.currency
    if band and band.currency != invoice.currency:
        notes.append(
            f"The fixed indemnity is set in {band.currency} but the invoice is in {invoice.currency}."
        )
    line = PenaltyLine(
        invoice.number,
        invoice.currency,
        invoice.due_date,
        days_late,
        max(balance_now, ZERO),
        tuple(periods),
        interest,
        indemnity,
        indemnity_currency,
        tuple(notes),
        disputed,
        settled_on,
    )
    return line, gaps if claim_interest else []


def _totals(lines: Iterable[PenaltyLine]) -> tuple[PenaltyTotal, ...]:
    totals: dict[str, PenaltyTotal] = {}
    for line in lines:
        t = totals.get(line.currency, PenaltyTotal(line.currency, ZERO, ZERO))
        totals[line.currency] = PenaltyTotal(t.currency, t.interest + line.interest, t.indemnity)
        t = totals.get(line.indemnity_currency, PenaltyTotal(line.indemnity_currency, ZERO, ZERO))
        totals[line.indemnity_currency] = PenaltyTotal(t.currency, t.interest, t.indemnity + line.indemnity)
    return tuple(totals.values())


def _parts(
    invoice: InvoiceView, payments: list[PaymentView], claim_indemnity: bool
) -> list[tuple[InvoiceView, list[PaymentView], bool]]:
    """(invoice, its payments, claim its indemnity) for each part computed apart: the invoice whole,
    or, disputed in part, its undisputed part (claimed, with the payments) and its disputed part
    (on hold: what it would bear, from the due date, without a second indemnity)."""
    held = invoice.on_hold
    if invoice.status is not InvoiceStatus.DISPUTED or held <= 0 or held >= invoice.balance:
        return [(invoice, payments, claim_indemnity)]
    undisputed = replace(invoice, total=invoice.total - held, status=InvoiceStatus.OPEN, disputed_amount=None)
    disputed = replace(invoice, total=held, paid=ZERO)
    return [(undisputed, payments, claim_indemnity), (disputed, [], False)]


NOT_CLAIMED_INTEREST = "Late-payment interest is not claimed ([consequences] late_interest = false)."
NOT_CLAIMED_INDEMNITY = (
    "The fixed recovery indemnity is not claimed ([consequences] recovery_indemnity = false)."
)


def compute_penalties(
    invoices: Iterable[InvoiceView],
    payments: Iterable[PaymentView],
    *,
    debtor_kind: DebtorKind,
    jurisdiction: str,
    today: date,
    extra_rates: Iterable[RateLike] = (),
    claim_interest: bool = True,
    claim_indemnity: bool = True,
) -> PenaltyReport:
    """Interest and indemnity owed on each late invoice at ``today``: the one computation behind the
    debtor's file, ``dunning penalties``, the call's ``{penalties}`` and the letters.

    ``invoices`` are all the debtor's invoices (cancelled and written-off ones are skipped; invoices
    paid late are included, since the interest of the late days and the indemnity stay owed;
    disputed ones go to :attr:`PenaltyReport.on_hold`); ``payments`` are all the debtor's payments
    (matched to invoices by number). ``extra_rates`` are ``Settings.rates``; ``claim_interest`` and
    ``claim_indemnity`` are the settings' ``[consequences]`` switches.
    """
    table = RateTable.with_extras(extra_rates)
    consumer = debtor_kind == DebtorKind.CONSUMER
    pays = list(payments)
    lines: list[PenaltyLine] = []
    on_hold: list[PenaltyLine] = []
    gaps: dict[str, RateGap] = {}
    for invoice in sorted(invoices, key=lambda i: (i.due_date, i.number)):
        if invoice.status in (InvoiceStatus.CANCELLED, InvoiceStatus.WRITTEN_OFF):
            continue
        for part, part_pays, indemnity in _parts(invoice, pays, claim_indemnity):
            line, used = _invoice_line(
                part,
                part_pays,
                consumer=consumer,
                jurisdiction=jurisdiction,
                table=table,
                today=today,
                claim_interest=claim_interest,
                claim_indemnity=indemnity,
            )
            if line is None:
                continue
            (on_hold if line.disputed else lines).append(line)
            for rate in used:
                key = "missing" if rate.missing else rate.half_year
                gaps.setdefault(key, RateGap(jurisdiction, half_year_label(rate.day), rate))

    notes = [CONSUMER_NOTE] if consumer else []
    if not consumer and (lines or on_hold):
        if not claim_interest:
            notes.append(NOT_CLAIMED_INTEREST)
        if not claim_indemnity:
            notes.append(NOT_CLAIMED_INDEMNITY)
    notes.extend(g.describe() for g in gaps.values())
    return PenaltyReport(
        jurisdiction=jurisdiction,
        today=today,
        consumer=consumer,
        lines=tuple(lines),
        totals=_totals(lines),
        rate_gaps=tuple(gaps.values()),
        notes=tuple(notes),
        on_hold=tuple(on_hold),
    )
