"""The command line in the user's language: its help pages, headings and messages.

The language is chosen before anything runs (:func:`~dunning_tui.lang.configured_language`, no
settings loaded, so ``dunning --help`` stays instant); every help text is then looked up in the
catalogue, where the English text is the key.
"""

from __future__ import annotations

import re
from typing import IO, Any

import typer.core
from typer._click import Command, Context, HelpFormatter
from typer._click.exceptions import UsageError

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


#: The command line's own usage errors (written by click in English): each pattern's English template
#: is a key of the catalogue, its groups the values.
_USAGE_ERRORS = (
    (re.compile(r"No such option: (?P<name>\S+)(?P<rest>.*)", re.S), "No such option: {name}"),
    (re.compile(r"Missing argument (?P<name>.+)\.", re.S), "Missing argument {name}."),
    (re.compile(r"Missing option (?P<name>.+)\.", re.S), "Missing option {name}."),
    (
        re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)", re.S),
        "Got unexpected extra argument(s) ({args})",
    ),
    (re.compile(r"Option (?P<name>'.+') requires (?P<what>.+)", re.S), "Option {name} requires a value."),
    (re.compile(r"Invalid value for (?P<name>.+?): (?P<why>.*)", re.S), "Invalid value for {name}: {why}"),
)


def _usage_words(message: str) -> str:
    for pattern, key in _USAGE_ERRORS:
        found = pattern.fullmatch(message)
        if found:
            values = {k: v for k, v in found.groupdict().items() if k != "rest"}
            return tr(key, **values) + found.groupdict().get("rest", "")
    return message


class _SaidUsageError(UsageError):
    """A usage error shown in the user's language."""

    def __init__(self, error: UsageError) -> None:
        super().__init__(_usage_words(error.format_message()), error.ctx)

    def show(self, file: IO[Any] | None = None) -> None:
        from typer._click.utils import echo

        if self.ctx is not None:
            hint = tr("Try '{command}' for help.", command=f"{self.ctx.command_path} --help")
            echo(f"{self.ctx.get_usage()}\n{hint}\n", file=file, err=True, color=self.ctx.color)
        echo(tr("Error: {message}", message=self.format_message()), file=file, err=True)


class LocalizedGroup(typer.core.TyperGroup):
    """The ``dunning`` group: says its help and its own words in the user's language."""

    def make_context(self, *args: Any, **kwargs: Any) -> Context:
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as error:
            raise _SaidUsageError(error) from None

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except _SaidUsageError:
            raise
        except UsageError as error:
            raise _SaidUsageError(error) from None

    _localized = False

    def main(self, *args: Any, **kwargs: Any) -> Any:
        use(configured_language())
        # typer's headings ("Options", "Commands") and usage errors go through its gettext alias
        setattr(typer.core, "_", _say_typer)  # noqa: B010
        if not self._localized:
            _localize(self)
            self._localized = True
        return super().main(*args, **kwargs)
