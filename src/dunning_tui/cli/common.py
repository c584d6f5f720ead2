"""What every command shares: the ``--db`` option and turning user errors into exit status 2."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from dunning_tui.errors import UserError
from dunning_tui.words import tr

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
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


@contextmanager
def handle_user_errors() -> Iterator[None]:
    """Print a :class:`UserError` as one sentence on stderr and exit with status 2."""
    try:
        yield
    except UserError as exc:
        print(tr("Error: {message}", message=tr(exc.message)), file=sys.stderr)
        for line in exc.details:
            print(f"  {line}", file=sys.stderr)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        print(tr("Interrupted."), file=sys.stderr)
        raise typer.Exit(130) from None


def settings_for(db: str | None) -> Settings:
    from dunning_tui.settings import load_settings
    from dunning_tui.words import use

    settings = load_settings(db=db)
    use(settings.ui_language())  # the command's tables and messages in the user's language
    return settings


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
