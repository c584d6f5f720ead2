"""Months of call history for the demo: earlier invoices, paid late, chased along the real scripts.

Each earlier invoice of a debtor is called about one to three times. A call walks the default
script of the debtor's language from its opening, choosing answers as real conversations tend to go,
and ends where the script ends. What it leads to depends on the path: some replies work better than
others (a debtor who admits an oversight usually pays; "we'll do our best" seldom does), so the
report has something to teach. Promises are written with the status the follow-up engine would give
them (``domain/promises.py``), and the invoices are all paid before the debtor's current invoices
were issued: the history never changes today's queue.

Deterministic: a debtor's history depends only on the seed and the debtor's id. Ids are taken from
a range of their own so that the rest of the demo keeps its ids.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from dunning_tui.domain.enums import Outcome
from dunning_tui.domain.report import steps_of
from dunning_tui.words import coded

FIRST_ID = 50_000_000
"""History rows' ids start here, far above the demo's own."""
MONTHS = 8
GRACE_DAYS = 0
"""The default bank delay (settings.cadence.bank_delay_days): statuses are written for it."""

#: How often a conversation goes to each node (any node not named: 1).
TARGET_WEIGHT = {
    "invoice": 8,
    "voicemail": 2.5,
    "contact_away": 1.2,
    "wrong_person": 0.4,
    "promise": 4,
    "oversight": 2.5,
    "not_received": 1.2,
    "vague": 1.5,
    "cash_flow": 1.2,
    "objections": 1,
    "refusal": 0.3,
    "dispute": 0.4,
    "already_paid": 0.6,
    "close_promise": 6,
    "close_plan": 4,
    "close_callback": 1,
    "consequences": 0.8,
    "too_late": 0.7,
    "opening": 0.1,
}
#: How a node on the way changes the chance that the promise is kept.
NODE_EFFECT = {
    "oversight": 1.2,
    "missing_reference": 1.15,
    "not_received": 1.05,
    "consequences": 1.15,
    "approver_away": 0.9,
    "payment_terms": 0.85,
    "too_late": 0.9,
    "penalties": 0.8,
    "cash_flow": 0.8,
    "customer_not_paid": 0.7,
    "vague": 0.5,
    "refusal": 0.6,
}
PROFILE_KEEPS = {"reliable": 0.9, "forgetful": 0.75, "evasive": 0.45, "in_difficulty": 0.55, "": 0.7}


@dataclass
class Ids:
    """The next free id of each kind of history row."""

    invoice: int = FIRST_ID
    payment: int = FIRST_ID
    call: int = FIRST_ID
    event: int = FIRST_ID
    promise: int = FIRST_ID
    plan: int = FIRST_ID
    seen: dict[str, int] = field(default_factory=dict)

    def next(self, kind: str) -> int:
        value = int(getattr(self, kind)) + 1
        setattr(self, kind, value)
        return value


def _walk(script: Any, rng: random.Random) -> list[str]:
    """A path through ``script`` from its start to a node where a call may end."""
    path = [script.start]
    while len(path) < 12:
        node = script.nodes[path[-1]]
        if node.end and (not node.answers or rng.random() < 0.9):
            return path
        choices = [a.to for a in node.answers if a.to not in path] or [a.to for a in node.answers]
        if not choices:
            return path
        weights = [TARGET_WEIGHT.get(to, 1.0) for to in choices]
        path.append(rng.choices(choices, weights)[0])
    path.append("close_callback")
    return path


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(9, 16), rng.choice((0, 10, 20, 30, 40, 50))), tzinfo=UTC)


def _weekday(day: date) -> date:
    """``day``, or the Monday after it if it falls on a weekend."""
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


def add_history(
    rows: Any, debtor: dict[str, Any], seed: int, today: date, before: date, ids: Ids, most: int = 5
) -> None:
    """Append to ``rows`` (the demo's ``_Rows``) the call history of ``debtor``: up to ``most``
    earlier invoices, all settled by ``before`` (the first due date of the debtor's current ones)."""
    from dunning_tui.script.loader import default_script

    rng = random.Random(f"{seed}-history-{debtor['id']}")
    script = default_script(debtor["language"])
    currency = "GBP" if debtor["country"] == "GB" else "EUR"
    keeps = PROFILE_KEEPS.get(debtor["profile"], 0.7)
    first = today - timedelta(days=30 * MONTHS)
    last = before - timedelta(days=1)
    for _ in range(rng.randint(max(1, most - 3), most)):
        due = first + timedelta(days=rng.randint(0, max(1, (last - first).days - 90)))
        if due + timedelta(days=60) > last:
            continue
        _invoice_history(rows, debtor, currency, due, last, keeps, script, rng, ids)


def _invoice_history(
    rows: Any,
    debtor: dict[str, Any],
    currency: str,
    due: date,
    last: date,
    keeps: float,
    script: Any,
    rng: random.Random,
    ids: Ids,
) -> None:
    invoice_id = ids.next("invoice")
    total = rng.randint(8, 400) * 500
    payments: list[tuple[date, int]] = []
    day = _weekday(due + timedelta(days=rng.randint(5, 12)))
    owed = total
    for _attempt in range(3):
        if day >= last - timedelta(days=20) or owed <= 0:
            break
        path = _walk(script, rng)
        outcome = Outcome(script.nodes[path[-1]].outcome or "call_back")
        call_id = ids.next("call")
        started = _at(day, rng)
        rows.calls.append(
            {
                "id": call_id,
                "debtor_id": debtor["id"],
                "contact_id": debtor["id"],
                "started_at": started,
                "ended_at": started + timedelta(seconds=rng.randint(40, 90) * len(path)),
                "outcome": outcome.value,
                "notes": "",
                "script_name": script.name,
                "script_path": json.dumps([[node, 20.0 * n] for n, node in enumerate(path)]),
                "latest_date": day + timedelta(days=10),
                "plan_ok": True,
                "max_instalments": 3,
                "summary": "",
            }
        )
        rows.steps += [{"call_id": call_id, "node": n, "next_node": x} for n, x in sorted(steps_of(path))]
        event_id = ids.next("event")
        rows.events.append(
            {
                "id": event_id,
                "debtor_id": debtor["id"],
                "occurred_at": started,
                "channel": "call",
                "by_whom": "",
                "summary": coded("event.call", kind=coded(f"outcome.{outcome.value}")),
            }
        )
        rows.event_invoices.append({"event_id": event_id, "invoice_id": invoice_id})
        chance = keeps
        for node in path:
            chance *= NODE_EFFECT.get(node, 1.0)
        if outcome in (Outcome.PROMISE, Outcome.PAYMENT_PLAN):
            parts = 1 if outcome is Outcome.PROMISE else rng.randint(2, 3)
            plan_id = ids.next("plan") if parts > 1 else None
            if plan_id is not None:
                rows.plans.append(
                    {"id": plan_id, "debtor_id": debtor["id"], "call_id": call_id, "created_at": started}
                )
            for k in range(parts):
                amount = owed // (parts - k)
                promised = min(day + timedelta(days=rng.randint(5, 12) + 14 * k), last - timedelta(days=3))
                kept = rng.random() < min(chance, 0.97)
                paid_on = promised - timedelta(days=rng.randint(0, 3)) if kept else None
                status = "kept" if kept else "broken"
                if not kept and rng.random() < 0.3:  # part of it came in time
                    partial = amount // 2
                    payments.append((max(day, promised - timedelta(days=1)), partial))
                    owed -= partial
                    status = "partly_kept"
                if paid_on is not None:
                    payments.append((max(day, paid_on), amount))
                    owed -= amount
                promise_id = ids.next("promise")
                rows.promises.append(
                    {
                        "id": promise_id,
                        "debtor_id": debtor["id"],
                        "call_id": call_id,
                        "plan_id": plan_id,
                        "promised_date": promised,
                        "amount_cents": amount,
                        "currency": currency,
                        "method": "transfer",
                        "status": status,
                        "created_at": started + timedelta(minutes=5),
                    }
                )
                rows.promise_invoices.append({"promise_id": promise_id, "invoice_id": invoice_id})
            if owed <= 0:
                break
            day = _weekday(max(promised, day) + timedelta(days=GRACE_DAYS + rng.randint(2, 6)))
        elif outcome is Outcome.ALREADY_PAID:
            payments.append((day - timedelta(days=rng.randint(1, 4)), owed))
            owed = 0
        else:
            day = _weekday(day + timedelta(days=rng.randint(5, 9)))
    if owed > 0:  # paid in the end, after a letter, before the current invoices
        final = min(day + timedelta(days=rng.randint(3, 20)), last)
        payments.append((final, owed))
    rows.invoices.append(
        {
            "id": invoice_id,
            "debtor_id": debtor["id"],
            "number": f"H{due.year}-{invoice_id - FIRST_ID:06d}",
            "issue_date": due - timedelta(days=30),
            "due_date": due,
            "currency": currency,
            "total_cents": total,
            "paid_cents": total,
            "po_reference": "",
            "pdf_path": "",
            "status": "open",
            "dispute_reason": "",
            "client_remarks": "",
            "acknowledged": True,
        }
    )
    for paid_on, amount in payments:
        payment_id = ids.next("payment")
        rows.payments.append(
            {
                "id": payment_id,
                "invoice_id": invoice_id,
                "paid_on": paid_on,
                "amount_cents": amount,
                "method": "transfer",
                "reference": f"VIR-H{payment_id - FIRST_ID}",
                "recorded_at": datetime.combine(paid_on, time(8), tzinfo=UTC),
            }
        )
