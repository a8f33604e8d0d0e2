"""Build the Chinese full-text search index with Pagefind.

Following research/search.md (variant E2-shadow): every report is written once
more into a build-only shadow tree, its text cut into one token per Chinese
character and per digit, Latin runs whole and punctuation glued to a
neighbour. The plain pagefind binary indexes that tree into site/pagefind/;
deployed pages keep their natural text. search/search.js turns each query term
into a quoted phrase of the same tokens and intersects the terms.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

from .model import Report
from .parallel import ordered_map

OPENERS = set("“‘「『（(《〈【[")
TOKEN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[0-9]|[A-Za-z]+|\S")
PUNCT_RE = re.compile(r"[^\w\s]", re.UNICODE)


class SearchIndexError(Exception):
    """Pagefind failed; the message carries what it printed."""


def fold(text: str) -> str:
    """Fold full-width forms to half-width ones so either finds the other (，->, １->1)."""
    return unicodedata.normalize("NFKC", text)


def unigram_tokens(text: str) -> list[str]:
    """One token per CJK character and digit; Latin runs whole; punctuation glued to a neighbour."""
    out: list[str] = []
    pending = ""
    for t in TOKEN_RE.findall(fold(text).lower()):
        if PUNCT_RE.fullmatch(t) and not t.isalnum():
            if t in OPENERS or not out:
                pending += t
            else:
                out[-1] += t
            continue
        out.append(pending + t)
        pending = ""
    if pending:
        if out:
            out[-1] += pending
        else:
            out.append(pending)
    return out


SHADOW_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>
<body>
<h1 data-pagefind-meta="title">{title}</h1>
<span data-pagefind-meta="date">{date}</span>
<span data-pagefind-meta="agency">{agency}</span>
<span data-pagefind-meta="date_label">{date_label}</span>
{filters}
<main data-pagefind-body>
{body}
</main>
</body></html>
"""


def shadow_page(r: Report, date_label: str) -> str:
    """The build-only page Pagefind indexes for one report."""
    e = html.escape
    paras = [r.title, *(r.subtitle and [r.subtitle] or []), *r.text.split("\n\n")]
    body = "\n".join(f"<p>{e(' '.join(unigram_tokens(p)))}</p>" for p in paras if p.strip())
    filters = []
    for a in r.agencies[:8]:
        filters.append(f'<span data-pagefind-filter="agency">{e(a)}</span>')
    for p in r.places[:8]:
        filters.append(f'<span data-pagefind-filter="place">{e(p)}</span>')
    if r.year:
        filters.append(f'<span data-pagefind-filter="year">{e(r.year)}</span>')
    if r.month:
        filters.append(f'<span data-pagefind-filter="month">{e(r.month)}</span>')
    return SHADOW_PAGE.format(
        title=e(r.title), date=e(r.date or ""), agency=e(r.agency or ""), date_label=e(date_label),
        filters="\n".join(filters), body=body,
    )


def pagefind_command() -> list[str]:
    """The command that runs the plain pagefind binary from the pagefind-bin package."""
    return [sys.executable, "-m", "pagefind_bin"]


def build_index(reports: list[Report], out: Path, date_label: object) -> None:
    """Write the shadow tree and index it into out/pagefind/."""
    from .render import report_path

    with tempfile.TemporaryDirectory(prefix="archive-shadow-") as tmp:
        shadow = Path(tmp)
        pages = ordered_map(shadow_page, [(r, date_label(r)) for r in reports])  # type: ignore[operator]
        for r, page in zip(reports, pages, strict=True):
            target = shadow / report_path(r) / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page, encoding="utf-8")
        bundle = out / "pagefind"
        if bundle.exists():
            shutil.rmtree(bundle)
        cmd = [*pagefind_command(), "--site", str(shadow), "--output-path", str(bundle), "--quiet"]
        proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
        if proc.returncode != 0:
            raise SearchIndexError(f"pagefind failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}")
