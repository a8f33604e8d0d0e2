#!/usr/bin/env python3
"""Score the archive on the samples laid out again: a check that the rules are general.

Each sample is cleaned, then every paragraph is wrapped again at another width (0 = one
line per paragraph), with or without blank lines between lines, and the whole set is built
and scored against the same gold file. Rules fitted to one layout show up here as lost
reports or titles. Writes nothing into the repository (output goes to bench/out/relayout/).

    python bench/relayout.py [--gold ../shared/eval/seeds.gold.json]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.clean import clean  # noqa: E402
from archive.ingest import read_raw  # noqa: E402

LAYOUTS = [(0, "\n"), (15, "\n"), (15, "\n\n"), (19, "\n"), (24, "\n\n")]


def wrap(text: str, width: int) -> list[str]:
    """Break text into lines of one printed width, ASCII taking half a cell as in print."""
    out, line, cells = [], "", 0.0
    for ch in text:
        step = 0.5 if ch.isascii() else 1.0
        if cells + step > width:
            out.append(line)
            line, cells = "", 0.0
        line += ch
        cells += step
    return [*out, line] if line else out


def relayout(src: Path, width: int, gap: str) -> str:
    """The sample's cleaned paragraphs, wrapped again (its chrome and metadata lines first)."""
    cleaned = clean(read_raw(src, src.name))
    parts = ["\n".join(p.text for p in cleaned.removed)] if cleaned.removed else []
    for p in cleaned.paragraphs:
        parts.append(gap.join([p.text] if width == 0 else wrap(p.text, width)))
    return "\n\n".join(parts) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "eval" / "seeds.gold.json")
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "relayout")
    args = ap.parse_args()
    scorer = args.gold.parent / "score.py"
    for width, gap in LAYOUTS:
        name = f"width{width}-{'double' if gap == chr(10) * 2 else 'single'}"
        folder = args.out / name
        if folder.exists():
            shutil.rmtree(folder)
        (folder / "seeds").mkdir(parents=True)
        for src in sorted(args.seeds.glob("*.txt")):
            (folder / "seeds" / src.name).write_text(relayout(src, width, gap), encoding="utf-8")
        subprocess.run([sys.executable, str(ROOT / "build.py"), "--seeds", str(folder / "seeds"), "--content",
                        str(folder / "content"), "--out", str(folder / "site"), "--no-search"],
                       check=True, capture_output=True)
        score = subprocess.run([sys.executable, str(scorer), str(args.gold), str(folder / "site/data/reports.json"),
                                str(folder / "seeds")], capture_output=True, text=True, check=False)
        print(f"{name:20} {score.stdout.strip().splitlines()[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
