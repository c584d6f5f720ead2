"""The call script as data: a graph of nodes, each with lines to say and the debtor's answers.

Field-level rules (types, placeholders, outcomes, evidence, condition names) live here as pydantic
validation; rules about the graph as a whole (targets, reachability, dead ends) are in
:mod:`dunning_tui.script.validate`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from dunning_tui.domain.enums import DocumentKind, Outcome
from dunning_tui.script import template

PLACEHOLDERS: dict[str, str] = {
    "company": "the debtor's company name",
    "contact": "the name of the person to ask for (the primary contact)",
    "contact_address": (
        "how to address that person: 'Madame Martin' / 'Mrs Martin' when the name carries a title "
        "(Mme, M., Mrs, Mr...), empty otherwise"
    ),
    "invoices": "the numbers of the overdue invoices (the open ones if none is overdue yet)",
    "balance": "what is left to pay on those invoices, in the user's locale",
    "due_dates": "their due dates",
    "days_late": "days since the oldest unpaid due date (empty when not late)",
    "latest_date": "the latest payment date you accept, set before the call",
    "last_promise_date": "the date of the debtor's last promise",
    "last_promise_amount": "the amount of that promise",
    "penalties": "late-payment interest and recovery indemnity, when computed",
    "max_instalments": "the most instalments a payment plan may have",
    "creditor": "your business name",
    "creditor_phone": "your phone number, for the debtor to call back",
    "caller": "your own name (the creditor's name if not set)",
    "check_when": "when a promise is checked: 'le lendemain' / 'the day after', or later with a bank delay",
}
"""Every placeholder a line may use, with what it holds."""

CONSEQUENCES = (
    "late_interest",
    "recovery_indemnity",
    "suspend_work",
    "remove_credit_terms",
    "collection_agency",
    "court_action",
)
"""The consequences of the settings (``[consequences]``); a line naming one is said only if it is on."""

CONDITIONS: dict[str, str] = {
    **{name: f"the consequence '{name}' is turned on in the settings" for name in CONSEQUENCES},
    "plan_ok": "a payment plan is acceptable for this call",
    "several_invoices": "more than one invoice is being chased",
    "consumer": "the debtor is a consumer, not a business",
    "caller_is_creditor": "no separate caller name is set: you phone as the business itself",
}
"""Every name ``when``/``unless`` may use."""

EVIDENCE: tuple[str, ...] = (
    *(kind.value for kind in DocumentKind),
    "invoices",
    "payments",
    "promises",
    "events",
    "calls",
    "contacts",
)
"""What a node may ask the screen to show from the debtor's file."""

NodeId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$")]
Condition = Literal[
    "late_interest",
    "recovery_indemnity",
    "suspend_work",
    "remove_credit_terms",
    "collection_agency",
    "court_action",
    "plan_ok",
    "several_invoices",
    "consumer",
    "caller_is_creditor",
]
Evidence = Literal[
    "signed_quote",
    "purchase_order",
    "delivery_note",
    "contract",
    "terms_of_sale",
    "credit_note",
    "invoices",
    "payments",
    "promises",
    "events",
    "calls",
    "contacts",
]


def check_template(text: str) -> str:
    """Raise ``ValueError`` for a template that does not parse or names an unknown placeholder."""
    tokens = template.parse(text)
    unknown = [name for name in template.placeholders(tokens) if name not in PLACEHOLDERS]
    if unknown:
        raise ValueError(f"unknown placeholder {{{unknown[0]}}}; known: {', '.join(PLACEHOLDERS)}")
    return text


Template = Annotated[str, AfterValidator(check_template)]
"""Text with placeholders and optional segments (see :mod:`dunning_tui.script.template`)."""


def _as_tuple(value: Any) -> Any:
    return (value,) if isinstance(value, str) else value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Conditional(_Strict):
    when: tuple[Condition, ...] = ()
    """Shown only if every one of these conditions holds."""
    unless: tuple[Condition, ...] = ()
    """Hidden if any of these conditions holds."""

    _single_to_tuple = field_validator("when", "unless", mode="before")(_as_tuple)

    def applies(self, flags: frozenset[str]) -> bool:
        return all(c in flags for c in self.when) and not any(c in flags for c in self.unless)

    @property
    def conditional(self) -> bool:
        return bool(self.when or self.unless)


class Line(Conditional):
    """One sentence to say; a plain string in TOML, or a table for a fallback or a condition."""

    text: Annotated[Template, StringConstraints(min_length=1)]
    fallback: Template = ""
    """Said instead when a required placeholder of ``text`` has no value."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        return {"text": data} if isinstance(data, str) else data


class Answer(Conditional):
    """What the debtor may say, leading to another node."""

    label: Annotated[Template, StringConstraints(min_length=1, max_length=40)]
    to: NodeId
    key: Annotated[int, Field(ge=1, le=9)] | None = None
    """The digit that picks it; by default the next free one in order."""


class Node(_Strict):
    title: Annotated[Template, StringConstraints(min_length=1)]
    say: tuple[Line, ...] = ()
    tips: tuple[Template, ...] = ()
    answers: tuple[Answer, ...] = ()
    outcome: Outcome | None = None
    """The outcome this node suggests for the call record."""
    evidence: tuple[Evidence, ...] = ()
    end: bool = False
    """The call may end here."""


class Script(_Strict):
    name: Annotated[str, StringConstraints(min_length=1)]
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}([_-][A-Za-z]{2})?$")]
    start: NodeId
    """Where an ordinary call starts."""
    entries: dict[Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")], NodeId] = Field(
        default_factory=dict
    )
    """Other named entry points, e.g. ``broken_promise = "broken_promise_opening"``."""
    refocus: Line
    """What to say when the debtor drifts off topic."""
    nodes: dict[NodeId, Node] = Field(min_length=1)

    def entry(self, name: str | None) -> str:
        """The node an entry point names; the ordinary start for ``None`` or an unknown name."""
        if name is None:
            return self.start
        return self.entries.get(name, self.start)
