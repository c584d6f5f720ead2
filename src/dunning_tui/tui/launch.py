"""Start-up of ``dunning`` with no command: the quick start when it can, else the ordinary one."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dunning_tui.store.database import Database


def launch(db: str | None, script: Path | None = None) -> None:
    """Open the app; a problem the user can fix raises :class:`UserError` (exit status 2)."""
    if script is not None:
        # Checked now, so that a broken script is one clear message before the app opens, and
        # handed to the settings like any DUNNING_* variable.
        from dunning_tui.script.loader import load_script

        load_script(script)
        os.environ["DUNNING_CALL__SCRIPT"] = str(script.resolve())
    if _quick_launch(db):
        return
    from dunning_tui.cli.common import settings_for
    from dunning_tui.store.database import Database

    settings = settings_for(db)
    database = Database.open(settings.database_url())
    try:
        if sys.stdin.isatty() and _offer_demo(database):
            from dunning_tui.store.demo import load_demo

            with database.session() as session:
                load_demo(session)
            database.analyze()
        from dunning_tui.tui.app import build_app

        build_app(settings, database).run()
    finally:
        database.close()


def _quick_launch(db: str | None) -> bool:
    """The first page from ``sqlite3`` while Textual loads; False to take the ordinary way."""
    from dunning_tui.clock import SYSTEM
    from dunning_tui.tui.quickstart import PAGE_SIZE, first_page, read_lite_settings, sqlite_file

    lite = read_lite_settings(db)
    path = sqlite_file(lite.db) if lite else None
    if lite is None or path is None:
        return False
    found: list[object] = []
    # sqlite3 releases the GIL while it works: the query runs while the interface modules import.
    reader = threading.Thread(target=lambda: found.append(first_page(path, SYSTEM.today(), PAGE_SIZE)))
    reader.start()
    from dunning_tui.tui.app import build_app

    reader.join()
    first = found[0] if found else None
    if first is None:
        return False
    app = build_app(lite, None, first=first)  # type: ignore[arg-type]
    try:
        app.run()
    finally:
        if app.connected:
            app.services.database.close()
    if app.startup_error is not None:
        raise app.startup_error
    return True


def _offer_demo(database: Database) -> bool:
    from dunning_tui.store.dossier import has_debtors

    with database.session() as session:
        if has_debtors(session):
            return False
    from dunning_tui.words import tr

    answer = input(tr("The database is empty. Load demo data to try the tool? [Y/n] ")).strip().lower()
    return answer in ("", "y", "yes", "o", "oui")
