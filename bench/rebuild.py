"""Time full, no-change and add-one rebuilds (search index included) on a synthetic raw corpus.

    python bench/rebuild.py --seeds CORPUS/seeds [--work DIR] [--full-runs 2] [--runs 3] [--json out.json]

Each build runs as its own `python build.py` process (start-up included), from a
fresh work folder for the full build. One raw file (the last by name) is held out
and added for the add-one rebuilds, then removed again (that removal rebuild is
not timed). Prints medians with [min-max] and the ratios to the full build.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_build(work: Path) -> float:
    """Run one build over the work folder and return its wall time in seconds."""
    cmd = [sys.executable, str(ROOT / "build.py"), "--seeds", str(work / "seeds"), "--content", str(work / "content"),
           "--out", str(work / "site")]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({proc.returncode}): {proc.stderr[-2000:]}")
    print(f"  {took:8.2f} s  {proc.stdout.strip().splitlines()[-1]}", flush=True)
    return took


def fresh_work(work: Path, seeds: list[Path]) -> None:
    """Start a work folder with a copy of the raw files and no content, site or cache."""
    if work.exists():
        shutil.rmtree(work)
    (work / "seeds").mkdir(parents=True)
    for p in seeds:
        shutil.copy(p, work / "seeds" / p.name)


def summary(times: list[float]) -> dict[str, float]:
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "runs": len(times)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, required=True, help="folder of raw files (e.g. from gen_corpus.py)")
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "rebuild")
    ap.add_argument("--full-runs", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    raw = sorted(p for p in args.seeds.iterdir() if p.is_file())
    held, rest = raw[-1], raw[:-1]
    full, nochange, addone = [], [], []
    for i in range(args.full_runs):
        print(f"full build {i + 1}/{args.full_runs} ({len(rest)} raw files)", flush=True)
        fresh_work(args.work, rest)
        full.append(run_build(args.work))
    for i in range(args.runs):
        print(f"no-change rebuild {i + 1}/{args.runs}", flush=True)
        nochange.append(run_build(args.work))
    for i in range(args.runs):
        print(f"add-one rebuild {i + 1}/{args.runs} ({held.name})", flush=True)
        shutil.copy(held, args.work / "seeds" / held.name)
        addone.append(run_build(args.work))
        (args.work / "seeds" / held.name).unlink()
        print("  (removal rebuild, not timed)", flush=True)
        run_build(args.work)
    reports = json.loads((args.work / "site" / "data" / "reports.json").read_text(encoding="utf-8"))["reports"]
    result = {"raw_files": len(rest), "reports": len(reports), "full": summary(full), "no_change": summary(nochange),
              "add_one": summary(addone)}
    result["no_change_ratio"] = result["no_change"]["median"] / result["full"]["median"]
    result["add_one_ratio"] = result["add_one"]["median"] / result["full"]["median"]
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
