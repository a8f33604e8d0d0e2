"""Run the whole build: ingest -> clean -> segment -> extract -> content -> render -> search."""

from __future__ import annotations

import dataclasses
import inspect
import json
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

from . import jsonfmt
from .cache import BuildCache, cache_folder, digest, files_digest, pack_document, unpack_document
from .clean import clean
from .content import Registry, fingerprint, plan_content
from .extract import extract, page_context
from .ingest import drop_duplicates, ingest
from .keywords import keyword_entries, keyword_version
from .model import CleanDocument, Notice, RawDocument, Report
from .parallel import ordered_imap
from .publish import check_pages_limits
from .render import SiteConfig, date_label, render, report_digest
from .search import IndexRuns, start_indexes
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
    cache: Path | None = None
    """Where to remember work between builds (default: .<out>-cache beside the output folder)."""


@dataclass
class BuildResult:
    reports: list[Report] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    read: list[str] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)
    """How each read file was decoded ("gb18030, text")."""
    timings: dict[str, float] = field(default_factory=dict)
    """Wall seconds per stage."""
    cpu: dict[str, float] = field(default_factory=dict)
    """CPU seconds per stage: this process and the workers and tools it waited for in that stage."""
    work: dict[str, int] = field(default_factory=dict)
    """What the build did and skipped: documents processed/cached, pages written/kept/removed, search indexed."""

    @property
    def failed_strict(self) -> bool:
        return any(n.level in ("skip", "warning") for n in self.notices)


class Clock:
    """Adds the wall and CPU seconds since the last lap to a stage of a build's timings."""

    def __init__(self, result: BuildResult) -> None:
        self.result = result
        self.wall, self.cpu = time.perf_counter(), self.cpu_now()

    @staticmethod
    def cpu_now() -> float:
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    def lap(self, stage: str) -> None:
        wall, cpu = time.perf_counter(), self.cpu_now()
        self.result.timings[stage] = self.result.timings.get(stage, 0.0) + wall - self.wall
        self.result.cpu[stage] = self.result.cpu.get(stage, 0.0) + cpu - self.cpu
        self.wall, self.cpu = wall, cpu


def build_time() -> str:
    """The build's timestamp: SOURCE_DATE_EPOCH when set, so builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
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


Processed = tuple[list[Report], CleanDocument | None, str | None]
"""A document's reports, its cleaning record, and the error when the rules failed on it."""


def process_guarded(doc: RawDocument, supplied: dict[str, str]) -> Processed:
    """Process one document; on a failure of the rules return the error instead of raising (for the pool)."""
    try:
        reports, cleaned = process_document(doc, supplied)
        return reports, cleaned, None
    except (ValueError, IndexError, KeyError, TypeError, RecursionError, re.error) as exc:
        return [], None, f"{type(exc).__name__}: {exc}"


def process_for_build(doc: RawDocument, supplied: dict[str, str]) -> tuple[bytes | None, str | None, dict[str, list[str]]]:
    """Process one document in a worker, and do there what else needs only its reports: their keywords (jieba)
    and their fingerprints (for ids). Hand back the reports, cleaning record and fingerprints packed for the
    build cache (pickled once, here), or the error; and the keywords."""
    reports, cleaned, error = process_guarded(doc, supplied)
    if error is not None or cleaned is None:
        return None, error, {}
    prints = [fingerprint(r) for r in reports]
    return pack_document(reports, cleaned, prints), None, keyword_entries(reports)


def process_document(doc: RawDocument, supplied: dict[str, str]) -> tuple[list[Report], CleanDocument]:
    """Clean one raw document and cut it into reports with metadata; keep the cleaning record."""
    cleaned = clean(doc)
    page = page_context(cleaned, supplied.get("date"))
    return [extract(d, cleaned, page, supplied) for d in segment(cleaned)], cleaned


def processing_glue() -> str:
    """The source of this module's functions that turn a raw file into reports, for the cache key."""
    return inspect.getsource(process_document) + inspect.getsource(load_sidecar)


def build(config: BuildConfig) -> BuildResult:
    """Build content/ and the site from the raw files."""
    result = BuildResult()
    clock = Clock(result)
    docs, notices = ingest(config.seeds)
    result.notices.extend(notices)
    registry = Registry.load(config.content)
    # of duplicates, keep the copy the registry already gave ids to
    unique, notices = drop_duplicates(sorted(docs, key=lambda d: (d.source not in registry.sources, d.source)))
    result.notices.extend(notices)
    unique.sort(key=lambda d: d.source)
    result.read = [d.source for d in docs]
    result.encodings = {d.source: f"{d.encoding}, {d.kind}" for d in docs}
    clock.lap("ingest")

    cache = BuildCache(config.cache or cache_folder(config.out), processing_glue())
    live = {d.source for d in docs}
    generated: list[Report] = []
    # look every document up in the cache first, then process what is left on all cores
    todo: list[int] = []
    found: list[tuple[list[Report], CleanDocument, list[dict[str, str]]] | None] = []
    keys: list[str] = []
    sidecars: list[dict[str, str]] = []
    for i, doc in enumerate(unique):
        old = registry.follow_rename(doc.source, doc.sha256, live)
        if old:
            result.notices.append(Notice(doc.source, "info", f"renamed from {old} (same bytes): its report ids are kept"))
        supplied = load_sidecar(config.seeds, doc, result.notices)
        key = cache.document_key(doc.sha256, supplied)
        remembered = cache.load_document(key)
        if remembered is None:
            todo.append(i)
        found.append(remembered)
        keys.append(key)
        sidecars.append(supplied)
    remembered_words = cache.load_json("keywords.json")
    version = keyword_version()
    memo: dict[str, list[str]] = remembered_words.get("memo", {}) if remembered_words.get("version") == version else {}  # type: ignore[assignment]
    # the workers process documents while this process gives ids to the ones already done, in order
    stream = ordered_imap(process_for_build, [(unique[i], sidecars[i]) for i in todo])
    outcomes = zip(todo, stream, strict=True)
    processed = len(todo)
    provenance: dict[str, tuple[RawDocument, CleanDocument]] = {}
    for i, doc in enumerate(unique):
        done = found[i]
        if done is None:
            j, (packed, error, words) = next(outcomes)
            assert j == i
            if packed is None:
                # one file the rules cannot handle must not stop the archive; say so loudly
                result.notices.append(Notice(doc.source, "skip", f"cannot be processed ({error}); please report this file"))
                continue
            memo.update(words)
            cache.put_document(keys[i], packed)
            done = unpack_document(packed)
        reports = [dataclasses.replace(r, source=doc.source) for r in done[0]]
        provenance[doc.source] = (doc, dataclasses.replace(done[1], source=doc.source))
        if not reports:
            result.notices.append(Notice(doc.source, "warning", "no report text found in this file"))
        generated.extend(registry.assign(reports, doc.sha256, done[2]))
    stream.close()  # every result is in: let the workers go
    cache.prune_documents()
    cache.close()
    result.work.update(documents_processed=processed, documents_cached=len(unique) - processed)
    clock.lap("process")

    config.content.mkdir(parents=True, exist_ok=True)
    remembered = cache.load_json("content.json")
    plan = plan_content(generated, config.content, registry, live, remembered)
    published = plan.published
    result.notices.extend(plan.notices)
    result.reports = published
    clock.lap("content")

    pages = cache.load_json("pages.json")
    if not pages and config.out.exists():
        shutil.rmtree(config.out)
    search = None
    report_keys = {r.id: report_digest(r) for r in published}
    if config.search:
        # Pagefind indexes in the background while new content files are written and the pages render
        search = start_search(published, config.out, cache, report_keys)
    clock.lap("search")

    plan.finish()
    cache.save_json("content.json", remembered)
    registry.save(config.content)
    clock.lap("content")

    site = render(published, SiteConfig(config.out, config.base_url, build_time()), result.notices, pages, provenance, memo,
                  report_keys)
    used = {k: site.keyword_memo[k] for k in sorted(site.keyword_memo) if k in site.keyword_keys}
    cache.save_json("keywords.json", {"version": version, "memo": used})  # type: ignore[dict-item]
    clock.lap("render")
    result.timings.update({f"render: {k}": v for k, v in site.timings.items()})

    if search is not None:
        finish_search(search, config.out, cache, result)
        clock.lap("search")
    files = build_report_files(result)
    write_build_report(result, config.out, files)
    site.write("build/", "build-report.html", files=files, n_reports=len(published))
    site.prune()
    cache.save_json("pages.json", site.pages)
    result.work.update(pages_written=site.written, pages_kept=site.kept, pages_removed=len(set(pages) - set(site.pages)))
    clock.lap("render")
    # last, once every file is written (so these warnings print, but are not in the build report)
    result.notices.extend(check_pages_limits(config.out))
    return result


def build_report_files(result: BuildResult) -> list[dict[str, object]]:
    """One entry per input file: read or skipped, how it was decoded, its reports and notices."""
    per_source: dict[str, int] = {}
    for r in result.reports:
        per_source[r.source] = per_source.get(r.source, 0) + 1
    files: dict[str, dict[str, object]] = {}
    for source in result.read:
        files[source] = {"source": source, "status": "read", "encoding": result.encodings.get(source),
                         "reports": per_source.get(source, 0), "notices": []}
    for n in result.notices:
        entry = files.setdefault(n.source, {"source": n.source, "status": "", "encoding": None, "reports": 0, "notices": []})
        entry["notices"].append({"level": n.level, "message": n.message})  # type: ignore[union-attr]
        if n.level == "skip":
            entry["status"] = "skipped"
        elif n.message.startswith("duplicate:"):
            entry["status"] = "duplicate"
    for entry in files.values():
        if not entry["status"]:
            entry["status"] = "ignored" if all(x["level"] == "info" for x in entry["notices"]) else "warning"  # type: ignore[union-attr]
    return [files[k] for k in sorted(files)]


SHARDS = "pagefind-shards"
"""Site folder of the search shards merged into the primary pagefind/ bundle by search.js."""


def shard_of(r: Report) -> str:
    """The search shard a report is indexed in: its year, or "undated"."""
    return r.year or "undated"


@dataclass
class SearchJob:
    """A search index build under way: what `start_search` started and `finish_search` completes."""

    runs: IndexRuns | None
    names: list[str]
    groups: dict[str, list[Report]]
    todo: list[tuple[str, str]]
    state: dict[str, str]


def start_search(reports: list[Report], out: Path, cache: BuildCache, report_keys: dict[str, str]) -> SearchJob:
    """Start indexing the reports with Pagefind, one bundle per year, only for shards whose reports changed.

    The first shard is the primary bundle at pagefind/ (which search.js loads); the others
    live in pagefind-shards/<year>/ and are listed in pagefind-shards/shards.json for
    search.js to merge with Pagefind's mergeIndex. Pagefind goes on in the background.
    """
    from . import search

    code = files_digest([Path(search.__file__)])
    groups: dict[str, list[Report]] = {}
    for r in sorted(reports, key=lambda r: r.id):
        groups.setdefault(shard_of(r), []).append(r)
    names = sorted(groups)
    bundles = {name: out / "pagefind" if i == 0 else out / SHARDS / name for i, name in enumerate(names)}
    before = cache.load_json("search.json")
    state: dict[str, str] = {}
    todo: list[tuple[str, str]] = []
    for name in names:
        key = digest(code, str(bundles[name].relative_to(out)), *(report_keys[r.id] for r in groups[name]))
        if before.get(name) == key and (bundles[name] / "pagefind.js").exists():
            state[name] = key
        else:
            todo.append((name, key))
    # forget the shards about to be rebuilt first, so a build stopped halfway redoes them
    cache.save_json("search.json", state)
    runs = start_indexes([(groups[name], bundles[name]) for name, _ in todo], out, date_label) if todo else None
    return SearchJob(runs, names, groups, todo, state)


def finish_search(job: SearchJob, out: Path, cache: BuildCache, result: BuildResult) -> None:
    """Wait for Pagefind, record which shards it indexed and list the shards for search.js."""
    errors = job.runs.wait() if job.runs is not None else []
    indexed = 0
    for (name, key), error in zip(job.todo, errors, strict=True):
        if error is not None:
            result.notices.append(Notice("(search index)", "warning", f"shard {name}: {error}"))
            continue
        job.state[name] = key
        indexed += len(job.groups[name])
    remove_stale_shards(out, set(job.names[1:]))
    write_shard_list(out, job.names[1:])
    cache.save_json("search.json", job.state)
    result.work["search_indexed"] = indexed
    result.work["search_shards"] = len(job.names)


def remove_stale_shards(out: Path, keep: set[str]) -> None:
    """Delete shard bundles of years that no longer have reports."""
    folder = out / SHARDS
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_dir() and path.name not in keep:
                shutil.rmtree(path)


def write_shard_list(out: Path, names: list[str]) -> None:
    """Write pagefind-shards/shards.json: the bundles search.js merges into the primary one."""
    path = out / SHARDS / "shards.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"shards": names}, ensure_ascii=False) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        with path.open("w", encoding="utf-8", newline="\n") as f:
            f.write(text)


def write_build_report(result: BuildResult, out: Path, files: list[dict[str, object]] | None = None) -> None:
    """Write data/build-report.json: every file read, skipped or warned about."""
    data = {
        "read": sorted(result.read),
        "reports": len(result.reports),
        "notices": [{"source": n.source, "level": n.level, "message": n.message} for n in result.notices],
        "files": files if files is not None else build_report_files(result),
    }
    path = out / "data" / "build-report.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(jsonfmt.dumps(data) + "\n")
