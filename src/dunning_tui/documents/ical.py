"""The open next actions as an iCalendar file, for the user's own calendar.

Each action is one event whose UID is ``action-<id>@dunning-tui``: importing a newer export updates
the events already imported instead of adding copies. Actions with a time (call-backs) are timed
events in local "floating" time — the wall-clock time agreed on the phone, whatever the calendar's
time zone — and the others are all-day events.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from dunning_tui.clock import system_now
from dunning_tui.domain.enums import ActionKind

if TYPE_CHECKING:
    from dunning_tui.store.outbox import AgendaItem

UID_DOMAIN = "dunning-tui"
TIMED_MINUTES = 15

_TITLES = {
    ActionKind.FIRST_CALL: "First call",
    ActionKind.CADENCE_CALL: "Call",
    ActionKind.CALL_BACK: "Call back",
    ActionKind.PROMISE_CHECK: "Check promised payment",
    ActionKind.BROKEN_PROMISE: "Broken promise: call",
    ActionKind.COMMITMENT: "Do as promised",
    ActionKind.NOTICE_DEADLINE: "Deadline of the letter",
    ActionKind.ESCALATION: "Escalate in writing",
}


def uid_for(action_id: int) -> str:
    return f"action-{action_id}@{UID_DOMAIN}"


def build_calendar(
    items: Iterable[AgendaItem], *, now: datetime | None = None, language: str = "en"
) -> bytes:
    """The iCalendar (RFC 5545) bytes for ``items``, titles and details in ``language``."""
    from icalendar import Calendar, Event

    from dunning_tui.words import say, worded

    stamp = (now or system_now()).astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", "-//dunning-tui//next actions//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Dunning")
    for item in items:
        action = item.action
        event = Event()
        event.add("uid", uid_for(action.id))
        event.add("dtstamp", stamp)
        title = say(language, _TITLES.get(action.kind, action.kind.value.replace("_", " ").capitalize()))
        event.add(
            "summary",
            say(language, "{title}: {name} ({key})", title=title, name=item.debtor_name, key=item.debtor_key),
        )
        if action.due_time is not None:
            start = datetime.combine(action.due_date, action.due_time)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=TIMED_MINUTES))
        else:
            event.add("dtstart", action.due_date)
            event.add("dtend", action.due_date + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        details = [worded(action.reason, language)]
        who = " – ".join(x for x in (item.contact_name, item.phone) if x)
        if who:
            details.append(who)
        details.append(f"dunning show {item.debtor_id}")
        event.add("description", "\n".join(d for d in details if d))
        event.add("categories", [action.kind.value])
        cal.add_component(event)
    return bytes(cal.to_ical())
