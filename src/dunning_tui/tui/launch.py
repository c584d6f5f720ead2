"""Start-up of ``dunning`` with no command: settings, database, demo offer, then the app."""

from __future__ import annotations

import sys


def launch(db: str | None) -> None:
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


def _offer_demo(database: object) -> bool:
    from dunning_tui.tui.services import Services

    if not Services(database, None).is_empty():  # type: ignore[arg-type]
        return False
    answer = input("The database is empty. Load demo data to try the tool? [Y/n] ").strip().lower()
    return answer in ("", "y", "yes", "o", "oui")
