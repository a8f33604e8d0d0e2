"""Write archive/data/places.yaml from a table of China's administrative divisions.

    pip download cpca==0.5.5 --no-deps -d /tmp/cpca && unzip -o /tmp/cpca/cpca-*.whl -d /tmp/cpca
    python tools/places_from_adcodes.py /tmp/cpca/cpca/resources/adcodes.csv

The table is `adcodes.csv` of the PyPI package cpca (MIT licence): one row per province,
prefecture and county with its 12-digit code (PPCCXX000000). Every province, prefecture-level
city and county-level division is listed under its parent. What the current places.yaml says
by hand is kept: each province's short forms (鲁, 京), and the cities and counties it lists.

Short forms (临泽 for 临泽县) are what make place names recognisable when a text drops the
level word; a short form that is also a common word (和平, 建设, 红旗) would tag reports with a
place they never name, so the short forms jieba's dictionary knows as frequent words that are not
place names are written to `common_words`, which the loader does not recognise alone.
The ethnic groups (56_nations.csv beside it) let the loader shorten autonomous prefectures and
counties as texts do (大理白族自治州 -> 大理州, 大理).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import jieba
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.agencies import _short as short  # noqa: E402  (the loader's own idea of a short form)

PLACES = ROOT / "archive" / "data" / "places.yaml"
MUNICIPALITIES = ("11", "12", "31", "50")
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
GENERIC = {"城区", "矿区", "郊区", "东区", "西区", "新区"}
"""District names that are also ordinary words: a text that says 城区 means a town's centre, not 阳泉市城区."""


def common_words(names: list[str]) -> list[str]:
    """Short forms jieba's dictionary knows as frequent words that are not (only) place names."""
    path = Path(jieba.__file__).parent / "dict.txt"
    freq: dict[str, tuple[int, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) == 3:
            freq[parts[0]] = (int(parts[1]), parts[2])
    out = set()
    for name in names:
        s = short(name)
        if s == name or len(s) < 2 or s not in freq:
            continue
        n, tag = freq[s]
        if n >= 2000 or (n >= 300 and not tag.startswith("ns")):
            out.add(s)
    return sorted(out)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    rows = list(csv.DictReader(Path(argv[0]).open(encoding="utf-8")))
    names = {r["adcode"][:6]: r["name"].strip() for r in rows}
    old = yaml.safe_load(PLACES.read_text(encoding="utf-8"))
    hand = {p["name"]: p for p in old["provinces"]}
    provinces = []
    counties_seen: list[str] = []
    checked = set(old.get("county_short_forms") or ())
    for code in sorted(c for c in names if c.endswith("0000")):
        pname = names[code]
        if pname in checked:  # a province checked by hand is kept as written (the table lists 莱芜市, merged into 济南市 in 2019)
            provinces.append(hand[pname])
            counties_seen.extend(c for cs in (hand[pname].get("cities") or {}).values() for c in cs)
            continue
        cities: dict[str, list[str]] = {}
        kept = hand.get(pname, {}).get("cities") or {}
        for ccode in sorted(c for c in names if c[:2] == code[:2] and c[4:] == "00" and c != code):
            cname = names[ccode]
            if code[:2] in MUNICIPALITIES:
                cname = pname
            under = [names[k] for k in sorted(names) if k[:4] == ccode[:4] and k[4:] != "00"]
            if cname in PLACEHOLDERS:
                # counties under the province itself (湖北省 仙桃市): each is listed as a city of its own
                for county in under:
                    if county not in PLACEHOLDERS:
                        cities.setdefault(county, [])
                continue
            listed = cities.setdefault(cname, [])
            for county in [*kept.get(cname, []), *under]:
                if county not in PLACEHOLDERS and county not in GENERIC and county not in listed and county != cname:
                    listed.append(county)
                    counties_seen.append(county)
        for cname, listed in kept.items():  # anything the hand-written file knew and the table does not
            target = cities.setdefault(cname, [])
            target.extend(c for c in listed if c not in target)
        entry = {"name": pname, "short": hand.get(pname, {}).get("short") or [short(pname)], "cities": cities}
        provinces.append(entry)
    header = [line for line in PLACES.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    nations = Path(argv[0]).with_name("56_nations.csv")
    groups = [line.strip() for line in nations.read_text(encoding="utf-8").splitlines() if line.strip()]
    hand_cities = {c for p in old["provinces"] for c in (p.get("cities") or {})}
    new_cities = [c for p in provinces for c in p["cities"] if c not in hand_cities]
    data = {
        "county_short_forms": old.get("county_short_forms") or [],
        # a hand-listed city keeps its short form (长沙 for 长沙市, though 长沙县 shares it)
        "common_words": sorted(set(common_words(counties_seen + new_cities)) - {short(c) for c in hand_cities}),
        "ethnic_groups": groups,
        "provinces": provinces,
    }
    with PLACES.open("w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header) + "\n")
        yaml.safe_dump(data, f, allow_unicode=True, sort_keys=False, width=120, default_flow_style=None)
    print(f"{PLACES}: {len(provinces)} provinces, {sum(len(p['cities']) for p in provinces)} cities, "
          f"{len(counties_seen)} counties, {len(data['common_words'])} short forms held back as common words")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
