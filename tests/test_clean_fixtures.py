"""Each file in fixtures/clean/ is a raw input and the text cleaning must make of it."""

from pathlib import Path

import pytest

from archive.clean import clean_text

CASES = sorted((Path(__file__).parent / "fixtures" / "clean").glob("*.txt"))
SEPARATOR = "\n----- expected -----\n"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_clean_fixture(case: Path) -> None:
    raw, expected = case.read_text(encoding="utf-8").split(SEPARATOR)
    assert clean_text(raw) == expected.rstrip("\n")


def test_there_are_fixtures() -> None:
    assert len(CASES) >= 10
