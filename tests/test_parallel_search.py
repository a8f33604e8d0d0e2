"""Search shards indexed side by side: every shard gets its own bundle, a failing one is named alone."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from archive import search
from archive.model import Report
from archive.render import date_label


def _report(rid: str, year: str) -> Report:
    return Report(
        id=rid,
        source=f"{rid}.txt",
        title=f"{year}年工作报告",
        agency="省工业和信息化厅",
        agencies=("省工业和信息化厅",),
        date=f"{year}-05-01",
        date_precision="day",
        body=f"{year}年全省工业运行总体平稳。",
        text=f"{year}年全省工业运行总体平稳。",
    )


def test_shards_run_at_once_and_errors_stay_with_their_shard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHIVE_JOBS", "2")
    threads: set[str] = set()
    both_started = threading.Barrier(2, timeout=10)

    def fake_pagefind(shadow: Path, bundle: Path) -> None:
        threads.add(threading.current_thread().name)
        both_started.wait()  # only returns when the two shards are indexed at the same time
        pages = sorted(p.relative_to(shadow).as_posix() for p in shadow.rglob("index.html"))
        if "2021" in bundle.name:
            raise search.SearchIndexError("pagefind failed (1): broken shard")
        bundle.mkdir(parents=True)
        (bundle / "pages.txt").write_text("\n".join(pages), encoding="utf-8")

    monkeypatch.setattr(search, "run_pagefind", fake_pagefind)
    shards = [([_report("aaaa", "2020")], tmp_path / "b2020"), ([_report("bbbb", "2021")], tmp_path / "b2021")]
    errors = search.build_indexes(shards, tmp_path, date_label)
    assert errors == [None, "pagefind failed (1): broken shard"]
    assert len(threads) == 2
    assert (tmp_path / "b2020" / "pages.txt").read_text(encoding="utf-8").count("index.html") == 1
    assert not (tmp_path / "b2021").exists()
    assert (tmp_path / "search" / search.T2S_FILE).exists()


def test_each_shadow_tree_is_deleted_as_soon_as_its_shard_is_indexed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHIVE_JOBS", "2")
    monkeypatch.setattr(search, "SCRATCH_CANDIDATES", (str(tmp_path / "scratch"),))
    (tmp_path / "scratch").mkdir()
    trees: dict[str, Path] = {}
    first_gone = threading.Event()

    def fake_pagefind(shadow: Path, bundle: Path) -> None:
        trees[bundle.name] = shadow
        assert shadow.is_relative_to(tmp_path / "scratch")  # written in the memory-backed folder
        if bundle.name == "b2021":  # still indexing while the other shard's tree goes away
            for _ in range(500):
                if "b2020" in trees and not trees["b2020"].exists():
                    first_gone.set()
                    break
                threading.Event().wait(0.01)
        bundle.mkdir(parents=True)

    monkeypatch.setattr(search, "run_pagefind", fake_pagefind)
    shards = [([_report("aaaa", "2020")], tmp_path / "b2020"), ([_report("bbbb", "2021")], tmp_path / "b2021")]
    assert search.build_indexes(shards, tmp_path, date_label) == [None, None]
    assert first_gone.is_set()
    assert not any((tmp_path / "scratch").iterdir())


def test_scratch_folder_is_memory_backed_only_with_room_to_spare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SCRATCH_CANDIDATES", (str(tmp_path / "missing"), str(tmp_path)))
    assert search.scratch_folder(1000) == str(tmp_path)
    assert search.scratch_folder(10**18) is None  # too big: the system's temporary folder
    monkeypatch.setattr(search, "SCRATCH_CANDIDATES", (str(tmp_path / "missing"),))
    assert search.scratch_folder(1000) is None


def test_the_largest_shards_are_indexed_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHIVE_JOBS", "1")  # one run at a time: the order shows
    order: list[str] = []

    def fake_pagefind(shadow: Path, bundle: Path) -> None:
        order.append(bundle.name)
        bundle.mkdir(parents=True)

    monkeypatch.setattr(search, "run_pagefind", fake_pagefind)
    sizes = {"b2019": 1, "b2020": 3, "b2021": 2}
    shards = [([_report(f"{name}{i}", name[1:]) for i in range(n)], tmp_path / name) for name, n in sizes.items()]
    assert search.build_indexes(shards, tmp_path, date_label) == [None, None, None]
    assert order == ["b2020", "b2021", "b2019"]


def test_one_shard_is_indexed_at_a_time_until_the_caller_widens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # while the caller renders pages beside Pagefind, two runs at once would double the build's memory peak
    monkeypatch.setenv("ARCHIVE_JOBS", "2")
    started: list[str] = []
    release = threading.Event()

    def fake_pagefind(shadow: Path, bundle: Path) -> None:
        started.append(bundle.name)
        release.wait(10)
        bundle.mkdir(parents=True)

    monkeypatch.setattr(search, "run_pagefind", fake_pagefind)
    shards = [([_report("aaaa", "2020")], tmp_path / "b2020"), ([_report("bbbb", "2021")], tmp_path / "b2021")]
    runs = search.start_indexes(shards, tmp_path, date_label)
    threading.Event().wait(0.5)
    assert len(started) == 1  # the second waits for a slot
    runs.widen()
    for _ in range(100):
        if len(started) == 2:
            break
        threading.Event().wait(0.05)
    assert len(started) == 2  # both at once: the first is still running
    release.set()
    assert runs.wait() == [None, None]
