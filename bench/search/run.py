"""Measure Chinese search on a synthetic archive: index build, query time and bytes fetched per query.

    python bench/search/run.py [--reports 10000] [--seed 42] [--out bench/out/search] [--json FILE]

Builds the synthetic reports of bench/search/gen.py into a site (render + search index, as the
pipeline does), serves it locally and runs a fixed, seeded set of queries through search.js in
headless Chromium, two ways: "page" is what the search page does (searchPage: the matches, filter
counts and the first 20 reports' fragments); "all" is search(), the contract, which loads every
matching report. Cold: each query in a fresh browser context (pagefind.js, its wasm, the filter
indexes, the folding table and index chunks all count). Warm: the page queries one after another
in one page. Bytes are response body sizes as served (Pagefind's files are gzip already; a host
that gzips would send the folding table smaller).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import random
import re
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen  # noqa: E402

from archive.render import SiteConfig, date_label, render  # noqa: E402
from archive.search import build_index  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MEASURE = """async ([q, mode]) => {
  const m = await import('./search.js');
  const t0 = performance.now();
  const hits = mode === 'page' ? (await m.searchPage(q, {pageSize: 20})).count : (await m.search(q)).length;
  return {ms: performance.now() - t0, hits};
}"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def queries(reports: list[gen.Report], seed: int) -> list[tuple[str, str]]:
    """A fixed set of (kind, query): substrings, two-term queries, agency names, absent strings, one common character."""
    rng = random.Random(seed)
    han = re.compile(r"[\u4e00-\u9fff]+")
    alltext = "\n".join(r.title + "\n" + r.text for r in reports)
    out: list[tuple[str, str]] = []

    def substring(size: int) -> str:
        while True:
            runs = [m for m in han.findall(rng.choice(reports).text) if len(m) >= size]
            if runs:
                run = rng.choice(runs)
                start = rng.randrange(len(run) - size + 1)
                return run[start:start + size]

    for size, n in ((2, 10), (4, 10), (8, 5)):
        out += [(f"len{size}", substring(size)) for _ in range(n)]
    for _ in range(5):
        text = rng.choice(reports).text
        runs = [m for m in han.findall(text) if len(m) >= 3]
        a, b = rng.choice(runs), rng.choice(runs)
        out.append(("two_terms", f"{a[:2]} {b[-3:]}"))
    out += [("agency", rng.choice(reports).agency or "") for _ in range(5)]
    absent = []
    while len(absent) < 5:
        q = "".join(rng.choices(gen.COMMON[-200:], k=4))
        if q not in alltext:
            absent.append(q)
    out += [("absent", q) for q in absent]
    out.append(("common_char", gen.COMMON[0]))
    return out


def build_site(reports: list[gen.Report], out: Path) -> dict[str, float]:
    """Render the site and build its index; return the timings and index size."""
    t0 = time.perf_counter()
    render(reports, SiteConfig(out, "/", "1970-01-01T00:00:00Z"))
    t1 = time.perf_counter()
    build_index(reports, out, date_label)
    t2 = time.perf_counter()
    files = [p for p in (out / "pagefind").rglob("*") if p.is_file()]
    return {
        "render_s": round(t1 - t0, 1),
        "index_s": round(t2 - t1, 1),
        "index_files": len(files),
        "index_mb": round(sum(p.stat().st_size for p in files) / 1e6, 2),
        "fold_table_kb": round((out / "search" / "t2s.json").stat().st_size / 1e3, 1),
    }


def body_size(response) -> int:
    """The response body's size as served (Content-Length; the local server always sends it)."""
    return int(response.headers.get("content-length") or 0)


def timed(page, requests: list, q: str, mode: str) -> dict[str, float]:
    """Run one query in a page; return its time, hit count and the bytes and requests it fetched."""
    requests.clear()
    got = page.evaluate(MEASURE, [q, mode])
    return {"ms": got["ms"], "hits": got["hits"], "kb": sum(requests) / 1e3, "requests": len(requests)}


def measure(site: Path, qs: list[tuple[str, str]]) -> list[dict[str, object]]:
    """Run every query cold (fresh context) and warm (one page) in headless Chromium."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    rows: list[dict[str, object]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for kind, q in qs:
                row: dict[str, object] = {"kind": kind, "query": q}
                for mode, name in (("page", "cold_page"), ("all", "all")):
                    ctx = browser.new_context()
                    requests: list = []
                    ctx.on("response", lambda r, requests=requests: requests.append(body_size(r)))
                    page = ctx.new_page()
                    page.goto(origin + "/search/")
                    got = timed(page, requests, q, mode)
                    ctx.close()
                    assert row.setdefault("hits", got["hits"]) == got["hits"], row
                    row.update({f"{name}_ms": round(got["ms"], 1), f"{name}_kb": round(got["kb"], 1),
                                f"{name}_requests": got["requests"]})
                rows.append(row)
            ctx = browser.new_context()
            requests = []
            ctx.on("response", lambda r, requests=requests: requests.append(body_size(r)))
            page = ctx.new_page()
            page.goto(origin + "/search/")
            timed(page, requests, "预热", "page")
            for row in rows:
                warm = timed(page, requests, str(row["query"]), "page")
                row.update(warm_page_ms=round(warm["ms"], 1), warm_page_kb=round(warm["kb"], 1))
            browser.close()
    finally:
        httpd.shutdown()
    return rows


COLUMNS = ["cold_page_ms", "cold_page_kb", "warm_page_ms", "warm_page_kb", "all_ms", "all_kb"]


def summary(rows: list[dict[str, object]]) -> dict[str, float]:
    """Medians and maxima over the rows."""
    out: dict[str, float] = {"queries": len(rows),
                             "median_hits": statistics.median(float(r["hits"]) for r in rows)}  # type: ignore[arg-type]
    for k in COLUMNS:
        vals = [float(r[k]) for r in rows]  # type: ignore[arg-type]
        out[f"median_{k}"] = round(statistics.median(vals), 1)
        out[f"max_{k}"] = round(max(vals), 1)
    return out


def main() -> None:
    """Generate, build, measure, print and save the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "search")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here as JSON")
    ap.add_argument("--reuse", action="store_true", help="measure the site already built in --out")
    args = ap.parse_args()
    t0 = time.perf_counter()
    reports = gen.generate(args.reports, args.seed)
    print(f"generated {len(reports)} reports in {time.perf_counter() - t0:.0f} s", flush=True)
    if args.reuse and (args.out / "pagefind").is_dir():
        build = json.loads(args.json.read_text(encoding="utf-8"))["build"] if args.json and args.json.exists() else {}
    else:
        build = build_site(reports, args.out)
    print("build:", json.dumps(build), flush=True)
    rows = measure(args.out, queries(reports, args.seed))
    print(f"{'kind':12} {'hits':>6} " + " ".join(f"{c:>13}" for c in COLUMNS) + "  query")
    for r in rows:
        print(f"{r['kind']:12} {r['hits']:>6} " + " ".join(f"{r[c]:>13}" for c in COLUMNS) + f"  {r['query']}")
    typical = [r for r in rows if r["kind"] != "common_char"]
    figures = {"reports": len(reports), "seed": args.seed, "build": build,
               "typical": summary(typical), "all": summary(rows), "rows": rows}
    print("typical (all but the one-common-character query):", json.dumps(figures["typical"]))
    print("all:", json.dumps(figures["all"]))
    if args.json:
        with args.json.open("w", encoding="utf-8", newline="\n") as f:
            json.dump(figures, f, ensure_ascii=False, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
