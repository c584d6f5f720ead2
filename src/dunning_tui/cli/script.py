"""``dunning script ...``: check a call-script file, export the default scripts to adapt them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from dunning_tui.cli.common import handle_user_errors


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `dunning` app."""
    script_app = typer.Typer(
        name="script",
        help="Call scripts: check your own, or export the default ones to adapt.",
        no_args_is_help=True,
        rich_markup_mode=None,
    )
    script_app.command("check")(check)
    script_app.command("export-default")(export_default)
    app.add_typer(script_app)


def check(
    file: Annotated[Path, typer.Argument(help="The script TOML file to check.", show_default=False)],
) -> None:
    """Check a call-script file: print every error (exit status 2), or ok and a short summary."""
    from dunning_tui.script.loader import load_script
    from dunning_tui.script.validate import summarise

    with handle_user_errors():
        script = load_script(file)
    from dunning_tui.words import tr, trn

    s = summarise(script)
    parts = [
        trn("{count} nodes", s.nodes),
        trn("{count} ends", s.ends),
        *([trn("{count} other entry points", s.entries)] if s.entries else []),
        trn("longest path {count} steps", s.longest_path),
    ]
    print(
        tr(
            "ok: '{name}' ({language}), {parts}",
            name=script.name,
            language=script.language,
            parts=", ".join(parts),
        )
    )


def export_default(
    directory: Annotated[Path, typer.Argument(help="Folder to write fr.toml and en.toml into.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite files that already exist.")] = False,
) -> None:
    """Write the default French and English scripts into a folder, for you to adapt."""
    from dunning_tui.script.loader import export_defaults

    with handle_user_errors():
        written = export_defaults(directory, force=force)
    for path in written:
        print(path)
    from dunning_tui.words import tr

    print(tr('Name one in your config file ([call] script = "...") to use it.'), file=sys.stderr)
