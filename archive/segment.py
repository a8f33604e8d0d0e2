"""Cut a cleaned document into reports.

A page may carry one article or several. Headlines are found either before
their bodies (web pages, most newspaper layouts) or after them (PDF text of a
newspaper page, where the large type comes out last). Each paragraph is first
given a role (body, heading, subtitle, byline, caption, …); then headlines are
matched to bodies: before-mode walks forward, after-mode matches each block of
headlines to the body run before it, cutting the run where the layout changes
or where a paragraph opens with a headline's agency (`机构：标题`).
"""

from __future__ import annotations

import operator
import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain

from .agencies import VERB_INSIDE, agency_at_start, agency_key, canonical_agency, find_agencies, places_in
from .clean import (
    BRIEF_CREDIT_END,
    HAN_RE,
    HEADING_STOP,
    ITEM_DATE,
    JUMP_IN,
    JUMP_MARK,
    JUMP_OUT_LINE,
    LETTER_SPACED_BANNER,
    LIST_START,
    NOTICE_KIND,
    NOTICE_TITLE,
    PARAGRAPH_RULES,
    POSTED_FROM,
    either_script,
    is_heading_like,
    ocr_dates,
    visual_width,
)
from .dates import CN_DIGITS, arabic_dates
from .model import CleanDocument, Paragraph
from .search import fold

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
BYLINE_LINE = re.compile(either_script(
    r"^[■□●◆]?\s*(?:(?:本报|特约|见习)?(?:记者|通讯员)\s+|本报记者|本报通讯员|文/|图/|文图/|摄影[:：/]|图文/)[^，。；！？]{1,30}$"
))
COMMENTATOR_LINE = re.compile(f"(?:本报|本刊|新华社|[{HAN}]{{2,8}}(?:日报|晚报|报))?(?:特约)?评论员")
"""A commentary's author line: the paper's own commentator (本报评论员, 人民日报评论员)."""
CAPTION_OPENING = re.compile(r"^(?:\d{1,2}月\d{1,2}日[，,]|图为|图片为|上图|下图|左图|右图)")
CONTRIBUTOR_LINE = re.compile(f"[（(][{HAN}·](?:[ \u3000]?[{HAN}·]){{1,3}}(?:[ 、，,][{HAN}·]{{2,4}}){{0,3}}[)）]")
"""A contributor's name alone in brackets closing an entry of a yearbook or gazetteer (（覃建华）)."""
ISSUER_ENDS = "署部局厅委办处院所队会處关關协協"
"""… but a department's name in brackets (（建築署）) closes a press release: it stays in the text."""
PHOTO_CREDIT_LINE = re.compile(f"(?:(?:本报|特约)?(?:记者|通讯员) ?)?[{HAN}·]{{2,4}}(?:[、 ][{HAN}·]{{2,4}})*[ \u3000]?摄(?:[（(][^（）()]{{2,12}}[)）])?")
"""A photo's credit alone on its line under its caption (刘满仓摄（人民视觉）, 通讯员李娜摄, 莫小兰 摄)."""
SPEAKER_LINE = re.compile(
    f"([{HAN}（）()]{{2,24}}?)(?:省长|市长|县长|区长|州长|旗长|主席|主任|书记|局长|厅长|部长|院长|检察长|镇长|乡长)"
    f"[ \u3000]+[{HAN}·]{{2,4}}"
)
"""The speaker under a report's headline (江西省人民政府省长　林国华): its byline, not its title; the group is what
is printed before the post: the body the speaker heads (with 副 or 代 when the post has it)."""
BYLINE_PAREN_LINE = re.compile(either_script(
    r"^[（(](?:[^（）()]{0,40}(?:记者|通讯员|报道|供稿|整理|撰稿|执笔|撰文)|来源[:：])[^（）()]{0,40}[）)]$"))
LEAD_BYLINE = re.compile(either_script(
    r"^(?:(?:本报|本刊|新华社|中新社|人民网|大众网|央视网)[^（()，。]{0,8}?(?:讯|电)\s*)?"
    r"[（(](?=[^（）()]{0,40}(?:记者|通讯员|报道))[^（）()]{1,60}[）)]\s*"
    r"|^(?:本报|本刊)[^（()，。]{0,6}讯\s*"
    r"|^【(?:本报|本刊)讯】\s*"  # … in brackets, as papers of the 1950s print it (【本报讯】)
    r"|^(?:新华社|中新社)[^（()，。]{1,10}电\s*"
    # a news site's lead (央视网消息（新闻联播）：, 人民网北京11月8日电)
    r"|^[\u4e00-\u9fff]{1,6}网(?:消息|[^（()，。]{0,8}?电)(?:[（(][^（）()]{1,12}[)）])?[:：]?\s*"
))
TRAILING_BYLINE = re.compile(
    r"(?<=[。！？”’」』])[ \u3000]*(?:[（(][^（）()]{0,40}(?:记者|通讯员)[^（）()]{0,30}报道[）)]"
    r"|[（(](?:本报|特约|见习)?(?:记者|通讯员)[ \u3000]*[^（）()，。；]{1,30}[）)])$"
)
"""A reporter's credit closing the last sentence of a report: ……走上致富路。（通讯员 李娟）"""
TRAILING_DATE = re.compile(r"(?<=[。！？”’」』])[ \u3000]*[（(](?:(?:19|20)\d{2}[-年./])?\d{1,2}[-月./]\d{1,2}日?[)）]$")
"""A date closing the last sentence of an item on a page of several: ……防控屏障。（2023-05-10）"""
ITEM_DATE_LINE = re.compile(f"{ITEM_DATE.pattern}|\\d{{1,2}}月\\d{{1,2}}日")
"""A date alone on its line between the items of a listing (2023-06-12, 6月5日)."""
TITLE_DATE = re.compile(r"[ \u3000]*[（(\[［【](?:19|20)\d{2}(?:\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-./]\d{1,2}[-./]\d{1,2})[)）\]］】]$")
"""A date in brackets closing a headline on a listing page (…部署会（2023年6月1日）)."""
CAPTION_START = re.compile(r"^[▲△▼↑↓←→]|^图为|^[（(]?图[)）]")
COLUMN_TAG = re.compile(r"^【[^【】]{2,8}】")
ISSUE_LINE = re.compile(r"[（(]?(?:(?:19|20)\d{2}\s*年\s*)?第\s*\d{1,4}\s*期[)）]?$")
"""A series' name with its issue number (大店镇工作动态（2022年第9期）): the page's, above the headline."""
INLINE_COLUMN = re.compile(r"^(?:([^【】]{1,20}?) )?【([^【】]{2,12})】[ \u3000]*([^【】]{4,})$")
"""A column's name in brackets opening a line above a headline (【乡镇快讯】…, 【基层治理】)."""
EDITOR_NOTE = re.compile(r"^[【\[（(]?(?:编者按|编者的话|编前语|编者|编后语?|按语)[】\]）)]?[:：]")
CAPTION_CREDIT = re.compile(
    r"[ \u3000]+(?:(?:本报|新华社|特约)?(?:记者|通讯员)[ \u3000]*)?[\u4e00-\u9fff·]{2,4}"
    r"(?:[ \u3000]*[、，][ \u3000]*[\u4e00-\u9fff·]{2,4})*[ \u3000]*摄$"
    r"|[（(](?:(?:本报|新华社|特约)?(?:记者|通讯员)[ \u3000]*)?[^（）()。，]{2,20}[ \u3000]*摄[)）]$"
)
"""A photographer's credit closing a short line: the line is a photo caption (…查看农田建设情况 张三 摄)."""
SUBTITLE_START = re.compile(r"^[—－-]{1,2}")
DECK_START = re.compile(r"^◆")
BANNER_RE = re.compile(
    r"(进行时|在行动|系列报道|专栏|专题|特刊)$|^(?:深入)?学习(?:宣传)?贯彻|^(?:聚焦|关注|直击|走进|探访|权威发布|图片新闻|新闻速递|综述|时评)"
)
NEWS_OPENING = re.compile(r"^(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日(?:[上下]午|晚)?[，,]|^(?:近日|日前|近期|昨天|昨日|今天|今日)[，,]")
COLON_HEAD = re.compile(f"^([{HAN}（）()]{{2,24}})[：:](.*)$")


@dataclass
class Draft:
    """A report as cut from a page, before its metadata is inferred."""

    title: str = ""
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    title_agency: str | None = None
    """Agency printed in the headline (`机构：标题`)."""
    column: str | None = None
    """Column banner printed above the headline."""
    paragraphs: list[Paragraph] = field(default_factory=list)
    """Body paragraphs; headings among them are section or sub headings."""
    headings: set[int] = field(default_factory=set)
    """Indexes into paragraphs that are headings inside the report."""
    captions: list[str] = field(default_factory=list)
    kind: str = "article"
    head_lines: tuple[int, int] = (0, 0)
    title_weak: bool = False
    item_date: str | None = None
    """The date printed with an item of a page of several, as printed: after its headline in brackets
    (…部署会（2023年6月1日）), or on a line of its own under its text or over its headline."""
    signature: tuple[str, str, str] | None = None
    """Issuing agency, ISO date and the date as printed under the text (落款)."""
    dropped: list[str] = field(default_factory=list)
    """Lines of the head block that are neither headline nor anything else (a site's name, [图片])."""
    signed_under: bool = False
    """A credit was printed under the text (（通讯员 林警宣）): the text ended there."""
    posted: str | None = None
    """The item's own posting line, removed as chrome, on a page of several (10-14 17:40 来自 iPhone客户端,
    发布时间：2023-05-19): it dates an item whose text gives no day."""

    @property
    def raw_span(self) -> tuple[int, int]:
        lines = [p.first_line for p in self.paragraphs] + [p.last_line for p in self.paragraphs]
        lines += [n for n in self.head_lines if n]
        return (min(lines), max(lines)) if lines else (0, 0)

    def first_body_index(self) -> int | None:
        """The index of the text's first paragraph below any section heading it opens with."""
        return next((i for i in range(len(self.paragraphs)) if i not in self.headings), None)

    def first_body(self) -> Paragraph | None:
        """The text's first paragraph below any section heading it opens with."""
        i = self.first_body_index()
        return None if i is None else self.paragraphs[i]


# ---------------------------------------------------------------- roles


def role_of(p: Paragraph) -> str:
    """Give a paragraph its role on the page."""
    t = p.text
    if "\t" in t:
        return "body"  # a table row (clean.table_rows): short and unpunctuated, but never a headline
    if SUPPLIED_PHOTO.fullmatch(t):
        return "caption"  # the credit of the photo above (（榕江县委宣传部 供图）): its caption's
    if t[:1] in "（(" and t[-1:] in "）)" and 4 <= len(t) <= 24 and _is_one_office(t[1:-1]):
        # the office that sent the text above in (（市统计局综合科）, （国家统计局宝鸡调查队）); a department closing
        # its own release (（勞工處）) stays in the text
        return "byline"
    if CAPTION_START.match(t) or (len(t) <= 120 and "摄" in t and (
            CAPTION_CREDIT.search(t) or (p.lines and CAPTION_CREDIT.search(p.lines[-1])))):
        # … the credit set apart on the caption's last line, whose spaces the joined text lost (…小麦。　记者 杜鹏 摄)
        return "caption"
    if BYLINE_LINE.match(t) or BYLINE_PAREN_LINE.match(t) or SPEAKER_LINE.fullmatch(t) or PHOTO_CREDIT_LINE.fullmatch(t) \
            or ITEM_CREDIT.fullmatch(t) or (MARKED_AUTHOR.fullmatch(t) and _marks_author(t)) or COMMENTATOR_LINE.fullmatch(t) \
            or _is_lead_byline(t) \
            or (CONTRIBUTOR_LINE.fullmatch(t) and t[-2] not in ISSUER_ENDS and not _names_agencies(t[1:-1])):
        return "byline"
    if SUBTITLE_START.match(t) and len(t) <= 60 and not t.endswith("。"):
        return "subtitle"
    if DECK_START.match(t):
        return "deck"
    if t.endswith(("：", ":")):
        return "body"  # a salutation (各区县文化和旅游局：) opens the text
    if is_heading_like(t) or QUOTED_TITLE.match(t) or (len(t) <= 20 and not t.endswith(END_PUNCTS)) \
            or EXCLAIMED_TITLE.fullmatch(t) or JOINED_TITLES.fullmatch(t):
        return "heading"
    return "body"


@lru_cache(maxsize=4096)
def _is_one_office(text: str) -> bool:
    """Tell whether a text names one of an agency's offices (市统计局综合科, 国家统计局宝鸡调查队), not the agency alone."""
    found = find_agencies(text)
    if not found or found[0].start != 0:
        return False
    rest = text[found[0].end :]
    # an agency's section (市统计局综合科), or a national body's local office (国家统计局宝鸡调查队)
    return bool(OFFICE_SUFFIX.fullmatch(rest)) or (0 < len(rest) <= 8 and bool(OFFICE_END.search(rest)))


OFFICE_SUFFIX = re.compile(f"[{HAN}]{{1,6}}(?:科|股|处|室|组|站|所|中心)")
SUPPLIED_PHOTO = re.compile(r"[（(][^（）()]{2,24}?[ \u3000]*(?:供图|供照|图片提供)[)）]")
QUOTED_TITLE = re.compile(r"^“[^“”。]{2,38}”$")
EXCLAIMED_TITLE = re.compile(r"[^，。；、！？!?,;]{2,30}[！？!?][^，。；、！？!?,;]{4,30}(?<![。！？!?…，、；：,;:”’）)])")
"""A headline with an exclamation or a question inside it (守护“舌尖上的安全”！县市场监管局开展…)."""
SEVERAL_BRIEFS = re.compile("(?:简讯|快讯|短讯|消息|新闻)[两二三四五六七八九十]则$")
"""A post's headline over several briefs (一二三团简讯两则), each under its own."""
JOINED_TITLES = re.compile(r"[^，。；！？!?,;]{4,40}；[^，。；！？!?,;]{4,40}(?<![。！？!?…，、；：,;:”’）)])")
"""A post's headline joining its items' headlines with a semicolon (坂田街道：燃气安全…走进城中村；杨美社区…开餐啦)."""
END_PUNCT = "。！？!?…，、；：,;:”’）)"
END_PUNCTS = tuple(END_PUNCT)


# ---------------------------------------------------------------- layout


def _spacing(p: Paragraph) -> str | None:
    n = len(p.lines)
    if n < 2:
        return None
    span = p.last_line - p.first_line + 1
    return "double" if span >= 2 * n - 1 else "single"


@lru_cache(maxsize=4096)
def _width(p: Paragraph) -> float | None:
    """The median width of a paragraph's inner lines (each paragraph is compared with both neighbours, twice)."""
    full = [visual_width(x) for x in p.lines[1:-1]]
    return statistics.median(full) if len(full) >= 3 else None


def layout_break(a: Paragraph, b: Paragraph) -> bool:
    """Tell whether the print layout changes between two paragraphs (another column or article)."""
    if b.indented and not a.indented:
        return True
    sa, sb = _spacing(a), _spacing(b)
    if sa and sb and sa != sb:
        return True
    wa, wb = _width(a), _width(b)
    return bool(wa and wb and abs(wa - wb) >= 2)


# ---------------------------------------------------------------- headlines


@dataclass
class Headline:
    lines: list[str]
    first_line: int
    last_line: int
    agency: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    agency_below: bool = False
    """The agency's name was printed under the headline's lines (税费红利直达市场主体 / 县税务局): the headline ends there."""

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def split_headlines(block: list[Paragraph], one_per_line: bool = False) -> list[Headline]:
    """Split a block of heading lines printed together into separate headlines.

    A `机构：` line starts a headline and takes at most one more line; other lines pair
    up as two-line headlines, or stand alone when `one_per_line` (the page has as many
    bodies as lines).
    """
    out: list[Headline] = []
    for p in block:
        role = role_of(p)
        if role == "subtitle" and out:
            out[-1].subtitle = p.text.lstrip("—－- ") or None
            continue
        if role == "byline" and out:
            out[-1].byline = p.text
            continue
        # a one-line paragraph is its cleaned text; the lines of a longer one are cleaned one by one
        raw_lines = [_clean_line(x) for x in p.lines] if len(p.lines) > 1 else [p.text]
        for i, line in enumerate(raw_lines):
            line = re.sub(r"\s+", " ", line)
            m = COLON_HEAD.match(line)
            agency = None
            if m and agency_at_start(m.group(1) + "。") and len(m.group(1)) <= 16:
                agency = m.group(1)
            if out and not out[-1].agency and out[-1].last_line >= p.first_line + i - 1 and not agency \
                    and _names_agencies(line) and not _names_agencies(out[-1].text):
                # the agency's name under its headline (税费红利直达市场主体 / 县税务局): whose report it is
                out[-1].agency, out[-1].agency_below = line, True
                continue
            pairs_up = bool(out) and (not one_per_line or bool(out[-1].agency))
            # a line the joiner kept in its paragraph goes on with the headline, however many it has
            run_on = i > 0 and not one_per_line and bool(out)
            if agency or not pairs_up or (len(out[-1].lines) >= 2 and not run_on) or out[-1].last_line < p.first_line - 4 \
                    or out[-1].agency_below:
                out.append(Headline([line], p.first_line + i, p.first_line + i, agency))
            else:
                out[-1].lines.append(line)
                out[-1].last_line = p.first_line + i
    for h in out:
        h.lines = [x for x in h.lines if x]
    return out


def _raw_text(p: Paragraph) -> str:
    """A paragraph as printed, before its spacing was closed (简　讯)."""
    return " ".join(x.strip() for x in p.lines) if p.lines else p.text


def _clean_line(line: str) -> str:
    """One raw line of a heading block with the paragraph rules applied (县 卫 健 局 -> 县卫健局)."""
    for rule in PARAGRAPH_RULES:
        line = rule(line)
    return line.strip()


def headline_title(h: Headline) -> tuple[str, str | None]:
    """Return (title, agency) for a headline, joining its lines; `机构：` stays in the title."""
    joined = ""
    for line in h.lines:
        if not joined:
            joined = line
        elif joined.endswith(("：", ":")) or len(joined.replace(" ", "")) > 10:
            joined += line
        else:
            joined += " " + line
    return joined, h.agency


# ---------------------------------------------------------------- entry point


def segment(doc: CleanDocument) -> list[Draft]:
    """Cut a cleaned document into report drafts."""
    paras = list(doc.paragraphs)
    if not paras:
        return []
    roles = [role_of(p) for p in paras]
    _field_blocks_are_text(paras, roles)
    _decks_over_leads(paras, roles)
    _attachment_lists(paras, roles)
    _questions_over_meta(paras, roles, {r.first_line for r in doc.removed})
    jumps = frozenset(r.first_line for r in doc.removed if JUMP_OUT_LINE.fullmatch(r.text))
    _text_above_jumps(paras, roles, jumps)
    continued = _continued_from_before(paras, roles, doc.removed)
    if continued:
        # the page opens with the rest of a report from an earlier page (（上接第1版）…): a report of its own, and
        # no sign that this page prints its headlines after their texts
        head = Draft(paragraphs=[p for p, r in zip(paras[:continued], roles, strict=False) if r == "body"],
                     kind="continued")
        paras, roles = paras[continued:], roles[continued:]
    if (chronicle := _chronicle_entries(paras, roles)) is not None:
        drafts = chronicle
    elif headlines_come_after(paras, roles):
        drafts = _segment_headlines_after(paras, roles)
    else:
        posted = {r.first_line: r.text for r in doc.removed if POSTING_LINE.match(fold(r.text)) or POSTED_FROM.match(r.text)}
        drafts = _segment_headlines_before(paras, roles, page_first=not continued, rules=jumps | frozenset(
            r.first_line for r in doc.removed if ORNAMENT_RULE.fullmatch(r.text)),
            posted=frozenset(posted) if len(posted) >= 2 else frozenset())
        if len(posted) >= 2:
            _posted_items(drafts, posted)
    if continued:
        drafts = [head, *drafts]
    drafts = [piece for d in drafts if d.paragraphs for piece in _split_run_in(d) for piece in _split_entries(piece)]
    for d in drafts:
        _finish(d)
    return _forwarded_with_notice(drafts)


def _posted_items(drafts: list[Draft], posted: dict[int, str]) -> None:
    """Give each item of a page of several its own posting line: the last one over its first line and under
    the item before it."""
    lines = sorted(posted)
    below = 0
    for d in drafts:
        start, end = d.raw_span
        d.posted = next((posted[n] for n in reversed(lines) if below < n < start), None)
        below = max(below, end)


def _text_above_jumps(paras: list[Paragraph], roles: list[str], jumps: frozenset[int]) -> None:
    """A line right above the line that sends its text to another page (…会议还研究了《宁县 / （下转第2版）) is text."""
    for k, p in enumerate(paras):
        if roles[k] == "heading" and p.last_line + 1 in jumps and k and roles[k - 1] == "body":
            roles[k] = "body"


def _continued_from_before(paras: list[Paragraph], roles: list[str], removed: tuple[Paragraph, ...]) -> int:
    """How many paragraphs open the page as the rest of a report from an earlier page: texts under a jump line
    (（上接第1版）, removed as chrome) with no headline above them but the paper's name; 0 when none do."""
    first = next((k for k, r in enumerate(roles) if r == "body"), None)
    if first is None or first > 1 or any(not _is_masthead(paras[k].text) for k in range(first)):
        return 0  # (the paper's name above it stays the page's)
    start = paras[first].first_line
    jump = any(start - 3 <= r.first_line < start and JUMP_IN.match(r.text) for r in removed) \
        or bool(paras[first].lines and JUMP_IN.match(paras[first].lines[0].lstrip()))
    if not jump:
        return 0
    end = first
    while end < len(paras) and roles[end] == "body":
        end += 1
    return end if end < len(paras) else 0


YEAR_HEADING = re.compile("((?:19|20)\\d{2}|[一二三四五六七八九〇○零]{4})年")
"""A chronicle's year alone on its line (一九七六年, 1998年)."""
ENTRY_DAY = re.compile(r"(\d{1,2})月(?:(\d{1,2})日)?(?:(?:至|—|-|～)(?:\d{1,2}月)?\d{1,2}日)?(?:[上中下]旬)?[，,]")
"""The day or month a chronicle's entry opens with (1月8日至12日，, 3月，, 10月中旬，)."""
FOOTNOTE = re.compile("^[①②③④⑤⑥⑦⑧⑨⑩]|^注[:：]")


def _chronicle_entries(paras: list[Paragraph], roles: list[str]) -> list[Draft] | None:
    """Cut a chronicle (大事记) into its entries: under each year alone on its line, every text that opens with a
    day or a month is an entry, titled by what its first clause says happened and dated by the year above it;
    a text that opens otherwise goes on the entry above; footnotes (①…) are no entry's. None when the page is
    no chronicle: at least three entries, under a year, and most texts under the years are entries."""
    if sum(1 for p, r in zip(paras, roles, strict=True) if r == "heading" and YEAR_HEADING.fullmatch(p.text)) == 0:
        return None
    drafts: list[Draft] = []
    year: int | None = None
    texts = entries = 0
    for p, r in zip(paras, roles, strict=True):
        if r == "heading" and (y := YEAR_HEADING.fullmatch(p.text)):
            year = int(y.group(1)) if y.group(1).isdigit() else int("".join(str(CN_DIGITS[c]) for c in y.group(1)))
            continue
        if year is None or FOOTNOTE.match(p.text):
            continue
        texts += 1
        day = ENTRY_DAY.match(p.text)
        if day is None:
            if drafts:
                drafts[-1].paragraphs.append(p)
            continue
        entries += 1
        rest = p.text[day.end() :]
        title = re.split("[，。；]", rest, maxsplit=1)[0]
        when = f"{year}年{day.group(1)}月" + (f"{day.group(2)}日" if day.group(2) else "")
        drafts.append(Draft(title=title, paragraphs=[p], item_date=when, title_weak=True, kind="entry"))
    if entries < 3 or entries < 0.6 * texts:
        return None
    return drafts


FORWARDS = re.compile("(?:转发|印发|批转)(.{4,80}?)的(?:通知|意见|函)$")
"""A notice that passes on another body's document (…办公厅转发省农牧渔业厅关于…的报告的通知)."""


def _forwarded_with_notice(drafts: list[Draft]) -> list[Draft]:
    """Keep the document a notice passes on (转发, 印发) with the notice: printed after it under its own title
    and signature, it is part of that notice, a section headed by its title."""
    out: list[Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        m = FORWARDS.search(prev.title) if prev else None
        if prev is not None and m and d.title and len(d.title) >= 6 and (d.title in m.group(1) or d.title.removeprefix("关于") in m.group(1)):
            prev.headings.add(len(prev.paragraphs))
            prev.paragraphs.append(Paragraph(d.title, d.head_lines[0] or d.raw_span[0], d.head_lines[1] or d.raw_span[0]))
            offset = len(prev.paragraphs)
            prev.paragraphs.extend(d.paragraphs)
            prev.headings.update(offset + k for k in d.headings)
            if d.signature:
                who, _, printed = d.signature
                prev.paragraphs.extend([Paragraph(who, d.raw_span[1], d.raw_span[1]), Paragraph(printed, d.raw_span[1], d.raw_span[1])])
            continue
        out.append(d)
    return out


CONTACT_LINE = re.compile("^(?:联系(?:单位|地址|电话|人|部门|方式)|(?:服务|咨询|监督|举报|投诉|客服|报名)?(?:热线|电话)|通讯地址|邮寄地址"
                          "|地址|邮编|传真|电子邮箱)[:：]")
"""A notice's contact line (联系单位：…, 服务热线：95598), printed over its signature."""
FIELD_LINE = re.compile(f"^([{HAN}][{HAN} \u3000]{{1,7}})[：:][ \u3000]*[^ \u3000：:]")
"""A line of a form: a short label, a colon and its value (项目编号：HSGC2023-056, 地　　址：…)."""


ATTACHMENT = re.compile(r"^附\s*件\s*(?:\d{1,2}\s*)?[:：]")
ATTACHMENT_ITEM = re.compile(r"^\d{1,2}\s*[.．、]")


def _attachment_lists(paras: list[Paragraph], roles: list[str]) -> None:
    """A notice's list of attachments (附件：1.… / 2.… / 3.…) is text, not section headings; and so are the
    attachments printed after its signature (附件1 / …名单 / the names), up to the next document's title."""
    for i, p in enumerate(paras):
        if ATTACHMENT.match(p.text) and roles[i] == "heading":
            roles[i] = "body"
            k = i + 1
            while k < len(paras) and roles[k] == "heading" and ATTACHMENT_ITEM.match(paras[k].text):
                roles[k] = "body"
                k += 1
    i = 0
    while i < len(paras):
        if roles[i] == "heading" and ANNEX_HEAD.fullmatch(paras[i].text) \
                and any(SIGNED_DAY.fullmatch(paras[k].text) for k in range(max(0, i - 3), i)):
            k = i
            # … up to the next document's title, or its issuer's name on the line above it
            while k < len(paras) and not (roles[k] == "heading" and k > i and (
                    NOTICE_TITLE.search(paras[k].text)
                    or (k + 1 < len(paras) and roles[k + 1] == "heading" and paras[k + 1].text.startswith("关于")
                        and _names_agencies(paras[k].text)))):
                if roles[k] == "heading":
                    roles[k] = "body"
                k += 1
            i = k
        i += 1


DOC_TITLE = re.compile(f"关于[^，。；]{{4,60}}的{NOTICE_KIND.pattern}")
"""An official document's title (…关于做好…工作的通知)."""
ANNEX_HEAD = re.compile(r"附[ \u3000]*件[ \u3000]*[\d一二三四五六七八九十]{0,2}[:：]?")
"""An attachment's label alone on its line, over the attachment (附件1, 附件)."""
SIGNED_DAY = re.compile(r"(?:19|20)\d\d年\d{1,2}月\d{1,2}日")


def _decks_over_leads(paras: list[Paragraph], roles: list[str]) -> None:
    """A short unfinished sentence between a headline and a text that opens with its dateline is the
    headline's deck (已举办招聘活动2.6万场，达成就业意向287万人次 / 本报北京3月20日电…)."""
    for i in range(1, len(paras) - 1):
        t = paras[i].text
        if (roles[i] == "body" and roles[i - 1] == "heading" and len(t) <= 40 and not t.endswith(END_PUNCTS)
                and LEAD_BYLINE.match(paras[i + 1].text)):
            roles[i] = "deck"


QUESTION_TITLE = re.compile("[^。！？!?；;：:“”]{4,40}[？?]")
"""A headline asking a question (…油烟噪音扰民，何时能解决？): one short sentence that ends with its question mark."""
EXCLAIMED_LINE = re.compile("[^。！？!?；;：:“”，,]{4,40}[！!]")
"""… or exclaiming (青春护河丨南宁青年在行动！), on the page's first line: above a post's own lines, never text."""


def _questions_over_meta(paras: list[Paragraph], roles: list[str], removed: set[int]) -> None:
    """A question above the text (or an exclamation opening the page), with metadata lines removed between them (留言编号：…, 发布时间：…), is the page's
    headline, as on a message board or a Q&A page; a question inside a text has text on both sides."""
    for i in range(len(paras) - 1):
        p, nxt = paras[i], paras[i + 1]
        if roles[i] == "body" and (i == 0 or roles[i - 1] != "body") and roles[i + 1] == "body" \
                and (QUESTION_TITLE.fullmatch(p.text) or (i == 0 and EXCLAIMED_LINE.fullmatch(p.text))) \
                and (any(p.last_line < n < nxt.first_line for n in removed)
                     # … or opening the page under its posting lines, a blank line under it (晋中交警 / 2025年11月24日 18:00 / /
                     # 曝光台｜这8起交通违法，看看有你熟悉的车牌吗？ / / 近日，…)
                     or (i == 0 and nxt.first_line > p.last_line + 1 and any(n < p.first_line for n in removed))):
            roles[i] = "heading"


def _field_blocks_are_text(paras: list[Paragraph], roles: list[str]) -> None:
    """Three or more form lines in a row (项目名称：… / 项目编号：… / 招标方式：…) are the text's own
    fields, not a block of headlines; a label that is an agency's name makes a `机构：标题` headline."""
    def is_field(k: int) -> bool:
        m = FIELD_LINE.match(paras[k].text)
        return m is not None and roles[k] == "heading" and agency_at_start(m.group(1).replace(" ", "") + "。") is None

    last_body = max((k for k, r in enumerate(roles) if r == "body"), default=-1)
    k = 0
    while k < len(paras):
        end = k
        while end < len(paras) and is_field(end):
            end += 1
        if end - k >= 3 and end <= last_body:  # fields after the last text are the page's (地址：…, 更新日期：…)
            for f in range(k, end):
                roles[f] = "body"
        k = max(end, k + 1)


RUN_IN = re.compile("^([^ \u3000，。：:]{2,24})[ \u3000]+(?=[^ \u3000])")
"""A paragraph opening with a name set apart by a space (市林业局　今年以来，…): a brief's run-in head."""


def _run_in_agency(p: Paragraph) -> str | None:
    """The agency a brief's first line opens with, set apart from its text by a space, if any."""
    m = RUN_IN.match(p.lines[0].strip()) if p.lines else None
    if not m:
        return None
    found = agency_at_start(m.group(1) + "。", within=0)
    return m.group(1) if found and found.end == len(m.group(1)) else None


def _split_run_in(d: Draft) -> list[Draft]:
    """Cut a block of briefs (简讯) into one report each: paragraphs that open with an agency's name
    set apart by a space, two or more of them, the first one opening the block or after a banner."""
    heads = [(i, a) for i, p in enumerate(d.paragraphs) if i not in d.headings and (a := _run_in_agency(p))]
    if len(heads) < 2 or heads[0][0] != 0 or any(h in d.headings for h in range(len(d.paragraphs))):
        return [d]
    banner = d.column or (d.title if _is_banner(d.title) else "")
    out = []
    for n, (start, agency) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(d.paragraphs)
        first = d.paragraphs[start]
        body = first.text[len(agency):].lstrip() if first.text.startswith(agency) else first.text
        piece = Draft(
            title=f"{banner}：{agency}" if banner else agency,
            title_agency=agency,
            column=banner or None,
            paragraphs=[replace(first, text=body), *d.paragraphs[start + 1 : end]],
            kind="brief",
        )
        out.append(piece)
    return out


def _marks_author(t: str) -> bool:
    """Tell whether a square-marked line names a speaker or an author (□民革银川市委会, □市政协委员、…医师　马丽娟),
    not a post's item headline (■ 无人机“飞防”护早稻): an agency, or a name after a space, and no quotation."""
    rest = t.lstrip("□■ \u3000")
    compact = re.sub("[ \u3000]", "", rest)
    return "“" not in rest and (
        (len(compact) <= 4 and bool(re.fullmatch(f"[{HAN}·]+", compact)))  # □王海燕, □赵 新
        or compact.startswith(("本报", "本報", "记者", "通讯员", "特约", "文/", "图/"))
        or compact.endswith(WRITING_GROUPS)  # □四川省社会科学院课题组
        or _names_agencies(rest) or bool(AUTHOR_AT_END.search(rest)))


HEAD_MARK = re.compile("^[■□●◆◇▶►▌★☆][ \u3000]*(?=[^ \u3000■□●◆◇▶►▌★☆])")
WRITING_GROUPS = ("课题组", "调研组", "研究组", "写作组", "中心组", "评论员", "理论组")
"""The groups that write a theory page's articles under a square (□…课题组, □…理论学习中心组)."""
AUTHOR_AT_END = re.compile(f"[ \u3000][{HAN}·]{{2,4}}$")
MARKED_AUTHOR = re.compile(r"[□■][ \u3000]*[^，。；！？：:\s][^，。；！？：:]{1,40}")
"""An author or a speaker under a headline, marked by a square (□民革银川市委会, □市政协委员、…主任医师)."""
ITEM_CREDIT = re.compile(r"[（(]([^（）()，。；\d]{2,30}?)[ \u3000]*(\d{1,2}月\d{1,2}日)[)）]")
"""The source and day closing a bulletin's item (（州应急管理局　5月10日）)."""
ENTRY_CREDIT = re.compile(r"[（(](?:撰稿|供稿|执笔|撰文|整理)[：:][^（）()]{1,30}[)）]")
"""The credit closing a yearbook's entry (（撰稿：邓立新）)."""
ENTRY_HEAD = re.compile(r"^【([^【】，。；！？]{2,20})】[ \u3000]*(?=\S)")
"""A yearbook's or a chronicle's entry, its heading run into its text (【早稻集中育秧】2018年，县农业局…)."""


ITEM_DAY = re.compile(r"(?:(?:19|20)\d\d年)?\d{1,2}月\d{1,2}日")
"""A news item's own day, opening its text."""


def _split_entries(d: Draft) -> list[Draft]:
    """Cut a page of entries, each opening with its heading in brackets and signed by its writer, into one
    report each: three or more of them, the first opening the text."""
    entries = [(i, m) for i, p in enumerate(d.paragraphs)
               if i not in d.headings and (m := ENTRY_HEAD.match(p.text)) and len(p.text) > m.end() + 10]
    heads = [i for i, _ in entries]
    if len(heads) < 3 and (headed := _entries_under_headings(d)):
        return headed
    if len(heads) < 3 or heads[0] != d.first_body_index():
        return [d]
    # each signed by its writer (（撰稿：邓立新）): entries under one writer's name are parts of one text;
    # or each a news item with its own day (【…专场招聘会】3月9日，市人社局…): a digest of the week's news
    signed = all(ENTRY_CREDIT.fullmatch(d.paragraphs[h - 1].text) for h in heads[1:])
    if not signed and not all(ITEM_DAY.match(d.paragraphs[h].text, m.end()) for h, m in entries):
        return [d]
    out = []
    for n, (start, m) in enumerate(entries):
        end = heads[n + 1] if n + 1 < len(heads) else len(d.paragraphs)
        first = d.paragraphs[start]
        out.append(Draft(
            title=m.group(1).strip(),
            column=d.column or (d.title or None),
            paragraphs=[replace(first, text=first.text[m.end() :]), *d.paragraphs[start + 1 : end]],
            headings={k - start for k in d.headings if start < k < end},
            kind="entry",
        ))
    return out


BRACKETED_HEADING = re.compile("【([^【】，。；！？]{2,20})】")
"""A yearbook entry's heading in brackets on a line of its own (【概况】, 【乡镇企业】): a short name, no sentence."""
BRACKETED_TITLE = re.compile("【([^【】]{4,60})】")
"""A post's whole headline set in brackets (【关于…的通报】), the brackets no part of it: as long as a headline, its
punctuation allowed (an entry's heading, BRACKETED_HEADING, is short and holds none)."""
SIGNED_CLOSE = re.compile(r"[。！？”][（(][^（）()，。]{2,30}[)）]$")
"""A text closed by its writer and unit in brackets (…超过千万元。（县乡镇企业局　陈德贵）)."""


def _entries_under_headings(d: Draft) -> list[Draft] | None:
    """A yearbook's page of entries, each under its heading in brackets on a line of its own (【概况】 / …), each
    closed by its writer in brackets: two or more of them, one report each, the page's section their column."""
    heads = sorted(i for i in d.headings if BRACKETED_HEADING.fullmatch(d.paragraphs[i].text))
    titles = [d.paragraphs[i].text[1:-1] for i in heads]
    # the first entry's heading may have been taken into the page's head, under the section's name (乡镇企业 / 【概况】),
    # or be the draft's title under the section's name as its column (农业机械 / 【概况】)
    titled = bool(BRACKETED_HEADING.fullmatch(d.title))
    first = d.title[1:-1] if titled else next((t[1:-1] for t in d.dropped if BRACKETED_HEADING.fullmatch(t)), None)
    if first and heads and heads[0] > 0:
        heads, titles = [-1, *heads], [first, *titles]
    if len(heads) < 2 or (heads[0] > 0 and heads[0] != d.first_body_index()):
        return None
    ends = [*heads[1:], len(d.paragraphs)]
    if any(e - h < 2 or not SIGNED_CLOSE.search(d.paragraphs[e - 1].text) for h, e in zip(heads, ends, strict=True)):
        return None
    return [Draft(title=title, column=d.column or (None if titled else d.title or None), paragraphs=d.paragraphs[h + 1 : e],
                  headings={k - h - 1 for k in d.headings if h < k < e}, kind="entry")
            for title, h, e in zip(titles, heads, ends, strict=True)]


def headlines_come_after(paras: list[Paragraph], roles: list[str]) -> bool:
    """Tell whether a page prints its headlines after their bodies, as PDF text of a newspaper page can.

    Evidence: the page opens with body text; it ends with headlines; a `机构：标题` headline
    names the agency the text before it opens with rather than the text after it.
    """
    if not any(r == "heading" for r in roles):
        return False
    if sum(1 for i, r in enumerate(roles) if r == "body" and ENTRY_HEAD.match(paras[i].text)) >= 3:
        return False  # entries carry their headings in their text (【早稻集中育秧】2018年，…)
    # an editor's note (编者按：…) opens a page of any layout: it says nothing of where headlines are
    content = [i for i, r in enumerate(roles) if r not in ("caption", "byline") and not EDITOR_NOTE.match(paras[i].text)]
    if not content:
        return False
    score = 0
    # a column's name over the page (部门动态), a bulletin's name and issue (洛川县政务信息 / 第16期) are no headlines
    banners = 0
    while len(content) > 1 and roles[content[0]] == "heading" and _is_masthead(paras[content[0]].text):
        # the paper's own name (惠州日报) is no column's
        if not _names_bulletin(paras[content[0]].text) and not PAPER_MASTHEAD.fullmatch(paras[content[0]].text):
            banners += 1
            if banners > 1:
                break  # a column's name and a section's (政法 / 公安): the section heads the text below it
        content = content[1:]
    score += 2 if roles[content[0]] == "body" else -2
    # … a page that ends with a heading, but not with a signature's day (宝鸡市人民政府办公室 / 2024年2月19日)
    score += 2 if roles[content[-1]] == "heading" and not SIGNED_DAY.fullmatch(paras[content[-1]].text) else -1
    # a document signed and dated (宝鸡市人民政府 / 2024年2月6日), the next one's title after it: a gazette's
    # page, whose texts are printed under their titles even when the page opens with the end of one
    for k in range(1, len(paras) - 1):
        if SIGNED_DAY.fullmatch(paras[k].text) and _names_agencies(paras[k - 1].text) \
                and any(roles[x] == "heading" and NOTICE_TITLE.search(paras[x].text) for x in range(k + 1, min(len(paras), k + 5))):
            score -= 2
    for i, r in enumerate(roles):
        m = COLON_HEAD.match(paras[i].text) if r == "heading" else None
        if not m or not agency_at_start(m.group(1) + "。"):
            continue
        key = canonical_agency(m.group(1))
        before = next((j for j in range(i - 1, -1, -1) if roles[j] != "heading"), None)
        start_before = before
        while start_before is not None and start_before > 0 and roles[start_before - 1] == "body":
            start_before -= 1
        after = next((j for j in range(i + 1, len(roles)) if roles[j] == "body"), None)
        # stop at the first body paragraph that opens with the agency: the rest need no agency lookup
        if any(_opening_agency(paras[j]) == key or _names_early(paras[j].text, key)
               for j in range(start_before or 0, (before or -1) + 1) if roles[j] == "body"):
            score += 1
        if after is not None and _opening_agency(paras[after]) == key:
            score -= 1
    return score > 0


def _finish(d: Draft) -> None:
    """Move a leading dateline byline and a trailing byline paragraph into the byline field."""
    if not d.paragraphs:
        return
    # the lead's byline (本报讯（记者 谭曼）…), or in a broadcast script the reporter's part under the
    # host's lead ((记者 邱文斌）在县人民来访接待中心…)
    for k in range(min(2, len(d.paragraphs))):
        first = d.paragraphs[k]
        m = LEAD_BYLINE.match(first.text)
        if m and m.end() < len(first.text) and (k == 0 or m.group().startswith(("（", "("))):
            lead = m.group().strip()
            d.byline = _join_bylines(d.byline, lead)
            d.paragraphs[k] = Paragraph(first.text[m.end() :].lstrip(), first.first_line, first.last_line, first.indented, first.lines)
            break
    _find_signature(d)
    last = d.paragraphs[-1]
    m = TRAILING_BYLINE.search(last.text)
    if m:
        d.byline = _join_bylines(d.byline, m.group().strip(" \u3000"))
        d.paragraphs[-1] = Paragraph(last.text[: m.start()].rstrip(), last.first_line, last.last_line, last.indented, last.lines)
        last = d.paragraphs[-1]
    if role_of(last) == "byline" and len(d.paragraphs) > 1:
        d.byline = _join_bylines(d.byline, last.text)
        d.paragraphs.pop()
    if not d.title and d.paragraphs:
        d.title = _fallback_title(d)
        d.title_weak = True
    if (bracketed := BRACKETED_TITLE.fullmatch(d.title)) is not None:
        d.title = bracketed.group(1)  # a post's headline set in brackets (【关于…的通报】): the brackets are no part of it

SIGNATURE_DATE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\d{1,2}时(?:\d{1,2}分)?)?$"
                            r"|^((?:19|20)\d{2})[./-](\d{1,2})[./-](\d{1,2})$")
"""A signature's date, perhaps with the hour a warning was issued (2025年9月22日16时30分)."""


AFTER_SIGNATURE = re.compile(r"^[（(](?:联系人|联系电话|此件|本件)")
"""A note in brackets printed under a notice's signature (（联系人：…）, （此件公开发布）)."""


def _issued_on(d: Draft, when: str) -> tuple[str, str, str] | None:
    """The signature of a document whose title names its issuer (…人民政府办公室关于…的通知) and whose text closes
    with its date alone: (issuer, ISO date, the date as printed)."""
    m = SIGNATURE_DATE.match(arabic_dates(ocr_dates(when.replace(" ", ""))))
    title = d.title or ""
    if not m or not NOTICE_KIND.search(title) or "关于" not in title:
        return None
    issuer = title[: title.index("关于")]
    if not issuer or not _names_agencies(issuer):
        return None
    y, mo, day = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
    return issuer, f"{y:04d}-{mo:02d}-{day:02d}", when


def _signature_date(who: str, when: str) -> re.Match[str] | None:
    """The date of a signature (落款): an agency's name alone on a line, then a date alone on the next."""
    m = SIGNATURE_DATE.match(arabic_dates(ocr_dates(when.replace(" ", ""))))
    if not m:
        return None
    return m if _names_agencies(who) or SIGNING_BODY.fullmatch(who) else None


SIGNING_BODY = re.compile(f"[{HAN}（）()]{{2,24}}(?:公司|集团|大学|学院|医院|研究院|研究所|学校|银行|分行|支行|协会|学会|商会)")
"""A company or an institution signing its notice (国网张家口供电公司 / 2024年11月5日), which is no government body."""


BODY_COMMITTEE = re.compile(f"[{HAN}]{{2,12}}(?:委员会|工作委员会)")
"""A body's own committee after its name (政协 + 文化文史和学习委员会)."""
OFFICE_END = re.compile("(?:调查队|税务局|分局|支队|大队|中队|派出所|管理处|管理站|分中心)$")
"""What the local office of a national body is called at the end of its name."""


PARTY_PREFIX = re.compile("^(?:中共|中国共产党)")
"""The Party's name before a committee's (中共通山县纪律检查委员会), which agency finding leaves out."""


def _names_agencies(text: str) -> bool:
    """Tell whether a line is nothing but one or more agencies' names (承德市财政局, the issuers of a notice)."""
    text = PARTY_PREFIX.sub("", text)
    found = find_agencies(text)
    if not found or found[0].start != 0:
        return False
    # … or a known body's office in a place (国家统计局灵武调查队, 国家税务总局XX县税务局), or one of its committees
    # (市政协文化文史和学习委员会)
    return found[-1].end >= len(text) - 1 or (len(text) <= 20 and bool(OFFICE_END.search(text)) and " " not in text) \
        or bool(BODY_COMMITTEE.fullmatch(text, found[-1].end))


LEAD_IN_MAX = 80
"""The longest lead-in a post prints over the document it posts."""


def _lead_in_only(drafts: list[Draft]) -> bool:
    """Tell whether the page's only report so far is a headline over one short paragraph that does not end a
    sentence (…请相互转告): a post's lead-in to what follows, no text of its own."""
    if len(drafts) != 1 or len(drafts[0].paragraphs) != 1 or drafts[0].signature:
        return False
    text = drafts[0].paragraphs[0].text
    return len(text) <= LEAD_IN_MAX and (not text.endswith(END_PUNCTS) or text.endswith(("：", ":")))


NOTICE_TAIL_LINES = 4
"""The most lines of contacts or attachments a notice prints between its text and its signature."""


def _notice_tail(paras: list[Paragraph], block: list[int], above: str = "") -> int:
    """How many lines at a block's start are whom to write to or what is attached (联系单位：…, 服务热线：95598,
    附件：…名 / 单, the line it wraps onto, `above` being the text's last line) over the signature of the notice
    above: 0 when they are not."""
    def labelled(line: str) -> bool:
        return bool(CONTACT_LINE.match(line) or ANNEX_LINE.match(line))

    def wrapped(line: str) -> bool:  # the rest of a wrapped line (…名 / 单), no signer's name
        return len(line) <= 20 and not _names_agencies(line)

    if not block:
        return 0
    first = paras[block[0]].text
    if not (labelled(first) or (ANNEX_LINE.match(above) and not above.endswith(END_PUNCTS) and wrapped(first))):
        return 0
    for k in range(1, min(len(block) - 1, NOTICE_TAIL_LINES + 1)):
        if _is_signature(paras, block[k:]):
            return k
        line = paras[block[k]].text
        # … or the next attachment of the list (附件：1.…申报书 / 2.…汇总表)
        if not (labelled(line) or wrapped(line) or (ATTACHMENT_ITEM.match(line) and ANNEX_LINE.match(first))):
            return 0
    return 0


POSTSCRIPT = re.compile(f"^[^{HAN}]{{0,3}}(?:温馨|友情|特别)提示[:：]")
"""A reminder a post prints under the document it posts (⚠️温馨提示：…)."""
ANNEX_LINE = re.compile("^附件[0-9一二三四五六七八九十]{0,2}[:：]")
"""A notice's attachment line over its signature (附件：玉溪市第五批…名单)."""


def _is_signature(paras: list[Paragraph], block: list[int]) -> bool:
    """Tell whether a block of head lines opens with the signature of the text above it."""
    return len(block) >= 2 and _signature_date(paras[block[0]].text, paras[block[1]].text) is not None


def _find_signature(d: Draft) -> None:
    """Recognise an agency line and a date line closing the text (落款): body, not headings."""
    # a document's attachments printed after its signature (附件1 / …名单 / the names) come after it
    annex = next((k for k, p in enumerate(d.paragraphs) if k >= 3 and ANNEX_HEAD.fullmatch(p.text)), len(d.paragraphs))
    # … and so may a post's reminder to its readers (温馨提示：假期出行请系好安全带…)
    while annex > 3 and POSTSCRIPT.match(d.paragraphs[annex - 1].text):
        annex -= 1
    paragraphs = d.paragraphs[:annex]
    if len(paragraphs) < 3:
        return
    last = len(paragraphs) - 1
    m = _signature_date(paragraphs[-2].text, paragraphs[-1].text)
    if not m and len(paragraphs) >= 4 and AFTER_SIGNATURE.match(paragraphs[-1].text):
        last -= 1  # a note under the signature: （联系人：王建国，联系电话：…）
        m = _signature_date(paragraphs[-3].text, paragraphs[-2].text)
    if not m and len(paragraphs) >= 4 and len(paragraphs[-2].text) <= 20 and not HEADING_STOP.search(paragraphs[-2].text):
        # two signers, one above the other (青铜峡市统计局 / 国家统计局青铜峡调查队 / 2023年4月12日)
        m = _signature_date(paragraphs[-3].text, paragraphs[-1].text)
    if not m and (issued := _issued_on(d, paragraphs[-1].text)):
        # a document's date alone under its text, its issuer named by its title (六安市人民政府办公室关于…的通知 / … /
        # 二〇〇九年五月六日), as a gazette prints it
        d.headings.discard(last)
        d.signature = issued
        return
    if not m:
        return
    who = paragraphs[last - 1].text
    if last >= 3 and _names_agencies(paragraphs[last - 2].text):
        who = paragraphs[last - 2].text  # the first of two signers (青铜峡市统计局 / 国家统计局青铜峡调查队)
        d.headings.discard(last - 2)
    found = find_agencies(PARTY_PREFIX.sub("", who))
    d.headings.discard(last)
    d.headings.discard(last - 1)
    y, mo, day = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
    signer = found[0].surface if found and (found[0].end >= len(who) - 1 or not OFFICE_END.search(who)) else who
    d.signature = (signer, f"{y:04d}-{mo:02d}-{day:02d}", paragraphs[last].text)


def _fallback_title(d: Draft) -> str:
    body = (d.first_body() or d.paragraphs[0]).text
    first = re.split("[。！？]", body, maxsplit=1)[0] or body  # a body opening with ！ has no first sentence
    return first[:40] + ("…" if len(first) > 40 else "")


# ---------------------------------------------------------------- headlines before bodies


POSTING_LINE = re.compile("(?:发布时间|发布日期|发稿时间|发表时间)[:：]")
"""An item's posting line (发布时间：…), removed as chrome; read in simplified characters."""
ORNAMENT_RULE = re.compile("(?:[＊*＝=\\-－—_~～·•．━─═▬■□◆◇●○★☆※▲△][ \u3000]*){3,}")
"""A rule of dashes or of ornaments spaced out (■ ■ ■), which the cleaning removed as chrome."""


def _segment_headlines_before(paras: list[Paragraph], roles: list[str], page_first: bool = True,
                              rules: frozenset[int] = frozenset(), posted: frozenset[int] = frozenset()) -> list[Draft]:
    """Cut a page whose headlines stand over their texts (page_first: the paragraphs open the page; rules: the
    lines of the rules and jump lines removed from it; posted: the lines of its items' own posting lines, when it
    has several)."""
    drafts: list[Draft] = []
    pending_date: str | None = None
    i = 0
    n = len(paras)
    into: Draft | None = None  # the report a text continued from another page goes on (（上接第一版）…)
    while i < n:
        if roles[i] == "body":
            if not drafts:
                drafts.append(Draft())
            elif into is None and (second := _second_under_one_headline(drafts[-1], paras[i])) \
                    and not _headline_closes_page(paras, roles, i):
                # two texts under one headline block printed across the page (通栏), each with its own lead
                drafts.append(Draft(title=drafts[-1].title, subtitle=drafts[-1].subtitle, column=drafts[-1].column))
            elif into is None and (run_in := _run_in_headline(drafts[-1], paras[i])):
                # a brief after a signed text, its headline the first sentence of its text (专署水利局召开会议部署春灌
                # 工作。三月十五日，…): the headline is the report's, the day opens its text
                drafts.append(Draft(title=run_in, kind="brief"))
                drafts[-1].paragraphs.append(replace(paras[i], text=paras[i].text[len(run_in) + 1 :]))
                i += 1
                continue
            elif into is None and (_lead_after_lead(drafts[-1], paras[i]) or (
                    # … or under the last text's lead, with the page closing on a headline (…逐项抓好整改落实。 /
                    # 双龙湖街道人大工委 / 组织代表视察…): the headline under it, not the one above both
                    second) or (
                    # … or after the line that sent the text above to another page (（下转第3版）), or a rule
                    drafts[-1].paragraphs and _opens_with_paper_lead(paras[i].text)
                    and any(drafts[-1].paragraphs[-1].last_line < r < paras[i].first_line for r in rules))):
                # a finished text, then another with its own lead and no headline over it: its headline is
                # printed under it (…更舒心。 / 医院党委理论学习中心组 / 开展专题学习 / ▲图片说明 / 护理部举办…)
                drafts.append(Draft(kind="headline_after"))
            (into or drafts[-1]).paragraphs.append(paras[i])
            i += 1
            continue
        j = i
        while j < n and roles[j] != "body":
            j += 1
        block = list(range(i, j))
        nxt = paras[j].text if j < n else ""
        into = _jumped_from(drafts, [paras[k].text for k in block], paras[j]) if j < n else None
        if into is not None:
            into.dropped.extend(paras[k].text for k in block)  # its headline, repeated over the rest
            i = j
            continue
        credited = False
        while drafts and block and roles[block[0]] == "byline" and (
                CLOSING_CREDIT.search(paras[block[0]].text) or ITEM_CREDIT.fullmatch(paras[block[0]].text)
                or (len(block) > 1 and roles[block[1]] == "heading" and (
                    CONTRIBUTOR_LINE.fullmatch(paras[block[0]].text) or _credits_office(paras[block[0]].text)
                    # the reporters in brackets under a text, before the next headline (（安康台记者 刘 洋 王 磊）)
                    or (BYLINE_PAREN_LINE.match(paras[block[0]].text) and "摄" not in paras[block[0]].text)))):
            _sign(drafts[-1], paras[block[0]].text)  # it signs the item above, over the headline printed after it
            block = block[1:]
            credited = True
        if drafts and block and drafts[-1].kind == "headline_after" and not drafts[-1].title:
            # the headline under a text that had none, up to the caption of the next report's photo
            # … or, with no caption, up to a blank line between its lines and the next headline's
            upto = next((x for x, k in enumerate(block) if roles[k] == "caption"), None)
            if upto is None:
                upto = next((x for x in range(1, len(block)) if paras[block[x]].first_line > paras[block[x - 1]].last_line + 1), None)
            if upto is None and all(roles[k] == "heading" for k in block):
                # … or the whole block: closing the page (…（下转第3版） / 城乡居民医保集中参保缴费工作启动), or between
                # two texts when it shares more words with the text above than with the one below (…冬季用气需求。 /
                # 县能源局召开煤层气产业发展推进会 / 本报讯 近日，县医疗保障局…)
                heads = "".join(paras[k].text for k in block)
                above = "".join(p.text for p in drafts[-1].paragraphs)[:400]
                below = "".join(paras[k].text for k in range(j, min(n, j + 3)) if roles[k] == "body")[:400]
                if j == n or _bigram_overlap(heads, above) > _bigram_overlap(heads, below):
                    upto = len(block)
            if upto and all(roles[k] == "heading" for k in block[:upto]):
                drafts[-1].title = _join_heads([paras[k].text for k in block[:upto]])
                drafts[-1].title_agency = _colon_agency(drafts[-1].title)
                drafts[-1].head_lines = (paras[block[0]].first_line, paras[block[upto - 1]].last_line)
                block = block[upto:]
                credited = True  # what follows heads the next report
            drafts[-1].kind = "article"
        if not block:
            i = j
            continue
        # (a text with no headline, closing the page over a block: that block is its headline, 双龙湖街道人大工委 /
        # 组织代表视察…)
        if drafts and len(block) > 1 and not (j == n and not drafts[-1].title) and _signs_off(drafts[-1], paras, roles, block):
            # the agency alone under a finished text, over the next headline (…拨打110报警。 / 永丰县公安局 /
            # 【警情通报】): the text's sign-off, without a date
            drafts[-1].paragraphs.append(paras[block[0]])
            block = block[1:]
            credited = True
        if _is_photo_credit(block, roles, paras, j) and drafts:
            _split_photo(drafts, paras, roles, block, "".join(paras[k].text for k in range(j, min(n, j + 3)) if roles[k] == "body"))
            i = j
            continue
        # dates alone on their lines: the first under a text is that item's, the next one the coming item's
        dated = False
        while block and ITEM_DATE_LINE.fullmatch(paras[block[0]].text):
            when = paras[block[0]].text
            if drafts and drafts[-1].item_date is None and not dated and roles[block[0] - 1] == "body":
                drafts[-1].item_date = when
            else:
                pending_date = when
            dated = True
            block = block[1:]
        if dated and not block:
            i = j
            continue
        contact = _notice_tail(paras, block, drafts[-1].paragraphs[-1].text if drafts and drafts[-1].paragraphs else "")
        if drafts and contact:
            # whom to write to, over the notice's signature (联系单位：… / 联系电话：… / 永宁县自然资源局 /
            # 2024年5月22日): the notice's own lines
            drafts[-1].paragraphs.extend(paras[k] for k in block[:contact])
            block = block[contact:]
        signed_off = bool(drafts) and _is_signature(paras, block)
        if signed_off:
            # the issuing agency and the date under the notice above (落款): what follows is another's
            drafts[-1].paragraphs.extend(paras[k] for k in block[:2])
            block = block[2:]
            while block and AFTER_SIGNATURE.match(paras[block[0]].text):
                drafts[-1].paragraphs.append(paras[block.pop(0)])  # （联系人：…　联系电话：…） under the signature
            if not block:
                i = j
                continue
        has_title = any(roles[k] == "heading" for k in block)
        if drafts and not has_title:
            # bylines and captions with no headline belong to the report above them, but a lead's byline alone
            # after a finished text (本报讯（记者 赵雪）) starts a report, its headline perhaps printed after it
            for k in block:
                if roles[k] == "byline" and drafts[-1].paragraphs and _is_lead_byline(paras[k].text):
                    drafts.append(Draft(byline=paras[k].text, kind="headline_after"))
                elif roles[k] == "byline" and ENTRY_CREDIT.fullmatch(paras[k].text) \
                        and any(ENTRY_HEAD.match(p.text) for p in drafts[-1].paragraphs):
                    drafts[-1].paragraphs.append(paras[k])  # an entry's credit (（撰稿：邓立新）): it signs that entry
                elif roles[k] == "byline":
                    _sign(drafts[-1], paras[k].text)
                elif roles[k] == "caption" and PHOTO_CREDIT_LINE.fullmatch(paras[k].text) \
                        and _caption_over_credit(drafts[-1]):
                    # a photographer's credit under the text's last paragraph, one sentence opening as a caption
                    # does (10月9日，督查组工作人员在…检查瓦斯监测探头。 / 记者 郭晓东 摄): that is the photo's caption
                    caption = drafts[-1].paragraphs.pop()
                    drafts[-1].captions.append(f"{caption.text} {paras[k].text}")
                elif roles[k] == "caption":
                    drafts[-1].captions.append(paras[k].text)
                else:
                    drafts[-1].paragraphs.append(paras[k])
            i = j
            continue
        starts_report = (
            not drafts
            or signed_off
            or credited
            or dated
            or any(roles[k] in ("byline", "subtitle") for k in block)
            # the report above signed off with its reporter's name: a headline after it starts the next
            or bool(drafts[-1].paragraphs and TRAILING_BYLINE.search(drafts[-1].paragraphs[-1].text))
            # … or with the date it was posted
            or bool(drafts[-1].paragraphs and TRAILING_DATE.search(drafts[-1].paragraphs[-1].text))
            or bool(LEAD_BYLINE.match(nxt))
            # … or opens with its day (5月10日，…), under a text that ended (not a form's fields: 地址：…工业园区)
            or (bool(NEWS_OPENING.match(nxt)) and not (drafts[-1].paragraphs and not drafts[-1].paragraphs[-1].text.endswith(TEXT_CLOSE)
                                                      and FIELD_LINE.match(drafts[-1].paragraphs[-1].text)))
            or _shares_opening_agency([paras[k].text for k in block if roles[k] == "heading"], nxt)
            or any(roles[k] == "heading" and _is_item_headline(paras[k].text) for k in block)
            # a post's numbered item (▌02 over its headline): the next item
            or any(ITEM_NUMBER_LINE.fullmatch(paras[k].text) for k in block)
            # an item's own posting line under the headline (發布日期：114-09-09), on a page of several: the next item
            or (j < n and any(paras[block[-1]].last_line < r < paras[j].first_line for r in posted))
            # … or over it, as a microblog's post prints it (10-14 17:40 来自 iPhone客户端 / 【…】…)
            or (i > 0 and any(paras[i - 1].last_line < r < paras[i].first_line for r in posted))
            # a rule between the text above and the headline (■ ■ ■): the printer set the next report apart; or
            # the line that sends the text above to another page (（下转第2版）): it ends on this one there
            or (i > 0 and any(paras[i - 1].last_line < r < paras[i].first_line for r in rules)
                and not (paras[i].lines and JUMP_IN.match(paras[i].lines[0].lstrip())))  # … unless its rest follows
            # the rest of a report from another page under its headline repeated (凉山州“春风行动”送岗位进彝乡 /
            # （上接第1版）等方式，…), its first part not in this file: another report, whatever came above
            or (j < n and bool(paras[j].lines) and bool(JUMP_IN.match(paras[j].lines[0].lstrip()))
                and any(roles[k] == "heading" for k in block))
            # a document's title (…关于调整…成员的通知): another document starts, whatever was printed above it
            or bool(DOC_TITLE.search("".join(paras[k].text for k in block if roles[k] == "heading")))
            # the text opens with its agency's name set apart by a space (县财政局　今年以来，…): a department's item
            or (j < n and _run_in_agency(paras[j]) is not None and any(roles[k] == "heading" for k in block))
        )
        if starts_report:
            context = "".join(paras[k].text for k in range(j, min(n, j + 3)) if roles[k] == "body")
            # a photo's caption between two reports, above the next one's headline: it goes with the
            # report whose text it shares more words with (图为施工人员在鸡龙河清理淤泥 / …对鸡龙河…清淤)
            while drafts and len(block) > 1 and roles[block[0]] == "caption" and drafts[-1].paragraphs:
                cap = paras[block[0]].text
                above = "".join(p.text for p in drafts[-1].paragraphs[-3:])
                if _bigram_overlap(cap, above) < _bigram_overlap(cap, context):
                    break
                drafts[-1].captions.append(cap)
                block = block[1:]
            head = _head_from_block(paras, roles, block, nxt, page_first, context)
            if _lead_in_only(drafts) and DOC_TITLE.search(head.title):
                # a post's lead-in under its headline (…请相互转告👇) over the document it posts:
                # one report, the document's, the post's headline its column
                lead_in = drafts.pop()
                head.column = head.column or lead_in.title
                head.paragraphs[:0] = lead_in.paragraphs
                head.headings = {k + len(lead_in.paragraphs) for k in head.headings}
            drafts.append(head)
            if pending_date:
                drafts[-1].item_date = drafts[-1].item_date or pending_date
            pending_date = None
        else:
            d = drafts[-1]
            for k in block:
                if roles[k] == "caption":
                    d.captions.append(paras[k].text)
                    continue
                d.headings.add(len(d.paragraphs))
                d.paragraphs.append(paras[k])
        page_first = False
        i = j
    for d in drafts:
        if d.kind == "headline_after":
            d.kind = "article"
    last = drafts[-1] if drafts else None
    if last is not None and not last.title and len(last.paragraphs) >= 2:
        # headings closing the page under a text that had none: its headline, printed after it
        k = len(last.paragraphs)
        while k - 1 in last.headings and k - 1 > 0:
            k -= 1
        if k < len(last.paragraphs):
            last.title = _join_heads([p.text for p in last.paragraphs[k:]])
            last.headings -= set(range(k, len(last.paragraphs)))
            del last.paragraphs[k:]
    return drafts


TIME_LEAD = re.compile("^[^，。：；“”]{2,8}(?:期间|以来|之际|前夕|当天|当日|上午|下午|上旬|中旬|下旬)[，,]")
"""A short time phrase a text may open with before its agency (清明节期间，, 今年以来，, 4月3日上午，)."""


TEXT_CLOSE = ("。", "！", "？", "!", "?", "…", "”", "）", ")")
"""What a finished text's last paragraph ends with."""


def _headline_closes_page(paras: list[Paragraph], roles: list[str], i: int) -> bool:
    """Tell whether the text starting at paragraph i runs to a headline of one to three lines that closes the page."""
    k = i
    while k < len(paras) and roles[k] in ("body", "caption"):
        k += 1
    return 0 < len(paras) - k <= 3 and all(r == "heading" for r in roles[k:])


def _second_under_one_headline(d: Draft, p: Paragraph) -> bool:
    """Tell whether a paragraph opens a second text under the headline of the draft: both open with a
    paper's lead (本报海口3月26日电（记者…）, 本报讯（记者…）) and the draft's text had ended."""
    if not d.paragraphs or not _opens_with_paper_lead(p.text):
        return False
    # … and the headline speaks of both (海口一季度新开工… 儋州洋浦签约… over texts from 海口 and 洋浦)
    return _opens_with_paper_lead(d.paragraphs[0].text) and d.paragraphs[-1].text.endswith(TEXT_CLOSE) \
        and _bigram_overlap(d.title, p.text) >= 0.3


def _signs_off(d: Draft, paras: list[Paragraph], roles: list[str], block: list[int]) -> bool:
    """Tell whether a block's first line is the agency signing the text above it: its name alone, under a text
    that ended, over a headline that is no notice's title (an issuer over 关于…的通知 heads that notice)."""
    t = paras[block[0]].text
    if roles[block[0]] != "heading" or not d.paragraphs or not d.paragraphs[-1].text.endswith(TEXT_CLOSE):
        return False
    below = paras[block[1]].text
    if _signature_date(t, below) or ITEM_DATE_LINE.fullmatch(below) or re.search(r"\d{1,2}\s*日$", below):
        return False  # the agency and the date of a signature (落款): what _is_signature reads
    found = agency_at_start(t, within=0)
    rest = "".join(paras[k].text for k in block[1:] if roles[k] == "heading")
    return (roles[block[0]] == "heading" and found is not None and found.end == len(t) and bool(d.paragraphs)
            and d.paragraphs[-1].text.endswith(TEXT_CLOSE) and bool(rest) and not DOC_TITLE.search(rest)
            and not NOTICE_TITLE_START.match(rest))


NOTICE_TITLE_START = re.compile("^关于")


def _lead_after_lead(d: Draft, p: Paragraph) -> bool:
    """Tell whether a paragraph opens a report of its own under the draft's finished text: both open with the
    paper's lead, or the draft's text was signed off in brackets (…惠及群众。（榕江县委宣传部 供稿）) and the new one
    opens with its day (7月22日，…); and the new text shares little with the draft's headline (unlike two texts
    under one)."""
    if not (d.title and d.paragraphs and d.paragraphs[-1].text.endswith(TEXT_CLOSE)):
        return False
    # (a report has one lead: a second one after a finished text opens another report, whether or not the text
    # above opened with its own: its lead may stand on a line of its own, ■ 本报记者 某某, or it may be the rest of a
    # report from another page)
    leads = _opens_with_paper_lead(p.text)
    signed = not leads and bool(NEWS_OPENING.match(p.text)) and (
        d.signed_under or bool(SIGNED_OFF.search(d.paragraphs[-1].text[-40:])))
    if not (leads or signed):
        return False
    # (a headline naming a company's name the new text names too shares more with its own text: 带岭林业局有限公司
    # 完成…森林抚育任务 over 双鸭山林业局有限公司…护林防火…)
    shared = _bigram_overlap(d.title, p.text)
    return shared < 0.3 or shared < _bigram_overlap(d.title, "".join(x.text for x in d.paragraphs)) - 0.3


RUN_IN_HEADLINE = re.compile(
    "^([^，。；！？：:“”（）()\\s]{8,26})。(?=(?:(?:19|20)\\d{2}年)?\\d{1,2}月\\d{1,2}日|[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日|近日|日前)")
"""A brief's headline run into its text as its first sentence, the day opening the next (专署水利局召开会议部署春灌工作。
三月十五日，…)."""


def _run_in_headline(d: Draft, p: Paragraph) -> str | None:
    """The headline a brief after a signed text opens with, as its first sentence: it names an agency first and acts
    (专署水利局召开会议…), and the text before was closed by its writer's credit (（通讯员 张德林）)."""
    if not (d.signed_under and d.paragraphs and d.paragraphs[-1].text.endswith(TEXT_CLOSE)):
        return None
    m = RUN_IN_HEADLINE.match(p.text)
    if m is None or len(p.text) < m.end() + 40:
        return None
    found = agency_at_start(m.group(1), within=2)
    return m.group(1) if found is not None and found.end <= len(m.group(1)) - 4 else None


SIGNED_OFF = re.compile(r"[。！？”][（(][^（）()，。]{2,30}(?:供稿|供图|记者|通讯员|报道|撰稿)[^（）()，。]{0,12}[)）]$")
"""A text closed by its sender or writers in brackets (…惠及群众。（榕江县委宣传部 供稿）)."""


def _opens_with_paper_lead(text: str) -> bool:
    """A text opening with the paper's own lead (本报讯（记者…）, 本報…電)."""
    return text.startswith(("本报", "本報")) and LEAD_BYLINE.match(text) is not None


def _jumped_from(drafts: list[Draft], heads: list[str], first: Paragraph) -> Draft | None:
    """The report that left its page (……（下转第二版）) and goes on in the text `first`, which opens with
    （上接第一版） under `heads`, its headline repeated: the latest one that jumped, one whose title holds
    the repeated headline first."""
    if not (first.lines and JUMP_IN.match(first.lines[0].lstrip())):
        return None
    # its last line says so, or its text stops mid-sentence (the jump line was a line of its own)
    jumped = [d for d in drafts if d.paragraphs and d.paragraphs[-1].lines
              and (((m := JUMP_MARK.search(d.paragraphs[-1].lines[-1])) and "下" in m.group())
                   or not d.paragraphs[-1].text.endswith(TEXT_CLOSE))]
    if not jumped:
        return None
    def squash(t: str) -> str:
        return "".join(t.split())
    named = [d for d in jumped if any(squash(h) and squash(h) in squash(d.title) for h in heads)]
    return (named or jumped)[-1]


def _is_item_headline(text: str) -> bool:
    """A bulletin's numbered item headed by whoever it is about (二、下甲镇：“小庭院”做出增收“大文章”,
    四、县乡村振兴局：扎实开展…), not a section of one text (一、总体要求)."""
    m = LIST_START.match(text)
    if not m:
        return False
    rest = text[m.end() :].lstrip()
    head = COLON_HEAD.match(rest)
    if not head:
        # 二、禄丰市开展非煤矿山安全生产专项检查: a headline that opens with the agency or the place
        if len(rest) < 10 or HEADING_STOP.search(rest):
            return False
        opening = agency_at_start(rest, within=0)
        if opening is not None:
            return opening.end < len(rest) - 4
        if (unit := BARE_TOWN_UNIT.match(rest)) is not None:
            return unit.end() < len(rest) - 4  # 一、镇党委召开…: a town's bulletin names its bodies bare
        return rest.startswith(tuple(places_in(rest[:6])))
    if len(head.group(2)) < 6 or HEADING_STOP.search(head.group(2)):
        return False
    who = head.group(1)
    found = agency_at_start(who + "。")
    return (found is not None and found.end == len(who)) or bool(TOWN_HEAD.fullmatch(who) or BARE_TOWN_UNIT.fullmatch(who))


BARE_TOWN_UNIT = re.compile(f"[镇乡](?:党委|政府|人民政府|人大|纪委|[{HAN}]{{1,10}}?(?:办公室|办|所|站|中心|队|院))")
"""A town's body named bare in its own bulletin (镇党委, 镇农业农村办, 镇综合行政执法队, 镇卫生院): an item's
headline opens with it, and its text names it (extract.BARE_TOWN_IN_TEXT)."""


HEAD_TOWN = re.compile(f"^([{HAN}]{{1,4}}?(?:公社|镇|乡|街道))(?=[{HAN}])")
TOWN_HEAD = re.compile(f"^[{HAN}]{{2,4}}?(?:镇|乡|街道)(?![{HAN}]{{0,1}}[，,])")


def _shares_opening_agency(heads: list[str], body: str) -> bool:
    """A headline naming the agency its text opens with heads a report of its own."""
    if heads and all(LIST_START.match(h) and _names_agencies(LIST_START.sub("", h, count=1).strip()) for h in heads):
        return False  # 一、县行政审批服务局 / 县行政审批服务局推行…: a section of an article on several departments
    lead = TIME_LEAD.match(body)
    opening = agency_at_start(body)
    if not opening and lead:
        opening = agency_at_start(body[lead.end() :])  # 清明节期间，区消防救援大队紧盯…
    town = TOWN_HEAD.match(body[lead.end() if lead else 0 :])
    heads = [LIST_START.sub("", h, count=1) for h in heads]  # 二、下甲镇：…: a bulletin's numbered item
    if town and heads and any(h.startswith(town.group()) for h in heads):
        return True  # 檀江街道转移安置… / 汛期以来，檀江街道组织…: a town names itself
    named = HEAD_TOWN.match(heads[0]) if heads else None
    if named and named.group(1)[:-2] not in ("全", "各", "本", "该") and body[lead.end() if lead else 0 :].startswith(named.group(1)):
        return True  # 孙镇公社大搞… / 五月上旬，孙镇公社党委组织…: a commune or a town of one character's name
    if heads and _named_in_lead(heads, body):
        return True
    if not opening or not heads:
        return False
    key = canonical_agency(opening.surface)
    return any(canonical_agency(m.surface) == key for h in heads for m in find_agencies(h))


def _named_in_lead(heads: list[str], body: str) -> bool:
    """A headline, or its second line, opening with an agency and saying what it did, whose text names that agency
    in its first two sentences, perhaps bare or in its long form (永城县人民政府组织群众抗旱… / 入夏以来，永城县
    持续干旱…。县人民政府于七月九日…; 推广大豆垄三栽培技术 / 县农技推广中心科技兴农见成效 / …，县农业技术推广中心…)."""
    if not heads or len(heads) > 2 or any(LIST_START.match(h) for h in heads):
        return False
    opening: list[tuple[str, str | None]] = []
    for head in [*heads, "".join(heads)] if len(heads) == 2 else heads:  # … or split over two lines (县农业农村局指导 / 马铃薯…)
        found = agency_at_start(head, within=4)  # … after a place the gazetteer does not know (永城县, now 永城市)
        if found is not None and found.end <= len(head) - 3 and re.fullmatch(f"[{HAN}]*", head[: found.start]):
            opening.append((head[: found.end], _same_body_key(found.surface)))
    if not opening:
        return False
    lead = "".join(re.split("(?<=[。！？])", body, maxsplit=2)[:2])
    named = [(m.surface, _same_body_key(m.surface)) for m in find_agencies(lead)]
    return any(surface == name or (name.endswith(surface) and surface[:1] in "省市县区州旗") or (key and k == key)
               for name, key in opening for surface, k in named)


def _same_body_key(surface: str) -> str:
    """What two names of one body share, its short and long forms alike (县政府 = 县人民政府, 县农技推广中心 =
    县农业技术推广中心)."""
    return agency_key(canonical_agency(surface)).replace("人民政府", "政府")


def _is_lead_byline(text: str) -> bool:
    """A lead's byline alone on its line (本报讯（记者 赵雪）)."""
    return text[:2] in ("本报", "本刊", "本報") and LEAD_BYLINE.fullmatch(text) is not None


def _sign(d: Draft, credit: str) -> None:
    """Add a credit under a text to its byline; the source and day closing an item (（宾川县水务局　6月18日）)
    date it too."""
    d.byline = _join_bylines(d.byline, credit)
    d.signed_under = d.signed_under or bool(d.paragraphs)
    if (m := ITEM_CREDIT.fullmatch(credit)) and d.item_date is None:
        d.item_date = m.group(2)


def _join_bylines(a: str | None, b: str) -> str:
    return b if not a else f"{a} {b}"


def _caption_over_credit(d: Draft) -> bool:
    """Tell whether a text's last paragraph is a photo's caption, a photographer's credit under it: one short
    sentence opening as captions do (10月9日，…, 图为…), under other paragraphs."""
    last = d.paragraphs[-1].text if len(d.paragraphs) > 1 else ""
    return len(last) <= 120 and bool(CAPTION_OPENING.match(last)) and len(SENTENCE_END.findall(last)) == 1


def _is_photo_credit(block: list[int], roles: list[str], paras: list[Paragraph], j: int) -> bool:
    """A lone byline after short body paragraphs and before a headline credits a photo."""
    credit = paras[block[0]].text if block else ""
    return (
        len(block) >= 2
        and roles[block[0]] == "byline"
        and roles[block[1]] == "heading"
        and not CONTRIBUTOR_LINE.fullmatch(credit)  # （覃建华） signs the entry above, not a photo
        and not CLOSING_CREDIT.search(credit)  # （记者：李燕　摄像：钟伟） signs a broadcast item above
        and not SOURCE_CREDIT.fullmatch(credit)  # （音德尔第三中学供稿） signs a bulletin's item above
        # reporters in brackets with no 摄 (（汉中台记者 刘 洋 王 磊）) sign the report above: no photo's
        and not (credit[:1] in "（(" and "摄" not in credit and "图" not in credit)
    )


SOURCE_CREDIT = re.compile(r"[（(](?:[^（）()]{2,30}(?:供稿|撰稿|报送|来稿)|(?:来源|稿源|信息来源)[:：][^（）()]{2,30})[)）]")


def _credits_office(text: str) -> bool:
    """A source credit, or an office alone in brackets (（市统计局综合科）): it closes the item above."""
    return bool(SOURCE_CREDIT.fullmatch(text)) or (text[:1] in "（(" and text[-1:] in "）)" and _is_one_office(text[1:-1]))
"""Who sent an item in, closing it (（旗教体局基础教育股供稿）, （来源：闵行区绿化和市容管理局）)."""


CLOSING_CREDIT = re.compile(r"摄像|^[（(](?:记者|通讯员|编辑|作者)[：:]")
"""The credits under a broadcast or web item, naming its reporters and camera operators, not a photo's."""


SENTENCE_END = re.compile("[。！？]")


def _split_photo(drafts: list[Draft], paras: list[Paragraph], roles: list[str], block: list[int], following: str) -> None:
    """Take the short paragraphs before a photo credit out of the text: a caption of one sentence goes to the
    report beside it that shares most with it, the one above or the one whose headline follows (`following`:
    its first paragraphs); a photo with a story of its own is a report (roles: role_of each paragraph)."""
    d = drafts[-1]
    caption: list[Paragraph] = []
    # the caption is the last short paragraph or two, back to one that opens as captions do (3月18日，…, 图为…)
    while d.paragraphs and len(d.paragraphs) > 1 and len(d.paragraphs[-1].text) <= 120 and len(caption) < 3:
        caption.insert(0, d.paragraphs.pop())
        if CAPTION_OPENING.match(caption[0].text):
            break
    else:
        if caption:
            d.paragraphs.extend(caption[:-1])  # none opens as a caption: only the last one is
            caption = caption[-1:]
    credit = paras[block[0]].text
    if not caption:
        d.byline = credit
    elif len(SENTENCE_END.findall("".join(p.text for p in caption))) >= 2:
        # a photo with a story of its own, two sentences or more (12月5日，…操控设备。/ …确保夺取“双胜利”。):
        # a photo report
        first = re.split("[。！？]", caption[0].text, maxsplit=1)[0]
        first = re.sub(r"^\d{1,2}月\d{1,2}日[，,]?", "", first)
        photo = Draft(title=first[:40], paragraphs=caption, kind="photo", byline=credit)
        photo.title_weak = True
        drafts.append(photo)
        caption = []
    block_rest = block[1:]
    if block_rest:
        drafts.append(_head_from_block(paras, roles, block_rest, following, False))
    if caption:
        text = "".join(p.text for p in caption)
        above = "".join(p.text for p in d.paragraphs)
        below = drafts[-1].title + following if block_rest else ""
        beside = drafts[-1] if block_rest and _bigram_overlap(text, below) > _bigram_overlap(text, above) else d
        beside.captions.append(f"{text} {credit}")
    block.clear()


def _bigram_overlap(a: str, b: str) -> float:
    """The share of a's Chinese character pairs that occur in b."""
    grams = set(_bigram_list(a))  # the pairs inside runs of Chinese characters: those of two Chinese characters
    if not grams:
        return 0.0
    return sum(1 for g in grams if g in b) / len(grams)


def _head_from_block(paras: list[Paragraph], roles: list[str], block: list[int], following: str, page_first: bool,
                     context: str = "") -> Draft:
    """A report's head from the block of lines above its text: title, kicker, subtitle, byline, column.

    `following` is the text's first paragraph, `context` its first few (the first paragraph when empty)."""
    d = Draft()
    heads: list[str] = []
    for k in block:
        t = paras[k].text
        r = roles[k]
        if r == "byline":
            d.byline = t
        elif r == "subtitle":
            d.subtitle = t.lstrip("—－- ") or None
        elif r == "deck":
            d.subtitle = " ".join(x for x in re.split("◆", t) if x.strip())
        elif r == "caption":
            d.captions.append(t)
        elif ITEM_NUMBER_LINE.fullmatch(t) or not HAN_RE.search(t):
            d.dropped.append(t)  # a post's item number (▌02) or an ornament line (🌸): no part of the headline
        elif SPOKEN_ON.fullmatch(t):
            d.item_date = t.strip("（）() ")  # the day a speech was given, under the speaker's name
        elif (adopted := ADOPTED_ON.fullmatch(arabic_dates(t))):
            # （二〇二三年十二月二十七日中国共产党…第六次全体会议通过）: the day a document was adopted
            d.item_date = adopted.group(1)
            d.subtitle = d.subtitle or t.strip("（）() ")
        elif not heads and len(paras[k].lines) >= 2 and PURPOSE_KICKER.fullmatch(kick := paras[k].lines[0].strip()) \
                and t.startswith(kick) and len(t) - len(kick) >= 6:
            # a kicker the cleaning joined to the headline under it (为夺取明年农业丰收创造条件 / 县委召开…): apart
            d.kicker = kick
            heads.append(re.sub(r"\s+", " ", t[len(kick) :]))
        else:
            heads.append(re.sub(r"\s+", " ", HEAD_MARK.sub("", t)))  # ■ 无人机“飞防”护早稻: the mark is no part of it
    body_text = following
    context = context or following
    # below the headline: the text's first section heading (一、前期天气回顾), or lines that share nothing
    # with the text while the headline does ([图片], a photo's caption, a document's number)
    lines_of = {re.sub(r"\s+", " ", paras[k].text): (paras[k].first_line, paras[k].last_line) for k in block}

    def wraps_on(above: str, line: str) -> bool:
        """A headline's second line, right under its first (市政协“协商在基层” / 平台助力解决民生难题)."""
        return (lines_of.get(above, (0, -9))[1] + 1 == lines_of.get(line, (0, 0))[0]
                and len(HAN_RE.findall(line)) >= 4 and not HEADING_STOP.search(line))

    # a post's headline joining its items' headlines (快讯丨A；B) over the first item's own (A): that one is the title
    # a listing's column and day over the item's headline (街道动态（2025年3月14日） / 万兴街道：…): the column
    if len(heads) >= 2 and (dated := TITLE_DATE.search(heads[0])) and len(heads[0][: dated.start()].strip()) <= 8:
        d.column = d.column or heads[0][: dated.start()].strip()
        heads.pop(0)
    joined = next((j for j, h in enumerate(heads) if ("；" in h and any(len(x) >= 6 and x in h for x in heads[j + 1 :]))
                   or (SEVERAL_BRIEFS.search(h) and j + 1 < len(heads))), None)
    if joined is not None:
        d.dropped.append(heads.pop(joined))
    # a form's numbered fields under its title, each with its value on the next line (一、事项名称 / 个体工商户设立登记 /
    # 二、事项类型 / 行政许可): the text, from the first of them on
    first_field = next((i for i, h in enumerate(heads) if i >= 1 and i < len(heads) - 1 and LIST_START.match(h)
                        and not _is_item_headline(h)), None)
    if first_field is not None:
        para_of = {re.sub(r"\s+", " ", paras[k].text): paras[k] for k in block}
        for line in heads[first_field:]:
            if LIST_START.match(line):
                d.headings.add(len(d.paragraphs))
            d.paragraphs.append(para_of[line])
        heads = heads[:first_field]
    issuers: list[str] = []
    while len(heads) >= 2 and (
        # the offices that issue the document, each alone on a line under its headline (灵武市统计局 /
        # 国家统计局灵武调查队)
        (issuer_below := _names_agencies(heads[-1]) and not all(_names_agencies(h) for h in heads[:-1]))
        or (LIST_START.match(heads[-1]) and not _is_item_headline(heads[-1]))
        or bool(DOC_NUMBER.fullmatch(heads[-1]))
        or any(_repeats_kind(heads[-1], h) for h in heads[:-1])
        or (_bigram_overlap(heads[-1], context) < 0.15 and max(_bigram_overlap(h, context) for h in heads[:-1]) >= 0.4
            and not wraps_on(heads[-2], heads[-1]))
    ):
        line = heads.pop()
        if issuer_below:
            issuers.insert(0, line)
            continue
        if LIST_START.match(line):
            d.paragraphs.insert(0, next(paras[k] for k in block if re.sub(r"\s+", " ", paras[k].text) == line))
            d.headings = {0, *(k + 1 for k in d.headings)}  # the text starts with these headings
        else:
            d.dropped.insert(0, line)
    # a notice's issuer on the line right above 关于…的通知, and its title wrapped over lines
    # (乐山市应急管理局 / 关于防范应对…强降雨 / 天气过程的预警通知): one title
    for k, head in enumerate(heads):
        if head.startswith("关于"):
            end = k
            if not NOTICE_KIND.search(head):
                end = next((e for e in range(k + 1, min(k + 3, len(heads))) if NOTICE_KIND.search(heads[e])), k)
            start = k - 1 if k and _names_agencies(heads[k - 1]) else k
            if start < k and lines_of.get(heads[start], (0, -9))[1] + 1 < lines_of.get(heads[k], (0, 0))[0]:
                start = k  # the site's name far above the headline is not the issuer's line
            if end > start:
                heads[start : end + 1] = ["".join(heads[start : end + 1])]
            break
    while len(heads) >= 2 and (
        BANNER_RE.search(heads[0])
        or COLUMN_TAG.match(heads[0])
        or ISSUE_LINE.search(heads[0])
        # … unless it is the headline's first line, the second right under it (领导干部包联到企 / 难题解决在一线)
        or (page_first and len(heads) >= 2 and not (len(heads) == 2 and wraps_on(heads[0], heads[1])))
        or (len(heads[0].replace(" ", "")) <= 6 and " " not in heads[0]
            and not (len(heads) == 2 and wraps_on(heads[0], heads[1])
                     # a headline's first line is as long as its second, or named by the text (沙县小吃 / “出海”步伐加快)
                     and (abs(len(heads[0]) - len(heads[1])) <= 1 or _bigram_overlap(heads[0], body_text) >= 0.6
                          # … or stops at a verb its second line is the object of (洛阳镇开展 / 秋冬森林防火应急演练)
                          or bool(VERB_END.search(heads[0])))))
        # the site's owner over the headline (中共通山县纪律检查委员会  通山县监察委员会), unless the headline
        # goes on from the name (中国共产党…第十二届委员会 / 第六次全体会议公报)
        or (_names_agencies(heads[0]) and not heads[1].startswith("第"))
        or (_bigram_overlap(heads[0], body_text) < 0.2 and _bigram_overlap(heads[1], body_text) >= 0.4)
        # a site's name, a search box, a series' name above the headline: nothing the text shares
        or (_bigram_overlap(heads[0], context) < 0.15 and max(_bigram_overlap(h, context) for h in heads[1:]) >= 0.4)
    ):
        if d.column is not None:
            d.dropped.append(d.column)
        d.column = heads.pop(0)
        page_first = False
    if issuers:
        d.dropped.extend(issuers)
        d.title_agency = d.title_agency or issuers[0]
    # a speech's or a work report's title may run over two lines of which the first looks like a kicker
    # (凝心聚力　实干担当 / 奋力谱写…新篇章 / ——在…会议上的工作报告): one title
    speech = bool(d.subtitle and SPEECH_SUBTITLE.search(d.subtitle))
    if len(heads) >= 2 and _is_kicker(heads[0], heads[1]) and not speech:
        d.kicker = heads.pop(0)
    elif len(heads) >= 2 and not speech and PURPOSE_KICKER.fullmatch(heads[0]) and len(heads[1]) > len(heads[0]) \
            and not wraps_on(heads[0], heads[1]):
        # a purpose over the headline, set apart from it (为夺取明年农业丰收创造条件 / 县委召开…会议): its kicker (引题)
        d.kicker = heads.pop(0)
    # a headline printed twice, or once more in full under a cover's shorter form (2023年政府信息公开工作年度报告 /
    # 重庆市渝北区教育委员会2023年政府信息 / 公开工作年度报告): once, the fuller, its wrapped lines joined first
    k = 0
    while k + 1 < len(heads):
        if len(heads[k]) >= 12 and " " not in heads[k] and heads[k][-1] not in "”’」』）)" and wraps_on(heads[k], heads[k + 1]):
            lines_of[heads[k] + heads[k + 1]] = (lines_of[heads[k]][0], lines_of[heads[k + 1]][1])
            heads[k : k + 2] = [heads[k] + heads[k + 1]]
            continue
        k += 1
    heads = [h for i, h in enumerate(heads)
             if not (len(h) >= 6 and any(j != i and h.replace(" ", "") in g.replace(" ", "") and (len(g) > len(h) or j < i)
                                         for j, g in enumerate(heads)))]
    d.title = _join_heads(heads)
    if _is_item_headline(d.title):
        d.title = LIST_START.sub("", d.title, count=1).lstrip()  # 二、下甲镇：…: the bulletin's numbering is no part of it
    tagged = INLINE_COLUMN.match(d.title)
    if tagged:  # 【奋进新征程 建功新时代】吉林：…: the column's name printed before the headline
        if tagged.group(1):
            d.dropped.append(tagged.group(1))
        if d.column:
            d.dropped.append(d.column)
        d.column, d.title = tagged.group(2), tagged.group(3)
    dated = TITLE_DATE.search(d.title)
    if dated and dated.start() >= 4:  # a listing's item: its headline, then the day it was posted
        d.title, d.item_date = d.title[: dated.start()].rstrip(), dated.group().strip(" \u3000")
    d.title_agency = _colon_agency(d.title)
    lines = [paras[k].first_line for k in block] + [paras[k].last_line for k in block]
    d.head_lines = (min(lines), max(lines))
    return d


def _colon_agency(title: str) -> str | None:
    """The agency a headline opens with before its colon (省工信厅：…), or a local office the gazetteer cannot
    place (畹町边境管理大队：…, named by its kind of office)."""
    m = COLON_HEAD.match(title)
    if m is None:
        return None
    head = m.group(1)
    if agency_at_start(head + "。") or (4 <= len(head) <= 12 and OFFICE_END.search(head) and not VERB_INSIDE.search(head)):
        return head
    return None


ITEM_NUMBER_LINE = re.compile(r"[▌▍▎▋█|｜■◆●]?[ \u3000]*0\d|[▌▍▎▋█|｜■◆●][ \u3000]*\d{1,2}")
"""A post's item number alone on its line (▌01, 02)."""
ADOPTED_ON = re.compile(r"[（(]\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)[^（）()]{0,60}(?:通过|发布|印发|批准|公告|公布)\s*[)）]")
"""The line under a document's title saying when and by whom it was adopted (（2023年12月27日…全体会议通过）)."""
SPOKEN_ON = re.compile(r"[（(]\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[)）]")
"""A full date in brackets alone on a head line ((2023年2月10日)): the day the text was given or made."""


SPEECH_SUBTITLE = re.compile("^在.{2,60}(?:会议|大会|会|典礼|仪式|论坛)上的(?:工作)?(?:讲话|报告|致辞)$")
"""The subtitle of a speech or a work report: where it was given (在…会议上的工作报告)."""


DOC_KIND = re.compile("(?:公告|通告|通知|公报|通报|决定|命令|意见|批复|公示)$")
"""The kind of document a government headline ends with (…的公告)."""


DOC_NUMBER = re.compile(r"[（(]?(?:(?:19|20)\d{2}\s*年\s*)?第\s*\d{1,4}\s*号[)）]?"
                        f"|[{HAN}]{{1,10}}[〔\\[［（(](?:19|20)\\d{{2}}[〕\\]］）)]\\s*第?\\s*\\d{{1,4}}\\s*号")
"""A notice's number in its series, under its letterhead (2023年第5号, 市环罚字〔2024〕第023号)."""


def _repeats_kind(line: str, headline: str) -> bool:
    """Tell whether a line below the headline is the document's letterhead (辽源市市场监督管理局公告 under
    辽源市市场监督管理局关于…的公告): shorter, of the same kind, and made of the headline's own words."""
    m = DOC_KIND.search(line)
    return m is not None and headline.endswith(m.group()) and len(line) < len(headline) and _bigram_overlap(line, headline) >= 0.8


def _join_heads(heads: list[str]) -> str:
    """Join a headline's lines: a long line wrapped onto the next runs on (内蒙古自治区政协就黄河流域 /
    生态保护和高质量发展…); short ones keep a space between them (科技助力 果品提质)."""
    out = ""
    for h in heads:
        if out and not (len(out) > 10 and " " not in out and out[-1] not in "”’」』）)" and h[:1] not in "【[（(") \
                and not VERB_END.search(out):  # 洛阳镇开展 / 秋冬森林防火应急演练: one phrase wrapped at its verb
            out += " "
        out += h
    return out


VERB_END = re.compile("(?:开展|召开|举办|举行|启动|推进|部署|实施|组织|加强|强化|推动|打造|完成|建成|开通|发布)$")
"""A headline's first line stopping at its verb, whose object is on the next line."""
PURPOSE_KICKER = re.compile(f"为(?!什么|何|啥)[{HAN}“”]{{5,15}}")
"""A kicker (引题) saying what the news is for (为夺取明年农业丰收创造条件)."""


def _is_kicker(first: str, second: str) -> bool:
    parts = first.split(" ")
    return len(parts) >= 2 and all(2 <= len(x) <= 7 for x in parts) and len(second.replace(" ", "")) > len(first.replace(" ", ""))


# ---------------------------------------------------------------- headlines after bodies


def _segment_headlines_after(paras: list[Paragraph], roles: list[str]) -> list[Draft]:
    drafts: list[Draft] = []
    run: list[int] = []
    i, n = 0, len(paras)
    trailing_captions: list[tuple[str, int]] = []
    pending_column: str | None = None
    final_head: list[Headline] = []
    # the page's last heading: a text after it has no headline after it
    last_heading = max((k for k, r in enumerate(roles) if r not in ("body", "caption")), default=-1)
    while i < n:
        r = roles[i]
        if r == "caption":
            cap = paras[i].text
            if i + 1 < n and roles[i + 1] == "byline" and PHOTO_CREDIT_LINE.fullmatch(paras[i + 1].text):
                cap = f"{cap}　{paras[i + 1].text}"  # its photographer on the line under it (莫小兰 摄)
                i += 1
            trailing_captions.append((cap, len(drafts)))
            i += 1
            continue
        if r == "body" or (r == "heading" and _is_inner_heading(paras, roles, i)):
            run.append(i)
            i += 1
            continue
        j = i
        while j < n and roles[j] not in ("body", "caption"):
            j += 1
        block = [paras[k] for k in range(i, j)]
        # the writers in brackets under the text above, over its headline (（韦 小明  覃 思思） / 巡回法庭开进…)
        credit = block.pop(0).text if run and len(block) >= 2 and roles[i] == "byline" and (
            CONTRIBUTOR_LINE.fullmatch(block[0].text) or CLOSING_CREDIT.search(block[0].text)) else None
        # a column's name closing the block (简　讯) heads the text after it, not the one before
        next_column = None
        if run and len(block) >= 2 and j < n and _is_banner(block[-1].text) and LETTER_SPACED_BANNER.fullmatch(_raw_text(block[-1])):
            next_column = re.sub(r"\s+", "", block.pop().text)
        last_head: list[Headline] = []
        turn = 0  # where the page turns to printing its headlines before their texts
        if run and len(block) >= 2 and j < n and LEAD_BYLINE.match(paras[j].text):
            # the text after the block opens with its lead (本报讯…): the block may hold that text's headline too
            above = "".join(paras[x].text for x in run)
            below = "".join(p.text for p in paras[j : j + 3])
            k = _block_split(block, above, below)
            if k and j > last_heading:
                # the page's last text has no headline after it: its headline is printed over it, at the end
                # of the block under the text above (…亩 / 我市将发放… / 助力…)
                last_head = split_headlines(block[k:])
                block = block[:k]
            elif k and _headline_first_after(paras, roles, j):
                # a page that opens with a text and its headline after it, then prints the rest headline first:
                # the block under the first text holds its headline and the next one's (小竹笋撑起“致富伞”… /
                # 筑牢校园安全防线 / 浛洸镇防溺水宣传进校园 over 本报讯…浛洸镇…)
                while k > 1 and _bigram_overlap(block[k - 1].text, above) <= _bigram_overlap(block[k - 1].text, below):
                    k -= 1  # a line that shares nothing more with the text above (筑牢校园安全防线) is the next one's kicker
                turn = i + k + (credit is not None)
                block = block[:k]
        headlines = split_headlines(block)
        if run:
            strong = len(_strong_cuts(paras, roles, run)) + 1
            if strong > len(headlines):
                headlines = split_headlines(block, one_per_line=True)
            elif (last_head or (j < n and roles[j] == "caption")) and strong == 1 and len(headlines) > 1:
                # what is left over the text above is its one headline, run over more lines (or, down to the
                # next photo's caption, the whole block is: 以案释法 / 于都法院组织领导干部 / 旁听非法采矿案庭审 / 庭审现场。)
                headlines = [_one_headline(headlines)]
            new = _match_run(paras, roles, run, headlines)
            if credit and new:
                _sign(new[-1], credit)
            if pending_column and new and not new[0].column:
                new[0].column = pending_column
            pending_column = next_column
            drafts.extend(new)
            run = []
        elif headlines and drafts and j < n and j > last_heading and LEAD_BYLINE.match(paras[j].text):
            # the page's last text, with no headline after it, opens with its lead under a block of its own (after
            # the caption closing the text above): that block is its headline, printed over it
            final_head = [_one_headline(headlines)]
        elif headlines:
            # headlines with no text before them: a column banner over what follows
            pending_column = " ".join(h.text for h in headlines)
        final_head = last_head or final_head
        if turn:
            drafts.extend(_segment_headlines_before(paras[turn:], roles[turn:], page_first=False))
            break
        i = j
    if run:
        new = _match_run(paras, roles, run, final_head)
        if pending_column and new and not new[0].column:
            new[0].column = pending_column
        drafts.extend(new)
    elif pending_column and drafts:
        drafts[-1].column = drafts[-1].column or pending_column
    texts = ["".join(p.text for p in d.paragraphs) for d in drafts]
    for cap, at in trailing_captions:
        lo = max(0, at - CAPTION_REACH)
        _attach_caption(drafts[lo : at + CAPTION_REACH], cap, texts[lo : at + CAPTION_REACH])
    return drafts


def _one_headline(headlines: list[Headline]) -> Headline:
    """The first of several headlines split from one block, taking the lines of the others: one headline run
    over more lines."""
    first = headlines[0]
    if len(headlines) > 1:
        first.lines = [*first.lines, *(line for h in headlines[1:] for line in h.lines)]
        first.last_line = headlines[-1].last_line
    return first


def _headline_first_after(paras: list[Paragraph], roles: list[str], j: int) -> bool:
    """Tell whether the headlines after the text at j head the texts below them: each shares more words
    with the text under it than with the one above it."""
    bodies = [k for k in range(j, len(roles)) if roles[k] == "body"]
    heads = [k for k in range(j, len(roles)) if roles[k] == "heading" and not _is_banner(paras[k].text)]
    if not heads:
        return False
    for h in heads:
        above = "".join(paras[b].text for b in bodies if b < h)[-400:]
        below = "".join(paras[b].text for b in bodies if b > h)[:400]
        if not below or _bigram_overlap(paras[h].text, below) <= _bigram_overlap(paras[h].text, above):
            return False
    return True


def _block_split(block: list[Paragraph], above: str, below: str) -> int:
    """Where a block of headline lines between two texts divides into the headline of the text above and
    the one of the text below: the cut whose two parts share most with their texts (0: none does better
    than giving all to the text above)."""
    best, at = 0.0, 0
    for k in range(1, len(block)):
        up = "".join(p.text for p in block[:k])
        down = "".join(p.text for p in block[k:])
        score = _bigram_overlap(up, above) + _bigram_overlap(down, below)
        if score > best:
            best, at = score, k
    whole = _bigram_overlap("".join(p.text for p in block), above)
    return at if best > whole + 0.3 else 0


def _is_inner_heading(paras: list[Paragraph], roles: list[str], i: int) -> bool:
    """A lone heading between two body paragraphs, not a `机构：标题` headline, heads a section."""
    if not (i > 0 and roles[i - 1] == "body" and _followed_by_body(roles, i)):
        return False
    if LEAD_BYLINE.match(paras[i + 1].text):
        return False  # the text under it opens with a lead (本报讯（通讯员 张琳）…): another report starts there
    if BRIEF_CREDIT_END.search(paras[i - 1].text):
        return False  # the text above closes with its author's name (…已收割晚稻1.6万亩。（韦 华）): it ended there
    m = COLON_HEAD.match(paras[i].text)
    if m and agency_at_start(m.group(1) + "。"):
        return False
    return not _heads_text_before(paras, roles, i)


def _heads_text_before(paras: list[Paragraph], roles: list[str], i: int) -> bool:
    """Tell whether a heading between two texts is the headline of the one before it: it opens with an
    agency that text names in its first clause, and the text after it does not (县农业农村局多措并举…
    under 今年以来，县农业农村局…, over 为进一步…，县卫生健康局…)."""
    found = agency_at_start(paras[i].text)
    if found is None or found.end >= len(paras[i].text) - 2:
        return False
    key = _agency_key(found.surface)
    if key is None:
        return False
    start = i - 1
    while start > 0 and roles[start - 1] == "body":
        start -= 1
    before = paras[start]
    after = paras[i + 1]
    return (_opening_agency(before) == key or _names_early(before.text, key)) and not (
        _opening_agency(after) == key or _names_early(after.text, key))


def _followed_by_body(roles: list[str], i: int) -> bool:
    return i + 1 < len(roles) and roles[i + 1] == "body"


CAPTION_REACH = 10
"""A caption is matched with the reports cut near it, so long files stay linear."""


def _attach_caption(drafts: list[Draft], caption: str, texts: list[str]) -> None:
    if not drafts:
        return
    text = caption.lstrip("▲△▼ ")
    best = max(range(len(drafts)), key=lambda i: _bigram_overlap(text, texts[i]))
    drafts[best].captions.append(caption)


def _agency_key(surface: str | None) -> str | None:
    return canonical_agency(surface) if surface else None


@lru_cache(maxsize=4096)
def _is_banner(text: str) -> bool:
    """A short line naming a column or section of the page (部门动态, 简　讯), not a report's headline."""
    core = re.sub(r"\s+", "", text)
    return 2 <= len(core) <= 6 and agency_at_start(core + "。") is None and not any(c.isdigit() for c in core)


MASTHEAD_NAME = re.compile("(?:信息|动态|简报|快报|通讯|专报|要情|工作|情况)$")
"""What a bulletin's name ends with (洛川县政务信息, 工作动态, 政务简报)."""


def _names_bulletin(text: str) -> bool:
    """A bulletin's name or its issue number (洛川县政务信息, 第16期)."""
    core = re.sub(r"\s+", "", text)
    return bool(ISSUE_LINE.fullmatch(core)) or (len(core) <= 12 and bool(MASTHEAD_NAME.search(core)))


PAPER_MASTHEAD = re.compile(f"[{HAN}]{{2,6}}(?:日报|晚报|报)")


def _is_masthead(text: str) -> bool:
    """A line over a page that names its column, or a bulletin with its issue: never a report's headline."""
    return _is_banner(text) or _names_bulletin(text)


def _names_early(text: str, key: str) -> bool:
    """Tell whether the first clause of text names the agency (“五一”假期，市文化和旅游局坚持…)."""
    head = text[:24]
    return any(_agency_key(m.surface) == key for m in find_agencies(head) if m.start <= 12)


def _opening_agency(p: Paragraph) -> str | None:
    """The canonical agency a paragraph opens with (asked for each paragraph of a run, for each headline)."""
    m = agency_at_start(p.text)
    return _agency_key(m.surface) if m else None


def _bigram_list(text: str) -> list[str]:
    """List the pairs of adjacent Chinese characters in a text, in order."""
    out: list[str] = []
    for run in HAN_RUN.findall(text):
        out.extend(map(operator.add, run, run[1:]))
    return out


HAN_RUN = re.compile(f"[{HAN}]{{2,}}")


def _cosine(a: Counter[str], b: Counter[str], na: float | None = None, nb: float | None = None) -> float:
    """Cosine similarity of two bigram counts (na, nb: their norms, when known)."""
    if not a or not b:
        return 0.0
    # the counts are whole numbers, so the sums are exact in any order
    common = a.keys() & b.keys()
    dot = sum(map(operator.mul, map(a.__getitem__, common), map(b.__getitem__, common)))
    na = _norm(a) if na is None else na
    nb = _norm(b) if nb is None else nb
    return dot / (na * nb)


def _norm(c: Counter[str]) -> float:
    values = c.values()
    return sum(map(operator.mul, values, values)) ** 0.5


def cohesion_depths(texts: list[str], window: int = 2) -> list[float]:
    """How sharply the vocabulary changes at each boundary between texts (TextTiling).

    Entry i is for the boundary before texts[i]; entry 0 is 0. A report boundary shows as a
    dip in the similarity of the texts on either side, deeper than its neighbours'.
    """
    depth = cohesion_depth_at(texts, window)
    return [0.0] * min(1, len(texts)) + [depth(i) for i in range(1, len(texts))]


def cohesion_depth_at(texts: list[str], window: int = 2) -> Callable[[int], float]:
    """cohesion_depths(texts, window)[i] for 0 < i < len(texts), worked out only for the boundaries asked about.

    A boundary's depth needs the similarities of the three boundaries on either side, and each
    of those the bigrams of the texts next to it: a run's other texts are never read.
    """
    n = len(texts)
    grams: dict[int, list[str]] = {}
    counted: dict[tuple[int, int], tuple[Counter[str], float]] = {}
    sims: dict[int, float] = {}

    def gram_list(j: int) -> list[str]:
        if j not in grams:
            grams[j] = _bigram_list(texts[j])
        return grams[j]

    def counts(lo: int, hi: int) -> tuple[Counter[str], float]:
        """The bigram counts of texts[lo:hi] and their norm; a window right of one boundary is left of another."""
        if (lo, hi) not in counted:
            # counting the joined lists runs in C; adding Counters (the same counts) does not
            c = Counter(chain.from_iterable(map(gram_list, range(lo, hi))))
            counted[lo, hi] = (c, _norm(c))
        return counted[lo, hi]

    def sim(i: int) -> float:
        if i not in sims:
            (left, nl), (right, nr) = counts(max(0, i - window), i), counts(i, min(n, i + window))
            sims[i] = _cosine(left, right, nl, nr)
        return sims[i]

    def depth(i: int) -> float:
        if not 0 < i < n:
            raise IndexError(f"no boundary {i} between {n} texts")
        lpeak = max(map(sim, range(max(1, i - 3), i + 1)))
        rpeak = max(map(sim, range(i, min(n, i + 4))))
        return (lpeak - sim(i)) + (rpeak - sim(i))

    return depth


STEM_HEAD = re.compile("^(?:中共)?[省市县区]?(?:委|政府)?")
STEM_TAIL = re.compile("(?:委员会|办公厅|办公室|委|厅|局|办|中心|机关)$")


@lru_cache(maxsize=1024)
def _agency_stem(name: str) -> str:
    """The part of an agency name that names its work (省委政法委 -> 政法)."""
    return STEM_TAIL.sub("", STEM_HEAD.sub("", name))


def _fuzzy_opening(text: str, agency: str) -> bool:
    """A paragraph that opens on the work of the agency (全省政法系统… for 省委政法委)."""
    stem = _agency_stem(agency)
    head = text[:12]
    return len(stem) >= 2 and any(stem[i : i + 2] in head for i in range(len(stem) - 1))


def _strong_cuts(paras: list[Paragraph], roles: list[str], run: list[int]) -> set[int]:
    """Positions in a run where a new report surely starts: the layout changes or a dateline opens."""
    cuts = set()
    for pos in range(1, len(run)):
        a, b = paras[run[pos - 1]], paras[run[pos]]
        if roles[run[pos]] == "body" and roles[run[pos - 1]] == "body" and (
            layout_break(a, b) or LEAD_BYLINE.match(b.text)
        ):
            cuts.add(pos)
    return cuts


def _match_run(paras: list[Paragraph], roles: list[str], run: list[int], headlines: list[Headline]) -> list[Draft]:
    """Cut a run of body paragraphs into as many reports as its headlines allow, and pair them."""
    k = max(1, len(headlines))
    cuts = {0} | _strong_cuts(paras, roles, run)
    wanted = {_agency_key(h.agency): h for h in headlines if h.agency}

    def segments() -> list[tuple[int, int]]:
        c = sorted(cuts)
        return [(c[x], c[x + 1] if x + 1 < len(c) else len(run)) for x in range(len(c))]

    def owner(seg: tuple[int, int]) -> str | None:
        return _opening_agency(paras[run[seg[0]]])

    if len(cuts) > k:
        # too many layout breaks: keep those that open with a headline's agency, then the earliest
        keep = {0} | {c for c in cuts if owner((c, c)) in wanted}
        for c in sorted(cuts):
            if len(keep) >= k:
                break
            keep.add(c)
        cuts = set(sorted(keep)[:k]) | {0}
    # split where a paragraph opens with a headline's agency (or on its line of work); of
    # several such paragraphs, the one where the vocabulary changes most; splits inside a
    # segment that already belongs to another headline come first, since an unclaimed
    # segment can simply take the headline instead
    depths_at = cohesion_depth_at([paras[x].text for x in run])  # remembers what it works out

    for prefer_owned in (True, False):
        for key, h in wanted.items():
            if len(cuts) >= k:
                break
            if key in {owner(s) for s in segments()}:
                continue
            exact = [p for p in range(1, len(run)) if roles[run[p]] == "body" and _opening_agency(paras[run[p]]) == key]
            fuzzy = [p for p in range(1, len(run)) if roles[run[p]] == "body" and _fuzzy_opening(paras[run[p]].text, key)]
            candidates = [p for p in dict.fromkeys(exact + fuzzy) if p not in cuts]
            if not candidates:
                continue
            pos = max(candidates, key=lambda p: (depths_at(p) + (0.3 if p in exact else 0.0), -p))
            seg = next(s for s in segments() if s[0] <= pos < s[1])
            if (owner(seg) in wanted) == prefer_owned:
                cuts.add(pos)
            del h
    # headlines without an agency: cut where the vocabulary changes most
    while len(cuts) < k:
        free_pos = [p for p in range(1, len(run)) if p not in cuts and roles[run[p]] == "body" and roles[run[p - 1]] == "body"]
        if not free_pos:
            break
        pos = max(free_pos, key=lambda p: (depths_at(p), -p))
        if depths_at(pos) < 0.5:
            break
        cuts.add(pos)
    segs = segments()
    pairs: dict[int, Headline] = {}
    free = list(headlines)
    for si, seg in enumerate(segs):
        key = owner(seg)
        h = next((h for h in free if h.agency and _agency_key(h.agency) == key), None)
        if h:
            pairs[si] = h
            free.remove(h)
    for si, _seg in enumerate(segs):
        if si in pairs or not free:
            continue
        text = "".join(paras[run[x]].text for x in range(*segs[si]))
        h = max(free, key=lambda h: (bool(h.agency) is False, _bigram_overlap(h.text.replace(" ", ""), text)))
        pairs[si] = h
        free.remove(h)
    drafts = []
    for si, (a, b) in enumerate(segs):
        d = Draft()
        for x in range(a, b):
            idx = run[x]
            if roles[idx] == "heading":
                d.headings.add(len(d.paragraphs))
            d.paragraphs.append(paras[idx])
        h = pairs.get(si)
        if h:
            d.title, d.title_agency = headline_title(h)
            d.subtitle = h.subtitle
            d.byline = h.byline
            d.head_lines = (h.first_line, h.last_line)
        drafts.append(d)
    if free and drafts:
        drafts[-1].column = drafts[-1].column or free[0].text
    return drafts
