"""The queue's summary table: one row per debtor in the queue, kept up to date on every write.

The queue needs, per debtor, the amount overdue, the oldest due date and the tier of the most
urgent due action. Aggregating every open invoice and due action for each look at the queue costs
tens of milliseconds at 100,000 invoices, so the result is stored in ``queue_rows`` for one day
(``app_state['queue_as_of']``) and read from an index in priority order; its totals per currency
and tier are kept in ``queue_totals`` by triggers on ``queue_rows``:

* database triggers (migration 0004) add a debtor to ``queue_dirty`` whenever one of its invoices
  or next actions changes, or its pause does, whatever program writes;
* before the queue is read, :func:`bring_up_to_date` recomputes the dirty debtors only; on a
  later day it first marks the debtors the calendar moved (an invoice fell due, an action came
  due, a pause ended: three reads of partial indexes by date). Only a table never filled, or a
  look at an earlier day, is rebuilt whole.

A "what if" on another day (``dunning queue --date``) brings the table to that day inside the
transaction the command then rolls back, so the stored day is untouched.

The statements are plain SQL run through a :data:`Run` (the store's session or connection), the
same text on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, time
from decimal import Decimal
from typing import Any

from dunning_tui.domain.enums import OPEN_STATUSES, ActionKind, InvoiceStatus, Stage
from dunning_tui.domain.priority import NOTHING_DUE, ORDER_SQL, QUEUE_ORDER, TIERS, score_of
from dunning_tui.domain.queue_entry import QueueEntry
from dunning_tui.domain.queue_entry import days_late as days_since
from dunning_tui.store.queue_types import QueueFilter, QueueSummary

#: Runs one statement with named parameters (``:today``, a :class:`date`) and returns its rows.
Run = Callable[[str, Mapping[str, Any]], Sequence[Sequence[Any]]]

AS_OF_KEY = "queue_as_of"


#: Open and unpaid, in SQL: the rule of :meth:`~dunning_tui.domain.models.InvoiceView.is_open`.
UNPAID_SQL = (
    f"status IN ({', '.join(repr(status.value) for status in OPEN_STATUSES)}) AND paid_cents < total_cents"
)

#: What of an open invoice is chased, in cents: the rule of
#: :attr:`~dunning_tui.domain.models.InvoiceView.chased` (a disputed invoice's disputed part, all of
#: it when no amount was given, waits; payments go to the undisputed part first).
CHASED_CENTS_SQL = (
    f"CASE WHEN status = '{InvoiceStatus.DISPUTED.value}' THEN "
    "CASE WHEN disputed_cents IS NULL OR disputed_cents >= total_cents - paid_cents THEN 0 "
    "WHEN disputed_cents < 0 THEN total_cents - paid_cents "
    "ELSE total_cents - paid_cents - disputed_cents END "
    "ELSE total_cents - paid_cents END"
)

#: Open, unpaid and not wholly on hold: :meth:`~dunning_tui.domain.models.InvoiceView.is_chased`.
CHASED_SQL = f"{UNPAID_SQL} AND {CHASED_CENTS_SQL} > 0"

_TIER = (
    "CASE kind "
    + " ".join(f"WHEN '{k.value}' THEN {tier}" for k, tier in TIERS.items())
    + f" ELSE {NOTHING_DUE} END"
)


def _aggregate(only_dirty: bool) -> str:
    """Per debtor: chased overdue cents, oldest due date and count of the chased invoices, currency,
    tier (paused excluded).

    The invoice filter repeats the WHERE of the partial covering index ``ix_invoices_open_queue``
    with literal statuses: SQLite uses a partial index only when the query states its condition.
    """
    only = " AND debtor_id IN (SELECT debtor_id FROM queue_dirty)" if only_dirty else ""
    return f"""
SELECT overdue.debtor_id, overdue.overdue_cents, overdue.oldest_due, overdue.n_invoices, overdue.currency,
       coalesce(due_actions.tier, {NOTHING_DUE})
FROM (SELECT debtor_id, sum({CHASED_CENTS_SQL}) AS overdue_cents, min(due_date) AS oldest_due,
             count(*) AS n_invoices, min(currency) AS currency
      FROM invoices
      WHERE {CHASED_SQL} AND due_date < :today{only}
      GROUP BY debtor_id) AS overdue
JOIN debtors ON overdue.debtor_id = debtors.id
LEFT OUTER JOIN (SELECT debtor_id, min({_TIER}) AS tier FROM next_actions
                 WHERE done_at IS NULL AND due_date <= :today{only} GROUP BY debtor_id) AS due_actions
  ON due_actions.debtor_id = debtors.id
WHERE debtors.pause_until IS NULL OR debtors.pause_until <= :today
"""


_COLUMNS = "(debtor_id, overdue_cents, oldest_due, n_invoices, currency, tier)"
FILL_ALL = f"INSERT INTO queue_rows {_COLUMNS}{_aggregate(only_dirty=False)}"
FILL_DIRTY = f"INSERT INTO queue_rows {_COLUMNS}{_aggregate(only_dirty=True)}"

#: Debtors whose row the calendar alone changes between the stored day (``:since``) and ``:today``:
#: an open invoice falls due, an action comes due, a pause ends. Each reads a partial index by date.
_MARK = "INSERT INTO queue_dirty (debtor_id) SELECT DISTINCT {id} FROM {table} WHERE {where} ON CONFLICT (debtor_id) DO NOTHING"
CALENDAR_MARKS = (
    _MARK.format(
        id="debtor_id",
        table="invoices",
        where=f"{UNPAID_SQL} AND due_date >= :since AND due_date < :today",
    ),
    _MARK.format(
        id="debtor_id",
        table="next_actions",
        where="done_at IS NULL AND due_date > :since AND due_date <= :today",
    ),
    _MARK.format(id="id", table="debtors", where="pause_until > :since AND pause_until <= :today"),
)


def derived_pragmas(sync: str, cache_kib: int) -> tuple[str, ...]:
    """SQLite settings for a transaction that writes derived rows only (see ``store.pragmas``)."""
    return (f"PRAGMA synchronous={sync}", "PRAGMA wal_autocheckpoint=0", f"PRAGMA cache_size=-{cache_kib}")


def state(run: Run) -> tuple[date | None, bool]:
    """(the day the table was filled for, if any; whether some debtors changed since)."""
    ((day, changed),) = run(
        f"SELECT (SELECT value FROM app_state WHERE key = '{AS_OF_KEY}'), EXISTS (SELECT 1 FROM queue_dirty)",
        {},
    )
    try:
        stored = date.fromisoformat(day) if day else None
    except (TypeError, ValueError):
        stored = None  # a damaged value: the table is rebuilt, as if never filled
    return stored, bool(changed)


def is_fresh(run: Run, today: date) -> bool:
    day, changed = state(run)
    return day == today and not changed


def bring_up_to_date(run: Run, today: date, *, postgresql: bool = False) -> bool:
    """Make ``queue_rows`` true for ``today``, inside the caller's transaction; True if it wrote.

    On SQLite the first write takes the database's single write lock, so nothing changes under
    the statements that follow. PostgreSQL lets writers run side by side: the lock on
    ``queue_dirty`` makes writers wait at their trigger until this transaction ends, so no change
    is marked and then lost, and two readers never rebuild at once.
    """
    day, changed = state(run)
    if day == today and not changed:
        return False
    if postgresql:
        run("LOCK TABLE queue_dirty IN SHARE ROW EXCLUSIVE MODE", {})
    if day is None or day > today:
        # Never filled, or asked about an earlier day: from scratch.
        run("DELETE FROM queue_rows", {})
        run("DELETE FROM queue_totals", {})  # zero already, unless damaged by hand: start clean
        run(FILL_ALL, {"today": today})
    else:
        if day < today:  # a later day: only the debtors the calendar moved
            for statement in CALENDAR_MARKS:
                run(statement, {"since": day, "today": today})
        run("DELETE FROM queue_rows WHERE debtor_id IN (SELECT debtor_id FROM queue_dirty)", {})
        run(FILL_DIRTY, {"today": today})
    if day != today:
        run(
            "INSERT INTO app_state (key, value) VALUES (:key, :day) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            {"key": AS_OF_KEY, "day": today.isoformat()},
        )
    run("DELETE FROM queue_dirty", {})
    return True


#: The debtors whose name or one of whose invoice numbers contains ``:needle`` (lower case, with
#: the LIKE wildcards around it).
MATCHING_SQL = (
    "SELECT id FROM debtors WHERE lower(name) LIKE :needle "
    "UNION SELECT debtor_id FROM invoices WHERE lower(number) LIKE :needle"
)


def matching_params(search: str) -> dict[str, str]:
    return {"needle": f"%{search.strip().lower()}%"}


def _tier_conditions(filt: QueueFilter) -> list[str]:
    conditions = []
    if filt.due_only or filt.broken_only:
        conditions.append(f"tier < {NOTHING_DUE}")
    if filt.broken_only:
        conditions.append(f"tier = {TIERS[ActionKind.BROKEN_PROMISE]}")
    return conditions


def _where(filt: QueueFilter) -> tuple[str, dict[str, Any]]:
    """The WHERE clause on ``queue_rows`` for a filter, and its parameters."""
    conditions = _tier_conditions(filt)
    params: dict[str, Any] = {}
    if filt.search.strip():
        conditions.append(f"debtor_id IN ({MATCHING_SQL})")
        params.update(matching_params(filt.search))
    if filt.owner is not None:
        conditions.append("debtor_id IN (SELECT id FROM debtors WHERE owner = :owner)")
        params["owner"] = filt.owner.strip()
    return (f" WHERE {' AND '.join(conditions)}" if conditions else ""), params


def page(
    run: Run, today: date, filt: QueueFilter, *, limit: int | None = None, offset: int = 0
) -> list[QueueEntry]:
    """The queue in priority order from the table (brought up to date by the caller); ``limit`` and
    ``offset`` give one page of it. The page is chosen from the order index alone, then joined to
    its debtors for their names, and to the stage the follow-up left them at."""
    where, params = _where(filt)
    window = ""
    if limit is not None:
        window = " LIMIT :limit OFFSET :offset"
        params.update(limit=limit, offset=offset)
    outer = ", ".join(
        f"p.{column} DESC" if descending else f"p.{column}" for column, descending in QUEUE_ORDER
    )
    rows = run(
        "SELECT p.debtor_id, p.overdue_cents, p.oldest_due, p.n_invoices, p.currency, d.name, d.language, "
        "p.tier, (SELECT stage FROM followup_plans WHERE followup_plans.debtor_id = p.debtor_id) "
        f"FROM (SELECT * FROM queue_rows{where} ORDER BY {ORDER_SQL}{window}) AS p "
        f"JOIN debtors AS d ON d.id = p.debtor_id ORDER BY {outer}",
        params,
    )
    return entries_for(run, rows, today)


def summary(run: Run, filt: QueueFilter) -> QueueSummary:
    """How many debtors the queue holds and the amount overdue per currency, without listing them."""
    if filt.search.strip() or filt.owner is not None:
        where, params = _where(filt)
        rows = run(
            f"SELECT currency, tier, count(*), sum(overdue_cents) FROM queue_rows{where} GROUP BY currency, tier",
            params,
        )
    else:
        # The running totals per tier (see migration 0005): a dozen rows, whatever the book's size.
        conditions = " AND ".join(["debtors > 0", *_tier_conditions(filt)])
        rows = run(
            "SELECT currency, tier, sum(debtors), sum(overdue_cents) FROM queue_totals "
            f"WHERE {conditions} GROUP BY currency, tier",
            {},
        )
    return QueueSummary.from_rows(rows)


def outside(run: Run, search: str, today: date, limit: int) -> list[QueueEntry]:
    """Debtors of the whole book that match ``search`` but are not in the queue (nothing overdue:
    paid, not yet due, paused...), by name; the table is brought up to date by the caller."""
    if not search.strip():
        return []
    rows = run(
        f"SELECT id, name, language FROM debtors WHERE id IN ({MATCHING_SQL}) "
        "AND id NOT IN (SELECT debtor_id FROM queue_rows) ORDER BY name, id LIMIT :limit",
        {**matching_params(search), "limit": limit},
    )
    return [
        QueueEntry(
            debtor_id=debtor_id,
            name=name,
            currency="",
            total_overdue=Decimal(0),
            days_late=0,
            oldest_due=today,
            open_invoices=0,
            priority=0.0,
            reason=None,
            language=language,
        )
        for debtor_id, name, language in rows
    ]


def any_claim(run: Run) -> bool:
    """Whether anyone holds (or held, and has not released) a claim: else there is nobody to show
    on a call, and the ORM need not be loaded to say so."""
    return bool(run("SELECT 1 FROM claims LIMIT 1", {}))


#: Beyond this many debtors, one pass over the due actions beats a long IN list.
_LONG_PAGE = 2000


def entries_for(run: Run, rows: Sequence[Sequence[Any]], today: date) -> list[QueueEntry]:
    """Queue entries from page rows (debtor id, overdue cents, oldest due date, open invoices,
    currency, name, language, tier, stage as the follow-up left it), with their due actions' words.

    A first call becomes a follow-up call for a debtor already called; the due action's own
    words and time come from the oldest due action of the deciding kind.
    """
    if not rows:
        return []
    ids = {row[0] for row in rows}
    # Integers read from the database, written into the statement: the same text runs on every
    # driver, and a long page is not limited by the number of bound parameters.
    where = (
        f" AND debtor_id IN ({','.join(str(int(i)) for i in sorted(ids))})" if len(ids) <= _LONG_PAGE else ""
    )
    called = {r[0] for r in run(f"SELECT DISTINCT debtor_id FROM calls WHERE 1 = 1{where}", {})}
    details: dict[tuple[int, str], tuple[str, time | None]] = {}
    for debtor_id, kind, reason, due_time in run(
        "SELECT debtor_id, kind, reason, due_time FROM next_actions "
        f"WHERE done_at IS NULL AND due_date <= :today{where} ORDER BY due_date DESC, id DESC",
        {"today": today},
    ):
        if debtor_id in ids:
            when = time.fromisoformat(due_time) if isinstance(due_time, str) else due_time
            details[(debtor_id, kind)] = (reason, when)  # written last = oldest due
    return _build_entries(rows, called, details, today)


def _build_entries(
    rows: Iterable[Sequence[Any]],
    called: set[int],
    details: Mapping[tuple[int, str], tuple[str, time | None]],
    today: date,
) -> list[QueueEntry]:
    kinds_by_tier: dict[int, ActionKind] = {
        tier: kind for kind, tier in TIERS.items() if kind is not ActionKind.CADENCE_CALL
    }
    entries = []
    for debtor_id, cents, oldest, n_invoices, currency, name, language, tier, stage in rows:
        reason = kinds_by_tier.get(tier)
        if reason is ActionKind.FIRST_CALL and debtor_id in called:
            reason = ActionKind.CADENCE_CALL
        oldest_due = date.fromisoformat(oldest) if isinstance(oldest, str) else oldest
        days_late = days_since(oldest_due, today)
        note, due_time = details.get((debtor_id, reason.value), ("", None)) if reason else ("", None)
        entries.append(
            QueueEntry(
                debtor_id=debtor_id,
                name=name,
                currency=currency,
                total_overdue=Decimal(cents).scaleb(-2),  # == from_cents(cents), exactly
                days_late=days_late,
                oldest_due=oldest_due,
                open_invoices=n_invoices,
                priority=score_of(tier, cents, days_late),
                reason=reason,
                stage=Stage(stage) if stage else Stage.CALLS,
                language=language,
                action_note=note,
                due_time=due_time,
            )
        )
    return entries
