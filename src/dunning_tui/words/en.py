"""The English catalogue: the messages kept under an id (text used as its own key needs no entry)."""

from __future__ import annotations

WORDS: dict[str, str] = {
    "text": "{text}",
    # outcome kinds
    "outcome.promise": "Promise",
    "outcome.payment_plan": "Payment plan",
    "outcome.call_back": "Call back",
    "outcome.dispute": "Dispute",
    "outcome.already_paid": "Already paid",
    "outcome.no_answer": "No answer",
    "outcome.wrong_person": "Wrong person",
    "outcome.refused": "Refused",
    # payment methods (stored as codes)
    "method.transfer": "transfer",
    "method.card": "card",
    "method.cheque": "cheque",
    "method.direct_debit": "direct debit",
    "method.cash": "cash",
    # next actions' reasons (stored as codes, worded when shown)
    "action.paid": "nothing left to pay",
    "action.first_call": "first call: {days} days after the due date",
    "action.cadence_call": "follow-up call: {days} days after the last call",
    "action.check": "check that {amount} promised for {date} has arrived",
    "action.missed": "promise of {amount} for {date} not kept: call now and agree a shorter deadline",
    "action.partly": "promise of {amount} for {date} only partly kept ({paid} arrived): call now",
    "action.promise_done": "the promise was kept or missed",
    "action.handled": "called since",
    "action.superseded": "replaced by a newer plan",
    "action.not_now": "not needed now",
    "action.commitment": "You said you would: {words}",
    "action.notice": "formal notice deadline passed: {step}",
    "action.closed": " ({why})",
    "action.sms": "no answer to the last {count} calls: send this text message first: “{text}”",
    "action.sms_text": (
        "Hello, invoice(s) {invoices} remain unpaid. Please call us back or reply with the date "
        "of payment. Thank you."
    ),
    "action.call_back": "call back as agreed",
    "action.check_paid": "check the payment the debtor says was made",
    "action.check_paid_ref": "check the payment the debtor says was made ({reference})",
    "action.check_paid_amount": "check the payment of {amount} the debtor says was made on {date} (ref. {reference})",
    "action.letter_done": "letter sent",
    "action.dispute": "dispute under review",
    # history lines (stored as codes)
    "event.call": "Call: {kind}.",
    "event.call_with": "Call: {kind}. {summary}",
    "event.email_sent": "Confirmation email sent to {recipients}: {subject}",
    "event.email_outbox": "Confirmation email saved in the outbox, not sent ({file}): {subject}",
    "event.notice": "Formal notice: {amount} claimed, deadline {date}",
    "event.reminder": "Written reminder (unpaid invoices): {amount} claimed, deadline {date}",
    "action.notice_deadline": "deadline of the formal notice of {date}",
    "action.reminder_deadline": "deadline of the written reminder of {date}",
    # the escalation ladder
    "stage.calls": "Keep calling",
    "stage.written_reminder": "Send a written reminder titled “Unpaid invoice(s)”",
    "stage.generic_email": "Email the company's generic address",
    "stage.formal_notice": "Send a formal notice by registered letter, deadline {days} days",
    "stage.procedure": "Do what the formal notice said: court procedure or a collection agency",
    "stage.consumer.written_reminder": " (consumer: keep the first reminder free of charge)",
    "stage.consumer.formal_notice": " (consumer: no B2B interest nor 40 EUR indemnity; legal interest "
    "only from the notice)",
    "stage.consumer.procedure": " (consumer: consumer rules apply; no B2B penalties)",
    "stage.paid": "Nothing is overdue",
    "stage.late": "{days} days late",
    "stage.missed": "promise for {date} not kept",
    "stage.missed2": "{count} promises not kept",
    "stage.refused": "refused to pay on {date}",
    "stage.silent": "nobody reached since the written reminder of {date}",
    "stage.written_done": "written steps done without payment",
    "stage.notice_wait": "formal notice of {date}: deadline {deadline}",
    "stage.notice_passed": "formal notice of {date}: deadline {deadline} passed",
    "stage.pending": "; held by the promise for {date}",
    "stage.paused": "; paused until {date}",
    "stage.disputed": "; held by the dispute until {date}",
    "stage.held": "; every overdue invoice is disputed: on hold until the dispute is settled",
}

#: Words that agree with a number: the English plural is the key, one text per CLDR plural category.
PLURALS: dict[str, dict[str, str]] = {
    "{count} calls": {"one": "{count} call", "other": "{count} calls"},
    "{count} reached": {"one": "{count} reached", "other": "{count} reached"},
    "{count} promises": {"one": "{count} promise", "other": "{count} promises"},
    "{count} debtors": {"one": "{count} debtor", "other": "{count} debtors"},
    "{count} open actions": {"one": "{count} open action", "other": "{count} open actions"},
    "{count} kept": {"one": "{count} kept", "other": "{count} kept"},
    "{count} files": {"one": "{count} file", "other": "{count} files"},
    "{count} contacts deleted": {"one": "{count} contact deleted", "other": "{count} contacts deleted"},
    "{count} invoices kept anonymised": {
        "one": "{count} invoice kept anonymised",
        "other": "{count} invoices kept anonymised",
    },
    "{count} emails and letters removed": {
        "one": "{count} email or letter removed",
        "other": "{count} emails and letters removed",
    },
    "{count} nodes": {"one": "{count} node", "other": "{count} nodes"},
    "{count} ends": {"one": "{count} end", "other": "{count} ends"},
    "{count} other entry points": {"one": "{count} other entry point", "other": "{count} other entry points"},
    "longest path {count} steps": {"one": "longest path {count} step", "other": "longest path {count} steps"},
    "{count} rows": {"one": "{count} row", "other": "{count} rows"},
    "{count} partly": {"one": "{count} partly", "other": "{count} partly"},
    "{count} broken": {"one": "{count} broken", "other": "{count} broken"},
    "{file} has {count} bad rows": {
        "one": "{file} has {count} bad row",
        "other": "{file} has {count} bad rows",
    },
    "{file} has {count} problems": {
        "one": "{file} has {count} problem",
        "other": "{file} has {count} problems",
    },
}
