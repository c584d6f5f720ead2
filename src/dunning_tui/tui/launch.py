"""Start-up of ``dunning`` with no command: the settings, then the app, which opens the database."""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dunning_tui.store.database import Database


def launch(db: str | None, script: Path | None = None) -> None:
    """Open the app; a problem the user can fix raises :class:`UserError` (exit status 2).

    The garbage collector waits while the app starts (its walks through every object the imports
    made came to a sixth of the time to the first call): the app resumes it once its start-up
    work is done (:meth:`DunningApp.start_up_done`)."""
    gc.disable()
    try:
        _launch(db, script)
    finally:
        gc.enable()


def _launch(db: str | None, script: Path | None) -> None:
    if script is not None:
        # Checked now, so that a broken script is one clear message before the app opens, and
        # handed to the settings like any DUNNING_* variable.
        from dunning_tui.script.loader import load_script

        load_script(script)
        os.environ["DUNNING_CALL__SCRIPT"] = str(script.resolve())
    from dunning_tui.settings import load_settings

    settings = load_settings(db=db)

    def open_database() -> Database:
        from dunning_tui.store.database import Database

        return Database.open(settings.database_url())

    from dunning_tui.tui.app import build_app

    app = build_app(settings, open_database)
    try:
        app.run()
    finally:
        app.close_database()
    if app.startup_error is not None:
        raise app.startup_error
    exit_like(app.return_code)


def exit_like(return_code: int | None) -> None:
    """An app that stopped on an error exits with a non-zero status (Textual printed what it was)."""
    if return_code:
        raise SystemExit(return_code)
