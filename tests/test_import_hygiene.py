"""The non-UI packages never load Textual, and the domain never loads SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys

import pytest

NON_UI = [
    "dunning_tui.domain.models",
    "dunning_tui.store.database",
    "dunning_tui.store.queue",
    "dunning_tui.store.dossier",
    "dunning_tui.store.demo",
    "dunning_tui.settings",
    "dunning_tui.cli.render",
    "dunning_tui.importers.run",
    "dunning_tui.importers.csv.export",
    "dunning_tui.documents.confirmation",
    "dunning_tui.documents.letters",
    "dunning_tui.services",
    "dunning_tui.services.documents",
    "dunning_tui.script.loader",
    "dunning_tui.reports",
]


def _loaded(module: str) -> set[str]:
    code = f"import sys, importlib; importlib.import_module('{module}'); print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return {name.split(".")[0] for name in out.split()}


@pytest.mark.parametrize("module", NON_UI)
def test_non_ui_modules_do_not_import_textual(module: str) -> None:
    assert "textual" not in _loaded(module)


def test_domain_imports_no_sqlalchemy() -> None:
    import pkgutil

    from dunning_tui import domain

    for info in pkgutil.iter_modules(domain.__path__):
        loaded = _loaded(f"dunning_tui.domain.{info.name}")
        assert "sqlalchemy" not in loaded, info.name
        assert "textual" not in loaded, info.name


def test_the_app_module_loads_no_engine() -> None:
    """The engine and the migrations load only when needed, never with the app's modules."""
    for module in (
        "dunning_tui.entry",
        "dunning_tui.tui.app",
        "dunning_tui.tui.screens.queue",
        "dunning_tui.tui.launch",
    ):
        loaded = _loaded(module)
        assert not loaded & {"sqlalchemy", "alembic", "typer"}, module
