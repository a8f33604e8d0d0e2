"""Time ingest, clean, segment and extract on 1, 5 and 20 MB synthetic raw files.

    python bench/big_input.py [--sizes 1,5,20] [--kind samples|lines|hostile]

Each size runs in a fresh process (so peak memory is its own) and prints seconds
per stage, seconds per MB and peak resident memory. Linear stages keep s/MB flat.
Kinds: "samples" repeats the sample seeds; "lines" is one enormous hard-wrapped
article; "hostile" is long runs of spaces, brackets, digits and bullets meant to
make a backtracking pattern explode.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def synthetic(kind: str, size: int) -> str:
    """Make about `size` bytes of raw text of one kind."""
    if kind == "samples":
        unit = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    elif kind == "lines":
        unit = "".join(f"会议强调，各级各部门要压实责任第{i}项，确保各项\n工作取得实效，推动高质量发展。\n" for i in range(200))
    else:
        unit = (
            "(" * 300 + "领 导 干 部 " * 200 + "1 2 3 4 5 . 6 " * 200 + "\n"
            + "▲" * 50 + "\n" + " " * 5000 + "x\n" + "（记者" + "张" * 3000 + "\n" + "迎疫而上" * 20 + "\n"
            + "：" * 1000 + "\n" + "\u3000" * 2000 + "中\n"
        )
    reps = max(1, size // len(unit.encode("utf-8")))
    return unit * reps


def run_one(kind: str, mb: float) -> dict[str, float]:
    """Build one synthetic file of `mb` megabytes and time each stage on it."""
    from archive.clean import clean
    from archive.extract import extract, page_context
    from archive.ingest import read_raw
    from archive.segment import segment

    text = synthetic(kind, int(mb * 1_000_000))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_text(text, encoding="utf-8", newline="\n")
        out: dict[str, float] = {"mb": path.stat().st_size / 1e6}
        t = time.perf_counter()
        doc = read_raw(path, "big.txt")
        out["ingest"] = time.perf_counter() - t
    t = time.perf_counter()
    cleaned = clean(doc)
    out["clean"] = time.perf_counter() - t
    t = time.perf_counter()
    drafts = segment(cleaned)
    out["segment"] = time.perf_counter() - t
    t = time.perf_counter()
    page = page_context(cleaned)
    for d in drafts:
        extract(d, cleaned, page)
    out["extract"] = time.perf_counter() - t
    out["reports"] = len(drafts)
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,5,20", help="sizes in MB, comma separated")
    ap.add_argument("--kind", default="samples", choices=["samples", "lines", "hostile"])
    ap.add_argument("--one", type=float, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one is not None:
        print(json.dumps(run_one(args.kind, args.one)))
        return 0
    print(f"{'kind':8} {'MB':>6} {'ingest':>7} {'clean':>7} {'segment':>8} {'extract':>8} {'s/MB':>6} {'reports':>8} {'peak MB':>8}")
    for size in (float(s) for s in args.sizes.split(",")):
        res = subprocess.run([sys.executable, __file__, "--kind", args.kind, "--one", str(size)],
                             capture_output=True, text=True, check=True)
        r = json.loads(res.stdout)
        total = r["ingest"] + r["clean"] + r["segment"] + r["extract"]
        print(f"{args.kind:8} {r['mb']:6.1f} {r['ingest']:7.2f} {r['clean']:7.2f} {r['segment']:8.2f} {r['extract']:8.2f}"
              f" {total / r['mb']:6.2f} {int(r['reports']):8d} {r['peak_mb']:8.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
