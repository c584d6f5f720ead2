"""Start-up of ``dunning`` with no command: settings, database, demo offer, then the app."""

from __future__ import annotations

import sys


def launch(db: str | None) -> None:
    from dunning_tui.cli.common import settings_for
    from dunning_tui.store.database import Database

    settings = settings_for(db)
    database = Database.open(settings.database_url())
    try:
        if _is_empty(database) and sys.stdin.isatty():
            answer = input("The database is empty. Load demo data to try the tool? [Y/n] ").strip().lower()
            if answer in ("", "y", "yes", "o", "oui"):
                from dunning_tui.store.demo import load_demo

                with database.session() as session:
                    load_demo(session)
                database.analyze()
        from datetime import date

        from dunning_tui.cli import render
        from dunning_tui.store.queue import load_queue

        with database.session() as session:
            entries = load_queue(session, date.today())
        render.print_queue(entries, date.today(), settings.ui_locale())
    finally:
        database.close()


def _is_empty(database: object) -> bool:
    from sqlalchemy import func, select

    from dunning_tui.store import tables as t

    with database.session() as session:  # type: ignore[attr-defined]
        return not session.scalar(select(func.count()).select_from(t.Debtor))
