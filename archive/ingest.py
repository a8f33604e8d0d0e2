"""Read raw files from the seeds folder into RawDocuments.

Every file is either read or named in a Notice with the reason it was skipped.

Decoding: a byte-order mark decides (UTF-8, UTF-16, UTF-32). Otherwise strict
UTF-8 wins; failing that, every Chinese candidate that decodes cleanly (GB18030,
which covers GBK and GB2312; Big5; UTF-16 without a mark) is scored by how
plausible its characters are, with charset-normalizer's verdict as one more
candidate. GB18030 decodes most Big5 byte strings without error, but into rare
characters, kana and private-use code points; the score tells them apart. When
no candidate is clearly plausible the file is skipped with that reason.

Saved web pages (.html, .htm) are read as their visible text with BeautifulSoup:
no script, style or hidden elements, block elements on their own lines.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import Notice, RawDocument

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
SIDE_SUFFIXES = (".meta.yaml", ".meta.yml")
MAX_BYTES = 64 * 1024 * 1024
"""Larger files are skipped: the whole file is held in memory while it is cleaned."""

BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
MAGIC = (
    (b"%PDF", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or Word/Excel file)"),
    (b"\xd0\xcf\x11\xe0", "Microsoft Office file"),
    (b"\x1f\x8b", "gzip archive"),
    (b"{\\rtf", "RTF document"),
    (b"\x7fELF", "program"),
)
MIN_PLAUSIBLE = 0.85
"""Share of plausible characters a decoding needs to be accepted."""
MIN_MARGIN = 0.08
"""How far the best decoding must lead the next one to be trusted."""
SAMPLE = 200_000
"""Characters scored per candidate decoding (the whole file is still decoded strictly)."""


class IngestError(Exception):
    """A raw file cannot be read; the message names the reason."""


# ---------------------------------------------------------------- decoding


def _is_common_han(ch: str) -> bool:
    """Tell whether a Han character is a frequent one in GB2312 level 1 or Big5's common set."""
    try:
        gb = ch.encode("gb2312")
        if 0xB0 <= gb[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b5 = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return 0xA440 <= (b5[0] << 8 | b5[1]) <= 0xC67E


_COMMON_CACHE: dict[str, bool] = {}


def plausibility(text: str) -> float:
    """Score decoded text from 0 to 1 by the share of characters a Chinese document plausibly holds."""
    sample = text[:SAMPLE]
    good = total = 0
    for ch in sample:
        if ch in "\n\r\t ":
            continue
        total += 1
        o = ord(ch)
        if o < 0x7F:
            good += ch.isprintable()
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            hit = _COMMON_CACHE.get(ch)
            if hit is None:
                hit = _COMMON_CACHE[ch] = _is_common_han(ch)
            good += hit
        elif 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E or 0x2010 <= o <= 0x206F or ch in "·、。，":
            good += 1
        elif unicodedata.category(ch) in ("Co", "Cn", "Cc", "Cs") or 0x3040 <= o <= 0x30FF or 0x0370 <= o <= 0x04FF:
            continue  # private use, unassigned, control, kana, Greek, Cyrillic: typical of a wrong guess
        elif 0x00A0 <= o <= 0x024F or 0x2000 <= o <= 0x27BF:
            good += 0.5  # accented Latin letters, symbols, box drawing, circled numbers: real but rarer
        else:
            continue  # other scripts (Arabic presentation forms and the like): what a wrong guess yields
    return good / total if total else 0.0


def _candidates(data: bytes) -> list[tuple[str, str]]:
    """Decode bytes with every Chinese encoding that accepts them strictly."""
    out: list[tuple[str, str]] = []
    codecs = ["gb18030", "big5"]
    if len(data) % 2 == 0 and b"\x00" in data:
        codecs = ["utf-16-le", "utf-16-be", *codecs]
    for codec in codecs:
        try:
            out.append((data.decode(codec), codec))
        except UnicodeDecodeError:
            continue
    return out


def _detected(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's verdict on the bytes, decoded strictly, or None."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:SAMPLE]).best()
    if best is None:
        return None
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        return None


Scored = tuple[float, int, str, str]


def _verdict(scored: list[Scored]) -> tuple[str, str] | None:
    """The clear winner among scored decodings, or None."""
    if not scored or scored[0][0] < MIN_PLAUSIBLE:
        return None
    best = scored[0]
    rivals = [s for s in scored[1:] if s[0] > best[0] - MIN_MARGIN and s[2] != best[2]]
    return None if rivals else (best[2], best[3])


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode raw bytes, returning (text, encoding name); raise IngestError when unsure."""
    for mark, codec in BOMS:
        if data.startswith(mark):
            try:
                return data[len(mark) :].decode(codec.replace("-sig", "")), codec
            except UnicodeDecodeError as exc:
                raise IngestError(f"starts with a {codec} byte-order mark but is not {codec} (byte {exc.start})") from exc
    for magic, what in MAGIC:
        if data.startswith(magic):
            raise IngestError(f"binary file ({what})")
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    candidates = _candidates(data)

    def rank(cands: list[tuple[str, str]]) -> list[Scored]:
        return sorted(((plausibility(t), i, t, c) for i, (t, c) in enumerate(cands)), key=lambda x: (-x[0], x[1]))

    scored = rank(candidates)
    verdict = _verdict(scored)
    if verdict is None:
        detected = _detected(data)
        if detected and detected[1] not in {c for _, c in candidates}:
            scored = rank([*candidates, detected])
            verdict = _verdict(scored)
    if verdict is not None:
        return verdict
    if not scored or scored[0][0] < MIN_PLAUSIBLE:
        if b"\x00" in data:
            raise IngestError("binary file (NUL bytes)")
        tried = ", ".join(f"{c} {s:.2f}" for s, _, _, c in scored) or "no Chinese encoding accepts the bytes"
        raise IngestError(f"unknown text encoding or binary file (plausibility: {tried}); save it as UTF-8")
    best, second = scored[0], next(s for s in scored[1:] if s[2] != scored[0][2])
    raise IngestError(
        f"cannot tell the text encoding: {best[3]} ({best[0]:.2f}) or {second[3]} ({second[0]:.2f}); save it as UTF-8"
    )


def normalise_newlines(text: str) -> str:
    """Turn CRLF and CR line ends (and Unicode line and paragraph separators) into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")


CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def check_text(text: str) -> None:
    """Raise IngestError when decoded text is mostly control characters (a binary file)."""
    sample = text[:SAMPLE]
    if sample and len(CONTROL.findall(sample)) > 0.05 * len(sample):
        raise IngestError("binary file (control characters)")


# ---------------------------------------------------------------- web pages

HIDDEN_TAGS = {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "embed", "canvas", "select", "button"}
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
    "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul", "br", "option", "legend",
}
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{2,20})""", re.I)
SPACES = re.compile(r"[ \t\n\r\f\v]+")
BLANK_RUNS = re.compile(r"\n{3,}")


def html_charset(data: bytes) -> str | None:
    """The charset a saved web page declares in its first bytes, if any."""
    m = META_CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    return "gb18030" if name in ("gb2312", "gbk", "gb18030", "x-gbk") else name


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode a saved web page: valid UTF-8 first (pages are often re-saved as UTF-8 with the old
    declaration), then its declared charset when that decodes cleanly and plausibly, else detection."""
    declared = html_charset(data)
    if declared and not data.startswith(tuple(m for m, _ in BOMS)):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode(declared)
            except (UnicodeDecodeError, LookupError):
                pass
            else:
                if plausibility(text) >= MIN_PLAUSIBLE:
                    return text, declared
    return decode_bytes(data)


def _is_hidden(tag: Any) -> bool:
    """Tell whether an element is never shown to a reader."""
    if tag.name in HIDDEN_TAGS:
        return True
    return tag.has_attr("hidden") or tag.get("aria-hidden") == "true" or bool(HIDDEN_STYLE.search(str(tag.get("style", ""))))


LAYOUT_TAGS = ["table", "div", "p", "ul", "ol", "li", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "br"]


def _flatten_data_rows(soup: Any) -> set[int]:
    """Write each row of a data table as one line of tab-separated cells, the form clean.table_rows reads.

    Only rows of short cells with no blocks inside: a table used for page layout keeps its cells on
    lines of their own. Returns the ids of the rows' strings, whose tabs the caller keeps."""
    rows: set[int] = set()
    for tr in soup.find_all("tr"):
        cells = tr.find_all(["td", "th"], recursive=False)
        if len(cells) < 2 or any(c.find(LAYOUT_TAGS) for c in cells):
            continue
        texts = [SPACES.sub(" ", c.get_text()).strip() for c in cells]
        if any(len(t) > 30 for t in texts) or not any(texts):
            continue
        tr.clear()
        tr.append("\t".join(t or "—" for t in texts))
        rows.add(id(tr.contents[0]))
    return rows


def html_to_text(markup: str) -> str:
    """Return the visible text of a saved web page, one block per line."""
    from bs4 import BeautifulSoup
    from bs4.element import NavigableString, Tag

    soup = BeautifulSoup(markup, "html.parser")
    hidden = [tag for tag in soup.find_all(True) if _is_hidden(tag)]
    for tag in reversed(hidden):  # innermost first, so no tag is removed twice
        tag.decompose()
    rows = _flatten_data_rows(soup)
    preformatted = {id(s) for pre in soup.find_all(["pre", "textarea"]) for s in pre.find_all(string=True)} | rows
    parts: list[str] = []
    for node in soup.descendants:
        if isinstance(node, Tag):
            if node.name in BLOCK_TAGS:
                parts.append("\n")
            continue
        if type(node) is not NavigableString:
            continue  # comments, doctype, processing instructions, CDATA
        parts.append(str(node) if id(node) in preformatted else SPACES.sub(" ", str(node)))
        if node.next_sibling is None and node.parent is not None and node.parent.name in BLOCK_TAGS:
            parts.append("\n")
    text = "".join(parts)
    lines = (line.strip(" \t") for line in text.split("\n"))
    return BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n") + "\n"  # lines are stripped, so blank ones are empty


# ---------------------------------------------------------------- files


def read_raw(path: Path, source: str) -> RawDocument:
    """Read one raw file; raise IngestError with the reason when it cannot be used."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise IngestError(f"file too large ({size / 1e6:.0f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB): split it")
    data = path.read_bytes()
    if not data:
        raise IngestError("empty file")
    is_html = path.suffix.lower() in HTML_SUFFIXES
    text, encoding = decode_html(data) if is_html else decode_bytes(data)
    check_text(text)
    kind = "text"
    if is_html:
        text = html_to_text(text)
        kind = "html"
    text = normalise_newlines(text)
    if not text.strip():
        raise IngestError("blank file (white space only)" if not is_html else "web page without visible text")
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


def _has_document(sidecar: Path) -> bool:
    """Tell whether a NAME.meta.yaml has a document NAME.* or NAME beside it."""
    lower = sidecar.name.lower()
    stem = sidecar.name[: -len(next(s for s in SIDE_SUFFIXES if lower.endswith(s)))]
    for other in sidecar.parent.iterdir():
        if other != sidecar and not is_sidecar(other) and (other.name == stem or other.stem == stem):
            return True
    return False


def safe_source(rel: str) -> str:
    """A printable, valid UTF-8 name for a file, whatever bytes its real name holds."""
    name = os.fsencode(rel).decode("utf-8", errors="replace")
    return "".join(c if c.isprintable() else "\ufffd" for c in name)


@dataclass(frozen=True)
class Entry:
    """One thing found in the seeds folder."""

    path: Path
    source: str


def ingest(seeds: Path) -> tuple[list[RawDocument], list[Notice]]:
    """Read every document in the seeds folder, in sorted order."""
    docs: list[RawDocument] = []
    notices: list[Notice] = []
    root = seeds.resolve()
    for entry, problem in _walk(seeds, root):
        source = entry.source
        if problem:
            notices.append(Notice(source, *problem))
            continue
        path = entry.path
        if is_sidecar(path):
            if not _has_document(path):
                notices.append(Notice(source, "info", "metadata file with no document beside it: not used"))
            continue
        if path.name.startswith("."):
            notices.append(Notice(source, "info", "hidden file: not read"))
            continue
        suffix = path.suffix.lower()
        if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
            shown = safe_source(suffix) if suffix else "(no suffix)"
            notices.append(Notice(source, "skip", f"unsupported file type {shown}: only .txt, .text, .md, .html and .htm are read"))
            continue
        try:
            docs.append(read_raw(path, source))
        except IngestError as exc:
            notices.append(Notice(source, "skip", str(exc)))
        except OSError as exc:
            notices.append(Notice(source, "skip", f"cannot read: {exc.strerror or exc}"))
    return docs, notices


def text_key(doc: RawDocument) -> str:
    """A fingerprint of a document's text that ignores encoding, line ends and trailing spaces."""
    text = unicodedata.normalize("NFC", doc.text)
    lines = [line.rstrip() for line in text.split("\n")]
    return hashlib.sha256("\n".join(lines).strip("\n").encode("utf-8")).hexdigest()


def drop_duplicates(docs: list[RawDocument]) -> tuple[list[RawDocument], list[Notice]]:
    """Keep the first of documents with the same bytes or the same text; name the others."""
    seen_bytes: dict[str, str] = {}
    seen_text: dict[str, str] = {}
    unique: list[RawDocument] = []
    notices: list[Notice] = []
    for doc in docs:
        key = text_key(doc)
        if doc.sha256 in seen_bytes:
            notices.append(Notice(doc.source, "warning", f"duplicate: same bytes as {seen_bytes[doc.sha256]}; published once"))
            continue
        if key in seen_text:
            notices.append(Notice(doc.source, "warning", f"duplicate: same text as {seen_text[key]} ({doc.encoding}); published once"))
            continue
        seen_bytes[doc.sha256] = doc.source
        seen_text[key] = doc.source
        unique.append(doc)
    return unique, notices


Problem = tuple[str, str] | None
"""(notice level, reason) when a found path must not be read."""


def _walk(folder: Path, root: Path) -> Iterable[tuple[Entry, Problem]]:
    """Yield regular files below a folder in a stable order, with a reason when one must be refused.

    Symbolic links are never followed into folders (that could loop or leave seeds/);
    a link to a file is read only when its target lies inside the seeds folder.
    """
    stack = [folder]
    found: list[tuple[Entry, Problem]] = []
    while stack:
        current = stack.pop()
        try:
            children = list(os.scandir(current))
        except OSError as exc:
            rel = safe_source(Path(current).relative_to(folder).as_posix())
            found.append((Entry(Path(current), rel), ("skip", f"cannot read folder: {exc.strerror or exc}")))
            continue
        for child in children:
            path = Path(child.path)
            rel = safe_source(path.relative_to(folder).as_posix())
            entry = Entry(path, rel)
            try:
                if child.is_symlink():
                    target = path.resolve()
                    if not _inside(target, root):
                        found.append((entry, ("skip", "symbolic link leads outside the seeds folder: refused")))
                    elif target.is_dir():
                        found.append((entry, ("info", "symbolic link to a folder: not followed (its files are read where they are)")))
                    elif not target.exists():
                        found.append((entry, ("skip", "broken symbolic link")))
                    elif target.is_file():
                        found.append((entry, None))
                    else:
                        found.append((entry, ("skip", "not a regular file")))
                    continue
                mode = child.stat(follow_symlinks=False).st_mode
            except (OSError, RuntimeError) as exc:
                found.append((entry, ("skip", f"cannot read: {getattr(exc, 'strerror', None) or exc}")))
                continue
            if stat.S_ISDIR(mode):
                if child.name.startswith("."):
                    found.append((entry, ("info", "hidden folder: not read")))
                else:
                    stack.append(path)
                continue
            if not stat.S_ISREG(mode):
                found.append((entry, ("skip", "not a regular file (device, pipe or socket)")))
                continue
            found.append((entry, None))
    found.sort(key=lambda e: e[0].source)
    return found


def _inside(path: Path, root: Path) -> bool:
    """Tell whether a resolved path lies inside the root folder."""
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True
