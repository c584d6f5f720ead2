"""Recording what left the tool (emails, letters) and reading what the documents need.

Every email saved or sent and every letter generated becomes a contact event in the debtor's file;
a letter also schedules the check of its deadline. The documents themselves are built elsewhere
(:mod:`dunning_tui.documents`) from the plain objects returned here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dunning_tui.domain.enums import ActionKind, Channel
from dunning_tui.domain.models import ActionView, CallView, PromiseView
from dunning_tui.errors import UserError
from dunning_tui.store import convert
from dunning_tui.store import tables as t
from dunning_tui.words import coded, then


def record_event(
    session: Session,
    debtor_id: int,
    channel: Channel,
    summary: str,
    invoice_ids: Iterable[int],
    when: datetime,
    by_whom: str = "",
) -> int:
    """Add a contact event (an email sent, a letter...) about some invoices; return its id."""
    if when.tzinfo is None:
        raise ValueError("the time of an event must be timezone-aware")
    ids = sorted(set(invoice_ids))
    invoices = (
        session.scalars(
            select(t.Invoice).where(t.Invoice.id.in_(ids), t.Invoice.debtor_id == debtor_id)
        ).all()
        if ids
        else []
    )
    event = t.ContactEvent(
        debtor_id=debtor_id,
        occurred_at=when,
        channel=channel.value,
        by_whom=by_whom,
        summary=summary,
        invoices=list(invoices),
    )
    session.add(event)
    session.flush()
    return event.id


def schedule_action(
    session: Session,
    debtor_id: int,
    kind: ActionKind,
    due_date: date,
    reason: str = "",
    due_time: time | None = None,
) -> int:
    """Add an open next action (e.g. the check of a notice's deadline); return its id."""
    action = t.NextAction(
        debtor_id=debtor_id, kind=kind.value, due_date=due_date, due_time=due_time, reason=reason
    )
    session.add(action)
    session.flush()
    return action.id


@dataclass(frozen=True, slots=True)
class LatestOutcome:
    """The last call that ended with an outcome, and what it created."""

    call: CallView
    promises: tuple[PromiseView, ...]
    call_back: ActionView | None
    commitments: tuple[ActionView, ...]
    summary: str
    invoice_numbers: tuple[str, ...]


def latest_outcome(session: Session, debtor_id: int) -> LatestOutcome:
    """The debtor's latest ended call with an outcome, or a clear error when there is none."""
    call = session.scalars(
        select(t.Call)
        .where(t.Call.debtor_id == debtor_id, t.Call.ended_at.is_not(None), t.Call.outcome.is_not(None))
        .order_by(t.Call.ended_at.desc(), t.Call.id.desc())
        .limit(1)
    ).first()
    if call is None:
        raise UserError("This debtor has no call with a recorded outcome yet; nothing to confirm.")
    contact_name = ""
    if call.contact_id is not None:
        contact = session.get(t.Contact, call.contact_id)
        contact_name = contact.name if contact else ""
    promises = session.scalars(
        select(t.Promise).where(t.Promise.call_id == call.id).order_by(t.Promise.promised_date, t.Promise.id)
    ).all()
    # Actions booked by the call: created while it ran or when its outcome was saved.
    actions = session.scalars(
        select(t.NextAction)
        .where(
            t.NextAction.debtor_id == debtor_id,
            t.NextAction.created_at >= call.started_at,
            t.NextAction.kind.in_((ActionKind.CALL_BACK.value, ActionKind.COMMITMENT.value)),
        )
        .order_by(t.NextAction.id)
    ).all()
    call_backs = [a for a in actions if a.kind == ActionKind.CALL_BACK.value]
    commitments = [a for a in actions if a.kind == ActionKind.COMMITMENT.value]
    numbers: set[str] = {i.number for p in promises for i in p.invoices}
    if not numbers:
        event = session.scalars(
            select(t.ContactEvent).where(
                t.ContactEvent.debtor_id == debtor_id,
                t.ContactEvent.channel == Channel.CALL.value,
                t.ContactEvent.occurred_at == call.started_at,
            )
        ).first()
        if event is not None:
            numbers = {i.number for i in event.invoices}
    return LatestOutcome(
        call=convert.call_view(call, contact_name),
        promises=tuple(convert.promise_view(p) for p in promises),
        call_back=convert.action_view(call_backs[-1]) if call_backs else None,
        commitments=tuple(convert.action_view(a) for a in commitments),
        summary=call.summary,
        invoice_numbers=tuple(sorted(numbers)),
    )


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """An open next action with what a calendar event needs to say about its debtor."""

    action: ActionView
    debtor_id: int
    debtor_key: str
    debtor_name: str
    phone: str = ""
    contact_name: str = ""


def open_agenda(session: Session) -> list[AgendaItem]:
    """Every open next action (not done), by due date, with its debtor's name and phone."""
    rows = session.execute(
        select(t.NextAction, t.Debtor)
        .join(t.Debtor, t.Debtor.id == t.NextAction.debtor_id)
        .where(t.NextAction.done_at.is_(None))
        .order_by(t.NextAction.due_date, t.NextAction.due_time, t.NextAction.id)
    ).all()
    debtor_ids = {debtor.id for _action, debtor in rows}
    primary: dict[int, t.Contact] = {}
    if debtor_ids:
        for contact in session.scalars(
            select(t.Contact)
            .where(t.Contact.debtor_id.in_(debtor_ids))
            .order_by(t.Contact.is_primary.desc(), t.Contact.id)
        ):
            primary.setdefault(contact.debtor_id, contact)
    items = []
    for action, debtor in rows:
        found = primary.get(debtor.id)
        phone = (found.direct_line or found.mobile) if found else ""
        items.append(
            AgendaItem(
                action=convert.action_view(action),
                debtor_id=debtor.id,
                debtor_key=debtor.key,
                debtor_name=debtor.name,
                phone=phone or debtor.phone,
                contact_name=found.name if found else "",
            )
        )
    return items


def record_email(
    session: Session,
    debtor_id: int,
    *,
    subject: str,
    recipients: str,
    invoice_ids: Iterable[int],
    file_name: str,
    sent: bool,
    when: datetime,
) -> int:
    """The contact event of a confirmation email: sent, or saved in the outbox but not sent."""
    if sent:
        summary = _sent(recipients, subject)
    else:
        summary = coded("event.email_outbox", file=file_name, subject=subject)
    return record_event(session, debtor_id, Channel.EMAIL, summary, invoice_ids, when)


def mark_email_sent(session: Session, event_id: int, *, recipients: str, subject: str) -> None:
    """The email recorded by :func:`record_email` left: its contact event now says so."""
    session.execute(
        update(t.ContactEvent).where(t.ContactEvent.id == event_id).values(summary=_sent(recipients, subject))
    )


def _sent(recipients: str, subject: str) -> str:
    return coded("event.email_sent", recipients=recipients, subject=subject)


def record_letter(
    session: Session,
    debtor_id: int,
    *,
    channel: Channel,
    summary: str,
    invoice_ids: Iterable[int],
    when: datetime,
    deadline: date,
    deadline_reason: str,
) -> tuple[int, int]:
    """The contact event of a letter and the check of its deadline; return both ids.

    The letter is the step the ladder asked for: its open "escalate in writing" action is done.
    """
    event_id = record_event(session, debtor_id, channel, summary, invoice_ids, when)
    for action in session.scalars(
        select(t.NextAction).where(
            t.NextAction.debtor_id == debtor_id,
            t.NextAction.kind == ActionKind.ESCALATION.value,
            t.NextAction.done_at.is_(None),
        )
    ):
        action.done_at = when
        action.reason = then(action.reason, coded("action.closed", why=coded("action.letter_done")))
    action_id = schedule_action(session, debtor_id, ActionKind.NOTICE_DEADLINE, deadline, deadline_reason)
    return event_id, action_id
