"""The benchmark script runs end to end at a tiny scale and prints every row (no timing asserted)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "scripts" / "bench.py"

ROWS = (
    "build demo db",
    "bare Textual app, first frame",
    "dunning --help",
    "floor: bare Textual app after reading the settings",
    "TUI first frame with the queue",
    "TUI queue after follow-up refresh",
    "TUI peak RSS",
    "bare Textual app, peak RSS",
    "bare Textual app, key pressed at the first frame acted on",
    "floor: bare key app after the settings",
    "TUI first key acted on",
    "  presses lost before the call screen",
    "TUI c pressed 1 s after the queue screen mounts",
    "queue query, load_queue",
    "debtor file: load_debtor_file",
    "debtor file: query + brief rendered",
    "save_draft",
    "save an outcome",
    "  of which the COMMIT",
    "debtor file: request → frame shows it",
    "keystroke in notes → frame shows it",
    "e-invoice import: 6 files (3 UBL, 3 Factur-X)",
    "e-invoice import, peak RSS",
    "e-invoice re-import (nothing changes)",
    "report book: build",
    "report: whole, a year of calls",
    "report: payer figures of a queue page",
)


def _bench(*args: str) -> subprocess.CompletedProcess[str]:
    """``scripts/bench.py`` with these arguments, its output read as UTF-8; it must succeed."""
    result = subprocess.run(
        [sys.executable, str(BENCH), *args],
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_bench_runs_at_tiny_scale() -> None:
    result = _bench("--debtors", "20", "--invoices-per-debtor", "2", "--runs", "1", "--einvoices", "6")
    table = result.stdout
    for label in ROWS:
        lines = [line for line in table.splitlines() if line.startswith(label)]
        assert lines, f"missing row {label!r} in:\n{table}"
        assert "—" not in lines[0].split()[-6:], f"row {label!r} has no figure:\n{table}"
        assert not re.search(r"\s-\d", lines[0][len(label) :]), f"row {label!r} has a negative time:\n{table}"


def test_team_bench_runs_at_tiny_scale() -> None:
    result = _bench("--team", "--claims", "20", "--runs", "1")
    backends = ["SQLite"]
    if "PostgreSQL: skipped" not in result.stdout:
        backends.append("PostgreSQL, loopback")
    for backend in backends:
        for label in (f"claim a debtor, {backend}, p99 of 20", f"colleague's outcome in my queue, {backend}"):
            lines = [line for line in result.stdout.splitlines() if line.startswith(label)]
            assert lines and "—" not in lines[0], f"missing figure {label!r} in:\n{result.stdout}"


def test_the_report_rows_alone_at_tiny_scale() -> None:
    result = _bench("--only", "report", "--debtors", "20", "--runs", "1")
    rows = [line for line in result.stdout.splitlines() if line.startswith(("report", "  of which"))]
    # The book, the whole report, its five parts and a queue page's payer figures, each with a figure.
    assert len(rows) == 8 and all("—" not in line for line in rows), result.stdout
    assert "TUI first frame" not in result.stdout
