"""Render the published reports into the static site with jinja2 and markdown-it-py."""

from __future__ import annotations

import csv
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, urlsplit

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.filters import do_urlencode
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from . import jsonfmt
from .agencies import agency_info
from .agency_tree import agency_tree, place_of
from .cache import digest, files_digest
from .cite import apa, gbt7714
from .feeds import FEED_LENGTH, atom_feed, robots, sitemap, write_text
from .keywords import related_reports, report_keywords
from .model import Report, Section
from .parallel import ordered_map
from .provenance import Provenance, provenance_path, source_view, write_provenance
from .timeline import timeline

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"


@dataclass(frozen=True)
class SiteConfig:
    """Where the site lives and what it is called."""

    out: Path
    base_url: str = "/"
    build_time: str = ""

    @property
    def base_path(self) -> str:
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


@lru_cache(maxsize=1)
def site_text() -> dict[str, Any]:
    """Load the site chrome from data/site.yaml."""
    return yaml.safe_load((DATA / "site.yaml").read_text(encoding="utf-8"))


def markdown() -> MarkdownIt:
    """A CommonMark renderer with raw HTML off and safe links only."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    md.validateLink = lambda url: bool(re.match(r"^(https?:|mailto:|#|/)", url.strip(), re.I))  # type: ignore[method-assign]

    def heading_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        env["n"] = env.get("n", 0) + 1
        tokens[idx].attrSet("id", f"sec-{env['n']}")
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("heading_open", heading_open)
    # a wide table scrolls inside its own box instead of widening the page
    md.add_render_rule("table_open", lambda self, tokens, idx, options, env: '<div class="table-wrap">\n<table>\n')
    md.add_render_rule("table_close", lambda self, tokens, idx, options, env: "</table>\n</div>\n")
    return md


PLAIN_BLOCK = re.compile(r"(?:(#{1,6}) )?([^\x00-\x20\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f](?:[^\x00-\x1f\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]*"
                         r"[^\x00-\x20\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])?)")
"""A block of a generated body that Markdown leaves as it is: a heading marker or none, then text that starts and
ends with neither white space nor ASCII punctuation and holds no control character, no line break and no ASCII
punctuation (so no emphasis, link, entity, list, code or character to escape)."""


def body_html(md: MarkdownIt, body: str) -> str:
    """md.render(body): blocks of plain text and headings written directly, anything else rendered by markdown-it.

    Most generated bodies are plain paragraphs and section headings; writing them here saves markdown-it's
    tokenizing, which took a tenth of the rendering time.
    """
    out = []
    headings = 0
    for block in body.split("\n\n") if body else ():
        m = PLAIN_BLOCK.fullmatch(block)
        if m is None or m[2] != m[2].strip():  # Unicode white space at an end: markdown-it strips it
            return md.render(body, {})
        hashes, text = m.groups()
        if hashes:
            headings += 1
            out.append(f'<h{len(hashes)} id="sec-{headings}">{text}</h{len(hashes)}>\n')
        else:
            out.append(f"<p>{text}</p>\n")
    return "".join(out)


def slug(name: str) -> str:
    """A file-system and URL safe folder name that keeps Chinese characters."""
    s = re.sub(r"[^\w\u3400-\u9fff]+", "-", name).strip("-")
    return s[:80] or "unnamed"


def report_path(r: Report) -> str:
    return f"reports/{r.id}/"


def agency_path(name: str) -> str:
    return f"agencies/{slug(name)}/"


def date_parts(r: Report) -> tuple[str | None, str | None]:
    return r.year, r.month


def date_label(r: Report) -> str:
    """The report's date in Chinese, as precise as it is known."""
    chrome = site_text()
    if not r.date:
        return chrome["unknown_date"]
    d = r.date
    if d.startswith("--"):
        mo = int(d[2:4])
        day = f"{int(d[5:7])}日" if len(d) >= 7 else ""
        return f"{mo}月{day}（年份不详）"
    y = d[:4]
    if len(d) == 4:
        return f"{y}年"
    mo = int(d[5:7])
    if len(d) == 7:
        return f"{y}年{mo}月"
    return f"{y}年{mo}月{int(d[8:10])}日"


def time_tag(r: Report, words: bool = False) -> Markup:
    """The report's date as <time> (a plain span when it has no year); with words, its precision and basis too."""
    label = escape(date_words(r) if words else date_label(r))
    if r.date and not r.date.startswith("--"):
        return Markup(f'<time datetime="{escape(r.date)}">{label}</time>')
    return Markup(f'<span class="date">{label}</span>')


def date_sort_key(r: Report) -> tuple[str, str]:
    return ((r.date or "").replace("--", "0000-"), r.id)


def date_words(r: Report) -> str:
    """The date with its precision and basis in words: 2020年3月，据正文推断."""
    basis = site_text()["basis"].get(r.date_basis or "", "")
    return f"{date_label(r)}，{basis}" if r.date and basis else date_label(r)


def day_path(y: str, m: str, d: str) -> str:
    return f"dates/{y}/{m}/{d}/"


def neighbours(items: list[Report], i: int) -> tuple[Report | None, Report | None]:
    """The items before and after position i."""
    return (items[i - 1] if i > 0 else None), (items[i + 1] if i + 1 < len(items) else None)


def report_digest(r: Report) -> str:
    """Hash everything a report holds: pages and search shards made from it change when this does."""
    return digest(repr(r))


@dataclass(frozen=True)
class PageJob:
    """One page to render: where, with which template and context."""

    target: Path
    template: str
    path: str
    ctx: dict[str, Any]
    lazy: Callable[[], dict[str, Any]] | None

    def run(self, site: Site) -> None:
        site.render_page(self)


@dataclass(frozen=True)
class RecordJob:
    """One raw file's provenance record to write (queued with the pages, so the workers write it too)."""

    source: str

    def run(self, site: Site) -> None:
        write_provenance({self.source: site.provenance[self.source]}, site.config.out)


@dataclass(frozen=True)
class DataJob:
    """The data downloads to write (queued first, so a worker writes them while the others render pages)."""

    def run(self, site: Site) -> None:
        site.write_data_files()


@dataclass(frozen=True)
class FeedJob:
    """One Atom feed to make and, unless the previous build wrote the same text, write.

    Its key is its text, so the worker that makes it decides; it hands back (file, key, kept) to record.
    """

    rel: str
    feed: dict[str, Any]
    """atom_feed's arguments."""

    def run(self, site: Site) -> tuple[str, str, bool]:
        text = atom_feed(**self.feed)
        key = digest(text)
        kept = site.fresh(self.rel, key)
        if not kept:
            write_text(site.config.out / self.rel, text)
        return self.rel, key, kept


Job = PageJob | RecordJob | DataJob | FeedJob

_FLUSHING: tuple[Site, list[Job]] | None = None
"""The site and queue being rendered, for forked workers to find (set only during Site.flush)."""


def _render_queued(i: int) -> tuple[str, str, bool] | None:
    """Run job i of the queue being flushed (in a worker, or in this process when serial)."""
    assert _FLUSHING is not None
    site, jobs = _FLUSHING
    return jobs[i].run(site)


class Site:
    """Everything the templates need, computed once."""

    def __init__(self, reports: list[Report], config: SiteConfig, notices: list[Any] | None = None,
                 previous: dict[str, str] | None = None, provenance: Provenance | None = None,
                 keyword_memo: dict[str, list[str]] | None = None, report_keys: dict[str, str] | None = None):
        self.config = config
        self.previous = previous or {}
        """Site file -> key of what it was made from, as of the previous build."""
        self.pages: dict[str, str] = {}
        """Site file -> key of what it is made from in this build (every file, written or kept)."""
        self.written = 0
        self.kept = 0
        self._report_keys: dict[int, str] = {id(r): report_keys[r.id] for r in reports if r.id in report_keys} if report_keys else {}
        self._urls: dict[str, str] = {}
        self._agency_urls: dict[str, str] = {}
        self._search_urls: dict[str, str] = {}
        self._source_keys: dict[str, str] = {}
        self._chrome: dict[tuple[str, str | None], Markup] = {}
        self.provenance: Provenance = provenance or {}
        self.reports = sorted(reports, key=lambda r: (date_sort_key(r), r.id), reverse=True)
        self.chronological = sorted(self.reports, key=date_sort_key)
        self.by_agency: dict[str, list[Report]] = defaultdict(list)
        self.sections_by_agency: dict[str, list[tuple[Report, Section]]] = defaultdict(list)
        for r in self.reports:
            for s in r.sections:
                if s.agency:
                    self.sections_by_agency[s.agency].append((r, s))
            named = (*(r.agencies or ((r.agency,) if r.agency else ())), *(s.agency for s in r.sections if s.agency))
            for a in dict.fromkeys(named):
                self.by_agency[a].append(r)
        self.by_year: dict[str, dict[str, list[Report]]] = defaultdict(lambda: defaultdict(list))
        self.unknown: list[Report] = []
        self.yearless: dict[str, list[Report]] = defaultdict(list)
        for r in self.reports:
            y, m = date_parts(r)
            if y:
                self.by_year[y][m or "00"].append(r)
            elif m:
                self.yearless[m].append(r)
            else:
                self.unknown.append(r)
        self.year_only = [r for r in self.reports if r.year and not r.month]
        self.notices = notices or []
        self.keyword_memo: dict[str, list[str]] = dict(keyword_memo or {})
        self.keyword_keys: set[str] = set()
        """The memo entries this build used (the others are dropped from the cache)."""
        t0 = time.perf_counter()
        self.keywords = report_keywords(self.reports, self.keyword_memo, self.keyword_keys)
        self.related = related_reports(self.reports, self.keywords)
        self.timings: dict[str, float] = {"keywords": time.perf_counter() - t0}
        """Wall seconds of the parts of rendering, for bench/phases.py."""
        self.sitemap_paths: list[str] = []
        self.queue: list[Job] | None = None
        """Pages (and provenance records) to render, while render_all decides what changed; None renders at once."""
        self.env = Environment(
            loader=FileSystemLoader(str(TEMPLATES)),
            autoescape=select_autoescape(["html", "xml"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # templates do not change during a build: no stat of each one for every page
        )
        self.env.globals.update(
            site=site_text(), url=self.url, abs_url=self.abs_url, date_label=date_label, date_words=date_words,
            time_tag=time_tag, report_path=report_path, report_url=self.report_url, agency_path=agency_path,
            agency_url=self.agency_url, search_url=self.search_url,
            day_path=day_path, base=config.base_path, chrome=self.chrome,
        )
        self.md = markdown()
        self.template_key = digest(
            files_digest([p for p in sorted(TEMPLATES.rglob("*")) if p.is_file()]),
            (DATA / "site.yaml").read_bytes(), config.base_url, config.build_time,
        )

    def report_key(self, r: Report) -> str:
        """Hash everything a report holds, once per report."""
        key = self._report_keys.get(id(r))
        if key is None:
            key = self._report_keys[id(r)] = report_digest(r)
        return key

    def context_key(self, value: Any) -> str:
        """Hash a template context: reports by their key, containers item by item."""
        if isinstance(value, Report):
            return self.report_key(value)
        if isinstance(value, dict):
            return "{" + ",".join(f"{k!r}:{self.context_key(v)}" for k, v in sorted(value.items())) + "}"
        if isinstance(value, (list, tuple)):
            return "[" + ",".join(self.context_key(v) for v in value) + "]"
        return repr(value)

    def unchanged(self, rel: str, key: str) -> bool:
        """Record a site file's key; say whether the previous build already wrote it from the same inputs."""
        kept = self.fresh(rel, key)
        self.record(rel, key, kept)
        return kept

    def fresh(self, rel: str, key: str) -> bool:
        """Whether the previous build already wrote a site file from the same inputs (and it is still there)."""
        return self.previous.get(rel) == key and (self.config.out / rel).exists()

    def record(self, rel: str, key: str, kept: bool) -> None:
        """Remember a site file's key and whether it was kept or written."""
        self.pages[rel] = key
        if kept:
            self.kept += 1
        else:
            self.written += 1

    def write_file(self, rel: str, text: str) -> None:
        """Write a generated text file (feed, sitemap, record) unless it already holds exactly this text."""
        if not self.unchanged(rel, digest(text)):
            write_text(self.config.out / rel, text)

    def url(self, path: str) -> str:
        """Link to a site path under the base path, percent-encoded (remembered: every page links the same few)."""
        link = self._urls.get(path)
        if link is None:
            link = self._urls[path] = quote(self.config.base_path + path, safe="/#?=&%")
        return link

    def chrome(self, template: str, path: str) -> Markup:
        """The site header or footer of the page at `path`: rendered once per nav item it can mark current."""
        current = path if any(item["path"] == path for item in site_text()["nav"]) else None
        html = self._chrome.get((template, current))
        if html is None:
            html = self._chrome[template, current] = Markup(self.env.get_template(template).render(current=current))
        return html

    def report_url(self, r: Report) -> str:
        """Link to a report's page (one call from a template, where each call costs)."""
        return self.url(report_path(r))

    def agency_url(self, name: str) -> str:
        """Link to an agency's page (remembered: a report page links several, and each template call costs)."""
        link = self._agency_urls.get(name)
        if link is None:
            link = self._agency_urls[name] = self.url(agency_path(name))
        return link

    def search_url(self, query: str) -> str:
        """Link to the search page asking for `query`, encoded as Jinja's urlencode filter does (remembered)."""
        link = self._search_urls.get(query)
        if link is None:
            link = self._search_urls[query] = self.url("search/?q=" + do_urlencode(query))
        return link

    def abs_url(self, path: str) -> str:
        """An absolute URL (origin from --base-url) for feeds, sitemap and citations."""
        return (self.config.origin or "") + self.url(path)

    def write(self, path: str, template: str, lazy: Callable[[], dict[str, Any]] | None = None, **ctx: Any) -> None:
        """Render one page, unless the previous build made it from the same inputs.

        `lazy` computes more context from `ctx` (so it needs no key of its own), only when the page is rendered.
        Inside `render_all` the page is only queued; `flush` renders the queue on all cores.
        """
        if path != "404.html":
            self.sitemap_paths.append(path)
        target = self.config.out / path
        if path.endswith("/") or not path:
            target = target / "index.html"
        rel = target.relative_to(self.config.out).as_posix()
        if self.unchanged(rel, digest(self.template_key, template, rel, self.context_key(ctx))):
            return
        self.submit(PageJob(target, template, path, ctx, lazy))

    def submit(self, job: Job) -> None:
        """Queue a job for `flush` (inside render_all) or run it now; record what a feed job hands back."""
        if self.queue is not None:
            self.queue.append(job)
            return
        done = job.run(self)
        if done is not None:
            self.record(*done)

    def render_page(self, job: PageJob) -> None:
        """Render one queued page and write it."""
        ctx = job.ctx if job.lazy is None else {**job.ctx, **job.lazy()}
        html = self.env.get_template(job.template).render(path=job.path, **ctx)
        job.target.parent.mkdir(parents=True, exist_ok=True)
        with job.target.open("w", encoding="utf-8", newline="\n") as f:
            f.write(html)

    def flush(self) -> None:
        """Run the queue (pages, records, data, feeds) on all cores (forked workers inherit this site and its queue).

        A feed job decides in its worker whether its file changed and hands back what to record here.
        """
        global _FLUSHING
        t0 = time.perf_counter()
        jobs, self.queue = self.queue or [], None
        for template in sorted({j.template for j in jobs if isinstance(j, PageJob)}):
            self.env.get_template(template)  # compile once, before the workers fork
        _FLUSHING = (self, jobs)
        try:
            for done in ordered_map(_render_queued, [(i,) for i in range(len(jobs))]):
                if done is not None:
                    self.record(*done)
        finally:
            _FLUSHING = None
        self.timings["pages_rendered"] = time.perf_counter() - t0

    def render_all(self) -> None:
        out = self.config.out
        out.mkdir(parents=True, exist_ok=True)
        if STATIC.exists():
            for src in sorted(p for p in STATIC.rglob("*") if p.is_file()):
                rel = src.relative_to(STATIC).as_posix()
                self.copy_static(src, rel if rel.startswith("search/") else f"static/{rel}")
        if not self.unchanged(".nojekyll", digest("")):
            (out / ".nojekyll").write_text("", encoding="utf-8")
        self.queue = []
        self.write_data()
        self.render_reports()
        self.render_agencies()
        years = self.render_dates()
        self.render_home(years)
        self.write("checks/", "checks.html", checks=self.checks(), sources=sorted(self.provenance))
        self.write("search/", "search.html")
        self.write("404.html", "404.html")
        self.write("data/", "data.html", n_reports=len(self.reports), sources=sorted(self.provenance))
        self.write_provenance()
        self.write_feeds()
        self.flush()
        self.sitemap_paths.append("build/")  # the build report page, written by the pipeline once indexing is done
        self.write_sitemap()

    def source_key(self, source: str) -> str:
        """What a raw file's provenance is made from: its bytes and the code that cleaned it (once per file)."""
        key = self._source_keys.get(source)
        if key is None:
            doc, cleaned = self.provenance[source]
            key = self._source_keys[source] = digest(doc.sha256, repr(cleaned.changes), repr(cleaned.removed))
        return key

    def write_provenance(self) -> None:
        """Write data/provenance/<source>.json for every raw file whose record changed (queued, inside render_all)."""
        for source in sorted(self.provenance):
            rel = provenance_path(source)
            if not self.unchanged(rel, self.source_key(source)):
                self.submit(RecordJob(source))

    def copy_static(self, src: Path, rel: str) -> None:
        """Copy one static file into the site when its bytes changed."""
        data = src.read_bytes()
        if self.unchanged(rel, digest(data)):
            return
        target = self.config.out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def prune(self) -> list[str]:
        """Delete the site files the previous build wrote and this one did not; return them."""
        gone = sorted(set(self.previous) - set(self.pages))
        out = self.config.out
        for rel in gone:
            target = out / rel
            if target.is_file():
                target.unlink()
            parent = target.parent
            while parent != out and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
        return gone

    def render_reports(self) -> None:
        """Write every report page and its source (provenance) page."""
        chronological = self.chronological
        by_primary: dict[str, list[Report]] = defaultdict(list)
        position: dict[str, int] = {}
        for r in chronological:
            if r.agency:
                position[r.id] = len(by_primary[r.agency])
                by_primary[r.agency].append(r)
        for i, r in enumerate(chronological):
            prev_r, next_r = neighbours(chronological, i)
            same = by_primary.get(r.agency or "", [])
            prev_a, next_a = neighbours(same, position[r.id]) if r.agency else (None, None)
            has_source = r.source in self.provenance and bool(r.raw_span[0])
            page = self.abs_url(report_path(r))
            title = site_text()["title"]
            citations = {"gbt": gbt7714(r, page, self.accessed(), title), "apa": apa(r, page, title)}
            self.write(report_path(r), "report.html", lambda r=r: {"body_html": body_html(self.md, r.body)},
                       r=r, prev_r=prev_r, next_r=next_r,
                       prev_a=prev_a, next_a=next_a, keywords=self.keywords[r.id], related=self.related[r.id],
                       citations=citations, has_source=has_source,
                       section_agencies=sorted({s.agency for s in r.sections if s.agency and s.agency in self.by_agency}))
            if has_source:
                rules = site_text().get("rules", {})
                self.write(report_path(r) + "source/", "source.html", lambda r=r: {"view": source_view(r, self.provenance)},
                           r=r, source=self.source_key(r.source), rules=rules, record=provenance_path(r.source))

    def accessed(self) -> str:
        """The citation access date: the build date, when SOURCE_DATE_EPOCH set it."""
        day = self.config.build_time[:10]
        return "" if not day or day.startswith("1970") else day

    def render_agencies(self) -> None:
        """Write the agency hierarchy and one page (and feed) per agency."""
        counts = {a: len(rs) for a, rs in self.by_agency.items()}
        tree = agency_tree(counts, {a: {r.id for r in rs} for a, rs in self.by_agency.items()})
        self.write("agencies/", "agencies.html", tree=tree, n_agencies=len(counts))
        children_of: dict[str, list[str]] = defaultdict(list)
        for a in sorted(self.by_agency):
            info = agency_info(a)
            if info and info.parent and info.parent != a:
                children_of[info.parent].append(a)
        for name, rs in sorted(self.by_agency.items()):
            primary = [r for r in rs if r.agency == name]
            mentioned = [r for r in rs if r.agency != name and name in r.agencies]
            sections = sorted(self.sections_by_agency.get(name, []), key=lambda rs_: (date_sort_key(rs_[0]), rs_[1].anchor))
            info = agency_info(name)
            parent = info.parent if info and info.parent != name else None
            children = children_of.get(name, [])
            place, _ = place_of(name)
            self.write(agency_path(name), "agency.html", name=name, primary=primary, mentioned=mentioned,
                       sections=sections, parent=parent if parent in self.by_agency else None, parent_name=parent,
                       children=children, place=place)

    def render_dates(self) -> list[tuple[str, dict[str, list[Report]]]]:
        """Write the year -> month -> day drill-down and the unknown or partial bucket."""
        years = sorted(self.by_year.items(), reverse=True)
        self.write("dates/", "dates.html", years=years, yearless=sorted(self.yearless.items()), unknown=self.unknown,
                   year_only=self.year_only)
        for y, months in years:
            self.write(f"dates/{y}/", "year.html", year=y,
                       months=sorted(months.items(), key=lambda kv: (kv[0] == "00", kv[0])),
                       days={m: self.days(rs) for m, rs in months.items()})
            for m, rs in months.items():
                if m == "00":
                    continue
                days = self.days(rs)
                self.write(f"dates/{y}/{m}/", "month.html", year=y, month=m, reports=rs, days=days)
                for d, drs in days:
                    if d != "00":
                        self.write(day_path(y, m, d), "day.html", year=y, month=m, day=d, reports=drs)
        self.write("dates/unknown/", "unknown.html", yearless=sorted(self.yearless.items()), unknown=self.unknown,
                   year_only=self.year_only)
        return years

    @staticmethod
    def days(reports: list[Report]) -> list[tuple[str, list[Report]]]:
        """Group a month's reports by day ("00" when the day is not known), in day order."""
        out: dict[str, list[Report]] = defaultdict(list)
        for r in reports:
            out[(r.date or "")[8:10] or "00"].append(r)
        return sorted(out.items(), key=lambda kv: (kv[0] == "00", kv[0]))

    def render_home(self, years: list[tuple[str, dict[str, list[Report]]]]) -> None:
        """Write the home page: counts, the timeline chart, recent reports and ways in."""
        counts = {(y, m): len(rs) for y, months in years for m, rs in months.items() if m != "00"}
        dated = [r for r in self.chronological if r.year]
        self.write("", "index.html", recent=self.reports[:10], n_reports=len(self.reports),
                   n_agencies=len(self.by_agency), n_sources=len({r.source for r in self.reports}), years=years,
                   chart=timeline(counts), first=dated[0] if dated else None, last=dated[-1] if dated else None,
                   n_undated=len(self.reports) - len([r for r in self.reports if r.month and r.year]),
                   top_agencies=sorted(self.by_agency.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:8],
                   n_checks=len(self.checks()))

    def checks(self) -> list[Report]:
        """Reports whose title, agency or date was inferred weakly: most doubts first, then by date."""
        return sorted((r for r in self.chronological if r.checks), key=lambda r: (-len(r.checks), date_sort_key(r)))

    def write_feeds(self) -> None:
        """Write the Atom feeds (whole archive and per agency) whose text changed (queued, inside render_all)."""
        title = site_text()["title"]
        common = {"site_title": title, "updated": self.config.build_time or "1970-01-01T00:00:00Z",
                  "link_for": lambda r: self.abs_url(report_path(r)),
                  "summary_for": lambda r: f"{r.agency or ''}　{date_words(r)}　{r.text[:120]}".strip()}
        jobs = [FeedJob("feed.xml", dict(reports=self.reports[:FEED_LENGTH], key="feed", title=title,
                                         self_url=self.abs_url("feed.xml"), page_url=self.abs_url(""), **common))]
        for name, rs in sorted(self.by_agency.items()):
            path = agency_path(name)
            jobs.append(FeedJob(path + "feed.xml", dict(reports=rs[:FEED_LENGTH], key=path, title=f"{name} · {title}",
                                                        self_url=self.abs_url(path + "feed.xml"),
                                                        page_url=self.abs_url(path), **common)))
        for job in jobs:
            self.submit(job)

    def write_sitemap(self) -> None:
        """Write sitemap.xml (once every page is written) and robots.txt."""
        self.write_file("sitemap.xml", sitemap(self.abs_url(p) for p in self.sitemap_paths))
        self.write_file("robots.txt", robots(self.abs_url("sitemap.xml")))

    def write_data(self) -> None:
        """Write data/reports.json and data/reports.csv, when any report changed (queued, inside render_all)."""
        key = digest(self.template_key, *(self.report_key(r) for r in self.reports), repr(sorted(self.keywords.items())))
        fresh = [self.unchanged(rel, key) for rel in ("data/reports.json", "data/reports.csv")]
        if not all(fresh):
            self.submit(DataJob())

    def write_data_files(self) -> None:
        """Write data/reports.json and data/reports.csv."""
        data_dir = self.config.out / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        rows = [report_record(r, self) for r in sorted(self.reports, key=lambda r: (r.source, r.raw_span, r.id))]
        with (data_dir / "reports.json").open("w", encoding="utf-8", newline="\n") as f:
            write_reports_json(f, rows)
        fields = ["id", "url", "source", "title", "agency", "agencies", "date", "date_precision", "date_basis", "places", "text"]
        with (data_dir / "reports.csv").open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            w.writeheader()
            for row in rows:
                w.writerow({k: ("；".join(row[k]) if isinstance(row[k], list) else row[k]) for k in fields})


JSON_BATCH = 500
"""Records encoded and written at a time: few writes, and never the whole file in memory (179 MB at 50,000)."""


def write_reports_json(f: IO[str], rows: list[dict[str, Any]]) -> None:
    """Write {"reports": rows} exactly as json.dumps(..., ensure_ascii=False, indent=1) would, a batch at a time."""
    if not rows:
        f.write(jsonfmt.dumps({"reports": rows}) + "\n")
        return
    f.write('{\n "reports": [\n  ')
    for start in range(0, len(rows), JSON_BATCH):
        if start:
            f.write(",\n  ")
        # one record indented by two more spaces: JSON strings never hold a raw line break
        f.write(",\n  ".join(jsonfmt.dumps(row).replace("\n", "\n  ")
                             for row in rows[start : start + JSON_BATCH]))
    f.write("\n ]\n}\n")


def report_record(r: Report, site: Site) -> dict[str, Any]:
    """The contract record of one report in data/reports.json."""
    return {
        "id": r.id,
        "url": site.url(report_path(r)),
        "source": r.source,
        "title": r.title,
        "subtitle": r.subtitle,
        "agency": r.agency,
        "agencies": list(r.agencies),
        "date": r.date,
        "date_precision": r.date_precision,
        "date_basis": r.date_basis,
        "date_evidence": r.date_evidence,
        "byline": r.byline,
        "places": list(r.places),
        "sections": [{"heading": s.heading, "anchor": s.anchor, "agency": s.agency} for s in r.sections],
        "raw_lines": list(r.raw_span),
        "checks": list(r.checks),
        "keywords": list(site.keywords.get(r.id, ())),
        "corrected": r.corrected,
        "text": r.text,
    }


def render(reports: list[Report], config: SiteConfig, notices: list[Any] | None = None,
           previous: dict[str, str] | None = None, provenance: Provenance | None = None,
           keyword_memo: dict[str, list[str]] | None = None, report_keys: dict[str, str] | None = None) -> Site:
    """Render every page of the site, its data downloads, feeds and sitemap whose inputs changed since `previous`.

    Call `site.prune()` once every page of the build is written, to remove what the previous build had.
    """
    site = Site(reports, config, notices, previous, provenance, keyword_memo, report_keys)
    site.render_all()
    return site
