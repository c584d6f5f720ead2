"""The branching call script: what to say, the debtor's possible answers, and where each leads.

Scripts are TOML files (see the README, "Call scripts"); a French and an English one ship with the
tool. This package never imports Textual: the call screen renders :class:`RenderedNode` values.
"""

from __future__ import annotations

from dunning_tui.script.context import (
    ScriptContext,
    build_context,
    context_from_settings,
    enabled_consequences,
    format_day,
)
from dunning_tui.script.loader import (
    BROKEN_PROMISE_ENTRY,
    check_script,
    default_script,
    entry_for,
    export_defaults,
    load_script,
    parse_script,
    resolve_script,
)
from dunning_tui.script.model import CONDITIONS, EVIDENCE, PLACEHOLDERS, Answer, Line, Node, Script
from dunning_tui.script.path import ScriptPath, Step
from dunning_tui.script.render import RenderedAnswer, RenderedNode, render_line, render_node
from dunning_tui.script.validate import ScriptError, ScriptSummary, summarise

__all__ = [
    "BROKEN_PROMISE_ENTRY",
    "CONDITIONS",
    "EVIDENCE",
    "PLACEHOLDERS",
    "Answer",
    "Line",
    "Node",
    "RenderedAnswer",
    "RenderedNode",
    "Script",
    "ScriptContext",
    "ScriptError",
    "ScriptPath",
    "ScriptSummary",
    "Step",
    "build_context",
    "check_script",
    "context_from_settings",
    "default_script",
    "enabled_consequences",
    "entry_for",
    "export_defaults",
    "format_day",
    "load_script",
    "parse_script",
    "render_line",
    "render_node",
    "resolve_script",
    "summarise",
]
