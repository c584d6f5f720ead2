"""A person's data: ``export --debtor`` gives their whole file, ``erase`` removes it (invoices stay,
anonymised)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from dunning_tui.cli import app
from dunning_tui.store import tables as t
from dunning_tui.store.database import Database
from tests.conftest import TODAY

runner = CliRunner()


def _demo(db_url: str) -> None:
    made = runner.invoke(app, ["demo", "--db", db_url, "--debtors", "6", "--date", TODAY.isoformat()])
    assert made.exit_code == 0, made.output


def _everything(database: Database, debtor_id: int) -> str:
    """Every text the database holds about the debtor, in one string."""
    with database.session() as s:
        parts: list[object] = [s.get(t.Debtor, debtor_id).__dict__]
        for table in (t.Contact, t.Call, t.ContactEvent, t.Document, t.NextAction, t.Invoice):
            parts += [row.__dict__ for row in s.scalars(select(table).where(table.debtor_id == debtor_id))]
        return repr(parts)


def test_export_of_one_debtor_holds_their_file_only(db_url: str, tmp_path: Path) -> None:
    _demo(db_url)
    out = tmp_path / "sar"
    result = runner.invoke(app, ["export", "--debtor", "2", str(out), "--db", db_url])
    assert result.exit_code == 0, result.output
    database = Database.open(db_url)
    with database.session() as s:
        me = s.get(t.Debtor, 2)
        others = [d.key for d in s.scalars(select(t.Debtor).where(t.Debtor.id != 2))]
        mine = list(s.scalars(select(t.Invoice.number).where(t.Invoice.debtor_id == 2)))
    database.close()
    invoices = (out / "invoices.csv").read_text()
    assert me.key in invoices and all(number in invoices for number in mine)
    assert not any(
        key in (out / name).read_text() for key in others for name in ("invoices.csv", "contacts.csv")
    )
    whole = json.loads((out / "file.json").read_text())
    assert whole["name"] == me.name and {"calls", "promises", "actions", "events"} <= set(whole)
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_erase_removes_the_person_and_keeps_the_invoices(db_url: str, isolated_home: Path) -> None:
    _demo(db_url)
    database = Database.open(db_url)
    with database.session() as s:
        me = s.get(t.Debtor, 3)
        name, key = me.name, me.key
        contacts = [c.name for c in s.scalars(select(t.Contact).where(t.Contact.debtor_id == 3))]
        totals = list(
            s.execute(
                select(t.Invoice.number, t.Invoice.total_cents, t.Invoice.paid_cents)
                .where(t.Invoice.debtor_id == 3)
                .order_by(t.Invoice.id)
            )
        )
        payments_before = s.scalar(select(func.count()).select_from(t.Payment))
    outbox = isolated_home / "data" / "dunning-tui" / "outbox"
    outbox.mkdir(parents=True)
    (outbox / "20261120-100000-debtor3-call7.eml").write_text("To: them")
    (outbox / "20261120-100000-debtor31.eml").write_text("To: someone else")
    assert contacts and totals

    result = runner.invoke(app, ["erase", "3", "--yes", "--db", db_url])

    assert result.exit_code == 0, result.output
    assert f"Erased the personal data of {name} (#3)" in result.output
    left = _everything(database, 3)
    for text in (name, key, *contacts):
        assert text not in left
    with database.session() as s:
        assert s.get(t.Debtor, 3).name == "Erased debtor 3"
        assert (
            list(
                s.execute(
                    select(t.Invoice.number, t.Invoice.total_cents, t.Invoice.paid_cents)
                    .where(t.Invoice.debtor_id == 3)
                    .order_by(t.Invoice.id)
                )
            )
            == totals
        )
        assert s.scalar(select(func.count()).select_from(t.Payment)) == payments_before
        assert s.scalar(select(func.count()).select_from(t.Contact).where(t.Contact.debtor_id == 3)) == 0
    database.close()
    assert sorted(p.name for p in outbox.iterdir()) == ["20261120-100000-debtor31.eml"]


def test_erase_asks_first(db_url: str) -> None:
    _demo(db_url)
    result = runner.invoke(app, ["erase", "3", "--db", db_url], input="n\n")
    assert result.exit_code == 1
    database = Database.open(db_url)
    with database.session() as s:
        assert not s.get(t.Debtor, 3).name.startswith("Erased")
    database.close()
