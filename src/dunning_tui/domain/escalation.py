"""The facts a follow-up decision needs, and the escalation ladder (DOMAIN.md §1).

Ladder: calls → written reminder titled "unpaid invoice(s)" → email to the company's generic
address → formal notice → procedure or collection agency. Each rung is triggered by the facts:

* **written reminder**: ``escalate_after_days`` after the oldest overdue due date, or the day after
  the first promise that was not honoured, whichever comes first;
* **generic email**: ``repeat_days`` after the written reminder if nobody was reached since (only
  unanswered calls or none); when someone was reached, this rung is skipped;
* **formal notice**: two promises not honoured, or a refusal to pay, or ``repeat_days`` after the
  last written step once the written rungs are done;
* **procedure**: the day after the formal notice's deadline (``notice_deadline_days`` after it).

A pending promise holds every step until the day after its date (+ the bank delay days): the reminders pause
while the debtor keeps their word. A dunning pause holds every step until its end. Only the facts
of the current episode count: events, calls and promises about the open invoices (or, when they
name no invoice, dated after the oldest open due date).

The ladder works on the invoices being chased (:meth:`InvoiceView.is_chased`): a disputed invoice,
or the disputed part of one, waits while the rest keeps being chased, its days late counted from
the oldest chased due date. When every overdue invoice is disputed, the ladder waits (nothing comes
due) until the dispute is settled. A dispute call that put no invoice on hold holds the whole
ladder until the day agreed for the client's documents (the call's day + ``DISPUTE_REPLY_DAYS``
when none was agreed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Protocol

from dunning_tui.domain.enums import Channel, DebtorKind, Outcome, PromiseStatus, Stage
from dunning_tui.domain.models import (
    ActionView,
    CallView,
    DebtorFile,
    EventView,
    InvoiceView,
    PaymentView,
    PromiseView,
)
from dunning_tui.domain.promises import PromiseResult, evaluate_promises
from dunning_tui.domain.queue_entry import days_late
from dunning_tui.words import coded, has, say, spoken_day, then

WRITTEN_CHANNELS = frozenset({Channel.EMAIL, Channel.LETTER, Channel.REGISTERED_LETTER})
NOT_REACHED = frozenset({Outcome.NO_ANSWER, Outcome.WRONG_PERSON})
ZERO = Decimal("0.00")


class CadenceLike(Protocol):
    """The intervals of ``settings.CadenceSettings``."""

    @property
    def first_call_days(self) -> int: ...
    @property
    def repeat_days(self) -> int: ...
    @property
    def escalate_after_days(self) -> int: ...
    @property
    def bank_delay_days(self) -> int: ...
    @property
    def notice_deadline_days(self) -> int: ...


@dataclass(frozen=True, slots=True)
class FollowUpFacts:
    """What the store loads for one debtor; everything else is derived from these and a date.

    ``actions`` holds the open actions (``done_at`` is None) and may hold done ones; ``calls`` and
    ``events`` are the whole history. Datetimes are compared by their wall-clock date and time as
    given, so pass them in local time.
    """

    debtor_id: int
    kind: DebtorKind = DebtorKind.BUSINESS
    invoices: tuple[InvoiceView, ...] = ()
    payments: tuple[PaymentView, ...] = ()
    calls: tuple[CallView, ...] = ()
    events: tuple[EventView, ...] = ()
    promises: tuple[PromiseView, ...] = ()
    actions: tuple[ActionView, ...] = ()
    pause_until: date | None = None

    @classmethod
    def from_file(cls, file: DebtorFile) -> FollowUpFacts:
        return cls(
            debtor_id=file.debtor.id,
            kind=file.debtor.kind,
            invoices=file.invoices,
            payments=file.payments,
            calls=file.calls,
            events=file.events,
            promises=file.promises,
            actions=file.actions,
            pause_until=file.debtor.pause_until,
        )

    @property
    def open_invoices(self) -> tuple[InvoiceView, ...]:
        return tuple(i for i in self.invoices if i.is_open())

    def chased_invoices(self, today: date) -> tuple[InvoiceView, ...]:
        """The overdue invoices being chased (not wholly on hold while disputed)."""
        return tuple(i for i in self.open_invoices if i.due_date < today and i.is_chased())

    @property
    def open_actions(self) -> tuple[ActionView, ...]:
        return tuple(a for a in self.actions if a.done_at is None)

    def balance(self) -> Decimal:
        return sum((i.balance for i in self.open_invoices), ZERO)

    def overdue_balance(self, today: date) -> Decimal:
        """What is overdue and chased (disputed parts on hold left out)."""
        return sum((i.chased for i in self.chased_invoices(today)), ZERO)

    def oldest_overdue(self, today: date) -> date | None:
        """The oldest due date of the chased overdue invoices."""
        dues = [i.due_date for i in self.chased_invoices(today)]
        return min(dues) if dues else None

    def oldest_on_hold(self, today: date) -> date | None:
        """The oldest due date of the overdue invoices on hold while disputed."""
        dues = [i.due_date for i in self.open_invoices if i.due_date < today and i.on_hold > 0]
        return min(dues) if dues else None

    def days_late(self, today: date) -> int:
        return days_late(self.oldest_overdue(today), today)

    def paused(self, today: date) -> bool:
        """A pause runs until its date: reminders resume on that day."""
        return self.pause_until is not None and today < self.pause_until

    def not_before(self, day: date) -> date:
        """``day``, pushed to the end of the pause if it falls within it."""
        return max(day, self.pause_until) if self.pause_until else day


@dataclass(frozen=True, slots=True)
class Episode:
    """The facts of the current dunning episode, derived once and shared by the ladder and the planner."""

    facts: FollowUpFacts
    today: date
    oldest_due: date | None
    promises: tuple[PromiseResult, ...]
    calls: tuple[CallView, ...]
    written: tuple[EventView, ...]
    notice: EventView | None
    held: bool = False
    """Every overdue invoice is on hold while disputed: the ladder waits."""

    @property
    def pending(self) -> tuple[PromiseResult, ...]:
        return tuple(r for r in self.promises if r.status == PromiseStatus.PENDING)

    @property
    def missed(self) -> tuple[PromiseResult, ...]:
        return tuple(sorted((r for r in self.promises if r.missed), key=lambda r: r.deadline))

    @property
    def unhandled_missed(self) -> tuple[PromiseResult, ...]:
        """Missed promises nobody has called about since, and that no newer promise replaced."""
        out = []
        for r in self.missed:
            called = any(c.started_at.date() >= r.check_date for c in self.calls)
            replaced = any(
                p.promise.created_at is not None and p.promise.created_at.date() >= r.check_date
                for p in self.promises
            )
            if not called and not replaced:
                out.append(r)
        return tuple(out)

    @property
    def last_call(self) -> date | None:
        return max((c.started_at.date() for c in self.calls), default=None)

    def unanswered_in_a_row(self) -> int:
        """How many of the latest calls, counting back from the last, went unanswered."""
        count = 0
        for call in sorted(self.calls, key=lambda c: c.started_at, reverse=True):
            if call.outcome is not Outcome.NO_ANSWER:
                break
            count += 1
        return count

    def reached_since(self, day: date) -> bool:
        return any(
            c.started_at.date() >= day and c.outcome is not None and c.outcome not in NOT_REACHED
            for c in self.calls
        )

    @property
    def refused_on(self) -> date | None:
        days = [c.started_at.date() for c in self.calls if c.outcome == Outcome.REFUSED]
        return min(days) if days else None


def _about_open(numbers: tuple[str, ...], when: date | None, open_numbers: set[str], since: date) -> bool:
    if numbers:
        return bool(open_numbers.intersection(numbers))
    return when is None or when >= since


def _day(moment: datetime | None) -> date | None:
    return moment.date() if moment else None


def episode(facts: FollowUpFacts, today: date, delay_days: int) -> Episode:
    """The current episode: what happened about the debt still open at ``today``."""
    results = evaluate_promises(facts.promises, facts.payments, today, delay_days)
    # The episode runs from the oldest overdue due date, disputed or not: what was said and sent
    # since still counts when a dispute puts that invoice on hold. The ladder's clock runs from the
    # oldest invoice chased (``Episode.oldest_due``); with nothing chased, the ladder waits.
    chased = facts.oldest_overdue(today)
    held_since = facts.oldest_on_hold(today)
    oldest = min((d for d in (chased, held_since) if d is not None), default=None)
    held = chased is None and oldest is not None
    numbers = {i.number for i in facts.open_invoices}
    if oldest is None:
        mine = tuple(r for r in results if _about_open(r.promise.invoice_numbers, None, numbers, today))
        return Episode(facts, today, None, mine, (), (), None)
    calls = tuple(
        sorted((c for c in facts.calls if oldest < c.started_at.date() <= today), key=lambda c: c.started_at)
    )
    events = sorted(
        (
            e
            for e in facts.events
            if e.occurred_at.date() <= today
            and _about_open(e.invoice_numbers, e.occurred_at.date(), numbers, oldest)
        ),
        key=lambda e: e.occurred_at,
    )
    promises = tuple(
        r
        for r in results
        if _about_open(r.promise.invoice_numbers, _day(r.promise.created_at), numbers, oldest)
    )
    notices = [e for e in events if e.channel == Channel.FORMAL_NOTICE]
    # The ladder's written steps follow the phone calls: an email sent before the first call of the
    # episode is a courtesy reminder (prevention), not the "unpaid invoice(s)" reminder; letters count.
    first_call = calls[0].started_at.date() if calls else None
    written = tuple(
        e
        for e in events
        if e.channel in WRITTEN_CHANNELS
        and (e.channel != Channel.EMAIL or (first_call is not None and e.occurred_at.date() >= first_call))
    )
    notice = notices[-1] if notices else None
    return Episode(facts, today, chased or oldest, promises, calls, written, notice, held)


@dataclass(frozen=True, slots=True)
class StageInfo:
    """Where the debtor stands on the ladder and what comes next.

    ``stage`` is the rung that applies now: the one due (``due`` is true) or else the last one
    reached. ``next_step`` says what to do, ``next_date`` when (None: nothing to do), ``reason`` why.
    """

    stage: Stage
    next_step: str
    next_date: date | None
    reason: str
    next_stage: Stage | None = None
    consumer: bool = False
    due: bool = False


def text(language: str, key: str, **values: object) -> str:
    """The ladder's words (``stage.*`` in the catalogue) in ``language``."""
    return say(language, f"stage.{key}", **values)


DISPUTE_REPLY_DAYS = 8
"""Days a client who disputes has to send their points in writing (said in the dispute's email);
the escalation waits for them."""


def step_text(stage: Stage, language: str, *, consumer: bool, notice_days: int) -> str:
    """What to do for a rung, with the consumer path said where it differs."""
    out = text(language, stage, days=notice_days)
    if consumer and has(f"stage.consumer.{stage.value}"):
        out += text(language, f"consumer.{stage.value}")
    return out


def step_code(stage: Stage, *, consumer: bool, notice_days: int) -> str:
    """:func:`step_text` to store: the rung's code and data, worded when shown."""
    out = coded(f"stage.{stage.value}", days=notice_days)
    if consumer and has(f"stage.consumer.{stage.value}"):
        out = then(out, coded(f"stage.consumer.{stage.value}"))
    return out


def _next_rung(ep: Episode, cadence: CadenceLike, language: str) -> tuple[Stage, Stage, date, str]:
    """(rung reached, next rung, its trigger date, why) for an open, overdue debt."""
    assert ep.oldest_due is not None
    repeat = timedelta(days=cadence.repeat_days)
    missed = ep.missed
    refused = ep.refused_on
    if ep.notice is not None:
        sent = ep.notice.occurred_at.date()
        deadline = sent + timedelta(days=cadence.notice_deadline_days)
        key = "notice_passed" if ep.today > deadline else "notice_wait"
        why = text(language, key, date=spoken_day(sent, language), deadline=spoken_day(deadline, language))
        return Stage.FORMAL_NOTICE, Stage.PROCEDURE, deadline + timedelta(days=1), why
    reached = Stage.CALLS
    if ep.written:
        reached = Stage.WRITTEN_REMINDER if len(ep.written) == 1 else Stage.GENERIC_EMAIL
    if len(missed) >= 2:
        why = text(language, "missed2", count=len(missed))
        return reached, Stage.FORMAL_NOTICE, missed[1].check_date, why
    if refused is not None:
        return (
            reached,
            Stage.FORMAL_NOTICE,
            refused,
            text(language, "refused", date=spoken_day(refused, language)),
        )
    if reached == Stage.CALLS:
        late_day = ep.oldest_due + timedelta(days=cadence.escalate_after_days)
        if missed and missed[0].check_date < late_day:
            why = text(language, "missed", date=spoken_day(missed[0].promise.promised_date, language))
            return reached, Stage.WRITTEN_REMINDER, missed[0].check_date, why
        why = text(language, "late", days=cadence.escalate_after_days)
        return reached, Stage.WRITTEN_REMINDER, late_day, why
    first = ep.written[0].occurred_at.date()
    if reached == Stage.WRITTEN_REMINDER and not ep.reached_since(first):
        why = text(language, "silent", date=spoken_day(first, language))
        return reached, Stage.GENERIC_EMAIL, first + repeat, why
    last = ep.written[-1].occurred_at.date()
    return reached, Stage.FORMAL_NOTICE, last + repeat, text(language, "written_done")


def stage_of(ep: Episode, cadence: CadenceLike, language: str = "en") -> StageInfo:
    facts = ep.facts
    consumer = facts.kind == DebtorKind.CONSUMER
    if ep.oldest_due is None:
        return StageInfo(Stage.CALLS, "", None, text(language, "paid"), consumer=consumer)
    reached, nxt, when, why = _next_rung(ep, cadence, language)
    pending = ep.pending
    if pending:
        hold = min(r.check_date for r in pending)
        if hold > when:
            when = hold
            first_promised = min(r.promise.promised_date for r in pending)
            why += text(language, "pending", date=spoken_day(first_promised, language))
    disputed = [
        c.documents_due or c.started_at.date() + timedelta(days=DISPUTE_REPLY_DAYS)
        for c in ep.calls
        if c.outcome == Outcome.DISPUTE
    ]
    on_hold = any(i.on_hold > 0 for i in facts.open_invoices)
    if disputed and (ep.held or not on_hold):
        # The dispute's email gives the client until this day (agreed on the phone) to send their
        # points: no letter before about what they dispute. When the dispute put invoices on hold
        # and others are still chased, the ladder goes on for those.
        answer_by = max(disputed)
        if answer_by > when:
            when = answer_by
            why += text(language, "disputed", date=spoken_day(answer_by, language))
    if facts.pause_until is not None and facts.pause_until > when:
        when = facts.pause_until
        why += text(language, "paused", date=spoken_day(facts.pause_until, language))
    due = when <= ep.today and not ep.held
    if ep.held:
        why += text(language, "held")
    step = step_text(nxt, language, consumer=consumer, notice_days=cadence.notice_deadline_days)
    return StageInfo(
        stage=nxt if due else reached,
        next_step=step,
        next_date=when,
        reason=why,
        next_stage=nxt,
        consumer=consumer,
        due=due,
    )


def current_stage(facts: FollowUpFacts, today: date, cadence: CadenceLike, language: str = "en") -> StageInfo:
    """Where this debtor stands on the escalation ladder at ``today`` (see the module docstring)."""
    return stage_of(episode(facts, today, cadence.bank_delay_days), cadence, language)
