"""The one exception type for problems the user caused and can fix.

Anything raised as :class:`UserError` reaches the user as one sentence (stderr and exit status 2
on the command line, a notification in the app) and never as a traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix: bad file, bad date, unknown debtor, locked database..."""

    exit_code = 2

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: Extra lines (e.g. every bad row of an import) printed after the sentence.
        self.details = details or []

    def __str__(self) -> str:
        return self.message
