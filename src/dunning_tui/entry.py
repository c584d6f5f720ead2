"""The ``dunning`` command's entry point.

``dunning`` alone (or with only ``--db URL``) opens the app without loading the command-line
machinery first: start-up speed is a feature. Anything else goes to the typer commands.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def _app_only(args: list[str]) -> tuple[bool, str | None]:
    """Whether the arguments only open the app, and the ``--db`` given if any."""
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--db":
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--db="):
        return True, args[0].removeprefix("--db=")
    return False, None


def main() -> None:
    app_only, db = _app_only(sys.argv[1:])
    if not app_only:
        from dunning_tui.cli import main as cli_main

        cli_main()
        return
    from dunning_tui.errors import UserError

    try:
        open_app(db)
    except UserError as error:
        from dunning_tui.lang import configured_language
        from dunning_tui.words import say

        language = configured_language()
        print(say(language, "Error: {message}", message=error.said_in(language)), file=sys.stderr)
        for line in error.details_in(language):
            print(f"  {line}", file=sys.stderr)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)


def open_app(db: str | None, script: Path | None = None) -> None:
    """The call-block app, for ``dunning`` alone and for the command line's root: the one place
    where the two front ends meet."""
    from dunning_tui.tui.launch import launch

    launch(db, script)
