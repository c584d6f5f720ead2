"""Promise lifecycle (kept, partly kept, broken, pending), payment plans and the payer record."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dunning_tui.domain.enums import PromiseStatus
from dunning_tui.domain.models import PaymentView
from dunning_tui.domain.promises import evaluate_promise, evaluate_promises
from tests.domain.factories import invoice, payment, promise

MADE = date(2025, 9, 1)
P = promise(date(2025, 9, 10), "500.00", made=MADE)
GRACE = 2


def status(payments: list[PaymentView], today: date) -> PromiseStatus:
    return evaluate_promise(P, payments, today, GRACE)


def test_pending_until_date_plus_grace() -> None:
    assert status([], date(2025, 9, 5)) == PromiseStatus.PENDING
    assert status([], date(2025, 9, 12)) == PromiseStatus.PENDING  # 10th + 2 days of grace
    assert status([], date(2025, 9, 13)) == PromiseStatus.BROKEN


def test_kept_as_soon_as_covered() -> None:
    assert status([payment("F-1", date(2025, 9, 4), "500.00")], date(2025, 9, 5)) == PromiseStatus.KEPT
    # Two payments, the second within the grace days.
    pays = [
        payment("F-1", date(2025, 9, 9), "200.00", id=1),
        payment("F-1", date(2025, 9, 12), "300.00", id=2),
    ]
    assert status(pays, date(2025, 9, 20)) == PromiseStatus.KEPT


def test_partly_kept_and_late_money() -> None:
    part = [payment("F-1", date(2025, 9, 9), "200.00")]
    assert status(part, date(2025, 9, 11)) == PromiseStatus.PENDING
    assert status(part, date(2025, 9, 13)) == PromiseStatus.PARTLY_KEPT
    late = [payment("F-1", date(2025, 9, 13), "500.00")]
    assert status(late, date(2025, 9, 20)) == PromiseStatus.BROKEN


def test_only_payments_on_its_invoices_made_after_the_promise_count() -> None:
    before = payment("F-1", date(2025, 8, 31), "500.00", id=1)
    other_invoice = payment("F-9", date(2025, 9, 5), "500.00", id=2)
    assert status([before, other_invoice], date(2025, 9, 13)) == PromiseStatus.BROKEN
    any_invoice = promise(date(2025, 9, 10), "500.00", made=MADE, invoices=())
    assert evaluate_promise(any_invoice, [other_invoice], date(2025, 9, 13), GRACE) == PromiseStatus.KEPT


def test_cancelled_stays_cancelled() -> None:
    cancelled = promise(date(2025, 9, 10), "500.00", made=MADE, status=PromiseStatus.CANCELLED)
    assert evaluate_promise(cancelled, [], date(2025, 10, 1), GRACE) == PromiseStatus.CANCELLED


def test_payment_plan_instalments_take_payments_in_date_order() -> None:
    # Three instalments of 300 on the 10th of Oct, Nov and Dec; 450 paid on 8 Oct, 150 on 9 Nov.
    plan = [
        promise(date(2025, 10, 10), "300.00", made=MADE, id=1, plan_id=7),
        promise(date(2025, 11, 10), "300.00", made=MADE, id=2, plan_id=7),
        promise(date(2025, 12, 10), "300.00", made=MADE, id=3, plan_id=7),
    ]
    pays = [
        payment("F-1", date(2025, 10, 8), "450.00", id=1),
        payment("F-1", date(2025, 11, 9), "150.00", id=2),
    ]
    results = evaluate_promises(plan, pays, date(2025, 12, 20), GRACE)
    assert [r.status for r in results] == [PromiseStatus.KEPT, PromiseStatus.KEPT, PromiseStatus.BROKEN]
    assert [r.paid_toward for r in results] == [Decimal("300.00"), Decimal("300.00"), Decimal("0.00")]
    # The same payment never counts twice.
    assert sum(r.paid_toward for r in results) <= Decimal("600.00")
    assert results[2].check_date == date(2025, 12, 13)


def test_by_default_the_check_is_the_day_after_the_promised_date_and_every_sentence_says_so() -> None:
    from dunning_tui.domain.enums import DebtorKind
    from dunning_tui.domain.models import DebtorFile, DebtorView
    from dunning_tui.domain.promises import check_when
    from dunning_tui.script.context import build_context
    from dunning_tui.settings import CadenceSettings

    delay = CadenceSettings().bank_delay_days
    assert delay == 0
    (result,) = evaluate_promises([P], [], date(2025, 9, 10), delay)
    assert result.check_date == date(2025, 9, 11)  # 10 September + 1
    assert evaluate_promise(P, [], date(2025, 9, 11), delay) == PromiseStatus.BROKEN
    assert (check_when(0, "fr_FR"), check_when(0, "en")) == ("le lendemain", "the day after")
    # A bank delay of 3 days: money up to the 13th counts, the check is on the 14th, 4 days after.
    (late,) = evaluate_promises([P], [], date(2025, 9, 10), 3)
    assert late.check_date == date(2025, 9, 14) and check_when(3, "fr") == "4 jours après"

    debtor = DebtorView(
        id=1, key="D", name="Studio Lumière", kind=DebtorKind.BUSINESS, country="FR", language="fr"
    )
    file = DebtorFile(debtor=debtor, invoices=(invoice("F-1", date(2025, 8, 31), "500.00"),))
    context = build_context(
        file,
        today=MADE,
        latest_date=None,
        creditor="Atelier",
        caller="Atelier",
        locale="fr_FR",
        bank_delay_days=3,
    )
    assert context.values["check_when"] == "4 jours après"
