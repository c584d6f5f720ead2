"""The debtor's brief as rich text: used in full on the file screen and compact during the call."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from dunning_tui.domain.enums import ActionKind, Channel, DebtorKind, DocumentKind
from dunning_tui.domain.outcome import method_words
from dunning_tui.tui.formatting import Formatter, literal
from dunning_tui.tui.i18n import label, language, shown, tr

if TYPE_CHECKING:
    from dunning_tui.domain.models import DebtorFile, EventView, InvoiceView
    from dunning_tui.domain.payer import PayerFigures
    from dunning_tui.settings import Settings


_esc = literal


def warnings(file: DebtorFile, today: date) -> list[str]:
    """What a user wants to know before dialling."""
    out: list[str] = []
    d = file.debtor
    if d.pause_until and d.pause_until > today:
        out.append(f"{tr('Paused until')} {d.pause_until.isoformat()}: {_esc(d.pause_reason)}")
    last_call = max((c.started_at.date() for c in file.calls), default=None)
    if last_call and any(p.paid_on >= last_call for p in file.payments):
        out.append(tr("A payment arrived since the last call: check before dialling."))
    no_po = [i.number for i in file.open_invoices if not i.po_reference]
    if no_po:
        out.append(f"{tr('No purchase-order reference on')} {_esc(', '.join(no_po))}")
    unack = [i.number for i in file.open_invoices if not i.acknowledged]
    if unack:
        out.append(f"{tr('Never acknowledged by the client:')} {_esc(', '.join(unack))}")
    if d.kind is DebtorKind.CONSUMER:
        out.append(tr("Consumer: no B2B penalties."))
    return out


def contact_lines(file: DebtorFile) -> list[str]:
    lines = []
    for c in file.contacts:
        first = f" [b]({tr('ask for first')})[/b]" if c.is_primary else ""
        phones = " · ".join(p for p in (c.direct_line, c.mobile) if p)
        lines.append(
            f"{_esc(c.name)}{', ' + _esc(c.role) if c.role else ''}{first}  {phones}  {_esc(c.email)}"
        )
    generic = " · ".join(p for p in (file.debtor.phone, file.debtor.email) if p)
    if generic:
        lines.append(f"{label('company')} {_esc(generic)}")
    return lines


def headline(file: DebtorFile, today: date, fmt: Formatter) -> str:
    oldest = file.oldest_due()
    parts = [f"[b]{label('Total due')} {fmt.money(file.balance, file.currency)}[/b]"]
    if oldest:
        parts.append(f"{tr('oldest due date')} {fmt.day(oldest)} · {file.days_late(today)} {tr('days late')}")
    held = file.on_hold_balance()
    if held > 0:
        parts.append(f"[yellow]{label('on hold while disputed')} {fmt.money(held, file.currency)}[/yellow]")
    return " · ".join(parts)


def _on_hold(invoice: InvoiceView, fmt: Formatter) -> str:
    """ "on hold while disputed: 400.00" for an invoice (or part of one) that waits, else nothing."""
    if invoice.on_hold <= 0:
        return ""
    return (
        f"  [yellow]{label('on hold while disputed')} {fmt.money(invoice.on_hold, invoice.currency)}[/yellow]"
    )


def invoice_lines(file: DebtorFile, today: date, fmt: Formatter) -> list[str]:
    return [
        f"{_esc(i.number)}  {tr('Due')} {fmt.day(i.due_date)}  {fmt.money(i.balance, i.currency)}"
        f" / {fmt.money(i.total, i.currency)}  +{i.days_late(today)}{tr('d')}"
        f"{_on_hold(i, fmt)}"
        f"{'  [red]' + tr('Dispute') + ': ' + _esc(i.dispute_reason) + '[/red]' if i.dispute_reason else ''}"
        for i in file.open_invoices
    ]


def compact_invoice_lines(file: DebtorFile, today: date, fmt: Formatter) -> list[str]:
    """One short line per open invoice, for the narrow brief pane of the call."""
    return [
        f"{_esc(i.number)} [b]{fmt.money(i.balance, i.currency)}[/b] +{i.days_late(today)}{tr('d')}"
        f"{_on_hold(i, fmt)}"
        for i in file.open_invoices
    ]


def compact_contact_lines(file: DebtorFile) -> list[str]:
    """The call's contact block: each phone number and address on a line of its own, so that a
    number never splits across lines in the narrow pane; the profile notes the script refers to."""
    lines = []
    if (c := file.primary_contact) is not None:
        lines.append(f"[b]{_esc(c.name)}[/b]{' · ' + _esc(c.role) if c.role else ''}")
        lines += [_esc(p) for p in (c.direct_line, c.mobile, c.email) if p]
    if file.debtor.phone or file.debtor.email:
        lines.append(label("company"))
        lines += [_esc(p) for p in (file.debtor.phone, file.debtor.email) if p]
    if file.debtor.profile_notes:
        lines += ["", f"[b]{label('Profile')}[/b]", _esc(file.debtor.profile_notes)]
    return lines


def document_lines(file: DebtorFile, fmt: Formatter, kinds: tuple[str, ...] | None = None) -> list[str]:
    lines = []
    for doc in file.documents:
        if kinds is not None and doc.kind.value not in kinds:
            continue
        label = tr(doc.kind.value.replace("_", " "))
        signed = f", {doc.signed_by}" if doc.signed_by else ""
        lines.append(f"{label} {_esc(doc.reference)} {fmt.day(doc.doc_date)}{_esc(signed)}")
    return lines


def timeline_lines(file: DebtorFile, fmt: Formatter, limit: int = 8) -> list[str]:
    events = sorted(file.events, key=lambda e: e.occurred_at)[-limit:]
    return [f"{fmt.day(e.occurred_at.date())}  {_event_what(e)}  {_esc(shown(e.summary))}" for e in events]


def _event_what(event: EventView) -> str:
    """The channel, and for a call who made it and when: "called by Marie, 14:05"."""
    if event.channel is Channel.CALL and event.by_whom:
        at = f"{event.occurred_at.astimezone():%H:%M}"
        return tr("called by {name}, {time}", name=_esc(event.by_whom), time=at)
    return tr(event.channel.value.replace("_", " "))


def promise_lines(file: DebtorFile, fmt: Formatter) -> list[str]:
    colour = {"kept": "green", "broken": "red", "partly_kept": "yellow"}
    return [
        f"{fmt.day(p.promised_date)}  {fmt.money(p.amount, p.currency)}  "
        f"[{colour.get(p.status.value, 'default')}]{tr(p.status.value.replace('_', ' '))}[/]"
        for p in file.promises
    ]


def payment_lines(file: DebtorFile, fmt: Formatter) -> list[str]:
    return [
        _esc(
            f"{fmt.day(p.paid_on)}  {p.invoice_number}  {fmt.money(p.amount, p.currency)}  {shown(method_words(p.method))} {p.reference}"
        )
        for p in file.payments
    ]


EVIDENCE_DOCUMENT_KINDS = tuple(k.value for k in DocumentKind)


def evidence_lines(file: DebtorFile, evidence: tuple[str, ...], today: date, fmt: Formatter) -> list[str]:
    """What a script node asks to show: documents of some kinds, payments, promises, invoices, events."""
    lines: list[str] = []
    kinds = tuple(e for e in evidence if e in EVIDENCE_DOCUMENT_KINDS)
    if kinds:
        lines += document_lines(file, fmt, kinds) or [f"({', '.join(kinds)}: —)"]
    if "payments" in evidence:
        lines += payment_lines(file, fmt) or ["(—)"]
    if "promises" in evidence:
        lines += promise_lines(file, fmt) or ["(—)"]
    if "invoices" in evidence:
        lines += invoice_lines(file, today, fmt)
    if "events" in evidence:
        lines += timeline_lines(file, fmt, limit=4)
    return lines


def payer_summary(payer: PayerFigures | None) -> str:
    """How this debtor pays, in one line: promises kept, usual delay, trend, first time late or not."""
    if payer is None:
        return tr("First time late")
    parts = []
    if payer.promises_made:
        parts.append(f"{label('promises kept')} {payer.promises_kept}/{payer.promises_made}")
    if payer.average_days_late is not None:
        parts.append(f"{tr('usually pays')} {payer.average_days_late:+.0f}{tr('d')}")
    if payer.trend is not None:
        parts.append(tr(f"paying {payer.trend.value}"))
    parts.append(tr("First time late") if payer.first_time_late else tr("Has paid late before"))
    return " · ".join(parts)


CHECKLIST = (
    "Is the invoice complete (PO number, right entity)?",
    "Was it sent to the right person, and received?",
    "Does their accounting need anything else?",
    "Your limit: latest date and plan decided above.",
)


def due_note(kind: ActionKind | None, reason: str) -> str:
    """What a due action asks, in the interface language ("You said you would: …")."""
    from dunning_tui.domain.action_words import due_note as note

    return note(kind, reason, language())


def due_lines(file: DebtorFile, today: date) -> list[str]:
    """The open actions due by today, most urgent first, each with its words."""
    from dunning_tui.domain.priority import TIERS

    due = sorted(
        (a for a in file.actions if a.done_at is None and a.due_date <= today),
        key=lambda a: (TIERS[a.kind], a.due_date, a.id),
    )
    return [f"[b]{_esc(due_note(a.kind, a.reason))}[/b]" for a in due if a.reason]


def full_brief(
    file: DebtorFile, today: date, settings: Settings, fmt: Formatter, payer: PayerFigures | None = None
) -> tuple[str, str]:
    """The debtor file screen's title and body: every section that has something to say."""
    from dunning_tui.tui.penalties import penalty_summary

    d = file.debtor
    title = f"[b]{_esc(d.name)}[/b]  ({d.country}, {tr(d.kind.value)}) — {headline(file, today, fmt)}"
    profile = f"{tr(d.profile.value.replace('_', ' '))} — {d.profile_notes}".strip(" —")
    sections: list[tuple[str, list[str]]] = [
        (tr("Due now"), due_lines(file, today)),
        (tr("Warnings"), [f"[yellow]! {w}[/yellow]" for w in warnings(file, today)]),
        (tr("Invoices"), invoice_lines(file, today, fmt)),
        (tr("Contacts"), contact_lines(file)),
        (tr("Supporting documents"), document_lines(file, fmt)),
        (tr("Timeline"), timeline_lines(file, fmt)),
        (tr("Promises"), promise_lines(file, fmt)),
        (tr("Payer record"), [payer_summary(payer)]),
        (tr("Profile"), [_esc(profile)] if d.profile_notes else []),
        (tr("Late-payment penalties"), penalty_summary(file, today, settings, fmt)),
        (tr("Before dialling"), [f"☐ {tr(item)}" for item in CHECKLIST]),
    ]
    body = "\n".join(
        f"[b]{name}[/b]\n" + "\n".join(f"  {line}" for line in lines) for name, lines in sections if lines
    )
    return title, body
