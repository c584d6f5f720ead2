"""``dunning payment add``, ``dunning penalties`` and ``dunning queue --date`` on a real database."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from typer.testing import CliRunner, Result

from dunning_tui.cli import app
from dunning_tui.clock import Clock
from dunning_tui.domain.penalties import CONSUMER_NOTE, compute_penalties
from dunning_tui.domain.queue_entry import QueueEntry
from dunning_tui.store import tables as t
from dunning_tui.store.database import Database
from dunning_tui.store.dossier import load_debtor_file
from tests.conftest import TODAY
from tests.store.rows import add_debtor, add_invoice, at, promise

runner = CliRunner()


def _run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def _one_sentence_error(result: Result, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and lines[0].endswith("."), lines
    assert fragment in lines[0]
    assert "Traceback" not in result.output


@pytest.fixture
def one_invoice(db_url: str) -> str:
    """A debtor owing 1,500.00 EUR on invoice F-2026-001, with a promise of 1,000.00 pending."""
    today = date.today()  # `payment add` re-evaluates promises at the real today
    database = Database.open(db_url)
    try:
        with database.session() as s:
            debtor = add_debtor(s, "Atelier du Parc SARL")
            add_invoice(s, debtor, "F-2026-001", "1500.00", today - timedelta(days=20))
            promise(s, debtor, at(today - timedelta(days=2)), today + timedelta(days=3), "1000.00")
    finally:
        database.close()
    return db_url


def _facts(db_url: str) -> tuple[int, list[str], list[tuple[str, object]]]:
    database = Database.open(db_url)
    try:
        with database.session() as s:
            paid = s.scalars(select(t.Invoice.paid_cents)).one()
            statuses = list(s.scalars(select(t.Promise.status)))
            actions = [
                (a.kind, a.done_at)
                for a in s.scalars(select(t.NextAction).order_by(t.NextAction.id))
                if a.done_at is None
            ]
            return paid, statuses, actions
    finally:
        database.close()


# -- payment add ---------------------------------------------------------------------------------


def test_payment_add_records_it_and_reevaluates_the_promise(one_invoice: str) -> None:
    result = _run(
        "payment", "add", "F-2026-001", "1 000,00", "--date", date.today().isoformat(),
        "--method", "transfer", "--ref", "VIR-77", "--db", one_invoice,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Payment of €1,000.00 recorded on F-2026-001."
    paid, statuses, actions = _facts(one_invoice)
    assert paid == 100000
    assert statuses == ["kept"]
    assert ("promise_check", None) not in actions  # the check is moot once the promise is kept


def test_payment_add_defaults_to_today(one_invoice: str) -> None:
    assert _run("payment", "add", "F-2026-001", "10", "--db", one_invoice).exit_code == 0
    database = Database.open(one_invoice)
    try:
        with database.session() as s:
            assert s.scalars(select(t.Payment.paid_on)).one() == date.today()
    finally:
        database.close()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("NOPE-1", "10"), "No invoice has the number 'NOPE-1'"),
        (("F-2026-001", "1500.01"), "more than the €1,500.00 left to pay on invoice F-2026-001"),
        (("F-2026-001", "12abc"), "'12abc' is not an amount"),
        (("F-2026-001", "0"), "more than zero"),
        (("F-2026-001", "10", "--date", "tomorrow"), "in the future: a payment received cannot be dated"),
        (("F-2026-001", "10", "--date", "2026-02-30"), "'2026-02-30' is not a date I understand"),
    ],
)
def test_payment_add_refuses_with_one_sentence(
    one_invoice: str, args: tuple[str, ...], fragment: str
) -> None:
    before = _facts(one_invoice)
    _one_sentence_error(_run("payment", "add", *args, "--db", one_invoice), fragment)
    assert _facts(one_invoice) == before


@pytest.mark.parametrize(
    ("said", "days_ago"),
    [("yesterday", 1), ("hier", 1), ("the day before yesterday", 2), ("3 days ago", 3)],
)
def test_payment_add_reads_a_past_date_as_said(one_invoice: str, said: str, days_ago: int) -> None:
    assert _run("payment", "add", "F-2026-001", "10", "--date", said, "--db", one_invoice).exit_code == 0
    database = Database.open(one_invoice)
    try:
        with database.session() as s:
            assert s.scalars(select(t.Payment.paid_on)).one() == date.today() - timedelta(days=days_ago)
    finally:
        database.close()


def test_payment_add_takes_a_day_and_month_as_this_year_s_when_already_gone(one_invoice: str) -> None:
    # "25/11" typed on 30 November is 25 November of the same year, never of the next one.
    earlier = date.today() - timedelta(days=5)
    said = f"{earlier.day}/{earlier.month}"
    assert _run("payment", "add", "F-2026-001", "10", "--date", said, "--db", one_invoice).exit_code == 0
    database = Database.open(one_invoice)
    try:
        with database.session() as s:
            assert s.scalars(select(t.Payment.paid_on)).one() == earlier
    finally:
        database.close()


# -- dunning date --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("vendredi 4", "--lang", "fr"), "2026-12-04"),
        (("dans huit jours", "--lang", "fr"), "2026-12-07"),
        (("mar. 15", "--lang", "fr"), "2026-12-15"),
        (("mar. 15", "--lang", "en"), "2027-03-15"),
        (("end of next month", "--lang", "en"), "2026-12-31"),
        (("25/11", "--lang", "fr", "--past"), "2026-11-25"),
        (("last friday", "--lang", "en", "--past"), "2026-11-27"),
    ],
)
def test_date_command_json(args: tuple[str, ...], expected: str) -> None:
    result = _run("date", *args, "--today", "2026-11-30", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"date": expected}


def test_date_command_text_and_refusals() -> None:
    result = _run("date", "vendredi 4", "--today", "2026-11-30", "--lang", "fr")
    assert result.exit_code == 0 and result.stdout.strip() == "2026-12-04  vendredi 4 décembre 2026"
    _one_sentence_error(
        _run("date", "vendredi 5", "--today", "2026-11-30", "--lang", "fr", "--json"),
        "le 5 décembre 2026 est un samedi, pas un vendredi",
    )
    _one_sentence_error(
        _run("date", "dans 99999 mois", "--today", "2026-11-30", "--lang", "fr"), "hors de 1990–2100"
    )
    _one_sentence_error(
        _run("date", "tomorrow", "--today", "2026-11-30", "--lang", "en", "--past"), "in the future"
    )
    _one_sentence_error(_run("date", "soon", "--today", "2026-11-30", "--lang", "en"), "not a date")
    _one_sentence_error(_run("date", "demain", "--lang", "de"), "--lang must be fr or en")


# -- penalties -----------------------------------------------------------------------------------


def _penalty_debtors(db_url: str) -> dict[str, int]:
    database = Database.open(db_url)
    try:
        with database.session() as s:
            firm = add_debtor(s, "Cabinet Bellevue SAS")
            add_invoice(s, firm, "P-1", "12000.00", TODAY - timedelta(days=75))
            add_invoice(s, firm, "P-2", "840.50", TODAY - timedelta(days=200))
            add_invoice(s, firm, "P-3", "99.00", TODAY + timedelta(days=5))  # not due yet
            person = add_debtor(s, "Camille Martin", kind="consumer")
            add_invoice(s, person, "P-4", "2500.00", TODAY - timedelta(days=90))
            # A contract under English law (the creditor's own law, FR, applies otherwise).
            uk = add_debtor(s, "Harbour Design Ltd", country="GB", governing_law="UK")
            add_invoice(s, uk, "P-5", "5000.00", TODAY - timedelta(days=40), currency="GBP")
        with database.session() as s:
            from dunning_tui.store.payments import add_payment

            add_payment(s, "P-1", Decimal("2000.00"), TODAY - timedelta(days=30))
        return {"firm": firm, "person": person, "uk": uk}
    finally:
        database.close()


def _expected(db_url: str, debtor_id: int, jurisdiction: str):
    database = Database.open(db_url)
    try:
        with database.session() as s:
            file = load_debtor_file(s, debtor_id)
    finally:
        database.close()
    return compute_penalties(
        file.invoices,
        file.payments,
        debtor_kind=file.debtor.kind,
        jurisdiction=jurisdiction,
        today=TODAY,
    )


def _penalties_json(db_url: str, debtor: str) -> dict:
    result = _run("penalties", debtor, "--date", TODAY.isoformat(), "--json", "--db", db_url)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(("who", "jurisdiction"), [("firm", "FR"), ("uk", "UK")])
def test_penalties_json_equals_the_domain_computation(db_url: str, who: str, jurisdiction: str) -> None:
    ids = _penalty_debtors(db_url)
    data = _penalties_json(db_url, str(ids[who]))
    expected = _expected(db_url, ids[who], jurisdiction)
    assert data["jurisdiction"] == jurisdiction and data["consumer"] is False
    assert data["date"] == TODAY.isoformat()
    assert [line["invoice"] for line in data["lines"]] == [line.invoice_number for line in expected.lines]
    for got, want in zip(data["lines"], expected.lines, strict=True):
        assert got["days_late"] == want.days_late
        assert got["balance"] == str(want.balance)
        assert got["interest"] == str(want.interest)
        assert got["indemnity"] == str(want.indemnity)
        assert got["rates"] == [str(p.rate_percent) for p in want.periods]
        assert want.interest > 0 and want.indemnity > 0
    assert [(x["currency"], x["total"]) for x in data["totals"]] == [
        (x.currency, str(x.total)) for x in expected.totals
    ]


def test_penalties_by_name_and_not_yet_due_invoices(db_url: str) -> None:
    _penalty_debtors(db_url)
    data = _penalties_json(db_url, "cabinet bellevue")
    assert "P-3" not in {line["invoice"] for line in data["lines"]}
    assert {line["indemnity"] for line in data["lines"]} == {"40.00"}  # money as decimal strings


def test_penalties_of_a_consumer_are_zero(db_url: str) -> None:
    ids = _penalty_debtors(db_url)
    data = _penalties_json(db_url, str(ids["person"]))
    assert data["consumer"] is True
    assert all(line["interest"] == "0.00" and line["indemnity"] == "0.00" for line in data["lines"])
    assert all(Decimal(total["total"]) == 0 for total in data["totals"])
    assert CONSUMER_NOTE in data["notes"]


def test_penalties_text_and_unknown_debtor(db_url: str) -> None:
    ids = _penalty_debtors(db_url)
    text = _run("penalties", str(ids["firm"]), "--date", TODAY.isoformat(), "--db", db_url)
    assert text.exit_code == 0 and "P-1" in text.stdout and "FR law" in text.stdout
    _one_sentence_error(_run("penalties", "nobody-here", "--db", db_url), "No debtor matches 'nobody-here'")


# -- queue --date --------------------------------------------------------------------------------


def _demo(db_url: str) -> None:
    result = _run("demo", "--db", db_url, "--debtors", "20", "--date", TODAY.isoformat())
    assert result.exit_code == 0, result.output


def _stored_follow_up(db_url: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    database = Database.open(db_url)
    try:
        with database.session() as s:
            actions = s.execute(
                select(t.NextAction.id, t.NextAction.kind, t.NextAction.due_date, t.NextAction.done_at)
            ).all()
            promises = s.execute(select(t.Promise.id, t.Promise.status)).all()
            return sorted(tuple(a) for a in actions), sorted(tuple(p) for p in promises)
    finally:
        database.close()


def test_queue_on_another_day_writes_nothing(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dunning_tui.cli.common.clock", lambda: Clock.pinned(TODAY))
    _demo(db_url)
    before = _stored_follow_up(db_url)
    future = _run("queue", "--db", db_url, "--date", (TODAY + timedelta(days=20)).isoformat(), "--json")
    assert future.exit_code == 0, future.output
    rows = json.loads(future.stdout)
    assert rows and any(r["reason"] for r in rows), "the what-if queue has its follow-up computed"
    assert _stored_follow_up(db_url) == before

    today = _run("queue", "--db", db_url, "--date", TODAY.isoformat(), "--json")
    assert today.exit_code == 0, today.output
    assert _stored_follow_up(db_url) != before, "today's queue keeps the next actions it planned"


def test_queue_json_keys_and_types(db_url: str) -> None:
    _demo(db_url)
    result = _run("queue", "--db", db_url, "--date", TODAY.isoformat(), "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    fields = {f.name for f in dataclasses.fields(QueueEntry)} - {"debtor_id"} | {"id"}
    assert rows
    for row in rows:
        assert set(row) == fields and next(iter(row)) == "id"
        assert re.fullmatch(r"\d+\.\d\d", row["total_overdue"]) and Decimal(row["total_overdue"]) > 0
        assert date.fromisoformat(row["oldest_due"]) < TODAY
        assert row["days_late"] == (TODAY - date.fromisoformat(row["oldest_due"])).days
        assert isinstance(row["priority"], float)
        assert row["stage"] in {"calls", "written_reminder", "generic_email", "formal_notice", "procedure"}
    assert [r["priority"] for r in rows] == sorted((r["priority"] for r in rows), reverse=True)
    assert len({r["id"] for r in rows}) == len(rows)


def test_queue_shows_who_is_on_a_call_with_whom(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from dunning_tui.clock import Clock
    from dunning_tui.store.claims import claim
    from dunning_tui.store.database import Database

    monkeypatch.setattr("dunning_tui.cli.common.clock", lambda: Clock.pinned(TODAY))
    _demo(db_url)
    first = json.loads(_run("queue", "--db", db_url, "--json").stdout)
    assert first and all(row["claimed_by"] == "" for row in first)
    database = Database.open(db_url)
    try:
        with database.session(write=True) as session:  # Marie dials the second debtor
            claim(session, first[1]["id"], "Marie", "marie", Clock.pinned(TODAY).now())
    finally:
        database.close()
    rows = json.loads(_run("queue", "--db", db_url, "--json").stdout)
    assert [(r["id"], r["claimed_by"]) for r in rows if r["claimed_by"]] == [(first[1]["id"], "Marie")]
    assert rows[1]["claimed_at"]
    text = _run("queue", "--db", db_url)
    assert "on a call — Marie" in text.stdout
