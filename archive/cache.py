"""Remember work between builds, keyed by content hashes, so a rebuild only redoes what changed.

The cache lives beside the output folder (site/ -> .site-cache/), is never published and
may be deleted at any time: a build without it does everything and gives the same bytes.
- docs/: the reports one raw file yielded, keyed by the hash of its bytes, its sidecar
  and the code and data files that turn raw text into reports.
- pages.json: for each file written into the site, the hash of everything it was made from.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
PROCESSING = ("model.py", "ingest.py", "clean.py", "segment.py", "extract.py", "agencies.py")
VERSION = "2"


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


class BuildCache:
    """Reports per raw file and page keys of the previous build, read and written in one folder."""

    def __init__(self, folder: Path, glue: str = ""):
        self.folder = folder
        self.version = processing_version(glue)
        self.used: set[str] = set()

    def document_key(self, sha256: str, supplied: dict[str, str]) -> str:
        """Key one raw file's processing by its bytes, its sidecar metadata and the code version."""
        return digest(VERSION, self.version, sha256, json.dumps(supplied, sort_keys=True, ensure_ascii=False))

    def _doc_path(self, key: str) -> Path:
        return self.folder / "docs" / key[:2] / f"{key}.pickle"

    def load_document(self, key: str) -> tuple[list[Any], Any, list[Any]] | None:
        """The reports, cleaning record and report fingerprints remembered for a key, or None when there are
        none (or they cannot be read)."""
        self.used.add(key)
        path = self._doc_path(key)
        if not path.exists():
            return None
        try:
            with path.open("rb") as f:
                reports, cleaned, prints = pickle.load(f)
                return list(reports), cleaned, list(prints)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
            return None

    def store_document(self, key: str, reports: list[Any], cleaned: Any, prints: list[Any]) -> None:
        """Remember the reports one raw file yielded, its cleaning record (for provenance pages) and the
        reports' fingerprints (for ids). Safe to call from a worker process."""
        self.store(key, (reports, cleaned, prints))

    def store(self, key: str, value: Any) -> None:
        """Remember one raw file's processing."""
        self.used.add(key)
        path = self._doc_path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)

    def prune_documents(self) -> int:
        """Forget the reports of raw files this build did not see; return how many."""
        n = 0
        for path in sorted((self.folder / "docs").glob("*/*.pickle")):
            if path.stem not in self.used:
                path.unlink()
                n += 1
        return n

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
