"""Audit every regular expression the pipeline uses for catastrophic backtracking (timing: bench/big_input.py).

A quantifier that may repeat without bound around another that may also repeat
without bound, like (a+)+ or (?:x*y?)*, can take exponential time on a line that
almost matches. Patterns in code and in the data files are parsed and checked.
"""

from __future__ import annotations

import importlib
import re
import re._constants as C  # noqa: N812
import re._parser as P  # noqa: N812
from pathlib import Path
from typing import Any

import pytest
import yaml

import archive.clean
from archive.agencies import gazetteer
from archive.clean import chrome_rules

REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
MODULES = ["clean", "segment", "extract", "agencies", "content", "ingest", "render", "search"]


def _children(op: Any, av: Any) -> list[Any]:
    if op in REPEATS:
        return [av[2]]
    if op == C.SUBPATTERN:
        return [av[3]]
    if op == C.BRANCH:
        return list(av[1])
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [av[1]]
    return []


def _unbounded(op: Any, av: Any) -> bool:
    return op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[1] == C.MAXREPEAT


def _has_unbounded(items: Any) -> bool:
    return any(_unbounded(op, av) or any(_has_unbounded(c) for c in _children(op, av)) for op, av in items)


def _has_anchor_char(items: Any) -> bool:
    """Tell whether a sequence must match some character outside any repeat (each pass then starts anew)."""
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY):
            return True
        if op == C.SUBPATTERN and _has_anchor_char(av[3]):
            return True
    return False


def nested_unbounded(pattern: re.Pattern[str]) -> bool:
    """Tell whether a pattern repeats without bound a part made only of unbounded repeats, like (a+)+.

    A repeated part that must also match a plain character, like (\\s*[|]\\s*EN)+, is
    accepted: a heuristic that catches the classic exponential shapes, not a proof.
    """

    def walk(items: Any) -> bool:
        for op, av in items:
            if _unbounded(op, av) and _has_unbounded(av[2]) and not _has_anchor_char(av[2]):
                return True
            if any(walk(c) for c in _children(op, av)):
                return True
        return False

    return walk(P.parse(pattern.pattern, pattern.flags))


def all_patterns() -> list[tuple[str, re.Pattern[str]]]:
    found = []
    for name in MODULES:
        module = importlib.import_module(f"archive.{name}")
        found += [(f"{name}.{k}", v) for k, v in sorted(vars(module).items()) if isinstance(v, re.Pattern)]
    rules = chrome_rules()
    data = yaml.safe_load((Path(archive.clean.__file__).parent / "data" / "chrome.yaml").read_text(encoding="utf-8"))
    for part in ("anywhere", "edges"):
        found += [(f"chrome.yaml {part}[{i}]", re.compile(p)) for i, p in enumerate(data.get(part) or [])]
    found += [("chrome.yaml anywhere (combined)", rules.anywhere), ("chrome.yaml edges (combined)", rules.edges)]
    found += [(f"chrome.yaml meta {k}", p) for k, p in rules.meta]
    found += [("chrome.yaml page_header", rules.page_header), ("chrome.yaml footer_start", rules.footer_start),
              ("chrome.yaml wechat_posted", rules.wechat_posted)]
    g = gazetteer()
    found += [("agencies known_re", g.known_re), ("agencies generic_re", g.generic_re), ("agencies place_re", g.place_re)]
    return found


def test_the_audit_catches_nested_quantifiers() -> None:
    assert nested_unbounded(re.compile(r"(a+)+b"))
    assert nested_unbounded(re.compile(r"x(?:\s*(?:ab)*)*z"))
    assert nested_unbounded(re.compile(r"(?:(?:\d+)|(?:\w+))*!"))
    assert not nested_unbounded(re.compile(r"(?:ab{0,2})*c|a+b+|(?:\s*[|]\s*EN)+"))


@pytest.mark.parametrize(("where", "pattern"), all_patterns(), ids=[w for w, _ in all_patterns()])
def test_no_pattern_can_backtrack_catastrophically(where: str, pattern: re.Pattern[str]) -> None:
    assert not nested_unbounded(pattern), f"{where}: {pattern.pattern[:120]}"
