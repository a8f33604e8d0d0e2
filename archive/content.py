"""Write reports as Markdown files with YAML front matter into content/, and read them back.

content/ is the archive's editable record. Each report gets a stable id from
content/registry.json, which remembers every report ever published: its source
file and a fingerprint of its text, so ids survive added documents and better
cleaning rules. The registry also remembers a hash of each file as generated;
a file whose hash differs was corrected by a person and is kept as it is.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import jsonfmt
from .model import Notice, Report, Section
from .parallel import ordered_map

REGISTRY = "registry.json"
RETIRED_KEYS = ("generated_from_raw",)
FRONT_KEYS = (
    "id", "title", "subtitle", "kicker", "agency", "agencies", "date", "date_precision", "date_basis",
    "date_evidence", "byline", "places", "source", "raw_lines", "sections", "captions", "source_meta",
    "checks", "corrected",
)

try:
    _Loader: Any = yaml.CSafeLoader
    _Dumper: Any = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader
    _Dumper = yaml.SafeDumper


@lru_cache(maxsize=4096)
def squash(text: str) -> str:
    """NFKC without white space: the form texts are compared in (remembered: each text is compared several times)."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())  # str.split's white space is re's \s, and faster


NORMALIZATION_BOUNDARY = re.compile(r"[\x00-\x7f\u4e00-\u9fff]")
"""Characters NFKC never joins to what precedes them (combining class 0, never a composition's second
part): the normal form of a text cut just before one is the normal form of the whole, cut there."""


def squashed_start(text: str, n: int) -> str:
    """squash(text)[:n], squashing only as much of the text as it takes (texts run to thousands of characters)."""
    size = 4 * n
    while size < len(text):
        cut = NORMALIZATION_BOUNDARY.search(text, size)
        if cut is None:
            break
        start = squash(text[: cut.start()])
        if len(start) >= n:
            return start[:n]
        size = cut.start() * 4
    return squash(text)[:n]


SHINGLE = 3
SKETCH_SIZE = 32
MATCH_THRESHOLD = 0.5


def text_hash(text: str) -> str:
    """A short hash of a report's squashed text, for the exact-match fast path."""
    return squashed_hash(squash(text))


def squashed_hash(squashed: str) -> str:
    """text_hash of a text already squashed."""
    return hashlib.sha256(squashed.encode("utf-8")).hexdigest()[:16]


SHINGLES = re.compile(f"(?=(.{{{SHINGLE}}}))", re.DOTALL)
"""Every run of SHINGLE characters, overlapping, found in C (a set comprehension of slices costs half again as much)."""


def squashed_sketch(squashed: str) -> list[int]:
    """Remember a squashed text by the smallest hashes of its 3-character shingles (a bottom-k MinHash sketch);
    a text shorter than a shingle is its own one shingle."""
    grams = set(SHINGLES.findall(squashed)) if len(squashed) >= SHINGLE else {squashed}
    return sorted(set(map(zlib.crc32, map(str.encode, grams))))[:SKETCH_SIZE]


def similarity(a: list[int], b: list[int]) -> float:
    """Estimate the Jaccard similarity of two texts from their sketches."""
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    union = sorted(sa | sb)[: min(SKETCH_SIZE, len(sa | sb))]
    return sum(1 for h in union if h in sa and h in sb) / len(union)


def fingerprint(report: Report) -> dict[str, str]:
    """Remember a report by a hash of its text, a shingle sketch, and its first and last words."""
    t = squash(report.text)  # once: normalizing a long text costs more than hashing it
    return {
        "text": squashed_hash(t),
        "sketch": " ".join(f"{h:08x}" for h in squashed_sketch(t)),
        "start": t[:24],
        "end": t[-24:],
    }


def _stored_sketch(entry: dict[str, Any]) -> list[int]:
    return [int(h, 16) for h in str(entry.get("sketch", "")).split()]


@dataclass
class Registry:
    """Every id ever given, with what it was given to, and the bytes of every source seen."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    """Raw file name -> SHA-256 of its bytes, remembered after the file is gone (to recognise renames)."""
    _by_source: dict[str, set[str]] | None = field(default=None, repr=False)

    @classmethod
    def load(cls, folder: Path) -> Registry:
        path = folder / REGISTRY
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ContentError(f"{path}: not valid JSON ({exc}); restore it from git, it holds every report id") from exc
        entries = {rid: {k: v for k, v in e.items() if k not in RETIRED_KEYS} for rid, e in data.get("reports", {}).items()}
        return cls(entries, dict(data.get("sources", {})))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        data = {
            "about": "Stable report ids: do not edit by hand.",
            "sources": dict(sorted(self.sources.items())),
            "reports": {k: dict(sorted(v.items())) for k, v in sorted(self.entries.items())},
        }
        text = jsonfmt.dumps(data) + "\n"
        _write_if_changed(folder / REGISTRY, text)

    def ids_of(self, source: str) -> list[str]:
        """Every id ever given to reports of one raw file, sorted."""
        if self._by_source is None:
            self._by_source = {}
            for rid, e in self.entries.items():
                self._by_source.setdefault(str(e.get("source")), set()).add(rid)
        return sorted(self._by_source.get(source, ()))

    def follow_rename(self, source: str, sha256: str, live: set[str]) -> str | None:
        """Move the ids of a vanished raw file to a new name holding the same bytes; return the old name."""
        if source in self.sources:
            return None
        for old, old_sha in sorted(self.sources.items()):
            if old_sha == sha256 and old not in live:
                for rid in self.ids_of(old):
                    self.entries[rid]["source"] = source
                self._by_source = None
                del self.sources[old]
                return old
        return None

    def assign(self, reports: list[Report], sha256: str = "", prints: list[dict[str, str]] | None = None) -> list[Report]:
        """Give each report of one source its stable id, matching earlier ones by their text.

        `prints` are the reports' fingerprints when already computed (by the worker that processed them).
        """
        if not reports:
            return []
        prints = prints if prints is not None and len(prints) == len(reports) else [fingerprint(r) for r in reports]
        source = reports[0].source
        if sha256:
            self.sources[source] = sha256
        known = {rid: self.entries[rid] for rid in self.ids_of(source)}
        ids: list[str | None] = [None] * len(reports)
        by_text: dict[str, str] = {}
        for rid, e in known.items():
            by_text.setdefault(str(e.get("text", "")), rid)
        hashes = [p["text"] for p in prints]
        for i, _r in enumerate(reports):
            rid = by_text.pop(hashes[i], None)
            if rid is not None:
                ids[i] = rid
                known.pop(rid)
        for i, rid in self._match_similar(reports, ids, known):
            ids[i] = rid
        out: list[Report] = []
        for i, r in enumerate(reports):
            rid = ids[i] or self._new_id(r)
            entry = self.entries.setdefault(rid, {})
            entry["source"] = r.source
            if entry.get("text") != hashes[i]:
                entry.update(prints[i])
            if self._by_source is not None:
                self._by_source.setdefault(r.source, set()).add(rid)
            out.append(dataclasses.replace(r, id=rid))
        return out

    def _match_similar(self, reports: list[Report], ids: list[str | None], known: dict[str, dict[str, Any]]) -> list[tuple[int, str]]:
        """Pair the still unmatched reports with unmatched ids, most similar text first."""
        open_reports = [i for i, rid in enumerate(ids) if rid is None]
        if not open_reports or not known:
            return []
        pairs: list[tuple[float, int, str]] = []
        for i in open_reports:
            text = squash(reports[i].text)
            mine = squashed_sketch(text)
            for rid, e in known.items():
                ends = ((e.get("start") or "\0") in text) + ((e.get("end") or "\0") in text)
                score = max(similarity(mine, _stored_sketch(e)), ends / 2)
                if score >= MATCH_THRESHOLD:
                    pairs.append((score, i, rid))
        pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
        used_i: set[int] = set()
        used_id: set[str] = set()
        out = []
        for _, i, rid in pairs:
            if i in used_i or rid in used_id:
                continue
            used_i.add(i)
            used_id.add(rid)
            out.append((i, rid))
        return out

    def _new_id(self, r: Report) -> str:
        seed = f"{r.source}\n{squashed_start(r.text, 64)}"
        n = 0
        while True:
            rid = hashlib.sha1(f"{seed}\n{n}".encode()).hexdigest()[:10]
            if rid not in self.entries:
                self.entries[rid] = {}
                return rid
            n += 1


def to_markdown(r: Report) -> str:
    """Render a report as a Markdown file with front matter a person can read and edit."""
    front: dict[str, Any] = {}
    values = {
        "id": r.id, "title": r.title, "subtitle": r.subtitle, "kicker": r.kicker, "agency": r.agency,
        "agencies": list(r.agencies), "date": r.date, "date_precision": r.date_precision,
        "date_basis": r.date_basis, "date_evidence": r.date_evidence, "byline": r.byline,
        "places": list(r.places), "source": r.source, "raw_lines": list(r.raw_span),
        "sections": [{"heading": s.heading, "anchor": s.anchor, **({"agency": s.agency} if s.agency else {})} for s in r.sections],
        "captions": list(r.captions), "source_meta": {k: v for k, v in r.source_meta},
        "checks": list(r.checks), "corrected": r.corrected,
    }
    for key in FRONT_KEYS:
        v = values[key]
        if v in (None, [], {}, "") or (key == "corrected" and not v):
            continue
        front[key] = v
    for k, v in r.extra:
        front[k] = v
    return f"---\n{front_matter(front)}---\n\n{r.body}\n"


YAML_WIDTH = 1000


def front_matter(front: dict[str, Any]) -> str:
    """The front matter as PyYAML writes it (block style, keys in order, Unicode as is, width 1000).

    Written directly for the shapes reports have (strings, whole numbers, booleans, lists of them,
    small mappings), and by yaml.dump for anything whose every character is not plainly safe:
    PyYAML's representer is pure Python and took most of the time of writing a content file.
    tests/test_records.py compares the two on hostile strings.
    """
    lines: list[str] = []
    for key, value in front.items():
        if not _yaml_block(lines, key, value, ""):
            return yaml.dump(front, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=YAML_WIDTH)
    lines.append("")
    return "\n".join(lines)


def _yaml_block(lines: list[str], key: Any, value: Any, indent: str) -> bool:
    """Append `key: value` as PyYAML's block style would; False when this writer cannot be sure how."""
    k = _yaml_scalar(key, len(indent))
    if k is None or len(k) >= 128:
        return False
    if isinstance(value, dict):
        if not value:
            return False
        lines.append(f"{indent}{k}:")
        return all(_yaml_block(lines, kk, vv, indent + "  ") for kk, vv in value.items())
    if isinstance(value, list):
        if not value:
            return False
        lines.append(f"{indent}{k}:")
        for item in value:
            if isinstance(item, dict):
                if not item or any(isinstance(v, dict | list) for v in item.values()):
                    return False
                first, *rest = item.items()
                at = len(lines)
                if not _yaml_block(lines, *first, indent + "  "):
                    return False
                lines[at] = f"{indent}- {lines[at][len(indent) + 2:]}"
                if not all(_yaml_block(lines, kk, vv, indent + "  ") for kk, vv in rest):
                    return False
            else:
                v = _yaml_scalar(item, len(indent) + 2)
                if v is None:
                    return False
                lines.append(f"{indent}- {v}")
        return True
    v = _yaml_scalar(value, len(indent) + len(k) + 2)
    if v is None:
        return False
    lines.append(f"{indent}{k}: {v}")
    return True


_YAML_UNSAFE = r"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U0010ffff"
YAML_PLAIN = re.compile(rf"[^\s#,\[\]{{}}&*!|>'\"%@`{_YAML_UNSAFE}][^{_YAML_UNSAFE}]*")
"""Strings PyYAML writes as they are (when they do not read as another type and hold no ": ", " #"):
no indicator first ("-", "?" and ":" only with a space or nothing after them), no control, line-break or
non-printing character anywhere."""
YAML_QUOTED = re.compile(r"[0-9A-Za-z._+:-]+")
"""Strings PyYAML writes in single quotes when they would read as another type (dates, numbers, yes)."""
_resolver = yaml.resolver.Resolver()


def _yaml_scalar(value: Any, column: int) -> str | None:
    """One scalar as PyYAML writes it at this column, or None when this writer cannot be sure."""
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        return str(value)
    if type(value) is not str or column + len(value) >= YAML_WIDTH - 2:
        return None
    reads_as_text = _resolver.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"
    if reads_as_text:
        if (YAML_PLAIN.fullmatch(value) and value[-1] not in " :" and ": " not in value and " #" not in value
                and not value.startswith(("...", "---"))
                and not (value[0] in "-?:" and (len(value) == 1 or value[1] == " "))):
            return value
        return None
    return f"'{value}'" if YAML_QUOTED.fullmatch(value) else None


class ContentError(Exception):
    """A file in content/ cannot be read; the message says where and why."""


def parse_markdown(text: str, where: str) -> tuple[dict[str, Any], str]:
    """Split a content file into its front matter and body."""
    if not text.startswith("---\n"):
        raise ContentError(f"{where}: no front matter (the file must start with ---)")
    end = text.find("\n---\n", 4)
    if end < 0:
        raise ContentError(f"{where}: front matter is not closed with ---")
    try:
        front = yaml.load(text[4:end], Loader=_Loader) or {}
    except yaml.YAMLError as exc:
        raise ContentError(f"{where}: front matter is not valid YAML: {exc}") from exc
    if not isinstance(front, dict):
        raise ContentError(f"{where}: front matter must be a mapping of keys to values")
    return front, text[end + 5 :].strip("\n")


MD_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
MD_UNESCAPE = re.compile(r"\\([\\`*_\[\]<>~|#>+\-=.)!&])")


MD_TABLE_RULE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+$")
MD_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _table_rows(block: str) -> list[str] | None:
    """The rows of a Markdown table block as tab-separated cells (the form of Report.text), or None."""
    lines = [line.strip() for line in block.split("\n")]
    if len(lines) < 2 or not MD_TABLE_RULE.match(lines[1]) or not all(line.startswith("|") for line in lines):
        return None
    rows = []
    for line in [lines[0], *lines[2:]]:
        inner = line[1:-1] if line.endswith("|") and not line.endswith("\\|") else line[1:]
        cells = MD_CELL_SPLIT.split(inner)
        rows.append("\t".join(MD_UNESCAPE.sub(r"\1", c.strip()) for c in cells).rstrip("\t"))
    return rows


def markdown_to_text(body: str) -> str:
    """Plain text of a Markdown body: paragraphs separated by blank lines; a table's rows are
    paragraphs of their own, their cells separated by tabs."""
    paras = []
    for block in re.split(r"\n\s*\n", body.strip()):
        block = block.strip()
        if not block:
            continue
        if block.startswith("|") and (rows := _table_rows(block)) is not None:
            paras.extend(rows)
            continue
        m = MD_HEADING.match(block)
        if m:
            block = m.group(1)
        paras.append(MD_UNESCAPE.sub(r"\1", block.replace("\n", "")))
    return "\n\n".join(paras)


def from_markdown(text: str, where: str) -> Report:
    """Read a report back from its content file."""
    front, body = parse_markdown(text, where)
    for key in ("id", "title", "source"):
        if not front.get(key):
            raise ContentError(f"{where}: front matter lacks '{key}'")
    known = set(FRONT_KEYS)
    extra = tuple((str(k), str(v)) for k, v in front.items() if k not in known)
    sections = tuple(
        Section(str(s.get("heading", "")), str(s.get("anchor", "")), s.get("agency")) for s in front.get("sections") or ()
    )
    date = front.get("date")
    raw = front.get("raw_lines") or [0, 0]
    return Report(
        id=str(front["id"]),
        source=str(front["source"]),
        title=str(front["title"]),
        body=body,
        text=markdown_to_text(body),
        agency=front.get("agency"),
        agencies=tuple(str(a) for a in front.get("agencies") or ()),
        date=str(date) if date is not None else None,
        date_precision=front.get("date_precision"),
        date_basis=front.get("date_basis"),
        date_evidence=_str(front.get("date_evidence")),
        subtitle=_str(front.get("subtitle")),
        kicker=_str(front.get("kicker")),
        byline=_str(front.get("byline")),
        places=tuple(str(p) for p in front.get("places") or ()),
        sections=sections,
        captions=tuple(str(c) for c in front.get("captions") or ()),
        source_meta=tuple((str(k), str(v)) for k, v in (front.get("source_meta") or {}).items()),
        raw_span=(int(raw[0]), int(raw[1])) if len(raw) == 2 else (0, 0),
        checks=tuple(str(c) for c in front.get("checks") or ()),
        corrected=bool(front.get("corrected")),
        extra=extra,
    )


def _str(v: Any) -> str | None:
    return None if v is None else str(v)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return True


PARTS = ("title", "agency", "date", "text", "other")
BASIS_VERSION = "2"
"""Bump when part_hashes or to_markdown change, so cached builds recompute what they wrote."""


def part_hashes(r: Report, known_text_hash: str | None = None) -> dict[str, str]:
    """Short hashes of the parts of a generated report a correction may be based on (line numbers left out:
    an edit above a report shifts them without changing it).

    The text's part is text_hash(r.text)[:12]; `known_text_hash` is that hash when the caller has it already
    (the registry keeps it for every report), which saves normalizing the text again."""
    other = to_markdown(dataclasses.replace(r, title="", agency=None, date=None, body="", raw_span=(0, 0)))
    values = {"title": r.title, "agency": r.agency or "", "date": r.date or "", "other": other}
    text = (known_text_hash or text_hash(r.text))[:12]
    return {k: text if k == "text" else sha(values[k])[:12] for k in PARTS}


def describe_conflict(r: Report, kept: Report, changed: list[str]) -> str:
    """Say which parts of the raw-derived report changed under a correction, with the new values."""
    said = []
    for part in changed:
        if part in ("title", "agency", "date"):
            new, mine = getattr(r, part), getattr(kept, part)
            said.append(f"{part} now reads {new!r} in the raw (your file has {mine!r})")
        elif part == "text":
            said.append("the body text changed")
        else:
            said.append("other front matter changed")
    return "; ".join(said)


def write_content(reports: list[Report], folder: Path, registry: Registry, live_sources: set[str],
                  remembered: dict[str, str] | None = None) -> tuple[list[Report], list[Notice]]:
    """Write generated reports to content/, keeping files a person corrected; return what to publish.

    `remembered` (id -> hash of the report last written, kept by the build cache) lets an
    unchanged report skip re-rendering its Markdown; it is updated in place.
    """
    plan = plan_content(reports, folder, registry, live_sources, remembered)
    plan.finish()
    return plan.published, plan.notices


@dataclass
class ContentPlan:
    """What content/ will hold: the reports to publish now, and the new files `finish` still has to write."""

    folder: Path
    registry: Registry
    remembered: dict[str, str]
    published: list[Report] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    fresh: list[Report] = field(default_factory=list)
    """Reports with no file in content/ yet: nothing to compare, so their Markdown can wait."""

    def finish(self) -> None:
        """Write the new files, each made and written by a worker on all cores."""
        made = ordered_map(write_generated_file, [(r, self.folder / f"{r.id}.md", self.registry.entries[r.id].get("text"))
                                                  for r in self.fresh])
        for r, (generated, parts, made_from) in zip(self.fresh, made, strict=True):
            entry = self.registry.entries.setdefault(r.id, {"source": r.source})
            entry["generated"] = generated
            entry["basis"] = parts
            entry.pop("conflict", None)
            self.remembered[r.id] = made_from
        self.fresh = []


def write_generated_file(r: Report, path: Path, known_text_hash: str | None) -> tuple[str, dict[str, str], str]:
    """Write a report's content file (in a worker); return the file's hash, its part hashes and the hash of
    what it was made from (all the main process keeps)."""
    text = to_markdown(r)
    _write_if_changed(path, text)
    return sha(text), part_hashes(r, known_text_hash), made_from(r)


def made_from(r: Report) -> str:
    """A hash of everything a generated content file is made from."""
    return sha(BASIS_VERSION + repr(r))


def plan_content(reports: list[Report], folder: Path, registry: Registry, live_sources: set[str],
                 remembered: dict[str, str] | None = None) -> ContentPlan:
    """Decide what to publish: unchanged files as they are, corrected files kept, changed ones rewritten.

    Files that exist are compared and rewritten here; reports with no file yet are only listed,
    for `ContentPlan.finish` to write (so the search index can start on what is published meanwhile).
    """
    plan = ContentPlan(folder, registry, {} if remembered is None else remembered)
    remembered = plan.remembered
    wanted: set[str] = set()
    for r in reports:
        path = folder / f"{r.id}.md"
        wanted.add(path.name)
        entry = registry.entries.setdefault(r.id, {"source": r.source})
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current is None:
            remembered.pop(r.id, None)
            plan.fresh.append(r)
            plan.published.append(r)
            continue
        basis = made_from(r)
        if remembered.get(r.id) == basis and "basis" in entry and sha(current) == entry.get("generated"):
            plan.published.append(r)
            continue
        remembered.pop(r.id, None)
        generated = to_markdown(r)
        if current != generated and sha(current) != entry.get("generated"):
            kept = keep_correction(r, path, current, entry, plan.notices)
            if kept is not None:
                plan.published.append(kept)
            continue
        _write_if_changed(path, generated)
        entry["generated"] = sha(generated)
        entry["basis"] = part_hashes(r)
        entry.pop("conflict", None)
        remembered[r.id] = basis
        plan.published.append(r)
    for rid in sorted(set(remembered) - {r.id for r in reports}):
        del remembered[rid]
    plan.published.extend(handle_orphans(folder, wanted, registry, live_sources, plan.notices))
    return plan


def keep_correction(r: Report, path: Path, current: str, entry: dict[str, Any], notices: list[Notice]) -> Report | None:
    """Publish a hand-corrected file as it is, and say when the raw changed under it."""
    try:
        kept = from_markdown(current, str(path))
    except ContentError as exc:
        notices.append(Notice(r.source, "warning", f"{exc}; the corrected file is kept but NOT published until it is fixed"))
        return None
    if kept.id != r.id:
        notices.append(Notice(r.source, "warning", f"{path}: front matter says id {kept.id!r} but the file belongs to {r.id!r}; the id in the file name wins"))
        kept = dataclasses.replace(kept, id=r.id)
    parts = part_hashes(r)
    basis = entry.get("basis")
    if basis is None:
        entry["basis"] = parts
    elif basis != parts:
        changed = [k for k in PARTS if basis.get(k) != parts[k]]
        file_sha = sha(current)
        if entry.get("conflict") not in (None, file_sha):
            entry["basis"] = parts
            entry.pop("conflict", None)
            notices.append(Notice(r.source, "info", f"{path}: correction edited after the raw changed; conflict resolved"))
        else:
            entry["conflict"] = file_sha
            notices.append(Notice(r.source, "warning", f"CONFLICT in {path}: corrected by hand, and since then {describe_conflict(r, kept, changed)}. The correction is kept and published; edit or re-save the file to resolve."))
    return dataclasses.replace(kept, corrected=True)


def handle_orphans(folder: Path, wanted: set[str], registry: Registry, live_sources: set[str], notices: list[Notice]) -> list[Report]:
    """Remove the files of vanished raw files; keep, and announce, reports their raw file no longer yields."""
    kept: list[Report] = []
    for path in sorted(folder.glob("*.md")):
        if path.name in wanted:
            continue
        rid = path.stem
        entry = registry.entries.get(rid)
        if entry is None:
            notices.append(Notice(str(path), "warning", f"{path.name} is not in {REGISTRY} (no raw file behind it): not published"))
            continue
        source = str(entry.get("source"))
        if source not in live_sources:
            path.unlink()
            entry.pop("generated", None)
            entry.pop("basis", None)
            notices.append(Notice(source, "info", f"raw file is gone: removed report {rid} (content/{path.name}) and its page"))
            continue
        try:
            report = from_markdown(path.read_text(encoding="utf-8"), str(path))
        except ContentError as exc:
            notices.append(Notice(source, "warning", f"{exc}; not published"))
            continue
        notices.append(Notice(source, "warning", f"report {rid} ({report.title}) is no longer found in this raw file: still published from content/{path.name} so its URL keeps working; delete that file to withdraw it"))
        kept.append(dataclasses.replace(report, id=rid))
    return kept
