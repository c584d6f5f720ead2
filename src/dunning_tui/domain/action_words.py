"""The words of planned actions: stored as codes and data, worded in the reader's language.

Kept apart from the planner: the queue shows a due action's words on its first frame, and this
module loads nothing heavy (babel only once a coded date or amount is worded).
"""

from __future__ import annotations

from dunning_tui.domain.enums import ActionKind
from dunning_tui.words import coded, spoken_day, spoken_money, worded

__all__ = ["coded", "due_note", "reason_code", "spoken_day", "spoken_money"]


def reason_code(key: str, **values: object) -> str:
    """A next action's reason to store: the message ``action.<key>`` and its data."""
    return coded(f"action.{key}", **values)


def due_note(kind: ActionKind | None, reason: str, language: str = "en") -> str:
    """A due action's words as shown: a coded reason worded, a commitment in the user's own words."""
    text = worded(reason, language)
    if kind is ActionKind.COMMITMENT:
        return worded(coded("action.commitment", words=text), language)
    return text
