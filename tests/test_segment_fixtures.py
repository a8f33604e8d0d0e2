"""Each fixtures/segment/NAME.txt is a raw document; NAME.expected.yaml lists the reports an
archivist would cut from it, with title, text span, agency and date."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from archive.ingest import read_raw
from archive.pipeline import process_document

FOLDER = Path(__file__).parent / "fixtures" / "segment"
CASES = sorted(FOLDER.glob("*.txt"))


def squash(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


def title_key(s: str) -> str:
    return re.sub(r"[\s:：,，、.。;；!！?？\"'“”‘’《》()（）\-—_·]+", "", unicodedata.normalize("NFKC", s or ""))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_document_is_cut_as_an_archivist_would(case: Path) -> None:
    expected = yaml.safe_load(case.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
    reports, _ = process_document(read_raw(case, case.name), {})
    assert len(reports) == len(expected["reports"]), [r.title for r in reports]
    for want, got in zip(expected["reports"], reports, strict=True):
        text = squash(got.text)
        assert squash(want["start"]) in text and squash(want["end"]) in text, got.text[:80]
        if "title" in want:
            assert title_key(got.title) == title_key(want["title"])
        if "agency" in want:
            assert got.agency in want["agency"]
        if "date" in want:
            assert got.date == (str(want["date"]) if want["date"] is not None else None)
        if "sections" in want:
            assert [s.heading for s in got.sections] == want["sections"]
        if "caption_contains" in want:
            assert any(want["caption_contains"] in c for c in got.captions), got.captions
        if "byline_contains" in want:
            assert want["byline_contains"] in (got.byline or "")
        for check in want.get("checks", []):
            assert check in got.checks
    text = "".join(r.text for r in reports)
    for junk in expected.get("not_in_text", []):
        assert junk not in text, junk


def test_every_fixture_has_expectations() -> None:
    assert CASES and all(c.with_suffix(".expected.yaml").exists() for c in CASES)


@pytest.mark.parametrize(
    ("line", "is_byline"),
    [
        ("（覃建华）", True),  # a yearbook entry's contributor
        ("（勞工處）", False),  # a department closing its press release stays in the text
        ("（济南海关）", False),
        ("刘满仓摄（人民视觉）", True),  # a photo's credit
        ("江西省人民政府省长　林国华", True),  # a speech's speaker
    ],
)
def test_closing_names_are_told_apart(line: str, is_byline: bool) -> None:
    from archive.model import Paragraph
    from archive.segment import role_of

    assert (role_of(Paragraph(line, 1, 1)) == "byline") is is_byline
