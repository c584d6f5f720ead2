"""The report read from a small book in a real database; every answer worked out by hand here."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from dunning_tui.domain.payer import Trend
from dunning_tui.domain.report import steps_of
from dunning_tui.store import tables as t
from dunning_tui.store.report import build_report, calls_between, local_start, payer_figures, script_shapes
from tests.pg import pg_url, postgres_server  # noqa: F401  (fixtures)

D = Decimal
TODAY = date(2026, 11, 23)


def _invoice(
    s: Session, debtor: int, number: str, total: int, due: date, status: str = "open", paid: int = 0
) -> int:
    row = t.Invoice(
        debtor_id=debtor,
        number=number,
        issue_date=due - timedelta(days=30),
        due_date=due,
        currency="EUR",
        total_cents=total * 100,
        paid_cents=paid * 100,
        status=status,
    )
    s.add(row)
    s.flush()
    return row.id


def _pay(s: Session, invoice: int, day: date, amount: int) -> None:
    s.add(t.Payment(invoice_id=invoice, paid_on=day, amount_cents=amount * 100))


def _call(s: Session, debtor: int, day: date, minutes: int, outcome: str, path: list[str]) -> int:
    start = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
    steps = ", ".join(f'["{node}", {n * 10}]' for n, node in enumerate(path))
    row = t.Call(
        debtor_id=debtor,
        started_at=start,
        ended_at=start + timedelta(minutes=minutes),
        outcome=outcome,
        script_name="Payment call",
        script_path=f"[{steps}]",
    )
    s.add(row)
    s.flush()
    s.add_all(t.CallStep(call_id=row.id, node=n, next_node=x) for n, x in steps_of(path))
    return row.id


@pytest.fixture
def book(database: object) -> object:
    return _fill(database)


def _fill(database: object) -> object:
    with database.session() as s:  # type: ignore[attr-defined]
        a = t.Debtor(key="A", name="Atelier A")
        b = t.Debtor(key="B", name="Bureau B")
        s.add_all([a, b])
        s.flush()
        # A: paid 10 days late (two payments), paid on time, one open, one cancelled.
        a1 = _invoice(s, a.id, "A1", 100, date(2026, 9, 1), paid=100)
        _pay(s, a1, date(2026, 9, 5), 40)
        _pay(s, a1, date(2026, 9, 11), 60)
        a2 = _invoice(s, a.id, "A2", 200, date(2026, 10, 1), paid=200)
        _pay(s, a2, date(2026, 9, 28), 200)
        a3 = _invoice(s, a.id, "A3", 300, date(2026, 11, 1), paid=50)
        _pay(s, a3, date(2026, 11, 10), 50)
        _invoice(s, a.id, "A4", 50, date(2026, 10, 15), status="cancelled")
        # B: 40 days late in April, 2 days late in October.
        b1 = _invoice(s, b.id, "B1", 100, date(2026, 3, 1), paid=100)
        _pay(s, b1, date(2026, 4, 10), 100)
        b2 = _invoice(s, b.id, "B2", 100, date(2026, 10, 1), paid=100)
        _pay(s, b2, date(2026, 10, 3), 100)
        call_a = _call(s, a.id, date(2026, 11, 2), 6, "promise", ["opening", "invoice", "promise"])
        _call(s, b.id, date(2026, 11, 5), 1, "no_answer", ["opening", "voicemail"])
        s.add(
            t.Promise(
                debtor_id=a.id,
                call_id=call_a,
                promised_date=date(2026, 11, 10),
                amount_cents=30000,
                status="partly_kept",
                created_at=datetime(2026, 11, 2, 10, 6, tzinfo=UTC),
            )
        )
    return database


def test_payer_figures(book: object) -> None:
    with book.session() as s:  # type: ignore[attr-defined]
        payers = payer_figures(s, TODAY)
    a, b = sorted(payers.values(), key=lambda p: p.name)
    # A1 settled on 11 September, 10 days after its due date; A2 on time; A3 open, 22 days late.
    assert (a.paid_invoices, a.paid_late, a.days_late, a.late_now) == (2, 1, 10, 1)
    assert a.average_days_late == 5.0
    assert (a.promises_made, a.promises_partly_kept) == (1, 1)
    # recent: 10 + 0 + A3's 22 days so far; nothing earlier: no trend
    assert (a.recent_days, a.recent_count, a.earlier_count) == (32, 3, 0) and a.trend is None
    # B: 40 days late in April (over 180 days back), 2 days in October: better
    assert (b.paid_invoices, b.days_late, b.recent_days, b.earlier_days) == (2, 42, 2, 40)
    assert b.trend is Trend.BETTER and b.first_time_late is False
    with book.session() as s:  # type: ignore[attr-defined]
        assert list(payer_figures(s, TODAY, [b.debtor_id])) == [b.debtor_id]


def test_whole_report(book: object) -> None:
    with book.session() as s:  # type: ignore[attr-defined]
        r = build_report(s, date(2026, 11, 1), TODAY, TODAY, 2, script_shapes(None))
    f = r.period
    assert (f.calls, f.reached, f.promises, f.promised) == (2, 1, 1, {"EUR": D("300")})
    assert (f.due, f.kept, f.partly_kept, f.broken) == (1, 0, 1, 0)
    assert f.collected == {"EUR": D("50")}  # A3's 50 on 10 November, 8 days after the call
    assert f.phone_seconds == 7 * 60

    now, october, september, august = r.snapshots[:4]
    assert [s.as_of for s in r.snapshots[:4]] == [
        TODAY,
        date(2026, 10, 31),
        date(2026, 9, 30),
        date(2026, 8, 31),
    ]
    eur = now.currency("EUR")
    assert eur is not None
    assert eur.buckets == (D("0"), D("250"), D("0"), D("0"), D("0"))  # A3: 250 left, 22 days late
    assert eur.average_days_late == 22.0
    # invoiced since 25 August: A2 200 + A3 300 + B2 100 (A4 cancelled, A1 issued 2 August)
    assert eur.dso == 37.5  # 250 / 600 × 90
    # 31 October: A3 (issued 2 October) owed whole, not due; B2 paid 3 October
    assert october.currency("EUR").buckets == (D("300"), *[D("0")] * 4)  # type: ignore[union-attr]
    # 30 September: B2 not due yet (A2 paid on the 28th, A1 on the 11th)
    assert september.currency("EUR").buckets == (D("100"), *[D("0")] * 4)  # type: ignore[union-attr]
    # 31 August: A1 owed, due the next day
    assert august.currency("EUR").buckets == (D("100"), *[D("0")] * 4)  # type: ignore[union-attr]

    weeks = dict(zip(r.week_starts, r.collected["EUR"], strict=True))
    assert weeks[date(2026, 11, 9)] == D("50")
    assert weeks[date(2026, 9, 28)] == D("300")  # A2's 200 on Monday 28th, B2's 100 on Saturday 3rd
    assert sum(r.collected["EUR"]) == D("450")  # 40 + 60 + 200 + 50 + 100 since June

    rows = {(b.node, b.answer): b for b in r.branches}
    right = rows[("opening", "Right person")]
    assert (right.script, right.language, right.calls, right.promised, right.settled, right.kept) == (
        "Payment call",
        "en",
        1,
        1,
        1,
        0,
    )
    assert rows[("invoice", "Gives a date")].calls == 1
    assert rows[("opening", "Voicemail")].calls == 1 and rows[("voicemail", "")].calls == 1
    assert [p.name for p in r.payers] == ["Atelier A", "Bureau B"]  # A kept none of one promise


def _promise(s: Session, debtor: int, call: int, day: date, amount: int, status: str) -> None:
    s.add(
        t.Promise(
            debtor_id=debtor,
            call_id=call,
            promised_date=day,
            amount_cents=amount * 100,
            status=status,
            created_at=datetime(2026, 11, 1, 12, tzinfo=UTC),
        )
    )


def test_call_figures_of_a_period(database: object) -> None:
    """Promises each instalment apart, payments within 14 days of a call counted once."""
    with database.session() as s:  # type: ignore[attr-defined]
        ids = []
        for n in range(1, 6):
            debtor = t.Debtor(key=f"D{n}", name=f"Debtor {n}")
            s.add(debtor)
            s.flush()
            ids.append(debtor.id)
        one, two, three, four, five = ids
        invoices = {d: _invoice(s, d, f"F{d}", 1000, date(2026, 9, 1)) for d in ids}
        c1 = _call(s, one, date(2026, 11, 2), 6, "promise", ["opening", "invoice", "promise"])
        _call(s, two, date(2026, 11, 3), 1, "no_answer", ["opening", "voicemail"])
        c3 = _call(s, two, date(2026, 11, 5), 12, "payment_plan", ["opening", "invoice", "cash_flow", "plan"])
        _call(s, three, date(2026, 11, 6), 2, "wrong_person", ["opening", "wrong_person"])
        _call(s, four, date(2026, 11, 9), 9, "dispute", ["opening", "invoice", "dispute"])
        _call(s, five, date(2026, 10, 20), 4, "promise", ["opening", "invoice", "promise"])  # before
        _promise(s, one, c1, date(2026, 11, 9), 500, "kept")  # deadline 11 November: passed
        _promise(s, two, c3, date(2026, 11, 12), 100, "partly_kept")
        _promise(s, two, c3, date(2026, 11, 19), 100, "broken")
        _promise(s, two, c3, date(2026, 11, 21), 100, "pending")  # deadline 23 November: not passed
        _pay(s, invoices[one], date(2026, 11, 9), 500)  # 7 days after the call
        _pay(s, invoices[two], date(2026, 11, 19), 40)  # 14 days after the call of the 5th
        _pay(s, invoices[two], date(2026, 11, 20), 60)  # 15 days: too late
        _pay(s, invoices[three], date(2026, 11, 1), 80)  # before the call
        _pay(s, invoices[five], date(2026, 11, 3), 90)  # called before the period only
    with database.session() as s:  # type: ignore[attr-defined]
        f, counts = calls_between(s, local_start(date(2026, 11, 1)), local_start(TODAY), TODAY, 2)
    assert (f.calls, f.reached, f.promises) == (5, 3, 2)
    assert f.promised == {"EUR": D("800")}  # 500 + the plan's 3 × 100
    assert (f.due, f.kept, f.partly_kept, f.broken) == (3, 1, 1, 1)
    assert f.collected == {"EUR": D("540")}  # 500 + 40
    assert round(f.phone_seconds) == (6 + 1 + 12 + 2 + 9) * 60
    steps = {(b.node, b.next_node): b for b in counts}
    opening = steps[("opening", "invoice")]
    # calls 1, 3 and 5: two ended with a promise or a plan; call 1's promise passed and was kept,
    # the plan of call 3 still has a pending instalment: not settled
    assert (opening.calls, opening.promised, opening.settled, opening.kept) == (3, 2, 1, 1)
    assert steps[("plan", "")].promised == 1 and steps[("plan", "")].settled == 0


def test_a_payment_after_the_period_counts_with_a_call_of_the_period_before_a_later_one(
    database: object,
) -> None:
    """The period ends on 20 November; payments dated after it count when a call of the period
    was 14 days or fewer before them, even if the debtor was called again after the period."""
    with database.session() as s:  # type: ignore[attr-defined]
        ids = []
        for n in range(1, 4):
            debtor = t.Debtor(key=f"E{n}", name=f"Debtor {n}")
            s.add(debtor)
            s.flush()
            ids.append(debtor.id)
        one, two, three = ids
        invoices = {d: _invoice(s, d, f"G{d}", 1000, date(2026, 9, 1)) for d in ids}
        _call(s, one, date(2026, 11, 15), 5, "promise", ["opening", "promise"])  # in the period
        _call(s, one, date(2026, 11, 21), 5, "call_back", ["opening"])  # after it
        _pay(s, invoices[one], date(2026, 11, 22), 70)  # 7 days after the call of the 15th: counts
        _call(s, two, date(2026, 11, 2), 5, "promise", ["opening", "promise"])  # in the period
        _call(s, two, date(2026, 11, 21), 5, "call_back", ["opening"])  # after it
        _pay(s, invoices[two], date(2026, 11, 22), 30)  # 20 days after the period's call: no
        _call(s, three, date(2026, 11, 21), 5, "promise", ["opening", "promise"])  # after only
        _pay(s, invoices[three], date(2026, 11, 21), 11)  # no
    with database.session() as s:  # type: ignore[attr-defined]
        f, _counts = calls_between(
            s, local_start(date(2026, 11, 1)), local_start(date(2026, 11, 21)), TODAY, 2
        )
    assert f.calls == 2
    assert f.collected == {"EUR": D("70")}


def test_an_overpaid_invoice_is_settled_when_its_total_was_reached(database: object) -> None:
    with database.session() as s:  # type: ignore[attr-defined]
        debtor = t.Debtor(key="C", name="Cabinet C")
        s.add(debtor)
        s.flush()
        c1 = _invoice(s, debtor.id, "C1", 100, date(2026, 10, 1), paid=105)
        _pay(s, c1, date(2026, 10, 11), 100)  # the total, 10 days late
        _pay(s, c1, date(2026, 10, 20), 5)  # paid twice by mistake
        c2 = _invoice(s, debtor.id, "C2", 100, date(2026, 10, 1), paid=100)
        _pay(s, c2, date(2026, 10, 1), 100)  # on time
        _pay(s, c2, date(2026, 12, 1), 0)  # a payment dated after the day of the figures
    with database.session() as s:  # type: ignore[attr-defined]
        payer = payer_figures(s, TODAY)[debtor.id]
    assert (payer.paid_invoices, payer.paid_late, payer.days_late) == (2, 1, 10)


def test_calls_closed_before_the_upgrade_get_their_steps(tmp_path) -> None:
    from alembic import command
    from sqlalchemy import select, text

    from dunning_tui.store.database import Database, create_database_engine
    from dunning_tui.store.migrate import alembic_config

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_database_engine(url)
    command.upgrade(alembic_config(engine), "0005")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO debtors (id, key, name, kind, country, language, registration_number, vat_number, address, email, phone, payment_terms_days, profile, profile_notes, pause_reason, owner) VALUES (1, 'A', 'A', 'business', 'FR', 'fr', '', '', '', '', '', 30, '', '', '', '')"
            )
        )
        path = '[["opening", 0], ["invoice", 5], ["vague", 30], ["invoice", 50], ["vague", 60]]'
        for call_id, outcome, stored in ((1, "refused", path), (2, None, path), (3, "promise", "not json")):
            conn.execute(
                text(
                    "INSERT INTO calls (id, debtor_id, started_at, outcome, notes, script_name, script_path,"
                    " plan_ok, max_instalments, summary) VALUES (:id, 1, '2026-11-02 10:00:00', :outcome,"
                    " '', 'Payment call', :path, 1, 3, '')"
                ),
                {"id": call_id, "outcome": outcome, "path": stored},
            )
    engine.dispose()
    upgraded = Database.open(url)
    try:
        with upgraded.session() as s:
            rows = s.execute(select(t.CallStep.call_id, t.CallStep.node, t.CallStep.next_node)).all()
    finally:
        upgraded.close()
    # the closed call's steps, each once; the open call and the damaged path have none
    assert sorted(rows) == [
        (1, "invoice", "vague"),
        (1, "opening", "invoice"),
        (1, "vague", ""),
        (1, "vague", "invoice"),
    ]


def test_saving_an_outcome_keeps_the_calls_steps(database: object) -> None:
    from sqlalchemy import select

    from dunning_tui.domain.enums import Outcome
    from dunning_tui.domain.outcome import Objective, OutcomeInput
    from dunning_tui.store.calls import save_outcome, start_call

    when = datetime(2026, 11, 2, 10, tzinfo=UTC)
    with database.session() as s:  # type: ignore[attr-defined]
        debtor = t.Debtor(key="A", name="A")
        s.add(debtor)
        s.flush()
        call_id = start_call(s, debtor.id, Objective(latest_date=TODAY), when)
        path = '[["opening", 0], ["voicemail", 12.5]]'
        save_outcome(s, call_id, OutcomeInput(Outcome.NO_ANSWER), "", path, when)
        rows = s.execute(select(t.CallStep.node, t.CallStep.next_node)).all()
    assert sorted(rows) == [("opening", "voicemail"), ("voicemail", "")]


@pytest.mark.postgres
def test_the_same_report_on_postgresql(pg_url: str, book: object) -> None:  # noqa: F811
    from dunning_tui.store.database import Database

    pg = Database.open(pg_url)
    try:
        _fill(pg)
        reports = []
        for database in (pg, book):
            with database.session() as s:  # type: ignore[attr-defined]
                reports.append(
                    (
                        build_report(s, date(2026, 11, 1), TODAY, TODAY, 2, script_shapes(None)),
                        payer_figures(s, TODAY),
                    )
                )
    finally:
        pg.close()
    (on_pg, pg_payers), (on_sqlite, sqlite_payers) = reports
    assert on_pg == on_sqlite
    assert sorted(pg_payers.values(), key=lambda p: p.name) == sorted(
        sqlite_payers.values(), key=lambda p: p.name
    )


def test_demo_history_is_deterministic_and_leaves_the_queue_alone(tmp_path) -> None:
    from dunning_tui.store.database import Database
    from dunning_tui.store.demo import build_demo_rows, load_demo
    from dunning_tui.store.queue import load_queue

    one = build_demo_rows(15, seed=3, today=TODAY, history=True)
    assert one == build_demo_rows(15, seed=3, today=TODAY, history=True)
    plain = build_demo_rows(15, seed=3, today=TODAY)
    assert plain.invoices == [i for i in one.invoices if not i["number"].startswith("H")]
    assert one.calls and one.steps and one.plans
    # every earlier invoice is paid in full, before the debtor's current invoices fell due
    for invoice in (i for i in one.invoices if i["number"].startswith("H")):
        paid = [p for p in one.payments if p["invoice_id"] == invoice["id"]]
        assert sum(p["amount_cents"] for p in paid) == invoice["total_cents"] == invoice["paid_cents"]

    queues = []
    for name, history in (("plain", False), ("history", True)):
        database = Database.open(f"sqlite:///{tmp_path / name}.sqlite3")
        try:
            with database.session() as s:
                load_demo(s, debtors=15, seed=3, today=TODAY, history=history)
            with database.session() as s:
                queues.append([(e.debtor_id, e.total_overdue, e.days_late) for e in load_queue(s, TODAY)])
        finally:
            database.close()
    assert queues[0] == queues[1]
