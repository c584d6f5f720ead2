"""Turn one node of a script into the sentences to read for this debtor, today."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dunning_tui.domain.enums import Outcome
from dunning_tui.errors import UserError
from dunning_tui.script import template
from dunning_tui.script.context import ScriptContext
from dunning_tui.script.model import Answer, Line, Script


@dataclass(frozen=True, slots=True)
class RenderedAnswer:
    key: int
    """The digit (1 to 9) that picks it."""
    label: str
    target: str
    """The node it leads to."""


@dataclass(frozen=True, slots=True)
class RenderedNode:
    id: str
    title: str
    lines: tuple[str, ...]
    tips: tuple[str, ...]
    answers: tuple[RenderedAnswer, ...]
    outcome: Outcome | None
    evidence: tuple[str, ...]
    """What to show from the file here: document kinds, "payments", "promises"..."""
    is_end: bool
    refocus: str
    """The script's line for bringing a drifting debtor back to the date."""

    def target(self, key: int) -> str | None:
        """The node the answer with this key leads to, if there is one."""
        return next((a.target for a in self.answers if a.key == key), None)


_FRENCH_ELISION = re.compile(r"\b([Dd])e (?!onze\b)(?=[AEIOUYÀÂÉÈÊÎÏÔÛaeiouyàâéèêîïôû])")


def _fill(text: str, context: ScriptContext, *, lenient: bool = False) -> str | None:
    """Render a template; in French, "de Atelier" becomes "d'Atelier" once a name is filled in."""
    rendered = template.render(text, context.values, lenient=lenient)
    if rendered and context.locale.lower().startswith("fr"):
        rendered = _FRENCH_ELISION.sub(r"\1'", rendered)
    return rendered


def render_line(line: Line, context: ScriptContext) -> str | None:
    """The sentence, its fallback, or ``None`` when neither can be said (or its condition is off)."""
    if not line.applies(context.flags):
        return None
    for text in (line.text, line.fallback):
        if text:
            rendered = _fill(text, context)
            if rendered:
                return rendered
    return None


def _keys(answers: Iterable[Answer]) -> list[tuple[int, Answer]]:
    """Explicit keys stay; the others take the lowest free digits in order."""
    listed = list(answers)
    taken = {a.key for a in listed if a.key is not None}
    free = (k for k in range(1, 10) if k not in taken)
    out = [(a.key if a.key is not None else next(free, 0), a) for a in listed]
    return sorted((pair for pair in out if pair[0]), key=lambda pair: pair[0])


def render_node(script: Script, node_id: str, context: ScriptContext) -> RenderedNode:
    """Everything the screen shows for a node; raises :class:`UserError` for an unknown node."""
    node = script.nodes.get(node_id)
    if node is None:
        raise UserError(
            "The call script '{name}' has no node '{node_id}'.",
            values={"name": script.name, "node_id": node_id},
        )
    lines = (render_line(line, context) for line in node.say)
    tips = (_fill(tip, context) for tip in node.tips)
    answers = [a for a in node.answers if a.applies(context.flags)]
    return RenderedNode(
        id=node_id,
        title=_fill(node.title, context, lenient=True) or node_id,
        lines=tuple(line for line in lines if line),
        tips=tuple(tip for tip in tips if tip),
        answers=tuple(
            RenderedAnswer(key, _fill(a.label, context, lenient=True) or a.to, a.to)
            for key, a in _keys(answers)
        ),
        outcome=node.outcome,
        evidence=node.evidence,
        is_end=node.end,
        refocus=render_line(script.refocus, context) or "",
    )
