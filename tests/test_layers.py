"""The layers, read from the source: store → domain → services → front ends, and one clock.

Every ``import`` counts, including those inside functions (deferred imports are still imports).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dunning_tui"
FRONT_ENDS = ("dunning_tui.tui", "dunning_tui.cli")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "migrations" not in p.parts}


def imports_of(path: Path, module: str) -> Iterator[str]:
    """Every module ``path`` imports, absolute, at any depth of the file."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base]) if base else ".".join(anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _within(name: str, *packages: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def _violations(importer: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{module} imports {name}"
        for module, path in _modules().items()
        if _within(module, *importer)
        for name in imports_of(path, module)
        if _within(name, *forbidden)
    ]


def test_the_reader_sees_every_kind_of_import(tmp_path: Path) -> None:
    sample = tmp_path / "dunning_tui" / "store" / "sample.py"
    sample.parent.mkdir(parents=True)
    sample.write_text("import a.b\nfrom .c import d\n\ndef f():\n    from dunning_tui.tui import app\n")
    found = set(imports_of(sample, "dunning_tui.store.sample"))
    assert {"a.b", "dunning_tui.store.c", "dunning_tui.store.c.d", "dunning_tui.tui.app"} <= found


@pytest.mark.parametrize(
    ("importer", "forbidden"),
    [
        (("dunning_tui.domain",), ("dunning_tui.store", "dunning_tui.services", *FRONT_ENDS)),
        (("dunning_tui.store",), ("dunning_tui.services", *FRONT_ENDS)),
        (("dunning_tui.services",), FRONT_ENDS),
        (
            (
                "dunning_tui.importers",
                "dunning_tui.documents",
                "dunning_tui.script",
                "dunning_tui.domain",
                "dunning_tui.store",
                "dunning_tui.services",
            ),
            ("textual", *FRONT_ENDS),
        ),
        (("dunning_tui.domain",), ("sqlalchemy", "alembic")),
        (("dunning_tui.tui",), ("dunning_tui.cli",)),
        (("dunning_tui.cli",), ("dunning_tui.tui",)),
    ],
)
def test_layers(importer: tuple[str, ...], forbidden: tuple[str, ...]) -> None:
    assert _violations(importer, forbidden) == []


def test_only_screens_and_the_app_shell_import_a_screen() -> None:
    """A type that more than a screen needs lives in the domain or the services, not in a screen."""
    allowed = ("dunning_tui.tui.screens", "dunning_tui.tui.app")
    assert [
        f"{module} imports {name}"
        for module, path in _modules().items()
        if not _within(module, *allowed)
        for name in imports_of(path, module)
        if _within(name, "dunning_tui.tui.screens")
    ] == []


WALL_CLOCK = re.compile(r"\bdate\.today\(|\bdatetime\.now\(|\bdatetime\.utcnow\(|\btime\.time\(")


def test_only_the_clock_reads_the_wall_clock() -> None:
    clock = PACKAGE / "clock.py"
    found = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in PACKAGE.rglob("*.py")
        if path != clock
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if WALL_CLOCK.search(line)
    ]
    assert found == []
    assert WALL_CLOCK.search(clock.read_text(encoding="utf-8")), "the clock itself reads the wall clock"
