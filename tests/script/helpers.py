"""Builders shared by the script tests: a realistic debtor file and small script texts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from dunning_tui.domain.enums import DebtorKind, InvoiceStatus, PromiseStatus
from dunning_tui.domain.models import Contact, DebtorFile, DebtorView, InvoiceView, PromiseView

TODAY = date(2025, 11, 20)
LATEST = date(2025, 12, 12)


def debtor_file(
    *,
    several: bool = False,
    contact: bool = True,
    promise: bool = True,
    kind: DebtorKind = DebtorKind.BUSINESS,
    name: str = "Boulangerie Martin SARL",
    contact_name: str = "Claire Martin",
) -> DebtorFile:
    invoices = [
        InvoiceView(
            id=1,
            number="F-2025-041",
            issue_date=date(2025, 10, 1),
            due_date=date(2025, 10, 31),
            currency="EUR",
            total=Decimal("1440.00"),
            paid=Decimal("240.00"),
            status=InvoiceStatus.OPEN,
        )
    ]
    if several:
        invoices.append(
            InvoiceView(
                id=2,
                number="F-2025-047",
                issue_date=date(2025, 10, 10),
                due_date=date(2025, 11, 9),
                currency="EUR",
                total=Decimal("1034.50"),
                paid=Decimal("0"),
                status=InvoiceStatus.OPEN,
            )
        )
    return DebtorFile(
        debtor=DebtorView(id=1, key="BM", name=name, kind=kind, country="FR", language="fr"),
        contacts=(Contact(id=1, name=contact_name, role="Gérante", is_primary=True),) if contact else (),
        invoices=tuple(invoices),
        promises=(
            (
                PromiseView(
                    id=1,
                    promised_date=date(2025, 11, 14),
                    amount=Decimal("1200.00"),
                    currency="EUR",
                    status=PromiseStatus.BROKEN,
                    created_at=datetime(2025, 11, 7, 10, 0),
                ),
            )
            if promise
            else ()
        ),
    )


MINIMAL = """
name = "Test"
language = "en"
start = "a"
refocus = "Back to {invoices}."

[nodes.a]
title = "A"
say = ["Hello[ {contact}]."]
answers = [{ label = "Yes", to = "b" }, { label = "No", to = "c" }]

[nodes.b]
title = "B"
end = true

[nodes.c]
title = "C"
end = true
"""


def write(tmp_path: Path, text: str, name: str = "script.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
