"""Writing what leaves the tool to disk: private files, written atomically."""

from __future__ import annotations

import os
from pathlib import Path

from dunning_tui.errors import UserError


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` atomically to ``path``, readable and writable by its owner only.

    Parent folders are created (private too); a failure is one :class:`UserError` sentence and
    leaves no half-written file behind.
    """
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(
            "Cannot write {path}: {value}.", values={"path": path, "value": exc.strerror or exc}
        ) from None
