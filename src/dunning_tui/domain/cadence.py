"""Next actions: what to do for a debtor, and when (DOMAIN.md §1 "When to call", "Keep your word").

:func:`plan_next_actions` compares the actions the facts call for with the open ones, and returns
what to create, which open ones have become moot, and which open ones to reword (the words of a
planned action, in the user's current language and formats, replace older words for the same
action). Running it twice on the same facts, after applying its plan, proposes nothing new (it is
idempotent). The rules:

* a debtor with nothing left to pay needs nothing: every open action is moot;
* **first call** ``first_call_days`` after the oldest overdue due date when nobody has been called
  since; then a **cadence call** ``repeat_days`` after the last call; no cadence call is planned on or
  after ``escalate_after_days`` late: from then on the ladder (``escalation``) takes over;
* at most one open cadence call (first or cadence) per debtor; an open one dated on or after the
  planned day is kept (the user may have postponed it), an earlier one is replaced;
* no cadence call while a call-back is booked, a promise is pending or a missed promise awaits
  its call: those calls replace it;
* a pending **promise** is checked the day after its date plus the bank delay days; when that day comes
  the promise is either kept (the check is moot) or missed (a **broken-promise** call, at once);
* a missed promise stops surfacing once someone has called after it or a new promise replaced it;
* after ``SMS_AFTER_UNANSWERED`` unanswered calls in a row, the next routine call says to send a
  text message first, and gives its words (DOMAIN.md §1: an unreachable client gets a regular SMS);
* a **call-back** is booked by the outcome form (:func:`call_back_action`); it becomes moot once a
  call took place at or after its time;
* a **commitment** (:func:`commitment_action`) stays until done, unless the debt is paid;
* an **escalation** step is proposed when the ladder says it is due; after a formal notice, a
  **notice deadline** action the day after its deadline;
* a dunning pause pushes every new action to the end of the pause;
* while every overdue invoice is disputed, no routine call and no escalation step is planned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from dunning_tui.domain.action_words import due_note, reason_code
from dunning_tui.domain.enums import ActionKind, Stage
from dunning_tui.domain.escalation import (
    CadenceLike,
    Episode,
    FollowUpFacts,
    StageInfo,
    episode,
    stage_of,
    step_code,
)
from dunning_tui.domain.models import ActionView, CallView, PromiseView
from dunning_tui.words import Money

CADENCE_KINDS = frozenset({ActionKind.FIRST_CALL, ActionKind.CADENCE_CALL})
"""The routine calls: never two of them open for one debtor."""

SMS_AFTER_UNANSWERED = 2
"""Unanswered calls in a row after which the next call starts with a text message."""


@dataclass(frozen=True, slots=True)
class PlannedAction:
    """An action to create (the store turns it into a row)."""

    kind: ActionKind
    due_date: date
    due_time: time | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class MootAction:
    """An open action the facts have made pointless; the store closes it with this reason."""

    action_id: int
    reason: str


@dataclass(frozen=True, slots=True)
class Reword:
    """An open action that stays, with the words the planner would write for it today."""

    action_id: int
    reason: str


@dataclass(frozen=True, slots=True)
class ActionPlan:
    create: tuple[PlannedAction, ...]
    moot: tuple[MootAction, ...]
    stage: StageInfo
    reword: tuple[Reword, ...] = ()


def commitment_action(words: str, due_date: date, due_time: time | None = None) -> PlannedAction:
    """A step the user told the debtor would follow ("formal notice on the 12th if unpaid")."""
    return PlannedAction(ActionKind.COMMITMENT, due_date, due_time, words.strip())


def commitment_line(action: ActionView | PlannedAction, language: str = "en") -> str:
    """How a due commitment is shown at the top of the queue: "You said you would: …"."""
    return due_note(ActionKind.COMMITMENT, action.reason, language)


def call_back_action(day: date, at: time | None = None, reason: str = "") -> PlannedAction:
    """The call the debtor asked for, at the agreed date and time."""
    return PlannedAction(ActionKind.CALL_BACK, day, at, reason)


def is_paid_check(action: ActionView) -> bool:
    """The check of a payment the debtor says was already made (not a promise's check)."""
    from dunning_tui.words import code_of

    return code_of(action.reason).startswith("action.check_paid")


def called_since(calls: Iterable[CallView], day: date, at: time | None = None) -> bool:
    """Whether a call started on ``day`` at or after ``at`` (any time if None), or later."""
    for c in calls:
        started = c.started_at
        if started.date() > day or (
            started.date() == day and (at is None or started.time().replace(tzinfo=None) >= at)
        ):
            return True
    return False


class _Planner:
    def __init__(self, ep: Episode, cadence: CadenceLike, language: str) -> None:
        self.ep = ep
        self.facts = ep.facts
        self.cadence = cadence
        self.language = language
        self.create: list[PlannedAction] = []
        self.moot: list[MootAction] = []
        self.reword: list[Reword] = []

    def msg(self, key: str, **values: object) -> str:
        """A reason to store, as a code and its data (worded in the reader's language when shown)."""
        return reason_code(key, **values)

    def promise_words(self, promise: PromiseView) -> dict[str, object]:
        return {"amount": Money(promise.amount, promise.currency), "date": promise.promised_date}

    def keep_words(self, kept: ActionView, wanted: PlannedAction) -> None:
        """A kept action of the planned kind takes the planned words if they changed."""
        if kept.kind is wanted.kind and kept.reason != wanted.reason:
            self.reword.append(Reword(kept.id, wanted.reason))

    def open_of(self, *kinds: ActionKind) -> list[ActionView]:
        return sorted(
            (a for a in self.facts.open_actions if a.kind in kinds),
            key=lambda a: (a.due_date, a.due_time or time.min, a.id),
        )

    def want_one(self, kinds: frozenset[ActionKind], wanted: PlannedAction | None, why_not: str) -> None:
        """At most one open action of these kinds: keep one dated on/after the wanted day, else replace."""
        existing = self.open_of(*kinds)
        keep = None
        if wanted is not None:
            keep = next((a for a in existing if a.due_date >= wanted.due_date), None)
            if keep is None:
                self.create.append(wanted)
            else:
                self.keep_words(keep, wanted)
        for a in existing:
            if a is not keep:
                self.moot.append(MootAction(a.id, why_not))

    def claimed_payment(self) -> Decimal | None:
        """What the latest "already paid" call's amount still lacks in payments dated from the day the
        debtor gave (``None`` when that call gave no amount and day)."""
        from dunning_tui.domain.enums import Outcome

        said = [c for c in self.facts.calls if c.outcome is Outcome.ALREADY_PAID]
        if not said:
            return None
        call = max(said, key=lambda c: c.started_at)
        if call.paid_amount is None or call.paid_on is None:
            return None
        received = sum((p.amount for p in self.facts.payments if p.paid_on >= call.paid_on), Decimal("0.00"))
        return call.paid_amount - received

    def promises(self) -> bool:
        """Promise checks and broken-promise calls; true if either holds the cadence."""
        ep = self.ep
        checks: dict[date, PlannedAction] = {}
        for r in ep.pending:
            day = self.facts.not_before(r.check_date)
            if day not in checks:
                reason = self.msg("check", **self.promise_words(r.promise))
                checks[day] = PlannedAction(ActionKind.PROMISE_CHECK, day, None, reason)
        claimed = self.claimed_payment()
        for a in self.open_of(ActionKind.PROMISE_CHECK):
            if is_paid_check(a):
                # The check of a payment the debtor says was made: kept until payments dated from
                # that day cover the amount they gave, or a call made since its day dealt with it.
                covered = claimed is not None and claimed <= Decimal("0.00")
                if covered or called_since(self.facts.calls, a.due_date):
                    self.moot.append(MootAction(a.id, self.msg("promise_done")))
                continue
            planned = checks.pop(a.due_date, None)
            if planned is None:
                self.moot.append(MootAction(a.id, self.msg("promise_done")))
            else:
                self.keep_words(a, planned)
        self.create.extend(checks.values())

        unhandled = ep.unhandled_missed
        broken = None
        if unhandled:
            r = unhandled[-1]
            values = self.promise_words(r.promise)
            reason = (
                self.msg("partly", paid=Money(r.paid_toward, r.promise.currency), **values)
                if r.paid_toward > 0
                else self.msg("missed", **values)
            )
            broken = PlannedAction(
                ActionKind.BROKEN_PROMISE, self.facts.not_before(unhandled[0].check_date), None, reason
            )
        # Unlike routine calls, a broken-promise call cannot be put off: one dated later is replaced.
        existing = self.open_of(ActionKind.BROKEN_PROMISE)
        keep = existing[0] if broken and existing and existing[0].due_date <= broken.due_date else None
        if broken is not None and keep is None:
            self.create.append(broken)
        elif broken is not None and keep is not None:
            self.keep_words(keep, broken)
        for a in existing:
            if a is not keep:
                self.moot.append(MootAction(a.id, self.msg("handled")))
        return bool(ep.pending or unhandled)

    def call_backs(self) -> bool:
        """Drop call-backs a later call has dealt with; true if one is still booked."""
        booked = False
        for a in self.open_of(ActionKind.CALL_BACK):
            if called_since(self.facts.calls, a.due_date, a.due_time):
                self.moot.append(MootAction(a.id, self.msg("handled")))
            else:
                booked = True
        return booked

    def cadence_call(self, held: bool) -> None:
        ep = self.ep
        wanted = None
        if not held and ep.oldest_due is not None:
            last = ep.last_call
            if last is None:
                days = self.cadence.first_call_days
                kind, day = ActionKind.FIRST_CALL, ep.oldest_due + timedelta(days=days)
                reason = self.msg("first_call", days=days)
            else:
                days = self.cadence.repeat_days
                kind, day = ActionKind.CADENCE_CALL, last + timedelta(days=days)
                reason = self.msg("cadence_call", days=days)
                unanswered = ep.unanswered_in_a_row()
                if unanswered >= SMS_AFTER_UNANSWERED:
                    numbers = ", ".join(i.number for i in self.facts.chased_invoices(ep.today))
                    text = self.msg("sms_text", invoices=numbers)
                    reason = self.msg("sms", count=unanswered, text=text)
            day = self.facts.not_before(day)
            if day < ep.oldest_due + timedelta(days=self.cadence.escalate_after_days):
                wanted = PlannedAction(kind, day, None, reason)
        self.want_one(CADENCE_KINDS, wanted, self.msg("not_now"))

    def step(self, stage: StageInfo) -> str:
        assert stage.next_stage is not None
        days = self.cadence.notice_deadline_days
        return step_code(stage.next_stage, consumer=stage.consumer, notice_days=days)

    def ladder(self, stage: StageInfo) -> None:
        escalation = notice = None
        if stage.due and stage.next_date is not None:
            if stage.next_stage == Stage.PROCEDURE:
                reason = self.msg("notice", step=self.step(stage))
                notice = PlannedAction(ActionKind.NOTICE_DEADLINE, stage.next_date, None, reason)
            elif stage.next_stage is not None:
                escalation = PlannedAction(ActionKind.ESCALATION, stage.next_date, None, self.step(stage))
        for kind, wanted in ((ActionKind.ESCALATION, escalation), (ActionKind.NOTICE_DEADLINE, notice)):
            existing = self.open_of(kind)
            same = [a for a in existing if wanted is not None and a.reason == wanted.reason]
            if wanted is not None and not same:
                self.create.append(wanted)
            for a in existing:
                if not same or a is not same[0]:
                    self.moot.append(MootAction(a.id, self.msg("superseded")))


def plan_next_actions(
    facts: FollowUpFacts, today: date, cadence: CadenceLike, language: str = "en"
) -> ActionPlan:
    """The actions to create and the open ones that are moot, at ``today`` (rules in the module doc)."""
    ep = episode(facts, today, cadence.bank_delay_days)
    stage = stage_of(ep, cadence, language)
    planner = _Planner(ep, cadence, language)
    if facts.balance() <= 0:
        moot = tuple(MootAction(a.id, planner.msg("paid")) for a in facts.open_actions)
        return ActionPlan((), moot, stage)
    held_by_promise = planner.promises()
    held_by_call_back = planner.call_backs()
    # Nothing to chase while every overdue invoice is disputed: no routine call about them.
    planner.cadence_call(held_by_promise or held_by_call_back or ep.held)
    planner.ladder(stage)
    return ActionPlan(tuple(planner.create), tuple(planner.moot), stage, tuple(planner.reword))
