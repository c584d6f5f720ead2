"""Who pays: how a client has paid so far (is this the first time they pay late? better or worse?).

The store adds these up in SQL (``store/report.py``, :func:`payer_figures`); the definitions:

* *promises made*: the debtor's promises not cancelled (each instalment of a plan is one),
  including the pending ones; *kept*, *partly kept*, *broken*, *pending* by the status the
  follow-up engine gave them (``promises.py``);
* *paid invoices*: invoices (open or disputed, not cancelled or written off) that dated payments
  fully paid by the day of the figures; an invoice's *days late* is the days from its due date to
  the payment that completed it, 0 when paid on time;
* *average days late*: the mean of those days late over the paid invoices;
* *trend*: the mean days late of the *recent* invoices — paid within :data:`TREND_DAYS` days before
  the day of the figures, plus the open invoices already past due, counted with their days late so
  far — against that of the invoices paid earlier: **better** when at least :data:`TREND_MARGIN`
  days less late, **worse** when at least as much more, else **steady**; none without both.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

TREND_DAYS = 180
TREND_MARGIN = 3.0


class Trend(StrEnum):
    BETTER = "better"
    STEADY = "steady"
    WORSE = "worse"


@dataclass(frozen=True, slots=True)
class PayerFigures:
    debtor_id: int
    name: str = ""
    promises_made: int = 0
    """Promises not cancelled, including the pending ones."""
    promises_kept: int = 0
    promises_partly_kept: int = 0
    promises_broken: int = 0
    promises_pending: int = 0
    paid_invoices: int = 0
    paid_late: int = 0
    """Of the paid invoices, those paid after their due date."""
    days_late: int = 0
    """The paid invoices' days late, added up."""
    recent_days: int = 0
    recent_count: int = 0
    earlier_days: int = 0
    earlier_count: int = 0
    late_now: int = 0
    """Open invoices past their due date."""

    @property
    def average_days_late(self) -> float | None:
        return round(self.days_late / self.paid_invoices, 1) if self.paid_invoices else None

    @property
    def first_time_late(self) -> bool:
        """No invoice was ever paid late and no promise was ever missed before."""
        return self.paid_late == 0 and self.promises_broken == 0 and self.promises_partly_kept == 0

    @property
    def kept_ratio(self) -> float | None:
        """Promises kept over those made whose outcome is known (pending ones left out)."""
        resolved = self.promises_kept + self.promises_partly_kept + self.promises_broken
        return self.promises_kept / resolved if resolved else None

    @property
    def trend(self) -> Trend | None:
        if not self.recent_count or not self.earlier_count:
            return None
        change = self.recent_days / self.recent_count - self.earlier_days / self.earlier_count
        if change <= -TREND_MARGIN:
            return Trend.BETTER
        if change >= TREND_MARGIN:
            return Trend.WORSE
        return Trend.STEADY
