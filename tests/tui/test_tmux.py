"""In a real terminal: `c` pressed as soon as the app shows anything brings up the call screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

SERVER = ["tmux", "-L", "wt12-keys", "-f", "/dev/null"]


def _screen() -> str:
    return subprocess.run(
        [*SERVER, "capture-pane", "-p", "-t", "app"], check=False, capture_output=True, text=True
    ).stdout


def _until(predicate, timeout: float) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        text = _screen()
        if predicate(text):
            return text
        time.sleep(0.02)
    raise AssertionError(f"not reached in {timeout} s; the terminal shows:\n{_screen()}")


def test_c_at_the_first_frame_opens_the_call(db_url: str, isolated_home: Path) -> None:
    dunning = str(Path(sys.executable).with_name("dunning"))
    subprocess.run([dunning, "demo", "--db", db_url, "--debtors", "30"], check=True, capture_output=True)
    (isolated_home / "config.toml").write_text('[creditor]\nname = "Studio Exemple"\n', encoding="utf-8")
    env = {k: os.environ[k] for k in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "DUNNING_CONFIG", "LANG")}
    command = " ".join(["env", *(f"{k}={v}" for k, v in env.items()), dunning, "--db", db_url])
    subprocess.run([*SERVER, "kill-server"], check=False, capture_output=True)
    subprocess.run([*SERVER, "new-session", "-d", "-s", "app", "-x", "100", "-y", "30", command], check=True)
    try:
        _until(lambda text: "Call queue" in text or "Loading" in text, timeout=30)
        subprocess.run([*SERVER, "send-keys", "-t", "app", "c"], check=True)
        _until(lambda text: "TYPING" in text, timeout=30)
    finally:
        subprocess.run([*SERVER, "kill-server"], check=False, capture_output=True)


@pytest.mark.parametrize("kind", ["in memory", "not a database", "another program's"])
def test_a_database_the_app_cannot_open_is_one_sentence_in_a_real_terminal(
    kind: str, tmp_path: Path, isolated_home: Path
) -> None:
    """However fast the database is refused, the app closes cleanly and says why in one sentence."""
    import sqlite3

    book = tmp_path / "book.sqlite3"
    if kind == "not a database":
        book.write_bytes(b"not a database at all " * 400)
    elif kind == "another program's":
        with sqlite3.connect(book) as conn:
            conn.execute("CREATE TABLE inventory (item TEXT)")
    url = "sqlite:///" if kind == "in memory" else f"sqlite:///{book}"
    server = ["tmux", "-L", f"dunning-refused-{os.getpid()}", "-f", "/dev/null"]
    dunning = str(Path(sys.executable).with_name("dunning"))
    env = {k: os.environ[k] for k in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "DUNNING_CONFIG", "LANG")}
    command = " ".join(
        ["env", *(f"{k}={v}" for k, v in env.items()), dunning, "--db", f"'{url}'", "; sleep 30"]
    )
    # Wide enough for the sentence on one line.
    subprocess.run([*server, "new-session", "-d", "-s", "app", "-x", "250", "-y", "30", command], check=True)
    try:
        end = time.monotonic() + 30
        text = ""
        while time.monotonic() < end and "Error:" not in text:
            time.sleep(0.05)
            text = subprocess.run(
                [*server, "capture-pane", "-p", "-t", "app"], check=False, capture_output=True, text=True
            ).stdout
        time.sleep(0.3)  # anything printed after the sentence
        text = subprocess.run(
            [*server, "capture-pane", "-p", "-t", "app"], check=False, capture_output=True, text=True
        ).stdout
    finally:
        subprocess.run([*server, "kill-server"], check=False, capture_output=True)
    said = [line for line in text.splitlines() if line.strip()]
    assert len(said) == 1 and said[0].startswith("Error:"), text
    assert "Traceback" not in text and "MountError" not in text
