"""Printing domain objects on the terminal: JSON for scripts, rich tables for people."""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from dunning_tui.domain.action_words import due_note
from dunning_tui.domain.call_notes import readable_notes
from dunning_tui.domain.models import DebtorFile
from dunning_tui.domain.money import format_money
from dunning_tui.domain.outcome import method_words
from dunning_tui.domain.queue_entry import QueueEntry
from dunning_tui.words import current, label, shown, spoken_percent, tr, trn

if TYPE_CHECKING:
    from dunning_tui.domain.penalties import PenaltyLine, PenaltyReport, PenaltyTotal


def plain(value: Any) -> Any:
    """JSON-friendly values: amounts as decimal strings ("153.90", never a float), dates as ISO
    strings."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def method_name(method: str) -> str:
    """A stored payment method (a code, or the user's words) in the interface language."""
    return shown(method_words(method))


def console() -> Console:
    """A console that prints strings as they are: names and notes from files are never markup
    (nor emoji codes); styles are given as ``Text`` or ``style=``."""
    return Console(markup=False, emoji=False)


def print_json(data: Any) -> None:
    json.dump(plain(data), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def queue_entry_json(entry: QueueEntry) -> dict[str, Any]:
    """The entry's fields, its ``debtor_id`` first and named ``id``."""
    data = dataclasses.asdict(entry)
    return {"id": data.pop("debtor_id"), **data}


def debtor_file_json(file: DebtorFile, today: date) -> dict[str, Any]:
    out: dict[str, Any] = dataclasses.asdict(file.debtor)
    out["balance"] = file.balance
    out["total_overdue"] = file.overdue_balance(today)
    out["on_hold"] = file.on_hold_balance()
    out["days_late"] = file.days_late(today)
    out["currency"] = file.currency
    out["contacts"] = [dataclasses.asdict(c) for c in file.contacts]
    out["invoices"] = [
        {
            **dataclasses.asdict(i),
            "balance": i.balance,
            "chased": i.chased,
            "on_hold": i.on_hold,
            "days_late": i.days_late(today),
        }
        for i in file.invoices
    ]
    for key in ("payments", "documents", "events", "calls", "promises", "actions"):
        out[key] = [dataclasses.asdict(item) for item in getattr(file, key)]
    return out


def print_queue(entries: list[QueueEntry], today: date, locale: str) -> None:
    out = console()
    if not entries:
        out.print(tr("No one to call on {day}.", day=today.isoformat()))
        return
    total = sum((e.total_overdue for e in entries if e.currency == entries[0].currency), Decimal(0))
    table = Table(
        title=tr(
            "Call queue for {day}: {debtors}",
            day=today.isoformat(),
            debtors=trn("{count} debtors", len(entries)),
        ),
        title_justify="left",
    )
    # Below 140 columns the note would squeeze the debtor's name out: `dunning show` has it.
    with_note = out.width >= 140
    columns = (
        "#",
        "Debtor",
        "Overdue",
        "Days late",
        "What is due",
        "Stage",
        *(("Note",) if with_note else ()),
    )
    for column in columns:
        table.add_column(
            tr(column),
            justify="right" if column in ("#", "Overdue", "Days late") else "left",
            no_wrap=column != "Debtor",
            overflow="ellipsis",
            max_width=40 if column == "Note" else None,
        )
    for n, e in enumerate(entries, 1):
        table.add_row(
            str(n),
            e.name,
            format_money(e.total_overdue, e.currency, locale),
            str(e.days_late),
            f"{tr('on a call —')} {e.claimed_by}"
            if e.claimed_by
            else tr(e.reason.value.replace("_", " "))
            if e.reason
            else "—",
            tr(e.stage.value.replace("_", " ")),
            *((due_note(e.reason, e.action_note, current()),) if with_note else ()),
        )
    out.print(table)
    currency = entries[0].currency
    out.print(
        tr(
            "Total overdue ({currency}): {amount}",
            currency=currency,
            amount=format_money(total, currency, locale),
        )
    )


def print_debtor_file(file: DebtorFile, today: date, locale: str, law: str = "") -> None:
    """The file as tables; ``law`` is the law of the debt (the debtor's own or the creditor's)."""
    out = console()
    d = file.debtor

    def money(amount: Decimal) -> str:
        return format_money(amount, file.currency, locale)

    out.print(
        Text.assemble((d.name, "bold"), f"  (#{d.id}, {tr(d.kind.value)}, {d.country}, {tr('key')} {d.key})")
    )
    out.print(
        tr(
            "Balance {balance}, overdue {overdue}, {days} days late",
            balance=money(file.balance),
            overdue=money(file.overdue_balance(today)),
            days=file.days_late(today),
        )
    )
    if file.on_hold_balance() > 0:
        out.print(f"{label('on hold while disputed')} {money(file.on_hold_balance())}", style="yellow")
    if law:
        whose = tr("chosen in the contract") if d.governing_law else tr("yours, no other law chosen")
        out.print(f"{label('Law')} {law} ({whose})")
    if d.pause_until and d.pause_until > today:
        out.print(f"{tr('Paused until')} {d.pause_until.isoformat()}: {d.pause_reason}", style="yellow")
    for contact in file.contacts:
        star = "*" if contact.is_primary else " "
        out.print(f" {star} {contact.name} ({contact.role}) {contact.direct_line} {contact.email}")
    sections: list[tuple[str, list[str], list[list[str]]]] = [
        (
            "Invoices",
            ["Number", "Due", "Total", "Balance", "Status"],
            [
                [
                    i.number,
                    i.due_date.isoformat(),
                    money(i.total),
                    money(i.balance),
                    tr(i.status.value.replace("_", " ")),
                ]
                for i in file.invoices
            ],
        ),
        (
            "Payments",
            ["Date", "Invoice", "Amount", "Method", "Reference"],
            [
                [p.paid_on.isoformat(), p.invoice_number, money(p.amount), method_name(p.method), p.reference]
                for p in file.payments
            ],
        ),
        (
            "Documents",
            ["Kind", "Reference", "Date", "Signed by"],
            [
                [
                    tr(x.kind.value.replace("_", " ")),
                    x.reference,
                    x.doc_date.isoformat() if x.doc_date else "",
                    x.signed_by,
                ]
                for x in file.documents
            ],
        ),
        (
            "Reminders and contacts",
            ["When", "Channel", "Summary"],
            [
                [
                    e.occurred_at.strftime("%Y-%m-%d %H:%M"),
                    tr(e.channel.value.replace("_", " ")),
                    shown(e.summary),
                ]
                for e in file.events
            ],
        ),
        (
            "Calls",
            ["Started", "Outcome", "Notes"],
            [
                [
                    c.started_at.strftime("%Y-%m-%d %H:%M"),
                    tr(f"outcome.{c.outcome.value}") if c.outcome else tr("(open)"),
                    readable_notes(c.notes),
                ]
                for c in file.calls
            ],
        ),
        (
            "Promises",
            ["Date", "Amount", "Status"],
            [
                [p.promised_date.isoformat(), money(p.amount), tr(p.status.value.replace("_", " "))]
                for p in file.promises
            ],
        ),
        (
            "Next actions",
            ["Due", "Kind", "Reason", "Done"],
            [
                [
                    a.due_date.isoformat(),
                    tr(a.kind.value.replace("_", " ")),
                    due_note(a.kind, a.reason, current()),
                    tr("yes") if a.done_at else "",
                ]
                for a in file.actions
            ],
        ),
    ]
    for title, columns, rows in sections:
        if not rows:
            continue
        table = Table(title=tr(title), title_justify="left")
        for column in columns:
            table.add_column(tr(column))
        for row in rows:
            table.add_row(*row)
        out.print(table)


def _penalty_line_json(line: PenaltyLine) -> dict[str, Any]:
    return {
        "invoice": line.invoice_number,
        "currency": line.currency,
        "due_date": line.due_date,
        "days_late": line.days_late,
        "balance": line.balance,
        "paid_late_on": line.settled_on,
        "rates": [str(p.rate_percent) for p in line.periods],
        "interest": line.interest,
        "indemnity": line.indemnity,
        "notes": list(line.notes),
    }


def _penalty_totals_json(totals: tuple[PenaltyTotal, ...]) -> list[dict[str, Any]]:
    return [
        {"currency": t.currency, "interest": t.interest, "indemnity": t.indemnity, "total": t.total}
        for t in totals
    ]


def penalties_json(file: DebtorFile, report: PenaltyReport) -> dict[str, Any]:
    return {
        "debtor": {"id": file.debtor.id, "name": file.debtor.name},
        "jurisdiction": report.jurisdiction,
        "date": report.today,
        "consumer": report.consumer,
        "lines": [_penalty_line_json(line) for line in report.lines],
        "totals": _penalty_totals_json(report.totals),
        "on_hold": [_penalty_line_json(line) for line in report.on_hold],
        "on_hold_totals": _penalty_totals_json(report.on_hold_totals),
        "notes": list(report.notes),
    }


def print_penalties(file: DebtorFile, report: PenaltyReport, locale: str) -> None:
    out = console()
    out.print(
        Text.assemble(
            (file.debtor.name, "bold"),
            " — " + tr("{law} law, at {day}", law=report.jurisdiction, day=report.today.isoformat()),
        )
    )
    table = Table()
    for column in ("Invoice", "Due", "Days", "Balance", "Rate", "Interest", "Indemnity"):
        table.add_column(tr(column), justify="left" if column in ("Invoice", "Due") else "right")
    for line in (*report.lines, *report.on_hold):
        rates = ", ".join(spoken_percent(r, current()) for r in line.rates)
        mark = (
            f" ({tr('paid late')})"
            if line.paid_late
            else f" ({tr('on hold: disputed')})"
            if line.disputed
            else ""
        )
        table.add_row(
            line.invoice_number + mark,
            line.due_date.isoformat(),
            str(line.days_late),
            format_money(line.balance, line.currency, locale),
            rates,
            format_money(line.interest, line.currency, locale),
            format_money(line.indemnity, line.indemnity_currency, locale),
        )
    out.print(table)
    for total in report.totals:
        out.print(
            tr(
                "Total {currency}: interest {interest} + indemnity {indemnity} = {total}",
                currency=total.currency,
                interest=format_money(total.interest, total.currency, locale),
                indemnity=format_money(total.indemnity, total.currency, locale),
                total=format_money(total.interest + total.indemnity, total.currency, locale),
            )
        )
    for total in report.on_hold_totals:
        out.print(
            tr(
                "On hold while disputed, not claimed ({currency}): {amount}",
                currency=total.currency,
                amount=format_money(total.total, total.currency, locale),
            )
        )
    from dunning_tui.reports import penalty_notes

    for note in penalty_notes(report):
        out.print(note, style="yellow")
