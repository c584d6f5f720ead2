"""One catalogue per language: every word the program says exists in both, stored texts are codes."""

from __future__ import annotations

import re
import string
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest

from dunning_tui.words import Money, coded, en, fr, is_coded, say, then, worded

SOURCE = Path(__file__).parents[2] / "src" / "dunning_tui"
_LITERAL = re.compile(r"""\b(?:tr\(|coded\(|shown\(|say\(\s*\w+,)\s*(["'])((?:(?!\1)[^\\]|\\.)*)\1""")


def _keys_in_source() -> set[str]:
    keys: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if path.parent.name == "words":
            continue
        for match in _LITERAL.finditer(path.read_text("utf-8")):
            keys.add(match.group(2))
    return keys


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_word_the_program_says_has_its_french() -> None:
    keys = _keys_in_source()
    assert len(keys) > 60  # the scan finds the words (a broken pattern would find none)
    missing = sorted(k for k in keys if k not in fr.WORDS and not k.startswith("{"))
    assert missing == []


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
