"""Check a script: pydantic for each field, then the graph (targets, reachability, dead ends).

Every problem becomes a :class:`ScriptError` naming the file, the node and the field, and all of
them are reported at once so a user fixes a file in one pass.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from dunning_tui.script.model import Node, Script

MAX_ANSWERS = 9


@dataclass(frozen=True, slots=True)
class ScriptError:
    """One problem in a script file."""

    file: str
    node: str
    """The node id; empty for the script's own fields (name, start, entries...)."""
    field: str
    """The field, e.g. ``answers[2].to`` (counted from 1); empty for the file as a whole."""
    message: str

    def __str__(self) -> str:
        where = f"node '{self.node}'" if self.node else "top level"
        if self.field:
            where += f", field '{self.field}'"
        if not self.node and not self.field:
            return f"{self.file}: {self.message}"
        return f"{self.file}: {where}: {self.message}"


@dataclass(frozen=True, slots=True)
class ScriptSummary:
    nodes: int
    ends: int
    entries: int
    longest_path: int
    """Steps from an entry point to the farthest node, each node reached by its shortest route."""


def check_data(data: Any, file: str) -> tuple[Script | None, list[ScriptError]]:
    """Validate parsed TOML; the script is returned only when there is no error at all."""
    errors: list[ScriptError] = []
    script: Script | None = None
    try:
        script = Script.model_validate(data)
    except ValidationError as exc:
        errors.extend(_from_pydantic(exc, file))
    raw: dict[Any, Any] = data if isinstance(data, dict) else {}
    raw_nodes = _table(raw.get("nodes"))
    nodes = dict(_valid_nodes(raw_nodes)) if script is None else script.nodes
    start = raw.get("start") if isinstance(raw.get("start"), str) else None
    entries = {str(k): v for k, v in _table(raw.get("entries")).items() if isinstance(v, str)}
    errors.extend(graph_errors(nodes, set(map(str, raw_nodes)), start, entries, file))
    return (script if not errors else None), errors


def _table(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _valid_nodes(raw_nodes: Mapping[Any, Any]) -> Iterable[tuple[str, Node]]:
    for nid, raw in raw_nodes.items():
        try:
            yield str(nid), Node.model_validate(raw)
        except ValidationError:
            continue  # already reported by the whole-script validation


def _from_pydantic(exc: ValidationError, file: str) -> list[ScriptError]:
    out: list[ScriptError] = []
    for err in exc.errors(include_url=False):
        loc = list(err["loc"])
        node = ""
        if len(loc) >= 2 and loc[0] == "nodes":
            node = str(loc[1])
            loc = loc[2:]
        message = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "missing":
            message = "is required"
        elif err["type"] == "extra_forbidden":
            message = "is not a known field"
        elif err["type"] == "model_type":
            message = "should be a text or a table"
        out.append(ScriptError(file, node, _field_name(loc), message))
    return out


def _field_name(loc: list[int | str]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item + 1}]")
        elif item == "[key]":
            parts.append(" (name)")
        elif parts:
            parts.append(f".{item}")
        else:
            parts.append(item)
    return "".join(parts)


def graph_errors(
    nodes: Mapping[str, Node],
    known: set[str],
    start: str | None,
    entries: Mapping[str, str],
    file: str,
) -> list[ScriptError]:
    """The checks that need the whole graph. ``known`` also holds ids of nodes that failed validation."""
    errors: list[ScriptError] = []
    if start is not None and start not in known:
        errors.append(ScriptError(file, "", "start", f"unknown node '{start}'"))
    for name, target in entries.items():
        if target not in known:
            errors.append(ScriptError(file, "", f"entries.{name}", f"unknown node '{target}'"))
    for nid, node in nodes.items():
        errors.extend(_node_errors(nid, node, known, file))
    roots = [n for n in (start, *entries.values()) if n is not None and n in nodes]
    if roots and len(nodes) == len(known):
        reached = reachable(nodes, roots)
        errors.extend(
            ScriptError(file, nid, "", "no answer of another node leads here and it is not an entry point")
            for nid in nodes
            if nid not in reached
        )
    if nodes and len(nodes) == len(known):
        can_end = _can_end(nodes)
        errors.extend(
            ScriptError(
                file,
                nid,
                "answers",
                "no end can be reached from here by answers without a condition",
            )
            for nid, node in nodes.items()
            if nid not in can_end and any(not a.conditional for a in node.answers)
        )
    return errors


def _node_errors(nid: str, node: Node, known: set[str], file: str) -> list[ScriptError]:
    errors: list[ScriptError] = []
    if len(node.answers) > MAX_ANSWERS:
        errors.append(
            ScriptError(file, nid, "answers", f"{len(node.answers)} answers, but keys 1 to 9 can pick only 9")
        )
    labels: set[str] = set()
    keys: set[int] = set()
    for i, answer in enumerate(node.answers, start=1):
        if answer.to not in known:
            errors.append(ScriptError(file, nid, f"answers[{i}].to", f"unknown node '{answer.to}'"))
        label = " ".join(answer.label.casefold().split())
        if label in labels:
            errors.append(ScriptError(file, nid, f"answers[{i}].label", f"'{answer.label}' is used twice"))
        labels.add(label)
        if answer.key is not None:
            if answer.key in keys:
                errors.append(ScriptError(file, nid, f"answers[{i}].key", f"key {answer.key} is used twice"))
            keys.add(answer.key)
    if not node.end:
        if not node.answers:
            errors.append(ScriptError(file, nid, "answers", "no answer leads on and the node is not an end"))
        elif all(a.conditional for a in node.answers):
            errors.append(
                ScriptError(
                    file, nid, "answers", "every answer has a condition; add one without, or mark it an end"
                )
            )
    return errors


def reachable(nodes: Mapping[str, Node], roots: Iterable[str]) -> dict[str, int]:
    """Each node reachable from the roots, with its distance in steps (breadth first)."""
    depth = dict.fromkeys(roots, 0)
    queue = deque(depth)
    while queue:
        nid = queue.popleft()
        for answer in nodes[nid].answers:
            if answer.to in nodes and answer.to not in depth:
                depth[answer.to] = depth[nid] + 1
                queue.append(answer.to)
    return depth


def _can_end(nodes: Mapping[str, Node]) -> set[str]:
    """Nodes from which an end is reachable by unconditional answers only.

    One walk backwards from the ends along the unconditional answers: linear in the answers,
    whatever the order of the nodes in the file.
    """
    leads_here: dict[str, list[str]] = {}
    for nid, node in nodes.items():
        for answer in node.answers:
            if not answer.conditional:
                leads_here.setdefault(answer.to, []).append(nid)
    done = {nid for nid, node in nodes.items() if node.end}
    queue = deque(done)
    while queue:
        for source in leads_here.get(queue.popleft(), ()):
            if source not in done:
                done.add(source)
                queue.append(source)
    return done


def summarise(script: Script) -> ScriptSummary:
    depth = reachable(script.nodes, [script.start, *script.entries.values()])
    return ScriptSummary(
        nodes=len(script.nodes),
        ends=sum(1 for node in script.nodes.values() if node.end),
        entries=len(script.entries),
        longest_path=max(depth.values(), default=0),
    )
