"""The commands load nothing heavy until they run, and the documents package never loads Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _loaded(module: str) -> set[str]:
    code = f"import sys, importlib; importlib.import_module('{module}'); print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_the_command_module_imports_nothing_heavy() -> None:
    loaded = _loaded("dunning_tui.cli.documents")
    heavy = {"fpdf", "icalendar", "smtplib", "sqlalchemy", "babel", "email.message", "pypdf", "textual"}
    assert not heavy & loaded


@pytest.mark.parametrize(
    "module",
    [
        "dunning_tui.documents.confirmation",
        "dunning_tui.documents.mail",
        "dunning_tui.documents.letters",
        "dunning_tui.documents.pdf",
        "dunning_tui.documents.ical",
        "dunning_tui.store.outbox",
    ],
)
def test_documents_never_load_textual_and_load_libraries_lazily(module: str) -> None:
    loaded = {name.split(".")[0] for name in _loaded(module)}
    assert "textual" not in loaded
    assert not {"fpdf", "icalendar", "smtplib"} & loaded
