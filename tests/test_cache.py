"""The build cache: processed documents kept in one SQLite file, lost without harm."""

from __future__ import annotations

from pathlib import Path

from archive.cache import DOCS_DB, OLD_DOCS, BuildCache, pack_document


def stored(folder: Path, items: dict[str, tuple[list[object], object, list[object]]]) -> BuildCache:
    cache = BuildCache(folder)
    for key, (reports, cleaned, prints) in items.items():
        cache.put_document(key, pack_document(reports, cleaned, prints))
    cache.close()
    return cache


def test_documents_are_remembered_between_builds(tmp_path: Path) -> None:
    stored(tmp_path, {"a": (["r1", "r2"], {"changes": [1]}, [{"text": "x"}]), "b": ([], None, [])})
    again = BuildCache(tmp_path)
    assert again.load_document("a") == (["r1", "r2"], {"changes": [1]}, [{"text": "x"}])
    assert again.load_document("b") == ([], None, [])
    assert again.load_document("c") is None
    assert [p.name for p in tmp_path.iterdir()] == [DOCS_DB]


def test_prune_forgets_the_documents_a_build_did_not_see(tmp_path: Path) -> None:
    stored(tmp_path, {"a": (["r"], None, []), "b": (["s"], None, []), "c": (["t"], None, [])})
    build = BuildCache(tmp_path)
    assert build.load_document("a") is not None
    build.put_document("d", pack_document(["u"], None, []))
    assert build.prune_documents() == 2  # b and c
    build.close()
    later = BuildCache(tmp_path)
    assert [k for k in "abcd" if later.load_document(k) is not None] == ["a", "d"]


def test_documents_are_written_in_batches_not_held(tmp_path: Path, monkeypatch) -> None:
    import archive.cache

    monkeypatch.setattr(archive.cache, "PENDING_BYTES", 100)
    cache = BuildCache(tmp_path)
    cache.put_document("a", pack_document(["x" * 200], None, []))
    assert BuildCache(tmp_path).load_document("a") == (["x" * 200], None, [])  # written before close
    cache.close()


def test_a_damaged_cache_is_a_cache_miss_and_is_replaced(tmp_path: Path) -> None:
    (tmp_path / DOCS_DB).write_bytes(b"not a database at all" * 100)
    cache = BuildCache(tmp_path)
    assert cache.load_document("a") is None
    cache.put_document("a", pack_document(["r"], None, []))
    cache.close()
    assert BuildCache(tmp_path).load_document("a") == (["r"], None, [])


def test_a_damaged_record_is_a_cache_miss(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.put_document("a", b"\x80\x05garbage")
    cache.close()
    assert BuildCache(tmp_path).load_document("a") is None


def test_the_old_one_file_per_document_cache_is_removed(tmp_path: Path) -> None:
    old = tmp_path / OLD_DOCS / "ab"
    old.mkdir(parents=True)
    (old / "abcd.pickle").write_bytes(b"old")
    cache = BuildCache(tmp_path)
    assert cache.load_document("abcd") is None
    assert not (tmp_path / OLD_DOCS).exists()
