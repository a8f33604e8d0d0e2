"""Segmenting helpers written for speed must give what their plain forms give."""

from __future__ import annotations

import re
from collections import Counter
from itertools import chain

from hypothesis import given
from hypothesis import strategies as st

from archive.segment import HAN, _bigram_list, _bigram_overlap, _cosine, cohesion_depth_at, cohesion_depths

# Chinese characters at both ends of the HAN ranges and just outside them, Latin, punctuation
TEXT = st.text(alphabet="省委政法\u3400\u4dbf\u4e00\u9fff\u33ff\u4dc0\ua000 a1，。\n、", max_size=24)


def _reference_overlap(a: str, b: str) -> float:
    """The bigram overlap as first written: every pair of a tried against a two-character pattern."""
    grams = {a[i : i + 2] for i in range(len(a) - 1) if re.match(f"[{HAN}]{{2}}", a[i : i + 2])}
    if not grams:
        return 0.0
    return sum(1 for g in grams if g in b) / len(grams)


@given(TEXT, TEXT)
def test_bigram_overlap_matches_the_pairwise_regex_form(a: str, b: str) -> None:
    assert _bigram_overlap(a, b) == _reference_overlap(a, b)


def _reference_depths(texts: list[str], window: int = 2) -> list[float]:
    """TextTiling depths as first written: every similarity of the run, then every depth."""
    n = len(texts)
    grams = [_bigram_list(t) for t in texts]
    sims = [1.0] * n
    for i in range(1, n):
        left = Counter(chain.from_iterable(grams[max(0, i - window) : i]))
        right = Counter(chain.from_iterable(grams[i : min(n, i + window)]))
        sims[i] = _cosine(left, right)
    depths = [0.0] * n
    for i in range(1, n):
        lpeak = max(sims[max(1, i - 3) : i + 1])
        rpeak = max(sims[i : min(n, i + 4)])
        depths[i] = (lpeak - sims[i]) + (rpeak - sims[i])
    return depths


# few distinct characters, so that neighbouring texts share bigrams in varying measure
PARA = st.text(alphabet="省委政法工作会议召开 a，", max_size=16)


@given(st.lists(PARA, max_size=14), st.integers(min_value=1, max_value=3), st.randoms())
def test_lazy_cohesion_depths_match_computing_them_all(texts: list[str], window: int, rnd) -> None:
    want = _reference_depths(texts, window)
    assert cohesion_depths(texts, window) == want
    depth = cohesion_depth_at(texts, window)
    asked = list(range(1, len(texts)))
    rnd.shuffle(asked)  # any order of asking gives the same depths
    assert all(depth(i) == want[i] for i in asked)
