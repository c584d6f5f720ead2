"""The app's words: the interface language of this process and the one catalogue (:mod:`dunning_tui.words`).

English text is the key; :func:`tr` returns it in the interface language. Keeping the English in
the code keeps every screen readable without looking anything up.
"""

from __future__ import annotations

from dunning_tui.words import current as language
from dunning_tui.words import label, shown, tr
from dunning_tui.words import use as set_language

__all__ = ["label", "language", "set_language", "shown", "tr"]
