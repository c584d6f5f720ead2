"""Figures the report reads, kept by database triggers as the data is written.

A year of calls on a 100,000-invoice book meant reading every payment, paid invoice and script
step several times per report. Four things are kept instead, by triggers (migration 0012) that
fire whatever program writes — a payment, an outcome, an import, the follow-up, a deleted debtor:

* ``invoices.settled_on``: the day the invoice's payments, in date order, reached its total (none
  while it is not fully paid); the payer figures count paid invoices and days late from it;
* ``payments.last_call_at``: the start of the debtor's last call with an outcome on or before the
  payment's day (UTC, as stored); "collected within 14 days of a call" reads it;
* ``calls.promise_count``, ``promise_resolved``, ``promise_kept``, ``promise_last``: the call's
  promises (every status), those kept, partly kept or broken, those kept, and the last promised day;
* ``call_step_days``: per UTC day of the calls, script, node, next node and :data:`STATE_SQL`, how
  many calls with an outcome went through that step.

Each figure has one definition, the SQL below: the triggers, the upgrade's backfill and the test
that compares what is kept with a computation from scratch all use it.
"""

from __future__ import annotations

from collections.abc import Iterable

from dunning_tui.domain.enums import PromiseStatus
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
