"""Read raw files from the seeds folder into RawDocuments.

Every file is either read or named in a Notice with the reason it was skipped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from .model import Notice, RawDocument

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
SIDE_SUFFIXES = (".meta.yaml", ".meta.yml")


class IngestError(Exception):
    """A raw file cannot be read; the message names the reason."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode raw bytes, returning (text, encoding name)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise IngestError("binary file (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IngestError("unknown text encoding")
    return str(best), best.encoding


def normalise_newlines(text: str) -> str:
    """Turn CRLF and CR line ends into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def html_to_text(markup: str) -> str:
    """Return the visible text of a saved web page, one block per line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    return soup.get_text("\n")


def read_raw(path: Path, source: str) -> RawDocument:
    """Read one raw file; raise IngestError with the reason when it cannot be used."""
    data = path.read_bytes()
    if not data.strip():
        raise IngestError("empty file")
    text, encoding = decode_bytes(data)
    kind = "text"
    if path.suffix.lower() in HTML_SUFFIXES:
        text = html_to_text(text)
        kind = "html"
    text = normalise_newlines(text)
    if not text.strip():
        raise IngestError("no text")
    return RawDocument(
        source=source,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        kind=kind,
    )


def is_sidecar(path: Path) -> bool:
    """Tell whether a file is a metadata sidecar rather than a document."""
    return path.name.lower().endswith(SIDE_SUFFIXES)


def ingest(seeds: Path) -> tuple[list[RawDocument], list[Notice]]:
    """Read every document in the seeds folder, in sorted order."""
    docs: list[RawDocument] = []
    notices: list[Notice] = []
    root = seeds.resolve()
    for path in _walk(seeds):
        source = path.relative_to(seeds).as_posix()
        if is_sidecar(path) or path.name.startswith("."):
            continue
        if path.is_symlink() and not _inside(path.resolve(), root):
            notices.append(Notice(source, "skip", "symbolic link leads outside the seeds folder"))
            continue
        suffix = path.suffix.lower()
        if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
            notices.append(Notice(source, "skip", f"unsupported file type {suffix or '(none)'}"))
            continue
        try:
            docs.append(read_raw(path, source))
        except IngestError as exc:
            notices.append(Notice(source, "skip", str(exc)))
        except OSError as exc:
            notices.append(Notice(source, "skip", f"cannot read: {exc.strerror or exc}"))
    return docs, notices


def _walk(folder: Path) -> Iterable[Path]:
    """Yield files below a folder in a stable order."""
    for path in sorted(folder.rglob("*"), key=lambda p: p.as_posix()):
        if path.is_file():
            yield path


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True
