"""Hypothesis fuzzing of every text stage: ingest, clean, segment, extract, Markdown escaping, content round trip.

Each stage must never raise on any text, keep its invariants, be idempotent where it
should be (cleaning rules), and do work linear in the size of its input, measured by
counting executed Python lines (timing lives in bench/big_input.py).
"""

from __future__ import annotations

import sys

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archive.clean import CHAR_RULES, PARAGRAPH_RULES, clean, clean_text
from archive.content import from_markdown, to_markdown
from archive.extract import extract, md_escape, page_context
from archive.ingest import IngestError, decode_bytes, html_to_text
from archive.model import RawDocument, Report
from archive.render import markdown
from archive.segment import segment

TOKENS = [
    "中", "国", "省", "市", "县", "人民政府", "农业农村厅", "卫生健康委员会", "会议", "强调", "工作", "记者", "本报讯",
    "新华社北京5月1日电", "（记者 张三）", "，", "。", "：", ":", "、", "！", "？", "（", "）", "(", ")", "“", "”", "《", "》",
    "—", "——", "-", "1", "2", "0", "９", "年", "月", "日", "2023年5月12日", "5月12日", " ", "  ", "\u3000", "\n", "\n\n",
    "\r\n", "\r", "\t", "<script>", "</p>", "<b>", "{{", "}}", "{%", "%}", "---", "#", "*", "_", "`", "[", "](", "javascript:",
    "&amp;", "&lt;", "\\", "|", "~", ">", "+", "=", "!", ".", "1.", "▲", "■", "●", "◆", "来源：", "责任编辑：张三", "首页",
    "Ã©", "â€œ", "fā", "發(fā)", "ａ", "１", "\x00", "\x07", "\u200b", "\ufeff", "\u2028", "\ud7ff", "\U0002a6a5", "领 导 干 部",
    "迎疫而上迎疫而上", "以下简称“工委”", "山东省", "济南市", "高新区",
]
texts = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)
mixed = st.one_of(texts, st.text(max_size=200))
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def raw(text: str) -> RawDocument:
    return RawDocument(source="fuzz.txt", text=text.replace("\r\n", "\n").replace("\r", "\n"), sha256="")


@FUZZ
@given(st.binary(max_size=600))
def test_decode_bytes_returns_text_or_says_why(data: bytes) -> None:
    try:
        text, codec = decode_bytes(data)
    except IngestError as exc:
        assert str(exc)
        return
    assert isinstance(text, str) and codec


@FUZZ
@given(st.lists(st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<b>", "</b>", "<br>", "<li>", "<table><tr><td>", "字", "，",
                                 "。", " ", "\n", "&amp;", "&lt;", "<!-- x -->", "<pre>", "</pre>", "<span hidden>", "</span>"]),
                max_size=80).map("".join))
def test_web_page_text_never_leaks_scripts_or_raises(body: str) -> None:
    page = f"<html><head><title>标题</title></head><body>{body}<script>var s='脚本机密';</script><style>.x{{}}</style>{body}</body></html>"
    text = html_to_text(page)
    assert "脚本机密" not in text and ".x{}" not in text and "标题" not in text


@FUZZ
@given(mixed)
def test_clean_never_raises_and_yields_tidy_paragraphs(text: str) -> None:
    doc = raw(text)
    cleaned = clean(doc)
    n_lines = doc.text.count("\n") + 1
    last = 0
    for p in cleaned.paragraphs:
        assert p.text and p.text == p.text.strip() and "\n" not in p.text
        assert 1 <= p.first_line <= p.last_line <= n_lines and p.first_line > last
        last = p.last_line


@FUZZ
@given(mixed)
def test_cleaning_rules_are_idempotent(text: str) -> None:
    for rule in (*CHAR_RULES, *PARAGRAPH_RULES):
        once = rule(text)
        assert rule(once) == once, rule.__name__


@FUZZ
@given(mixed)
@example("领 导 干 部 领 导 干 部")  # a spaced headline printed twice looked doubled only once its spacing was closed
@example("以下简称“工委” :")  # an ASCII colon after a space after Chinese text stayed ASCII once the space went
def test_cleaned_paragraphs_are_fixed_points_of_the_character_and_paragraph_rules(text: str) -> None:
    # (clean_text as a whole is not idempotent: a re-read paragraph can look like a doubled
    # headline or a wrapped line; that is a property of those rules, reported to their owner)
    for para in clean_text(text).split("\n\n"):
        for rule in (*CHAR_RULES, *PARAGRAPH_RULES):
            assert rule(para) == para, (rule.__name__, para)


def reports_of(text: str) -> list[Report]:
    cleaned = clean(raw(text))
    page = page_context(cleaned)
    return [extract(d, cleaned, page) for d in segment(cleaned)]


@FUZZ
@given(mixed)
def test_segment_and_extract_never_raise_and_keep_the_contract(text: str) -> None:
    for r in reports_of(text):
        assert r.text and "\n" not in r.text.replace("\n\n", "")
        assert r.date is None or r.date[:2] in ("19", "20", "--")
        assert r.date_precision in (None, "day", "month", "year")
        assert r.agency is None or r.agency == r.agencies[0]


@FUZZ
@given(mixed)
def test_content_files_round_trip(text: str) -> None:
    for i, r in enumerate(reports_of(text)):
        r = Report(**{**r.__dict__, "id": f"f{i:04d}"})
        back = from_markdown(to_markdown(r), "fuzz.md")
        for key in ("id", "title", "text", "agency", "agencies", "date", "date_precision", "subtitle", "byline", "places",
                    "sections", "source", "raw_span"):
            assert getattr(back, key) == getattr(r, key), key


single_lines = st.lists(st.sampled_from([t for t in TOKENS if t.strip() and "\n" not in t and "\r" not in t] + [" "]),
                        min_size=1, max_size=40).map(lambda s: "".join(s).strip()).filter(bool)


@FUZZ
@given(single_lines)
def test_escaped_paragraph_renders_as_exactly_its_text(line: str) -> None:
    line = line.replace("\x00", "\ufffd")  # CommonMark replaces NUL itself
    html = markdown().render(md_escape(line), {})
    shown = BeautifulSoup(html, "html.parser")
    assert not shown.find(lambda tag: tag.name != "p")
    assert shown.get_text().strip("\n") == line


def count_lines(func, *args) -> int:
    """Run func and count the Python lines it executes: a measure of work that does not depend on the machine."""
    func(*args)  # once untraced: fills the caches (data files, compiled patterns) so only the work is counted
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        func(*args)
    finally:
        sys.settrace(None)
    return count


def clean_and_segment(text: str) -> None:
    segment(clean(raw(text)))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.sampled_from(TOKENS), min_size=20, max_size=60).map("".join))
@example("中" * 59 + "国\n中\n!\n▲")  # found by this test: every caption was compared with every report
def test_clean_and_segment_do_linear_work(unit: str) -> None:
    # sizes past the windows some steps use (a caption looks at the 2 x 10 reports around it)
    small = count_lines(clean_and_segment, unit * 24)
    large = count_lines(clean_and_segment, unit * 96)
    assert large <= 6 * max(small, 1000), (small, large)


@pytest.mark.parametrize(
    "unit",
    ["(", "领 ", "1 ", "▲", " ", "（记者", "：", "迎疫", "\u3000", "2020年 ", "，\n", "1\n", "本报讯（"],
)
def test_pathological_runs_do_linear_work(unit: str) -> None:
    """Long runs of one unit: where a backtracking pattern or a pairwise loop would blow up."""
    n = 600
    small = count_lines(clean_and_segment, "中" + unit * n + "中。")
    large = count_lines(clean_and_segment, "中" + unit * 4 * n + "中。")
    assert large <= 6 * max(small, 1000), (unit, small, large)
