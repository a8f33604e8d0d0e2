"""Segmenting helpers written for speed must give what their plain forms give."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from archive.segment import HAN, _bigram_overlap

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
