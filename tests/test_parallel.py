"""A build spread over worker processes writes exactly what a serial build writes."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from archive import parallel
from archive.pipeline import BuildConfig, build

ROOT = Path(__file__).resolve().parent.parent


def _pid_and_square(x: int) -> tuple[int, int]:
    time.sleep(0.005)  # long enough that both workers take chunks
    return os.getpid(), x * x


def test_ordered_map_keeps_order_and_uses_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHIVE_JOBS", "2")
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)
    out = parallel.ordered_map(_pid_and_square, [(i,) for i in range(200)])
    assert [sq for _, sq in out] == [i * i for i in range(200)]
    pids = {pid for pid, _ in out}
    assert os.getpid() not in pids
    assert len(pids) == 2


def test_ordered_imap_streams_in_order_from_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHIVE_JOBS", "2")
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)
    stream = parallel.ordered_imap(_pid_and_square, [(i,) for i in range(200)])
    first = next(stream)
    assert first[1] == 0
    out = [first, *stream]
    assert [sq for _, sq in out] == [i * i for i in range(200)]
    assert len({pid for pid, _ in out}) == 2
    assert os.getpid() not in {pid for pid, _ in out}


def _pid_and_lock_state(lock: object, x: int) -> tuple[int, int]:
    time.sleep(0.005)
    return os.getpid(), x


def test_workers_find_their_arguments_without_pickling(monkeypatch: pytest.MonkeyPatch) -> None:
    # a lock cannot be pickled: the workers must take their arguments from the memory they forked with
    import threading

    monkeypatch.setenv("ARCHIVE_JOBS", "2")
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)
    lock = threading.Lock()
    out = parallel.ordered_map(_pid_and_lock_state, [(lock, i) for i in range(100)])
    assert [x for _, x in out] == list(range(100))
    assert len({pid for pid, _ in out}) == 2
    assert not parallel._WORK  # nothing is kept once the pool is done


def test_ordered_map_serial_when_one_job(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHIVE_JOBS", "1")
    out = parallel.ordered_map(_pid_and_square, [(i,) for i in range(50)])
    assert {pid for pid, _ in out} == {os.getpid()}


@pytest.mark.parametrize("value", ["0", "two", "-1"])
def test_bad_jobs_setting_is_named(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("ARCHIVE_JOBS", value)
    with pytest.raises(parallel.JobsError, match="ARCHIVE_JOBS"):
        parallel.worker_count(100)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_parallel_build_equals_serial_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    outputs = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("ARCHIVE_JOBS", jobs)
        config = BuildConfig(seeds, tmp_path / f"content{jobs}", tmp_path / f"site{jobs}", search=False)
        result = build(config)
        assert result.reports, "the samples must publish reports"
        outputs[jobs] = (_files(config.content), _files(config.out), [(n.source, n.level, n.message) for n in result.notices])
    assert outputs["1"][0] == outputs["2"][0]
    assert outputs["1"][1] == outputs["2"][1]
    assert outputs["1"][2] == outputs["2"][2]
