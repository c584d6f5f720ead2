"""The payment form: one amount over several invoices, the split shown before saving, and nothing
closed silently."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from tests.conftest import TODAY
from tests.tui.helpers import on_screen, queue_loaded, wait_for

from dunning_tui.store import tables as t


async def _payment_form(pilot):
    await wait_for(pilot, queue_loaded(pilot))
    await pilot.press("enter")
    await wait_for(pilot, lambda: getattr(pilot.app.screen, "file", None) is not None)
    file = pilot.app.screen.file
    await pilot.press("p")
    await wait_for(pilot, on_screen(pilot, "PaymentScreen"))
    return file


async def test_a_payment_of_two_invoices_is_split_oldest_first_and_shown_before_saving(app, demo_db) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        file = await _payment_form(pilot)
        form = app.screen
        oldest = sorted(file.open_invoices, key=lambda i: (i.due_date, i.issue_date))
        first, second = oldest[0], oldest[1]
        both = first.balance + second.balance  # the client pays the whole of the two oldest
        await pilot.press("ctrl+a", "ctrl+k", *str(both))
        app.screen.query_one("#p-date").focus()
        await pilot.press("ctrl+a", "ctrl+k", *"yesterday")  # read in the past
        await wait_for(pilot, lambda: len(form.allocated) == 2)
        assert form.allocated == [(first.number, first.balance), (second.number, second.balance)]
        assert first.number in str(form.query_one("#p-allocation").render())
        await pilot.press("ctrl+s")
        await wait_for(pilot, on_screen(pilot, "DebtorScreen"), timeout=15)
    with demo_db.session() as session:
        rows = session.execute(
            select(t.Invoice.number, t.Payment.amount_cents, t.Payment.paid_on)
            .join(t.Invoice, t.Invoice.id == t.Payment.invoice_id)
            .where(
                t.Invoice.number.in_((first.number, second.number)),
                t.Payment.paid_on == TODAY - timedelta(days=1),
            )
            .order_by(t.Invoice.due_date)
        ).all()
    assert [(n, Decimal(c) / 100) for n, c, _ in rows] == [
        (first.number, first.balance),
        (second.number, second.balance),
    ]


async def test_what_cannot_be_saved_keeps_the_form_open_with_the_reason(app, demo_db) -> None:
    from sqlalchemy import func

    with demo_db.session() as session:
        before = session.scalar(select(func.count()).select_from(t.Payment))
    async with app.run_test(size=(80, 24)) as pilot:
        file = await _payment_form(pilot)
        form = app.screen
        too_much = sum((i.balance for i in file.open_invoices), Decimal(0)) + Decimal("1.00")
        await pilot.press("ctrl+a", "ctrl+k", *str(too_much))
        await wait_for(pilot, lambda: bool(form.problem))
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        assert app.screen is form  # still open, saying why
        assert str(form.query_one("#p-problem").render()).strip()
        form.query_one("#p-date").focus()
        await pilot.press("ctrl+a", "ctrl+k", *"31/12/2099")  # a payment received in the future
        await wait_for(pilot, lambda: "future" in form.problem)
        await pilot.press("escape")
    with demo_db.session() as session:
        assert session.scalar(select(func.count()).select_from(t.Payment)) == before  # nothing written


async def test_the_split_shown_is_that_of_the_amount_typed_last(app, monkeypatch) -> None:
    """Each key typed in the amount asks for its split; one asked earlier that comes back later
    does not replace the split of the amount now in the field."""
    import threading

    from dunning_tui.services import Services

    real = Services.pay
    earlier_may_go, earlier_back = threading.Event(), threading.Event()
    async with app.run_test(size=(80, 24)) as pilot:
        file = await _payment_form(pilot)
        form = app.screen
        first, second = sorted(file.open_invoices, key=lambda i: (i.due_date, i.issue_date))[:2]
        both = first.balance + second.balance

        def pay(self, debtor_id, payment, split=None, *, dry_run=False):
            if dry_run and payment.amount != both:  # the amounts typed on the way there
                assert earlier_may_go.wait(10)
                try:
                    return real(self, debtor_id, payment, split, dry_run=dry_run)
                finally:
                    earlier_back.set()
            return real(self, debtor_id, payment, split, dry_run=dry_run)

        monkeypatch.setattr(Services, "pay", pay)
        await pilot.press("ctrl+a", "ctrl+k", *str(both))
        await wait_for(pilot, lambda: len(form.allocated) == 2)
        earlier_may_go.set()
        assert earlier_back.wait(10)
        await pilot.pause(0.5)
        assert form.allocated == [(first.number, first.balance), (second.number, second.balance)]
