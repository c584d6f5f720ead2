"""Figures the report reads, kept by database triggers as the data is written.

A year of calls on a 100,000-invoice book meant reading every payment, paid invoice and script
step several times per report. These are kept instead, by triggers (migration 0012) that fire
whatever program writes — a payment, an outcome, an import, the follow-up, a deleted debtor:

* ``invoices.settled_on``: the day the invoice's payments, in date order, reached its total (none
  while it is not fully paid); the payer figures count paid invoices and days late from it;
* ``payments.last_call_at``: the start of the debtor's last call with an outcome on or before the
  payment's day (UTC, as stored); "collected within 14 days of a call" reads it;
* ``calls.promise_count``, ``promise_resolved``, ``promise_kept``, ``promise_last``: the call's
  promises (every status), those kept, partly kept or broken, those kept, and the last promised day;
* ``call_step_days``: per UTC day of the calls, script, node, next node and :func:`state_sql`, how
  many calls with an outcome went through that step;
* ``invoice_days``, ``paid_months``, ``received_days``: sums of open and disputed invoices per
  currency, issue and due date, of their payments per month, and of every payment per day, for
  where the money stands (:class:`Sums`).

Each figure has one definition, the SQL below: the triggers, the upgrade's backfill and the test
that compares what is kept with a computation from scratch all use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dunning_tui.domain.enums import OPEN_STATUSES, PromiseStatus
from dunning_tui.domain.report import PROMISE_OUTCOMES, RESOLVED


def _quoted(values: Iterable[str]) -> str:
    return ", ".join(f"'{v}'" for v in sorted(values))


def date_of(column: str, dialect: str) -> str:
    """The (UTC) day of a stored timestamp."""
    return f"date({column})" if dialect == "sqlite" else f"CAST({column} AS DATE)"


def day_after(column: str, dialect: str) -> str:
    """The day after a date column."""
    return f"date({column}, '+1 day')" if dialect == "sqlite" else f"({column} + 1)"


SETTLED_ON_SQL = """CASE WHEN invoices.total_cents > 0 AND invoices.paid_cents >= invoices.total_cents THEN (
  SELECT min(p.paid_on) FROM payments p WHERE p.invoice_id = invoices.id AND (
    SELECT sum(q.amount_cents) FROM payments q WHERE q.invoice_id = p.invoice_id
      AND (q.paid_on < p.paid_on OR (q.paid_on = p.paid_on AND q.id <= p.id))
  ) >= invoices.total_cents
) END"""
"""An invoice's settlement day (the row is ``invoices``): the day of the payment, in date then
entry order, that brought the running sum to the total; none while ``paid_cents`` (the sum of the
payments) is below the total. No payment is below zero, so the sum never goes back down."""


def last_call_sql(dialect: str) -> str:
    """The start of the debtor's last call with an outcome on or before a payment's day (the row is
    ``payments``)."""
    return (
        "(SELECT max(c.started_at) FROM calls c WHERE c.debtor_id = "
        "(SELECT i.debtor_id FROM invoices i WHERE i.id = payments.invoice_id) "
        f"AND c.outcome IS NOT NULL AND c.started_at < {day_after('payments.paid_on', dialect)})"
    )


_RESOLVED = _quoted(s.value for s in RESOLVED)
PROMISE_COLUMNS = ("promise_count", "promise_resolved", "promise_kept", "promise_last")
PROMISES_SQL = (
    "SELECT count(*), "
    f"coalesce(sum(CASE WHEN pr.status IN ({_RESOLVED}) THEN 1 ELSE 0 END), 0), "
    f"coalesce(sum(CASE WHEN pr.status = '{PromiseStatus.KEPT.value}' THEN 1 ELSE 0 END), 0), "
    "max(pr.promised_date) FROM promises pr WHERE pr.call_id = calls.id"
)
"""A call's promises (the row is ``calls``): in :data:`PROMISE_COLUMNS`' order."""

_PROMISED = _quoted(o.value for o in PROMISE_OUTCOMES)


def state_sql(row: str) -> str:
    """How a call's promises stand (``row`` is a calls row): 0 no promise or plan obtained, 1 some
    promises not yet kept, partly kept or broken, 2 all of them so but not all kept, 3 all kept."""
    return (
        f"CASE WHEN {row}.outcome IN ({_PROMISED}) AND {row}.promise_count > 0 THEN "
        f"CASE WHEN {row}.promise_kept = {row}.promise_count THEN 3 "
        f"WHEN {row}.promise_resolved = {row}.promise_count THEN 2 ELSE 1 END ELSE 0 END"
    )


STATE_SQL = state_sql("c")
PROMISED, RESOLVED_ALL, KEPT_ALL = 1, 2, 3


def step_days_sql(dialect: str) -> str:
    """``call_step_days`` from scratch: (day, script_name, node, next_node, state, calls)."""
    return (
        f"SELECT {date_of('c.started_at', dialect)}, c.script_name, s.node, s.next_node, {STATE_SQL}, "
        "count(*) FROM call_steps s JOIN calls c ON c.id = s.call_id WHERE c.outcome IS NOT NULL "
        f"GROUP BY {date_of('c.started_at', dialect)}, c.script_name, s.node, s.next_node, {STATE_SQL}"
    )


# -- the statements that keep them (the triggers of migration 0012, and its backfill) ------------


def settle_invoices(where: str) -> str:
    return f"UPDATE invoices SET settled_on = {SETTLED_ON_SQL} WHERE {where}"


def link_payments(where: str, dialect: str) -> str:
    return f"UPDATE payments SET last_call_at = {last_call_sql(dialect)} WHERE {where}"


def link_payments_of_call(row: str, dialect: str) -> str:
    """The payments whose last call ``row`` (a calls row with an outcome) may be: the debtor's
    payments on or after the call's day."""
    return link_payments(
        f"{row}.outcome IS NOT NULL AND paid_on >= {date_of(f'{row}.started_at', dialect)} AND invoice_id IN "
        f"(SELECT id FROM invoices WHERE debtor_id = {row}.debtor_id)",
        dialect,
    )


def count_promises(where: str) -> str:
    return f"UPDATE calls SET ({', '.join(PROMISE_COLUMNS)}) = ({PROMISES_SQL}) WHERE {where}"


_STEP_KEY = "day, script_name, node, next_node, state"


def add_steps(select: str) -> str:
    """Count once more the steps ``select`` gives as (day, script_name, node, next_node, state)."""
    return (
        f"INSERT INTO call_step_days ({_STEP_KEY}, calls) SELECT {_STEP_KEY}, 1 FROM ({select}) k "
        f"WHERE true ON CONFLICT ({_STEP_KEY}) DO UPDATE SET calls = call_step_days.calls + 1;"
    )


def remove_steps(key: str) -> str:
    """Count once less the steps whose (day, script_name, node, next_node, state) is in ``key`` (a
    subquery), and forget the steps no call goes through any more."""
    return (
        f"UPDATE call_step_days SET calls = calls - 1 WHERE ({_STEP_KEY}) IN ({key}); "
        f"DELETE FROM call_step_days WHERE calls <= 0 AND ({_STEP_KEY}) IN ({key});"
    )


def steps_of_call(row: str, dialect: str) -> str:
    """The steps of the call ``row`` (a calls row), as keys; none without an outcome."""
    return (
        f"SELECT {date_of(f'{row}.started_at', dialect)} AS day, {row}.script_name AS script_name, "
        f"s.node AS node, s.next_node AS next_node, {state_sql(row)} AS state "
        f"FROM call_steps s WHERE s.call_id = {row}.id AND {row}.outcome IS NOT NULL"
    )


def step_of_row(row: str, dialect: str) -> str:
    """The key of the call step ``row`` (a call_steps row); none when its call has no outcome."""
    return (
        f"SELECT {date_of('c.started_at', dialect)} AS day, c.script_name AS script_name, "
        f"{row}.node AS node, {row}.next_node AS next_node, {STATE_SQL} AS state "
        f"FROM calls c WHERE c.id = {row}.call_id AND c.outcome IS NOT NULL"
    )


# -- where the money stands: invoices and payments per day ----------------------------------------

_OPEN = _quoted(s.value for s in OPEN_STATUSES)


def month_of(column: str, dialect: str) -> str:
    """The first day of a date column's month."""
    if dialect == "sqlite":
        return f"date({column}, 'start of month')"
    return f"CAST(date_trunc('month', {column}) AS DATE)"


@dataclass(frozen=True, slots=True)
class Sums:
    """A table of sums per key, kept by adding each source row's part when it is written and taking
    it off when it is changed or deleted."""

    table: str
    keys: tuple[str, ...]
    values: tuple[str, ...]

    def upsert(self, select: str) -> str:
        columns = ", ".join((*self.keys, *self.values))
        sums = ", ".join(f"{v} = {self.table}.{v} + excluded.{v}" for v in self.values)
        return (
            f"INSERT INTO {self.table} ({columns}) {select} "
            f"ON CONFLICT ({', '.join(self.keys)}) DO UPDATE SET {sums};"
        )


INVOICE_DAYS = Sums(
    "invoice_days", ("currency", "issue_date", "due_date"), ("invoiced_cents", "unpaid_cents")
)
"""Open and disputed invoices per currency, issue and due date: their totals, and what is left to pay."""
PAID_MONTHS = Sums("paid_months", ("currency", "issue_date", "due_date", "month"), ("paid_cents",))
"""The payments of open and disputed invoices per currency, issue and due date, and month paid."""
RECEIVED_DAYS = Sums("received_days", ("currency", "paid_on"), ("paid_cents",))
"""Every payment per currency and day."""


def _invoice_parts(i: str) -> tuple[list[str], list[str], str]:
    keys = [f"{i}.currency", f"{i}.issue_date", f"{i}.due_date"]
    values = [
        f"{i}.total_cents",
        f"CASE WHEN {i}.paid_cents < {i}.total_cents THEN {i}.total_cents - {i}.paid_cents ELSE 0 END",
    ]
    return keys, values, f"{i}.status IN ({_OPEN})"


def _payment_parts(sums: Sums, p: str, i: str, dialect: str) -> tuple[list[str], list[str], str]:
    """What a payment ``p`` of the invoice ``i`` adds to ``sums``, and when."""
    if sums is RECEIVED_DAYS:
        return [f"{i}.currency", f"{p}.paid_on"], [f"{p}.amount_cents"], "true"
    keys = [f"{i}.currency", f"{i}.issue_date", f"{i}.due_date", month_of(f"{p}.paid_on", dialect)]
    return keys, [f"{p}.amount_cents"], f"{i}.status IN ({_OPEN})"


PAYMENT_SUMS = (PAID_MONTHS, RECEIVED_DAYS)


def _grouped(parts: tuple[list[str], list[str], str], source: str, sign: str = "") -> str:
    keys, values, condition = parts
    sums = ", ".join(f"{sign}sum({v})" for v in values)
    return f"SELECT {', '.join(keys)}, {sums} {source} AND {condition} GROUP BY {', '.join(keys)}"


def invoice_days_sql() -> str:
    """``invoice_days`` from scratch."""
    return _grouped(_invoice_parts("i"), "FROM invoices i WHERE true")


def payment_sums_sql(sums: Sums, dialect: str, where: str = "true") -> str:
    """``paid_months`` or ``received_days`` from scratch (of the invoices ``where`` gives, named ``i``)."""
    return _grouped(
        _payment_parts(sums, "p", "i", dialect),
        f"FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE {where}",
    )


def fill(sums: Sums, select: str) -> str:
    return f"INSERT INTO {sums.table} ({', '.join((*sums.keys, *sums.values))}) {select}"


def count_invoice(row: str, sign: str) -> str:
    """Add (sign "") or take off (sign "-") an invoices row's part of ``invoice_days``."""
    keys, values, condition = _invoice_parts(row)
    parts = ", ".join((*keys, *(f"{sign}({v})" for v in values)))
    return INVOICE_DAYS.upsert(f"SELECT {parts} WHERE {condition}")


def count_payment(row: str, sign: str, dialect: str) -> str:
    """Add or take off a payments row's part of the payment sums (while its invoice exists)."""
    return " ".join(
        sums.upsert(
            _grouped(
                _payment_parts(sums, row, "i", dialect),
                f"FROM invoices i WHERE i.id = {row}.invoice_id",
                sign,
            )
        )
        for sums in PAYMENT_SUMS
    )


def count_payments_of(row: str, sign: str, dialect: str) -> str:
    """Add or take off the part of the payment sums of an invoices row's payments."""
    return " ".join(
        sums.upsert(
            _grouped(
                _payment_parts(sums, "p", row, dialect),
                f"FROM payments p WHERE p.invoice_id = {row}.id",
                sign,
            )
        )
        for sums in PAYMENT_SUMS
    )


def recount_payments_like(row: str, dialect: str) -> str:
    """The payment sums again from scratch where a deleted invoice counted (its payments go with it,
    before or after it, depending on the database): its currency, and issue and due dates."""
    group = f"currency = {row}.currency AND issue_date = {row}.issue_date AND due_date = {row}.due_date"
    same = f"i.currency = {row}.currency AND i.issue_date = {row}.issue_date AND i.due_date = {row}.due_date"
    currency = f"i.currency = {row}.currency"
    return (
        f"DELETE FROM paid_months WHERE {group}; "
        f"{fill(PAID_MONTHS, payment_sums_sql(PAID_MONTHS, dialect, same))}; "
        f"DELETE FROM received_days WHERE currency = {row}.currency; "
        f"{fill(RECEIVED_DAYS, payment_sums_sql(RECEIVED_DAYS, dialect, currency))};"
    )
