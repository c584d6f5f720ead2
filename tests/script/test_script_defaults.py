"""The default scripts: valid, complete, parallel in both languages, and chosen sensibly."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from dunning_tui.domain.enums import ActionKind, Outcome
from dunning_tui.errors import UserError
from dunning_tui.script import (
    BROKEN_PROMISE_ENTRY,
    CONDITIONS,
    EVIDENCE,
    check_script,
    default_script,
    entry_for,
    export_defaults,
    resolve_script,
)
from dunning_tui.script.model import Condition, Evidence
from tests.script.helpers import MINIMAL, debtor_file, write

DEFAULTS = Path(__file__).parents[2] / "src" / "dunning_tui" / "script" / "defaults"

# The objections of DOMAIN.md §3 and the parts of a call, by node id.
REQUIRED_NODES = {
    "opening",
    "invoice",
    "oversight",
    "not_received",
    "already_paid",
    "approver_away",
    "customer_not_paid",
    "cash_flow",
    "dispute",
    "missing_reference",
    "payment_terms",
    "call_later",
    "wrong_person",
    "vague",
    "penalties",
    "refusal",
    "broken_promise",
    "promise",
    "plan",
    "consequences",
    "close_promise",
    "close_plan",
    "close_callback",
    "broken_promise_reached",
    "broken_promise_colleague",
    "broken_promise_voicemail",
    "objections_more",
    "price_dispute",
    "sales_terms",
    "accounting_info",
    "insolvency",
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_default_script_passes_check(language: str) -> None:
    assert check_script(DEFAULTS / f"{language}.toml") == []
    script = default_script(language)
    assert script.language == language
    assert set(script.nodes) >= REQUIRED_NODES
    assert script.entries == {BROKEN_PROMISE_ENTRY: "broken_promise"}
    # Every outcome has its end; the insolvency end records none of them (collection stops).
    assert {n.outcome for n in script.nodes.values() if n.end} == {*Outcome, None}
    assert [nid for nid, n in script.nodes.items() if n.end and n.outcome is None] == ["insolvency"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_consequence_has_its_line(language: str) -> None:
    node = default_script(language).nodes["consequences"]
    conditions = {c for line in node.say for c in line.when}
    assert {"late_interest", "recovery_indemnity", "suspend_work", "remove_credit_terms"} <= conditions
    assert {"collection_agency", "court_action"} <= conditions


@pytest.mark.parametrize("language", ["fr", "en"])
def test_lines_and_labels_are_short(language: str) -> None:
    for node_id, node in default_script(language).nodes.items():
        for answer in node.answers:
            assert len(answer.label) <= 26, (node_id, answer.label)
        for line in node.say:
            assert len(line.text) <= 160, (node_id, line.text)


def test_both_languages_have_the_same_graph() -> None:
    fr, en = default_script("fr"), default_script("en")
    assert fr.start == en.start and fr.entries == en.entries
    assert fr.nodes.keys() == en.nodes.keys()
    for node_id, node in fr.nodes.items():
        other = en.nodes[node_id]
        assert [(a.to, a.when) for a in node.answers] == [(a.to, a.when) for a in other.answers], node_id
        assert (node.outcome, node.end, node.evidence) == (other.outcome, other.end, other.evidence)
        assert [(x.when, x.unless) for x in node.say] == [(x.when, x.unless) for x in other.say], node_id


def test_vocabularies_agree() -> None:
    assert set(get_args(Condition)) == set(CONDITIONS)
    assert set(get_args(Evidence)) == set(EVIDENCE)


def test_other_languages_get_english() -> None:
    assert default_script("nl").language == "en"
    assert default_script("fr_BE").language == "fr"
    assert resolve_script(None, "FR").language == "fr"


def test_resolve_prefers_the_settings_file(tmp_path: Path) -> None:
    assert resolve_script(write(tmp_path, MINIMAL), "fr").name == "Test"
    with pytest.raises(UserError):
        resolve_script(tmp_path / "missing.toml", "fr")


def test_entry_point_after_a_broken_promise() -> None:
    script = default_script("en")
    assert entry_for(script) == "opening"
    assert entry_for(script, reason=ActionKind.BROKEN_PROMISE) == "broken_promise"
    assert entry_for(script, debtor_file(promise=True)) == "broken_promise"
    assert entry_for(script, debtor_file(promise=True), reason=ActionKind.CADENCE_CALL) == "opening"
    assert entry_for(script, debtor_file(promise=False)) == "opening"
    assert script.entry("unknown") == "opening"


def test_export_defaults(tmp_path: Path) -> None:
    target = tmp_path / "scripts"
    written = export_defaults(target)
    assert [p.name for p in written] == ["fr.toml", "en.toml"]
    assert all(check_script(p) == [] for p in written)
    written[0].write_text("changed", encoding="utf-8")
    with pytest.raises(UserError, match="already exists; use --force"):
        export_defaults(target)
    assert written[0].read_text(encoding="utf-8") == "changed"
    export_defaults(target, force=True)
    assert check_script(written[0]) == []
