"""The way taken through a script during one call, stored as JSON in ``calls.script_path``.

The stored form is a JSON list of ``[node_id, seconds since the call started]`` pairs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Step:
    node: str
    at_seconds: float


@dataclass(slots=True)
class ScriptPath:
    """Node ids in the order they were reached; stepping back forgets the last one."""

    steps: list[Step] = field(default_factory=list)

    @property
    def current(self) -> str | None:
        return self.steps[-1].node if self.steps else None

    @property
    def nodes(self) -> list[str]:
        return [step.node for step in self.steps]

    def advance(self, node: str, at: float) -> None:
        """Record reaching ``node`` at ``at`` seconds into the call (staying put records nothing)."""
        if node != self.current:
            self.steps.append(Step(node, round(max(0.0, float(at)), 1)))

    def back(self) -> str | None:
        """Return to the previous node; the first node is never left. Gives the node now current."""
        if len(self.steps) > 1:
            self.steps.pop()
        return self.current

    def to_json(self) -> str:
        return json.dumps([[step.node, step.at_seconds] for step in self.steps], ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> ScriptPath:
        """Read the stored form; raises ``ValueError`` for anything else (empty text is an empty path)."""
        if not text or not text.strip():
            return cls()
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"a script path is not valid JSON: {exc.msg}") from None
        if not isinstance(data, list):
            raise ValueError("a script path must be a JSON list")
        steps: list[Step] = []
        for item in data:
            if not (
                isinstance(item, list)
                and len(item) == 2
                and isinstance(item[0], str)
                and isinstance(item[1], int | float)
                and not isinstance(item[1], bool)
            ):
                raise ValueError(f"a script path step must be [node, seconds], not {item!r}")
            steps.append(Step(item[0], float(item[1])))
        return cls(steps)
