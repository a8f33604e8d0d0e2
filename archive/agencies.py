"""Recognise agencies and places in Chinese text, and name them canonically.

Known agencies and places come from data/agencies.yaml and data/places.yaml;
agencies the files do not know are recognised by shape: an optional place, an
administrative level (省 市 县 区 …), a short body and an agency suffix
(厅 局 委 办 中心 集团 海关 政协 …). Bare forms (市政协) are qualified by the
document's own place (聊城市政协 in a Liaocheng paper).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .search import fold

DATA = Path(__file__).parent / "data"
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it (the same data, several times faster to read)."""
HAN = "\u3400-\u4dbf\u4e00-\u9fff"


@dataclass(frozen=True)
class Agency:
    """A known agency from the data file."""

    name: str
    aliases: tuple[str, ...] = ()
    level: str = ""
    parent: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class Mention:
    """An agency named in a text."""

    start: int
    end: int
    surface: str
    """The words as printed (省工信厅)."""
    known: bool = False
    """Found in the data file rather than guessed from its shape."""


@dataclass(frozen=True)
class Place:
    """Where a document is from: province and city when the text shows them."""

    province: str | None = None
    city: str | None = None
    county: str | None = None


@dataclass(frozen=True)
class Gazetteer:
    """Everything loaded from the data files, with compiled patterns."""

    agencies: tuple[Agency, ...]
    by_alias: dict[str, Agency]
    home_province: str
    provinces: dict[str, tuple[str, ...]]
    """Province name -> its short forms."""
    cities: dict[str, str]
    """City name -> province."""
    counties: dict[str, str]
    """County or district name -> city."""
    ambiguous: frozenset[str]
    """County names that several cities have (鼓楼区): they name a place but do not say which province."""
    place_forms: dict[str, str]
    """Every written form of a place (聊城, 聊城市) -> canonical name."""
    level_forms: frozenset[str]
    """The forms found by their last character instead of by place_re: counties outside the hand-checked
    provinces, which all end in a level word (临泽县, 新平县). A pattern of all 6,000 forms tries each
    first character in turn at every position, ten times slower than place_re and this lookup together."""
    level_endings: dict[str, tuple[int, ...]]
    """The lengths of the level_forms that end in each pair of characters (泽县: 3), longest first."""
    zone_places: frozenset[str]
    """Short forms of every county and city (昆山 for 昆山市), but common words: recognised only right
    before a development zone's name (昆山开发区), where they cannot be part of another word."""
    known_re: re.Pattern[str]
    generic_re: re.Pattern[str]
    tail_re: re.Pattern[str]
    """What follows the place in a generic name (卫生健康局 in 西城区卫生健康局), for the places of level_forms."""
    place_re: re.Pattern[str]
    """Every form of a place, and the not_places, which hold one but name something else."""
    not_places: frozenset[str]
    party_re: re.Pattern[str]
    """A democratic party's committee or branch of a place (民革银川市委会, 九三学社济南市委)."""
    roles: tuple[str, ...]
    strip: tuple[str, ...]
    desks: tuple[str, ...]
    """An agency's own desks (指挥中心), named as the agency when what is left of a name ends as an agency's does."""
    suffixes: tuple[str, ...]
    abbreviations: tuple[tuple[str, str], ...]


def _short(name: str) -> str:
    for tail in ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市", "县", "区"):
        if name.endswith(tail) and len(name) - len(tail) >= 2:
            return name[: -len(tail)]
    return name


AUTONOMOUS = ("自治州", "自治县", "自治旗")
LEVEL_ENDS = ("县", "区", "市", "旗", "州")
LEVEL_END_RE = re.compile("[县区市旗州]")


def _endings(forms: set[str]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for f in forms:
        out.setdefault(f[-2:], set()).add(len(f))
    return out


def place_spans(text: str) -> list[tuple[int, int]]:
    """Where text names a place (start, end), left to right, the longest form where two overlap."""
    g = gazetteer()
    # a place's name before 杯 names a cup or a contest (“安康杯”竞赛), not the place
    found = list(g.place_re.finditer(text))
    spans = [m.span() for m in found if text[m.end() : m.end() + 1] != "杯" and m.group() not in g.not_places
             and not _names_a_street(text, m)]
    extra = _level_spans(text, g)
    if not extra:
        return spans
    if g.not_places and (words := [m.span() for m in found if m.group() in g.not_places]):
        # … and neither are the counties found by their level inside such words (书记和县直部门)
        extra = [(a, b) for a, b in extra if not any(x <= a < y for x, y in words)]
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans + extra, key=lambda sp: (sp[0], -sp[1])):
        if not out or start >= out[-1][1]:
            out.append((start, end))
    return out


PLACE_LEVELS = "省市县区州旗盟"
"""The last character of a place named with its level (朝阳市, 吴兴区); a short name (朝阳) ends otherwise."""
STREET_AFTER = ("街道", "社区", "小区", "村", "路", "街", "大街", "大道")
"""What a place's short name opens when it names a sub-district, a village, a housing estate or a street (朝阳街道,
新竹小区, 北京路)."""


def _names_a_street(text: str, m: re.Match[str]) -> bool:
    """Tell whether a place's short name, without its level, opens the name of a sub-district, a village or a
    street (湖州市吴兴区朝阳街道 names no 朝阳市, 北京路 no Beijing)."""
    return m.group()[-1:] not in PLACE_LEVELS and text.startswith(STREET_AFTER, m.end())


def _level_spans(text: str, g: Gazetteer) -> list[tuple[int, int]]:
    """Where text names one of the gazetteer's level_forms (临泽县), found from the level words it ends in."""
    if not g.level_forms:
        return []
    return [span for m in LEVEL_END_RE.finditer(text) if (span := _level_form_ending(text, m.end(), g))]


def _level_form_ending(text: str, end: int, g: Gazetteer) -> tuple[int, int] | None:
    """The longest of the gazetteer's level_forms that ends at `end` in text, as a span."""
    lengths = g.level_endings.get(text[end - 2 : end]) if end >= 2 else None
    if lengths:
        for n in lengths:
            if n <= end and text[end - n : end] in g.level_forms:
                return (end - n, end)
    return None


def _autonomous_forms(name: str, groups: tuple[str, ...]) -> list[str]:
    """The short forms of an autonomous prefecture, county or banner: its place name with and without
    the level (大理白族自治州 -> 大理州, 大理; 围场满族蒙古族自治县 -> 围场县, 围场)."""
    for tail in AUTONOMOUS:
        if name.endswith(tail):
            core = name[: -len(tail)]
            if core.endswith("各族"):  # 龙胜各族自治县
                core = core[:-2]
            stripped = True
            while stripped:
                stripped = False
                for g in groups:  # longest first: 土家族 before 家族-like tails
                    for form in (g, g.removesuffix("族")):
                        if len(form) >= 1 and core.endswith(form) and len(core) - len(form) >= 2:
                            core = core[: -len(form)]
                            stripped = True
                            break
                    if stripped:
                        break
            if core != name[: -len(tail)] and len(core) >= 2:
                return [core + tail[-1], core]
            return []
    return []


def _alternation(words: set[str]) -> str:
    """A regex matching any of the words, longest first, shaped as a trie so that each
    position branches on its next character instead of trying every word in turn."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie) if trie else "(?!)"


def _trie_pattern(node: dict[str, dict]) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


BARE_LEVELS = ("省", "市", "县", "区", "地区", "旗", "专署", "行署")
"""Level words that open an agency's name with no place before them (市工信局, 地区文旅局), a prefecture's
commissioner's office among them, in papers of its years and where it stays (专署水利局, 行署农牧局)."""
ZONES = ("高新区", "开发区", "经济开发区", "先行区", "示范区", "新区")
"""Development zones, which name agencies of their own (高新区财政金融局)."""


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load agencies and places once per process."""
    adata = yaml.load((DATA / "agencies.yaml").read_text(encoding="utf-8"), Loader=YAML_LOADER)
    pdata = yaml.load((DATA / "places.yaml").read_text(encoding="utf-8"), Loader=YAML_LOADER)
    agencies = tuple(
        Agency(
            name=a["name"],
            aliases=tuple(a.get("aliases") or ()),
            level=a.get("level", ""),
            parent=a.get("parent"),
            region=a.get("region"),
        )
        for a in adata["agencies"]
    )
    by_alias: dict[str, Agency] = {}
    for a in agencies:
        for form in (a.name, *a.aliases):
            by_alias.setdefault(form, a)
            by_alias.setdefault(fold(form), a)  # names are looked for in folded text (衞 stays 衞)
    provinces: dict[str, tuple[str, ...]] = {}
    cities: dict[str, str] = {}
    counties: dict[str, str] = {}
    ambiguous: set[str] = set()
    forms: dict[str, str] = {}
    by_level: set[str] = set()
    common = set(pdata.get("common_words") or ())
    # two-character short forms of counties occur inside ordinary words (新平 in 创新平台), so they are
    # recognised only where the data was checked by hand; elsewhere counties go by their full names
    short_counties = set(pdata.get("county_short_forms") or ())
    # provinces first, then cities, then counties: a county's short form never takes the name of a
    # city or province listed later (天津市河北区 is not 河北, 辽源市西安区 is not 西安)
    for p in pdata["provinces"]:
        provinces[p["name"]] = tuple(p.get("short") or ())
        forms[p["name"]] = p["name"]
        for s in p.get("short") or ():
            if len(s) >= 2:
                forms[s] = p["name"]
    for p in pdata["provinces"]:
        for city in p.get("cities") or {}:
            cities[city] = p["name"]
            forms[city] = city
    groups = tuple(sorted(pdata.get("ethnic_groups") or (), key=len, reverse=True))
    for p in pdata["provinces"]:
        for city in p.get("cities") or {}:
            for form in [_short(city), *_autonomous_forms(city, groups)]:
                if form not in common:
                    forms.setdefault(form, city)
    for p in pdata["provinces"]:
        for city, county_list in (p.get("cities") or {}).items():
            for county in county_list or ():
                if county in counties and counties[county] != city:
                    ambiguous.add(county)  # 鼓楼区 of 南京市, 福州市, 徐州市 and 开封市: the first one named
                    continue
                if county in cities or county in provinces:
                    continue
                counties[county] = city
                forms[county] = county
                shorts = _autonomous_forms(county, groups)[:1]  # 新平县 for 新平彝族傣族自治县
                if p["name"] in short_counties:
                    shorts = [_short(county), *shorts]
                elif county.endswith(LEVEL_ENDS):
                    by_level.add(county)
                for short in shorts:
                    # a short form opening with a level word (市中 of 市中区) runs on from the name before it
                    # (城市中, 都市中心): never alone
                    if len(short) >= 2 and short not in forms and short not in common and short[0] not in "省市县区":
                        forms[short] = county
                        if p["name"] not in short_counties and short.endswith(LEVEL_ENDS):
                            by_level.add(short)
    for alias, county in (pdata.get("county_aliases") or {}).items():
        if county in counties and alias not in forms:
            forms[alias] = county
    places = set(forms) - by_level
    # words that hold a place's form but name something else (贺兰山 holds 兰山): matched, then dropped
    not_places = frozenset(pdata.get("not_places") or ())
    suffixes = tuple(adata["suffixes"])
    roles = tuple(adata.get("roles") or ())
    body = f"[{HAN}]"
    stop = "的了在和与及是为对把被将从向等省市县乡镇各全本该我级派共召举坚积迅均已正都也还就又再才仅只曾"
    long_forms = _alternation({v for v in (adata.get("abbreviations") or {}).values() if "和" in v})
    words = _alternation(set(adata.get("body_words") or ()))
    single_char = f"[^\\W\\d{stop}_a-zA-Z]"
    chain_char = f"[^\\W\\d{stop}原_a-zA-Z]"  # 县自然资源和规划局原党组成员: a former post, not a 党组 of the 局
    # 和 joins two words of one department's name, the second right before its suffix
    # (文化广电体育和旅游局, 林业和竹业局, 文化和广电旅游体育局); elsewhere it joins two names (市委和市政府)
    joined = f"和(?=(?:{words}|[^\\W\\d{stop}_a-zA-Z]){{2,6}}(?:局|厅|委员会|委))"
    body_chars = f"(?:{words}|{long_forms}|{joined}|{single_char})"
    place_alt = _alternation(places)
    place_or_not_alt = _alternation(places | not_places) if not_places else place_alt
    suffix_alt = _alternation(set(suffixes))
    role_alt = _alternation(set(roles))
    # a bare level (省 市 县 区) starts a name only after a non-Chinese character or a
    # preposition: 全省, 我市 and 社区 do not start one
    not_after = adata.get("not_after") or {}
    # 地区 is a prefecture's level in Xinjiang, Tibet and Heilongjiang (地区文化体育广播电视和旅游局)
    bare = "|".join(f"(?<![{re.escape(not_after.get(c, ''))}]){c}" if not_after.get(c) else c for c in BARE_LEVELS)
    after_break = adata.get("bare_after_break") or ()
    if after_break:
        bare += f"|(?:(?<![{HAN}])|(?<=[从在由向对为与和据经将把被让给同跟是到赴于以]))[{''.join(after_break)}]"
    zone = f"(?<![{HAN}])(?:{'|'.join(ZONES)})"
    # every name starts with a place, a zone or a level: checking that first character
    # against one set rejects most positions at once, instead of trying each branch
    first_chars = "".join(map(re.escape, sorted({w[0] for w in places} | {z[0] for z in ZONES} | {c[0] for c in BARE_LEVELS} | set(after_break))))
    generic = (
        f"(?=[{first_chars}])"
        f"(?:(?:{place_alt})|{zone}|{bare})"
        # a suffix may follow another after a character or two (…局…分局), never after a whole word
        # (区人力资源和社会保障局区人力资源和社会保障局 is two names)
        f"(?:{body_chars}{{0,10}}?)(?:{suffix_alt})(?:(?:{chain_char}{{0,2}}?)(?:{suffix_alt}))*"
        f"(?!{role_alt})"
    )
    del body
    return Gazetteer(
        agencies=agencies,
        by_alias=by_alias,
        home_province=adata.get("home_province") or "",
        provinces=provinces,
        cities=cities,
        counties=counties,
        ambiguous=frozenset(ambiguous),
        place_forms=forms,
        level_forms=frozenset(by_level),
        zone_places=frozenset(_short(c) for c in [*counties, *cities] if len(_short(c)) >= 2 and _short(c) not in common),
        level_endings={k: tuple(sorted(v, reverse=True)) for k, v in _endings(by_level).items()},
        known_re=re.compile(_alternation(set(by_alias))),
        generic_re=re.compile(generic),
        tail_re=re.compile(
            f"(?:{body_chars}{{0,10}}?)(?:{suffix_alt})(?:(?:{chain_char}{{0,2}}?)(?:{suffix_alt}))*(?!{role_alt})"
        ),
        place_re=re.compile(place_or_not_alt),
        not_places=not_places,
        party_re=re.compile(
            f"(?:{_alternation(set(adata.get('parties') or ()))})(?:{place_alt}|[{HAN}]{{1,6}}?[省市县区州盟旗])"
            "(?:委员会|委会|委|总支部|总支|支部)(?![员长])"
        ),
        roles=roles,
        strip=tuple(adata.get("strip") or ()),
        desks=tuple(adata.get("desks") or ()),
        suffixes=suffixes,
        abbreviations=tuple(sorted((adata.get("abbreviations") or {}).items(), key=lambda kv: -len(kv[0]))),
    )


NOT_AGENCY_ENDINGS = ("干部", "全部", "内部", "外部", "局部", "东部", "西部", "南部", "北部", "中部", "总部", "基层党委",
                      "大局", "格局", "布局", "全局", "开局", "结局", "变局", "新局", "中心城", "核心")
TERM = "第[一二三四五六七八九十]{1,3}届"
STANDING_COMMITTEE = "(?:人民代表大会常务委员会|人大常委会)"
TERM_CONGRESS = re.compile(TERM + STANDING_COMMITTEE)
"""A people's congress's standing committee named with its term after its place (…县第十八届人民代表大会常务委员会)."""
TERM_OF = re.compile(f"{TERM}(?={STANDING_COMMITTEE})")
"""… and the term alone, which its canonical name drops (某县第十八届人大常委会 -> 某县人大常委会)."""
AREA_PART = re.compile("(?:东部|西部|南部|北部|中部)(?:新区|片区)$")
"""A part of a place described, not a zone's body (县城北部新区安置房项目: the new quarter north of the county seat)."""
LEFT_CUT = re.compile("^(?:按照|根据|依照|依据|在|从|由|向|对|为|与|和|及|据|经|将|把|被|让|给|同|跟|是|到|赴|于|以|及时)+")


ZONE_AFTER = re.compile("(?:经济技术开发区|高新技术产业开发区|经济开发区|高新区|开发区|示范区|先行区|综合保税区|保税区)"
                        "(?:管委会|管理委员会|党工委)?|海关(?!总署)|出入境边防检查站|边检站")
"""A development zone, or a customs house or border station, named after the short name of its county or city
(昆山开发区, 瑞丽海关, 磨憨边检站)."""
ZONE_ORGAN = re.compile(f"(?:^|(?<=[，。；、：“（(\\s在由与和及经对向据]))((?:(?![在由与和及])[{HAN}]){{2,3}}?"
                        "(?:经济技术开发区|高新技术产业开发区|经济开发区|高新区|开发区|工业园区|示范区|综合保税区|保税区)"
                        "(?:管委会|管理委员会|党工委))")
"""A zone's own administration named after a place the gazetteer does not hold, at a clause's start (…。洋浦经济开发区
管委会有关负责人表示): the zone acts through it."""
HAN_RE = re.compile(f"[{HAN}]")


def _place_ending(text: str, end: int, g: Gazetteer, counties_only: bool = False) -> int | None:
    """Where the longest place name, in any of its forms or a county's short form, ending at `end` starts
    (`counties_only`: a county's or a city's full name, 兰考县, 宜昌市)."""
    for n in range(min(8, end), 1, -1):
        piece = text[end - n : end]
        if counties_only:
            if piece in g.counties or piece in g.cities:
                return end - n
        elif piece in g.place_forms or piece in g.zone_places:
            return end - n
    return None


TOWN_AT = re.compile(f"[县区市旗](?=[{HAN}]{{2,4}}(?:镇|乡|街道))")
"""Where a town's name may follow its county's (兰考县|堌阳镇): a level word two to four characters before 镇."""
TOWN_STOP = "的了在和与及是为对把被将从向等省市县乡镇村各全本该我级派共召举坚积迅均已正都也还就又再才仅只曾城农"
TOWN_AFTER = re.compile(
    f"(?:(?![{TOWN_STOP}])[{HAN}]){{2,3}}?(?:镇|乡|街道)(?:党委|人民政府|政府|办事处)?(?![镇乡村级长])"
)
"""A town's name right after its county's: two or three characters and 镇, 乡 or 街道 (堌阳镇, 东坝头镇)."""


NAME_START = f"(?:(?<![{HAN}])|(?<=[在从由向对为与和据经于]))"
"""Where a unit's name may start: not inside a word, or right after a preposition (在叶盛镇司法所, 由团县委)."""
TOWN_UNITS = ("人大工作委员会", "人大工委", "人大主席团", "人民政府", "党委", "委员会", "纪委", "政府", "司法所", "派出所", "财政所", "畜牧兽医站", "兽医站", "农技站",
              "农业综合服务中心", "农业服务中心", "便民服务中心", "综合文化站", "文化站", "卫生院", "水利站", "林业站",
              "市场监管所", "自然资源所", "办事处", "党工委", "社区卫生服务中心", "供销合作社", "供销社", "为农服务中心")
TOWN_UNIT = re.compile(
    f"{NAME_START}(?:中共)?((?:(?![{TOWN_STOP}])[{HAN}]){{2,3}}(?:镇|乡|街道)"
    f"|(?:(?![的了在和与及是为对把被将从向等各全本该我])[{HAN}]){{1,3}}?公社)"
    f"(?:({'|'.join(TOWN_UNITS)})|((?:(?![{TOWN_STOP}])[{HAN}]){{2,3}}(?:村|社区))(?:党支部|党总支|党委|村委会|村民委员会|居委会|居民委员会))"
)
"""A town's own office, or a village's committee, where no county comes before the town's name
(叶盛镇司法所, 叶盛镇地三村党支部): the unit's word says it is no ordinary phrase. A village alone is
a place the town's report is about (兰考县东坝头镇张庄村), not who reports."""


VILLAGE_UNIT = re.compile(
    f"{NAME_START}(?:中共)?((?:(?![{TOWN_STOP}])[{HAN}]){{2,4}}?(?:村|社区))"
    "(?:村民委员会|村委会|居民委员会|居委会|党支部|支部委员会|党总支|总支委员会|党委|股份经济合作社|经济合作社|村务监督委员会)"
    "(?![员长会]|副?书记|副?主任|成员|委员)"  # an officer's title (南塘村党支部书记贺建军), no act of the committee
)
"""A village's or a neighbourhood's own committee named without its town (田家沟村村民委员会, 中共田家沟村支部委员会
with the Party's name left out, 朝阳社区居委会): who signs a village's notice (村务公开). Its committee's word says
it is no ordinary phrase; a village alone (张庄村) is a place, not who reports."""


REGIMENT = re.compile(f"{NAME_START}(?:第[一二三四五六七八九十]{{1,3}}师)?[一二三四五六七八九十〇百]{{2,5}}团"
                      f"(?:(?:应急管理|农业发展服务|社会事务服务|综合执法|党政|宣传)[{HAN}]{{0,4}}?(?:办公室|中心|站|所|队)|党委)?")
"""A regiment of the Production and Construction Corps by its number (一二三团), with an office of its own."""
REGIMENT_NUMBER = re.compile("[一二三四五六七八九十〇百]{2}团")
NOT_OFFICE_CHU = frozenset({"地处", "之处", "好处", "到处", "各处", "一处", "多处", "此处", "出处", "住处", "用处", "难处",
                            "深处", "相处", "何处", "两处", "几处", "近处", "远处", "四处", "处处", "身处", "共处"})
VERB_INSIDE = re.compile("整合|召开|开展|依托|坚持|围绕|聚焦|通过|利用|会同|持续|加快|着力|积极|深入|大力|全力|组建|打造")
"""Verbs that never stand inside an agency's name, but that a generic name's pattern runs over (县整合…中心)."""
BARE_PARTY_COMMITTEES = frozenset({"省委", "市委", "县委", "区委", "旗委", "州委", "盟委"})
"""A place's Party committee by its level alone (县委召开…, 县委、县政府在…): the one short name of two characters."""
OFFICER_AFTER = re.compile("(?:副?书记|常委(?!会)|委员|领导)")
"""… unless it is only part of an officer's title (县委书记王振华, 县委常委、县纪委书记): no act of the committee."""


def find_agencies(text: str) -> list[Mention]:
    """Find agency mentions in text, left to right, longest first where they overlap.

    The names are looked for in the text folded to simplified characters (食物環境衞生署 is found as
    食物环境卫生署), and each mention is the text as printed."""
    folded = fold(text)
    if folded == text:
        return _find_agencies(text)
    if len(folded) == len(text):
        return [Mention(m.start, m.end, text[m.start : m.end], m.known) for m in _find_agencies(folded)]
    # a character folded into two (Ⅳ级 -> IV级): the folded text's offsets are mapped back to the text's
    at = [0]
    for i, ch in enumerate(text):
        at.extend([i + 1] * len(fold(ch)))
    return [Mention(at[m.start], at[m.end], text[at[m.start] : at[m.end]], m.known) for m in _find_agencies(folded)]


def _find_agencies(text: str) -> list[Mention]:
    g = gazetteer()
    found: list[Mention] = []
    for pattern in (g.known_re, g.generic_re):
        for m in pattern.finditer(text):
            surface = m.group()
            start = m.start()
            cut = LEFT_CUT.match(surface)
            if cut and pattern is g.generic_re and len(surface) - cut.end() >= 3:
                start += cut.end()
                surface = surface[cut.end() :]
            if pattern is g.known_re and text[m.end() : m.end() + 1] in g.roles:
                continue
            surface = _trim_roles(surface, g)
            if len(surface) < (2 if pattern is g.known_re else 3) and (
                    surface not in BARE_PARTY_COMMITTEES or OFFICER_AFTER.match(text, start + len(surface))):
                continue
            if _is_place_only(surface, g) or surface.endswith(NOT_AGENCY_ENDINGS) or AREA_PART.search(surface):
                continue
            found.append(Mention(start, start + len(surface), surface, pattern is g.known_re))
    # an agency of a county the pattern does not hold (level_forms): its name, then what generic_re would
    # take after a place (东城区卫生健康委; the bare 区 of 城区 does not start a name, see not_after)
    for start, end in _level_spans(text, g):
        tail = g.tail_re.match(text, end)
        if tail and tail.end() > end:
            surface = _trim_roles(text[start : tail.end()], g)
            if not surface.endswith(NOT_AGENCY_ENDINGS):
                found.append(Mention(start, start + len(surface), surface, False))
    # a town after its county (兰考县堌阳镇): towns are too many to list, and a bare 镇 ends ordinary words
    for m in TOWN_AT.finditer(text) if ("镇" in text or "乡" in text or "街道" in text) else ():
        end = m.start() + 1
        start = _place_ending(text, end, g, counties_only=True)
        town = TOWN_AFTER.match(text, end) if start is not None else None
        if town:
            found.append(Mention(start, town.end(), text[start : town.end()], False))  # type: ignore[arg-type]
    for m in TOWN_UNIT.finditer(text) if ("镇" in text or "乡" in text or "街道" in text or "公社" in text) else ():
        found.append(Mention(m.start(), m.end(), m.group(), False))
    for m in VILLAGE_UNIT.finditer(text) if ("村" in text or "社区" in text) else ():
        found.append(Mention(m.start(), m.end(), m.group(), False))
    for m in g.party_re.finditer(text) if "委" in text or "支部" in text else ():
        found.append(Mention(m.start(), m.end(), m.group(), False))
    # a development zone after the short name of its county or city (昆山开发区, 江阴高新区)
    for m in ZONE_AFTER.finditer(text) if ("区" in text or "海关" in text or "边检" in text) else ():
        named = _place_ending(text, m.start(), g) if m.start() and HAN_RE.match(text[m.start() - 1]) else None
        if named is not None:
            found.append(Mention(named, m.end(), text[named : m.end()], False))
    # a people's congress by its term (新晃侗族自治县第十八届人民代表大会常务委员会): the place's congress
    for m in TERM_CONGRESS.finditer(text) if "届" in text else ():
        named = _place_ending(text, m.start(), g, counties_only=True) if m.start() else None
        if named is not None:
            found.append(Mention(named, m.end(), text[named : m.end()], False))
    for m in ZONE_ORGAN.finditer(text) if ("委" in text and "区" in text) else ():
        found.append(Mention(m.start(1), m.end(1), m.group(1), False))
    # a place's CPPCC written in full (政协银川市第十五届委员会, 中国人民政治协商会议银川市委员会): its 委员会 is no Party committee
    # … and a Party committee by its term (中国共产党天津市津南区第十二届委员会): the place's 委
    for k, m in enumerate(found):
        if m.surface.endswith("委员会") and (before := BODY_BEFORE.search(text, 0, m.start)):
            found[k] = Mention(before.start(), m.end, text[before.start() : m.end], False)
    # the Communist Youth League's committee of a place (团市委, 团兴宁区委, 共青团南宁市委): the place's Party
    # committee's name, with 团 before it
    for k, committee in enumerate(found) if "团" in text else ():
        if committee.surface.endswith(LEVEL_COMMITTEES) and (league := LEAGUE_BEFORE.search(text, 0, committee.start)):
            found[k] = Mention(league.start(), committee.end, text[league.start() : committee.end], False)
    # a regiment of the 兵团 (一二三团) and its offices (一二三团应急管理办公室): named by its number
    for m in REGIMENT.finditer(text) if "团" in text and REGIMENT_NUMBER.search(text) else ():
        found.append(Mention(m.start(), m.end(), m.group(), False))
    # 榕江县整合电商服务中心: a sentence's verb (整合) and object, no agency's name; and a 处 that is no office
    # (凤冈县地处…, 生态环境行政处罚)
    found = [m for m in found if m.known or not (VERB_INSIDE.search(m.surface) or (
        m.surface.endswith("处") and (m.surface[-2:] in NOT_OFFICE_CHU or (m.end < len(text) and text[m.end] in "罚置于在理分长")
                                      or m.surface[-3:-1] == "行政")))]
    # a known name wins over a longer guess that starts at the same place
    found.sort(key=lambda m: (m.start, not m.known, -(m.end - m.start)))
    out: list[Mention] = []
    for m in found:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _trim_roles(surface: str, g: Gazetteer) -> str:
    for role in ("常委", "委员"):
        if surface.endswith(role) and len(surface) >= len(role) + 2:
            surface = surface[: -len(role)]
    return surface


def _is_place_only(surface: str, g: Gazetteer) -> bool:
    return surface in g.place_forms or surface in ("省委省政府", "市委市政府")


def agency_at_start(text: str, within: int = 2) -> Mention | None:
    """Return the agency a text opens with (省工信厅：…, 省发展改革委充分发挥…), if any."""
    return _agency_at_start(text[:40], within)


@lru_cache(maxsize=65536)
def _agency_at_start(head: str, within: int) -> Mention | None:
    for m in find_agencies(head):
        if m.start <= within:
            return m
        break
    return None


def detect_place(text: str, city_mentions: int = 2) -> Place:
    """Tell which province, city and county a document is about from the places it names
    (a city must be named city_mentions times, and by at least half the city mentions)."""
    g = gazetteer()
    prov: Counter[str] = Counter()
    city: Counter[str] = Counter()
    county: Counter[str] = Counter()
    for start, end in place_spans(text):
        name = g.place_forms[text[start:end]]
        if name in g.provinces:
            prov[name] += 1
        elif name in g.cities:
            city[name] += 1
            prov[g.cities[name]] += 1
        elif name in g.counties and name not in g.ambiguous:
            county[name] += 1
            city[g.counties[name]] += 0.5  # type: ignore[assignment]
            prov[g.cities[g.counties[name]]] += 1
    best_prov = prov.most_common(1)[0][0] if prov else None
    best_city = None
    if city:
        name, n = city.most_common(1)[0]
        total = sum(city.values())
        if n >= city_mentions and n >= 0.5 * total:
            best_city = name
    best_county = None
    if county and best_city:
        name, n = county.most_common(1)[0]
        if n >= 3 and g.counties[name] == best_city:
            best_county = name
    return Place(best_prov, best_city, best_county)


LEAGUE_BEFORE = re.compile(f"(?:共青团|{NAME_START}团)$")
LEAGUE_FULL = re.compile("(?:共青团|团)(.{1,10}?)(?:委员会|委)")
LEVEL_COMMITTEES = ("省委", "市委", "县委", "区委", "旗委", "州委", "盟委", "委员会")
BODY_BEFORE = re.compile("(?:中国人民政治协商会议|政协|中国共产党)$")
CPPCC_FULL = re.compile("(?:中国人民政治协商会议|政协)(.{2,12}?)(?:第[一二三四五六七八九十]{1,3}届)?委员会")
"""A place's CPPCC by its full name, with or without its term (政协银川市第十五届委员会): the place's 政协."""
VILLAGE_BRANCH = re.compile("(?:中共)?(.{2,8}(?:村|社区))(支部|总支)委员会")
"""A village's Party branch by its full name (中共田家沟村支部委员会): the village's 党支部."""
CPC_FULL = re.compile("中国共产党(.{2,12}?)第[一二三四五六七八九十]{1,3}届委员会")
"""A place's Party committee by its full name and term (中国共产党天津市津南区第十二届委员会): the place's 委."""


def canonical_agency(surface: str, place: Place | None = None) -> str:
    """Name an agency canonically, qualifying bare forms by the document's place."""
    g = gazetteer()
    name = surface
    if (league := LEAGUE_FULL.fullmatch(name)) and league.group(1)[-1:] in "省市县区旗州盟":
        # the Youth League's committee, qualified as its place's Party committee is (团市委 -> 共青团南宁市委)
        return "共青团" + canonical_agency(league.group(1) + "委", place)
    name = TERM_OF.sub("", name) if "届" in name else name  # 某县第十八届人大常委会 -> 某县人大常委会
    if cppcc := CPPCC_FULL.fullmatch(name):
        name = cppcc.group(1) + "政协"
    elif cpc := CPC_FULL.fullmatch(name):
        name = cpc.group(1) + "委"
    elif branch := VILLAGE_BRANCH.fullmatch(name):
        name = branch.group(1) + "党" + branch.group(2)  # 中共田家沟村支部委员会, the Party's name left out
    for tail in g.strip:
        if name.endswith(tail) and len(name) - len(tail) >= 2:
            name = name[: -len(tail)]
    for desk in g.desks:
        if name.endswith(desk) and name[: -len(desk)].endswith(g.suffixes) and len(name) - len(desk) >= 3:
            name = name[: -len(desk)]
    province = (place.province if place else None) or g.home_province
    known = g.by_alias.get(name) or g.by_alias.get(fold(name))
    if known and (not known.region or not name.startswith("省") or known.region == province):
        return known.name
    if fold(name[:1]) != name[:1] and fold(name[:1]) in "省市县区":
        name = fold(name)  # 縣委 on a page in traditional characters: qualified by its place, named as the place is
    if name.startswith("省") and province:
        return _known_as(_short(province) + name, g)
    if name.startswith("市") and place and place.city:
        return _known_as(place.city + name[1:], g)
    if name.startswith("州") and place and place.city and place.city.endswith("自治州") and len(name) >= 3:
        # 州妇联 on a 红河哈尼族彝族自治州 page is 红河州妇联, as the prefecture's bodies are called
        return _known_as(_prefecture_form(place.city) + name[1:], g)
    if place and place.city and re.fullmatch("(高新区|开发区|经济开发区|新区|先行区)", name):
        return _short(place.city) + name
    if place and place.county and name[:1] in COUNTY_LEVELS and len(name) >= 2 and place.county.endswith(name[0]):
        # 县水利局 on a 永修县 page is 永修县水利局: bare names of every county would otherwise be one agency
        return _known_as(place.county + name[1:], g)
    return name


@lru_cache(maxsize=256)
def _prefecture_form(city: str) -> str:
    """The short form an autonomous prefecture's bodies are named with (红河哈尼族彝族自治州 -> 红河州)."""
    forms = [f for f, name in gazetteer().place_forms.items() if name == city and f.endswith("州") and f != city]
    return min(forms, key=len) if forms else city


def _known_as(qualified: str, g: Gazetteer) -> str:
    """A name qualified by its place, as the data file names that agency when it knows it."""
    known = g.by_alias.get(qualified)
    return known.name if known else qualified


COUNTY_LEVELS = "县区旗"
"""The bare levels a county's own agencies are written with (县委, 区卫生健康局, 旗人民政府)."""


def sole_county(text: str, city: str | None = None) -> str | None:
    """The one county or district a text names, if it names exactly one (and it lies in `city` when given)."""
    g = gazetteer()
    named = {p for p in places_in(text) if p in g.counties and p not in g.ambiguous}
    if len(named) != 1:
        return None
    county = named.pop()
    return county if city is None or g.counties[county] == city else None


def agency_key(name: str) -> str:
    """The form two names of one agency share: abbreviations written out (市住建局 -> 市住房和城乡建设局)."""
    g = gazetteer()
    for short, long in g.abbreviations:
        if short in name and long not in name:
            name = name.replace(short, long)
            break
    return name


def agency_info(name: str) -> Agency | None:
    """Return what the data file says about a canonical agency name."""
    return gazetteer().by_alias.get(name)


def places_in(text: str) -> list[str]:
    """List the cities and counties a text names, canonical, in order of first mention."""
    g = gazetteer()
    out: list[str] = []
    for start, end in place_spans(text):
        name = g.place_forms[text[start:end]]
        if name in g.provinces or name in out:
            continue
        out.append(name)
    return out
