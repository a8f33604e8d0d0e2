"""Build the Chinese full-text search index with Pagefind.

Following research/search.md (variant E2-shadow): every report is written once
more into a build-only shadow tree, its text cut into one token per Chinese
character and per digit, Latin runs whole and punctuation glued to a
neighbour. The plain pagefind binary indexes that tree into site/pagefind/;
deployed pages keep their natural text. search/search.js turns each query term
into a quoted phrase of the same tokens and intersects the terms.

Folding: the indexed copy is folded character by character, traditional
characters to simplified ones (OpenCC's character table) and full-width
letters and digits to half-width ones (NFKC). The same table is written to
search/t2s.json so search.js folds queries identically. When folding changed
a report's text, its natural text rides along as page metadata, so excerpts
show what the page says.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

from .model import Report
from .parallel import job_slots, ordered_map

OPENERS = set("“‘「『（(《〈【[")
HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
TOKEN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]|[0-9]|[A-Za-z]+|\S")
PARAGRAPH_END = "¶"
"""Glued to the last token of every paragraph; search.js turns it back into a paragraph break."""
T2S_FILE = "t2s.json"


class SearchIndexError(Exception):
    """Pagefind failed; the message carries what it printed."""


@lru_cache(maxsize=1)
def t2s_table() -> dict[str, str]:
    """Traditional -> simplified, one character each, from OpenCC's TSCharacters table."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SearchIndexError(f"{path}: cannot read OpenCC's character table ({exc})") from exc
    raw: dict[str, str] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        key, _, values = line.partition("\t")
        target = values.split(" ")[0] if values else ""
        if len(key) != 1 or len(target) != 1:
            raise SearchIndexError(f"{path}:{n}: expected one character, a tab and its simplified forms")
        if key != target:
            raw[key] = target

    def settle(ch: str) -> str:
        """Follow a chain of mappings to its end, so folding twice changes nothing."""
        seen = {ch}
        while ch in raw and raw[ch] not in seen:
            ch = raw[ch]
            seen.add(ch)
        return ch

    return {k: settle(k) for k in sorted(raw) if settle(k) != k}


def fold_char(ch: str) -> str:
    """Fold one character: traditional to simplified, full-width letters and digits to half-width."""
    if ch in t2s_table():
        return t2s_table()[ch]
    if ch.isalnum() and not HAN_RE.match(ch):
        return unicodedata.normalize("NFKC", ch)
    return ch


class FoldTable(dict[int, str]):
    """fold_char for str.translate, remembered per character on first sight (a corpus uses a few thousand)."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = fold_char(chr(code))
        return folded


_FOLDS = FoldTable()


def fold(text: str) -> str:
    """Fold a text character by character, as the index and search.js both do."""
    return text.translate(_FOLDS)


def unigram_tokens(text: str) -> list[str]:
    """One token per CJK character and digit; Latin runs whole; punctuation glued to a neighbour."""
    return folded_tokens(fold(text))


def folded_tokens(folded: str) -> list[str]:
    """unigram_tokens of a text already folded."""
    out: list[str] = []
    pending = ""
    for t in TOKEN_RE.findall(folded):
        if len(t) == 1 and not t.isalnum():
            if t in OPENERS or not out or pending:
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
<span data-pagefind-sort="newest">{newest}</span>
<span data-pagefind-sort="oldest">{oldest}</span>
{natural}{filters}
<main data-pagefind-body>
{body}
</main>
</body></html>
"""


def paragraphs(r: Report) -> list[str]:
    """The report's searchable paragraphs: title, subtitle, then the body text."""
    return [p for p in [r.title, r.subtitle or "", *r.text.split("\n\n")] if p.strip()]


def shadow_paragraph(folded: str) -> str:
    """One paragraph, already folded and without paragraph marks, as space-separated tokens ending in the mark."""
    tokens = folded_tokens(folded)
    if tokens:
        tokens[-1] += PARAGRAPH_END
    return " ".join(tokens)


def natural_text(r: Report) -> str:
    """The paragraphs as the page shows them, joined by the paragraph mark (metadata loses newlines)."""
    return PARAGRAPH_END.join(p.replace(PARAGRAPH_END, " ") for p in paragraphs(r))


def filter_spans(r: Report) -> list[str]:
    """The Pagefind filters of one report: agencies, places, year and month."""
    e = html.escape
    spans = [f'<span data-pagefind-filter="agency">{e(a)}</span>' for a in dict.fromkeys(r.agencies)]
    spans += [f'<span data-pagefind-filter="place">{e(p)}</span>' for p in dict.fromkeys(r.places)]
    if r.year:
        spans.append(f'<span data-pagefind-filter="year">{e(r.year)}</span>')
    if r.month:
        spans.append(f'<span data-pagefind-filter="month">{e(r.month)}</span>')
    return spans


def sort_key(r: Report, unknown: str) -> str:
    """The report's date as a sortable string; year-less dates before dated ones, unknown ones as given."""
    if not r.date:
        return unknown
    return r.date.replace("--", "0000-")


def shadow_page(r: Report, date_label: str) -> str:
    """The build-only page Pagefind indexes for one report."""
    e = html.escape
    natural = natural_text(r)
    folded = fold(natural)  # once for the whole report: folding is per character and keeps the paragraph marks
    body = "\n".join(f"<p>{e(shadow_paragraph(p))}</p>" for p in folded.split(PARAGRAPH_END)) if natural else ""
    meta = ""
    if folded != natural:
        meta = f'<span data-pagefind-meta="natural">{e(natural)}</span>\n'
    return SHADOW_PAGE.format(
        title=e(r.title), date=e(r.date or ""), agency=e(r.agency or ""), date_label=e(date_label),
        newest=sort_key(r, "0000"), oldest=sort_key(r, "9999"), natural=meta,
        filters="\n".join(filter_spans(r)), body=body,
    )


def pagefind_command() -> list[str]:
    """The command that runs the plain pagefind binary from the pagefind-bin package."""
    return [sys.executable, "-m", "pagefind_bin"]


def write_fold_table(out: Path) -> None:
    """Write search/t2s.json, the folding table search.js loads when a query or page needs it."""
    target = out / "search" / T2S_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    pairs = t2s_table()
    data = {"from": "".join(pairs), "to": "".join(pairs.values())}
    with target.open("w", encoding="utf-8", newline="\n") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


def write_shadow_tree(reports: list[Report], shadow: Path, date_label: Callable[[Report], str]) -> None:
    """Write one tokenised page per report at the report's own path."""
    error = write_shadow_trees([(reports, shadow)], date_label)[0]
    if error is not None:
        raise OSError(error)


def write_shadow_trees(trees: list[tuple[list[Report], Path]], date_label: Callable[[Report], str]) -> list[str | None]:
    """Write the shadow trees of several shards at once, on all cores; per tree, None or why it failed."""
    from .render import report_path

    jobs = [(i, r, date_label(r), shadow / report_path(r) / "index.html")
            for i, (reports, shadow) in enumerate(trees) for r in sorted(reports, key=lambda r: r.id)]
    errors: list[str | None] = [None] * len(trees)
    for (i, *_), error in zip(jobs, ordered_map(write_shadow_page, [tuple(job[1:]) for job in jobs]), strict=True):
        if error is not None and errors[i] is None:
            errors[i] = error
    return errors


def write_shadow_page(r: Report, date_label: str, target: Path) -> str | None:
    """Cut one report into tokens and write its shadow page (in a worker); None, or why it could not be written."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="\n") as f:
            f.write(shadow_page(r, date_label))
    except OSError as exc:
        return str(exc)
    return None


def run_pagefind(shadow: Path, bundle: Path) -> None:
    """Index the shadow tree with the plain pagefind binary into bundle/."""
    if bundle.exists():
        shutil.rmtree(bundle)
    cmd = [*pagefind_command(), "--site", str(shadow), "--output-path", str(bundle), "--quiet"]
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
    if proc.returncode != 0:
        raise SearchIndexError(f"pagefind failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}")


def index_and_discard(shadow: Path, bundle: Path, slots: threading.Semaphore) -> None:
    """Index one shard's shadow tree once a slot is free, then delete the tree (while the others go on)."""
    try:
        with slots:
            run_pagefind(shadow, bundle)
    finally:
        shutil.rmtree(shadow, ignore_errors=True)


SCRATCH_CANDIDATES = ("/dev/shm",)
"""Memory-backed folders tried first for the shadow trees: thousands of small files written once, read
once by Pagefind and deleted, which cost a disk-backed file system several seconds at 10,000 reports."""


def scratch_folder(need: int) -> str | None:
    """Where to write build-only files of about `need` bytes: a memory-backed folder when there is one with
    room to spare, else None (the system's temporary folder)."""
    for folder in SCRATCH_CANDIDATES:
        try:
            if os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK) and shutil.disk_usage(folder).free > 4 * need:
                return folder
        except OSError:
            continue
    return None


def shadow_bytes(shards: list[tuple[list[Report], Path]]) -> int:
    """A generous estimate of the shadow trees' size: UTF-8 text with a space per character, plus markup."""
    return sum(8 * len(r.text) + 4096 for reports, _ in shards for r in reports)


class IndexRuns:
    """Pagefind runs started by `start_indexes`, going on in the background; `wait` collects them."""

    def __init__(self, n: int, tmp: tempfile.TemporaryDirectory[str] | None) -> None:
        self.errors: list[str | None] = [None] * n
        self.tmp = tmp
        self.pool: ThreadPoolExecutor | None = None
        self.runs: list[tuple[int, Future[None]]] = []
        self.slots = threading.Semaphore(1)
        """Pagefind runs allowed at once: one while the caller renders pages beside them (each run holds
        about 250 KB a page, as much as the rendering workers together at 10,000 reports), more after `widen`."""
        self.widened = False

    def widen(self) -> None:
        """Let Pagefind use every job slot from now on (the caller has stopped its own parallel work)."""
        if not self.widened:
            self.widened = True
            for _ in range(job_slots() - 1):
                self.slots.release()

    def wait(self) -> list[str | None]:
        """Wait for every run; return, per shard, None when it was indexed or the reason it was not."""
        self.widen()
        try:
            for i, run in self.runs:
                try:
                    run.result()
                except (SearchIndexError, OSError) as exc:
                    self.errors[i] = str(exc)
        finally:
            if self.pool is not None:
                self.pool.shutdown()
            if self.tmp is not None:
                self.tmp.cleanup()
        return self.errors


def start_indexes(
    shards: list[tuple[list[Report], Path]], out: Path, date_label: Callable[[Report], str]
) -> IndexRuns:
    """Write each shard's shadow tree, then start Pagefind on them and return without waiting.

    The shadow trees are all written first (on all cores); then Pagefind runs in the background, one
    shard at a time while the caller renders the site, then (after `widen()` or in `wait()`) on as
    many shards at a time as there are cores (one run keeps only about one and a half cores busy).
    Call `wait()` on the result before using the bundles.
    """
    try:
        write_fold_table(out)
    except OSError as exc:
        runs = IndexRuns(len(shards), None)
        runs.errors = [f"cannot write the folding table ({exc})"] * len(shards)
        return runs
    tmp = tempfile.TemporaryDirectory(prefix="archive-shadow-", dir=scratch_folder(shadow_bytes(shards)))
    runs = IndexRuns(len(shards), tmp)
    shadows = [Path(tmp.name) / f"shard-{i}" for i in range(len(shards))]
    failed = write_shadow_trees([(reports, shadow) for (reports, _), shadow in zip(shards, shadows, strict=True)], date_label)
    trees: list[tuple[int, Path, Path]] = []
    for i, ((_, bundle), shadow, error) in enumerate(zip(shards, shadows, failed, strict=True)):
        if error is not None:
            runs.errors[i] = f"cannot write the pages to index ({error})"
            continue
        trees.append((i, shadow, bundle))
    runs.pool = ThreadPoolExecutor(max_workers=max(1, min(job_slots(), len(trees))))
    # the largest shards first, so that no large one is left to run alone at the end
    trees.sort(key=lambda t: (-len(shards[t[0]][0]), t[0]))
    runs.runs = [(i, runs.pool.submit(index_and_discard, shadow, bundle, runs.slots)) for i, shadow, bundle in trees]
    return runs


def build_indexes(
    shards: list[tuple[list[Report], Path]], out: Path, date_label: Callable[[Report], str]
) -> list[str | None]:
    """Index each shard's reports into its bundle and wait; per shard, None or the reason it failed."""
    return start_indexes(shards, out, date_label).wait()


def build_index(
    reports: list[Report], out: Path, date_label: Callable[[Report], str], bundle: Path | None = None
) -> None:
    """Write the shadow tree and the folding table, and index the tree into out/pagefind/ (or `bundle`, one shard)."""
    write_fold_table(out)
    with tempfile.TemporaryDirectory(prefix="archive-shadow-") as tmp:
        shadow = Path(tmp)
        write_shadow_tree(reports, shadow, date_label)
        run_pagefind(shadow, bundle or out / "pagefind")
