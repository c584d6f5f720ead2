"""The path taken through a script during a call."""

from __future__ import annotations

import pytest

from dunning_tui.script import ScriptPath, Step


def test_advance_back_and_current() -> None:
    path = ScriptPath()
    assert path.current is None and path.back() is None
    path.advance("opening", 0)
    path.advance("invoice", 12.34)
    path.advance("invoice", 13)  # staying put records nothing
    path.advance("dispute", 40.06)
    assert path.nodes == ["opening", "invoice", "dispute"]
    assert path.steps[1] == Step("invoice", 12.3)
    assert path.back() == "invoice"
    assert path.back() == "opening"
    assert path.back() == "opening"  # the first node is never left
    assert path.current == "opening"


def test_json_round_trip() -> None:
    path = ScriptPath()
    for node, at in (("opening", 0), ("invoice", 5.5), ("promise", 61)):
        path.advance(node, at)
    text = path.to_json()
    assert text == '[["opening", 0.0], ["invoice", 5.5], ["promise", 61.0]]'
    assert ScriptPath.from_json(text) == path
    assert ScriptPath.from_json("[]") == ScriptPath() == ScriptPath.from_json("")


@pytest.mark.parametrize("text", ["{", "{}", '[["a"]]', '[["a", "1"]]', "[[1, 2]]", '[["a", true]]'])
def test_from_json_refuses_other_shapes(text: str) -> None:
    with pytest.raises(ValueError, match="script path"):
        ScriptPath.from_json(text)
