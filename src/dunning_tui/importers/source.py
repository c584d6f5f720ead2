"""What every reader hands the planner: parsed rows with where they came from, and bad rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

R_co = TypeVar("R_co", covariant=True)


class Progress(Protocol):
    """Where long work reports how far it is (a progress bar on a terminal, nothing elsewhere)."""

    def start(self, description: str, total: int) -> None:
        """``description``: words of the catalogue, or a coded text (worded by the front end)."""
        ...

    def advance(self, amount: int = 1) -> None: ...


class NoProgress:
    def start(self, description: str, total: int) -> None:
        return None

    def advance(self, amount: int = 1) -> None:
        return None


@dataclass(frozen=True)
class BadRow:
    """One reason a row cannot be imported."""

    file: str
    line: int
    column: str
    """The CSV column as headed in the file, or the e-invoice business term and its XPath."""
    value: str
    reason: str
    """The English reason, or a coded one (:func:`dunning_tui.words.coded`): worded when shown."""
    term: bool = False
    """``column`` names an e-invoice business term (``BT-9 due date (cbc:DueDate)``), not a column."""

    def worded_reason(self, language: str = "en") -> str:
        from dunning_tui.words import is_coded, say, worded

        return worded(self.reason, language) if is_coded(self.reason) else say(language, self.reason)

    def said(self, language: str) -> str:
        """The row's place, value and reason, in ``language``."""
        from dunning_tui.words import shown_say, typeset

        value = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        reason = typeset(self.worded_reason(language), language)
        key = (
            "{file} line {line}, {column}, value '{value}': {reason}"
            if self.term
            else "{file} line {line}, column '{column}', value '{value}': {reason}"
        )
        return shown_say(
            language, key, file=self.file, line=self.line, column=self.column, value=value, reason=reason
        )

    def __str__(self) -> str:
        return self.said("en")


@dataclass(frozen=True)
class ParsedRow(Generic[R_co]):
    line: int
    row: R_co
    cells: dict[str, str]
    """The raw text of each present cell, by field, to quote in error messages."""
    fields: frozenset[str] = frozenset()
    """The fields the row gives (its model's ``model_fields_set``)."""

    def given(self, name: str) -> bool:
        return name in self.fields

    def blank(self, name: str) -> bool:
        return not self.cells.get(name, "").strip()


class Source(Protocol):
    """One file read: its checked rows, and how to name a problem in one of them."""

    @property
    def name(self) -> str: ...

    @property
    def ignored(self) -> list[str]:
        """Columns of the file no layout knows (listed in the report)."""
        ...

    @property
    def rows(self) -> list[ParsedRow[Any]]: ...

    @property
    def failed_invoices(self) -> list[dict[str, str]]:
        """Raw cells of the invoice rows that failed their checks (rows naming them are not blamed too)."""
        ...

    def bad(self, row: ParsedRow[Any], name: str, reason: str, value: str | None = None) -> BadRow: ...
