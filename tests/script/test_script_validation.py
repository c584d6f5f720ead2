"""Each kind of script mistake is reported with the file, the node and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from dunning_tui.errors import UserError
from dunning_tui.script import check_script, load_script
from dunning_tui.script.validate import ScriptError
from tests.script.helpers import MINIMAL, write


def errors_of(tmp_path: Path, text: str) -> list[ScriptError]:
    return check_script(write(tmp_path, text))


def where(errors: list[ScriptError]) -> set[tuple[str, str]]:
    return {(e.node, e.field) for e in errors}


def test_minimal_script_is_valid(tmp_path: Path) -> None:
    assert errors_of(tmp_path, MINIMAL) == []
    script = load_script(write(tmp_path, MINIMAL))
    assert script.start == "a" and set(script.nodes) == {"a", "b", "c"}


def test_unknown_target(tmp_path: Path) -> None:
    errors = errors_of(tmp_path, MINIMAL.replace('to = "c"', 'to = "nowhere"'))
    assert ("a", "answers[2].to") in where(errors)
    message = str(next(e for e in errors if e.field == "answers[2].to"))
    assert "script.toml" in message and "node 'a'" in message and "'nowhere'" in message


def test_unreachable_node(tmp_path: Path) -> None:
    errors = errors_of(tmp_path, MINIMAL + '\n[nodes.lost]\ntitle = "Lost"\nend = true\n')
    assert [e.node for e in errors] == ["lost"]
    assert "no answer of another node leads here" in str(errors[0])


def test_an_entry_point_makes_a_node_reachable(tmp_path: Path) -> None:
    text = MINIMAL.replace('start = "a"', 'start = "a"\nentries = { other = "lost" }')
    assert errors_of(tmp_path, text + '\n[nodes.lost]\ntitle = "Lost"\nend = true\n') == []


def test_unknown_entry_and_start(tmp_path: Path) -> None:
    text = MINIMAL.replace('start = "a"', 'start = "zz"\nentries = { broken_promise = "yy" }')
    assert {("", "start"), ("", "entries.broken_promise")} <= where(errors_of(tmp_path, text))


def test_duplicate_labels_and_keys(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        'answers = [{ label = "Yes", to = "b" }, { label = "No", to = "c" }]',
        'answers = [{ label = "Yes", to = "b", key = 3 }, { label = "yes ", to = "c", key = 3 }]',
    )
    assert where(errors_of(tmp_path, text)) == {("a", "answers[2].label"), ("a", "answers[2].key")}


def test_more_answers_than_keys(tmp_path: Path) -> None:
    many = ", ".join(f'{{ label = "A{i}", to = "b" }}' for i in range(10))
    text = MINIMAL.replace(
        'answers = [{ label = "Yes", to = "b" }, { label = "No", to = "c" }]', f"answers = [{many}]"
    )
    text = text.replace('[nodes.c]\ntitle = "C"\nend = true\n', "")
    errors = errors_of(tmp_path, text)
    assert where(errors) == {("a", "answers")}
    assert "10 answers" in errors[0].message


def test_unknown_placeholder_in_each_kind_of_field(tmp_path: Path) -> None:
    text = (
        MINIMAL.replace(
            'say = ["Hello[ {contact}]."]', 'say = ["Hi {nom}", { text = "x", fallback = "{amount}" }]'
        )
        .replace('title = "B"', 'title = "B {x}"\ntips = ["ok", "{y}"]')
        .replace('label = "No"', 'label = "No {z}"')
        .replace('refocus = "Back to {invoices}."', 'refocus = "Back to {invoice}."')
    )
    assert where(errors_of(tmp_path, text)) >= {
        ("a", "say[1].text"),
        ("a", "say[2].fallback"),
        ("b", "title"),
        ("b", "tips[2]"),
        ("a", "answers[2].label"),
        ("", "refocus.text"),
    }
    assert any("unknown placeholder {nom}" in e.message for e in errors_of(tmp_path, text))


@pytest.mark.parametrize(
    ("line", "clue"),
    [
        ("Hello {contact", "never closed"),
        ("Hello contact}", "no matching"),
        ("Hello [{contact}", "never closed"),
        ("Hello {contact}]", "no matching"),
        ("Hello [[a] {contact}", "no matching"),
        ("Hello [a [{contact}]]", "nested"),
        ("Hello [dear]", "must hold a placeholder"),
        ("Hello { }", "not a placeholder name"),
    ],
)
def test_template_syntax(tmp_path: Path, line: str, clue: str) -> None:
    errors = errors_of(tmp_path, MINIMAL.replace('say = ["Hello[ {contact}]."]', f'say = ["{line}"]'))
    assert where(errors) == {("a", "say[1].text")}
    assert clue in errors[0].message


def test_literal_brackets_and_braces_are_allowed(tmp_path: Path) -> None:
    text = MINIMAL.replace('say = ["Hello[ {contact}]."]', 'say = ["Ref [[PO]] {{x}}[ {contact}]"]')
    assert errors_of(tmp_path, text) == []


def test_dead_end_not_marked_end(tmp_path: Path) -> None:
    errors = errors_of(tmp_path, MINIMAL.replace('title = "B"\nend = true', 'title = "B"'))
    assert where(errors) == {("b", "answers")}
    assert "not an end" in errors[0].message


def test_only_conditional_answers_is_a_dead_end(tmp_path: Path) -> None:
    text = MINIMAL.replace('to = "b" }', 'to = "b", when = "plan_ok" }').replace(
        'to = "c" }', 'to = "c", unless = "consumer" }'
    )
    assert where(errors_of(tmp_path, text)) == {("a", "answers")}


def test_a_loop_with_no_end(tmp_path: Path) -> None:
    text = MINIMAL.replace('to = "c"', 'to = "d"') + (
        '\n[nodes.d]\ntitle = "D"\nanswers = [{ label = "On", to = "e" }]\n'
        '\n[nodes.e]\ntitle = "E"\nanswers = [{ label = "Back", to = "d" }]\n'
    )
    text = text.replace('[nodes.c]\ntitle = "C"\nend = true\n', "")
    errors = errors_of(tmp_path, text)
    assert where(errors) == {("d", "answers"), ("e", "answers")}
    assert "no end can be reached" in errors[0].message


def test_bad_values(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        'title = "B"\nend = true',
        'title = "B"\nend = true\noutcome = "paid"\nevidence = ["photos"]\ncolour = "red"\n'
        'say = [{ text = "x", when = "always" }, 3]',
    )
    assert where(errors_of(tmp_path, text)) == {
        ("b", "outcome"),
        ("b", "evidence[1]"),
        ("b", "colour"),
        ("b", "say[1].when[1]"),
        ("b", "say[2]"),
    }


def test_missing_top_level_fields(tmp_path: Path) -> None:
    errors = errors_of(tmp_path, '[nodes.a]\ntitle = "A"\nend = true\n')
    assert where(errors) == {("", "name"), ("", "language"), ("", "start"), ("", "refocus")}
    assert str(errors[0]).startswith(f"{tmp_path / 'script.toml'}: top level, field 'name'")


def test_bad_toml(tmp_path: Path) -> None:
    errors = errors_of(tmp_path, 'name = "x\n')
    assert len(errors) == 1 and "not valid TOML" in str(errors[0]) and "line 1" in str(errors[0])


def test_unreadable_file(tmp_path: Path) -> None:
    assert "cannot be read" in str(check_script(tmp_path / "missing.toml")[0])
    path = tmp_path / "latin1.toml"
    path.write_bytes('name = "Relancé"'.encode("latin-1"))
    assert "UTF-8" in str(check_script(path)[0])


def test_load_script_raises_one_user_error_with_every_line(tmp_path: Path) -> None:
    text = MINIMAL.replace('to = "c"', 'to = "x"').replace('title = "B"\nend = true', 'title = "B"')
    with pytest.raises(UserError) as info:
        load_script(write(tmp_path, text))
    assert info.value.message.endswith(f"cannot be used ({len(info.value.details)} errors).")
    assert {"node 'a', field 'answers[2].to'", "node 'b', field 'answers'"} <= {
        line.split(": ")[1] for line in info.value.details
    }
    assert all("node '" in line for line in info.value.details)


@pytest.mark.parametrize("order", ["start first", "end first"])
def test_a_long_script_is_checked_in_linear_time(order: str) -> None:
    """A chain of 10,000 nodes: checking its graph takes the same time whatever the nodes' order."""
    import time

    from dunning_tui.script.model import Node
    from dunning_tui.script.validate import graph_errors

    count = 10_000
    ids = [f"n{i}" for i in range(count)]
    nodes = {
        nid: Node.model_validate(
            {"title": nid, "say": ["…"], "end": True}
            if i == count - 1
            else {"title": nid, "say": ["…"], "answers": [{"label": "next", "to": ids[i + 1]}]}
        )
        for i, nid in enumerate(ids)
    }
    if order == "end first":
        nodes = dict(reversed(nodes.items()))
    began = time.perf_counter()
    assert graph_errors(nodes, set(ids), "n0", {}, "long.toml") == []
    assert time.perf_counter() - began < 15.0  # linear: about 0.1 s; quadratic: about 50 s
