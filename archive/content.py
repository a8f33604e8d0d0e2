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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .model import Notice, Report, Section

REGISTRY = "registry.json"
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


def squash(text: str) -> str:
    """NFKC without white space: the form texts are compared in."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def fingerprint(report: Report) -> dict[str, str]:
    """Remember a report by the start and end of its text."""
    t = squash(report.text)
    return {"start": t[:24], "end": t[-24:]}


@dataclass
class Registry:
    """Every id ever given, with what it was given to."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    _by_source: dict[str, list[str]] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def load(cls, folder: Path) -> Registry:
        path = folder / REGISTRY
        if not path.exists():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(dict(data.get("reports", {})))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        data = {"about": "Stable report ids: do not edit by hand.", "reports": dict(sorted(self.entries.items()))}
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
        _write_if_changed(folder / REGISTRY, text)

    def assign(self, reports: list[Report]) -> list[Report]:
        """Give each report of one source its stable id, matching earlier ones by their text."""
        out: list[Report] = []
        taken: set[str] = set()
        for r in reports:
            rid = self._match(r, taken)
            if rid is None:
                rid = self._new_id(r)
            taken.add(rid)
            entry = self.entries.setdefault(rid, {})
            self._index_source(rid, entry.get("source"), r.source)
            entry.update({"source": r.source, **fingerprint(r)})
            out.append(dataclasses.replace(r, id=rid))
        return out

    def _ids_of(self, source: str) -> list[str]:
        """Ids ever given to reports of one source, in registry order (an index, so assigning stays linear)."""
        if self._by_source is None:
            self._by_source = {}
            for rid, e in self.entries.items():
                self._by_source.setdefault(e.get("source"), []).append(rid)
        return self._by_source.get(source, [])

    def _index_source(self, rid: str, old: str | None, new: str) -> None:
        """Keep the per-source index in step when an entry gets (or changes) its source."""
        if self._by_source is None or old == new:
            return
        if old is not None and rid in self._by_source.get(old, []):
            self._by_source[old].remove(rid)
        self._by_source.setdefault(new, []).append(rid)

    def _match(self, r: Report, taken: set[str]) -> str | None:
        text = squash(r.text)
        best, best_score = None, 0.0
        for rid in self._ids_of(r.source):
            e = self.entries[rid]
            if rid in taken or e.get("source") != r.source:
                continue
            score = (e.get("start", "") in text) + (e.get("end", "") in text)
            if score > best_score:
                best, best_score = rid, score
        return best if best_score >= 1 else None

    def _new_id(self, r: Report) -> str:
        seed = f"{r.source}\n{squash(r.text)[:64]}"
        n = 0
        while True:
            rid = hashlib.sha1(f"{seed}\n{n}".encode()).hexdigest()[:10]
            if rid not in self.entries:
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
    head = yaml.dump(front, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{head}---\n\n{r.body}\n"


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
MD_UNESCAPE = re.compile(r"\\([\\`*_\[\]<>~|#>+\-=.)!])")


def markdown_to_text(body: str) -> str:
    """Plain text of a Markdown body: paragraphs separated by blank lines."""
    paras = []
    for block in re.split(r"\n\s*\n", body.strip()):
        block = block.strip()
        if not block:
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


def write_content(reports: list[Report], folder: Path, registry: Registry, live_sources: set[str]) -> tuple[list[Report], list[Notice]]:
    """Write generated reports to content/, keeping files a person corrected; return what to publish."""
    notices: list[Notice] = []
    published: list[Report] = []
    wanted: set[str] = set()
    for r in reports:
        path = folder / f"{r.id}.md"
        generated = to_markdown(r)
        entry = registry.entries.setdefault(r.id, {})
        previous = entry.get("generated")
        wanted.add(path.name)
        if path.exists():
            current = path.read_text(encoding="utf-8")
            if previous and sha(current) != previous:
                try:
                    kept = from_markdown(current, str(path))
                except ContentError as exc:
                    notices.append(Notice(r.source, "warning", f"{exc}; the corrected file is kept but not published"))
                    continue
                if sha(generated) != entry.get("generated_from_raw", previous):
                    notices.append(Notice(r.source, "warning", f"{path.name} was corrected by hand and its raw text or the rules changed since: the correction is kept; compare with the source"))
                entry["generated_from_raw"] = sha(generated)
                published.append(dataclasses.replace(kept, corrected=True))
                continue
        _write_if_changed(path, generated)
        entry["generated"] = sha(generated)
        entry["generated_from_raw"] = sha(generated)
        published.append(r)
    for path in sorted(folder.glob("*.md")):
        if path.name in wanted:
            continue
        rid = path.stem
        entry = registry.entries.get(rid)
        if entry is None:
            continue
        if entry.get("source") not in live_sources:
            path.unlink()
            notices.append(Notice(str(entry.get("source")), "info", f"raw file is gone: removed its report {rid}"))
    return published, notices
