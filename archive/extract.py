"""Infer each report's metadata: agencies, date with its precision and basis, places."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from .agencies import (
    COUNTY_LEVELS,
    LEFT_CUT,
    Mention,
    Place,
    agency_at_start,
    agency_key,
    canonical_agency,
    detect_place,
    find_agencies,
    place_spans,
    places_in,
    sole_county,
)
from .clean import ocr_dates, parse_item_meta
from .dates import CN_DATE, CN_MONTH_DAY, THIS_MONTH_DAY, arabic_dates, arabic_month_days, this_month_days
from .model import CleanDocument, Report, Section
from .search import fold
from .segment import (
    BARE_TOWN_UNIT,
    COMMENTATOR_LINE,
    EDITOR_NOTE,
    MARKED_AUTHOR,
    SPEAKER_LINE,
    TIME_LEAD,
    TOWN_HEAD,
    TRAILING_DATE,
    Draft,
)

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
# (?=19|20) up front: both forms start with the century, and re skips to it at once
FULL_DATE = re.compile(
    r"(?=19|20)(?:((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"
    r"|(?<![\d.])((?:19|20)\d{2})[./-](\d{1,2})[./-](\d{1,2})(?![\d.]))"
)

YEAR_MONTH = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号])")
# the month's first digit comes first and the lookbehind after it (not before a digit, 年, / . -),
# so that re skips from digit to digit
MONTH_DAY = re.compile(r"(\d(?<![\d年/.-]\d)\d?)\s*月\s*(\d{1,2})\s*[日号]")
YEAR_ONLY = re.compile(r"((?:19|20)\d{2})\s*年")
SHORT_ALIAS = re.compile(f"[（(]以下简称[“\"]?([{HAN}]{{2,8}})[”\"]?[）)]")
LEAD_DATE = re.compile(r"(\d{1,2})月(\d{1,2})日(?:电|讯)")
DATELINE = re.compile(r"^(\d{1,2})月(\d{1,2})日(?:至(?:\d{1,2}月)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})日)?(?:[上下]午|晚|晚间|凌晨|早上|中午)?(?:\d{1,2}时(?:\d{1,2}分)?许?)?[，,]")
LEAD_YEAR = re.compile(r"^((?:19|20)\d{2})\s*年(?=\d{1,2}\s*月\d{1,2}\s*日)")
"""The year of a dateline that prints it (2024年7月8日，区长…主持召开…)."""
PURPOSE_DATELINE = re.compile(r"^为[^，。；]{2,40}[，,](\d{1,2})月(\d{1,2})日(?:[上下]午|晚)?[，,]")
"""A lead's day after the purpose it opens with (为深入推进…教育，5月10日，…)."""
SUBTITLE_DATE = re.compile(r"^[—－\- ]*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?=在|于)")
"""A speech's date opening its subtitle: 2023年1月12日在江西省第十四届人民代表大会第一次会议上."""
CLOSING_DATE = re.compile(r"(?:((?:19|20)\d{2})[-年./])?(\d{1,2})[-月./](\d{1,2})")


@dataclass(frozen=True)
class DateGuess:
    """A date with how precise it is, what it rests on and the words that show it."""

    value: str | None
    precision: str | None
    basis: str | None
    evidence: str | None = None


@dataclass(frozen=True)
class PageContext:
    """What is true of every report on one page: its place and its date."""

    place: Place
    date: DateGuess
    year: int | None
    """The latest year the page states, used for dates printed without one."""
    owner: str | None = None
    """The institution whose own paper the page is (paper_owner), if any."""


def _valid(month: int, day: int | None = None) -> bool:
    return 1 <= month <= 12 and (day is None or 1 <= day <= 31)


SENTENCE_STOP = re.compile("[，。；！？]")
BARE_COUNTY_NAME = re.compile(f"[县区旗][{HAN}]{{0,10}}?(?:局|委|办|院|所|站|部|中心|政府|队)")
"""What a county's body named without the county looks like (县水利局, 区卫生健康局): only a page holding
one is searched for the county it is about."""


def page_context(doc: CleanDocument, supplied_date: str | None = None) -> PageContext:
    """Work out a page's place, publication date and owner from its whole text."""
    return replace(_place_and_date(doc, supplied_date), owner=paper_owner(doc))


def _place_and_date(doc: CleanDocument, supplied_date: str | None) -> PageContext:
    """A page's place and publication date."""
    text = arabic_dates("\n".join(p.text for p in doc.paragraphs))
    place = detect_place(text)
    if not place.city:
        # the text names no city: the masthead or the site's name may (临沂日报, 莒南县人民政府), removed as chrome
        # or left over the first headline
        top = [p.text for p in doc.paragraphs[:2] if not SENTENCE_STOP.search(p.text)]
        around = detect_place("\n".join([*(p.text for p in doc.removed), *top]), city_mentions=1)
        if around.city and (not place.province or around.province == place.province):
            place = around
    if not place.county and BARE_COUNTY_NAME.search(text):
        # a county's own page names it in its chrome or once or twice in its text (永修县水利局)
        county = sole_county("\n".join([text, *(p.text for p in doc.removed)]), place.city)
        place = replace(place, county=county) if county else place
    full_dates, year_months = _stated(FULL_DATE, text), _stated(YEAR_MONTH, text)
    year = stated_year(text, full_dates, year_months)
    meta = dict(doc.meta)
    if supplied_date:
        return PageContext(place, _from_iso(supplied_date, "supplied", supplied_date), year)
    if meta.get("date"):
        d = meta["date"]
        if d.startswith("--"):  # a page's day printed without its year (6月14日　星期五): no year for its datelines
            return PageContext(place, DateGuess(d, "day", "printed", d), None)
        return PageContext(place, DateGuess(d, "day", "printed", d), int(d[:4]))
    found: list[tuple[tuple[int, int, int], str]] = []
    for m in full_dates:
        y, mo, d = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
        if _valid(mo, d):
            found.append(((y, mo, d), m.group()))
    for m in year_months:
        y, mo = int(m.group(1)), int(m.group(2))
        if _valid(mo):
            found.append(((y, mo, 0), m.group()))
    for m in _stated(MONTH_DAY, text):
        mo, d = int(m.group(1)), int(m.group(2))
        if _valid(mo, d):
            found.append(((year or 0, mo, d), m.group()))
    if not found and not year and (book := _yearbook_year(doc)):
        # a yearbook's page (柳南区年鉴（1998）): it records the year before the one it is named for
        return PageContext(place, DateGuess(str(book[0] - 1), "year", "inferred", book[1]), book[0] - 1)
    if not found:
        if year:
            return PageContext(place, DateGuess(str(year), "year", "inferred", f"{year}年"), year)
        return PageContext(place, DateGuess(None, None, None), year)
    (y, mo, _d), words = max(found)
    if y:
        value = f"{y:04d}-{mo:02d}"
    else:
        value = f"--{mo:02d}"
    return PageContext(place, DateGuess(value, "month", "inferred", words), year)


YEARBOOK = re.compile(r"年鉴\s*[（(]?\s*((?:19|20)\d{2})\s*[)）]?")


def _yearbook_year(doc: CleanDocument) -> tuple[int, str] | None:
    """The year a yearbook's running head names (柳南区年鉴（1998）), with those words."""
    for p in doc.removed:
        m = YEARBOOK.search(p.text)
        if m:
            return int(m.group(1)), m.group().strip()
    return None


AHEAD_AFTER = re.compile("^(?:前|起|之前|以前|底前|开始施行|起施行|起实施|截止|远景|目标)")
AHEAD_PLAN = re.compile("(?:将于|将在|预计|计划|力争|拟于|定于|争取)$")
AHEAD_UNTIL = re.compile("(?:到|至)$")
RANGE_UNTIL = re.compile(r"\d[日号]?(?:到|至)$")
"""到 or 至 after a date ends a range (3日至5日), not a target."""


def _ahead(text: str, m: re.Match[str]) -> bool:
    """Tell whether a date looks forward (将于…起施行, 3月底前, 到2025年): no sign of when the text was written."""
    before = text[max(0, m.start() - 4) : m.start()]
    after = text[m.end() : m.end() + 4]
    if AHEAD_PLAN.search(before) or AHEAD_AFTER.match(after):
        return True
    return bool(AHEAD_UNTIL.search(before)) and not RANGE_UNTIL.search(before)


def _stated(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """The dates a pattern finds in text, without those that look forward."""
    return [m for m in pattern.finditer(text) if not _ahead(text, m)]


def stated_year(
    text: str, full_dates: list[re.Match[str]] | None = None, year_months: list[re.Match[str]] | None = None
) -> int | None:
    """The latest year the text states as a date, or failing that as a plain year, never a target year.

    full_dates and year_months are _stated(FULL_DATE, text) and _stated(YEAR_MONTH, text), when known.
    """
    full_dates = _stated(FULL_DATE, text) if full_dates is None else full_dates
    year_months = _stated(YEAR_MONTH, text) if year_months is None else year_months
    dated = [int(m.group(1) or m.group(4)) for m in full_dates]
    dated += [int(m.group(1)) for m in year_months]
    if dated:
        return max(dated)
    plain = [int(m.group(1)) for m in YEAR_ONLY.finditer(text) if not _ahead(text, m)]
    return max(plain) if plain else None


def _from_iso(value: str, basis: str, evidence: str) -> DateGuess:
    value = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}|--\d{2}-\d{2}", value):
        return DateGuess(value, "day", basis, evidence)
    if re.fullmatch(r"\d{4}-\d{2}|--\d{2}", value):
        return DateGuess(value, "month", basis, evidence)
    if re.fullmatch(r"\d{4}", value):
        return DateGuess(value, "year", basis, evidence)
    return DateGuess(None, None, None)


def _day(year: int | None, month: int, day: int) -> str:
    """A day's ISO form, --MM-DD when the year is not known."""
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def report_date(draft: Draft, page: PageContext) -> DateGuess:
    """Date a report by the date after its headline or closing its text (（2023-05-12）), by its dateline,
    else by its page."""
    # the date printed after a listing item's headline, or closing the item's text
    closing = draft.item_date
    if closing is None and draft.paragraphs and (m := TRAILING_DATE.search(draft.paragraphs[-1].text)):
        closing = m.group().strip()
    if closing and (month := ENTRY_MONTH.fullmatch(closing)) and _valid(int(month.group(2))):
        # a chronicle's entry of a month (一九七六年 / 3月，县水电局…): that month
        return DateGuess(f"{int(month.group(1)):04d}-{int(month.group(2)):02d}", "month", "printed", closing)
    if closing and (parts := CLOSING_DATE.search(closing)):
        y = int(parts.group(1)) if parts.group(1) else page.year
        mo, d = int(parts.group(2)), int(parts.group(3))
        if _valid(mo, d):
            return DateGuess(_day(y, mo, d), "day", "printed", closing)
    spoken = SUBTITLE_DATE.match(arabic_dates(draft.subtitle or ""))
    if spoken and _valid(int(spoken.group(2)), int(spoken.group(3))):
        # a speech or report dated by its subtitle (——二〇二三年一月十二日在…会议上)
        y, mo, d = (int(g) for g in spoken.groups())
        return DateGuess(_day(y, mo, d), "day", "printed", spoken.group().strip("—－- "))
    m = LEAD_DATE.search(draft.byline or "")
    first = draft.first_body()
    if first is not None and EDITOR_NOTE.match(first.text) and (k := draft.paragraphs.index(first) + 1) < len(draft.paragraphs):
        first = draft.paragraphs[k]  # an editor's note over the text (编者按：…): the text's own lead dates it
    year_lead = None
    page_month = _month_of(page.date.value)

    def in_digits(text: str) -> str:
        # 十月五日，…: a page printed before digits were the rule; 本月九日: a day of the page's month; 6月15曰: OCR's 日
        text = arabic_month_days(arabic_dates(ocr_dates(text)))
        return this_month_days(text, page_month) if page_month else text

    if m is None and first is not None:
        # the text's first paragraph, below any section heading: 3月20日，… or 本报北京3月20日电（记者…）
        opening = in_digits(first.text[:60])
        if year_lead := LEAD_YEAR.match(opening):
            opening = opening[year_lead.end() :]  # 2024年7月8日，…: a dateline with its year
        m = DATELINE.match(opening) or LEAD_DATE.search(opening[:16]) or PURPOSE_DATELINE.match(opening)
        if m is None and (named := agency_at_start(opening[:40], within=0)) is not None:
            m = DATELINE.match(opening[named.end :])  # 县卫生健康局　3月18日，…: a department's item, its name run in
        if m is None:
            # … or names the day of what it reports in its first two sentences (…扩建工程于十月六日竣工，…;
            # 入夏以来，…。县人民政府于七月九日召开…), not a day planned (定于…, 将于…)
            start = draft.paragraphs.index(first)
            opening_text = "".join(p.text for p in draft.paragraphs[start : start + 2])[:240]
            lead = "".join(SENTENCE_SPLIT.split(in_digits(opening_text), maxsplit=2)[:2])
            m = HELD_ON.search(lead) or SENTENCE_DAY.search(lead)
    if m is None or not _valid(int(m.group(1)), int(m.group(2))):
        return _posted_on(draft, page) or page.date
    mo, d = int(m.group(1)), int(m.group(2))
    y = page.year
    if year_lead and m.start() == 0 and m.re is DATELINE:
        y = int(year_lead.group(1))
    elif y and page_month and mo > page_month and page.date.basis == "printed":
        y -= 1  # a December dateline on a page printed in January
    return DateGuess(_day(y, mo, d), "day", "dateline", _as_printed(m.group(), first.text if first else "", in_digits))


PRINTED_DATES = (CN_DATE, CN_MONTH_DAY, THIS_MONTH_DAY)


def _as_printed(evidence: str, text: str, in_digits: Callable[[str], str]) -> str:
    """A date's evidence as the text prints it (三月十五日，), when the rules read it in digits (3月15日，)."""
    if evidence in text:
        return evidence
    for pattern in PRINTED_DATES:
        for m in pattern.finditer(text):
            written = in_digits(m.group())
            if written != m.group() and written in evidence:
                return evidence.replace(written, m.group(), 1)
    return evidence


POSTED_DAY = re.compile(r"(?:((?:19|20)\d{2})[-年./])?(\d{1,2})[-月./](\d{1,2})")


def _posted_on(draft: Draft, page: PageContext) -> DateGuess | None:
    """The day an item of a page of several was posted, by its own posting line (10-14 17:40 来自…), for an item
    whose text names no day of its own."""
    m = POSTED_DAY.search(draft.posted or "")
    if m is None or not _valid(int(m.group(2)), int(m.group(3))):
        return None
    y = int(m.group(1)) if m.group(1) else page.year
    return DateGuess(_day(y, int(m.group(2)), int(m.group(3))), "day", "posted", m.group())


HELD_ON = re.compile(r"(?<![定将拟计])于(\d{1,2})月(\d{1,2})日(?!前|起|至)")
SENTENCE_DAY = re.compile(r"(?<=[。！？])(\d{1,2})月(\d{1,2})日(?:起|上午|下午|晚上?)?，")
"""The day a sentence of the lead opens with (入冬以来，…。11月15日起，全镇…): the day of what it reports."""

ENTRY_MONTH = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月")


def _month_of(value: str | None) -> int | None:
    if not value:
        return None
    if value.startswith("--"):
        return int(value[2:4])
    return int(value[5:7]) if len(value) >= 7 else None


TOWN_NAME = re.compile("[^县区市旗]{1,4}(?:镇|乡|街道|村)$")
TOWN_ENDS = ("镇", "乡", "街道", "村")
WHERE_WORDS = ("在", "到", "赴", "走进", "来到", "深入")


def agency_counts(text: str, place: Place, title: str = "") -> tuple[Counter[str], dict[str, int]]:
    """Count canonical agency mentions in text, with short names it defines (以下简称工委); `title`, the
    report's headline, tells a town it is about from one it names as where something happened."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    aliases: dict[str, str] = {}
    mentions = find_agencies(text)
    for m in mentions:
        after = text[m.end : m.end + 16]
        short = SHORT_ALIAS.match(after)
        if short:
            aliases[short.group(1)] = canonical_agency(m.surface, place)
    shown: dict[str, str] = {}
    for m in mentions:
        name = canonical_agency(m.surface, place)
        key = agency_key(name)
        name = shown.setdefault(key, name)
        # a town where something happened (在泽州县巴公镇一家企业) is no actor, unless the headline is about it
        # (沙河镇特色种植拓宽增收路 / 走进临泽县沙河镇的蔬菜大棚): named, but not counted
        where = (m.surface.endswith(TOWN_ENDS) and text[max(0, m.start - 2) : m.start].endswith(WHERE_WORDS)
                 and (town := TOWN_NAME.search(m.surface)) is not None and town.group() not in title)
        counts[name] += 0 if where else 1
        first.setdefault(name, m.start)
    for short, name in aliases.items():
        n = len(re.findall(re.escape(short), text)) - 1
        name = shown.get(agency_key(name), name)
        if n > 0:
            counts[name] += n
    _join_discipline_bodies(counts, first)
    return counts, first


def _join_discipline_bodies(counts: Counter[str], first: dict[str, int]) -> None:
    """A 纪委 and the 监委 of the same place are one body (合署办公): 县纪委书记、县监委主任 name 县纪委监委."""
    for jw in [a for a in counts if a.endswith("纪委") and not a.endswith("纪委监委")]:
        p1 = jw[: -len("纪委")]
        jian = next((a for a in counts if a.endswith("监委") and not a.endswith("纪委监委")
                     and ((p2 := a[: -len("监委")]) == p1 or p1.endswith(p2) or p2.endswith(p1))), None)
        if jian is None:
            continue
        joined = max(p1, jian[: -len("监委")], key=len) + "纪委监委"
        counts[joined] += counts.pop(jw) + counts.pop(jian)
        first[joined] = min(first.pop(jw), first.pop(jian), *([first[joined]] if joined in first else []))


def _placed(name: str) -> bool:
    """Tell whether an agency's name opens with a place's (某县民政局, 中共某县县委 aside)."""
    spans = place_spans(name)
    return bool(spans) and spans[0][0] == 0


def infer_agency(draft: Draft, place: Place, supplied: str | None = None,
                 issuer: str | None = None, source: str | None = None) -> tuple[str | None, list[str], bool]:
    """Return (primary agency, all agencies, weak) for a report (`issuer`: the page's own 发布机构 line;
    `source`: its 来源 line, which names the agency when the text names none)."""
    # a table's cells name whom it lists (bidders, hires), not who reports: their names are left out
    body = "\n".join(p.text for p in draft.paragraphs if "\t" not in p.text)
    counts, first = agency_counts(body, place, draft.title)
    bare = any(a[:1] in COUNTY_LEVELS for a in counts) or (draft.title_agency or "")[:1] in COUNTY_LEVELS
    if bare and (county := sole_county("\n".join([draft.title, body]), place.city)) and county != place.county:
        place = replace(place, county=county)  # a report of a city's page names the county it is about
        counts, first = agency_counts(body, place, draft.title)
    primary: str | None = None
    weak = False
    if supplied:
        primary = supplied
    elif draft.title_agency:
        primary = canonical_agency(draft.title_agency, place)
    elif draft.signature:
        primary = canonical_agency(draft.signature[0], place)
    elif signer := _signed_off_by(draft):
        primary = canonical_agency(signer, place)  # …拨打110报警。 / 永丰县公安局: the text signed without a date
    elif office := _credited_office(draft.byline):
        primary = canonical_agency(office, place)  # …向好。 / （市统计局综合科）: the office that sent the text in
    elif speaker := _speaking_for(draft.byline):
        primary = canonical_agency(speaker, place)  # a report's speaker under its headline (江西省人民政府省长　某某)
    elif marked := _marked_agency(draft):
        primary = canonical_agency(marked, place)  # □民革银川市委会 under a speech's headline: who speaks
    elif issuer:
        primary = canonical_agency(issuer, place)
    else:
        for head in (draft.title, draft.subtitle or ""):
            ms = find_agencies(head)
            if ms:
                primary = canonical_agency(_with_unlisted_place(head, ms[0]), place)
                break
            town = TOWN_OPENING.match(head)
            if town and town.group(1) not in NOT_TOWNS:
                primary = _with_its_town(town.group(1), body)  # 红花套镇召开…: the town acts for itself
                break
    if primary is not None:
        same = next((a for a in counts if agency_key(a) == agency_key(primary)), None)
        if same and not draft.title_agency and not supplied:
            primary = same
        elif not supplied and fold(primary[:1]) in "县市区" and (full := next((
                a for a in counts if len(a) > len(primary) and fold(a).endswith(fold(primary)[1:])), None)):
            primary = full  # 縣衛生局啟動… over 宜蘭縣政府衛生局今（7）日表示: the body's full name of it
        elif not supplied and primary.startswith(("专署", "行署", "地区")) and (full := next((
                a for a in counts if len(a) > len(primary) and a.endswith(primary)), None)):
            primary = full  # 专署水利局召开… over 新乡专署水利局召开…: the prefecture's name with it
    if primary is None and COLLECTIVE.search(draft.title + (draft.subtitle or "")):
        # 区直部门各显其能 / ——天山区区直各部门…: a government's departments together are that government
        primary, weak = _first_government("\n".join([draft.title, draft.subtitle or "", _first_text(draft)])), True
    if primary is None and (party := _named_in_field(draft)):
        primary = party  # 招标人：霍山县城市建设投资有限公司: a notice's own party, in a field of its text
    if primary is None and (named_town := _town_named_twice(draft)):
        primary = named_town  # 檀江街道转移安置… / 汛期以来，檀江街道组织…: the town acts for itself
    if primary is None and (defined := _defined_agency(draft)):
        primary = canonical_agency(defined, place)  # 柳州市公安局柳南分局（简称柳南公安分局）是…: the entry's subject
    if primary is None and (inst := _opening_institution(draft)):
        primary, weak = inst, True  # 近日，华南农业大学园艺学院…: a university or a hospital acts for itself
    if primary is None and (leader := _leader_in_lead(draft, place)):
        # 县委副书记、县长陈某率队调研…: the head of a government acts for it, named as the text names it
        forms = {agency_key(leader), agency_key(leader.replace("人民政府", "政府"))}
        primary = next((a for a in counts if agency_key(a) in forms), leader)
    if primary is None and (acting := [a for a in counts if counts[a]]):
        # on a tie, a body its place names (某县民政局) before one it does not (区域养老服务中心, the centre it opened)
        primary = min(acting, key=lambda a: (-counts[a], not _placed(a), first.get(a, 0)))
        weak = counts[primary] < 2
    if primary is None and (lead_town := _town_in_lead(draft)):
        primary, weak = lead_town, True  # 眼下正值春耕关键时期，龙源口镇抢抓农时…: the town the lead's sentence is about
    if primary is None and source:
        named = find_agencies(source)
        if len(named) == 1 and named[0].start == 0 and named[0].end == len(source):
            primary = canonical_agency(named[0].surface, place)
            weak = True
    if primary is None:
        # no agency named: the county or city the report opens with acts for itself
        primary, weak = _first_government("\n".join([draft.title, *(p.text for p in draft.paragraphs[:1])])), True
    others = sorted((a for a in counts if a != primary), key=lambda a: (-counts[a], first.get(a, 0)))
    agencies = ([primary] if primary else []) + others
    agencies = list(dict.fromkeys(within_zone(a, primary) for a in agencies))
    return primary, agencies, weak


def _speaking_for(byline: str | None) -> str | None:
    """The body a speech's speaker heads, when the byline (segment.SPEAKER_LINE) names it whole before the post."""
    m = SPEAKER_LINE.fullmatch(byline or "")
    if not m:
        return None
    named = m.group(1).removesuffix("副").removesuffix("代")
    body = agency_at_start(named, within=0)
    return body.surface if body is not None and body.end == len(named) else None


CREDITED_OFFICE = re.compile(r"[（(]([^（）()，。\s]{3,22})[)）]$")


def _credited_office(byline: str | None) -> str | None:
    """The agency of the office a text's closing credit names alone in brackets (（市统计局综合科） -> 市统计局), or
    the whole name of a national body's local office (（国家统计局宝鸡调查队）)."""
    m = CREDITED_OFFICE.search(byline or "")
    if not m:
        return None
    found = find_agencies(m.group(1))
    if not found or found[0].start != 0:
        return None
    rest = m.group(1)[found[0].end :]
    if not rest:
        return found[0].surface
    if OFFICE_PART.fullmatch(rest):
        return found[0].surface if rest[-1] in "科股室组" else m.group(1)
    return None


OFFICE_PART = re.compile(f"[{HAN}]{{1,6}}(?:科|股|处|室|组|站|所|中心|调查队|分局|支队|大队)")


def _signed_off_by(draft: Draft) -> str | None:
    """The agency whose name alone closes a text under its last sentence (a post's or a notice's sign-off)."""
    if len(draft.paragraphs) < 2 or not draft.paragraphs[-2].text.endswith(("。", "！", "”")):
        return None
    t = draft.paragraphs[-1].text
    found = agency_at_start(t, within=0)
    return found.surface if found is not None and found.end == len(t) else None


UNLISTED_PLACE = re.compile(f"[{HAN}]{{2,3}}")


def _with_unlisted_place(head: str, m: Mention) -> str:
    """A headline's agency with the place before it that the gazetteer does not hold (永城县人民政府, before 永城
    became a city): the bare name (县人民政府) would be any county's."""
    if 2 <= m.start <= 3 and m.surface[:1] in "县市区旗" and UNLISTED_PLACE.fullmatch(head[: m.start]):
        return head[: m.end]
    return m.surface


def _first_government(text: str) -> str | None:
    """The first county or city a text names, whose government acts where no agency is named."""
    return next((p for p in places_in(text) if p.endswith(("县", "市", "区", "旗"))), None)


def _with_its_town(name: str, body: str) -> str:
    """A village named with the town its text puts it in (五星村 -> 叶盛镇五星村), so that villages of one name
    in two towns are two agencies; a town stays as it is."""
    if not name.endswith(("村", "社区")):
        return name
    m = re.search(f"([{HAN}]{{2,4}}?(?:镇|乡|街道)){re.escape(name)}", body)
    town = LEFT_CUT.sub("", m.group(1)) if m else ""  # 在叶盛镇五星村: the town is 叶盛镇
    return town + name if len(town) >= 3 and town not in NOT_TOWNS else name


TOWN_OPENING = re.compile(f"^([{HAN}]{{2,4}}?(?:镇|乡|街道|村|社区|公社))(?:[：:]|召开|组织|开展|举办|举行|推进|启动|部署|实施|强化|加强|全力|多措并举|扎实|持续|积极|深入|打造|聚焦|推动)")
"""A headline opening with a town's or a village's name and what it did, or a colon (红花套镇召开…, 麦子店街道：…,
五星村开展…)."""
NOT_TOWNS = frozenset({"乡镇", "城镇", "集镇", "全镇", "本镇", "各乡镇", "城乡", "全乡", "各街道", "全村", "本村", "各村",
                       "新农村", "美丽乡村", "和美乡村", "各社区", "全社区"})


INSTITUTION = re.compile(
    f"^(?:为[^，。]{{2,30}}[，,])?(?:(?:近日|日前|近期|今年以来|本周|上周|本月|\\d{{1,2}}月\\d{{1,2}}日(?:[上下]午)?)[，,])?((?:[省市县区州旗]|(?:(?![，。、；：“”（）])[{HAN}]){{2,12}}?)"
    f"(?:大学|学院|研究院|研究所|科学院|医院|中学|小学|学校|图书馆|博物馆|文化馆|档案馆|纪念馆|科技馆|美术馆|集团|有限责任公司|股份有限公司|有限公司"
    f"|百货大楼|百货商店|百货公司|商场|宾馆|饭店|农场|林场|牧场|渔场|茶场|总厂|分厂|(?<!工)厂(?![房区址长]))(?:工会|党委|团委|纪委)?)"
)
"""An institution or a company opening a report's first sentence or its headline (近日，华南农业大学园艺学院…,
垦源集团全力推进…, 本周，鞍钢股份炼铁总厂以…), or its union or Party committee (鞍钢集团工会举办…): not a government
body, but the one the report is about."""


DEFINED_NAME = re.compile(r"^(?:[【\[［][^】\]］]{1,8}[】\]］]\s*)?(.{2,30}?)[（(](?:以下)?简称")


def _defined_agency(draft: Draft) -> str | None:
    """The agency a text opens by naming and abbreviating (【概况】柳州市公安局柳南分局（简称柳南公安分局）…)."""
    m = DEFINED_NAME.match(_first_text(draft))
    if not m:
        return None
    found = find_agencies(m.group(1))
    return found[-1].surface if found and found[0].start == 0 and found[-1].end == len(m.group(1)) else None


PARTY_FIELD = re.compile(r"^(?:招标人|采购人|招标单位|采购单位|建设单位|项目单位|发布单位)[:：]\s*([^\s，。；]{4,40})$")
"""A notice's field naming its own party (招标人：…, 采购人：…), not a bidder's or a candidate's."""


def _named_in_field(draft: Draft) -> str | None:
    return next((m.group(1) for p in draft.paragraphs if (m := PARTY_FIELD.match(p.text))), None)


COLLECTIVE = re.compile("(?:省直|市直|县直|区直|旗直)各?(?:部门|单位|机关)")
"""A government's departments named together (区直各部门, 县直单位)."""


def _marked_agency(draft: Draft) -> str | None:
    """The agency a byline marked by a square names (□九三学社银川市委会), or the first its speaker's
    posts name (□市政协委员、宁夏医科大学总医院主任医师　马丽娟: a member of the 市政协)."""
    if not draft.byline or not MARKED_AUTHOR.fullmatch(draft.byline):
        return None
    found = find_agencies(draft.byline)
    if found:
        return found[0].surface
    group = draft.byline.lstrip("□■ \u3000")
    return group if group.endswith(("课题组", "调研组", "研究组", "写作组")) else None  # □四川省社会科学院课题组


DAY_LEAD = re.compile(r"^(?:近日|日前|近期|\d{1,2}月\d{1,2}日(?:[上下]午|晚)?)[，,]")
"""A lead's opening day (近日，, 6月8日上午，)."""


def _town_named_twice(draft: Draft) -> str | None:
    """The town a headline opens with, when a sentence of its text opens with it too, after a lead's
    byline or time phrase (二都镇“共享菜园”… / 今年3月以来，二都镇结合…)."""
    town = TOWN_HEAD.match(draft.title)
    if not town or town.group() in NOT_TOWNS:
        return None
    for p in draft.paragraphs:
        if "\t" in p.text:
            continue
        for sentence in SENTENCE_SPLIT.split(p.text):
            lead = TIME_LEAD.match(sentence) or DAY_LEAD.match(sentence)
            at = lead.end() if lead else 0
            if sentence.startswith(town.group(), at) and not INSTITUTION.match(sentence[at:]):
                return town.group()  # …, not the town's school or hospital (巴彦高勒镇中心学校…)
    return None


SENTENCE_SPLIT = re.compile("(?<=[。！？])")
CLAUSE_TOWN = re.compile(f"(?:^|(?<=[，,]))(?![在到赴于从向经对据])([{HAN}]{{2,4}}?(?:镇|乡|街道))(?![的和与及等各、，,])(?=[{HAN}])")
"""A town's name opening a clause and followed by what it does (…关键时期，龙源口镇抢抓农时，…), not where it
happened (…，在进化镇…)."""


def _town_in_lead(draft: Draft) -> str | None:
    """The town that opens a clause of the text's first sentence, where the text names no agency: the one it is
    about. Only the first sentence, so that a town the text goes on to visit is no actor."""
    first = SENTENCE_SPLIT.split(_first_text(draft), maxsplit=1)[0]
    town = next((m.group(1) for m in CLAUSE_TOWN.finditer(first) if m.group(1) not in NOT_TOWNS), None)
    return town


LEADER_LEAD = re.compile(
    f"^(?:[^，。；]{{0,16}}[，,])?(?:[^，。；]{{0,30}}、)?副?([省市县区州旗盟])(长|委书记)[{HAN}]{{2,4}}?"
    "(?:率队|带队|一行|主持|深入|到|在|赴|前往|来到|调研|检查|督导|督查|走访|看望|慰问|会见|出席|参加|召开|暗访|现场)"
)
"""A lead whose subject is a place's head (11月18日，县委副书记、县长某某率队调研…): the post named last before
the name tells the body acting, its government for a 县长 or 副县长, its Party committee for a 县委书记."""
LEADER_BODIES = {"长": "人民政府", "委书记": "委"}


def _leader_in_lead(draft: Draft, place: Place) -> str | None:
    """The body a lead's subject heads (县长 -> 某县人民政府), named for the document's place."""
    m = LEADER_LEAD.match(_first_text(draft))
    if not m:
        return None
    return canonical_agency(m.group(1) + LEADER_BODIES[m.group(2)], place)


def _first_text(draft: Draft) -> str:
    first = draft.first_body()
    return first.text if first else ""


def _opening_institution(draft: Draft) -> str | None:
    """… looked for in simplified characters, named as printed (市百貨大樓擴建工程竣工 -> 市百貨大樓)."""
    for text in (_first_text(draft), draft.title):
        folded = fold(text)
        m = INSTITUTION.match(folded if len(folded) == len(text) else text)
        if m and not m.group(1).startswith(("我", "该", "本", "全", "各", "记者", "笔者", "按照", "根据", "依照", "依据")):
            return text[m.start(1) : m.end(1)]
    return None


SELF_REFERENCE = re.compile("我(院|局|委|厅|校|所|站|馆|办|队)")
"""How a body's own site names it in its news (我院成功完成…, 我局立即启动…)."""
SELF_ENDS = {"校": ("校", "大学", "学院")}
"""What a body that calls itself 我校 is named with at its end (某某师范学院, 某某大学)."""
OWNER_LINE = re.compile(f"^(?:版权所有\\s*[©:：]?\\s*)?([{HAN}（）()]{{4,30}})$")


def self_named(draft: Draft, doc: CleanDocument) -> str | None:
    """The body a report calls 我院 or 我局, when it names no agency: the site's owner, as the page's
    top lines or its copyright line print it (赣州市人民医院, 长春市公安局绿园分局)."""
    opening = "\n".join([draft.title, *(p.text for p in draft.paragraphs[:2])])
    m = SELF_REFERENCE.search(opening)
    if not m:
        return None
    tail = m.group(1)
    candidates = [draft.column or "", *draft.dropped, *(p.text for p in doc.removed[:8]),
                  *(p.text for p in doc.removed if p.text.startswith("版权所有"))]
    for line in candidates:
        owner = OWNER_LINE.match(re.sub(r"[\s\u3000]+", "", line).split("地址")[0])
        if owner and owner.group(1).endswith(SELF_ENDS.get(tail, tail)):
            return owner.group(1)
    return None


INSTITUTION_MASTHEAD = re.compile(
    f"([{HAN}]{{2,16}}?(?:医院|大学|学院|学校|中学|小学|研究院|研究所|集团|公司))(?:院报|校报|报|简报|通讯|工作简报)")
"""An institution's own paper or bulletin named on its masthead (六安市人民医院院报, 某某大学校报)."""
UNIT_HEAD = re.compile(f"^(?:医院|学院|学校|院|校|集团|公司|厂|矿)?(党委|团委|工会|纪委|图书馆|档案馆|博物馆|校史馆"
                       f"|[{HAN}]{{1,8}}?(?:科|部|处|室|中心|学院|系|车间|分厂))(?=[{HAN}]{{2}})")
"""A headline opening with a unit of the institution (心内科成功救治…, 护理部举办…, 医院党委理论学习中心组…, 厂工会举办…,
铸造车间实行…)."""
PUBLISHER = re.compile(f"(?:中共)?([{HAN}]{{2,20}}?(?:厂|矿|公司|集团|医院|大学|学院|学校))(?:党?委员会|党委)?(?:主办|编印)")
"""An institution's paper's publisher line (中共某某机床厂委员会主办): the paper is the institution's own."""


def institution_unit(draft: Draft, owner: str | None) -> str | None:
    """In an institution's own paper, the unit a headline opens with, named after the institution: a hospital's
    department or its Party committee (心内科 -> 六安市人民医院心内科), a factory's union or workshop (厂工会 ->
    某某机床厂工会), where the text names no agency; owner is the page's (paper_owner)."""
    # the headline, or its last line under a kicker (争分夺秒抢救生命 心内科成功救治…)
    unit = UNIT_HEAD.match(draft.title) or UNIT_HEAD.match(draft.title.rsplit(" ", 1)[-1])
    itself = OWNER_ITSELF.match(draft.title)
    if owner is None or (not unit and not itself):
        return None
    return owner if itself or unit is None else owner + unit.group(1)


OWNER_ITSELF = re.compile("^(?:我|本|全)?(?:学校|校|医院|院|公司|厂)(?=[召举开组启印出发获成荣])")
"""A headline whose subject is the institution by its kind (学校召开…, 医院举办…): the paper's owner itself."""


def paper_owner(doc: CleanDocument) -> str | None:
    """The institution whose own paper a page is, by its masthead (某某大学校报) or its publisher line
    (中共某某厂委员会主办), if one only is named."""
    tops = [p.text for p in doc.paragraphs[:2]] + [p.text for p in doc.removed[:6]] + [p.text for p in doc.paragraphs[-1:]]
    owners = {m.group(1) for t in tops if (m := INSTITUTION_MASTHEAD.fullmatch(re.sub("[ \u3000]", "", t))
                                          or PUBLISHER.match(re.sub("[ \u3000]", "", t)))}
    return owners.pop() if len(owners) == 1 else None


BARE_TOWN_IN_TEXT = re.compile(f"(?:^|(?<=[，。；：、])){BARE_TOWN_UNIT.pattern}")
"""A town's own body named without the town (镇党委召开…, 镇农业农村办…), as its own bulletin names it."""
TOWN_IN_MASTHEAD = re.compile(f"((?:(?![省市县区州旗盟])[{HAN}]){{2,3}}镇)(?:党委|委员会|人民政府|政府|工作简报|简报|工作动态|信息)")


def bulletin_town(draft: Draft, doc: CleanDocument) -> str | None:
    """The town whose bulletin a report is, when its text names the town's bodies only bare (镇党委召开…): the
    one town the bulletin's masthead or compiler names (永定镇工作简报, 中共…永定镇委员会办公室)."""
    if not any(BARE_TOWN_IN_TEXT.search(p.text) for p in draft.paragraphs[:2]):
        return None
    top = [p.text for p in doc.paragraphs[:3]] + [v for _, v in doc.meta] + [p.text for p in doc.removed[:6]]
    # the masthead perhaps letter-spaced (东 溪 镇 工 作 简 报), the compiler named by its party (中共东溪镇委员会办公室)
    towns = {m.group(1) for t in top for m in TOWN_IN_MASTHEAD.finditer(re.sub("[ \u3000]", "", t).replace("中共", ""))}
    return towns.pop() if len(towns) == 1 else None


COMMENTARY_COLUMN = re.compile("评论|时评|短评|快评|锐评|评说|言论|杂谈|漫谈|随笔|今日谈|观察")
"""A column of opinion pieces (【江河源时评】, 今日谈, 评论版)."""
PAPER_NAME = re.compile(f"[{HAN}]{{2,10}}(?:日报|晚报|时报|商报|报)")
"""A newspaper's masthead (青海日报, 宜黄报)."""


def paper_author(draft: Draft, doc: CleanDocument) -> str | None:
    """The newspaper whose commentary a report is, when it names no agency: by the paper's commentator
    (本报评论员) or in an opinion column (【江河源时评】), on a page whose masthead names the paper."""
    if not (COMMENTATOR_LINE.fullmatch(draft.byline or "") or COMMENTARY_COLUMN.search(draft.column or "")):
        return None
    first = doc.paragraphs[0].first_line if doc.paragraphs else 0
    return next((name for p in doc.removed[:4] if p.last_line < first
                 and PAPER_NAME.fullmatch(name := re.sub(r"[\s\u3000]+", "", p.text))), None)


def plain_byline(byline: str | None) -> str | None:
    """A byline as a reader wants it: without the square that marked it (□民革银川市委会) or the brackets
    around a credit that is all of it (（黄志强）, （汉中台记者 刘 洋 王 磊）)."""
    if not byline:
        return byline
    text = byline.lstrip("□■◆● \u3000")
    if text[:1] in "（(" and text[-1:] in "）)" and not re.search("[（(）)]", text[1:-1]):
        text = text[1:-1].strip()
    return text or byline


ZONE = re.compile("(高新区|开发区|经济开发区|先行区|新区|示范区)$")


def within_zone(name: str, primary: str | None) -> str:
    """Name a zone's own departments after it (区财政金融局 in a 济宁高新区 report -> 济宁高新区财政金融局)."""
    if primary and ZONE.search(primary) and name.startswith("区") and len(name) > 2:
        return primary + name[1:]
    return name


def extract(draft: Draft, doc: CleanDocument, page: PageContext, supplied: dict[str, str] | None = None) -> Report:
    """Turn a draft into a Report with metadata (id is filled in later)."""
    supplied = supplied or {}
    page_meta = dict(doc.meta)
    item_meta = _own_meta(draft, doc)
    agency, agencies, agency_weak = infer_agency(draft, page.place, supplied.get("agency"), page_meta.get("发布机构"),
                                                 item_meta.get("来源", page_meta.get("来源")))
    if agency is None and (unit := institution_unit(draft, page.owner)):
        agency, agencies, agency_weak = unit, [unit, *agencies], True  # 心内科成功救治… in 六安市人民医院院报
    elif (agency is None or agency_weak) and (own := self_named(draft, doc)):
        agency, agencies, agency_weak = own, [own, *(a for a in agencies if a != own)], True
    elif agency is None and (town := bulletin_town(draft, doc)):
        if bare := BARE_TOWN_UNIT.match(draft.title):
            town = town + bare.group()[1:]  # 镇农业农村办：… in 平桥镇工作简报: that town's office
        agency, agencies, agency_weak = town, [town, *agencies], True  # 镇党委召开…: in a town's own bulletin
    elif agency is None and (paper := paper_author(draft, doc)):
        agency, agencies, agency_weak = paper, [paper, *agencies], True  # 本报评论员: the paper speaks
    elif agency is None and (compiler := page_meta.get("编印")) and find_agencies(compiler):
        # an item of a bulletin that names nobody (我县入梅以来…): the office that compiles the bulletin
        agency, agencies, agency_weak = compiler, [compiler, *agencies], True
    elif agency is None and (owner := page.owner):
        # a report of an institution's own paper that names nobody (a teacher's profile): the institution's
        agency, agencies, agency_weak = owner, [owner, *agencies], True
    if supplied.get("date"):
        date = _from_iso(supplied["date"], "supplied", str(supplied["date"]))
    elif draft.signature:
        # the day the notice was made (落款), before the day a site posted it (发布时间)
        date = DateGuess(draft.signature[1], "day", "signed", draft.signature[2])
    else:
        date = report_date(draft, page)
        if item_meta.get("date") and date.basis != "dateline" and date.value != item_meta["date"]:
            # an item of a listing with its own posting line (发布时间：2023-05-17), its text no day of its own
            date = DateGuess(item_meta["date"], "day", "printed", item_meta["date"])
    sections: list[Section] = []
    body_md: list[str] = []
    text_parts: list[str] = []
    n = 0
    table: list[str] = []
    for i, p in enumerate(draft.paragraphs):
        text_parts.append(p.text)
        if "\t" in p.text:  # a table row: consecutive rows make one Markdown table
            table.append(p.text)
            if i + 1 == len(draft.paragraphs) or "\t" not in draft.paragraphs[i + 1].text:
                body_md.append(md_table(table))
                table = []
            continue
        if i in draft.headings:
            n += 1
            found = find_agencies(p.text)
            sec_agency = canonical_agency(found[0].surface, page.place) if found and found[0].start == 0 else None
            sec_agency = within_zone(sec_agency, agency) if sec_agency else None
            sections.append(Section(p.text, f"sec-{n}", sec_agency))
            body_md.append(f"## {md_escape(p.text)}")
        else:
            body_md.append(md_escape(p.text))
    for s in sections:
        if s.agency and s.agency not in agencies:
            agencies.append(s.agency)
    all_text = "\n".join([draft.title, draft.subtitle or "", *text_parts])
    places = [p for p in places_in(all_text)]
    if page.place.city and page.place.city not in places:
        places.append(page.place.city)
    checks = []
    if draft.title_weak:
        checks.append("title")
    if agency_weak:
        checks.append("agency")
    if date.basis in (None, "inferred"):
        checks.append("date")
    meta = [(k, v) for k, v in doc.meta if k != "date"]
    for key in ("publication", "url", "source_url"):
        if supplied.get(key):
            meta.append((key, str(supplied[key])))
    return Report(
        id="",
        source=doc.source,
        title=supplied.get("title") or draft.title,
        body="\n\n".join(body_md),
        text="\n\n".join(text_parts),
        agency=agency,
        agencies=tuple(agencies),
        date=date.value,
        date_precision=date.precision,
        date_basis=date.basis,
        date_evidence=date.evidence,
        subtitle=draft.subtitle,
        kicker=draft.kicker,
        byline=plain_byline(draft.byline),
        places=tuple(places),
        sections=tuple(sections),
        captions=tuple(draft.captions),
        source_meta=tuple(meta),
        raw_span=draft.raw_span,
        checks=tuple(checks),
        extra=(("kind", draft.kind),) + ((("column", draft.column),) if draft.column else ()),
    )


def _own_meta(draft: Draft, doc: CleanDocument) -> dict[str, str]:
    """The metadata line printed between an item's headline and its text on a page of several (发布时间：…
    来源：…), when the page has more than one such line: that item's own."""
    first = draft.first_body()
    if first is None or not draft.head_lines[1]:
        return {}
    lines = [p for p in doc.removed if META_LINE.match(fold(p.text))]  # … in either script (發布日期：114-05-08)
    if len(lines) < 2:
        return {}
    own = [p for p in lines if draft.head_lines[1] < p.first_line < first.first_line]
    return dict(parse_item_meta(own[0].text)) if own else {}


META_LINE = re.compile("(?:发布时间|发布日期|发表时间|时间|日期|来源|信息来源)[:：]")


def md_table(rows: list[str]) -> str:
    """A Markdown (GFM) table of tab-separated rows, the first as its header; short rows are padded."""
    cells = [r.split("\t") for r in rows]
    width = max(map(len, cells))
    # block markers (1. # -) mean nothing inside a cell: only inline syntax and | are escaped
    lines = ["| " + " | ".join(MD_INLINE.sub(r"\\\1", c) for c in [*row, *[""] * (width - len(row))]) + " |" for row in cells]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)


MD_LINE_START = re.compile(r"^(\s*)(?:([#>+\-*=|])|(\d+)([.)]))")
MD_INLINE = re.compile(r"([\\`*_\[\]<>~|&])")


def md_escape(text: str) -> str:
    """Escape Markdown syntax (and character references like &amp;) so a paragraph renders exactly as written."""
    text = MD_INLINE.sub(r"\\\1", text)
    return MD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(m: re.Match[str]) -> str:
    """Escape a block marker: the symbol itself, or the . or ) after a list number (1\\. not \\1.)."""
    if m.group(2):
        return m.group(1) + "\\" + m.group(2)
    return m.group(1) + m.group(3) + "\\" + m.group(4)
