"""Cleaning helpers written for speed must give what their plain forms give."""

from __future__ import annotations

import bisect
import re
import statistics

from hypothesis import example, given
from hypothesis import strategies as st

from archive import clean
from archive.clean import (
    CLOSERS,
    NARROW,
    TERMINAL,
    _any_of,
    _ends_terminal,
    _fullmatch_test,
    _line_widths,
    _opens_doubled,
    chrome_rules,
    visual_width,
)


def _reference_widths(widths: list[float], bodyish: list[int], mid: float) -> list[float]:
    """The median of the bodyish widths within 6 lines of each line, sorted afresh every time."""
    out = []
    for i in range(len(widths)):
        lo, hi = bisect.bisect_left(bodyish, i - 6), bisect.bisect_right(bodyish, i + 6)
        near = [widths[j] for j in bodyish[lo:hi]]
        out.append(statistics.median(near) if near else mid)
    return out


LINE = st.sampled_from(["一二三四五六七八九十一二，三四五", "短标题", "一二三四五六七八九十一二三，四五六", "一二三四五六七八九十，", "",
                        "一二三四五六七八九十一二三四五六七八九十一二，"])


@given(st.lists(LINE, max_size=60))
def test_sliding_median_matches_statistics_median(texts: list[str]) -> None:
    lines = [(n, t) for n, t in enumerate(texts, start=1)]
    got = _line_widths(lines)
    widths = [float(len(t)) for t in texts]  # all-Chinese lines: width is length
    bodyish = [i for i, t in enumerate(texts) if "，" in t and widths[i] >= 6]
    if not bodyish:
        assert got == [0.0] * len(lines)
        return
    mid = statistics.median(widths[j] for j in bodyish)
    same = sum(1 for j in bodyish if abs(widths[j] - mid) <= 2)
    if not 10 <= mid < 40 or same < 3 or same < 0.5 * len(bodyish):
        assert set(got) <= {1000.0} or set(got) == {-mid}  # lines that are paragraphs, or a column wrapped ragged
        return
    assert got == _reference_widths(widths, bodyish, mid)


@given(st.text(alphabet="迎疫而上a党建", min_size=1, max_size=24))
def test_opens_doubled_matches_trying_every_unit(s: str) -> None:
    assert _opens_doubled(s) == any(s[:k] == s[k : 2 * k] for k in range(1, len(s) // 2 + 1))


@given(st.text(alphabet=list("汉字ab1 \t\u3000\xa0\u1680\u2028\x1c\x85，"), max_size=30))
def test_visual_width_matches_the_regex_form(text: str) -> None:
    bare = re.sub(r"\s+", "", text)
    # a digit a PDF letter-spaced (1 0 1.2) fills a full cell: one space between it and a digit or a point
    near = "0123456789."
    spaced = sum(1 for i, c in enumerate(text) if c.isdigit() and c.isascii() and (
        (i >= 2 and text[i - 1] == " " and text[i - 2] in near) or (i + 2 < len(text) and text[i + 1] == " " and text[i + 2] in near)))
    assert visual_width(text) == len(bare) - 0.5 * (len(NARROW.findall(bare)) - spaced)


def test_a_letter_spaced_digit_fills_a_full_cell() -> None:
    assert visual_width("1 0 1.2%") == 4.5
    assert visual_width("2022年") == 3.0


@given(st.text(alphabet=list("汉。！？!?…”’」』）)》 a"), max_size=12))
def test_ends_terminal_matches_stripping_closers_one_by_one(text: str) -> None:
    t = text.rstrip()
    while t and t[-1] in CLOSERS:
        t = t[:-1]
    assert _ends_terminal(text) == (bool(t) and t[-1] in TERMINAL)


# pieces of the chrome patterns' words, so that generated lines often come close to matching
CHROME_PIECES = st.sampled_from(["首页", "返回", "ICP备", "12345678号", "公网安备", "【纠错】", "【打印】", "订阅方式", "：", ":", " ",
                                 "分享到", "微信", "|", "QQ", "责任编辑", "编辑", "【", "】", "[", "打印", "关闭", "3", "人阅读",
                                 "Copyright", "©", "2021", "新华网", "版权所有", "字号", "大", "中", "小", "来源", "作者", "省", "a", "A"])
CHROME_LINE = st.lists(CHROME_PIECES, min_size=1, max_size=12).map("".join)


@given(CHROME_LINE)
def test_anywhere_test_matches_the_combined_pattern(line: str) -> None:
    rules = chrome_rules()
    assert rules.anywhere_test(line) == bool(rules.anywhere.fullmatch(line))


# patterns that the first-character analysis must treat right: optional and repeated openings,
# ranges, categories, negated sets, a local flag, lookarounds, anchors and empty matches
TRICKY = ["a?b", "(?:a|)c", "[a-c]+x", "(?i:a)b", "[^a]b", "\\wz", "(?<=q)a", "(?=a)a.", "^ab", "x*", "(ab|cd)*e",
          ".{0,3}(bc|d)", ".*?e", "\\d+人", "A{0,2}B", "()b", "[A-Z]q"]
TRICKY_LINE = st.text(alphabet="abcdeqxzABQ人1 ", max_size=8)


@given(st.lists(st.sampled_from(TRICKY), min_size=1, max_size=5, unique=True), TRICKY_LINE)
@example(patterns=["(?i:a)b"], line="Ab")  # a local flag: the character required of every match is not a, but b
def test_fullmatch_test_matches_any_of(patterns: list[str], line: str) -> None:
    assert _fullmatch_test(patterns)(line) == bool(_any_of(patterns).fullmatch(line))


def _wide_text_joined(cur: list[tuple[int, str]]) -> bool:
    """The old form: join every line, then measure."""
    joined = "".join(t for _, t in cur)
    return clean.visual_width(joined) >= 30 and not clean.is_heading_like(joined)


@given(st.lists(st.text(st.sampled_from(list("中文a1 ，。！？；：　\t…”")), max_size=40), min_size=1, max_size=12))
def test_wide_text_joins_only_what_it_needs_and_agrees_with_joining_all(lines: list[str]) -> None:
    cur = list(enumerate(lines))
    assert clean._wide_text(cur) == _wide_text_joined(cur)
