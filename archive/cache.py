"""Remember work between builds, keyed by content hashes, so a rebuild only redoes what changed.

The cache lives beside the output folder (site/ -> .site-cache/), is never published and
may be deleted at any time: a build without it does everything and gives the same bytes.
- docs.sqlite: the reports one raw file yielded (pickled), keyed by the hash of its bytes, its
  sidecar and the code and data files that turn raw text into reports. One SQLite file, not a
  file per raw file: a build of 10,000 reports created 5,000 pickles in 256 folders, and on a
  file system without a journal each new inode costs more the more were deleted lately.
- pages.json: for each file written into the site, the hash of everything it was made from.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
import sqlite3
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
PROCESSING = ("model.py", "ingest.py", "clean.py", "segment.py", "extract.py", "agencies.py", "dates.py", "search.py")
"""The modules whose code makes a raw file's reports (search.fold folds text for chrome and agency names)."""
VERSION = "3"
DOCS_DB = "docs.sqlite"
PENDING_BYTES = 16 * 1024 * 1024
"""Packed documents held before they are written: a build's memory should not grow with the archive."""
OLD_DOCS = "docs"
"""Where versions before 3 kept one pickle per raw file (deleted when found)."""


def digest(*parts: str | bytes) -> str:
    """Hash a sequence of strings and bytes into one hex key."""
    h = hashlib.sha256()
    for p in parts:
        data = p.encode("utf-8") if isinstance(p, str) else p
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def files_digest(paths: list[Path]) -> str:
    """Hash the names and bytes of some files, in sorted order."""
    ordered = sorted(paths)
    return digest(*(x for p in ordered for x in (p.name, p.read_bytes())))


def processing_version(glue: str = "") -> str:
    """Hash the code and data that turn a raw file into reports (plus the pipeline's glue code): a change re-processes everything."""
    data = sorted((PACKAGE / "data").glob("*"))
    return digest(files_digest([PACKAGE / name for name in PROCESSING] + [p for p in data if p.is_file()]), glue)


def cache_folder(out: Path) -> Path:
    """The cache folder that belongs to an output folder."""
    return out.parent / f".{out.name}-cache"


def pack_document(reports: list[Any], cleaned: Any, prints: list[Any]) -> bytes:
    """What the cache keeps of one raw file, as bytes (made in the worker that processed it: pickled once)."""
    return pickle.dumps((reports, cleaned, prints), protocol=pickle.HIGHEST_PROTOCOL)


def unpack_document(blob: bytes) -> tuple[list[Any], Any, list[Any]]:
    """The reports, cleaning record and fingerprints `pack_document` made bytes of."""
    reports, cleaned, prints = pickle.loads(blob)
    return list(reports), cleaned, list(prints)


def _open_docs(path: Path) -> sqlite3.Connection:
    """Open (or make) the documents database; raise sqlite3.DatabaseError when the file is not one of ours."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA synchronous = OFF")  # a lost or torn cache only costs a full build
        db.execute("PRAGMA journal_mode = MEMORY")
        db.execute("CREATE TABLE IF NOT EXISTS docs (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        db.execute("SELECT key FROM docs LIMIT 1").fetchall()
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


class BuildCache:
    """Reports per raw file and page keys of the previous build, read and written in one folder.

    Only the process that made it uses it (workers hand their packed documents back): an SQLite
    connection must not be shared across a fork.
    """

    def __init__(self, folder: Path, glue: str = ""):
        self.folder = folder
        self.version = processing_version(glue)
        self.used: set[str] = set()
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[str, bytes]] = []
        self._pending_bytes = 0
        self._absent = False
        """No database was found when one was looked for (and none has been made since)."""

    def document_key(self, sha256: str, supplied: dict[str, str]) -> str:
        """Key one raw file's processing by its bytes, its sidecar metadata and the code version."""
        return digest(VERSION, self.version, sha256, json.dumps(supplied, sort_keys=True, ensure_ascii=False))

    def _docs(self, create: bool) -> sqlite3.Connection | None:
        """The documents database, opened once; None when there is none yet and `create` is false
        (looked for once: a build without a cache asks for every raw file).

        A file that is not a database (or not ours) is replaced: the cache may always be lost.
        """
        if self._db is not None or (self._absent and not create):
            return self._db
        path = self.folder / DOCS_DB
        old = self.folder / OLD_DOCS
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        if not create and not path.exists():
            self._absent = True
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            self._db = _open_docs(path)
        except sqlite3.DatabaseError:
            path.unlink(missing_ok=True)
            self._db = _open_docs(path)
        return self._db

    def load_document(self, key: str) -> tuple[list[Any], Any, list[Any]] | None:
        """The reports, cleaning record and report fingerprints remembered for a key, or None when there are
        none (or they cannot be read)."""
        self.used.add(key)
        db = self._docs(create=False)
        if db is None:
            return None
        try:
            row = db.execute("SELECT value FROM docs WHERE key = ?", (key,)).fetchone()
            return None if row is None else unpack_document(row[0])
        except (sqlite3.DatabaseError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
            return None

    def put_document(self, key: str, blob: bytes) -> None:
        """Remember one raw file's packed processing (written by `commit`)."""
        self.used.add(key)
        self._pending.append((key, blob))
        self._pending_bytes += len(blob)
        if self._pending_bytes > PENDING_BYTES:
            self.commit()

    def commit(self) -> None:
        """Write the documents put since the last commit, in one transaction."""
        if not self._pending:
            return
        db = self._docs(create=True)
        assert db is not None
        with db:
            db.executemany("INSERT OR REPLACE INTO docs (key, value) VALUES (?, ?)", self._pending)
        self._pending.clear()
        self._pending_bytes = 0

    def prune_documents(self) -> int:
        """Forget the reports of raw files this build did not see; return how many."""
        self.commit()
        db = self._docs(create=False)
        if db is None:
            return 0
        stale = [k for (k,) in db.execute("SELECT key FROM docs") if k not in self.used]
        if stale:
            with db:
                db.executemany("DELETE FROM docs WHERE key = ?", ((k,) for k in stale))
        return len(stale)

    def close(self) -> None:
        """Write what is pending and close the database."""
        self.commit()
        if self._db is not None:
            self._db.close()
            self._db = None
        self._absent = False

    def load_json(self, name: str) -> dict[str, str]:
        """A remembered mapping, empty when missing or unreadable."""
        path = self.folder / name
        if not path.exists():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return {}
        return data if isinstance(data, dict) else {}

    def save_json(self, name: str, data: dict[str, str]) -> None:
        """Remember a mapping, sorted."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / name
        with path.open("w", encoding="utf-8", newline="\n") as f:
            json.dump(dict(sorted(data.items())), f, ensure_ascii=False, indent=0)
            f.write("\n")
