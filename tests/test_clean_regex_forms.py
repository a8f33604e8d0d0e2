"""The cleaning regexes written for speed (first character first, lookbehind after it) must find
exactly what their plain forms find, which are kept here as the readable reference."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive import clean
from archive.clean import CJK_PUNCT, HAN

PINYIN = "[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*"
PLAIN_FORMS = {
    "_PUNCT_AFTER_HAN": f"(?<=[{HAN}”’）》])([,;!?])|(?<=[{HAN}”’）》]):(?!\\d)",
    "_PUNCT_BEFORE_HAN": f"(?<![0-9]),(?=[{HAN}“‘（《])",
    "PINYIN_GLOSS": f"(?<=[{HAN}])\\(({PINYIN})\\)|(?<=[{HAN}])（({PINYIN})）",
    "SPACED_DIGITS": r"(?<=(?<!\d)\d)[ \u3000]+(?=\d)|(?<=\d)[ \u3000]+(?=\d(?!\d))",
    "NUMBER_GAP": r"(?<=(?<!\d)\d\d)[ \u3000]+(?=\d{3}(?!\d))|(?<=(?<!\d)\d\d\d)[ \u3000]+(?=\d{3}(?!\d))",
    "SPACE_HAN_DIGIT": f"(?<=[{HAN}{CJK_PUNCT}])[ \\u3000]+(?=[0-9])|(?<=[0-9%])[ \\u3000]+(?=[{HAN}{CJK_PUNCT}])",
    "SPACE_AROUND_CJK_PUNCT": f"[ \\u3000]+(?=[{CJK_PUNCT}])|(?<=[{CJK_PUNCT}])[ \\u3000]+",
    "SPACE_BETWEEN_HAN": f"(?<=[{HAN}])[ \\u3000]+(?=[{HAN}])",
}

# the characters the patterns look at, and a few they do not
TEXT = st.text(alphabet=list("0123456789 \u3000汉字，。（）()《》“”’,;:!?%.fāüa-\n"), max_size=40)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("name", sorted(PLAIN_FORMS))
@settings(max_examples=400)
@given(text=TEXT)
def test_fast_form_finds_what_the_plain_form_finds(name: str, text: str) -> None:
    fast, plain = getattr(clean, name), re.compile(PLAIN_FORMS[name])
    assert _spans(fast, text) == _spans(plain, text)


@pytest.mark.parametrize(
    "name, text",
    [
        ("_PUNCT_AFTER_HAN", "中国,美国:10:30汉:字!"),
        ("_PUNCT_BEFORE_HAN", ",汉1,汉a,（"),
        ("PINYIN_GLOSS", "發(fā)展（zhǎn）a(fā)"),
        ("SPACED_DIGITS", "2 0 1 9年 12 34 1 6市"),
        ("NUMBER_GAP", "13 730名 1 200 12 345"),
        ("SPACE_HAN_DIGIT", "共 16 人，5% 的"),
        ("SPACE_AROUND_CJK_PUNCT", "好 ， 的  。 a ,"),
        ("SPACE_BETWEEN_HAN", "领 导　干  部 a 汉"),
    ],
)
def test_fast_form_on_examples(name: str, text: str) -> None:
    fast, plain = getattr(clean, name), re.compile(PLAIN_FORMS[name])
    assert _spans(fast, text) == _spans(plain, text) != []
