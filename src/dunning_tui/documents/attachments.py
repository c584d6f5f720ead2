"""What an email may carry: a PDF (by its content), from a folder the user declared, below a size cap.

The files attached to an invoice come from imported data (a CSV's ``pdf_path``), which could name
any file of the user's; only a file that passes every check here is attached, and its bytes are read
once, here, so that what the user was shown is exactly what is sent.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024
DEFAULT_MAX_MIB = 10
PDF_MAGIC = b"%PDF-"

NOT_FOUND = "{path} is not attached: it does not exist."
NOT_A_FILE = "{path} is not attached: it is not a file."
OUTSIDE = "{path} is not attached: it is outside the attachment folders (attachments_dirs in the settings)."
NOT_PDF = "{path} is not attached: it is not a PDF."
TOO_LARGE = "{path} is not attached: it is larger than {mib} MiB (attachment_max_mib in the settings)."
UNREADABLE = "{path} is not attached: it cannot be read ({reason})."


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file accepted for an email, with the bytes that will be sent."""

    name: str
    size: int
    data: bytes
    source: Path

    def describe(self) -> str:
        """``facture.pdf (12.5 KiB)``: what the user is shown before sending."""
        return f"{self.name} ({human_size(self.size)})"


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a draft cannot be sent, or a file is not attached: an English template and its values,
    so that the app can say it in its own language; ``str()`` gives the English sentence."""

    template: str
    values: tuple[tuple[str, str], ...] = ()

    @property
    def reason(self) -> str:
        return str(self)

    def __str__(self) -> str:
        return self.template.format(**dict(self.values))


Refused = Problem
"""A file that is not attached, and why."""


@dataclass(frozen=True, slots=True)
class AttachmentRules:
    """The folders attachments may come from, and the largest size accepted."""

    folders: tuple[Path, ...]
    max_bytes: int = DEFAULT_MAX_MIB * MIB

    @classmethod
    def of(cls, folders: Iterable[Path], max_mib: int = DEFAULT_MAX_MIB) -> AttachmentRules:
        return cls(tuple(dict.fromkeys(Path(f).expanduser() for f in folders)), max_mib * MIB)


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < MIB:
        return f"{size / 1024:.1f} KiB"
    return f"{size / MIB:.1f} MiB"


def take(path: Path, rules: AttachmentRules, *, declared: bool = False) -> Attachment | Refused:
    """The file at ``path`` as an attachment, or why it is refused.

    ``declared`` is for a file the user named themselves in the settings (the terms of sale): it
    need not lie in an attachment folder, but it must still be a PDF under the cap. Symbolic links
    are followed to the real file, which must itself lie inside a folder.
    """
    shown = str(path)

    def refuse(template: str, **values: str) -> Refused:
        return Refused(template, (("path", shown), *values.items()))

    try:
        real = Path(os.path.realpath(path.expanduser(), strict=True))
    except OSError:
        return refuse(NOT_FOUND)
    if not declared and not _inside(real, rules.folders):
        return refuse(OUTSIDE)
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        return refuse(UNREADABLE, reason=exc.strerror or "error")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return refuse(NOT_A_FILE)
        if info.st_size > rules.max_bytes:
            return refuse(TOO_LARGE, mib=str(rules.max_bytes // MIB))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(rules.max_bytes + 1)
    except OSError as exc:
        return refuse(UNREADABLE, reason=exc.strerror or "error")
    finally:
        os.close(fd)
    if len(data) > rules.max_bytes:
        return refuse(TOO_LARGE, mib=str(rules.max_bytes // MIB))
    if not data.startswith(PDF_MAGIC):
        return refuse(NOT_PDF)
    return Attachment(path.name, len(data), data, real)


def _inside(real: Path, folders: Sequence[Path]) -> bool:
    for folder in folders:
        try:
            root = Path(os.path.realpath(folder, strict=True))
        except OSError:
            continue
        if real.is_relative_to(root) and real != root:
            return True
    return False
