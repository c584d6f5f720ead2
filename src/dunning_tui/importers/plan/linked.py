"""Planning the records that hang off debtors and invoices: contacts, payments, reminders, documents."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dunning_tui.domain.money import from_cents
from dunning_tui.importers.csv.rows import DocumentRow, PaymentRow, ReminderRow
from dunning_tui.importers.plan.records import CONTACT_FIELDS, Pool, Record
from dunning_tui.importers.source import ParsedRow, Source
from dunning_tui.words import coded

if TYPE_CHECKING:
    from dunning_tui.importers.plan.planner import Planner, Sourced


def plan_contacts(p: Planner) -> None:
    pool = Pool(p.ex.contacts, lambda c: (c["name"],))
    for key, merged in p.contacts.items():
        given = {"name": "", **merged.given(), "is_primary": True}
        owner = p.debtor_id(key)
        stored = p.ex.contacts.get(owner, []) if owner is not None else []
        same = [c for c in stored if c["name"] == given["name"]]
        match = next((c for c in same if c["is_primary"]), same[0] if same else None)
        if match is not None and owner is not None:
            pool.take_record(owner, (match["name"],), match)
        upsert_contact(p, key, match, given)
        for other in stored:
            if other is not match and other["is_primary"]:
                p.plan.contact_updates.append({"id": other["id"], "is_primary": False})
    for table, prow in p.rows.contacts:
        row = prow.row
        debtor = p.resolve_debtor(table, prow, [])
        if debtor is None:
            continue
        given = {"name": row.name, **{c: getattr(row, c) for c in CONTACT_FIELDS if prow.given(c)}}
        upsert_contact(p, debtor, pool.take(p.debtor_id(debtor), (row.name,)), given)
    updates: dict[int, Record] = {}
    for update in p.plan.contact_updates:
        updates.setdefault(update["id"], {}).update(update)
    p.plan.contact_updates = list(updates.values())
    unchanged = len(p.matched_contacts - set(updates))
    p.plan.count("contacts", p.plan.contact_inserts, p.plan.contact_updates, unchanged)


def upsert_contact(p: Planner, key: str, match: Record | None, given: Record) -> None:
    if match is None:
        record = {"debtor_key": key, "name": "", "is_primary": False, **dict.fromkeys(CONTACT_FIELDS, "")}
        p.plan.contact_inserts.append({**record, **given})
        return
    p.matched_contacts.add(match["id"])
    changes = {c: v for c, v in given.items() if match[c] != v}
    if changes:
        p.plan.contact_updates.append({"id": match["id"], **changes})


def plan_payments(p: Planner) -> dict[str, tuple[int, Source | None, ParsedRow[PaymentRow] | None]]:
    """Plan payments; return each touched invoice's paid total and its last new payment row."""
    paid: dict[str, tuple[int, Source | None, ParsedRow[PaymentRow] | None]] = {}
    pool = Pool(p.ex.payments, lambda r: (r["paid_on"], r["amount_cents"], r["reference"]))
    unchanged = 0
    for table, prow in p.rows.payments:
        row = prow.row
        number = row.invoice_number
        if number in p.failed_numbers and number not in p.invoices:
            continue
        if number not in p.invoices and number not in p.ex.invoices:
            reason = "no such invoice (not in the files nor in the database)"
            p.errors.append(table.bad(prow, "invoice_number", reason))
            continue
        assert row.paid_on is not None and row.amount is not None
        stored_invoice = p.ex.invoices.get(number)
        invoice_id = None if stored_invoice is None else int(stored_invoice["id"])
        if number not in paid:
            paid[number] = (p.stored_paid(number), None, None)
        p.plan.touched_invoices.add(number)
        match = pool.take(invoice_id, (row.paid_on, row.amount, row.reference))
        if match is None:
            p.plan.payment_inserts.append(
                {
                    "invoice_number": number,
                    "paid_on": row.paid_on,
                    "amount_cents": row.amount,
                    "method": row.method,
                    "reference": row.reference,
                }
            )
            paid[number] = (paid[number][0] + row.amount, table, prow)
        elif prow.given("method") and match["method"] != row.method:
            p.plan.payment_updates.append({"id": match["id"], "method": row.method})
        else:
            unchanged += 1
    p.plan.count("payments", p.plan.payment_inserts, p.plan.payment_updates, unchanged)
    return paid


def check_overpayments(
    p: Planner, paid: dict[str, tuple[int, Source | None, ParsedRow[PaymentRow] | None]]
) -> None:
    for number in p.plan.touched_invoices:
        amount, table, prow = paid.get(number, (p.stored_paid(number), None, None))
        total = p.total(number)
        if total is None or amount <= total:
            continue
        if table is not None and prow is not None:
            reason = coded(
                "would bring the payments of invoice {number} to {amount}, more than its total {total}",
                number=number,
                amount=from_cents(amount),
                total=from_cents(total),
            )
            p.errors.append(table.bad(prow, "amount", reason))
        else:
            item = p.invoices[number]
            reason = coded(
                "is less than the {amount} already paid on this invoice", amount=from_cents(amount)
            )
            p.errors.append(item.source.bad(item.prow, "total", reason))


def plan_linked(p: Planner, rows: Sequence[Sourced[ReminderRow]] | Sequence[Sourced[DocumentRow]]) -> None:
    reminders = rows is p.rows.reminders
    inserts = p.plan.event_inserts if reminders else p.plan.document_inserts
    updates = p.plan.event_updates if reminders else p.plan.document_updates
    key_fields = ("occurred_at", "channel", "summary") if reminders else ("kind", "reference")
    other_fields = ("by_whom",) if reminders else ("doc_date", "signed_by", "path")
    pool = Pool(p.ex.events if reminders else p.ex.documents, lambda r: tuple(r[f] for f in key_fields))
    unchanged = 0
    for table, prow in rows:
        row = prow.row
        numbers = p.numbers(table, prow, row.invoices)
        key = None if numbers is None else p.resolve_debtor(table, prow, numbers)
        if numbers is None or key is None:
            continue
        natural = tuple(getattr(row, f) for f in key_fields)
        given: Record = {f: getattr(row, f) for f in other_fields if prow.given(f)}
        if prow.given("invoices"):
            given["numbers"] = set(numbers)
        match = pool.take(p.debtor_id(key), natural)
        if match is None:
            defaults: Record = {"numbers": set(), **dict.fromkeys(other_fields, ""), "doc_date": None}
            if reminders:
                del defaults["doc_date"]
            inserts.append(
                {"debtor_key": key, **dict(zip(key_fields, natural, strict=True)), **defaults, **given}
            )
            continue
        changes = {f: v for f, v in given.items() if match[f] != v}
        if changes:
            updates.append({"id": match["id"], **changes})
        else:
            unchanged += 1
    p.plan.count("reminders" if reminders else "documents", inserts, updates, unchanged)
