"""Make a deterministic synthetic archive of Chinese-looking reports for the search benchmark.

    python bench/search/gen.py --reports 10000 [--seed 42]   # prints a summary

Reports are built directly as archive.model.Report objects (the search stage's input), so the
benchmark measures the index and the browser, not cleaning. Text is drawn from a pool of common
Chinese characters with Zipf-like weights, cut into 5-15 paragraphs of 60-220 characters with
Chinese punctuation, digits, an occasional Latin run, and agency and place names from
archive/data/*.yaml. Dates spread over 2018-2023, some month-only and some unknown.
The same seed and size always give the same reports.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from archive.model import Report  # noqa: E402

DATA = ROOT / "archive" / "data"
# Common characters of modern written Chinese, most frequent first (a general frequency list).
COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方"
    "后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它"
    "合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条"
    "只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资"
    "边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北"
    "造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车"
    "例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫"
    "且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克"
    "何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调"
    "满县局照参红细引听该铁价严首底液官德随病苏失尔死讲配女黄推显谈罪神艺呢席含企望密批营项防举球英氧势告李台落木"
    "帮轮破亚师围注远字材排供河态封另施减树溶怎止案言士均武固叶鱼波视仅费紧爱左章早朝害续轻服试食充兵源判护司足某"
    "练差致板田降黑犯负击范继兴似余坚曲输修故城夫够送笔船占右财吃富春职觉汉画功巴跟虽杂飞检吸助升阳互初创抗考投坏"
    "策古径换未跑留钢曾端责站简述钱副尽帝射草冲承独令限阿宣环双请超微让控州良轴找否纪益依优顶础载倒房突坐粉敌略客"
)
PUNCT_MID = "，，，，、；："
PUNCT_END = "。。。。！？"
LATIN = ["GDP", "PM2.5", "5G", "APP", "CPI", "N95", "AI", "PPP"]


def load_names() -> tuple[list[str], list[str]]:
    """Agency and place names from the archive's data files."""
    agencies = [a["name"] for a in yaml.safe_load((DATA / "agencies.yaml").read_text(encoding="utf-8"))["agencies"]]
    places: list[str] = []
    for prov in yaml.safe_load((DATA / "places.yaml").read_text(encoding="utf-8"))["provinces"]:
        for city, counties in (prov.get("cities") or {}).items():
            places.append(city)
            places.extend(counties or [])
    return sorted(set(agencies)), sorted(set(places))


def sentence(rng: random.Random, weights: list[float], names: list[str]) -> str:
    """One sentence: a few clauses of weighted characters, sometimes a name, number or Latin run."""
    clauses = []
    for _ in range(rng.randint(1, 4)):
        n = rng.randint(4, 16)
        clause = "".join(rng.choices(COMMON, weights=weights, k=n))
        r = rng.random()
        if r < 0.15:
            clause = rng.choice(names) + clause
        elif r < 0.25:
            clause += str(rng.choice([rng.randint(1, 99), rng.randint(100, 99999), round(rng.uniform(1, 999), 1)]))
            clause += rng.choice(["万元", "人", "家", "个", "%", "吨", "项"])
        elif r < 0.28:
            clause += rng.choice(LATIN)
        clauses.append(clause)
    out = ""
    for i, c in enumerate(clauses):
        out += c + (rng.choice(PUNCT_MID) if i < len(clauses) - 1 else rng.choice(PUNCT_END))
    return out


def paragraph(rng: random.Random, weights: list[float], names: list[str]) -> str:
    """A paragraph of 60-220 characters."""
    target = rng.randint(60, 220)
    text = ""
    while len(text) < target:
        text += sentence(rng, weights, names)
    return text


def date_of(rng: random.Random) -> str | None:
    """A date as the archive stores it: mostly full, some month-only, year-only or unknown."""
    r = rng.random()
    y, m, d = rng.randint(2018, 2023), rng.randint(1, 12), rng.randint(1, 28)
    if r < 0.70:
        return f"{y}-{m:02d}-{d:02d}"
    if r < 0.85:
        return f"{y}-{m:02d}"
    if r < 0.90:
        return f"{y}"
    if r < 0.95:
        return f"--{m:02d}-{d:02d}"
    return None


def precision(date: str | None) -> str | None:
    if not date:
        return None
    return {4: "year", 7: "month", 10: "day"}.get(len(date), "day")


def generate(n: int, seed: int = 42) -> list[Report]:
    """n synthetic reports, the same for the same n and seed."""
    rng = random.Random(seed)
    weights = [1.0 / (i + 8) for i in range(len(COMMON))]
    agencies, places = load_names()
    reports = []
    for i in range(n):
        agency = rng.choice(agencies)
        others = rng.sample(agencies, rng.randint(0, 2))
        where = rng.sample(places, rng.randint(0, 3))
        names = [agency, *others, *where]
        title = agency + "：" + "".join(rng.choices(COMMON, weights=weights, k=rng.randint(8, 20)))
        paras = [paragraph(rng, weights, names) for _ in range(rng.randint(5, 15))]
        date = date_of(rng)
        text = "\n\n".join(paras)
        reports.append(Report(
            id=hashlib.sha256(f"{seed}:{i}".encode()).hexdigest()[:10],
            source=f"synthetic_{i:05d}.txt", title=title, body=text, text=text,
            agency=agency, agencies=tuple(dict.fromkeys([agency, *others])), date=date,
            date_precision=precision(date), places=tuple(where),
        ))
    return reports


def main() -> None:
    """Print a summary of the corpus for a size and seed."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    reports = generate(args.reports, args.seed)
    chars = sum(len(r.text) for r in reports)
    print(f"{len(reports)} reports, {chars} characters of text, median "
          f"{sorted(len(r.text) for r in reports)[len(reports) // 2]} per report")


if __name__ == "__main__":
    main()
