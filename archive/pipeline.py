"""Run the whole build: ingest -> clean -> segment -> extract -> content -> render -> search."""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import yaml

from .clean import clean
from .content import ContentError, Registry, from_markdown, write_content
from .extract import extract, page_context
from .ingest import ingest
from .model import CleanDocument, Notice, RawDocument, Report
from .render import SiteConfig, date_label, render
from .search import SearchIndexError, build_index
from .segment import segment


@dataclass(frozen=True)
class BuildConfig:
    """What to build from where."""

    seeds: Path
    content: Path
    out: Path
    base_url: str = "/"
    search: bool = True
    strict: bool = False


@dataclass
class BuildResult:
    reports: list[Report] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    read: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def failed_strict(self) -> bool:
        return any(n.level in ("skip", "warning") for n in self.notices)


def build_time() -> str:
    """The build's timestamp: SOURCE_DATE_EPOCH when set, so builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return "1970-01-01T00:00:00Z"


def load_sidecar(seeds: Path, doc: RawDocument, notices: list[Notice]) -> dict[str, str]:
    """Read NAME.meta.yaml beside a raw file: supplied metadata that overrides inference."""
    base = seeds / doc.source
    for suffix in (".meta.yaml", ".meta.yml"):
        path = base.with_name(base.stem + suffix)
        if not path.exists():
            path = base.with_name(base.name + suffix)
        if path.exists():
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as exc:
                notices.append(Notice(doc.source, "warning", f"{path.name}: not valid YAML ({exc}); ignored"))
                return {}
            if not isinstance(data, dict):
                notices.append(Notice(doc.source, "warning", f"{path.name}: must be a mapping of keys to values; ignored"))
                return {}
            return {str(k): str(v) for k, v in data.items() if v is not None}
    return {}


def process_document(doc: RawDocument, supplied: dict[str, str]) -> tuple[list[Report], CleanDocument]:
    """Clean one raw document and cut it into reports with metadata; keep the cleaning record."""
    cleaned = clean(doc)
    page = page_context(cleaned, supplied.get("date"))
    return [extract(d, cleaned, page, supplied) for d in segment(cleaned)], cleaned


def build(config: BuildConfig) -> BuildResult:
    """Build content/ and the site from the raw files."""
    result = BuildResult()
    t0 = time.perf_counter()
    docs, notices = ingest(config.seeds)
    result.notices.extend(notices)
    seen: dict[str, str] = {}
    unique: list[RawDocument] = []
    for doc in docs:
        if doc.sha256 in seen:
            result.notices.append(Notice(doc.source, "warning", f"same bytes as {seen[doc.sha256]}: published once"))
            continue
        seen[doc.sha256] = doc.source
        unique.append(doc)
    result.read = [d.source for d in docs]
    result.timings["ingest"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    registry = Registry.load(config.content)
    generated: list[Report] = []
    provenance: dict[str, tuple[RawDocument, CleanDocument]] = {}
    for doc in unique:
        supplied = load_sidecar(config.seeds, doc, result.notices)
        reports, cleaned = process_document(doc, supplied)
        provenance[doc.source] = (doc, cleaned)
        if not reports:
            result.notices.append(Notice(doc.source, "warning", "no report text found in this file"))
        generated.extend(registry.assign(reports))
    result.timings["process"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    config.content.mkdir(parents=True, exist_ok=True)
    published, notices = write_content(generated, config.content, registry, {d.source for d in docs})
    result.notices.extend(notices)
    registry.save(config.content)
    result.reports = published
    result.timings["content"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    if config.out.exists():
        shutil.rmtree(config.out)
    site = render(published, SiteConfig(config.out, config.base_url, build_time()), result.notices, provenance)
    del site
    write_build_report(result, config.out)
    result.timings["render"] = time.perf_counter() - t0

    if config.search:
        t0 = time.perf_counter()
        try:
            build_index(published, config.out, date_label)
        except (SearchIndexError, OSError) as exc:
            result.notices.append(Notice("(search index)", "warning", str(exc)))
        result.timings["search"] = time.perf_counter() - t0
    return result


def write_build_report(result: BuildResult, out: Path) -> None:
    """Write data/build-report.json: every file read, skipped or warned about."""
    data = {
        "read": sorted(result.read),
        "reports": len(result.reports),
        "notices": [{"source": n.source, "level": n.level, "message": n.message} for n in result.notices],
    }
    path = out / "data" / "build-report.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


def check_content_folder(folder: Path) -> list[str]:
    """Read every content file and return the errors (for `build.py check`)."""
    errors = []
    for path in sorted(folder.glob("*.md")):
        try:
            from_markdown(path.read_text(encoding="utf-8"), str(path))
        except ContentError as exc:
            errors.append(str(exc))
    return errors
