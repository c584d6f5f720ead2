"""When a debtor's follow-up next changes if nothing but the calendar moves.

The day's follow-up (:func:`~dunning_tui.domain.cadence.plan_next_actions` and
:func:`~dunning_tui.domain.promises.evaluate_promises`) depends on the facts and on the day. Between
two days, a debtor whose facts did not change needs planning again only if the plan of some day in
between differs from the one already written. :func:`next_replan` finds the first such day with the
planner itself: it plans the facts as they stand once the day's plan is written, with a day that
notes every date it is compared with. The planner sees the day only through those comparisons, so
its answer stays the same until the next day one of them turns; any other use of the day (a count
of days, a day written into words) makes the next day the next replan. No rule is written twice:
a new rule in the planner is taken into account by the same note-taking.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from dunning_tui.domain.cadence import ActionPlan, plan_next_actions
from dunning_tui.domain.enums import PromiseStatus, Stage
from dunning_tui.domain.escalation import CadenceLike, FollowUpFacts
from dunning_tui.domain.models import ActionView
from dunning_tui.domain.promises import PromiseResult, evaluate_promises

ONE_DAY = timedelta(days=1)


class _WatchedDay(date):
    """A day that notes the dates it is compared with, and whether it was used any other way."""

    compared: list[date]
    other_use: bool

    @classmethod
    def of(cls, day: date) -> _WatchedDay:
        watched = cls(day.year, day.month, day.day)
        object.__setattr__(watched, "compared", [])
        object.__setattr__(watched, "other_use", False)
        return watched

    def _note(self, other: object) -> None:
        if isinstance(other, date) and not isinstance(other, datetime):
            date.__getattribute__(self, "compared").append(other)

    def _plain(self) -> date:
        object.__setattr__(self, "other_use", True)
        return date.fromordinal(date.toordinal(self))

    def __lt__(self, other: object) -> bool:
        self._note(other)
        return date.__lt__(self, other)  # type: ignore[operator]

    def __le__(self, other: object) -> bool:
        self._note(other)
        return date.__le__(self, other)  # type: ignore[operator]

    def __gt__(self, other: object) -> bool:
        self._note(other)
        return date.__gt__(self, other)  # type: ignore[operator]

    def __ge__(self, other: object) -> bool:
        self._note(other)
        return date.__ge__(self, other)  # type: ignore[operator]

    def __eq__(self, other: object) -> bool:
        self._note(other)
        return date.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        self._note(other)
        return date.__ne__(self, other)

    __hash__ = date.__hash__

    # Anything else done with the day (arithmetic, its parts, its words): the plan may change daily.
    def __add__(self, other: Any) -> Any:
        return self._plain() + other

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        return self._plain() - other

    def __rsub__(self, other: Any) -> Any:
        return other - self._plain()

    def __str__(self) -> str:
        return str(self._plain())

    def __format__(self, spec: str) -> str:
        return format(self._plain(), spec)

    def __getattribute__(self, name: str) -> Any:
        if name in ("_note", "_plain", "__class__", "__dict__"):
            return object.__getattribute__(self, name)
        if not name.startswith("__"):
            return getattr(object.__getattribute__(self, "_plain")(), name)
        return object.__getattribute__(self, name)


#: Days looked at past the first one a comparison could turn: most turn nothing (an invoice falls
#: due behind an older one), and a debtor planned again for nothing costs a new day its facts.
LOOKS = 3


def next_replan(facts: FollowUpFacts, today: date, cadence: CadenceLike, language: str = "en") -> date | None:
    """The first day after ``today`` on which planning these facts gives another answer than
    today's: other actions or promise statuses to write, or another stage (None: never, while the
    facts stay as they are).

    ``facts`` are the facts once today's plan is written (:func:`applied`). A plan that would still
    change something today makes tomorrow the answer. From today, the planner is run on each day
    where one of its comparisons turns, up to :data:`LOOKS` of them: between two such days it
    answers alike.
    """
    day: date = today
    stage = None
    for _ in range(LOOKS):
        watched = _WatchedDay.of(day)
        results = evaluate_promises(facts.promises, facts.payments, watched, cadence.bank_delay_days)
        plan = plan_next_actions(facts, watched, cadence, language)
        changes = bool(plan.create or plan.moot or plan.reword) or any(
            promise.status is not PromiseStatus.CANCELLED and result.status is not promise.status
            for promise, result in zip(facts.promises, results, strict=True)
        )
        if changes or (stage is not None and plan.stage.stage is not stage):
            return max(day, today + ONE_DAY)
        stage = plan.stage.stage
        if object.__getattribute__(watched, "other_use"):
            return day + ONE_DAY
        turns = [
            turn
            for seen in object.__getattribute__(watched, "compared")
            for turn in (seen, seen + ONE_DAY if seen < date.max else seen)
            if turn > day
        ]
        if not turns:
            return None
        day = min(turns)
    return day


@dataclass(frozen=True, slots=True)
class Outlook:
    """What the day's follow-up keeps for a debtor once its plan is written."""

    stage: Stage
    replan_on: date | None


def applied(
    facts: FollowUpFacts, results: tuple[PromiseResult, ...], plan: ActionPlan, now: datetime
) -> FollowUpFacts:
    """The facts as the store leaves them once ``results`` and ``plan`` are written at ``now``: the
    promises' statuses, the moot actions closed, the kept ones reworded, the new ones open (numbered
    after the existing ones, in the order they are written)."""
    statuses = {r.promise.id: r.status for r in results if r.promise.status is not PromiseStatus.CANCELLED}
    promises = tuple(replace(p, status=statuses.get(p.id, p.status)) for p in facts.promises)
    closed = {m.action_id for m in plan.moot}
    words = {r.action_id: r.reason for r in plan.reword}
    actions = [
        replace(a, done_at=now) if a.id in closed else replace(a, reason=words[a.id]) if a.id in words else a
        for a in facts.actions
    ]
    first = max((a.id for a in facts.actions), default=0) + 1
    actions += [
        ActionView(first + n, p.kind, p.due_date, p.due_time, p.reason) for n, p in enumerate(plan.create)
    ]
    return replace(facts, promises=promises, actions=tuple(actions))


def outlook(
    facts: FollowUpFacts,
    results: tuple[PromiseResult, ...],
    plan: ActionPlan,
    today: date,
    now: datetime,
    cadence: CadenceLike,
    language: str = "en",
) -> Outlook:
    """The stage the queue shows and the next day to plan again, once ``plan`` is written."""
    return Outlook(
        plan.stage.stage, next_replan(applied(facts, results, plan, now), today, cadence, language)
    )
