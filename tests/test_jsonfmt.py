"""archive.jsonfmt writes what json.dumps(..., ensure_ascii=False, indent=N) writes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive import jsonfmt

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=30,
)


@given(VALUES, st.integers(min_value=0, max_value=3))
def test_dumps_is_json_dumps_indented(value: object, indent: int) -> None:
    assert jsonfmt.dumps(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent)


@given(st.lists(st.text(), max_size=6), st.integers(min_value=0, max_value=2))
def test_lists_of_lines_are_json_dumps_indented(lines: list[str], indent: int) -> None:
    record = {"lines": lines, "changes": [{"line": 1, "before": "a", "after": "b"}], "removed": []}
    assert jsonfmt.dumps(record, indent) == json.dumps(record, ensure_ascii=False, indent=indent)


def test_keys_that_are_not_strings_are_written_as_json_writes_them() -> None:
    value = {"a": [{1: "x", None: True, 2.5: [1]}]}
    assert jsonfmt.dumps(value) == json.dumps(value, ensure_ascii=False, indent=1)


def test_what_json_cannot_hold_raises_its_error() -> None:
    with pytest.raises(TypeError):
        jsonfmt.dumps({"a": [object()]})
