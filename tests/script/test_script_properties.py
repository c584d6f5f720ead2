"""Property tests: the validator never crashes, and what it accepts can always be walked to an end."""

from __future__ import annotations

import json
import math
from collections import deque
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dunning_tui.errors import UserError
from dunning_tui.script import ScriptContext, parse_script, render_node
from dunning_tui.script.model import CONDITIONS, Script
from dunning_tui.script.validate import check_data

# -- a small TOML writer (inline tables only), enough for generated data -------------------------


def toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return toml_string(value)


def dumps(data: dict[str, Any]) -> str:
    return "\n".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in data.items()) + "\n"


# -- arbitrary structures, biased towards the script's own vocabulary ---------------------------

WORDS = [
    "name", "language", "start", "refocus", "nodes", "entries", "title", "say", "tips", "answers",
    "label", "to", "key", "when", "unless", "outcome", "evidence", "end", "text", "fallback", "a", "b",
]  # fmt: skip
keys = st.sampled_from(WORDS) | st.text(max_size=8)
texts = (
    st.sampled_from(["a", "b", "en", "promise", "plan_ok", "invoices", "Hi {contact}", "[{balance}]"])
    | st.text(alphabet="ab {}[]_", max_size=12)
    | st.text(max_size=12)
)
scalars = st.none() | st.booleans() | st.integers(-20, 20) | st.floats() | st.dates() | texts
structures = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=30,
)


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value if v is not None]
    return value


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, structures, max_size=8))
def test_arbitrary_toml_gives_errors_never_crashes(data: dict[str, Any]) -> None:
    text = dumps(_drop_none(data))
    try:
        parse_script(text, "fuzz.toml")
    except UserError as exc:
        assert exc.details and all(line.startswith("fuzz.toml") for line in exc.details)


@settings(max_examples=200)
@given(st.text(max_size=200))
def test_arbitrary_text_gives_errors_never_crashes(text: str) -> None:
    try:
        parse_script(text)
    except UserError as exc:
        assert exc.details


# -- generated graphs ----------------------------------------------------------------------------

conditions = st.one_of(st.just([]), st.just([]), st.lists(st.sampled_from(sorted(CONDITIONS)), max_size=2))
LINES = ["Hi[ {contact}].", "{balance} due", "Thanks.", "Hi {nope}"]


@st.composite
def graphs(draw: st.DrawFn) -> dict[str, Any]:
    """Mostly connected graphs (a random tree plus random extra answers), so many are accepted."""
    count = draw(st.integers(1, 7))
    ids = [f"n{i}" for i in range(count)]
    targets: dict[str, list[str]] = {node_id: [] for node_id in ids}
    for i in range(1, count):
        targets[ids[draw(st.integers(0, i - 1))]].append(ids[i])
    for node_id in ids:
        targets[node_id] += draw(st.lists(st.sampled_from([*ids * 4, "ghost"]), max_size=2))
    nodes: dict[str, Any] = {}
    for node_id in ids:
        answers = [
            {"label": f"go {i}", "to": to, "when": draw(conditions)} for i, to in enumerate(targets[node_id])
        ]
        nodes[node_id] = {
            "title": node_id,
            "say": draw(st.lists(st.sampled_from(LINES[:3] * 5 + LINES[3:]), max_size=2)),
            "answers": answers,
            "end": draw(st.integers(0, 2)) == 0,
        }
    return {"name": "g", "language": "en", "start": "n0", "refocus": "Back to the date.", "nodes": nodes}


def _ends_reachable(script: Script, start: str) -> bool:
    seen, queue = {start}, deque([start])
    while queue:
        node = script.nodes[queue.popleft()]
        if node.end:
            return True
        for answer in node.answers:
            if not answer.conditional and answer.to not in seen:
                seen.add(answer.to)
                queue.append(answer.to)
    return False


@settings(max_examples=400)
@given(graphs(), st.frozensets(st.sampled_from(sorted(CONDITIONS))))
def test_accepted_scripts_can_be_walked_to_an_end(data: dict[str, Any], flags: frozenset[str]) -> None:
    script, errors = check_data(data, "graph.toml")
    if script is None:
        assert errors and all(str(e).startswith("graph.toml") for e in errors)
        return
    assert errors == []
    ctx = ScriptContext(values={"balance": "€10.00"}, flags=flags)
    seen, queue = {script.start}, deque([script.start])
    while queue:
        node_id = queue.popleft()
        assert _ends_reachable(script, node_id), node_id
        rendered = render_node(script, node_id, ctx)
        assert rendered.is_end or rendered.answers, node_id
        for answer in rendered.answers:
            assert answer.target in script.nodes
            if answer.target not in seen:
                seen.add(answer.target)
                queue.append(answer.target)
