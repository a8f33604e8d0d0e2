"""The date regexes written for speed must find what their plain forms find."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive import extract

PLAIN_FORMS = {
    "FULL_DATE": (
        r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"
        r"|(?<![\d.])((?:19|20)\d{2})[./-](\d{1,2})[./-](\d{1,2})(?![\d.])"
    ),
    "MONTH_DAY": r"(?<![\d年/.-])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]",
}
TEXT = st.text(alphabet=list("0129 年月日号./-汉\n"), max_size=40)


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("name", sorted(PLAIN_FORMS))
@settings(max_examples=500)
@given(text=TEXT)
def test_fast_form_finds_what_the_plain_form_finds(name: str, text: str) -> None:
    assert _found(getattr(extract, name), text) == _found(re.compile(PLAIN_FORMS[name]), text)


@pytest.mark.parametrize(
    "name, text",
    [
        ("FULL_DATE", "2021年3月5日 2021-03-05 12021-03-05 2021.3.5. 1999年12月31号"),
        ("MONTH_DAY", "3月5日 12月31号 2021年3月5日 /3月5日 123月5日 x1月2日"),
    ],
)
def test_fast_form_on_examples(name: str, text: str) -> None:
    fast, plain = getattr(extract, name), re.compile(PLAIN_FORMS[name])
    assert _found(fast, text) == _found(plain, text) != []
