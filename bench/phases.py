"""Time each stage of one full build of ours, to see where the time goes.

    python bench/phases.py --seeds DIR [--work DIR]

Prints the pipeline's own stage timings as JSON: wall seconds, and CPU seconds of the
main process with its workers and Pagefind runs, counted in the stage during which
each ended (Pagefind runs beside content writing and rendering, so its CPU lands in
whichever of those stages it ends in; the total is exact). Run it on a
corpus from bench/gen_corpus.py; it builds into --work (replaced).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.pipeline import BuildConfig, build  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Build once and print the time of each stage."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=Path, required=True)
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "phases")
    args = ap.parse_args(argv)
    if args.work.exists():
        shutil.rmtree(args.work)
    t0 = time.perf_counter()
    result = build(BuildConfig(args.seeds, args.work / "content", args.work / "site"))
    timings = {k: round(v, 2) for k, v in result.timings.items()}
    timings["total"] = round(time.perf_counter() - t0, 2)
    cpu = {k: round(v, 2) for k, v in result.cpu.items()}
    cpu["total"] = round(sum(result.cpu.values()), 2)
    print(json.dumps({"reports": len(result.reports), "seconds": timings, "cpu_seconds": cpu}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
