"""Spread independent per-document work over the machine's cores, keeping input order.

The pipeline hands in a top-level function and a list of argument tuples; the
results come back in the same order as the inputs, so a parallel build writes
exactly what a serial one does. Workers are forked, so they start with the
parent's loaded modules and caches (data files, compiled patterns) and pay
nothing to load them again. ARCHIVE_JOBS=N sets the number of workers
(1 = serial, in this process); the default is every core the process may use.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

MIN_PER_WORKER = 8
"""Below this many items per worker, the pool costs more than it saves."""


class JobsError(ValueError):
    """ARCHIVE_JOBS is not a positive whole number."""


def job_slots() -> int:
    """How many things to run at once: ARCHIVE_JOBS, or every core the process may use."""
    raw = os.environ.get("ARCHIVE_JOBS", "").strip()
    if raw:
        if not raw.isdigit() or int(raw) < 1:
            raise JobsError(f"ARCHIVE_JOBS must be a whole number of at least 1, not {raw!r}")
        return int(raw)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def worker_count(items: int) -> int:
    """How many worker processes to use for ITEMS pieces of work (1 means serial)."""
    return max(1, min(job_slots(), items // MIN_PER_WORKER))


def _call(job: tuple[Callable[..., T], tuple[Any, ...]]) -> T:
    """Run one job in a worker."""
    func, args = job
    return func(*args)


def ordered_map(func: Callable[..., T], arglists: Sequence[tuple[Any, ...]]) -> list[T]:
    """Return [func(*args) for args in arglists], computed on several cores when it pays."""
    workers = worker_count(len(arglists))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [func(*args) for args in arglists]
    chunk = max(1, min(64, len(arglists) // (workers * 8)))
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        return pool.map(_call, [(func, args) for args in arglists], chunksize=chunk)


def ordered_imap(func: Callable[..., T], arglists: Sequence[tuple[Any, ...]]) -> Iterator[T]:
    """Yield func(*args) for each of arglists, in order, as soon as each is done.

    The caller works on the first results while the workers compute the rest, so serial work
    in this process (assigning ids, say) overlaps the parallel work instead of following it.
    """
    workers = worker_count(len(arglists))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for args in arglists:
            yield func(*args)
        return
    chunk = max(1, min(16, len(arglists) // (workers * 16)))
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        yield from pool.imap(_call, [(func, args) for args in arglists], chunksize=chunk)
