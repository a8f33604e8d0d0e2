"""Cleaning helpers written for speed must give what their plain forms give."""

from __future__ import annotations

import bisect
import re
import statistics

from hypothesis import given
from hypothesis import strategies as st

from archive.clean import CLOSERS, NARROW, TERMINAL, _ends_terminal, _line_widths, _opens_doubled, visual_width


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
        assert set(got) <= {1000.0}
        return
    assert got == _reference_widths(widths, bodyish, mid)


@given(st.text(alphabet="迎疫而上a党建", min_size=1, max_size=24))
def test_opens_doubled_matches_trying_every_unit(s: str) -> None:
    assert _opens_doubled(s) == any(s[:k] == s[k : 2 * k] for k in range(1, len(s) // 2 + 1))


@given(st.text(alphabet=list("汉字ab1 \t\u3000\xa0\u1680\u2028\x1c\x85，"), max_size=30))
def test_visual_width_matches_the_regex_form(text: str) -> None:
    bare = re.sub(r"\s+", "", text)
    assert visual_width(text) == len(bare) - 0.5 * len(NARROW.findall(bare))


@given(st.text(alphabet=list("汉。！？!?…”’」』）)》 a"), max_size=12))
def test_ends_terminal_matches_stripping_closers_one_by_one(text: str) -> None:
    t = text.rstrip()
    while t and t[-1] in CLOSERS:
        t = t[:-1]
    assert _ends_terminal(text) == (bool(t) and t[-1] in TERMINAL)
