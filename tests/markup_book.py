"""A book whose every text field holds markup, the way a hostile or unlucky import would fill it."""

from __future__ import annotations

from sqlalchemy import update

from dunning_tui.store import tables as t
from dunning_tui.store.database import Database
from dunning_tui.store.demo import load_demo
from tests.conftest import TODAY

HOSTILE = (
    "Bad [/] Name",
    "Jo [/bold] Smith",
    "[link=file:///etc/passwd]x[/link]",
    "[@click=app.quit]Q[/]",
    "Ann [b]bold[/b] $accent [/red",
    "Share C:\\",
)


def hostile_book(database: Database, debtors: int = 10) -> None:
    """The demo book with markup in names, contacts, reasons, notes and references."""
    with database.session() as s:
        load_demo(s, debtors=debtors, seed=7, today=TODAY)
    with database.session() as s:
        for debtor_id in range(1, debtors + 1):
            text = HOSTILE[debtor_id % len(HOSTILE)]
            s.execute(
                update(t.Debtor)
                .where(t.Debtor.id == debtor_id)
                .values(name=f"{text} {debtor_id}", profile_notes=text, address=text, pause_reason=text)
            )
            s.execute(update(t.Contact).where(t.Contact.debtor_id == debtor_id).values(name=text, role=text))
            s.execute(
                update(t.Invoice)
                .where(t.Invoice.debtor_id == debtor_id)
                .values(po_reference=text, dispute_reason=text, client_remarks=text)
            )
            s.execute(
                update(t.NextAction)
                .where(t.NextAction.debtor_id == debtor_id)
                .values(reason=t.NextAction.reason + text)
            )
            s.execute(update(t.Call).where(t.Call.debtor_id == debtor_id).values(notes=text, summary=text))
            s.execute(
                update(t.ContactEvent).where(t.ContactEvent.debtor_id == debtor_id).values(summary=text)
            )
