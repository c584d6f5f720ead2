"""What a terminal sends for Alt+digit (ESC then the digit) is a command, never text in the notes."""

from __future__ import annotations

from dunning_tui.tui.keys import accept_alt_digits


def _keys(data: str) -> list[tuple[str, str | None]]:
    from textual._xterm_parser import XTermParser

    parser = XTermParser()
    events = [*parser.feed(data), *parser.feed("")]
    return [(e.key, e.character) for e in events if hasattr(e, "key")]


def test_escape_digit_parses_as_alt_digit() -> None:
    assert accept_alt_digits()
    for digit in "123456789":
        assert _keys(f"\x1b{digit}") == [(f"alt+{digit}", digit)]


def test_escape_b_parses_as_alt_b_and_ctrl_left_stays() -> None:
    assert accept_alt_digits()
    assert _keys("\x1bb") == [("alt+b", "b")]
    assert _keys("\x1b[1;5D") == [("ctrl+left", None)]


def test_plain_characters_stay_text() -> None:
    accept_alt_digits()
    assert _keys("£") == [("pound_sign", "£")]
    assert _keys("1") == [("1", "1")]
