"""Folding and tokenising the indexed copy (archive/search.py), without a browser."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from archive.model import Report
from archive.search import PARAGRAPH_END, fold, natural_text, paragraphs, shadow_page, t2s_table, unigram_tokens

# Chinese (simplified and traditional), full-width forms, Latin, digits, punctuation and spaces.
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.sampled_from(list("衛國語體臺灣發髮後乾著，。！？；：“”‘’（）《》、Ａａ１２３ＢＣ　 ¶")),
        st.sampled_from(list("abcXYZ0123456789,.!?;:()-/%")),
        st.sampled_from([" ", "\n", "\t"]),
    ),
    max_size=60,
)


def test_fold_maps_traditional_and_full_width_forms() -> None:
    assert fold("衛生局") == "卫生局"
    assert fold("臺灣") == "台湾"
    assert fold("１２８６") == "1286"
    assert fold("ＰＣＲ") == "PCR"


def test_fold_keeps_punctuation_and_simplified_text() -> None:
    assert fold("疫情防控，人人有责。") == "疫情防控，人人有责。"


def test_t2s_table_is_settled() -> None:
    table = t2s_table()
    assert len(table) > 2000
    assert not set(table.values()) & set(table), "a target that is itself folded would make folding order-dependent"


@given(TEXT)
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(TEXT)
def test_tokens_cover_the_folded_text(text: str) -> None:
    tokens = unigram_tokens(text)
    assert all(tokens) and all(not re.search(r"\s", t) for t in tokens)
    assert "".join(tokens) == re.sub(r"\s+", "", fold(text))


@given(TEXT)
def test_every_token_holds_at_most_one_han_character_or_digit(text: str) -> None:
    for t in unigram_tokens(text):
        core = re.sub(r"[^\w]", "", t)
        if re.search(r"[\u4e00-\u9fff0-9]", core):
            assert len(core) == 1, t


def test_punctuation_is_glued_to_a_neighbour() -> None:
    assert unigram_tokens("命令，防控") == ["命", "令，", "防", "控"]
    assert unigram_tokens("战“疫”") == ["战", "“疫”"]
    assert unigram_tokens("N95口罩") == ["N", "9", "5", "口", "罩"]


def report(**kw: object) -> Report:
    base: dict[str, object] = {"id": "r1", "source": "a.txt", "title": "标题", "body": "", "text": "正文"}
    base.update(kw)
    return Report(**base)  # type: ignore[arg-type]


def test_shadow_page_carries_natural_text_only_when_folding_changed_it() -> None:
    simplified = shadow_page(report(title="卫生局", text="每日检测3600人次"), "日期不详")
    assert 'data-pagefind-meta="natural"' not in simplified
    assert f"卫 生 局{PARAGRAPH_END}" in simplified
    traditional = shadow_page(report(title="衛生局", text="每日檢測３６００人次"), "日期不详")
    assert f"卫 生 局{PARAGRAPH_END}" in traditional
    assert f'data-pagefind-meta="natural">衛生局{PARAGRAPH_END}每日檢測３６００人次<' in traditional


def test_shadow_page_escapes_html_and_lists_filters() -> None:
    page = shadow_page(report(title="<b>标题</b>", agencies=("甲局", "乙委"), places=("济南市",), date="2020-03"), "2020年3月")
    assert "<b>" not in page
    assert '<span data-pagefind-filter="agency">甲局</span>' in page
    assert '<span data-pagefind-filter="agency">乙委</span>' in page
    assert '<span data-pagefind-filter="place">济南市</span>' in page
    assert '<span data-pagefind-filter="year">2020</span>' in page
    assert '<span data-pagefind-filter="month">03</span>' in page


PARAGRAPHS = st.lists(TEXT, max_size=4).map(lambda ps: "\n\n".join(ps))


@given(TEXT, st.none() | TEXT, PARAGRAPHS)
def test_shadow_page_body_is_each_paragraph_folded_and_cut_on_its_own(title: str, subtitle: str | None, text: str) -> None:
    r = report(title=title, subtitle=subtitle, text=text)
    page = shadow_page(r, "日期不详")
    body = page.split("<main data-pagefind-body>\n", 1)[1].split("\n</main>", 1)[0]
    want = []
    for p in paragraphs(r):  # the plain form: fold and cut every paragraph by itself
        tokens = unigram_tokens(p.replace(PARAGRAPH_END, " "))
        if tokens:
            tokens[-1] += PARAGRAPH_END
        want.append(f"<p>{html.escape(' '.join(tokens))}</p>")
    assert body == "\n".join(want)
    assert ('data-pagefind-meta="natural"' in page) == (fold(natural_text(r)) != natural_text(r))
