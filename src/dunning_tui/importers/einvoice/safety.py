"""Reading e-invoice files that come from outside without trusting them.

An e-invoice is at most :data:`MAX_BYTES` (checked on the file's size before a byte is read). XML is
parsed with entities left unresolved, no DTD loaded, no network and no huge trees, and a document
that declares a DTD or entities is refused before parsing: a "billion laughs" or an entity pointing
at a local file is turned away at once, and nothing it points to is ever read. The XML of a
Factur-X / ZUGFeRD PDF is taken out by the ``factur-x`` library under the same parser.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from dunning_tui.errors import UserError

if TYPE_CHECKING:
    from lxml import etree

MAX_BYTES = 50 * 1024 * 1024
"""The largest e-invoice file read: far above any real invoice (a Factur-X PDF is rarely 5 MB)."""

#: The names an e-invoice has inside a PDF: Factur-X, ZUGFeRD 2, and XRechnung in ZUGFeRD.
EMBEDDED_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml")

_DECLARATIONS = re.compile(
    rb"<!(?:DOCTYPE|ENTITY)|<\x00!\x00(?:D\x00O\x00C|E\x00N\x00T)|\x00<\x00!(?:\x00D\x00O\x00C|\x00E\x00N\x00T)"
)
"""``<!DOCTYPE`` or ``<!ENTITY``, in UTF-8 or either UTF-16."""


def _size(count: int) -> str:
    return f"{count / 2**20:.0f} MiB" if count >= 2**20 else f"{count / 1024:.0f} kB"


def read_bounded(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes; a file over ``limit`` is refused from its size, unread."""
    try:
        size = path.stat().st_size
        if size <= limit:
            with path.open("rb") as stream:
                data = stream.read(limit + 1)
                size = max(size, len(data))
    except OSError as exc:
        raise UserError(
            "{path} cannot be read: {strerror}.", values={"path": path, "strerror": exc.strerror}
        ) from None
    if size > limit:
        raise UserError(
            "{path} is {size}, more than an e-invoice can be ({limit} at most): it was not read.",
            values={"path": path, "size": _size(size), "limit": _size(limit)},
        )
    return data


def _parser() -> etree.XMLParser:
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
        collect_ids=False,
    )


def _refuse_declarations(name: str) -> UserError:
    return UserError(
        "{name} declares a DTD or entities (<!DOCTYPE, <!ENTITY), which no e-invoice does: it was refused unread, as such declarations can expand without end or pull in other files.",
        values={"name": name},
    )


def parse_xml(data: bytes, name: str) -> etree._Element:
    """The root element of an XML e-invoice, parsed with nothing resolved or fetched."""
    from lxml import etree

    if _DECLARATIONS.search(data):
        raise _refuse_declarations(name)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise UserError(
            "{name} is not well-formed XML (line {lineno}: {msg}).",
            values={"name": name, "lineno": exc.lineno, "msg": exc.msg},
        ) from None
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise _refuse_declarations(name)
    return root


@contextmanager
def _quiet_and_safe() -> Iterator[None]:
    """The PDF libraries' warnings kept off the terminal, and lxml's default parser made safe."""
    from lxml import etree

    loggers = [logging.getLogger(name) for name in ("factur-x", "pypdf")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    etree.set_default_parser(_parser())
    try:
        yield
    finally:
        etree.set_default_parser()
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def xml_from_pdf(data: bytes, name: str) -> bytes | None:
    """The Factur-X / ZUGFeRD XML embedded in a PDF, or ``None`` when it carries none."""
    from facturx import get_xml_from_pdf

    with _quiet_and_safe():
        try:
            _filename, xml = get_xml_from_pdf(data, check_xsd=False, filenames=list(EMBEDDED_NAMES))
        # A damaged PDF fails anywhere in pypdf, with any exception: each is the same sentence.
        except Exception as exc:
            reason = str(exc).strip().rstrip(".")[:120] or type(exc).__name__
            raise UserError(
                "{name} is a damaged PDF that cannot be read ({reason}).",
                values={"name": name, "reason": reason},
            ) from None
    if not isinstance(xml, bytes) or not xml:
        return None
    if len(xml) > MAX_BYTES:
        raise UserError(
            "{name} carries an e-invoice of {xml}, more than an e-invoice can be ({MAX_BYTES} at most): it was not read.",
            values={"name": name, "xml": _size(len(xml)), "MAX_BYTES": _size(MAX_BYTES)},
        )
    return xml
