"""Realistic demo data: French, Belgian and English-speaking clients with a believable history.

Deterministic: the same seed and the same ``today`` give the same rows. Rows are written with bulk
Core inserts so that ``--debtors 10000`` takes seconds, not minutes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from dunning_tui.clock import SYSTEM
from dunning_tui.errors import UserError
from dunning_tui.store import tables as t
from dunning_tui.words import coded

_FR_FIRST = [
    "Camille",
    "Julien",
    "Claire",
    "Nicolas",
    "Sophie",
    "Thomas",
    "Élodie",
    "Mathieu",
    "Inès",
    "Hugo",
]
_FR_LAST = ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Laurent", "Garnier", "Rousseau", "Faure"]
_FR_COMPANY = [
    "Atelier",
    "Studio",
    "Boulangerie",
    "Cabinet",
    "Agence",
    "Menuiserie",
    "Brasserie",
    "Librairie",
]
_FR_NAMES = [
    "du Parc",
    "Lumière",
    "des Quais",
    "Saint-Michel",
    "Bellevue",
    "du Marché",
    "Horizon",
    "Côté Jardin",
]
_FR_FORMS = ["SARL", "SAS", "EURL", "SA"]
_FR_CITIES = [
    ("75011", "Paris"),
    ("69002", "Lyon"),
    ("33000", "Bordeaux"),
    ("44000", "Nantes"),
    ("31000", "Toulouse"),
    ("13001", "Marseille"),
]
_BE_CITIES = [("1000", "Bruxelles"), ("4000", "Liège"), ("5000", "Namur"), ("1348", "Louvain-la-Neuve")]
_BE_FORMS = ["SRL", "SA", "SC"]
_EN_FIRST = ["Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Emily", "Noah", "Grace"]
_EN_LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Walker", "Hughes"]
_EN_COMPANY = ["Northwind", "Bluebell", "Harbour", "Oakridge", "Kestrel", "Thistle", "Greenway", "Redbrick"]
_EN_KIND = ["Design", "Builders", "Consulting", "Media", "Kitchens", "Logistics", "Studios", "Print"]
_EN_CITIES = [("EC1V 2NX", "London"), ("M1 1AE", "Manchester"), ("BS1 4DJ", "Bristol"), ("LS1 5AB", "Leeds")]
_STREETS_FR = ["rue de la République", "avenue Jean Jaurès", "boulevard Voltaire", "rue des Lilas"]
_STREETS_EN = ["High Street", "Station Road", "Church Lane", "Victoria Road"]
_ROLES_FR = ["Comptable", "Gérante", "Responsable achats", "Directeur administratif et financier"]
_ROLES_EN = ["Accounts payable", "Office manager", "Finance director", "Managing director"]
_PROFILES = ["reliable", "forgetful", "evasive", "in_difficulty", "", ""]
_PROFILE_NOTES = {
    "reliable": "Pays after a single reminder.",
    "forgetful": "Good faith, loses invoices: resend the PDF every time.",
    "evasive": "Always 'in a meeting'; ask for the mobile.",
    "in_difficulty": "Cash-flow trouble since the spring; open to a plan.",
    "": "",
}


@dataclass
class _Rows:
    """Every row to insert, by table, with explicit ids so that links need no round trip."""

    debtors: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    invoices: list[dict[str, Any]] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    document_invoices: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    event_invoices: list[dict[str, Any]] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)
    plans: list[dict[str, Any]] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)
    promises: list[dict[str, Any]] = field(default_factory=list)
    promise_invoices: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DemoReport:
    debtors: int
    invoices: int
    payments: int


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def _identity(rng: random.Random, index: int) -> dict[str, Any]:
    """A debtor's identity; about half French, a fifth Belgian, the rest English-speaking."""
    roll = rng.random()
    if roll < 0.5:
        country, language = "FR", "fr"
        name = f"{rng.choice(_FR_COMPANY)} {rng.choice(_FR_NAMES)} {rng.choice(_FR_FORMS)}"
        postcode, city = rng.choice(_FR_CITIES)
        street = f"{rng.randint(1, 120)} {rng.choice(_STREETS_FR)}"
        reg = f"{rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(10000, 99999)}"
        phone = (
            f"+33 1 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        )
    elif roll < 0.7:
        country, language = "BE", "fr"
        name = f"{rng.choice(_FR_COMPANY)} {rng.choice(_FR_NAMES)} {rng.choice(_BE_FORMS)}"
        postcode, city = rng.choice(_BE_CITIES)
        street = f"{rng.choice(_STREETS_FR)} {rng.randint(1, 120)}"
        reg = f"BE 0{rng.randint(100, 999)}.{rng.randint(100, 999)}.{rng.randint(100, 999)}"
        phone = f"+32 2 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    else:
        country, language = "GB", "en"
        name = f"{rng.choice(_EN_COMPANY)} {rng.choice(_EN_KIND)} Ltd"
        postcode, city = rng.choice(_EN_CITIES)
        street = f"{rng.randint(1, 120)} {rng.choice(_STREETS_EN)}"
        reg = f"{rng.randint(10000000, 99999999)}"
        phone = f"+44 20 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
    domain = "".join(ch for ch in name.lower().split()[0] if ch.isalpha()) + f"{index}.example"
    return {
        "name": name,
        "country": country,
        "language": language,
        "registration_number": reg,
        "address": f"{street}\n{postcode} {city}",
        "email": f"{'compta' if language == 'fr' else 'accounts'}@{domain}",
        "phone": phone,
        "domain": domain,
    }


def _person(rng: random.Random, language: str) -> tuple[str, str]:
    if language == "fr":
        return f"{rng.choice(_FR_FIRST)} {rng.choice(_FR_LAST)}", rng.choice(_ROLES_FR)
    return f"{rng.choice(_EN_FIRST)} {rng.choice(_EN_LAST)}", rng.choice(_ROLES_EN)


def build_demo_rows(
    debtors: int,
    seed: int,
    today: date,
    invoices_per_debtor: int | None = None,
    first_id: int = 1,
    history: bool = False,
) -> _Rows:
    """Generate the rows in memory (no database): the story of each debtor is chosen by its index."""
    whole = _Rows()
    for chunk in demo_chunks(
        debtors, seed, today, invoices_per_debtor, first_id, chunk=debtors, history=history
    ):
        for name in whole.__dataclass_fields__:
            getattr(whole, name).extend(getattr(chunk, name))
    return whole


def demo_chunks(
    debtors: int,
    seed: int,
    today: date,
    invoices_per_debtor: int | None = None,
    first_id: int = 1,
    chunk: int = 2000,
    history: bool = False,
) -> Iterator[_Rows]:
    """The same rows as :func:`build_demo_rows`, ``chunk`` debtors at a time (bounded memory).

    With ``history``, each debtor also has months of calls about earlier invoices (``demo_history``).
    """
    from dunning_tui.store.demo_history import Ids, add_history

    history_ids = Ids()
    rng = random.Random(seed)
    rows = _Rows()
    seen_names: set[str] = set()
    invoice_id = first_id * 100
    payment_id = document_id = event_id = call_id = promise_id = action_id = first_id * 100
    for n in range(debtors):
        debtor_id = first_id + n
        ident = _identity(rng, debtor_id)
        story = n % 10  # every tenth debtor of each kind of story, so small demos show them all
        is_consumer = story == 7
        profile = rng.choice(_PROFILES)
        currency = "GBP" if ident["country"] == "GB" else "EUR"
        name = ident["name"]
        if is_consumer:
            person, _ = _person(rng, ident["language"])
            name = person
        if name in seen_names:  # keep names unique so that `dunning show NAME` finds one debtor
            name = f"{name} {debtor_id}"
        seen_names.add(name)
        rows.debtors.append(
            {
                "id": debtor_id,
                "key": f"C{debtor_id:05d}",
                "name": name,
                "kind": "consumer" if is_consumer else "business",
                "country": ident["country"],
                "language": ident["language"],
                "registration_number": "" if is_consumer else ident["registration_number"],
                "vat_number": "",
                "address": ident["address"],
                "email": "" if is_consumer else ident["email"],
                "phone": ident["phone"],
                "payment_terms_days": rng.choice([30, 30, 30, 45, 60]),
                "profile": profile,
                "profile_notes": _PROFILE_NOTES[profile],
                "pause_until": today + timedelta(days=12) if story == 8 else None,
                "pause_reason": "Dirigeant hospitalisé, reprise prévue" if story == 8 else "",
                "owner": "",
            }
        )
        person, role = _person(rng, ident["language"])
        first = person.split()[0].lower().replace("é", "e").replace("è", "e").replace("ï", "i")
        rows.contacts.append(
            {
                "id": debtor_id,
                "debtor_id": debtor_id,
                "name": person,
                "role": "" if is_consumer else role,
                "direct_line": ident["phone"][:-2] + f"{rng.randint(10, 99)}",
                "mobile": "",
                "email": f"{first}@{ident['domain']}",
                "is_primary": True,
                "notes": "",
            }
        )
        # ``invoices_per_debtor`` counts the whole book: a few open invoices, the rest paid history,
        # as in a real ledger where most invoices were paid long ago.
        count = (
            rng.randint(1, 4) if not invoices_per_debtor else min(invoices_per_debtor - 1, rng.randint(1, 3))
        )
        count = max(count, 1)
        paid_history = 1 if not invoices_per_debtor else max(invoices_per_debtor - count, 0)
        first_invoice = invoice_id + 1
        first_open = len(rows.invoices)
        for k in range(count):
            invoice_id += 1
            days_late = rng.choice([-10, 2, 5, 8, 9, 12, 15, 19, 24, 33, 41]) + k * 5
            due = today - timedelta(days=days_late)
            issue = due - timedelta(days=30)
            total_cents = rng.randint(18, 960) * 500 + rng.choice([0, 0, 50, 20])
            paid_cents = 0
            if story in (3, 6) and k == 0:  # a partial payment already received
                paid_cents = total_cents // 3
                payment_id += 1
                rows.payments.append(
                    {
                        "id": payment_id,
                        "invoice_id": invoice_id,
                        "paid_on": due + timedelta(days=5),
                        "amount_cents": paid_cents,
                        "method": "transfer",
                        "reference": f"VIR-{payment_id}",
                        "recorded_at": _at(due + timedelta(days=6)),
                    }
                )
            status = "disputed" if story == 5 and k == 0 else "open"
            rows.invoices.append(
                {
                    "id": invoice_id,
                    "debtor_id": debtor_id,
                    "number": f"{today.year - (1 if days_late > 200 else 0)}-{invoice_id:06d}",
                    "issue_date": issue,
                    "due_date": due,
                    "currency": currency,
                    "total_cents": total_cents,
                    "paid_cents": paid_cents,
                    "po_reference": "" if story in (4, 9) else f"PO-{rng.randint(1000, 9999)}",
                    "pdf_path": "",
                    "status": status,
                    "dispute_reason": (
                        "Livraison incomplète selon le client" if status == "disputed" else ""
                    ),
                    "client_remarks": "",
                    "acknowledged": story not in (4,),
                }
            )
        # Paid-up older invoices give a payment history (first time late or not).
        late_before = rng.random() < 0.4
        for h in range(paid_history):
            invoice_id += 1
            old_due = today - timedelta(days=rng.randint(90, 200) + 30 * h)
            old_total = rng.randint(20, 300) * 500
            paid_on = old_due + timedelta(days=rng.randint(10, 40) if late_before else -2)
            rows.invoices.append(
                {
                    "id": invoice_id,
                    "debtor_id": debtor_id,
                    "number": f"{old_due.year}-{invoice_id:06d}",
                    "issue_date": old_due - timedelta(days=30),
                    "due_date": old_due,
                    "currency": currency,
                    "total_cents": old_total,
                    "paid_cents": old_total,
                    "po_reference": "",
                    "pdf_path": "",
                    "status": "open",
                    "dispute_reason": "",
                    "client_remarks": "",
                    "acknowledged": True,
                }
            )
            payment_id += 1
            rows.payments.append(
                {
                    "id": payment_id,
                    "invoice_id": invoice_id,
                    "paid_on": paid_on,
                    "amount_cents": old_total,
                    "method": "transfer",
                    "reference": f"VIR-{payment_id}",
                    "recorded_at": _at(paid_on),
                }
            )
        # The signed quote behind the first invoice.
        document_id += 1
        rows.documents.append(
            {
                "id": document_id,
                "debtor_id": debtor_id,
                "kind": "signed_quote",
                "reference": f"DEV-{document_id}",
                "doc_date": today - timedelta(days=90),
                "signed_by": person,
                "path": "",
            }
        )
        rows.document_invoices.append({"document_id": document_id, "invoice_id": first_invoice})
        if story in (1, 2, 5):
            document_id += 1
            rows.documents.append(
                {
                    "id": document_id,
                    "debtor_id": debtor_id,
                    "kind": "delivery_note",
                    "reference": f"BL-{document_id}",
                    "doc_date": today - timedelta(days=60),
                    "signed_by": person,
                    "path": "",
                }
            )
            rows.document_invoices.append({"document_id": document_id, "invoice_id": first_invoice})
        # Earlier reminders by email, before the tool existed.
        first_due = rows.invoices[first_open]["due_date"]
        if first_due < today - timedelta(days=5):
            event_id += 1
            rows.events.append(
                {
                    "id": event_id,
                    "debtor_id": debtor_id,
                    "occurred_at": _at(first_due + timedelta(days=3), 9),
                    "channel": "email",
                    "by_whom": "",
                    "summary": coded("Friendly email reminder"),  # worded in the reader's language
                }
            )
            rows.event_invoices.append({"event_id": event_id, "invoice_id": first_invoice})
        # Promise stories: 1 = kept, 2 = broken, 6 = pending after a partial payment.
        if story in (1, 2, 6):
            call_id += 1
            call_day = today - timedelta(days=12 if story != 6 else 4)
            rows.calls.append(
                {
                    "id": call_id,
                    "debtor_id": debtor_id,
                    "contact_id": debtor_id,
                    "started_at": _at(call_day, 14, 5),
                    "ended_at": _at(call_day, 14, 11),
                    "outcome": "promise",
                    "notes": "00:40 Oubli, la facture était bloquée en validation.\n04:10 Virement promis."
                    if ident["language"] == "fr"
                    else "00:40 Invoice stuck in approval.\n04:10 Transfer promised.",
                    "script_name": "",
                    "script_path": "[]",
                    "latest_date": call_day + timedelta(days=7),
                    "plan_ok": True,
                    "max_instalments": 3,
                    "summary": "",
                }
            )
            event_id += 1
            rows.events.append(
                {
                    "id": event_id,
                    "debtor_id": debtor_id,
                    "occurred_at": _at(call_day, 14, 5),
                    "channel": "call",
                    "by_whom": "",
                    "summary": coded("event.call", kind=coded("outcome.promise")),
                }
            )
            promise_id += 1
            promised = call_day + timedelta(days=5)
            amount = rows.invoices[first_open]["total_cents"] - rows.invoices[first_open]["paid_cents"]
            rows.promises.append(
                {
                    "id": promise_id,
                    "debtor_id": debtor_id,
                    "call_id": call_id,
                    "plan_id": None,
                    "promised_date": promised if story != 6 else today + timedelta(days=3),
                    "amount_cents": amount,
                    "currency": currency,
                    "method": "transfer",
                    "status": {1: "kept", 2: "broken", 6: "pending"}[story],
                    "created_at": _at(call_day, 14, 11),
                }
            )
            rows.promise_invoices.append({"promise_id": promise_id, "invoice_id": first_invoice})
            if story == 1:  # kept: the money arrived, the invoice is settled
                inv = rows.invoices[first_open]
                payment_id += 1
                rows.payments.append(
                    {
                        "id": payment_id,
                        "invoice_id": inv["id"],
                        "paid_on": promised,
                        "amount_cents": amount,
                        "method": "transfer",
                        "reference": f"VIR-{payment_id}",
                        "recorded_at": _at(promised),
                    }
                )
                inv["paid_cents"] += amount
            if story == 2:
                action_id += 1
                rows.actions.append(
                    {
                        "id": action_id,
                        "debtor_id": debtor_id,
                        "kind": "broken_promise",
                        "due_date": today,
                        "due_time": None,
                        "reason": f"promise of {promised.isoformat()} not kept",
                        "done_at": None,
                        "created_at": _at(promised + timedelta(days=1)),
                        "promise_id": promise_id,
                    }
                )
            if story == 6:
                action_id += 1
                rows.actions.append(
                    {
                        "id": action_id,
                        "debtor_id": debtor_id,
                        "kind": "promise_check",
                        "due_date": today + timedelta(days=4),
                        "due_time": None,
                        "reason": "check promised payment",
                        "done_at": None,
                        "created_at": _at(call_day, 14, 11),
                        "promise_id": promise_id,
                    }
                )
        if story == 3:  # a call-back agreed for today
            action_id += 1
            rows.actions.append(
                {
                    "id": action_id,
                    "debtor_id": debtor_id,
                    "kind": "call_back",
                    "due_date": today,
                    "due_time": time(15, 30),
                    "reason": "rappeler après le retour de la comptable"
                    if ident["language"] == "fr"
                    else "call back when the accountant is back",
                    "done_at": None,
                    "created_at": _at(today - timedelta(days=3)),
                    "promise_id": None,
                }
            )
        if history:
            before = min(i["due_date"] for i in rows.invoices[first_open : first_open + count])
            # A big book (invoices per debtor given) has fewer earlier calls per debtor: about two
            # a year, as a freelancer with thousands of clients would make.
            most = 5 if not invoices_per_debtor else 2
            add_history(rows, rows.debtors[-1], seed, today, before, history_ids, most)
        if (n + 1) % chunk == 0 or n + 1 == debtors:
            yield rows
            rows = _Rows()


def load_demo(
    session: Session,
    debtors: int = 40,
    seed: int = 7,
    today: date | None = None,
    invoices_per_debtor: int | None = None,
    history: bool = False,
) -> DemoReport:
    """Fill an empty database; refuse to mix demo rows into real data. With ``history``, months of
    calls along the default scripts come first (what the report learns from)."""
    if debtors < 1:
        raise UserError("--debtors must be at least 1.")
    if session.scalar(select(func.count()).select_from(t.Debtor)):
        raise UserError("The database already has debtors; load the demo into an empty database (--db).")
    counts = {"debtors": 0, "invoices": 0, "payments": 0}
    for rows in demo_chunks(debtors, seed, today or SYSTEM.today(), invoices_per_debtor, history=history):
        _insert(session, rows)
        for name in counts:
            counts[name] += len(getattr(rows, name))
    if session.get_bind().dialect.name == "postgresql":
        for table in _tables_with_ids():
            # Explicit ids leave PostgreSQL's id sequence behind: move it past the rows written.
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), MAX(id)) FROM {table.name}"
                )
            )
    return DemoReport(**counts)


def _plan(rows: _Rows) -> list[tuple[Table, list[dict[str, Any]]]]:
    """Each table with its rows, parents before children."""
    by_table = [
        ("debtors", rows.debtors),
        ("contacts", rows.contacts),
        ("invoices", rows.invoices),
        ("payments", rows.payments),
        ("documents", rows.documents),
        ("document_invoices", rows.document_invoices),
        ("contact_events", rows.events),
        ("event_invoices", rows.event_invoices),
        ("calls", rows.calls),
        ("call_steps", rows.steps),
        ("payment_plans", rows.plans),
        ("promises", rows.promises),
        ("promise_invoices", rows.promise_invoices),
        ("next_actions", rows.actions),
    ]
    return [(t.Base.metadata.tables[name], batch) for name, batch in by_table]


def _tables_with_ids() -> list[Table]:
    return [table for table, _rows in _plan(_Rows()) if "id" in table.c]


def _insert(session: Session, rows: _Rows) -> None:
    for table, batch in _plan(rows):
        for i in range(0, len(batch), 5000):
            session.execute(insert(table), batch[i : i + 5000])
