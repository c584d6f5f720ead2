"""The written reminder ("unpaid invoice(s)") and the formal notice, as content then as PDF.

:func:`build_letter` is pure and returns a :class:`Letter` (every line already worded and
formatted), so the app can preview it and the tests can check its figures; :func:`render_pdf` lays
it out with fpdf2. What is claimed: the overdue, undisputed open invoices; for a business debtor,
the late-payment interest and the fixed indemnity under the law of the debt (only those the user
really claims, per ``settings.consequences``), including those of invoices already paid late; nothing
more for a consumer (DOMAIN.md §2). The figures are those of
:func:`dunning_tui.domain.penalties.compute_penalties`, the same as the file and the call show.

A formal notice's deadline runs from its receipt (registered letter): it prints the number of days,
and the check it books comes ``delivery_days`` after the letter's date plus those days.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from dunning_tui.documents import wording as w
from dunning_tui.domain.enums import ActionKind, Channel, DebtorKind
from dunning_tui.errors import UserError
from dunning_tui.words import coded, rate_gap_words

if TYPE_CHECKING:
    from pathlib import Path

    from dunning_tui.domain.models import DebtorFile, InvoiceView
    from dunning_tui.domain.penalties import PenaltyReport
    from dunning_tui.domain.rates import RateLike
    from dunning_tui.settings import Consequences, Creditor, Settings

ZERO = Decimal("0.00")
_DateFormat = Callable[[date], str]
_MoneyFormat = Callable[[Decimal], str]


class LetterKind(StrEnum):
    REMINDER = "reminder"
    NOTICE = "notice"

    @property
    def channel(self) -> Channel:
        return Channel.FORMAL_NOTICE if self is LetterKind.NOTICE else Channel.LETTER


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    totals: tuple[tuple[str, ...], ...] = ()
    widths: tuple[int, ...] = ()
    """Relative column widths."""
    numeric: tuple[bool, ...] = ()
    """Right-aligned columns."""


@dataclass(frozen=True, slots=True)
class Letter:
    """A letter, worded and formatted, ready to lay out."""

    kind: LetterKind
    language: str
    title: str
    banner: str
    sender: tuple[str, ...]
    recipient: tuple[str, ...]
    date_line: str
    subject: str
    salutation: str
    intro: tuple[str, ...]
    invoices: Table
    penalties: Table | None
    body: tuple[str, ...]
    closing: str
    signature: tuple[str, ...]
    page_label: str
    # What the store and the screens need:
    debtor_id: int
    invoice_ids: tuple[int, ...]
    letter_date: date
    deadline: date
    currency: str
    balance: Decimal
    interest: Decimal
    indemnity: Decimal
    warnings: tuple[str, ...] = ()
    """For the user, not printed: unknown rates, invoices left out... (coded: worded when shown)."""

    @property
    def claimed(self) -> Decimal:
        return self.balance + self.interest + self.indemnity

    def file_name(self) -> str:
        return f"{self.letter_date.isoformat()}-{self.kind.value}-debtor{self.debtor_id}.pdf"

    def event_summary(self) -> str:
        """The contact event's text, as codes and data (worded in the reader's language when shown)."""
        from dunning_tui.words import Money

        key = "event.notice" if self.kind is LetterKind.NOTICE else "event.reminder"
        return coded(key, amount=Money(self.claimed, self.currency), date=self.deadline)


def claimed_invoices(file: DebtorFile, today: date) -> tuple[InvoiceView, ...]:
    """The overdue invoices being chased: disputed ones left out (they are under review, not
    claimed); of one disputed in part, the undisputed part is claimed (:attr:`InvoiceView.chased`)."""
    return file.chased_invoices(today)


def build_letter(
    file: DebtorFile,
    kind: LetterKind,
    *,
    creditor: Creditor,
    consequences: Consequences,
    jurisdiction: str,
    today: date,
    deadline_days: int = 8,
    penalties: PenaltyReport | None = None,
    extra_rates: Iterable[RateLike] = (),
    ui_locale: str = "",
    creditor_jurisdiction: str = "",
    delivery_days: int = 0,
) -> Letter:
    """Word the letter of ``kind`` for ``file`` dated ``today``, deadline ``deadline_days`` later
    (a notice: from its receipt, ``delivery_days`` after ``today``).

    ``jurisdiction`` is the law of the debt; ``creditor_jurisdiction`` (default: the same) labels the
    creditor's registration number. ``penalties`` defaults to
    :func:`dunning_tui.domain.penalties.compute_penalties` on the debtor's invoices with the
    ``consequences`` switches; pass a report to print other figures.
    """
    language = w.language_of(file.debtor.language)
    locale = w.document_locale(language, file.debtor.country, ui_locale)
    t = w.words(language, "letter")
    consumer = file.debtor.kind is DebtorKind.CONSUMER
    if penalties is None and not consumer:
        from dunning_tui.domain.penalties import compute_penalties

        penalties = compute_penalties(
            file.invoices,
            file.payments,
            debtor_kind=file.debtor.kind,
            jurisdiction=jurisdiction,
            today=today,
            extra_rates=extra_rates,
            claim_interest=consequences.late_interest,
            claim_indemnity=consequences.recovery_indemnity,
        )
    open_claimed = claimed_invoices(file, today)
    settled = (
        {line.invoice_number: line for line in penalties.paid_late if line.total}
        if penalties is not None and not consumer and not penalties.consumer
        else {}
    )
    paid_late = tuple(i for i in file.invoices if i.number in settled)
    invoices = open_claimed + paid_late
    if not invoices:
        raise UserError(
            "{name} has no overdue, undisputed invoice to claim on {today}.",
            values={"name": file.debtor.name, "today": today.isoformat()},
        )
    currency = invoices[0].currency
    if any(i.currency != currency for i in invoices):
        raise UserError(
            "{name} owes invoices in several currencies; write one letter per currency.",
            values={"name": file.debtor.name},
        )
    notice = kind is LetterKind.NOTICE
    deadline = today + timedelta(days=deadline_days + (delivery_days if notice else 0))

    def d(day: date) -> str:
        return w.long_date(day, locale)

    def m(amount: Decimal) -> str:
        return w.money(amount, currency, locale)

    numbers = [i.number for i in invoices]
    balance = sum((i.chased for i in open_claimed), ZERO)
    interest = ZERO
    indemnity = ZERO
    warnings: list[str] = []
    if penalties is not None and not consumer and not penalties.consumer:
        totals = penalties.total_in(currency)
        interest = totals.interest if consequences.late_interest else ZERO
        indemnity = totals.indemnity if consequences.recovery_indemnity else ZERO
        warnings.extend(rate_gap_words(g.used) for g in penalties.rate_gaps)
        if any(line.indemnity_currency != currency for line in penalties.lines):
            warnings.append(
                coded("The fixed indemnity is in another currency than the invoices; it is left out.")
            )

    previous = _previous_reminders(file, today, language, d)
    if notice:
        intro_text = (
            w.fill(t["notice_intro"], previous=w.fill(t["notice_previous"], channels=previous))
            if previous
            else t["notice_intro_first"]
        )
    else:
        intro_text = w.fill(t["reminder_intro"], previous=t["reminder_previous"] if previous else "")
    total_text = m(balance + interest + indemnity)
    body: list[str] = []
    if notice:
        body.append(w.fill(t["notice_demand"], total=total_text, days=deadline_days))
    else:
        body.append(w.fill(t["reminder_ask"], total=total_text, deadline=d(deadline)))
    if paid_late:
        body.append(w.fill(t["paid_late_note"], invoices=w.join_numbers([i.number for i in paid_late], 10)))
    penalty_table = None
    if interest or indemnity:
        law = w.law_text(jurisdiction, language)
        rates = _rates_text(penalties, locale) if interest else ""
        body.insert(
            0, " ".join(x for x in (law, w.fill(t["interest_rates"], rates=rates) if rates else "") if x)
        )
        rows = []
        if interest:
            rows.append((w.fill(t["penalty_interest"], date=d(today)), m(interest)))
        if indemnity:
            rows.append((t["penalty_indemnity"], m(indemnity)))
        penalty_table = Table(
            header=(t["penalties_title"], ""),
            rows=tuple(rows),
            totals=((t["penalty_total"], m(interest + indemnity)), (t["grand_total"], total_text)),
            widths=(3, 1),
            numeric=(False, True),
        )
    if creditor.iban:
        bic = w.fill(t["pay_bic"], bic=creditor.bic) if creditor.bic else ""
        body.append(w.fill(t["pay"], iban=creditor.iban, bic=bic))
    else:
        body.append(t["pay_no_iban"])
        warnings.append(coded("No IBAN in the settings (creditor.iban): the letter cannot say where to pay."))
    body.append(t["next_notice"].format(step=_next_step(t, consequences)) if notice else t["next_reminder"])
    overdue = file.overdue_invoices(today)
    disputed = [i.number for i in overdue if i.on_hold > 0 and not i.is_chased()]
    if disputed:
        body.append(w.fill(t["disputed_note"], invoices=w.join_numbers(disputed, 10)))
    for part in (i for i in overdue if i.on_hold > 0 and i.is_chased()):
        body.append(w.fill(t["disputed_part_note"], invoice=part.number, amount=m(part.on_hold)))
    contact = ", ".join(x for x in (creditor.caller_name, creditor.phone, creditor.email) if x.strip())
    if contact:
        body.append(w.fill(t["contact"], contact=contact))
    if not creditor.name.strip():
        warnings.append(coded("No creditor name in the settings (creditor.name): the letter has no sender."))

    return Letter(
        kind=kind,
        language=language,
        title=t["notice_title"] if notice else t["reminder_title"],
        banner=t["notice_banner"] if notice else "",
        sender=_sender_lines(creditor, t, creditor_jurisdiction or jurisdiction, language),
        recipient=_recipient_lines(file, t),
        date_line=w.fill(t["date_line"], date=d(today)),
        subject=w.fill(
            t["subject_notice"] if notice else t["subject_reminder"], invoices=w.join_numbers(numbers, 6)
        ),
        salutation=t["salutation"],
        intro=(intro_text,),
        invoices=_invoice_table(
            t, invoices, {n: line.days_late for n, line in settled.items()}, today, m, locale
        ),
        penalties=penalty_table,
        body=tuple(body),
        closing=t["closing"],
        signature=tuple(x for x in (creditor.caller_name, creditor.name) if x.strip()),
        page_label=t["page"],
        debtor_id=file.debtor.id,
        invoice_ids=tuple(i.id for i in invoices),
        letter_date=today,
        deadline=deadline,
        currency=currency,
        balance=balance,
        interest=interest,
        indemnity=indemnity,
        warnings=tuple(warnings),
    )


def _previous_reminders(file: DebtorFile, today: date, language: str, d: _DateFormat) -> str:
    """The last three reminders before today, e.g. "e-mail du 12 octobre 2026, appel ..."."""
    names = w.words(language, "channel_names")
    item = w.words(language, "letter")["previous_item"]
    earlier = [e for e in file.events if e.occurred_at.date() <= today]
    earlier.sort(key=lambda e: e.occurred_at)
    return ", ".join(
        w.fill(item, channel=names.get(e.channel.value, e.channel.value), date=d(e.occurred_at.date()))
        for e in earlier[-3:]
    )


def _rates_text(report: PenaltyReport | None, locale: str) -> str:
    from babel.numbers import format_percent

    seen: list[Decimal] = []
    for line in report.lines if report else ():
        for rate in line.rates:
            if rate not in seen:
                seen.append(rate)
    return ", ".join(str(format_percent(r / 100, decimal_quantization=False, locale=locale)) for r in seen)


def _next_step(t: dict[str, str], consequences: Consequences) -> str:
    """Only the steps the user really takes (DOMAIN.md §2: never threaten what you will not do)."""
    if consequences.court_action and consequences.collection_agency:
        return t["step_both"]
    if consequences.court_action:
        return t["step_court"]
    if consequences.collection_agency:
        return t["step_agency"]
    return t["step_generic"]


def _sender_lines(creditor: Creditor, t: dict[str, str], jurisdiction: str, language: str) -> tuple[str, ...]:
    lines = [creditor.name, *creditor.address.splitlines()]
    if creditor.registration_number:
        label = w.registration_label(jurisdiction, language) or t["registration"]
        lines.append(w.fill(label, value=creditor.registration_number))
    if creditor.vat_number:
        lines.append(w.fill(t["vat"], value=creditor.vat_number))
    lines += [creditor.phone, creditor.email]
    return tuple(line.strip() for line in lines if line.strip())


def _recipient_lines(file: DebtorFile, t: dict[str, str]) -> tuple[str, ...]:
    debtor = file.debtor
    lines = [debtor.name]
    contact = file.primary_contact
    if debtor.kind is DebtorKind.BUSINESS and contact is not None and contact.name.strip():
        role = f", {contact.role}" if contact.role.strip() else ""
        lines.append(w.fill(t["attention"], name=contact.name.strip() + role))
    lines += debtor.address.splitlines()
    return tuple(line.strip() for line in lines if line.strip())


def _invoice_table(
    t: dict[str, str],
    invoices: Sequence[InvoiceView],
    days_late: dict[str, int],
    today: date,
    m: _MoneyFormat,
    locale: str,
) -> Table:
    """One row per invoice; ``days_late`` gives the days of an invoice paid late (to its payment)."""
    rows = tuple(
        (
            i.number,
            w.short_date(i.issue_date, locale),
            w.short_date(i.due_date, locale),
            m(i.total),
            m(i.paid),
            m(i.chased),
            str(days_late.get(i.number, i.days_late(today))),
        )
        for i in invoices
    )
    total = sum((i.chased for i in invoices), ZERO)
    return Table(
        header=(
            t["col_invoice"],
            t["col_issued"],
            t["col_due"],
            t["col_total"],
            t["col_paid"],
            t["col_balance"],
            t["col_days"],
        ),
        rows=rows,
        totals=((t["total_row"], "", "", "", "", m(total), ""),),
        widths=(26, 19, 19, 24, 22, 24, 16),
        numeric=(False, False, False, True, True, True, True),
    )


def scheduled_check(letter: Letter) -> tuple[ActionKind, date, str]:
    """The next action a letter books: check on its deadline whether it was paid."""

    key = "action.notice_deadline" if letter.kind is LetterKind.NOTICE else "action.reminder_deadline"
    return ActionKind.NOTICE_DEADLINE, letter.deadline, coded(key, date=letter.letter_date)


def render_pdf(letter: Letter) -> bytes:
    from dunning_tui.documents.pdf import letter_pdf

    return letter_pdf(letter)


def write_letter(letter: Letter, path: Path) -> Path:
    """Render and write the PDF (readable by its owner only)."""
    from dunning_tui.documents.files import write_private

    write_private(path, render_pdf(letter))
    return path


def letter_for(
    file: DebtorFile, kind: LetterKind, settings: Settings, today: date, deadline_days: int | None = None
) -> Letter:
    """:func:`build_letter` with everything taken from the settings (creditor, law, rates, deadline)
    and the penalties of :func:`dunning_tui.reports.penalties_for`, the figure the file shows."""
    from dunning_tui.reports import jurisdiction_for, penalties_for

    return build_letter(
        file,
        kind,
        creditor=settings.creditor,
        consequences=settings.consequences,
        jurisdiction=jurisdiction_for(file.debtor, settings),
        today=today,
        deadline_days=deadline_days or settings.cadence.notice_deadline_days,
        penalties=penalties_for(file, today, settings),
        extra_rates=settings.rates,
        ui_locale=settings.ui_locale(),
        creditor_jurisdiction=settings.jurisdiction,
        delivery_days=settings.cadence.notice_delivery_days,
    )
