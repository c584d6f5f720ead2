"""The payer record: how this client has paid so far (is this the first time they pay late?)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dunning_tui.domain.enums import InvoiceStatus, PromiseStatus
from dunning_tui.domain.models import InvoiceView, PaymentView
from dunning_tui.domain.promises import PromiseResult


@dataclass(frozen=True, slots=True)
class PayerRecord:
    promises_made: int
    """Promises not cancelled, including the pending ones."""
    promises_kept: int
    promises_partly_kept: int
    promises_broken: int
    promises_pending: int
    paid_invoices: int
    """Invoices fully paid by dated payments (the base of the average)."""
    paid_late: int
    """Of those, how many were paid after their due date."""
    average_days_late: float | None
    """Mean days between due date and full payment (0 for an invoice paid on time); None if no data."""
    late_now: int
    """Open invoices past their due date at ``today``."""

    @property
    def first_time_late(self) -> bool:
        """No invoice was ever paid late and no promise was ever missed before."""
        return self.paid_late == 0 and self.promises_broken == 0 and self.promises_partly_kept == 0

    @property
    def kept_ratio(self) -> float | None:
        resolved = self.promises_kept + self.promises_partly_kept + self.promises_broken
        return self.promises_kept / resolved if resolved else None


def settled_on(invoice: InvoiceView, payments: Iterable[PaymentView]) -> date | None:
    """The day the dated payments on the invoice reached its total, if they did."""
    running = Decimal(0)
    for p in sorted(payments, key=lambda p: (p.paid_on, p.id)):
        if p.invoice_number != invoice.number:
            continue
        running += p.amount
        if running >= invoice.total:
            return p.paid_on
    return None


def payer_record(
    invoices: Iterable[InvoiceView],
    payments: Iterable[PaymentView],
    promise_results: Iterable[PromiseResult],
    today: date,
) -> PayerRecord:
    pays = list(payments)
    delays: list[int] = []
    late_now = 0
    for inv in invoices:
        if inv.status in (InvoiceStatus.CANCELLED, InvoiceStatus.WRITTEN_OFF) or inv.total <= 0:
            continue
        if inv.is_open():
            late_now += inv.due_date < today
            continue
        day = settled_on(inv, pays)
        if day is not None:
            delays.append(max(0, (day - inv.due_date).days))
    counts = dict.fromkeys(PromiseStatus, 0)
    for r in promise_results:
        counts[r.status] += 1
    return PayerRecord(
        promises_made=sum(counts.values()) - counts[PromiseStatus.CANCELLED],
        promises_kept=counts[PromiseStatus.KEPT],
        promises_partly_kept=counts[PromiseStatus.PARTLY_KEPT],
        promises_broken=counts[PromiseStatus.BROKEN],
        promises_pending=counts[PromiseStatus.PENDING],
        paid_invoices=len(delays),
        paid_late=sum(1 for d in delays if d > 0),
        average_days_late=round(sum(delays) / len(delays), 1) if delays else None,
        late_now=late_now,
    )
