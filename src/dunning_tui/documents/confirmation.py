"""The confirmation email sent right after a call: what was agreed, in the debtor's language.

:func:`build_confirmation` is pure: it returns a :class:`Draft` the app shows and lets the user edit
(:meth:`Draft.edited`) before :func:`dunning_tui.documents.mail.save_eml` writes it to the outbox
and :func:`dunning_tui.documents.mail.send` hands it to the mail server.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from dunning_tui.documents import wording as w
from dunning_tui.documents.attachments import Attachment, AttachmentRules, Problem, Refused, take
from dunning_tui.domain.enums import DebtorKind, InvoiceStatus, Outcome
from dunning_tui.domain.escalation import DISPUTE_REPLY_DAYS
from dunning_tui.words import worded

if TYPE_CHECKING:
    from dunning_tui.domain.models import ActionView, CallView, DebtorFile, InvoiceView, PromiseView
    from dunning_tui.settings import Creditor, Settings
    from dunning_tui.store.outbox import LatestOutcome

_DateFormat = Callable[[date], str]
_MoneyFormat = Callable[..., str]


@dataclass(frozen=True, slots=True)
class Mailbox:
    """A validated address with its display name (already stripped of line breaks)."""

    name: str
    address: str

    def __str__(self) -> str:
        from email.headerregistry import Address

        return str(Address(display_name=self.name, addr_spec=self.address))


def mailbox(name: str, address: str) -> Mailbox | None:
    """A :class:`Mailbox` if ``address`` is a usable email address, else ``None``.

    Usable means: it parses as an RFC 5322 addr-spec with no defect, has a dotted domain, and holds
    no line break (so it can never add a header).
    """
    from email.errors import HeaderParseError
    from email.headerregistry import Address

    raw = address.strip()
    if not raw or any(ch in raw for ch in "\r\n\t ,;<>") or raw.count("@") != 1:
        return None
    try:
        parsed = Address(addr_spec=raw)
    except (ValueError, IndexError, HeaderParseError):
        return None
    if not parsed.username or "." not in parsed.domain.strip(".") or parsed.domain.startswith("."):
        return None
    return Mailbox(w.one_line(name, 120), parsed.addr_spec)


NO_RECIPIENT = "{name} has no valid email address (contact or company)."
NO_SENDER = "The creditor email (creditor.email in the settings) is missing or invalid."


@dataclass(frozen=True, slots=True)
class Draft:
    """An email ready to show, edit, save and send."""

    subject: str
    body: str
    to: tuple[Mailbox, ...]
    attachments: tuple[Attachment, ...] = ()
    """Checked PDFs with their bytes: what the user is shown is what is sent."""
    refused: tuple[Refused, ...] = ()
    """Files named for the email that are not attached, and why (shown before sending)."""
    sender: Mailbox | None = None
    debtor_id: int = 0
    call_id: int | None = None
    invoice_ids: tuple[int, ...] = ()
    language: str = "en"
    problems: tuple[Problem, ...] = ()
    """Why it cannot be sent as it is (no valid address...): shown to the user, not in the email."""

    def edited(self, subject: str, body: str) -> Draft:
        """The same draft with the user's own subject and body (the subject is kept to one line)."""
        return dataclasses.replace(self, subject=w.one_line(subject, 250), body=body)

    @property
    def to_display(self) -> str:
        return ", ".join(str(m) for m in self.to)


def recipient_for(file: DebtorFile, contact_name: str = "") -> tuple[Mailbox | None, str]:
    """The person spoken to (or the primary contact), else the company's generic address."""
    contacts = sorted(file.contacts, key=lambda c: (c.name != contact_name, not c.is_primary, c.id))
    for c in contacts:
        found = mailbox(c.name, c.email)
        if found:
            return found, c.name
    generic = mailbox(file.debtor.name, file.debtor.email)
    name = contacts[0].name if contacts else ""
    return generic, name


def concerned_invoices(file: DebtorFile, numbers: Iterable[str] = ()) -> tuple[InvoiceView, ...]:
    """The open invoices named by ``numbers`` (all open ones when none is named or none is open)."""
    wanted = set(numbers)
    open_ = file.open_invoices
    chosen = tuple(i for i in open_ if i.number in wanted) if wanted else ()
    return chosen or open_


def build_confirmation(
    file: DebtorFile,
    call: CallView,
    promises: Sequence[PromiseView] = (),
    *,
    creditor: Creditor,
    terms_of_sale: Path | None = None,
    attachment_rules: AttachmentRules | None = None,
    ui_locale: str = "",
    call_back: ActionView | None = None,
    commitments: Sequence[ActionView] = (),
    invoice_numbers: Sequence[str] = (),
    reply_days: int = DISPUTE_REPLY_DAYS,
    bank_delay_days: int = 0,
) -> Draft:
    """The email that sums up ``call``: subject and body in the debtor's language.

    ``promises`` are the call's promises (one, or the instalments of a plan); ``call_back`` the
    call-back action it booked; ``commitments`` what the user said they would do; ``invoice_numbers`` the invoices the
    outcome is about (default: all open invoices). Invoice PDFs and the terms of sale are attached
    when they pass ``attachment_rules`` (see :mod:`dunning_tui.documents.attachments`; without
    rules no invoice PDF is attached); the others are listed in ``refused``. ``bank_delay_days``
    (``cadence.bank_delay_days``) sets when the email says each instalment is checked: the day the
    follow-up really checks it.
    """

    language = w.language_of(file.debtor.language)
    locale = w.document_locale(language, file.debtor.country, ui_locale)
    t = w.words(language, "email")
    if bank_delay_days > 0:  # the day the follow-up really checks (DOMAIN.md §1 "keep your word")
        t = {**t, "plan_end": w.fill(t["plan_end_delay"], days=bank_delay_days + 1)}
    invoices = concerned_invoices(file, invoice_numbers or _promise_numbers(promises))
    numbers = [i.number for i in invoices]
    call_day = call.started_at.astimezone().date() if call.started_at.tzinfo else call.started_at.date()
    reply_by = call_day + timedelta(days=reply_days)
    to, name = recipient_for(file, call.contact_name)
    if file.debtor.kind is DebtorKind.CONSUMER and not name:
        name = file.debtor.name

    def d(day: date) -> str:
        return w.long_date(day, locale)

    def m(amount: Decimal, currency: str | None = None) -> str:
        return w.money(amount, currency or file.currency, locale)

    outcome = call.outcome or Outcome.NO_ANSWER
    subject_key = "subject_no_answer" if outcome is Outcome.NO_ANSWER else "subject"
    subject = w.fill(t[subject_key], call_date=d(call_day), invoices=w.join_numbers(numbers))

    paragraphs: list[str] = [w.fill(t["greeting"], name=name) if name else t["greeting_anonymous"]]
    # Thanks "for our conversation" only to the person who had it: not after voicemail, a colleague
    # or the switchboard.
    spoke_to_them = call.answered_by in ("", "debtor")
    if outcome not in (Outcome.NO_ANSWER, Outcome.WRONG_PERSON) and spoke_to_them:
        paragraphs.append(w.fill(t["intro"], call_date=d(call_day)))
    paragraphs.extend(
        _outcome_paragraphs(
            outcome,
            t,
            file,
            call,
            invoices,
            promises,
            call_back,
            call_day,
            reply_by,
            creditor,
            language,
            d,
            m,
        )
    )
    if commitments:
        lines = [
            w.fill(t["commitment_line"], date=d(a.due_date), text=worded(a.reason, language))
            for a in commitments
        ]
        paragraphs.append("\n".join([t["commitments"], *lines]))
    paragraphs.append(_invoice_block(t, invoices, d, m))
    if creditor.iban:
        bic = w.fill(t["pay_bic"], bic=creditor.bic) if creditor.bic else ""
        paragraphs.append(w.fill(t["pay"], iban=creditor.iban, bic=bic))

    rules = attachment_rules or AttachmentRules(())
    named = dict.fromkeys(Path(i.pdf_path) for i in invoices if i.pdf_path)
    taken = [take(p, rules) for p in named]
    terms = take(terms_of_sale, rules, declared=True) if terms_of_sale is not None else None
    invoice_files = [a for a in taken if isinstance(a, Attachment)]
    attachments = [*invoice_files, *([terms] if isinstance(terms, Attachment) else [])]
    refused = [r for r in [*taken, terms] if isinstance(r, Refused)]
    terms = terms if isinstance(terms, Attachment) else None
    what = ([t["attached_invoices"]] if invoice_files else []) + ([t["attached_terms"]] if terms else [])
    if what:
        paragraphs.append(w.fill(t["attached"], what=t["attached_and"].join(what)))
    paragraphs.append("\n".join([t["closing"], *_signature(creditor)]))

    problems: list[Problem] = []
    if to is None:
        problems.append(Problem(NO_RECIPIENT, (("name", file.debtor.name),)))
    sender = mailbox(creditor.name, creditor.email)
    if sender is None:
        problems.append(Problem(NO_SENDER))
    return Draft(
        subject=w.one_line(subject, 250),
        body="\n\n".join(p for p in paragraphs if p) + "\n",
        to=(to,) if to else (),
        attachments=tuple(attachments),
        refused=tuple(refused),
        sender=sender,
        debtor_id=file.debtor.id,
        call_id=call.id,
        invoice_ids=tuple(i.id for i in invoices),
        language=language,
        problems=tuple(problems),
    )


def _promise_numbers(promises: Sequence[PromiseView]) -> list[str]:
    return sorted({n for p in promises for n in p.invoice_numbers})


def _outcome_paragraphs(
    outcome: Outcome,
    t: dict[str, str],
    file: DebtorFile,
    call: CallView,
    invoices: tuple[InvoiceView, ...],
    promises: Sequence[PromiseView],
    call_back: ActionView | None,
    call_day: date,
    reply_by: date,
    creditor: Creditor,
    language: str,
    d: _DateFormat,
    m: _MoneyFormat,
) -> list[str]:
    methods = w.words(language, "method_names")

    def method(name: str) -> str:
        return w.fill(t["method"], method=methods.get(name, name)) if name else ""

    if outcome is Outcome.PROMISE and promises:
        p = min(promises, key=lambda p: (p.promised_date, p.id))
        return [
            w.fill(
                t["promise"], amount=m(p.amount, p.currency), date=d(p.promised_date), method=method(p.method)
            )
        ]
    if outcome is Outcome.PAYMENT_PLAN and promises:
        dated = sorted(promises, key=lambda p: (p.promised_date, p.id))
        lines = [
            w.fill(t["plan_line"], date=d(p.promised_date), amount=m(p.amount, p.currency)) for p in dated
        ]
        head = w.fill(t["plan_intro"], count=len(dated))
        tail = method(dated[0].method).strip()
        return ["\n".join([head, *lines]) + (f"\n({tail})" if tail else ""), t["plan_end"]]
    if outcome is Outcome.CALL_BACK and call_back is not None:
        at = w.fill(t["call_back_time"], time=_clock(call_back, language, file)) if call_back.due_time else ""
        return [w.fill(t["call_back"], date=d(call_back.due_date), time=at)]
    if outcome is Outcome.DISPUTE:
        # The deadline is the one agreed on the phone (the form's "documents by"), else the default.
        by = call.documents_due or reply_by
        held = [i for i in invoices if i.status is InvoiceStatus.DISPUTED]
        disputed = held or list(invoices)
        reasons = sorted({i.dispute_reason.strip() for i in disputed if i.dispute_reason.strip()})
        reason = f" ({'; '.join(reasons)})" if reasons else ""
        out = [w.fill(t["dispute"], invoices=w.join_numbers([i.number for i in disputed]), reason=reason)]
        contested = sum((i.on_hold if held else i.balance for i in disputed), Decimal("0.00"))
        if contested != sum((i.balance for i in disputed), Decimal("0.00")):
            out.append(w.fill(t["dispute_amount"], amount=m(contested)))
        out.append(w.fill(t["dispute_ask"], date=d(by)))
        undisputed = sum((i.chased for i in file.open_invoices), Decimal("0.00"))
        if undisputed > 0:
            out.append(w.fill(t["dispute_undisputed"], amount=m(undisputed), date=d(by)))
        return out
    if outcome is Outcome.ALREADY_PAID and call.paid_amount is not None and call.paid_on is not None:
        # What the debtor said is in the email: thanks, and what will be checked (never asked again).
        reference = (
            w.fill(t["already_paid_reference"], reference=call.paid_reference) if call.paid_reference else ""
        )
        return [
            w.fill(
                t["already_paid_known"], amount=m(call.paid_amount), date=d(call.paid_on), reference=reference
            )
        ]
    if outcome is Outcome.ALREADY_PAID:
        return [t["already_paid"]]
    if outcome is Outcome.REFUSED:
        return [w.fill(t["refused"], date=d(reply_by))]
    if outcome is Outcome.WRONG_PERSON:
        return [t["wrong_person"]]
    phone = w.fill(t["no_answer_phone"], phone=creditor.phone) if creditor.phone else ""
    return [w.fill(t["no_answer"], call_date=d(call_day), phone=phone)]


def _clock(action: ActionView, language: str, file: DebtorFile) -> str:
    assert action.due_time is not None
    return w.clock(action.due_time, w.document_locale(language, file.debtor.country))


def _invoice_block(
    t: dict[str, str], invoices: tuple[InvoiceView, ...], d: _DateFormat, m: _MoneyFormat
) -> str:
    lines = [t["invoices_intro"]]
    for i in invoices:
        po = w.fill(t["invoice_po"], po=i.po_reference) if i.po_reference else ""
        line = w.fill(
            t["invoice_line"],
            number=i.number,
            issue_date=d(i.issue_date),
            due_date=d(i.due_date),
            balance=m(i.balance, i.currency),
            po=po,
        )
        lines.append(line + (t["disputed_mark"] if i.status is InvoiceStatus.DISPUTED else ""))
    currencies = {i.currency for i in invoices}
    if len(currencies) == 1:
        total = sum((i.balance for i in invoices), Decimal("0.00"))
        lines.append(w.fill(t["total"], amount=m(total, currencies.pop())))
    return "\n".join(lines)


def _signature(creditor: Creditor) -> list[str]:
    lines = [creditor.caller_name, creditor.name if creditor.name != creditor.caller_name else ""]
    lines += [creditor.phone, creditor.email]
    return [line.strip() for line in lines if line.strip()]


def draft_for_latest(
    file: DebtorFile, latest: LatestOutcome, settings: Settings, import_folders: Sequence[Path] = ()
) -> Draft:
    """The confirmation of ``latest`` (from :func:`dunning_tui.store.outbox.latest_outcome`) with the
    settings' creditor, terms of sale and locale: the one call the app and the command make.

    Invoice PDFs are attached from the settings' ``attachments_dirs`` and the folders the imported
    files came from (``import_folders``, see :mod:`dunning_tui.store.import_folders`)."""
    return build_confirmation(
        file,
        latest.call,
        latest.promises,
        creditor=settings.creditor,
        terms_of_sale=settings.terms_of_sale,
        attachment_rules=AttachmentRules.of(
            [*settings.attachments_dirs, *import_folders], settings.attachment_max_mib
        ),
        ui_locale=settings.ui_locale(),
        call_back=latest.call_back,
        commitments=latest.commitments,
        invoice_numbers=latest.invoice_numbers,
        bank_delay_days=settings.cadence.bank_delay_days,
    )
