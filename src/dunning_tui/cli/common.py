"""What every command shares: the ``--db`` option and turning user errors into exit status 2."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from dunning_tui.errors import UserError

if TYPE_CHECKING:
    from dunning_tui.settings import Settings
    from dunning_tui.store.database import Database

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLAlchemy database URL (default: DUNNING_DB, then the config file).",
        show_default=False,
    ),
]
DB_BEFORE_COMMAND: ContextVar[str | None] = ContextVar("db_before_command", default=None)
"""``dunning --db X COMMAND``: set by the root callback on every run, read by :func:`chosen_db`."""
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


@contextmanager
def handle_user_errors() -> Iterator[None]:
    """Print a :class:`UserError` as one sentence on stderr and exit with status 2."""
    try:
        yield
    except UserError as exc:
        print(f"Error: {exc.message}", file=sys.stderr)
        for line in exc.details:
            print(f"  {line}", file=sys.stderr)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        raise typer.Exit(130) from None


def settings_for(db: str | None) -> Settings:
    """The settings, with the database of ``--db`` given after the command or before it."""
    from dunning_tui.settings import load_settings

    return load_settings(db=chosen_db(db))


def chosen_db(db: str | None) -> str | None:
    """``--db`` as given to the command, or to ``dunning`` before the command; both must agree.

    ``None`` when neither was given (then DUNNING_DB or the config file decide). An empty value is
    refused rather than read as "the default database".
    """
    before = DB_BEFORE_COMMAND.get()
    for value in (before, db):
        if value is not None and not value.strip():
            raise UserError("--db needs a database URL, e.g. sqlite:///path/to/file.sqlite3.")
    if before is not None and db is not None and before != db:
        raise UserError(f"--db names two different databases ('{before}' and '{db}'); give it once.")
    return db if db is not None else before


@contextmanager
def open_database(db: str | None) -> Iterator[tuple[Settings, Database]]:
    """Settings plus a migrated database, closed on exit; every user error becomes exit status 2."""
    with handle_user_errors():
        settings = settings_for(db)
        from dunning_tui.store.database import Database

        database = Database.open(settings.database_url())
        try:
            yield settings, database
        finally:
            database.close()


def parse_date_option(value: str | None, name: str = "--date") -> date:
    """Parse a YYYY-MM-DD option; ``None`` means today."""
    if value is None:
        return this_day()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{name} must be a date written YYYY-MM-DD, not '{value}'.") from None


def this_day() -> date:
    """Today for the commands: the one clock's day."""
    from dunning_tui.clock import SYSTEM

    return SYSTEM.today()
