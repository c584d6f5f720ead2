"""The queue shows what can be chased now, and the debtor's file shows the disputed amount on hold.

F-1 1,000 (30 days late), F-2 2,000 (60 days late) of which 500 disputed, F-3 3,000 (91 days
late) disputed whole: the queue's row says 2,500 overdue, 60 days late; the file says 3,500 on hold.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import text
from tests.conftest import TODAY
from tests.documents.helpers import THREE_LATE_INVOICES, add_debtor
from tests.tui.helpers import call_ready, queue_loaded, wait_for


def _book(database) -> int:
    with database.session() as session:
        debtor = add_debtor(session, invoices=THREE_LATE_INVOICES)
        session.execute(
            text(
                "UPDATE invoices SET status = 'disputed', dispute_reason = 'incomplete', "
                "disputed_cents = CASE number WHEN 'F-2' THEN 50000 END "
                "WHERE debtor_id = :d AND number IN ('F-2', 'F-3')"
            ),
            {"d": debtor},
        )
        session.commit()
    return debtor


@pytest.mark.parametrize(
    ("language", "overdue", "held", "part"),
    [
        ("en", "€2,500.00", "on hold while disputed: €3,500.00", "on hold while disputed: €500.00"),
        (
            "fr",
            "2\u202f500,00\u00a0€",
            "en attente pendant le litige\u00a0: 3\u202f500,00\u00a0€",
            "en attente pendant le litige\u00a0: 500,00\u00a0€",
        ),
    ],
)
async def test_the_queue_shows_what_is_chased_and_the_file_what_waits(
    settings, database, language, overdue, held, part
) -> None:
    from dunning_tui.tui.app import build_app

    debtor = _book(database)
    app = build_app(settings.model_copy(update={"language": language, "locale": ""}), database, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, queue_loaded(pilot))
        (entry,) = app.screen.entries
        assert (entry.debtor_id, entry.total_overdue, entry.days_late) == (debtor, Decimal("2500.00"), 60)
        row = [str(cell) for cell in app.screen.query_one("#queue-table").get_row_at(0)]
        assert overdue in row and "60" in " ".join(row)
        await pilot.press("enter")
        await wait_for(pilot, lambda: getattr(app.screen, "file", None) is not None)
        await wait_for(pilot, lambda: held in str(app.screen.query_one("#file-title").render()))
        brief = str(app.screen.query_one("#file-brief").render())
        assert part in brief
        # The call's narrow pane says it too, beside F-2's balance, so the caller asks for the rest.
        await pilot.press("c")
        await wait_for(pilot, call_ready(pilot))
        pane = str(app.screen.query_one("#call-brief-text").render())
        f2 = next(line for line in pane.splitlines() if line.startswith("F-2"))
        assert part in f2
