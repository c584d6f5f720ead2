"""Which files an import reads, and what each one is: CSV of the layout, or an e-invoice.

A file is recognised by its content first (a PDF starts ``%PDF-``, XML with ``<``), then by its name.
In a folder, the ``.csv``, ``.xml`` and ``.pdf`` files directly inside are read; a PDF there that
carries no e-invoice (the PDF of an invoice listed in ``invoices.csv``, say) is skipped and named in
the report, while one named on the command line is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

from dunning_tui.errors import UserError

SUFFIXES = (".csv", ".xml", ".pdf")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")


class Format(StrEnum):
    CSV = "csv"
    XML = "xml"
    PDF = "pdf"


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, and the files of :data:`SUFFIXES` directly inside the folders named, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                raise UserError("The folder {path} holds no .csv, .xml or .pdf file.", values={"path": path})
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise UserError("{path} does not exist.", values={"path": path})
    return list(dict.fromkeys(files))


def sniff(path: Path) -> Format:
    """What the file is, from its first bytes and its name; neither CSV nor e-invoice is refused."""
    try:
        with path.open("rb") as stream:
            head = stream.read(1024)
    except OSError as exc:
        raise UserError(
            "{path} cannot be read: {strerror}.", values={"path": path, "strerror": exc.strerror}
        ) from None
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if start.startswith(b"%PDF-"):
        return Format.PDF
    if start.startswith(b"<") or head.startswith((b"\xff\xfe<\x00", b"\xfe\xff\x00<")):
        return Format.XML
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return Format.PDF
    if suffix == ".xml":
        return Format.XML
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if suffix in TEXT_SUFFIXES or (b"\0" not in head or utf16):
        return Format.CSV
    raise UserError(
        "{path} is neither a CSV file nor an e-invoice (UBL or CII XML, Factur-X PDF): it was not imported.",
        values={"path": path},
    )
