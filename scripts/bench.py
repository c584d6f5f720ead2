"""Benchmark dunning at scale: start-up, queue, debtor file, keystroke, outcome, memory, e-invoice import.

    .venv/bin/python scripts/bench.py [--debtors 10000] [--invoices-per-debtor 10] [--large] [--runs N]
        [--einvoices 1000]

Everything happens in a temporary directory: the database, the config file (``DUNNING_CONFIG``) and
the XDG directories, so the user's real data is never read or written. Start-up figures are wall
times from process spawn, measured in subprocesses; they are also given as a ratio to a bare Textual
app started the same way, because ratios travel between machines and absolute times do not.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from dunning_tui.clock import SYSTEM, Clock

SIZE = (120, 40)
#: The process's own peak resident memory: VmHWM starts afresh at exec, whereas ru_maxrss keeps the
#: high-water mark of the parent that forked it (here, the benchmark itself).
PEAK = "def peak_kib():\n        return int(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))"
FIRST = "BENCH-FIRST-FRAME"
SETTLED = "BENCH-SETTLED"

#: What both drivers of the real app start with: a watchdog, and the app told to run headless.
HEADLESS = textwrap.dedent(
    f"""
    def headless():
        import functools, os, threading
        from dunning_tui.tui import app as app_module

        watchdog = threading.Timer(120, os._exit, (3,))  # never hang the benchmark
        watchdog.daemon = True
        watchdog.start()
        real_build = app_module.build_app

        def build_app(*args, **kwargs):
            app = real_build(*args, **kwargs)
            app.run = functools.partial(app.run, headless=True, size={SIZE!r})
            return app

        app_module.build_app = build_app
    """
)

#: Headless start of the real ``dunning`` entry point. Nothing of the app's logic is changed: the
#: app is told to run headless, and the queue screen's ``_show`` is wrapped to report (after the
#: next refresh, i.e. once the frame is composed) when the table first has its rows, then again
#: once the follow-up refresh after the first paint has been shown; then the app quits.
TUI_DRIVER = textwrap.dedent(
    f"""
    import os, sys

    def mark(tag, detail=""):
        os.write(1, f"{{tag}} {{detail}}\\n".encode())
        if tag == "{FIRST}" and os.environ.get("BENCH_STOP_AT_FIRST_FRAME"):
            os._exit(0)

    {PEAK}

    {{HEADLESS}}

    def main():
        headless()
        import dunning_tui.entry as entry
        from dunning_tui.tui.screens import queue as queue_module
        from textual.widgets import DataTable

        real_show = queue_module.QueueScreen._show
        shown = []

        def settled(screen):
            busy = any(w.group == "queue" and w.is_running for w in screen.app.workers)
            if screen.app.followed_up and not busy:
                rows = screen.query_one(DataTable).row_count
                mark("{SETTLED}", f"rows={{rows}} queue={{screen.count}}")
                screen.app.exit()

        def _show(self, page, empty_db):
            real_show(self, page, empty_db)
            shown.append(len(page.entries))
            rows = self.query_one(DataTable).row_count
            if len(shown) == 1:
                self.call_after_refresh(mark, "{FIRST}", f"rows={{rows}} queue={{page.summary.count}}")
                self.set_interval(0.05, lambda: settled(self))

        queue_module.QueueScreen._show = _show
        sys.argv = ["dunning", *sys.argv[1:]]
        entry.main()
        mark("RSS", peak_kib())

    main()
    """
)

TUI_DRIVER = TUI_DRIVER.replace("{HEADLESS}", HEADLESS)

#: The yardstick: a Textual app with one empty screen, started and measured the same way.
BARE_DRIVER = textwrap.dedent(
    f"""
    import os
    {{BEFORE}}
    from textual.app import App
    from textual.screen import Screen

    class Empty(Screen):
        def on_mount(self):
            self.call_after_refresh(self.ready)

        def ready(self):
            os.write(1, b"{FIRST}\\n")
            if os.environ.get("BENCH_STOP_AT_FIRST_FRAME"):
                os._exit(0)
            self.app.exit()

    class Bare(App):
        def on_mount(self):
            self.push_screen(Empty())

    Bare().run(headless=True, size={SIZE!r})
    {PEAK}
    os.write(1, f"RSS {{peak_kib()}}\\n".encode())
    """
)

#: What the stack costs before a first frame can show anything of the book: the settings, read as
#: the app reads them (pydantic-settings), then the bare app. The first frame's target is measured
#: against the bare app alone.
SETTINGS_READ = "from dunning_tui.settings import load_settings; load_settings(db=None)"
SETTINGS_FLOOR_DRIVER = BARE_DRIVER.replace("{BEFORE}", SETTINGS_READ)
BARE_DRIVER = BARE_DRIVER.replace("{BEFORE}", "")


ACTED = "BENCH-KEY-ACTED"
#: Seconds after the queue screen mounts that a person's first `c` comes, once the rows are read.
SETTLED_PRESS = 1.0
#: Seconds before a press that brought nothing is counted lost and pressed again.
RETRY = 20.0
PRESSED = "BENCH-KEY-PRESSED"

#: The app started as a user starts it; `c` is pressed once at its first frame (the first paint of
#: the queue screen), or BENCH_PRESS_AFTER seconds after it. The time is from spawn to the first
#: frame of the call screen; the mark gives the milliseconds since the press as well. Should that
#: press be lost, `c` is pressed again every RETRY seconds: the presses before the one acted on are
#: lost.
KEY_DRIVER = textwrap.dedent(
    f"""
    import os, sys, time

    def mark(tag, detail=""):
        os.write(1, f"{{tag}} {{detail}}\\n".encode())

    {{HEADLESS}}

    def main():
        headless()
        import dunning_tui.entry as entry
        from textual import events
        from dunning_tui.tui.screens import call as call_module, queue as queue_module

        real_mount = queue_module.QueueScreen.on_mount
        pressed_at = []

        def press(app):
            if not isinstance(app.screen, call_module.CallScreen):
                pressed_at.append(time.perf_counter())
                mark("{PRESSED}")
                app.post_message(events.Key("c", "c"))
                app.set_timer({RETRY}, lambda: press(app))

        def on_mount(self):
            real_mount(self)
            after = os.environ.get("BENCH_PRESS_AFTER")
            if after:
                self.app.set_timer(float(after), lambda: press(self.app))
            else:
                self.call_after_refresh(press, self.app)

        queue_module.QueueScreen.on_mount = on_mount
        real_ready = call_module.CallScreen._ready

        def ready(self, *args):
            real_ready(self, *args)
            since = lambda: (time.perf_counter() - pressed_at[-1]) * 1000
            self.call_after_refresh(lambda: (mark("{ACTED}", f"{{since():.1f}}"), os._exit(0)))

        call_module.CallScreen._ready = ready
        sys.argv = ["dunning", *sys.argv[1:]]
        entry.main()

    main()
    """
)

KEY_DRIVER = KEY_DRIVER.replace("{HEADLESS}", HEADLESS)

#: The yardstick for a key: a bare Textual app whose `c` pushes a second screen.
BARE_KEY_DRIVER = textwrap.dedent(
    f"""
    import os
    {{BEFORE}}
    from textual import events
    from textual.app import App
    from textual.screen import Screen

    class Second(Screen):
        def on_mount(self):
            self.call_after_refresh(lambda: (os.write(1, b"{ACTED}\\n"), os._exit(0)))

    class Empty(Screen):
        BINDINGS = [("c", "second", "Second")]

        def on_mount(self):
            self.call_after_refresh(self.press)

        def press(self):
            os.write(1, b"{PRESSED}\\n")
            self.app.post_message(events.Key("c", "c"))

        def action_second(self):
            {{ON_KEY}}
            self.app.push_screen(Second())

    class Bare(App):
        def on_mount(self):
            self.push_screen(Empty())

    Bare().run(headless=True, size={SIZE!r})
    """
)

#: What the stack costs before a call screen can show a debtor's file: the settings before the first
#: frame, then, on the key, SQLAlchemy's ORM, which a debtor's file is read with (none of the
#: book's own modules: nothing is mapped, nothing is read).
KEY_FLOOR_DRIVER = BARE_KEY_DRIVER.replace("{BEFORE}", SETTINGS_READ).replace(
    "{ON_KEY}", "import sqlalchemy.orm"
)
BARE_KEY_DRIVER = BARE_KEY_DRIVER.replace("{BEFORE}", "").replace("{ON_KEY}", "")


# -- results ----------------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    samples: list[float] = field(default_factory=list)
    unit: str = "ms"
    target: float | None = None
    target_text: str = ""
    #: Compare the median to the target as a ratio to this row's median instead of absolutely.
    relative_to: Row | None = None
    note: str = ""
    #: Seconds shown as seconds with one decimal (for builds) instead of milliseconds.
    seconds: bool = False

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    def figure(self, value: float) -> str:
        if self.seconds:
            return f"{value:.1f}"
        if self.unit == "ms":
            return f"{value * 1000:.2f}" if value < 0.1 else f"{value * 1000:.0f}"
        if self.unit in ("MiB", "M instr."):
            return f"{value:.0f}"
        return f"{value:.2f}"

    def cells(self) -> list[str]:
        if not self.samples:
            return [self.label, "—", "—", self.unit, "", self.target_text, "n/a"]
        med = self.median
        spread = f"{self.figure(min(self.samples))}–{self.figure(max(self.samples))}"
        ratio = ""
        value = med
        if self.relative_to is not None and self.relative_to.samples:
            value = med / self.relative_to.median
            ratio = f"{value:.2f}×"
        status = ""
        if self.target is not None:
            status = "PASS" if value <= self.target else "MISS"
        return [self.label, self.figure(med), spread, self.unit, ratio, self.target_text, status]


def print_table(title: str, rows: list[Row], out: Callable[[str], None] = print) -> None:
    header = ["measure", "median", "min–max", "unit", "× bare", "target", ""]
    table = [header, *[r.cells() for r in rows]]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    out("")
    out(title)
    for n, line in enumerate(table):
        out(
            "  ".join(
                cell.ljust(w) if i in (0, 3, 5) else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(line, widths, strict=True))
            )
        )
        if n == 0:
            out("  ".join("-" * w for w in widths))
    notes = [f"  * {r.label}: {r.note}" for r in rows if r.note]
    if notes:
        out("")
        out("\n".join(notes))


def timed(fn: Callable[[], Any], runs: int, warm: int = 1) -> list[float]:
    for _ in range(warm):
        fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return samples


# -- environment -------------------------------------------------------------------------------------


def write_driver(tmp: Path, name: str, text: str) -> Path:
    """One of the scripts the start-up figures spawn, written into the bench's folder."""
    path = tmp / f"{name}.py"
    path.write_text(text)
    return path


def isolated_env(tmp: Path, db_url: str) -> dict[str, str]:
    """The bench's own environment: every path the tool reads or writes lies under ``tmp``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUNNING_")}
    home = tmp / "home"
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
        DUNNING_CONFIG=str(tmp / "config.toml"),
        DUNNING_DB=db_url,
        LANG=env.get("LANG", "en_GB.UTF-8") or "en_GB.UTF-8",
        # Bytecode is cached as on a user's machine (the warm-up run writes it), under tmp so the
        # work tree is left as it is.
        PYTHONPYCACHEPREFIX=str(tmp / "pycache"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("TEXTUAL", None)
    for var in ("LC_ALL", "LC_MESSAGES"):
        env.pop(var, None)
    return env


def venv_bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def build_demo(
    env: dict[str, str],
    db_url: str,
    debtors: int,
    per_debtor: int,
    day: date | None = None,
    history: bool = False,
) -> float:
    """Write the demo book; with ``history``, its months of earlier calls too (for the report)."""
    t0 = time.perf_counter()
    subprocess.run(
        [
            venv_bin("dunning"),
            "demo",
            "--db",
            db_url,
            "--debtors",
            str(debtors),
            "--invoices-per-debtor",
            str(per_debtor),
            *(["--date", day.isoformat()] if day else []),
            "--history" if history else "--no-history",
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    return time.perf_counter() - t0


# -- subprocess start-up -------------------------------------------------------------------------------


@dataclass
class Start:
    first: float
    settled: float | None
    maxrss_mib: float
    detail: str


def run_start(argv: list[str], env: dict[str, str], log: Path) -> Start:
    """Spawn ``argv``; the wall time from spawn to each marker line, and the child's peak RSS."""
    first = settled = None
    detail = ""
    own_rss_kib = 0
    with log.open("ab") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err)
        assert proc.stdout is not None
        for raw in proc.stdout:
            now = time.perf_counter() - t0
            line = raw.decode(errors="replace").strip()
            if line.startswith(FIRST) and first is None:
                first, detail = now, line[len(FIRST) :].strip()
            elif line.startswith(SETTLED) and settled is None:
                settled = now
            elif line.startswith("RSS "):
                own_rss_kib = int(line.split()[1])
        _, status, _usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or first is None:
        raise RuntimeError(f"{argv[1:]} exited {proc.returncode} without a first frame; see {log}")
    # The process's own peak, as it reports it (wait4's figure covers every child reaped so far).
    return Start(first, settled, own_rss_kib / 1024, detail)  # ru_maxrss is in KiB on Linux


def run_key(argv: list[str], env: dict[str, str], log: Path) -> tuple[float, int, float | None]:
    """Spawn ``argv``; the wall time until the key has been acted on, the presses lost, and the
    milliseconds from the press acted on to its effect (when the driver tells them)."""
    presses = 0
    since_press = None
    with log.open("ab") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err)
        assert proc.stdout is not None
        acted = None
        for raw in proc.stdout:
            line = raw.decode(errors="replace").strip()
            if line.startswith(PRESSED):
                presses += 1
            elif line.startswith(ACTED) and acted is None:
                acted = time.perf_counter() - t0
                detail = line[len(ACTED) :].strip()
                since_press = float(detail) if detail else None
        proc.wait()
    if acted is None:
        raise RuntimeError(f"{argv[1:]} exited {proc.returncode} before acting on the key; see {log}")
    return acted, presses - 1, since_press


def count_instructions(argv: list[str], env: dict[str, str]) -> int:
    """Instructions executed up to the first frame, under valgrind: the same count on every run,
    whatever else the machine is doing, unlike a wall time on a shared virtual machine."""
    import re

    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        env={**env, "BENCH_STOP_AT_FIRST_FRAME": "1"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"Collected : (\d+)", result.stderr)
    if found is None:
        raise RuntimeError(f"valgrind gave no count for {argv[1:]}")
    return int(found.group(1))


def run_help(env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [venv_bin("dunning"), "--help"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    return time.perf_counter() - t0


# -- in-process measures ------------------------------------------------------------------------------


def open_database(db_url: str) -> tuple[Any, Any]:
    from dunning_tui.settings import load_settings
    from dunning_tui.store.database import Database

    settings = load_settings(db=db_url)
    return settings, Database.open(settings.database_url())


def settle(db_url: str, today: date) -> int:
    """Bring follow-up up to date once (as the first start of the day does), then ANALYZE."""
    from sqlalchemy import func, select

    from dunning_tui.store import tables as t
    from dunning_tui.store.followup import refresh

    settings, database = open_database(db_url)
    try:
        with database.session() as session:
            refresh(session, today, settings.cadence)
        database.analyze()
        with database.session() as session:
            return int(session.scalar(select(func.count()).select_from(t.Invoice)) or 0)
    finally:
        database.close()


def sqlite_write(db_url: str, sql: str, params: tuple[Any, ...] = ()) -> None:
    """One committed write by another connection, as another program would make it."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(db_url.removeprefix("sqlite:///"))) as conn, conn:
        conn.execute(sql, params)


def left_by_yesterday(
    env: dict[str, str], tmp: Path, name: str, debtors: int, per_debtor: int, today: date
) -> Path:
    """A book as yesterday's session left it: the demo written for yesterday, its follow-up run and
    its queue read yesterday. Opening it today is the first start of a new day."""
    yesterday = today - timedelta(days=1)
    path = tmp / f"{name}-yesterday.sqlite3"
    url = f"sqlite:///{path}"
    build_demo(env, url, debtors, per_debtor, yesterday)
    settle(url, yesterday)
    bench_queue(url, yesterday, 1)
    return path


def fresh_copy(source: Path, target: Path) -> str:
    """A copy of ``source`` (and none of an earlier copy's WAL), as a database URL.

    The copy is flushed to disk first, as a book left since yesterday would be: otherwise the
    app's first checkpoint would pay for writing out the whole file.
    """
    import shutil

    for leftover in target.parent.glob(target.name + "*"):
        leftover.unlink()
    shutil.copy(source, target)
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return f"sqlite:///{target}"


def forget_queue_table(db_url: str) -> None:
    """No summary table yet: the first start after the migration that creates it."""
    sqlite_write(db_url, "DELETE FROM app_state WHERE key = 'queue_as_of'")


def touch_one_debtor(db_url: str, n: int) -> None:
    """A write to one open invoice (a payment of 0): its debtor's queue row must be recomputed."""
    sqlite_write(
        db_url,
        "UPDATE invoices SET paid_cents = paid_cents WHERE id = (SELECT id FROM invoices "
        "WHERE paid_cents < total_cents ORDER BY id LIMIT 1 OFFSET ?)",
        (n * 37 % 1000,),
    )


def bench_queue(
    db_url: str, today: date, runs: int, before: Callable[[int], None] | None = None
) -> tuple[list[float], int]:
    """The queue as the app asks for it: its totals and its first page, through the ORM session.

    ``before(i)`` runs untimed before sample ``i`` (a write, or a new day).
    """
    from dunning_tui.store.queue import load_queue, queue_summary, refresh_rows

    _settings, database = open_database(db_url)
    count = 0

    def once() -> None:
        nonlocal count
        refresh_rows(database, today)
        with database.session() as session:
            count = queue_summary(session, today).count
            load_queue(session, today, limit=50)

    try:
        once()
        once()
        samples = []
        for i in range(runs):
            if before is not None:
                before(i)
            t0 = time.perf_counter()
            once()
            samples.append(time.perf_counter() - t0)
        return samples, count
    finally:
        database.close()


def bench_first_of_day(book: Path, work: Path, today: date, runs: int) -> list[float]:
    """The first queue query of the day on a copy of yesterday's book.

    Untimed: the copy, and yesterday's queue read once on the new engine (a no-op for the table,
    which is up to date for yesterday), so that the figure is the new day's work and not
    SQLAlchemy compiling its statements for a new engine, which every start pays alike.
    """
    from dunning_tui.store.queue import load_queue, queue_summary, refresh_rows

    yesterday = today - timedelta(days=1)
    samples = []
    for _ in range(runs):
        _settings, database = open_database(fresh_copy(book, work))
        try:
            refresh_rows(database, yesterday)
            with database.session() as session:
                queue_summary(session, yesterday)
                load_queue(session, yesterday, limit=50)
            t0 = time.perf_counter()
            refresh_rows(database, today)
            with database.session() as session:
                queue_summary(session, today)
                load_queue(session, today, limit=50)
            samples.append(time.perf_counter() - t0)
        finally:
            database.close()
    return samples


def debtor_samples(db_url: str, n: int) -> list[int]:
    """Debtors with a full history (a broken promise: calls, events, promises, actions)."""
    from sqlalchemy import select

    from dunning_tui.store import tables as t

    _settings, database = open_database(db_url)
    try:
        with database.session() as session:
            ids = list(session.scalars(select(t.Promise.debtor_id).order_by(t.Promise.debtor_id).limit(n)))
        return ids or [1]
    finally:
        database.close()


def brief_text(file: Any, today: date, settings: Any, fmt: Any) -> str:
    """The same text the debtor screen shows (its title and the sections of the brief)."""
    from dunning_tui.tui.widgets import brief

    title, body = brief.full_brief(file, today, settings, fmt)
    return title + "\n" + body


def bench_debtor_file(db_url: str, today: date, runs: int) -> tuple[list[float], list[float]]:
    """(query only, query + brief text + markup rendered to wrapped lines)."""
    from textual.content import Content

    from dunning_tui.store.dossier import load_debtor_file
    from dunning_tui.tui.formatting import Formatter
    from dunning_tui.tui.i18n import set_language

    settings, database = open_database(db_url)
    set_language(settings.ui_language())
    fmt = Formatter(settings.ui_locale())
    ids = debtor_samples(db_url, max(runs, 5))
    turn = iter(range(10**9))

    def query() -> Any:
        with database.session() as session:
            return load_debtor_file(session, ids[next(turn) % len(ids)])

    def query_and_render() -> None:
        file = query()
        Content.from_markup(brief_text(file, today, settings, fmt)).wrap(SIZE[0] - 4)

    try:
        return timed(query, runs, warm=2), timed(query_and_render, runs, warm=2)
    finally:
        database.close()


REPORT_PARTS = {
    "calls of the period, money collected after them": (("calls_between",), ("branch_counts",)),
    "script branches": (("branch_counts",), ()),
    "where the money stands (7 dates)": (("_owed", "_invoiced"), ()),
    "money received per week": (("_received",), ()),
    "payer figures of every debtor called": (("payer_figures",), ()),
}
"""The report's parts, timed as the whole report runs them: the store functions each one is (less
those the first calls, counted in a part of their own)."""


def bench_report(
    db_url: str, today: date, runs: int
) -> tuple[list[float], list[float], int, int, dict[str, list[float]]]:
    """The whole report of the year up to today, and the payer figures of one page of the queue,
    each in a session of its own (as the app's services open them); and the report's parts."""
    from sqlalchemy import func, select

    from dunning_tui.domain.report import default_since
    from dunning_tui.store import report
    from dunning_tui.store import tables as t
    from dunning_tui.store.queue import load_queue

    settings, database = open_database(db_url)
    spent: dict[str, float] = {}

    def timing(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed_part(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t0

        return timed_part

    try:
        shapes = report.script_shapes(settings.call.script)
        delay = settings.cadence.bank_delay_days
        with database.session() as session:
            page = [e.debtor_id for e in load_queue(session, today, limit=50)]
            calls = int(session.scalar(select(func.count()).select_from(t.Call)) or 0)
            invoices = int(session.scalar(select(func.count()).select_from(t.Invoice)) or 0)

        def whole() -> None:
            with database.session() as session:
                report.build_report(session, default_since(today), today, today, delay, shapes)

        def payers() -> None:
            with database.session() as session:
                report.payer_figures(session, today, page)

        whole_samples, page_samples = timed(whole, runs), timed(payers, runs * 4)
        names = {name for added, _less in REPORT_PARTS.values() for name in added}
        originals = {name: getattr(report, name) for name in names}
        parts: dict[str, list[float]] = {part: [] for part in REPORT_PARTS}
        try:
            for name, fn in originals.items():
                setattr(report, name, timing(name, fn))
            for _ in range(runs):
                spent.clear()
                whole()
                for part, (added, less) in REPORT_PARTS.items():
                    parts[part].append(
                        sum(spent.get(n, 0.0) for n in added) - sum(spent.get(n, 0.0) for n in less)
                    )
        finally:
            for name, fn in originals.items():
                setattr(report, name, fn)
        return whole_samples, page_samples, calls, invoices, parts
    finally:
        database.close()


def bench_save_draft(db_url: str, today: date, runs: int) -> list[float]:
    from dunning_tui.domain.outcome import Objective
    from dunning_tui.services import Services

    settings, database = open_database(db_url)
    services = Services(database, settings, Clock.pinned(today))
    debtor = debtor_samples(db_url, 1)[0]
    call_id = services.start_call(debtor, Objective(today + timedelta(days=7)), None, "")
    notes = iter(range(10**9))
    try:
        return timed(lambda: services.save_draft(call_id, f"00:12 note {next(notes)}", "[]"), runs, warm=2)
    finally:
        services.close_call(call_id)
        services.release_claim(debtor)
        database.close()


def bench_outcome(db_url: str, today: date, runs: int) -> tuple[list[float], list[float]]:
    """``save_outcome``: the call, its promise, its event and the settled actions in one transaction
    (WAL, synchronous=FULL), committed before the follow-up of that debtor is planned.

    Returns (the save, of which the COMMIT: the WAL write and its fsync).
    """
    from sqlalchemy import event

    from dunning_tui.domain.enums import Outcome
    from dunning_tui.domain.outcome import Objective, OutcomeInput
    from dunning_tui.services import Services
    from dunning_tui.store.calls import save_outcome

    settings, database = open_database(db_url)
    services = Services(database, settings, Clock.pinned(today))
    ids = debtor_samples(db_url, runs + 2)
    samples: list[float] = []
    commits: list[float] = []
    commit_started: list[float] = []
    event.listen(database.engine, "commit", lambda _conn: commit_started.append(time.perf_counter()))
    outcome = OutcomeInput(
        kind=Outcome.PROMISE,
        promised_date=today + timedelta(days=7),
        amount=Decimal("150.00"),
        method="transfer",
    )
    try:
        for n in range(runs + 2):
            call_id = services.start_call(ids[n % len(ids)], Objective(today + timedelta(days=7)), None, "")
            commit_started.clear()
            t0 = time.perf_counter()
            with database.session() as session:
                save_outcome(session, call_id, outcome, "00:40 promised by transfer", "[]", services.now())
            end = time.perf_counter()
            # The save's own COMMIT: read before the claim's release, which commits too.
            committed_from = commit_started[-1]
            services.release_claim(ids[n % len(ids)])  # the call is over (not timed)
            if n >= 2:  # the first two warm the caches
                samples.append(end - t0)
                commits.append(end - committed_from)
        return samples, commits
    finally:
        database.close()


def bench_pilot(db_url: str, today: date, runs: int) -> tuple[list[float], list[float]]:
    """In the real app (headless, Pilot): debtor file opened → on screen, keystroke → on screen.

    The app's ``_display`` (where a composed frame goes to the terminal) is wrapped to timestamp
    every frame; a figure is the time from the action to the first frame that shows its result.
    """
    from textual.widgets import DataTable

    from dunning_tui.domain.outcome import Objective
    from dunning_tui.tui.app import build_app
    from dunning_tui.tui.screens.call import CallScreen
    from dunning_tui.tui.screens.debtor import DebtorScreen
    from dunning_tui.tui.widgets.notes import NotesInput

    settings, database = open_database(db_url)
    app = build_app(settings, database, today)
    frames: list[tuple[float, Any]] = []
    ids = debtor_samples(db_url, max(runs, 5))
    opened: list[float] = []
    keys: list[float] = []

    async def until(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
        end = time.perf_counter() + timeout
        while not predicate():
            if time.perf_counter() > end:
                raise TimeoutError("the app did not get there in time")
            await asyncio.sleep(0.0005)

    def frame_after(t0: float, shows: Callable[[], bool]) -> Callable[[], bool]:
        def check() -> bool:
            return any(ts >= t0 and seen for ts, seen in frames)

        # Each frame records whether, when it was drawn, the screen already had the result.
        probe.append(shows)
        return check

    probe: list[Callable[[], bool]] = []

    async def scenario() -> None:
        async with app.run_test(headless=True, size=SIZE) as pilot:
            real_display = app._display

            def display(screen: Any, update: Any) -> None:
                real_display(screen, update)
                frames.append((time.perf_counter(), bool(probe) and probe[-1]()))

            app._display = display  # type: ignore[method-assign,assignment]
            await until(lambda: app.followed_up and bool(app.screen.query(DataTable)))
            await app.workers.wait_for_complete()
            await pilot.pause()
            # Debtor file: from the request to the first frame with the brief filled in.
            for n in range(runs + 1):
                frames.clear()
                t0 = time.perf_counter()
                app.open_debtor(ids[n % len(ids)])
                await until(
                    frame_after(
                        t0, lambda: isinstance(app.screen, DebtorScreen) and app.screen.file is not None
                    )
                )
                if n:
                    opened.append(next(ts for ts, seen in frames if seen) - t0)
                probe.clear()
                app.pop_screen()  # the queue reloads on resume: let it finish
                await pilot.pause()
                await app.workers.wait_for_complete()
                await pilot.pause()
            # Keystroke in the notes: from the key to the first frame whose notes show it.
            file = app.services.debtor_file(ids[0])
            app.push_screen(CallScreen(file, Objective(today + timedelta(days=7))))
            await until(lambda: isinstance(app.screen, CallScreen) and app.screen.node is not None)
            await pilot.pause(0.2)
            notes = app.screen.query_one(NotesInput)
            for n in range(runs * 4 + 2):
                char = "abcdefghijklmnopqrstuvwxyz"[n % 26]
                before = notes.value
                frames.clear()
                t0 = time.perf_counter()
                shown = frame_after(t0, lambda: notes.value == before + char)  # noqa: B023
                await pilot.press(char)
                await until(shown)
                if n >= 2:
                    keys.append(next(ts for ts, seen in frames if seen) - t0)
                probe.clear()
                await asyncio.sleep(0.03)
            app.open_call_id = None
            app.exit()

    try:
        asyncio.run(scenario())
        return opened, keys
    finally:
        database.close()


# -- calling as a team ------------------------------------------------------------------------------


def percentile(samples: list[float], pct: int) -> float:
    return (
        statistics.quantiles(samples, n=100, method="inclusive")[pct - 1] if len(samples) > 1 else samples[0]
    )


def bench_claims(db_url: str, claims: int) -> list[float]:
    """Claiming a debtor, one write transaction each (committed, on SQLite with its fsync)."""
    from dunning_tui.store.claims import claim, release
    from dunning_tui.store.database import Database

    database = Database.open(db_url)
    try:
        with database.session() as session:
            ids = list(session.scalars(select_debtor_ids().limit(claims)))
        samples = []
        for n in range(claims + 20):
            debtor_id = ids[n % len(ids)]
            t0 = time.perf_counter()
            with database.session(write=True, durable=False) as session:  # as the app claims
                claim(session, debtor_id, "Marie", "bench", SYSTEM.now())
            if n >= 20:  # the first ones warm the caches
                samples.append(time.perf_counter() - t0)
            with database.session(write=True) as session:  # the call ends (not timed)
                release(session, debtor_id, "bench")
        return samples
    finally:
        database.close()


def select_debtor_ids() -> Any:
    from sqlalchemy import select

    from dunning_tui.store import tables as t

    return select(t.Debtor.id).order_by(t.Debtor.id)


def bench_appearance(db_url: str, rounds: int) -> list[float]:
    """A colleague saves an outcome: seconds from its commit until this app's queue page is reloaded.

    This app waits on the change feed (NOTIFY on PostgreSQL, the counter polled every half second on
    SQLite) in a thread, as the app's watcher does, and reloads its queue page when told.
    """
    import queue as queue_module
    import random
    import threading

    from dunning_tui.domain.enums import Outcome
    from dunning_tui.domain.outcome import Objective, OutcomeInput
    from dunning_tui.services import Services
    from dunning_tui.settings import Settings
    from dunning_tui.store.calls import save_outcome, start_claimed_call
    from dunning_tui.store.changes import announce
    from dunning_tui.store.claims import release
    from dunning_tui.store.database import Database
    from dunning_tui.store.queue_types import QueueFilter

    today = SYSTEM.today()
    colleague, mine = Database.open(db_url), Database.open(db_url)
    services = Services(mine, Settings(caller="Marie", db=db_url), SYSTEM)
    watcher = services.change_watcher()
    #: (when the change was noticed, when the queue page had been read again)
    reloaded: queue_module.Queue[tuple[float, float]] = queue_module.Queue()
    stop = threading.Event()

    def watch() -> None:  # as the app's watching thread, then the queue screen's reload
        while not stop.is_set():
            if watcher.wait():
                noticed = time.perf_counter()
                services.page_figures(today, services.queue_page(today, QueueFilter(), 0, 50))
                reloaded.put((noticed, time.perf_counter()))

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    samples = []
    try:
        with colleague.session() as session:
            ids = list(session.scalars(select_debtor_ids().limit(rounds)))
        time.sleep(0.3)  # the watcher is listening
        for debtor_id in ids:
            with colleague.session(write=True) as session:
                call_id = start_claimed_call(
                    session,
                    debtor_id,
                    Objective(today + timedelta(days=7)),
                    SYSTEM.now(),
                    caller="Paul",
                    token="paul",
                )
                announce(session)
            time.sleep(0.6 + random.random() * 0.5)  # the call; its start reaches this app meanwhile
            with colleague.session(write=True) as session:
                outcome = OutcomeInput(kind=Outcome.NO_ANSWER)
                save_outcome(session, call_id, outcome, "00:10 no answer", "[]", SYSTEM.now())
                release(session, debtor_id, "paul")
                announce(session)
            committed = time.perf_counter()
            noticed, shown = reloaded.get(timeout=10)
            while noticed < committed:  # a reload for the call's start, not for its outcome
                noticed, shown = reloaded.get(timeout=10)
            samples.append(shown - committed)
        return samples
    finally:
        stop.set()
        watcher.close()
        thread.join(timeout=5)
        colleague.close()
        mine.close()


def team_book(db_url: str, debtors: int) -> None:
    from dunning_tui.store.database import Database
    from dunning_tui.store.demo import load_demo

    database = Database.open(db_url)
    try:
        with database.session() as session:
            load_demo(session, debtors=debtors, today=SYSTEM.today(), invoices_per_debtor=2)
        database.analyze()
    finally:
        database.close()


def postgres_for_bench() -> tuple[Any, str] | None:
    """A throwaway PostgreSQL server on loopback (as the tests start one), durable like a real one."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.pg import find_bindir, start_server

    if find_bindir() is None:
        return None
    server = start_server()
    import psycopg

    with psycopg.connect(server.conninfo(), autocommit=True) as conn:
        # The test server runs without fsync; a team's server does not.
        conn.execute("ALTER SYSTEM SET fsync = on")
        conn.execute("ALTER SYSTEM SET synchronous_commit = on")
        conn.execute("SELECT pg_reload_conf()")
    return server, server.url(server.create_database())


def bench_team(tmp: Path, claims: int, rounds: int) -> list[Row]:
    rows: list[Row] = []
    backends: list[tuple[str, str, float]] = [("SQLite", f"sqlite:///{tmp / 'team.sqlite3'}", 0.002)]
    print("PostgreSQL on loopback …", flush=True)
    found = postgres_for_bench()
    if found is None:
        print("PostgreSQL: skipped, no server binaries (initdb, pg_ctl, postgres) on this machine.")
    else:
        backends.append(("PostgreSQL, loopback", found[1], 0.005))
    try:
        for name, url, target in backends:
            print(f"Claims and a colleague's outcome on {name} …", flush=True)
            team_book(url, max(claims, rounds, 10))
            samples = bench_claims(url, claims)
            rows.append(Row(f"claim a debtor, {name}, p50 of {claims}", [percentile(samples, 50)]))
            rows.append(
                Row(
                    f"claim a debtor, {name}, p99 of {claims}",
                    [percentile(samples, 99)],
                    target=target,
                    target_text=f"≤ {target * 1000:.0f} ms",
                )
            )
            seen = bench_appearance(url, rounds)
            row = Row(
                f"colleague's outcome in my queue, {name}",
                seen,
                target=1.0,
                target_text="≤ 1 s",
                note=f"commit → queue page reloaded, {len(seen)} outcomes; the worst is the range's top",
            )
            rows.append(row)
    finally:
        if found is not None:
            found[0].stop()
    return rows


def bench_einvoice_import(
    tmp: Path, env: dict[str, str], log: Path, count: int, scale: str, today: date, runs: int
) -> list[Row]:
    """``dunning import`` of generated e-invoices into fresh copies of the book, then a re-import."""
    import bench_einvoices

    print(f"Generating {count} e-invoices (half UBL, half Factur-X PDFs) …", flush=True)
    folder = tmp / "einvoices"
    bench_einvoices.generate(folder, count, tmp / "bench.sqlite3", today)
    bench_einvoices.config_with_seller(tmp / "config.toml")
    pdfs = len(list(folder.glob("*.pdf")))
    print("Importing them …", flush=True)
    label = f"e-invoice import: {count:,} files ({count - pdfs} UBL, {pdfs} Factur-X) into {scale}"
    first = Row(label, unit="s", seconds=True, target=10, target_text="≤ 10 s")
    memory = Row("e-invoice import, peak RSS", unit="MiB", target=200, target_text="≤ 200 MiB")
    again = Row("e-invoice re-import (nothing changes)", unit="s", seconds=True)
    for _ in range(max(1, runs // 2)):
        copy = fresh_copy(tmp / "bench.sqlite3", tmp / "einvoices.sqlite3")
        elapsed, peak, output = bench_einvoices.run_import(folder, copy, env, log)
        first.samples.append(elapsed)
        memory.samples.append(peak)
        first.note = "wall time of `dunning import FOLDER` from spawn, a fresh copy of the book each run"
        elapsed, _peak, output = bench_einvoices.run_import(folder, copy, env, log)
        if "nothing changed." not in output:
            raise RuntimeError(f"a re-import of the same e-invoices changed the book: {output}")
        again.samples.append(elapsed)
    return [first, memory, again]


# -- main -----------------------------------------------------------------------------------------------


def write_rows(db_url: str, today: date, runs: int) -> list[Row]:
    """Saving notes and an outcome on the main book."""
    saves, commits = bench_outcome(db_url, today, runs * 2)
    return [
        Row("save_draft (one notes write, WAL, FULL)", bench_save_draft(db_url, today, runs * 4)),
        Row("save an outcome (one transaction)", saves, target=0.002, target_text="≤ 2 ms"),
        Row("  of which the COMMIT (WAL + fsync, FULL)", commits),
    ]


def report_rows(tmp: Path, debtors: int, invoices_per_debtor: int, today: date, runs: int) -> list[Row]:
    """The report on its own book: ``dunning demo --history`` at the main book's scale."""
    rows: list[Row] = []
    print("The report, on a book with a year of calls …", flush=True)
    report_url = f"sqlite:///{tmp / 'report.sqlite3'}"
    report_env = isolated_env(tmp, report_url)
    # About as many invoices as the main book, one or two of each debtor's chased along the scripts.
    report_per_debtor = max(2, invoices_per_debtor - 1)
    built_report = build_demo(report_env, report_url, debtors, report_per_debtor, today, history=True)
    settle(report_url, today)
    whole, page_payers, n_calls, n_invoices, parts = bench_report(report_url, today, runs)
    rows.append(
        Row(
            f"report book: build (dunning demo --history, {n_invoices:,} invoices, {n_calls:,} calls)",
            [built_report],
            unit="s",
            seconds=True,
        )
    )
    whole_row = Row("report: whole, a year of calls", whole, target=0.3, target_text="≤ 300 ms")
    whole_row.note = (
        f"{n_calls:,} calls, {n_invoices:,} invoices; ageing at 7 dates, payers of every debtor called"
    )
    rows.append(whole_row)
    rows += [Row(f"  of which {part}", samples) for part, samples in parts.items()]
    rows.append(Row("report: payer figures of a queue page", page_payers, target=0.05, target_text="≤ 50 ms"))
    rows.append(Row("load average (1 min) after the report rows", [os.getloadavg()[0]], unit=""))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--debtors", type=int, default=10000)
    parser.add_argument("--invoices-per-debtor", type=int, default=10)
    parser.add_argument("--large", action="store_true", help="also time the queue at 1,000,000 invoices")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count the instructions of each start-up up to its first frame (valgrind)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory (its path is printed)"
    )
    parser.add_argument(
        "--team",
        action="store_true",
        help="only the team figures: claim latency (SQLite, PostgreSQL) and a colleague's outcome's delay",
    )
    parser.add_argument("--claims", type=int, default=1000, help="claims timed with --team")
    parser.add_argument(
        "--only",
        choices=("report", "writes"),
        help="only the report rows (on their own book), or only saving notes and an outcome",
    )
    parser.add_argument(
        "--einvoices",
        type=int,
        default=1000,
        help="import this many generated e-invoices (half UBL, half Factur-X) into the book; 0: skip",
    )
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    today = SYSTEM.today()

    tmp = Path(tempfile.mkdtemp(prefix="dunning-bench-"))
    db_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    env = isolated_env(tmp, db_url)
    # This process too reads only the temporary config and data directories.
    for key in [k for k in os.environ if k.startswith("DUNNING_")]:
        del os.environ[key]
    os.environ.update({k: v for k, v in env.items() if k.startswith(("DUNNING_", "XDG_", "HOME"))})
    tui_driver = write_driver(tmp, "tui_driver", TUI_DRIVER)
    bare_driver = write_driver(tmp, "bare_driver", BARE_DRIVER)
    log = tmp / "driver-stderr.log"
    python = sys.executable

    if args.team:
        try:
            rows = bench_team(tmp, max(2, args.claims), max(2, runs * 2))
            print_table(
                f"dunning bench — calling as a team, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs",
                rows,
            )
            return 0
        finally:
            if not args.keep:
                import shutil

                shutil.rmtree(tmp, ignore_errors=True)
    if args.only:
        try:
            title = f"dunning bench — {args.only}, {args.debtors} debtors, {runs} runs, {os.cpu_count()} CPUs"
            if args.only == "report":
                only_rows = report_rows(tmp, args.debtors, args.invoices_per_debtor, today, runs)
            else:
                build_demo(env, db_url, args.debtors, args.invoices_per_debtor)
                settle(db_url, today)
                only_rows = write_rows(db_url, today, runs)
            print_table(title, only_rows)
            return 0
        finally:
            if not args.keep:
                import shutil

                shutil.rmtree(tmp, ignore_errors=True)
    try:
        print(
            f"Building the demo database: {args.debtors} debtors × {args.invoices_per_debtor} invoices …",
            flush=True,
        )
        built = build_demo(env, db_url, args.debtors, args.invoices_per_debtor)
        invoices = settle(db_url, today)
        scale = f"{invoices:,} invoices"
        print("The same book as yesterday's session left it …", flush=True)
        yesterday_book = left_by_yesterday(env, tmp, "bench", args.debtors, args.invoices_per_debtor, today)
        rows: list[Row] = []
        rows.append(Row(f"build demo db (dunning demo, {scale})", [built], unit="s", seconds=True))

        print("Start-up (subprocesses) …", flush=True)
        bare = Row("bare Textual app, first frame")
        help_row = Row("dunning --help", relative_to=bare, target=0.5, target_text="≤ 0.5× bare")
        first = Row(
            f"TUI first frame with the queue ({scale})",
            relative_to=bare,
            target=1.5,
            target_text="≤ 1.5× bare",
        )
        new_day = Row(
            "TUI first frame, first start of a day",
            relative_to=bare,
            target=1.5,
            target_text="≤ 1.5× bare",
        )
        settings_floor = Row(
            "floor: bare Textual app after reading the settings (pydantic-settings), first frame",
            relative_to=bare,
            note="nothing of the book is read: the least any first frame costs with these settings",
        )
        settings_floor_driver = write_driver(tmp, "settings_floor_driver", SETTINGS_FLOOR_DRIVER)
        settled = Row("TUI queue after follow-up refresh")
        memory = Row(f"TUI peak RSS ({scale})", unit="MiB", target=100, target_text="≤ 100 MiB")
        run_start([python, str(bare_driver)], env, log)  # warm the OS caches
        run_start([python, str(tui_driver)], env, log)
        run_help(env)
        bare_memory = Row("bare Textual app, peak RSS", unit="MiB")
        for _ in range(runs):
            bare_start = run_start([python, str(bare_driver)], env, log)
            bare.samples.append(bare_start.first)
            bare_memory.samples.append(bare_start.maxrss_mib)
            help_row.samples.append(run_help(env))
            settings_floor.samples.append(run_start([python, str(settings_floor_driver)], env, log).first)
            start = run_start([python, str(tui_driver)], env, log)
            first.samples.append(start.first)
            if start.settled is not None:
                settled.samples.append(start.settled)
            memory.samples.append(start.maxrss_mib)
            first.note = f"headless {SIZE[0]}×{SIZE[1]}, {start.detail}"
            day_url = fresh_copy(yesterday_book, tmp / "new-day.sqlite3")
            new_day.samples.append(
                run_start([python, str(tui_driver)], {**env, "DUNNING_DB": day_url}, log).first
            )
        rows += [bare, help_row, settings_floor, first, new_day, settled, memory, bare_memory]
        print("First key acted on (subprocesses) …", flush=True)
        key_driver = write_driver(tmp, "key_driver", KEY_DRIVER)
        bare_key_driver = write_driver(tmp, "bare_key_driver", BARE_KEY_DRIVER)
        bare_key = Row("bare Textual app, key pressed at the first frame acted on")
        first_key = Row(
            f"TUI first key acted on: c at the first frame → call screen ({scale})",
            relative_to=bare_key,
            target=2.0,
            target_text="≤ 2× bare",
        )
        key_floor = Row(
            "floor: bare key app after the settings, SQLAlchemy's ORM imported on the key",
            relative_to=bare_key,
            note="nothing is mapped or read: the least any call screen costs with these settings and the ORM",
        )
        key_floor_driver = write_driver(tmp, "key_floor_driver", KEY_FLOOR_DRIVER)
        lost = Row("  presses lost before the call screen", unit="presses", target=0, target_text="0")
        settled_key = Row(
            f"TUI c pressed {SETTLED_PRESS:g} s after the queue screen mounts → call screen, from the press"
        )
        # Each run on a copy of the book: a run leaves its call open, and the next start would offer
        # to resume it.
        sqlite_write(db_url, "PRAGMA wal_checkpoint(TRUNCATE)")
        book = Path(db_url.removeprefix("sqlite:///"))
        key_env = {**env, "DUNNING_DB": fresh_copy(book, tmp / "key.sqlite3")}
        run_key([python, str(key_driver)], key_env, log)  # warm
        for _ in range(runs):
            bare_key.samples.append(run_key([python, str(bare_key_driver)], env, log)[0])
            key_floor.samples.append(run_key([python, str(key_floor_driver)], env, log)[0])
            key_env["DUNNING_DB"] = fresh_copy(book, tmp / "key.sqlite3")
            acted, presses_lost, _ = run_key([python, str(key_driver)], key_env, log)
            first_key.samples.append(acted)
            lost.samples.append(presses_lost)
            key_env["DUNNING_DB"] = fresh_copy(book, tmp / "key.sqlite3")
            late_env = {**key_env, "BENCH_PRESS_AFTER": str(SETTLED_PRESS)}
            since_press = run_key([python, str(key_driver)], late_env, log)[2]
            if since_press is not None:
                settled_key.samples.append(since_press / 1000)
        rows += [bare_key, key_floor, first_key, lost, settled_key]
        if args.instructions:
            print("Instructions to the first frame (valgrind) …", flush=True)
            unit = "M instr."
            bare_count = Row("bare Textual app, instructions to first frame", unit=unit)
            bare_count.samples.append(count_instructions([python, str(bare_driver)], env) / 1e6)
            tui_count = Row(
                "TUI instructions to first frame",
                unit=unit,
                relative_to=bare_count,
                target=1.5,
                target_text="≤ 1.5× bare",
            )
            tui_count.samples.append(count_instructions([python, str(tui_driver)], env) / 1e6)
            rows += [bare_count, tui_count]

        print("Queue, debtor file, outcome (in process) …", flush=True)
        queue_samples, entries = bench_queue(db_url, today, runs * 4)
        queue_row = Row(
            f"queue query, load_queue ({scale})", queue_samples, target=0.015, target_text="≤ 15 ms"
        )
        queue_row.note = f"{entries} debtors in the queue; warm, ORM, one session per query"
        rows.append(queue_row)
        touched, _ = bench_queue(db_url, today, runs * 4, lambda i: touch_one_debtor(db_url, i))
        rows.append(
            Row("queue query after a write to one debtor", touched, target=0.015, target_text="≤ 15 ms")
        )
        next_day = bench_first_of_day(yesterday_book, tmp / "new-day.sqlite3", today, runs * 2)
        rows.append(Row("queue query, first of a new day", next_day, target=0.015, target_text="≤ 15 ms"))
        rebuilt, _ = bench_queue(db_url, today, runs, lambda _i: forget_queue_table(db_url))
        rows.append(Row("queue table built from scratch (once, after the upgrade)", rebuilt))
        query_only, with_render = bench_debtor_file(db_url, today, runs * 4)
        rows.append(Row("debtor file: load_debtor_file", query_only))
        rows.append(
            Row("debtor file: query + brief rendered", with_render, target=0.016, target_text="≤ 16 ms")
        )
        rows += write_rows(db_url, today, runs)
        rows += report_rows(tmp, args.debtors, args.invoices_per_debtor, today, runs)
        print("Debtor file and keystroke in the app (Pilot) …", flush=True)
        opened, keys = bench_pilot(db_url, today, runs)
        rows.append(
            Row(
                "debtor file: request → frame shows it",
                opened,
                note="includes the worker thread hop and frame pacing (60 fps)",
            )
        )
        key_row = Row("keystroke in notes → frame shows it", keys, target=0.016, target_text="≤ 16 ms")
        key_row.note = "includes frame pacing: Textual paints dirty screens at most every 1/60 s"
        rows.append(key_row)

        if args.einvoices > 0:
            rows += bench_einvoice_import(tmp, env, log, args.einvoices, scale, today, runs)

        if args.large:
            large_url = f"sqlite:///{tmp / 'large.sqlite3'}"
            large_env = isolated_env(tmp, large_url)
            debtors = 1_000_000 // args.invoices_per_debtor
            print(
                f"Building the large database: {debtors} debtors × {args.invoices_per_debtor} invoices …",
                flush=True,
            )
            built_large = build_demo(large_env, large_url, debtors, args.invoices_per_debtor)
            large_invoices = settle(large_url, today)
            rows.append(
                Row(f"build demo db ({large_invoices:,} invoices)", [built_large], unit="s", seconds=True)
            )
            large_samples, large_entries = bench_queue(large_url, today, runs * 2)
            large_row = Row(
                f"queue query, load_queue ({large_invoices:,} invoices)",
                large_samples,
                target=0.1,
                target_text="≤ 100 ms",
            )
            large_row.note = f"{large_entries} debtors in the queue"
            rows.append(large_row)
            touched, _ = bench_queue(large_url, today, runs * 2, lambda i: touch_one_debtor(large_url, i))
            rows.append(
                Row(
                    f"queue query after a write to one debtor ({large_invoices:,} invoices)",
                    touched,
                    target=0.1,
                    target_text="≤ 100 ms",
                )
            )
            large_yesterday = left_by_yesterday(
                large_env, tmp, "large", debtors, args.invoices_per_debtor, today
            )
            next_day = bench_first_of_day(large_yesterday, tmp / "new-day.sqlite3", today, runs)
            rows.append(
                Row(
                    f"queue query, first of a new day ({large_invoices:,} invoices)",
                    next_day,
                    target=0.1,
                    target_text="≤ 100 ms",
                )
            )
            rebuilt, _ = bench_queue(large_url, today, 2, lambda _i: forget_queue_table(large_url))
            rows.append(Row(f"queue table built from scratch ({large_invoices:,} invoices)", rebuilt))

        print_table(
            f"dunning bench — {args.debtors} debtors × {args.invoices_per_debtor} invoices, {runs} runs, "
            f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs",
            rows,
        )
        return 0
    finally:
        if args.keep:
            print(f"\nKept: {tmp}")
        else:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
