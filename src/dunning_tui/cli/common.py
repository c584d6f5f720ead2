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
from dunning_tui.words import current, tr, use

if TYPE_CHECKING:
    from dunning_tui.clock import Clock
    from dunning_tui.services import Services

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
        print(tr("Error: {message}", message=exc.said(tr)), file=sys.stderr)
        for line in exc.details_in(current()):
            print(f"  {line}", file=sys.stderr)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        print(tr("Interrupted."), file=sys.stderr)
        raise typer.Exit(130) from None


def chosen_db(db: str | None) -> str | None:
    """``--db`` as given to the command, or to ``dunning`` before the command; both must agree.

    ``None`` when neither was given (then DUNNING_DB or the config file decide).
    """
    before = DB_BEFORE_COMMAND.get()
    if before is not None and db is not None and before != db:
        raise UserError(
            "--db names two different databases ('{before}' and '{db}'); give it once.",
            values={"before": before, "db": db},
        )
    return db if db is not None else before


def clock() -> Clock:
    """The commands' clock: the system's (tests pin it)."""
    from dunning_tui.clock import SYSTEM

    return SYSTEM


@contextmanager
def open_services(db: str | None) -> Iterator[Services]:
    """The services on a migrated database, closed on exit; every user error becomes exit status 2."""
    with handle_user_errors():
        from dunning_tui.services import Services

        services = Services.open(chosen_db(db), clock())
        use(services.settings.ui_language())  # the command's tables and messages in the user's language
        try:
            yield services
        finally:
            services.close()


#: What answers yes to a question on the command line, in either language.
YES = frozenset({"y", "yes", "o", "oui"})


def confirm(question: str) -> bool:
    """A yes-or-no question in the user's language (``[o/N]`` in French); Enter means no."""
    answer = typer.prompt(f"{question} {tr('[y/N]')}", default="", show_default=False)
    return answer.strip().casefold() in YES


def parse_date_option(value: str | None, name: str = "--date") -> date:
    """Parse a YYYY-MM-DD option; ``None`` means today."""
    if value is None:
        return clock().today()
    from dunning_tui.domain.dates import BOUNDS, within_bounds

    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise UserError(
            "{name} must be a date written YYYY-MM-DD, not '{value}'.", values={"name": name, "value": value}
        ) from None
    if not within_bounds(day):
        raise UserError(
            "{name} must be a day {BOUNDS}, not '{value}'.",
            values={"name": name, "BOUNDS": BOUNDS, "value": value},
        )
    return day
