"""The folders imported files came from: where an invoice's PDF may be attached from by default."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.orm import Session

from dunning_tui.store import tables as t

IMPORT_FOLDERS = "import_folders"


def import_folders(session: Session) -> list[Path]:
    state = session.get(t.AppState, IMPORT_FOLDERS)
    if state is None:
        return []
    try:
        return [Path(p) for p in json.loads(state.value) if isinstance(p, str)]
    except ValueError:
        return []


def remember_import_folders(session: Session, paths: Iterable[Path]) -> None:
    """Add the folders of these imported files (or these folders) to the ones kept."""
    known = [str(p) for p in import_folders(session)]
    for path in paths:
        folder = path if path.is_dir() else path.parent
        name = str(folder.expanduser().resolve())
        if name not in known:
            known.append(name)
    state = session.get(t.AppState, IMPORT_FOLDERS)
    if state is None:
        session.add(t.AppState(key=IMPORT_FOLDERS, value=json.dumps(known)))
    else:
        state.value = json.dumps(known)
