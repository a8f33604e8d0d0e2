"""Unit tests of single cleaning rules, and properties of the whole cleaning stage."""

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.clean import (
    clean,
    clean_text,
    close_cjk_spacing,
    join_spaced_digits,
    undouble_bold_heading,
)
from archive.model import RawDocument

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_undouble_only_when_whole_line_is_doubled() -> None:
    assert undouble_bold_heading("迎疫而上迎疫而上") == "迎疫而上"
    assert undouble_bold_heading("天天向上") == "天天向上"
    assert undouble_bold_heading("常常") == "常常"


def test_a_letter_spaced_headline_printed_twice_is_undoubled_like_an_unspaced_one() -> None:
    # the doubled headline rule also runs once letter spacing is closed: the result is the same whether or not
    # the spacing runs on across the two copies, and is a fixed point of every rule (hypothesis found the space case)
    for spaced in ("领 导 干 部 领 导 干 部", "领 导 干 部领 导 干 部", "领导干部领导干部"):
        assert clean_text(spaced) == "领导干部", spaced
    assert clean_text("谢 谢 谢 谢") == "谢谢谢谢"  # doubled twice over: no telling which half is the text
    assert clean_text("领 导 干 部") == "领导干部"


def test_spaced_digits_do_not_glue_latin_words() -> None:
    # a space between a number and Chinese is an extraction artifact; between Latin words it is not
    assert join_spaced_digits("N95 口罩 and MV 作品") == "N95口罩 and MV 作品"
    assert join_spaced_digits("共 2 0 名党员") == "共20名党员"


def test_headline_phrase_space_kept_but_body_space_removed() -> None:
    assert close_cjk_spacing("走在前 作表率") == "走在前 作表率"
    assert close_cjk_spacing("发挥作用 扎实做好工作，确保落实。") == "发挥作用扎实做好工作，确保落实。"


def test_byline_names_keep_their_spaces() -> None:
    text = "本报讯（记者 刘菲 曹俐）党旗所指，行动所向。"
    assert close_cjk_spacing(text) == text


def test_changes_are_recorded_with_raw_line_numbers() -> None:
    doc = RawDocument("x.txt", "标题\n\n赴1 6市协调解决企业困难问题，\n取得了成效。\n", "0")
    cleaned = clean(doc)
    rules = {(c.rule, c.line) for c in cleaned.changes}
    assert ("join_spaced_digits", 3) in rules
    assert cleaned.paragraphs[-1].first_line == 3 and cleaned.paragraphs[-1].last_line == 4


cjk_text = st.text(alphabet=st.sampled_from(list("党建引领疫情防控工作会议召开领导干部人人天天 ，。、：“”1234567890\n")), max_size=300)
any_text = st.text(max_size=400)

WORDS = ["党建", "引领", "疫情防控", "工作", "会议", "召开", "领导干部", "人人", "天天", "群众", "服务", "企业", "复工复产",
         "12", "3.5", "2020年", "“双报到”", "省农业农村厅", "市政协", "累计", "万元", "开展", "志愿服务"]


@st.composite
def laid_out_documents(draw: st.DrawFn) -> str:
    """A document as extraction leaves it: headings and paragraphs of several sentences,
    hard-wrapped at a column width or not (a column shows its width over many lines)."""
    paragraphs = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            paragraphs.append("".join(draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=4, unique=True))))
            continue
        sentences = []
        for _ in range(draw(st.integers(2, 4))):
            words = draw(st.lists(st.sampled_from(WORDS), min_size=6, max_size=12))
            sentences.append("，".join("".join(words[i : i + 3]) for i in range(0, len(words), 3)) + "。")
        paragraphs.append("".join(sentences))
    width = draw(st.sampled_from([0, 13, 15, 17, 22]))
    gap = "\n\n" if draw(st.booleans()) else "\n"
    lines: list[str] = []
    for p in paragraphs:
        lines.append(gap.join(wrap(p, width)) if width else p)
    return "\n\n".join(lines)


def wrap(text: str, width: int) -> list[str]:
    """Break text into lines of one printed width, digits taking half a cell as in print."""
    out, line, cells = [], "", 0.0
    for ch in text:
        step = 0.5 if ch.isascii() else 1.0
        if cells + step > width:
            out.append(line)
            line, cells = "", 0.0
        line += ch
        cells += step
    return [*out, line] if line else out


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_cleaning_never_raises(text: str) -> None:
    clean(RawDocument("x.txt", text, "0"))


@settings(max_examples=200, deadline=None)
@given(laid_out_documents())
def test_cleaning_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=200, deadline=None)
@given(cjk_text)
def test_cleaning_keeps_every_chinese_character(text: str) -> None:
    # characters leave the text only as removed chrome (kept for provenance) or as the
    # second copy of a doubled headline, so every distinct character is still somewhere
    cleaned = clean(RawDocument("x.txt", text, "0"))
    kept = "".join(p.text for p in cleaned.paragraphs) + "".join(p.text for p in cleaned.removed)
    for ch in set(HAN.findall(text)):
        assert ch in kept, ch


def test_metadata_lines_of_a_disclosure_table_and_a_yearless_time_stamp() -> None:
    """Letter-spaced keys (索 引 号：, 文　　号：) are read as metadata, 生成日期 dates the page, and a wire page's
    month-day time stamp (05-06 17:26:41) is dropped with its line without inventing a year."""
    raw = (Path(__file__).parent / "fixtures" / "clean" / "disclosure_table.txt").read_text(encoding="utf-8")
    meta = dict(_meta_of(raw.split("\n----- expected -----\n")[0]))
    assert meta["索引号"] == "11532900MB1A23456X/2023-00005"
    assert meta["发布机构"] == "大理州林业和草原局"
    assert meta["文号"] == "无"
    assert meta["date"] == "2023-01-06"
    assert meta["来源"] == "新华网"


def _meta_of(text: str) -> tuple[tuple[str, str], ...]:
    """The metadata cleaning reads from a raw text."""
    return clean(RawDocument(source="t.txt", text=text, sha256="")).meta


def test_jump_marks_join_a_report_across_its_pages() -> None:
    text = "全市共有\n（下转第二版）\n\n株洲日报    2022年11月3日 星期四    第2版 要闻\n\n（上接第一版）47个项目获得支持。"
    assert clean_text(text) == "全市共有47个项目获得支持。"


def test_a_republic_of_china_date_in_a_date_field_is_converted() -> None:
    meta = _meta_of("內政部新聞\n發布日期：112-05-16\n　　內政部今日表示，全國已受理申請三千件，核准兩千件。\n")
    assert ("date", "2023-05-16") in meta


def test_the_date_after_a_source_is_read_as_the_date() -> None:
    meta = _meta_of("新闻联播\n来源：央视网 | 2023年11月08日 21:42\n　　今年前三季度，全国完成投资两万亿元，同比增长百分之五。\n")
    assert ("date", "2023-11-08") in meta and ("来源", "央视网") in meta


def test_a_press_conferences_header_is_metadata_and_a_value_may_run_on() -> None:
    text = ("发布会\n地点：省政府新闻发布厅\n发布人：省农业农村厅副厅长　王强\n　　　　省水利厅副厅长　李明\n"
            "主持人：省政府新闻办副主任　赵敏\n\n　　各位记者朋友，大家上午好！今天介绍全省春耕生产情况。\n")
    meta = dict(_meta_of(text))
    assert meta["地点"] == "省政府新闻发布厅"
    assert meta["发布人"] == "省农业农村厅副厅长　王强；省水利厅副厅长　李明"
    assert meta["主持人"] == "省政府新闻办副主任　赵敏"


def test_the_caption_under_an_image_placeholder_leaves_the_text() -> None:
    from archive.clean import clean_text

    text = "标题在这里\n[图片]\n执法人员登船检查\n　　7月14日，执法人员出动船艇六艘次，检查渔船四十二艘。\n"
    assert clean_text(text) == "标题在这里\n\n7月14日，执法人员出动船艇六艘次，检查渔船四十二艘。"
    assert ("图注", "执法人员登船检查") in _meta_of(text)


def test_a_masthead_date_letter_spaced_by_ocr_dates_the_page() -> None:
    meta = _meta_of("林芝报\n2 0 2 1年9月2 8日　星期二　藏历铁牛年八月二十二\n\n　　本报讯 金秋时节，全区已收割青稞4.6万亩，占种植面积的92%。\n")
    assert ("date", "2021-09-28") in meta


def test_a_bulletins_compiler_and_day_date_it_without_naming_its_items_agency() -> None:
    meta = _meta_of("防汛工作简报\n\n邵阳市大祥区防汛抗旱指挥部办公室　　　　2024年6月20日\n\n"
                    "区水利局开展汛前检查\n　　6月18日，区水利局组织技术人员对12座水库开展汛前安全大检查。\n")
    assert ("date", "2024-06-20") in meta and ("编印", "邵阳市大祥区防汛抗旱指挥部办公室") in meta
    assert "发布机构" not in dict(meta)


def test_a_pages_number_and_name_over_its_text_is_chrome() -> None:
    text = "梧州日报\n2021年8月12日 星期四\nA2 要闻\n\n连日来，市市场监管局组织执法人员对全市农贸市场开展食品安全专项整治。\n"
    assert clean_text(text) == "连日来，市市场监管局组织执法人员对全市农贸市场开展食品安全专项整治。"
