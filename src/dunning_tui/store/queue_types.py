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
    """The whole queue in two figures: how many debtors, and how much overdue per currency."""

    count: int = 0
    overdue: dict[str, Decimal] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[Any]]) -> QueueSummary:
        """From (currency, debtors, overdue cents) rows, one per currency."""
        rows = list(rows)
        return cls(
            count=sum(int(n) for _cur, n, _cents in rows),
            overdue={cur: Decimal(int(cents)).scaleb(-2) for cur, _n, cents in rows},
        )
