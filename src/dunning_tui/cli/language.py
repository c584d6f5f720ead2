"""The command line in the user's language: its help pages, headings and messages.

The language is chosen before anything runs (:func:`~dunning_tui.lang.configured_language`, no
settings loaded, so ``dunning --help`` stays instant); every help text is then looked up in the
catalogue, where the English text is the key.
"""

from __future__ import annotations

from typing import Any

import typer.core
from typer._click import Command, Context, HelpFormatter

from dunning_tui.lang import configured_language
from dunning_tui.words import label, tr, use


class _Formatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, tr("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{label(heading)}\n")


class _Context(Context):
    formatter_class = _Formatter


def _say(text: str | None) -> str | None:
    return tr(text) if text else text


def _say_typer(text: str) -> str:
    return tr(text)


def _localize(command: Command) -> None:
    command.context_class = _Context
    command.help = _say(command.help)
    command.short_help = _say(command.short_help)
    for param in command.params:
        if hasattr(param, "help"):
            param.help = _say(param.help)
    help_option = command.get_help_option(_Context(command))
    if help_option is not None:
        help_option.help = _say(help_option.help)
    if isinstance(command, typer.core.TyperGroup):
        for sub in command.commands.values():
            _localize(sub)


class LocalizedGroup(typer.core.TyperGroup):
    """The ``dunning`` group: says its help and its own words in the user's language."""

    _localized = False

    def main(self, *args: Any, **kwargs: Any) -> Any:
        use(configured_language())
        # typer's headings ("Options", "Commands") and usage errors go through its gettext alias
        setattr(typer.core, "_", _say_typer)  # noqa: B010
        if not self._localized:
            _localize(self)
            self._localized = True
        return super().main(*args, **kwargs)
