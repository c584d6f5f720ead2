"""What an import tells the user: counts per kind of record, or every bad row."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from dunning_tui.errors import UserError
from dunning_tui.importers.source import BadRow

#: Beyond this many files the report counts them instead of naming them all.
MAX_NAMED_FILES = 8
RECORD_KINDS = ("debtors", "contacts", "invoices", "payments", "reminders", "documents")


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    """How many records of each kind an import created, updated or found unchanged."""

    files: list[str] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=lambda: {kind: Counts() for kind in RECORD_KINDS})
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)
    """Columns no layout knows, per file: not imported, listed so a typo in a header is seen."""
    notes: list[str] = field(default_factory=list)
    """What the user should know of files read but not wholly imported (a PDF without an e-invoice...)."""
    dry_run: bool = False
    debtor_ids: list[int] = field(default_factory=list)
    """The debtors an import wrote to (their follow-up is brought in line afterwards)."""

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in self.counts.values())

    def lines(self, language: str = "en") -> list[str]:
        """What the import did, in ``language``."""
        from dunning_tui.words import say_n, shown_say, typeset, worded

        def say(key: str, /, **values: object) -> str:
            return shown_say(language, key, **values)

        named = (
            ", ".join(self.files)
            if len(self.files) <= MAX_NAMED_FILES
            else say_n(language, "{count} files", len(self.files))
        )
        lines = [say("Would import {files}:" if self.dry_run else "Imported {files}:", files=named)]
        width = max(10, *(len(say(kind)) for kind in self.counts))
        for kind, counts in self.counts.items():
            if counts.created or counts.updated or counts.unchanged:
                lines.append(
                    f"  {say(kind):<{width}} "
                    + say(
                        "{created} new  {updated} updated  {unchanged} unchanged",
                        created=f"{counts.created:>7}",
                        updated=f"{counts.updated:>7}",
                        unchanged=f"{counts.unchanged:>7}",
                    )
                )
        if not self.changed:
            lines.append("  " + say("nothing to change." if self.dry_run else "nothing changed."))
        for name, columns in self.ignored_columns.items():
            ignored = ", ".join(repr(c) for c in columns)
            lines.append("  " + say("{file}: ignored unknown columns {columns}", file=name, columns=ignored))
        lines += [f"  {typeset(worded(note, language), language)}" for note in self.notes]
        if self.dry_run:
            lines.append(say("Dry run: nothing was written."))
        return lines


class BadRowsError(UserError):
    """Some rows cannot be imported; nothing was. Every bad row is listed in ``details``.

    Its sentence and rows are worded in the reader's language (:meth:`said`, :meth:`details_in`).
    """

    def __init__(self, bad_rows: list[BadRow]) -> None:
        self.bad_rows = sorted(bad_rows, key=lambda b: (b.file, b.line))
        einvoices = {b.file for b in self.bad_rows if b.term}
        # A CSV file counts its bad rows (a row may have several bad cells), an e-invoice its problems.
        per_file: Counter[str] = Counter()
        seen: set[tuple[str, int]] = set()
        for bad in self.bad_rows:
            if bad.term or (bad.file, bad.line) not in seen:
                per_file[bad.file] += 1
                seen.add((bad.file, bad.line))
        self.per_file = [(file, count, file in einvoices) for file, count in per_file.items()]
        super().__init__(self.sentence("en"), [str(b) for b in self.bad_rows])

    def sentence(self, language: str) -> str:
        """``a.csv has 2 bad rows, b.xml has 1 problem; nothing was imported.`` in ``language``."""
        from dunning_tui.words import say_n, shown_say, typeset

        parts = [
            typeset(
                say_n(
                    language,
                    "{file} has {count} problems" if einvoice else "{file} has {count} bad rows",
                    count,
                    file=file,
                ),
                language,
            )
            for file, count, einvoice in self.per_file
        ]
        return shown_say(language, "{files}; nothing was imported.", files=", ".join(parts))

    def said(self, translate: Callable[..., str]) -> str:
        from dunning_tui.words import current

        return self.sentence(current())

    def said_in(self, language: str) -> str:
        return self.sentence(language)

    def details_in(self, language: str) -> list[str]:
        return [bad.said(language) for bad in self.bad_rows]
