"""The queue's plain request and answer types (no SQL: the screens use them too)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """What the queue shows: every overdue debtor, only those with an action due, or broken promises."""

    due_only: bool = False
    broken_only: bool = False
    search: str = ""
    owner: str | None = None
    """Only the debtors of this owner ("" for those nobody owns); None for everyone's."""


@dataclass(frozen=True, slots=True)
class QueueSummary:
    """The whole queue in a few figures: how many debtors, how much overdue per currency, and how
    many of those debtors have something due today (the others are listed last, nothing due)."""

    count: int = 0
    overdue: dict[str, Decimal] = field(default_factory=dict)
    due: int = 0

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[Any]]) -> QueueSummary:
        """From (currency, tier, debtors, overdue cents) rows, one per currency and tier."""
        from dunning_tui.domain.priority import NOTHING_DUE

        overdue: dict[str, int] = {}
        count = due = 0
        for currency, tier, debtors, cents in rows:
            count += int(debtors)
            due += int(debtors) if tier < NOTHING_DUE else 0
            overdue[currency] = overdue.get(currency, 0) + int(cents)
        return cls(count, {cur: Decimal(cents).scaleb(-2) for cur, cents in overdue.items()}, due)
