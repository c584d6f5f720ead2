"""A dispute holds only what it disputes: the rest of the debt keeps being chased.

One debtor, three invoices, on 30 July 2025 (hand-computed figures):

* F-1  1,000.00 due 30 June, open: chased in full;
* F-2  2,000.00 due 31 May, disputed for 500.00: 1,500.00 chased, 500.00 on hold;
* F-3  3,000.00 due 30 April, disputed whole: 3,000.00 on hold.

What is chased: 1,000 + 1,500 = 2,500.00, the oldest chased due date 31 May, so 60 days late
(not the 6,000.00 and 91 days of every open invoice); on hold: 500 + 3,000 = 3,500.00.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from decimal import Decimal

from dunning_tui.domain.cadence import plan_next_actions
from dunning_tui.domain.enums import ActionKind, Channel, DebtorKind, InvoiceStatus, Outcome, Stage
from dunning_tui.domain.escalation import FollowUpFacts, current_stage
from dunning_tui.domain.models import CallView, DebtorFile, DebtorView, InvoiceView
from dunning_tui.domain.penalties import compute_penalties
from dunning_tui.settings import CadenceSettings
from tests.domain.factories import action, event, invoice

CAD = CadenceSettings()  # first call 7, repeat 6, written reminder at 30 days late, notice 8
TODAY = date(2025, 7, 30)
DOCUMENTS_DUE = date(2025, 8, 20)


def _disputed(view: InvoiceView, amount: str | None) -> InvoiceView:
    return replace(
        view,
        status=InvoiceStatus.DISPUTED,
        disputed_amount=Decimal(amount) if amount is not None else None,
    )


INVOICES = (
    invoice("F-1", date(2025, 6, 30), "1000.00", id=1),
    _disputed(invoice("F-2", date(2025, 5, 31), "2000.00", id=2), "500.00"),
    _disputed(invoice("F-3", date(2025, 4, 30), "3000.00", id=3), None),
)
DISPUTE_CALL = CallView(
    id=1,
    started_at=datetime.combine(date(2025, 7, 25), time(10, 0)),
    ended_at=None,
    outcome=Outcome.DISPUTE,
    notes="",
    documents_due=DOCUMENTS_DUE,
)
FACTS = FollowUpFacts(debtor_id=1, invoices=INVOICES, calls=(DISPUTE_CALL,))
FILE = DebtorFile(
    debtor=DebtorView(id=1, key="d1", name="Lefèvre", kind=DebtorKind.BUSINESS, country="FR", language="en"),
    invoices=INVOICES,
    calls=(DISPUTE_CALL,),
)


def test_each_invoice_says_what_is_chased_and_what_waits() -> None:
    f1, f2, f3 = INVOICES
    assert (f1.chased, f1.on_hold) == (Decimal("1000.00"), Decimal("0.00"))
    assert (f2.chased, f2.on_hold) == (Decimal("1500.00"), Decimal("500.00"))
    assert (f3.chased, f3.on_hold) == (Decimal("0.00"), Decimal("3000.00"))
    assert [i.is_chased() for i in INVOICES] == [True, True, False]
    # Payments go to the undisputed part first: 1,800 paid on F-2 leaves 200, all of it disputed.
    assert (replace(f2, paid=Decimal("1800.00")).chased, replace(f2, paid=Decimal("1800.00")).on_hold) == (
        Decimal("0.00"),
        Decimal("200.00"),
    )
    # A disputed amount larger than the invoice holds it whole.
    assert _disputed(f1, "1200.00").on_hold == Decimal("1000.00")


def test_the_file_counts_what_is_chased_and_shows_the_disputed_amount_apart() -> None:
    assert FILE.overdue_balance(TODAY) == Decimal("2500.00")
    assert FILE.on_hold_balance() == Decimal("3500.00")
    assert FILE.days_late(TODAY) == 60  # from 31 May, F-3's 30 April waits
    assert FILE.balance == Decimal("6000.00")  # still owed in all
    assert [i.number for i in FILE.chased_invoices(TODAY)] == ["F-1", "F-2"]
    assert FACTS.overdue_balance(TODAY) == Decimal("2500.00")
    assert FACTS.days_late(TODAY) == 60


def test_the_ladder_goes_on_for_the_undisputed_invoices_while_the_disputed_ones_wait() -> None:
    # 31 May + 30 days = 30 June: the written reminder is due; the dispute of 25 July (documents due
    # 20 August) holds F-3 and half of F-2, not F-1 and the rest of F-2.
    info = current_stage(FACTS, TODAY, CAD)
    assert info.due and info.stage == Stage.WRITTEN_REMINDER and info.next_date == date(2025, 6, 30)
    assert "dispute" not in info.reason
    # The reminder sent on 30 July, nobody reached since: the generic email on 5 August (+6).
    sent = replace(FACTS, events=(event(TODAY, Channel.LETTER, id=1),))
    info = current_stage(sent, date(2025, 8, 5), CAD)
    assert info.due and info.next_stage == Stage.GENERIC_EMAIL and info.next_date == date(2025, 8, 5)
    # The email sent on 5 August: the formal notice on 11 August (+6), before the documents' day.
    emailed = replace(sent, events=(*sent.events, event(date(2025, 8, 5), Channel.EMAIL, id=2)))
    assert not current_stage(emailed, date(2025, 8, 10), CAD).due
    info = current_stage(emailed, date(2025, 8, 11), CAD)
    assert info.due and info.stage == Stage.FORMAL_NOTICE and info.next_date == date(2025, 8, 11)
    assert info.next_date < DOCUMENTS_DUE


def test_when_everything_overdue_is_disputed_the_ladder_waits() -> None:
    # F-1 paid, F-2 disputed whole: nothing left to chase. The dispute's day passes, nothing comes due.
    paid = replace(INVOICES[0], paid=Decimal("1000.00"))
    facts = replace(FACTS, invoices=(paid, _disputed(INVOICES[1], None), INVOICES[2]))
    assert facts.overdue_balance(TODAY) == Decimal("0.00")
    info = current_stage(facts, TODAY, CAD)
    assert not info.due and info.stage == Stage.CALLS and info.next_date == DOCUMENTS_DUE
    assert "held by the dispute until 20 August 2025" in info.reason
    assert "every overdue invoice is disputed" in info.reason
    later = current_stage(facts, date(2025, 9, 15), CAD)
    assert not later.due and "every overdue invoice is disputed" in later.reason
    # No routine call, no escalation about disputed invoices; a planned call is withdrawn.
    waiting = replace(facts, actions=(action(ActionKind.CADENCE_CALL, date(2025, 8, 1), id=7),))
    plan = plan_next_actions(waiting, date(2025, 8, 1), CAD)
    assert plan.create == () and [m.action_id for m in plan.moot] == [7]


def test_the_penalties_claim_the_undisputed_part_and_hold_the_disputed_one() -> None:
    report = compute_penalties(INVOICES, (), debtor_kind=DebtorKind.BUSINESS, jurisdiction="FR", today=TODAY)
    claimed = {line.invoice_number: line for line in report.lines}
    # F-2's 1,500 from 1 June: 30 days at 13.15 % (H1 2025) and 30 at 12.15 % (H2 2025):
    # 16.2123 + 14.9795 = 31.19; F-1's 1,000 from 1 July: 30 days at 12.15 % = 9.99.
    assert claimed["F-2"].balance == Decimal("1500.00") and claimed["F-2"].interest == Decimal("31.19")
    assert claimed["F-1"].interest == Decimal("9.99")
    assert claimed["F-2"].indemnity == claimed["F-1"].indemnity == Decimal("40.00")
    assert report.total_in("EUR").total == Decimal("121.18")  # 31.19 + 9.99 + 2 × 40
    held = {line.invoice_number: line for line in report.on_hold}
    # F-2's disputed 500 would bear 5.4041 + 4.9932 = 10.40, and no second indemnity.
    assert held["F-2"].balance == Decimal("500.00") and held["F-2"].interest == Decimal("10.40")
    assert held["F-2"].indemnity == Decimal("0.00")
    assert held["F-3"].balance == Decimal("3000.00") and held["F-3"].indemnity == Decimal("40.00")
