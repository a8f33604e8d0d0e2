"""Spread independent per-document work over the machine's cores, keeping input order.

The pipeline hands in a top-level function and a list of argument tuples; the
results come back in the same order as the inputs, so a parallel build writes
exactly what a serial one does. Workers are forked, so they start with the
parent's loaded modules and caches (data files, compiled patterns) and pay
nothing to load them again; they find the work itself in that inherited memory
too and are sent only its position, so the parent never pickles the arguments
(reports, documents) it hands out. ARCHIVE_JOBS=N sets the number of workers
(1 = serial, in this process); the default is every core the process may use.
"""

from __future__ import annotations

import gc
import itertools
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


_WORK: dict[int, tuple[Callable[..., Any], Sequence[tuple[Any, ...]]]] = {}
"""The work of each open pool, by pool number: set before its workers fork, so they inherit it."""
_numbers = itertools.count()


def _call(job: tuple[int, int]) -> Any:
    """Run one job in a worker: the job's position in the work its pool inherited."""
    pool, i = job
    func, arglists = _WORK[pool]
    return func(*arglists[i])


def ordered_map(func: Callable[..., T], arglists: Sequence[tuple[Any, ...]]) -> list[T]:
    """Return [func(*args) for args in arglists], computed on several cores when it pays."""
    return list(ordered_imap(func, arglists, chunk_divisor=8, max_chunk=64))


def ordered_imap(func: Callable[..., T], arglists: Sequence[tuple[Any, ...]],
                 chunk_divisor: int = 16, max_chunk: int = 16) -> Iterator[T]:
    """Yield func(*args) for each of arglists, in order, as soon as each is done.

    The caller works on the first results while the workers compute the rest, so serial work
    in this process (assigning ids, say) overlaps the parallel work instead of following it.
    """
    workers = worker_count(len(arglists))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for args in arglists:
            yield func(*args)
        return
    chunk = max(1, min(max_chunk, len(arglists) // (workers * chunk_divisor)))
    number = next(_numbers)
    _WORK[number] = (func, arglists)
    # keep the garbage collector of the workers off the objects they inherit: its bookkeeping writes
    # to every object it looks at, which would copy each shared page into each worker
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_call, [(number, i) for i in range(len(arglists))], chunksize=chunk)
    finally:
        gc.unfreeze()
        del _WORK[number]
