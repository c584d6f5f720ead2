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


def ui_locale(configured_locale: str, configured_language: str) -> str:
    return configured_locale or DEFAULT_LOCALES[ui_language(configured_language)]
