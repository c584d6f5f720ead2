"""The ``dunning`` command: thin wrappers that parse flags and call services.

Each command module registers its own commands; nothing heavy (SQLAlchemy, Textual, pydantic) is
imported until a command runs, so ``dunning --help`` stays instant.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dunning_tui.cli import data, documents, followup, report, script, transfer
from dunning_tui.cli.common import DB_BEFORE_COMMAND, DbOption, chosen_db, handle_user_errors
from dunning_tui.cli.language import LocalizedGroup

app = typer.Typer(
    name="dunning",
    cls=LocalizedGroup,
    help="Phone the clients who have not paid their invoices, and get paid.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    db: DbOption = None,
    script: Annotated[
        Path | None,
        typer.Option(
            "--script", help="Call script (TOML) to use instead of the default in the debtor's language."
        ),
    ] = None,
) -> None:
    """Without a command: open the call-block app on the configured database."""
    DB_BEFORE_COMMAND.set(db)
    if ctx.invoked_subcommand is not None:
        return
    with handle_user_errors():
        from dunning_tui.entry import open_app

        open_app(chosen_db(db), script)


for _module in (data, transfer, script, followup, documents, report):
    _module.register(app)


def main() -> None:
    app()
