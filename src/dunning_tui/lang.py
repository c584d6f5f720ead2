"""The interface language and locale, from the settings or the system (no heavy import)."""

from __future__ import annotations

import os

DEFAULT_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def system_language() -> str:
    """French if the system locale says so, else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    import locale

    code = locale.getlocale()[0] or ""
    return "fr" if code.lower().startswith("fr") else "en"


def ui_language(configured: str) -> str:
    return configured or system_language()


def configured_language() -> str:
    """The interface language the settings give (``DUNNING_LANGUAGE``, then the config file's
    ``language``, then the system locale), read without loading the settings: for what a command
    says before it opens anything (its help, a date it reads, a refused option)."""
    value = os.environ.get("DUNNING_LANGUAGE", "").strip().lower()
    if not value:
        import tomllib

        from dunning_tui.locations import config_file

        try:
            with config_file().open("rb") as file:
                value = str(tomllib.load(file).get("language", ""))
        except (OSError, ValueError, RecursionError):  # the settings then say what is wrong
            value = ""
    return ui_language(value if value in DEFAULT_LOCALES else "")


def ui_locale(configured_locale: str, configured_language: str) -> str:
    return configured_locale or DEFAULT_LOCALES[ui_language(configured_language)]
