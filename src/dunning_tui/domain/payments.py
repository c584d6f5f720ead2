"""A payment as the user enters it, before the store allocates it to an invoice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class PaymentInput:
    invoice_number: str
    amount: Decimal
    paid_on: date
    method: str
    reference: str
