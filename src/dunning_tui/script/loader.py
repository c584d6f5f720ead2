"""Reading scripts from TOML files, the default scripts shipped with the tool, and choosing one."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from dunning_tui.domain.enums import ActionKind, PromiseStatus
from dunning_tui.domain.models import DebtorFile
from dunning_tui.errors import UserError
from dunning_tui.script.model import Script
from dunning_tui.script.validate import ScriptError, check_data

DEFAULT_LANGUAGES = ("fr", "en")
BROKEN_PROMISE_ENTRY = "broken_promise"
"""The entry point used when the call follows a broken promise."""


def _parse(text: str, file: str) -> tuple[Script | None, list[ScriptError]]:
    try:
        data: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, [ScriptError(file, "", "", f"not valid TOML ({exc})")]
    except RecursionError:
        return None, [ScriptError(file, "", "", "not a script: its values are nested too deeply")]
    return check_data(data, file)


def _read(path: Path) -> tuple[Script | None, list[ScriptError]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [ScriptError(str(path), "", "", "not a UTF-8 text file")]
    except OSError as exc:
        return None, [ScriptError(str(path), "", "", f"cannot be read ({exc.strerror or exc})")]
    return _parse(text, str(path))


def check_script(path: Path) -> list[ScriptError]:
    """Every problem of a script file; an empty list means it is usable."""
    return _read(path)[1]


def _raise(file: str, errors: list[ScriptError]) -> UserError:
    count = f"{len(errors)} error" + ("s" if len(errors) > 1 else "")
    return UserError(
        "The call script {file} cannot be used ({count}).",
        [str(e) for e in errors],
        values={"file": file, "count": count},
    )


def load_script(path: Path) -> Script:
    """Read and check a script file; any problem is one :class:`UserError` listing them all."""
    script, errors = _read(path)
    if script is None:
        raise _raise(str(path), errors)
    return script


def parse_script(text: str, file: str = "<script>") -> Script:
    """Like :func:`load_script`, from TOML text."""
    script, errors = _parse(text, file)
    if script is None:
        raise _raise(file, errors)
    return script


def default_language(language: str) -> str:
    """``fr`` for any French (``fr``, ``fr_BE``...), else ``en``."""
    code = language.strip().lower()[:2]
    return code if code in DEFAULT_LANGUAGES else "en"


def default_script_text(language: str) -> str:
    name = f"{default_language(language)}.toml"
    return resources.files("dunning_tui.script").joinpath("defaults", name).read_text(encoding="utf-8")


@lru_cache(maxsize=len(DEFAULT_LANGUAGES))
def default_script(language: str) -> Script:
    """The script shipped with the tool in that language (English for other languages)."""
    code = default_language(language)
    return parse_script(default_script_text(code), f"defaults/{code}.toml")


def resolve_script(settings_script: Path | None, language: str) -> Script:
    """The user's script file if the settings name one, else the default in the debtor's language."""
    if settings_script is not None:
        return load_script(settings_script.expanduser())
    return default_script(language)


def export_defaults(directory: Path, *, force: bool = False) -> list[Path]:
    """Write the default scripts (``fr.toml``, ``en.toml``) into a folder for the user to adapt."""
    targets = [directory / f"{code}.toml" for code in DEFAULT_LANGUAGES]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        raise UserError(
            "{existing} already exists; use --force to overwrite it.", values={"existing": existing[0]}
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for code, target in zip(DEFAULT_LANGUAGES, targets, strict=True):
            target.write_text(default_script_text(code), encoding="utf-8")
    except OSError as exc:
        raise UserError(
            "Cannot write the scripts into {directory}: {value}.",
            values={"directory": directory, "value": exc.strerror or exc},
        ) from None
    return targets


def entry_for(script: Script, file: DebtorFile | None = None, *, reason: ActionKind | None = None) -> str:
    """The node a call starts at: the broken-promise opening after a broken promise, else the start.

    ``reason`` is why the debtor is in today's queue; without it, the file's last promise decides.
    """
    broken = reason == ActionKind.BROKEN_PROMISE
    if reason is None and file is not None and file.last_promise is not None:
        broken = file.last_promise.status == PromiseStatus.BROKEN
    return script.entry(BROKEN_PROMISE_ENTRY if broken else None)
