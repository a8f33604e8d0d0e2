"""Write a deterministic synthetic corpus of raw report files for the benchmarks.

    python bench/gen_corpus.py --reports N --out DIR [--seed S] [--markdown DIR]

Three raw forms, in the shapes the project's raw files take:
- web: one article inside the chrome of a saved news page (menus, source and date
  lines, editor line, related links, copyright);
- paper: a hard-wrapped newspaper page (13-17 characters a line, with or without
  blank lines between lines, digits sometimes spaced out like "1 6") carrying
  several reports whose `机构：标题` headlines are printed after their bodies;
- sections: one feature article whose parts are headed by bare department-name
  lines, wrapped at a wider column, its title printed at the end.

With --markdown DIR the same reports are also written as Markdown with front
matter (title, agency, date, agencies, months) for the Hugo comparison.
Vocabulary: bench/vocab.yaml and archive/data/{agencies,places}.yaml.
The same seed and size always give byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
VOCAB = Path(__file__).resolve().parent / "vocab.yaml"
DATA = ROOT / "archive" / "data"
FORM_WEIGHTS = (("web", 5), ("paper", 3), ("sections", 2))


@dataclass(frozen=True)
class Agency:
    """An agency as the corpus names it: full name and the short form used in headlines."""

    name: str
    short: str


@dataclass(frozen=True)
class Story:
    """One synthetic report: what a reader should find after the build."""

    title: str
    agency: Agency
    date: tuple[int, int, int]
    paragraphs: tuple[str, ...]
    form: str


@dataclass(frozen=True)
class Vocabulary:
    """Words and names the generator draws from."""

    words: dict[str, list[str]]
    agencies: list[Agency]
    cities: list[str]


def load_vocabulary() -> Vocabulary:
    """Read the phrase lists and the agency and place names."""
    words = yaml.safe_load(VOCAB.read_text(encoding="utf-8"))
    known = yaml.safe_load((DATA / "agencies.yaml").read_text(encoding="utf-8"))
    places = yaml.safe_load((DATA / "places.yaml").read_text(encoding="utf-8"))
    home = next(p for p in places["provinces"] if p["name"] == known.get("home_province"))
    cities = sorted(home["cities"])
    agencies = []
    for a in known["agencies"]:
        aliases = sorted(a.get("aliases") or [], key=len)
        agencies.append(Agency(a["name"], aliases[0] if aliases else a["name"]))
    for city in cities:
        for dept in words["departments"]:
            agencies.append(Agency(city + dept, city.removesuffix("市") + dept))
    return Vocabulary(words, agencies, cities)


def number(rng: random.Random) -> str:
    """A figure as reports print them."""
    return str(rng.choice((rng.randint(2, 99), rng.randint(100, 999), rng.randint(1000, 20000))))


def sentence(rng: random.Random, v: Vocabulary, date: tuple[int, int, int] | None = None) -> str:
    """One report sentence built from generic phrases."""
    w = v.words
    parts = [rng.choice(w["subjects"]), rng.choice(w["openers"]), "，", rng.choice(w["actions"]), rng.choice(w["objects"])]
    kind = rng.randrange(4)
    if kind == 0:
        parts += ["，", rng.choice(w["measures"]), number(rng), "项"]
    elif kind == 1:
        parts += ["，累计服务", number(rng), rng.choice(w["units"])]
    elif kind == 2 and date:
        parts = [f"{date[1]}月{date[2]}日，", *parts]
    parts += ["，", rng.choice(w["purposes"]), "。"]
    return "".join(parts)


def paragraph(rng: random.Random, v: Vocabulary, date: tuple[int, int, int]) -> str:
    """A paragraph of two to five sentences."""
    return "".join(sentence(rng, v, date) for _ in range(rng.randint(2, 5)))


def title(rng: random.Random, v: Vocabulary) -> str:
    """A headline in two parts separated by a space, as papers print them."""
    return f"{rng.choice(v.words['title_heads'])} {rng.choice(v.words['title_tails'])}"


def person(rng: random.Random, v: Vocabulary) -> str:
    """A reporter's or editor's name."""
    return rng.choice(v.words["surnames"]) + "".join(rng.choice(v.words["given"]) for _ in range(rng.randint(1, 2)))


def story(rng: random.Random, v: Vocabulary, form: str, year: int, month: int) -> Story:
    """Draw one report: agency, date, title and body paragraphs."""
    date = (year, month, rng.randint(1, 28))
    agency = rng.choice(v.agencies)
    paras = [paragraph(rng, v, date) for _ in range(rng.randint(4, 10))]
    paras[0] = f"{agency.short}{rng.choice(v.words['openers'])}，{year}年以来，" + paras[0]
    return Story(title(rng, v), agency, date, tuple(paras), form)


def wrap(text: str, width: int) -> list[str]:
    """Cut text into lines as wide as WIDTH Chinese characters; digits and spaces take half a place."""
    lines, line, used = [], [], 0
    for ch in text:
        w = 1 if ch.isascii() else 2
        if used + w > 2 * width:
            lines.append("".join(line))
            line, used = [], 0
        line.append(ch)
        used += w
    if line:
        lines.append("".join(line))
    return lines


def space_digits(rng: random.Random, text: str) -> str:
    """Space out some multi-digit figures the way OCR of narrow columns leaves them."""
    out, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and text[j].isdigit():
            j += 1
        if j - i >= 2 and text[j : j + 1] != "年" and rng.random() < 0.25:
            out.append(" ".join(text[i:j]) + " ")
            i = j
        elif j > i:
            out.append(text[i:j])
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def web_document(rng: random.Random, v: Vocabulary, s: Story) -> str:
    """A saved news page: chrome, title, date and source lines, article, footer."""
    w = v.words
    y, m, d = s.date
    menu = rng.sample(w["web_menu"], 5)
    lines = [f"搜索 {rng.choice(w['web_sources'])}", "", *(f"  • {x}" for x in menu), ""]
    lines += [f"{s.agency.short}：{s.title}", ""]
    if rng.random() < 0.5:
        lines += [f"{y}", "", f"/ {m:02d}/{d:02d}"]
    else:
        lines += [f"发布时间：{y}-{m:02d}-{d:02d} {rng.randint(8, 20):02d}:{rng.randint(0, 59):02d}"]
    lines += ["来源:", "", rng.choice(w["web_sources"]), "", "作者:", "", "手机查看", ""]
    for p in s.paragraphs:
        lines += [f"  {p}", ""]
    lines += [f"（{s.agency.name}）", "", f"{rng.choice(w['web_footer'])}:{person(rng, v)}", "", "相关推荐 换一换", ""]
    lines += [f"版权所有 {rng.choice(w['web_sources'])}", ""]
    return "\n".join(lines)


def paper_document(rng: random.Random, v: Vocabulary, stories: list[Story]) -> str:
    """A newspaper page: hard-wrapped bodies, each group's headlines printed after it."""
    width = rng.randint(13, 17)
    sep = "\n\n" if rng.random() < 0.5 else "\n"
    blocks: list[str] = []
    i = 0
    while i < len(stories):
        group = stories[i : i + rng.randint(1, 3)]
        i += len(group)
        for s in group:
            for p in s.paragraphs:
                blocks.append(sep.join(wrap(space_digits(rng, p), width)))
        heads = [sep.join(wrap(f"{s.agency.short}：{s.title}", width + 2)) for s in group]
        blocks.append(sep.join(heads))
    return sep.join(blocks) + "\n"


def sections_document(rng: random.Random, v: Vocabulary, s: Story) -> str:
    """A feature whose parts are headed by bare department names; its title comes last."""
    width = rng.randint(22, 26)
    city = rng.choice(v.cities).removesuffix("市")
    reporters = " ".join(person(rng, v) for _ in range(rng.randint(1, 3)))
    lead = f" 本报{city}讯（记者 {reporters}）{s.paragraphs[0]}"
    blocks = ["\n".join(wrap(lead, width))]
    units = rng.sample(v.words["section_units"], min(len(s.paragraphs) - 1, len(v.words["section_units"])))
    for unit, p in zip(units, s.paragraphs[1:], strict=False):
        blocks += [unit, "\n".join(wrap(p, width))]
    blocks += [f"{s.title}\n{city}各部门单位{rng.choice(v.words['openers'])}{rng.choice(v.words['objects'])}"]
    return "\n\n".join(blocks) + "\n\n"


def generate(n: int, seed: int) -> list[tuple[str, str, list[Story]]]:
    """Draw N reports and lay them out as raw files: (file name, text, stories)."""
    rng = random.Random(seed)
    v = load_vocabulary()
    forms = [f for f, k in FORM_WEIGHTS for _ in range(k)]
    files: list[tuple[str, str, list[Story]]] = []
    made = 0
    while made < n:
        form = rng.choice(forms)
        year, month = rng.randint(2019, 2023), rng.randint(1, 12)
        if form == "paper":
            stories = [story(rng, v, form, year, month) for _ in range(min(rng.randint(3, 6), n - made))]
            text = paper_document(rng, v, stories)
        elif form == "sections":
            stories = [story(rng, v, form, year, month)]
            text = sections_document(rng, v, stories[0])
        else:
            stories = [story(rng, v, form, year, month)]
            text = web_document(rng, v, stories[0])
        made += len(stories)
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
        files.append((f"{len(files):06d}_{digest}.txt", text, stories))
    return files


def markdown_of(s: Story, index: int) -> str:
    """The report as a Markdown file with front matter for the Hugo site."""
    y, m, d = s.date
    front = {
        "title": f"{s.agency.short}：{s.title}",
        "date": f"{y:04d}-{m:02d}-{d:02d}",
        "agency": s.agency.name,
        "agencies": [s.agency.name],
        "months": [f"{y:04d}-{m:02d}"],
    }
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    body = "\n\n".join(s.paragraphs)
    return f"---\n{head}---\n\n{body}\n"


def write_text(path: Path, text: str) -> None:
    """Write one UTF-8 file with LF line ends."""
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write_corpus(n: int, out: Path, seed: int = 42, markdown: Path | None = None) -> int:
    """Write the raw files (and optionally the Markdown twins); return the number of files."""
    files = generate(n, seed)
    for folder in (out, markdown):
        if folder is None:
            continue
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    index = 0
    for name, text, stories in files:
        write_text(out / name, text)
        if markdown is not None:
            for s in stories:
                write_text(markdown / f"r{index:06d}.md", markdown_of(s, index))
                index += 1
    return len(files)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and write the corpus."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, required=True, help="number of reports to write")
    ap.add_argument("--out", type=Path, required=True, help="folder for the raw files (replaced)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--markdown", type=Path, help="also write the reports as Markdown here (replaced)")
    args = ap.parse_args(argv)
    if args.reports < 1:
        ap.error("--reports must be at least 1")
    count = write_corpus(args.reports, args.out, args.seed, args.markdown)
    print(f"wrote {count} raw files with {args.reports} reports to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
