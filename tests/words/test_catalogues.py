"""One catalogue per language: every word the program says exists in both, stored texts are codes."""

from __future__ import annotations

import ast
import re
import string
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest

from dunning_tui.words import Money, coded, en, fr, is_coded, say, say_n, then, worded

SOURCE = Path(__file__).parents[2] / "src" / "dunning_tui"

#: Calls whose first argument is a sentence the user reads: a catalogue key (English text or id).
_SAYING = {"tr", "coded", "shown", "trn", "UserError"}


def _said(path: Path, node: ast.Call) -> ast.expr | None:
    """The argument of ``node`` that is words the user will read, if the call says any."""
    func, args = node.func, node.args
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    if name in _SAYING and args:
        return args[0]
    if name == "label" and isinstance(func, ast.Name) and args:
        return args[0]
    if name in ("say", "say_n") and len(args) > 1:
        return args[1]
    if "importers" in path.parts:  # a bad row's reason is shown next to its line
        if name == "ValueError" and args and path.name in ("values.py", "rows.py"):  # a cell's parsers
            return args[0]
        if name == "bad" and len(args) > 2:
            return args[2]
        if name == "BadRow" and len(args) > 4:
            return args[4]
    return None


def _sentence(node: ast.Call) -> bool:
    func = node.func
    return (func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")) in (
        "UserError",
        "ValueError",
        "bad",
        "BadRow",
    )


def _sayings() -> tuple[set[str], list[str]]:
    """Every literal sentence said in the source, and where one is built as an f-string instead of
    a template with values (which no catalogue can word)."""
    keys: set[str] = set()
    built: list[str] = []
    for path in SOURCE.rglob("*.py"):
        if path.parent.name == "words":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            said = _said(path, node) if isinstance(node, ast.Call) else None
            if isinstance(said, ast.Constant) and isinstance(said.value, str):
                keys.add(said.value)
            elif isinstance(said, ast.JoinedStr) and _sentence(node):  # not a computed id ("outcome.x")
                built.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    return keys, built


def _keys_in_source() -> set[str]:
    return _sayings()[0]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_word_the_program_says_has_its_french() -> None:
    keys = _keys_in_source()
    assert len(keys) > 60  # the scan finds the words (a broken pattern would find none)
    worded = [k for k in keys if re.sub(r"\{[^}]*\}", "", k).strip(" .:")]  # not a bare "{text}"
    missing = sorted(k for k in worded if k not in fr.WORDS and k not in fr.PLURALS)
    assert missing == []


def test_no_sentence_is_built_where_a_catalogue_cannot_word_it() -> None:
    """A user error or a bad row's reason is a template and its values, never an English f-string."""
    assert _sayings()[1] == []


@pytest.mark.parametrize("key", sorted(set(en.PLURALS) | set(fr.PLURALS)))
def test_plural_forms_exist_in_both_languages_with_the_same_fields(key: str) -> None:
    assert set(en.PLURALS[key]) == {"one", "other"} and set(fr.PLURALS[key]) == {"one", "other"}
    for forms in (en.PLURALS[key], fr.PLURALS[key]):
        assert all(_fields(text) == _fields(key) for text in forms.values())


@pytest.mark.parametrize("key", sorted(set(en.WORDS) | set(fr.WORDS)))
def test_both_languages_fill_the_same_fields(key: str) -> None:
    english = en.WORDS.get(key, key)
    assert _fields(fr.WORDS.get(key, english)) == _fields(english)


def test_french_typography_puts_a_space_before_double_punctuation() -> None:
    bad = [
        text
        for text in fr.WORDS.values()
        if re.search(r"[^\s\u00a0\u202f{(](?=[:;?!](\s|$))", text) and "://" not in text
    ]
    assert bad == []


def test_a_stored_reason_is_a_code_worded_in_each_readers_language() -> None:
    stored = coded("action.missed", amount=Money(Decimal("4680.00"), "GBP"), date=date(2026, 12, 4))
    assert is_coded(stored) and "4680.00" in stored and "2026-12-04" in stored
    assert worded(stored, "en") == (
        "promise of £4,680.00 for 4 December 2026 not kept: call now and agree a shorter deadline"
    )
    assert worded(stored, "fr") == (
        "promesse de 4\u202f680,00\xa0£GB pour le 4 décembre 2026 non tenue : appeler et fixer un délai plus court"
    )
    closed = then(stored, coded("action.closed", why=coded("action.handled")))
    assert worded(closed, "fr").endswith("(appel passé depuis)")
    # The user's own words are shown as they are, in any language.
    assert worded("rappeler après 17 h", "en") == "rappeler après 17 h"


def test_times_follow_each_languages_custom() -> None:
    stored = coded("We call back on {date} at {time}.", date=date(2026, 12, 4), time=time(17, 15))
    assert worded(stored, "fr") == "Nous rappelons le 4 décembre 2026 à 17 h 15."
    assert worded(stored, "en") == "We call back on 4 December 2026 at 17:15."


def test_an_unknown_key_falls_back_to_english_then_to_itself() -> None:
    assert say("fr", "action.paid") == "plus rien à payer"
    assert say("de", "action.paid") == "nothing left to pay"
    assert say("fr", "No such words") == "No such words"


def test_words_agree_with_their_number_in_each_language() -> None:
    key = "{file} has {count} bad rows"
    assert [say_n("en", key, n, file="a.csv") for n in (0, 1, 2)] == [
        "a.csv has 0 bad rows",
        "a.csv has 1 bad row",
        "a.csv has 2 bad rows",
    ]
    # French counts 0 and 1 in the singular.
    assert [say_n("fr", key, n, file="a.csv") for n in (0, 1, 2)] == [
        "a.csv a 0 ligne erronée",
        "a.csv a 1 ligne erronée",
        "a.csv a 2 lignes erronées",
    ]


def test_the_penalty_notes_have_their_french() -> None:
    from dunning_tui.domain.penalties import CONSUMER_NOTE, NOT_CLAIMED_INDEMNITY, NOT_CLAIMED_INTEREST

    assert all(note in fr.WORDS for note in (CONSUMER_NOTE, NOT_CLAIMED_INTEREST, NOT_CLAIMED_INDEMNITY))
