"""The interface language of this process, and its words from the one catalogue (:mod:`dunning_tui.words`).

English text is the key; :func:`tr` returns it in the interface language. Keeping the English in
the code keeps every screen readable without looking anything up.
"""

from __future__ import annotations

from dunning_tui.words import say, worded

_language = "en"


def set_language(language: str) -> None:
    global _language  # noqa: PLW0603 - one interface language per process, chosen at start
    _language = "fr" if language == "fr" else "en"


def language() -> str:
    return _language


def tr(text: str, /, **values: object) -> str:
    """The text in the interface language, with ``{name}`` fields filled in."""
    return say(_language, text, **values)


def shown(stored: str) -> str:
    """A stored text (a coded reason or history line, or the user's own words) in the interface language."""
    return worded(stored, _language)
