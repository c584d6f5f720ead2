"""The closing summary: who does what by when, in the interface language."""

from __future__ import annotations

from dunning_tui.domain.enums import Outcome
from dunning_tui.domain.models import DebtorFile
from dunning_tui.domain.outcome import OutcomeInput
from dunning_tui.tui.formatting import Formatter
from dunning_tui.tui.i18n import tr


def who_does_what(outcome: OutcomeInput, file: DebtorFile, fmt: Formatter) -> str:
    company = file.debtor.name
    currency = file.currency
    lines: list[str] = []
    kind = outcome.kind
    if kind is Outcome.PROMISE and outcome.promised_date and outcome.amount is not None:
        lines.append(
            tr(
                "{company} pays {amount} by {method} on {date}.",
                company=company,
                amount=fmt.money(outcome.amount, currency),
                method=outcome.method or tr("transfer"),
                date=fmt.long_day(outcome.promised_date),
            )
        )
    elif kind is Outcome.PAYMENT_PLAN:
        listed = ", ".join(
            f"{fmt.money(i.amount, currency)} {fmt.day(i.due_date)}" for i in outcome.instalments
        )
        lines.append(
            tr(
                "{company} pays {n} instalments: {list}.",
                company=company,
                n=len(outcome.instalments),
                list=listed,
            )
        )
    elif kind is Outcome.CALL_BACK and outcome.call_back_date:
        when = fmt.long_day(outcome.call_back_date)
        if outcome.call_back_time:
            when += f" {outcome.call_back_time:%H:%M}"
        lines.append(tr("We call back on {date}.", date=when))
    elif kind is Outcome.DISPUTE:
        lines.append(
            tr("{company} sends the disputed points and amount in writing; we check them.", company=company)
        )
    elif kind is Outcome.ALREADY_PAID:
        lines.append(tr("We check the payment {company} says was made.", company=company))
    elif kind is Outcome.REFUSED:
        lines.append(tr("No agreement: next step in writing."))
    elif kind is Outcome.NO_ANSWER:
        lines.append(tr("Not reached: try again."))
    elif kind is Outcome.WRONG_PERSON:
        lines.append(tr("Ask who handles supplier payments."))
    for commitment in outcome.commitments:
        lines.append(f"{commitment.text} — {fmt.long_day(commitment.due_date)}")
    if kind not in (Outcome.NO_ANSWER, Outcome.WRONG_PERSON):
        lines.append(tr("We confirm by email today."))
    return "\n".join(lines)
