"""The team's queue: whose debtors (the owner filter, also `dunning queue --owner`), and who is on a call."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select, update
from typer.testing import CliRunner

from dunning_tui.cli import app
from dunning_tui.store import tables as t
from dunning_tui.store.claims import CLAIM_SECONDS, claim
from dunning_tui.store.database import Database
from dunning_tui.store.queue import QueueFilter, load_queue, queue_summary, refresh_rows, with_claims
from tests.conftest import TODAY
from tests.store.rows import add_debtor, add_invoice, at

OWNERS = {"Atelier Marie": "Marie", "Bureau Paul": "Paul", "Café Personne": ""}


def _team_book(database: Database) -> dict[str, int]:
    ids: dict[str, int] = {}
    with database.session() as session:
        for n, (name, owner) in enumerate(OWNERS.items()):
            ids[name] = add_debtor(session, name)
            add_invoice(session, ids[name], f"F-{n}", f"{(n + 1) * 100}.00", TODAY - timedelta(days=20))
            session.execute(update(t.Debtor).where(t.Debtor.id == ids[name]).values(owner=owner))
    refresh_rows(database, TODAY)
    return ids


def test_the_owner_filter_shows_mine_everyones_or_nobodys(database: Database) -> None:
    _team_book(database)
    with database.session() as session:
        for owner, names, overdue in (
            ("Marie", ["Atelier Marie"], "100.00"),
            ("Paul", ["Bureau Paul"], "200.00"),
            ("", ["Café Personne"], "300.00"),
            (None, ["Café Personne", "Bureau Paul", "Atelier Marie"], "600.00"),
        ):
            filt = QueueFilter(owner=owner)
            assert [e.name for e in load_queue(session, TODAY, filt)] == names
            summary = queue_summary(session, TODAY, filt)
            assert (summary.count, summary.overdue) == (len(names), {"EUR": Decimal(overdue)})


def test_the_queue_shows_who_is_on_a_call_until_the_claim_lapses(database: Database) -> None:
    ids = _team_book(database)
    now = at(TODAY, 14, 5)
    with database.session(write=True) as session:
        claim(session, ids["Bureau Paul"], "Marie", "m", now)
    with database.session() as session:
        entries = load_queue(session, TODAY)
        on_call = {e.name: (e.claimed_by, e.claimed_at) for e in with_claims(session, entries, now)}
        assert on_call == {
            "Café Personne": ("", None),
            "Bureau Paul": ("Marie", now),
            "Atelier Marie": ("", None),
        }
        lapsed = with_claims(session, entries, now + timedelta(seconds=CLAIM_SECONDS))
        assert all(e.claimed_by == "" for e in lapsed)


def test_queue_command_takes_an_owner(database: Database, db_url: str) -> None:
    _team_book(database)
    runner = CliRunner()
    for owner, names in (("Paul", ["Bureau Paul"]), ("", ["Café Personne"])):
        result = runner.invoke(
            app, ["queue", "--db", db_url, "--date", TODAY.isoformat(), "--owner", owner, "--json"]
        )
        assert result.exit_code == 0, result.output
        assert [row["name"] for row in json.loads(result.output)] == names


def test_team_totals_count_everyones_calls_and_promises_since_the_morning(database: Database) -> None:
    from dunning_tui.domain.enums import Outcome
    from dunning_tui.domain.outcome import Instalment, Objective, OutcomeInput
    from dunning_tui.store.calls import save_outcome, start_claimed_call, team_totals

    ids = _team_book(database)
    morning = at(TODAY, 0, 0)
    objective = Objective(latest_date=TODAY + timedelta(days=7))
    outcomes = [
        (
            "Marie",
            "Atelier Marie",
            OutcomeInput(Outcome.PROMISE, promised_date=TODAY, amount=Decimal("150.00")),
        ),
        (
            "Paul",
            "Bureau Paul",
            OutcomeInput(
                Outcome.PAYMENT_PLAN,
                instalments=(
                    Instalment(TODAY + timedelta(days=7), Decimal("100.00")),
                    Instalment(TODAY + timedelta(days=37), Decimal("100.00")),
                ),
            ),
        ),
        ("Paul", "Café Personne", OutcomeInput(Outcome.NO_ANSWER)),
    ]
    for minute, (caller, name, outcome) in enumerate(outcomes):
        when = at(TODAY, 14, minute)
        with database.session(write=True) as session:
            call_id = start_claimed_call(session, ids[name], objective, when, caller=caller, token=caller)
            save_outcome(session, call_id, outcome, "notes", "[]", when)
    with database.session() as session:
        totals = team_totals(session, morning)
        assert (totals.calls, totals.promises, totals.promised) == (3, 2, {"EUR": Decimal("350.00")})
        assert team_totals(session, at(TODAY, 14, 2)).calls == 1
        events = session.scalars(select(t.ContactEvent.by_whom).order_by(t.ContactEvent.id)).all()
    assert events == ["Marie", "Paul", "Paul"]


def test_the_debtors_timeline_says_who_called_and_when(database: Database) -> None:
    from dunning_tui.domain.enums import Outcome
    from dunning_tui.domain.outcome import Objective, OutcomeInput
    from dunning_tui.store.calls import save_outcome, start_claimed_call
    from dunning_tui.store.dossier import load_debtor_file
    from dunning_tui.tui.formatting import Formatter
    from dunning_tui.tui.widgets.brief import timeline_lines

    ids = _team_book(database)
    when = at(TODAY, 14, 5)
    with database.session(write=True) as session:
        call_id = start_claimed_call(
            session, ids["Bureau Paul"], Objective(TODAY + timedelta(days=7)), when, caller="Marie", token="m"
        )
        save_outcome(session, call_id, OutcomeInput(Outcome.NO_ANSWER), "", "[]", when)
    with database.session() as session:
        file = load_debtor_file(session, ids["Bureau Paul"])
    assert [c.caller for c in file.calls] == ["Marie"]
    [line] = timeline_lines(file, Formatter("en_GB"))
    assert f"called by Marie, {when.astimezone():%H:%M}" in line
