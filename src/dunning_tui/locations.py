"""Every filesystem path the tool uses, in one place.

Nothing here creates a directory or reads a file at import time: callers ask for a path when they
need it, and create it themselves (``ensure_dir``).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "dunning-tui"


def config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def config_file() -> Path:
    """The TOML config file: ``DUNNING_CONFIG`` if set, else ``config.toml`` in the config dir."""
    override = os.environ.get("DUNNING_CONFIG")
    if override:
        return Path(override).expanduser()
    return config_dir() / "config.toml"


def default_database_file() -> Path:
    return data_dir() / "dunning.sqlite3"


def default_outbox_dir() -> Path:
    return data_dir() / "outbox"


def default_letters_dir() -> Path:
    return data_dir() / "letters"


def ensure_dir(path: Path, private: bool = True) -> Path:
    """Create ``path`` (and parents) if missing; private directories are readable by the owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700 if private else 0o755)
    return path
