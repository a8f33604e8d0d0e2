"""Render the published reports into the static site with jinja2 and markdown-it-py."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt

from .model import Report
from .parallel import ordered_map

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
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = lambda url: bool(re.match(r"^(https?:|mailto:|#|/)", url.strip(), re.I))  # type: ignore[method-assign]

    def heading_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        env["n"] = env.get("n", 0) + 1
        tokens[idx].attrSet("id", f"sec-{env['n']}")
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("heading_open", heading_open)
    return md


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


def date_sort_key(r: Report) -> tuple[str, str]:
    return ((r.date or "").replace("--", "0000-"), r.id)


class Site:
    """Everything the templates need, computed once."""

    def __init__(self, reports: list[Report], config: SiteConfig, notices: list[Any] | None = None):
        self.config = config
        self.reports = sorted(reports, key=lambda r: (date_sort_key(r), r.id), reverse=True)
        self.by_agency: dict[str, list[Report]] = defaultdict(list)
        for r in self.reports:
            for a in dict.fromkeys(r.agencies or ((r.agency,) if r.agency else ())):
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
        self.notices = notices or []
        self.env = Environment(
            loader=FileSystemLoader(str(TEMPLATES)),
            autoescape=select_autoescape(["html", "xml"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.globals.update(
            site=site_text(), url=self.url, abs_url=self.abs_url, date_label=date_label,
            report_path=report_path, agency_path=agency_path, base=config.base_path,
        )
        self.md = markdown()

    def url(self, path: str) -> str:
        """Link to a site path under the base path, percent-encoded."""
        return quote(self.config.base_path + path, safe="/#?=&%")

    def abs_url(self, path: str) -> str:
        return (self.config.origin or "") + self.url(path)

    def write(self, path: str, template: str, **ctx: Any) -> None:
        html = self.env.get_template(template).render(path=path, **ctx)
        target = self.config.out / path
        if path.endswith("/") or not path:
            target = target / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="\n") as f:
            f.write(html)

    def render_all(self) -> None:
        out = self.config.out
        out.mkdir(parents=True, exist_ok=True)
        if STATIC.exists():
            shutil.copytree(STATIC, out / "static", dirs_exist_ok=True, ignore=shutil.ignore_patterns("search"))
            shutil.copytree(STATIC / "search", out / "search", dirs_exist_ok=True)
        (out / ".nojekyll").write_text("", encoding="utf-8")
        self.chronological = sorted(self.reports, key=date_sort_key)
        global _ACTIVE
        _ACTIVE = self
        try:
            ordered_map(_write_report_page, [(i,) for i in range(len(self.chronological))])
        finally:
            _ACTIVE = None
        agencies = sorted(self.by_agency.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.write("agencies/", "agencies.html", agencies=agencies)
        for name, rs in agencies:
            primary = [r for r in rs if r.agency == name]
            mentioned = [r for r in rs if r.agency != name]
            self.write(agency_path(name), "agency.html", name=name, primary=primary, mentioned=mentioned)
        years = sorted(self.by_year.items(), reverse=True)
        self.write("dates/", "dates.html", years=years, yearless=sorted(self.yearless.items()), unknown=self.unknown)
        for y, months in years:
            self.write(f"dates/{y}/", "year.html", year=y, months=sorted(months.items()))
            for m, rs in months.items():
                if m != "00":
                    self.write(f"dates/{y}/{m}/", "month.html", year=y, month=m, reports=rs)
        self.write("dates/unknown/", "unknown.html", yearless=sorted(self.yearless.items()), unknown=self.unknown)
        self.write("", "index.html", recent=self.reports[:20], n_reports=len(self.reports),
                   n_agencies=len(self.by_agency), years=years)
        self.write("search/", "search.html")
        self.write("404.html", "404.html")
        self.write("data/", "data.html", n_reports=len(self.reports))
        self.write_data()

    def write_data(self) -> None:
        data_dir = self.config.out / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        rows = [report_record(r, self) for r in sorted(self.reports, key=lambda r: (r.source, r.raw_span, r.id))]
        with (data_dir / "reports.json").open("w", encoding="utf-8", newline="\n") as f:
            json.dump({"reports": rows}, f, ensure_ascii=False, indent=1)
            f.write("\n")
        buf = io.StringIO()
        fields = ["id", "url", "source", "title", "agency", "agencies", "date", "date_precision", "date_basis", "places", "text"]
        w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for row in rows:
            w.writerow({k: ("；".join(row[k]) if isinstance(row[k], list) else row[k]) for k in fields})
        with (data_dir / "reports.csv").open("w", encoding="utf-8-sig", newline="") as f:
            f.write(buf.getvalue())


_ACTIVE: Site | None = None
"""The site being rendered; forked workers inherit it, so only an index crosses processes."""


def _write_report_page(i: int) -> None:
    """Render and write the I-th report page (chronological order) of the active site."""
    site = _ACTIVE
    assert site is not None, "_write_report_page runs only inside Site.render_all"
    rs = site.chronological
    r = rs[i]
    prev_r = rs[i - 1] if i > 0 else None
    next_r = rs[i + 1] if i + 1 < len(rs) else None
    body_html = site.md.render(r.body, {})
    site.write(report_path(r), "report.html", r=r, body_html=body_html, prev_r=prev_r, next_r=next_r)


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
        "corrected": r.corrected,
        "text": r.text,
    }


def render(reports: list[Report], config: SiteConfig, notices: list[Any] | None = None) -> Site:
    """Render every page of the site and its data downloads."""
    site = Site(reports, config, notices)
    site.render_all()
    return site
