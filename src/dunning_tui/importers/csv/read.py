"""Reading CSV files as spreadsheets write them: encoding, separator, headers, rows with line numbers."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dunning_tui.errors import UserError
from dunning_tui.importers.csv.layout import (
    LAYOUTS,
    FileKind,
    Layout,
    kind_from_file_name,
    kind_from_headers,
    missing_columns,
)
from dunning_tui.importers.csv.rows import REQUIRED_CELLS, ROW_MODELS
from dunning_tui.importers.csv.values import clean_text, plain_cell
from dunning_tui.importers.source import BadRow, ParsedRow, Progress
from dunning_tui.words import coded

SEPARATORS = (",", ";", "\t")


@dataclass
class CsvFile:
    path: Path
    kind: FileKind
    headers: dict[str, str]
    """Field -> the header as written in the file."""
    ignored: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    """Raw cells of the rows that failed their checks, so that rows naming them are not blamed too."""
    rows: list[ParsedRow[Any]] = field(default_factory=list)

    @property
    def failed_invoices(self) -> list[dict[str, str]]:
        return self.failed if self.kind is FileKind.INVOICES else []

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def layout(self) -> Layout:
        return LAYOUTS[self.kind]

    def bad(self, row: ParsedRow[Any], name: str, reason: str, value: str | None = None) -> BadRow:
        column = self.headers.get(name) or self.layout_header(name)
        return BadRow(
            self.name, row.line, column, row.cells.get(name, "") if value is None else value, reason
        )

    def layout_header(self, name: str) -> str:
        return next((c.header for c in self.layout.columns if c.field == name), name)


MAX_HEADER_CHARS = 128 * 1024


def decode(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 as older Excel writes it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(
            "{path} cannot be read: {strerror}.", values={"path": path, "strerror": exc.strerror}
        ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UserError("{path} is not valid UTF-16 text.", values={"path": path}) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise UserError(
            "{path} is not text in UTF-8 or Windows-1252; save it as CSV UTF-8.", values={"path": path}
        ) from None


def _header_cells(line: str, separator: str) -> list[str]:
    return next(csv.reader([line], delimiter=separator), [])


def _recognised(headers: list[str], kind: FileKind | None) -> int:
    layouts = [LAYOUTS[kind]] if kind else list(LAYOUTS.values())
    return max(sum(1 for h in headers if layout.column(h)) for layout in layouts)


def sniff_separator(first_line: str, kind: FileKind | None) -> str:
    """The separator that makes the most known headers (then the most cells) out of the header line."""

    def score(separator: str) -> tuple[int, int]:
        cells = _header_cells(first_line, separator)
        return _recognised(cells, kind), len(cells)

    return max(SEPARATORS, key=score)


def read_csv(path: Path, progress: Progress) -> tuple[CsvFile | None, list[BadRow]]:
    """Read and check every row of one file; the errors come back instead of being raised."""
    text = decode(path)
    first_line_no = 1
    sep_line = re.match(r"sep=(.)\r?\n", text)
    if sep_line:
        separator: str | None = sep_line.group(1)
        text = text[sep_line.end() :]
        first_line_no = 2
    else:
        separator = None
    first_line = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    if len(first_line) > MAX_HEADER_CHARS:  # beyond the csv module's limit: not a header row
        raise UserError(
            "{path}: its first line is longer than 128 KiB, so it cannot be a row of column names.",
            values={"path": path},
        )
    if not first_line.strip():
        raise UserError("{path} is empty: its first line must name the columns.", values={"path": path})
    kind = kind_from_file_name(path.name)
    separator = separator or sniff_separator(first_line, kind)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise UserError(
            "{path} line {first_line_no}: the header row cannot be read ({exc}).",
            values={"path": path, "first_line_no": first_line_no, "exc": exc},
        ) from None
    if kind is None:
        kind = kind_from_headers(header)
        if kind is None:
            raise UserError(
                "Cannot tell what {path} holds: name it invoices.csv, payments.csv, reminders.csv, documents.csv or contacts.csv (or factures.csv, paiements.csv, relances.csv, pieces.csv).",
                values={"path": path},
            )
    table = CsvFile(path, kind, {})
    errors = _map_headers(table, header, first_line_no)
    if errors:
        return None, errors
    progress.start(coded("Reading {file}", file=path.name), text.count("\n") or 1)
    positions = [
        (column.field, header.index(written), column.absent_if_blank)
        for column in table.layout.columns
        if (written := table.headers.get(column.field)) is not None
    ]
    start = first_line_no + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            reason = coded("the file cannot be read from here on ({why})", why=str(exc))
            errors.append(BadRow(table.name, start, "", "", reason))
            break
        row_line, start = start, reader.line_num + first_line_no
        progress.advance(start - row_line)
        cells = [plain_cell(cell) for cell in cells]  # as exported: see values.inert_cell
        if "".join(cells).strip():
            errors.extend(_parse_row(table, positions, cells, row_line, len(header)))
    return table, errors


def _map_headers(table: CsvFile, header: list[str], line: int) -> list[BadRow]:
    errors: list[BadRow] = []
    for cell in header:
        column = table.layout.column(cell) if cell.strip() else None
        if column is None:
            if cell.strip():
                table.ignored.append(cell.strip())
            continue
        if column.field in table.headers:
            first = table.headers[column.field]
            errors.append(
                BadRow(table.name, line, cell, cell, coded("names the same column as '{first}'", first=first))
            )
            continue
        table.headers[column.field] = cell
    for group in missing_columns(table.layout, set(table.headers)):
        wanted = [c for c in table.layout.columns if c.field in group]
        names = " or ".join(f"'{c.header}' ('{c.french}')" for c in wanted)
        errors.append(
            BadRow(table.name, line, names, "", coded("this file needs a column {names}", names=names))
        )
    return errors


def _parse_row(
    table: CsvFile, positions: list[tuple[str, int, bool]], cells: list[str], line: int, width: int
) -> list[BadRow]:
    """Validate one row into its model and keep it in ``table``; the row's errors come back."""
    if len(cells) > width and "".join(cells[width:]).strip():
        return [
            BadRow(
                table.name,
                line,
                "(after the last column)",
                cells[width],
                coded(
                    "the row has {cells} cells but the header names {width} "
                    "(in a comma-separated file, a decimal comma must be inside quotes)",
                    cells=len(cells),
                    width=width,
                ),
            )
        ]
    raw: dict[str, str] = {}
    data: dict[str, str] = {}
    count = len(cells)
    for name, index, absent in positions:
        cell = raw[name] = cells[index] if index < count else ""
        text = clean_text(cell)
        if text or not absent:
            data[name] = text
    errors: list[BadRow] = []
    try:
        row = ROW_MODELS[table.kind].model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            name = str(error["loc"][0]) if error["loc"] else ""
            reason = error["msg"].removeprefix("Value error, ")
            errors.append(BadRow(table.name, line, table.headers.get(name, name), raw.get(name, ""), reason))
        table.failed.append(raw)
        return errors
    parsed = ParsedRow(line, row, raw, frozenset(row.model_fields_set))
    for name in REQUIRED_CELLS[table.kind]:
        if parsed.blank(name):
            errors.append(table.bad(parsed, name, "must not be blank"))
    if errors:
        table.failed.append(raw)
    else:
        table.rows.append(parsed)
    return errors
