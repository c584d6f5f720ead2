"""Running the same store work in several processes at once, each pausing after its first read.

Every process opens the book, waits for the others at a barrier, then runs ``work(database)``;
right after its first SELECT it sleeps, so that without one atomic step every process would read
the same state before any of them writes. ``work`` returns a word saying what happened; a
``UserError`` comes back as ``refused: <sentence>``, anything else as ``error: ...``.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import event

from dunning_tui.store.database import Database

WINDOW_S = 0.3


def _run(url: str, work: Callable[[Database], str], barrier: Any, results: Any) -> None:
    try:
        from dunning_tui.errors import UserError

        database = Database.open(url, migrate=False)
        slept = False

        def widen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            nonlocal slept
            if not slept and statement.lstrip().upper().startswith("SELECT"):
                slept = True
                time.sleep(WINDOW_S)

        event.listen(database.engine, "after_cursor_execute", widen)
        barrier.wait(timeout=60)
        try:
            results.put(work(database))
        except UserError as exc:
            results.put(f"refused: {exc}")
        finally:
            database.close()
    except BaseException as exc:  # reported to the test, which fails with it
        results.put(f"error: {type(exc).__name__}: {exc}")


def race(url: str, work: Callable[[Database], str] | Sequence[Callable[[Database], str]]) -> list[str]:
    """What each process reported, sorted (``paid`` < ``refused: ...``).

    One process per item of ``work``, or four running the same ``work``."""
    works = [work] * 4 if callable(work) else list(work)
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(len(works))
    results = ctx.Queue()
    workers = [ctx.Process(target=_run, args=(url, w, barrier, results)) for w in works]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=90) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    return sorted(outcomes)
