"""Alt+digit must reach the call screen as a command, whatever the terminal sends.

Terminals and tmux send Alt+1 — and a quick Esc then 1, inside tmux's escape delay — as the bytes
ESC 1. Textual reads ESC 1 … ESC 9 as the characters macOS's Option key types on the digit row
(¡ ™ £ ¢ ∞ § ¶ • ª), to suit one macOS terminal; those characters would land in the notes and the
debtor's answer would be lost. Dropping those nine entries from Textual's sequence table lets its
parser report them as ``alt+1`` … ``alt+9``, which the call screen binds. Should the table move
in a later Textual, this does nothing and the pilot and parser tests say so.

The same table reads ESC b as ``ctrl+left`` (a word to the left, as in emacs): Alt+b, the call
screen's "step back", never reached the app. Real Ctrl+Left keys send their own CSI sequence, which
stays; only the ESC b entry goes, so that Alt+b arrives as ``alt+b``.
"""

from __future__ import annotations


def accept_alt_digits() -> bool:
    """Make ESC+digit parse as alt+digit; True if Textual's table was found (and adjusted)."""
    try:
        from textual import _ansi_sequences
    except ImportError:
        return False
    table = getattr(_ansi_sequences, "ANSI_SEQUENCES_KEYS", None)
    if not isinstance(table, dict):
        return False
    for digit in "123456789":
        table.pop(f"\x1b{digit}", None)
    table.pop("\x1bb", None)  # Alt+b (step back), not ctrl+left
    return True
