"""The one exception type for problems the user caused and can fix.

Anything raised as :class:`UserError` reaches the user as one sentence (stderr and exit status 2
on the command line, a notification in the app) and never as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable


class UserError(Exception):
    """A problem the user can fix: bad file, bad date, unknown debtor, locked database..."""

    exit_code = 2

    def __init__(
        self, message: str, details: list[str] | None = None, values: dict[str, object] | None = None
    ) -> None:
        """``message`` is the English sentence, or with ``values`` its template (``{name}`` fields):
        a front end then says it in its own language (the template is a key of the catalogue)."""
        self.template = message
        self.values = dict(values or {})
        message = message.format(**self.values) if values else message
        super().__init__(message)
        self.message = message
        #: Extra lines (e.g. every bad row of an import) printed after the sentence.
        self.details = details or []

    def said(self, translate: Callable[..., str]) -> str:
        """The sentence through ``translate`` (a catalogue's ``tr``), with its values filled in."""
        return translate(self.template, **self.values)

    def said_in(self, language: str) -> str:
        """The sentence in ``language`` (one of the catalogues')."""
        from dunning_tui.words import shown_say

        return shown_say(language, self.template, **self.values)

    def details_in(self, language: str) -> list[str]:
        """The extra lines in ``language`` (as given, unless a subclass words them)."""
        return self.details

    def __str__(self) -> str:
        return self.message
