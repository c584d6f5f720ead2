"""``dunning export``: write the whole database in the CSV layout that ``dunning import`` reads.

The output is canonical so that export -> import into an empty database -> export gives the same
bytes: English headers, ``,`` separator, ISO dates, UTC timestamps with their offset, ``.``
decimals, UTF-8 without BOM, ``\\n`` line ends, text trimmed as the import trims it, and rows sorted
on their full content. All five files are written, with only their header when empty.
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from dunning_tui.errors import UserError
from dunning_tui.importers.csv.layout import LAYOUTS, FileKind
from dunning_tui.importers.csv.values import (
    clean_text,
    inert_cell,
    write_amount,
    write_day,
    write_flag,
    write_moment,
)
from dunning_tui.store.database import Database
from dunning_tui.store.tables import (
    Contact,
    ContactEvent,
    Debtor,
    Document,
    Invoice,
    Payment,
    document_invoices,
    event_invoices,
)

Row = list[str]


def _text(value: Any) -> str:
    return inert_cell(clean_text(str(value)))


def export_database(database: Database, directory: Path, debtor_id: int | None = None) -> dict[str, int]:
    """Write every file of the layout into ``directory``; return the number of rows of each file.

    With ``debtor_id``, only that debtor's rows: their whole file, e.g. for a subject-access request.
    """
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            "Cannot create the folder {directory}: {strerror}.",
            values={"directory": directory, "strerror": exc.strerror},
        ) from None
    with database.session() as session:
        tables = collect_rows(session, debtor_id)
    written: dict[str, int] = {}
    for kind, rows in tables.items():
        layout = LAYOUTS[kind]
        path = directory / layout.export_name
        try:
            with private_text_file(path) as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow([column.header for column in layout.columns])
                writer.writerows(sorted(rows))
        except OSError as exc:
            raise UserError(
                "Cannot write {path}: {strerror}.", values={"path": path, "strerror": exc.strerror}
            ) from None
        written[layout.export_name] = len(rows)
    return written


@contextmanager
def private_text_file(path: Path) -> Iterator[TextIO]:
    """``path`` opened for writing UTF-8 text, readable by its owner only (like the database)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # a file that was already there keeps no wider rights
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        yield handle


def collect_rows(session: Session, debtor_id: int | None = None) -> dict[FileKind, list[Row]]:
    """Every row of every file (or of one debtor's), unsorted, in the layout's column order."""

    def mine(query: Any, column: Any) -> Any:
        return query if debtor_id is None else query.where(column == debtor_id)

    debtors = {d.id: d for d in session.scalars(mine(select(Debtor), Debtor.id))}
    keys = {debtor_id: _text(d.key) for debtor_id, d in debtors.items()}
    plain_numbers = {i: clean_text(n) for i, n in session.execute(select(Invoice.id, Invoice.number))}
    numbers = {i: inert_cell(n) for i, n in plain_numbers.items()}

    contacts: dict[int, list[Contact]] = defaultdict(list)
    for contact in session.scalars(mine(select(Contact), Contact.debtor_id).order_by(Contact.id)):
        contacts[contact.debtor_id].append(contact)
    primary = {
        debtor_id: next((c for c in found if c.is_primary), None) for debtor_id, found in contacts.items()
    }

    invoices: dict[int, list[Invoice]] = defaultdict(list)
    for invoice in session.scalars(mine(select(Invoice), Invoice.debtor_id)):
        invoices[invoice.debtor_id].append(invoice)

    invoice_rows: list[Row] = []
    for owner, debtor in debtors.items():
        head = _debtor_cells(debtor) + _contact_cells(primary.get(owner))
        found: list[Invoice | None] = list(invoices.get(owner, [])) or [None]
        invoice_rows.extend(head + _invoice_cells(invoice) for invoice in found)

    contact_rows = [
        [
            keys[c.debtor_id],
            *(_text(getattr(c, f)) for f in ("name", "role", "direct_line", "mobile", "email", "notes")),
        ]
        for found in contacts.values()
        for c in found
        if c is not primary.get(c.debtor_id)
    ]
    payment_rows = [
        [
            numbers[p.invoice_id],
            write_day(p.paid_on),
            write_amount(p.amount_cents),
            _text(p.method),
            _text(p.reference),
        ]
        for p in session.scalars(mine(select(Payment).join(Invoice), Invoice.debtor_id))
    ]
    event_links = _links(session, event_invoices, "event_id", plain_numbers)
    reminder_rows = [
        [
            keys[e.debtor_id],
            write_moment(e.occurred_at),
            e.channel,
            _text(e.by_whom),
            _text(e.summary),
            event_links[e.id],
        ]
        for e in session.scalars(mine(select(ContactEvent), ContactEvent.debtor_id))
    ]
    document_links = _links(session, document_invoices, "document_id", plain_numbers)
    document_rows = [
        [
            keys[d.debtor_id],
            d.kind,
            _text(d.reference),
            write_day(d.doc_date),
            _text(d.signed_by),
            _text(d.path),
            document_links[d.id],
        ]
        for d in session.scalars(mine(select(Document), Document.debtor_id))
    ]
    return {
        FileKind.INVOICES: invoice_rows,
        FileKind.CONTACTS: contact_rows,
        FileKind.PAYMENTS: payment_rows,
        FileKind.REMINDERS: reminder_rows,
        FileKind.DOCUMENTS: document_rows,
    }


def _links(session: Session, table: Any, column: str, numbers: dict[int, str]) -> dict[int, str]:
    """Owner id -> its invoice numbers, sorted and joined with ``|`` (blank when there are none)."""
    found: dict[int, list[str]] = defaultdict(list)
    for row in session.execute(select(table)).mappings():
        found[row[column]].append(numbers[row["invoice_id"]])
    joined: dict[int, str] = defaultdict(str)
    joined.update({owner: inert_cell("|".join(sorted(n))) for owner, n in found.items()})
    return joined


def _debtor_cells(d: Debtor) -> Row:
    return [
        _text(d.key),
        _text(d.name),
        d.kind,
        d.country,
        d.language,
        _text(d.registration_number),
        _text(d.vat_number),
        _text(d.address),
        _text(d.email),
        _text(d.phone),
        str(d.payment_terms_days),
        d.profile,
        _text(d.profile_notes),
        write_day(d.pause_until),
        _text(d.pause_reason),
        _text(d.owner),
        d.governing_law,
    ]


def _contact_cells(c: Contact | None) -> Row:
    if c is None:
        return [""] * 6
    return [
        _text(c.name),
        _text(c.role),
        _text(c.direct_line),
        _text(c.mobile),
        _text(c.email),
        _text(c.notes),
    ]


def _invoice_cells(i: Invoice | None) -> Row:
    if i is None:
        return [""] * 12
    return [
        _text(i.number),
        write_day(i.issue_date),
        write_day(i.due_date),
        i.currency,
        write_amount(i.total_cents),
        _text(i.po_reference),
        _text(i.buyer_reference),
        _text(i.pdf_path),
        i.status,
        _text(i.dispute_reason),
        _text(i.client_remarks),
        write_flag(i.acknowledged),
    ]
