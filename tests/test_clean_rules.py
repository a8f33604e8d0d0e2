"""Unit tests of single cleaning rules, and properties of the whole cleaning stage."""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.clean import (
    clean,
    clean_text,
    close_cjk_spacing,
    close_padded_names,
    join_spaced_digits,
    number_rows_to_cells,
    undouble_bold_heading,
)
from archive.model import RawDocument

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_undouble_only_when_whole_line_is_doubled() -> None:
    assert undouble_bold_heading("迎疫而上迎疫而上") == "迎疫而上"
    assert undouble_bold_heading("天天向上") == "天天向上"
    assert undouble_bold_heading("常常") == "常常"


def test_a_line_printed_twice_with_a_space_between_is_printed_once() -> None:
    assert undouble_bold_heading("炼铁总厂 炼铁总厂") == "炼铁总厂"
    assert undouble_bold_heading("抓紧春耕 不误农时 抓紧春耕 不误农时") == "抓紧春耕 不误农时"
    for kept in ("谢谢 谢谢", "党建 党建", "2023 2023", "炼铁总厂 轧钢总厂"):  # a word said twice, a number, two names
        assert undouble_bold_heading(kept) == kept


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


def test_a_padded_two_character_name_is_closed_and_its_post_kept_apart() -> None:
    assert close_padded_names("孙　丽　下陆区团城山街道志愿服务站站长") == "孙丽　下陆区团城山街道志愿服务站站长"
    assert close_padded_names("成员：万　军、蔡明辉、龚　静。") == "成员：万军、蔡明辉、龚静。"
    # a letter-spaced three-character name is the letter-spacing rule's; a pair not led by a surname is no name
    assert close_padded_names("王 建 军 市长") == "王 建 军 市长"
    assert close_padded_names("通 知 如下") == "通 知 如下"


def test_a_row_of_numbers_is_set_into_cells_and_a_letter_spaced_number_is_not() -> None:
    assert number_rows_to_cells("16 1 0 0 0 0 17") == "16\t1\t0\t0\t0\t0\t17"  # a number of two digits
    assert number_rows_to_cells("0 0 0 0 0") == "0\t0\t0\t0\t0"  # no number opens with its 0
    assert number_rows_to_cells("4 1 0 0 0 0 5") == "4\t1\t0\t0\t0\t0\t5"  # the last cell totals the others
    assert number_rows_to_cells("1 0 0 0 1 0 0 0 0") == "1\t0\t0\t0\t1\t0\t0\t0\t0"  # too long for a number
    assert number_rows_to_cells("1 8 6 5 0") == "1 8 6 5 0"  # 18650 letter-spaced
    assert number_rows_to_cells("2 6 5") == "2 6 5"


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


def test_a_wechat_posts_day_time_and_region_under_its_account_date_it_and_the_account_line_is_chrome() -> None:
    # chrome.yaml writes the posting line once (wechat_posted) and the 发表时间 meta pattern takes it in
    raw = "晋中交警\n2025年11月24日 18:00　山西\n　　近日，市公安局交警支队在全市范围内开展夜查行动，查处酒驾违法行为十二起。\n"
    doc = clean(RawDocument(source="x.txt", text=raw, sha256=""))
    assert doc.meta == (("date", "2025-11-24"),)
    assert [p.text for p in doc.paragraphs] == ["近日，市公安局交警支队在全市范围内开展夜查行动，查处酒驾违法行为十二起。"]
    assert "晋中交警" in [p.text for p in doc.removed]


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


def test_a_line_stopping_inside_a_number_and_its_unit_is_wrapped() -> None:
    text = ("记者从市住房公积金管理中心获悉，即日起，我\n市调整住房公积金个人住房贷款政策，双职工家\n"
            "庭缴存职工首次购买自住住房的，贷款最高额度\n由50万元提高至60万元；单职工家庭由40\n万元提高至50万元。\n"
            "同时，对生育二孩、三孩的缴存家庭购买首套自\n住住房的，贷款最高额度可在上述基础上再上浮\n10万元。\n")
    assert clean_text(text).split("\n\n")[0].endswith("单职工家庭由40万元提高至50万元。")


def test_a_caption_credited_after_its_sentence_ends_before_the_next_headline() -> None:
    text = ("今年以来，县农业农村局整合植保无人\n机47架，组建专业化防治服务队15\n支，推行“农药统购、统配、统施”模\n"
            "式，减少农药使用量约12%。\n\n图为农技人员指导农户开展飞防作业。 记者 吴 芳 摄\n\n二都镇“共享菜园”盘活闲置地\n\n"
            "本报讯（通讯员 邹小红）走进二都镇\n杨坊村，房前屋后的边角地被改造成一\n块块整齐的“共享菜园”。\n")
    assert clean_text(text).split("\n\n")[1:3] == ["图为农技人员指导农户开展飞防作业。记者吴芳摄", "二都镇“共享菜园”盘活闲置地"]


def test_briefs_run_together_are_cut_into_a_headline_and_a_text_each() -> None:
    text = ("■县气象局开展人工增雨作业 6月6\n日，县气象局组织开展人工增雨作业，\n有效缓解了旱情。（黄志强）■桃陂乡\n"
            "项目通过验收 近日，桃陂乡项目通过县\n级验收。（李 敏）\n")
    assert clean_text(text).split("\n\n") == [
        "县气象局开展人工增雨作业", "6月6日，县气象局组织开展人工增雨作业，有效缓解了旱情。", "（黄志强）",
        "桃陂乡项目通过验收", "近日，桃陂乡项目通过县级验收。", "（李 敏）",
    ]


def test_a_reports_own_bulleted_points_are_not_cut_as_briefs() -> None:
    # points of one text, neither closed by a credit nor headed apart from their text, stay one paragraph
    text = "■加强组织领导，各地要压实责任。■强化督查 各地要开展检查，确保落实。\n"
    assert clean_text(text) == "■加强组织领导，各地要压实责任。■强化督查各地要开展检查，确保落实。"


def test_a_notices_signature_over_a_qr_prompt_is_kept_and_its_seal_mark_dropped() -> None:
    text = ("关于举办2024年荷花节的公告\n\n　　现将有关事项公告如下：活动定于7月1日举行。\n　　特此公告。\n\n"
            "微山县文化和旅游局\n（ 公 章 ）\n2024年6月20日\n扫码关注“微山文旅”微信公众号　了解更多活动资讯\n")
    paragraphs = clean_text(text).split("\n\n")
    assert paragraphs[-2:] == ["微山县文化和旅游局", "2024年6月20日"]


@pytest.mark.parametrize("line", [
    "┏━━━━━━━━━━━━━━┓", "  开化天气", "  22日 小雨 9～16℃", "6月14日\t晴转多云\t24℃～35℃",
    "三明天气　今天 多云转阵雨17～28℃　明天 阵雨16～25℃",
    "西平县融媒体中心广告部 承接各类广告业务 电话：0396-6261718",
    "哈密大枣　甜蜜全国 哈密瀚海枣业有限公司　订购热线：0902-2236688",
    "上一版：要闻 下一版：民生", "宜黄报社出版  社址：宜黄县凤冈镇华侨路8号", "哈密日报·周末",
    "公益广告  文明出行 礼让斑马线", "┌ 今日导读 ──────────────┐", "  2版  区消防救援支队开展夏季消防安全检查",
    "▶ 播放    00:00 / 02:15    🔊    倍速 1.0x    高清    全屏", "◀  1/5  ▶    查看原图    全屏浏览",
    "【图集】松阳春茶开采活动现场（共5张）    ◀  1/5  ▶    查看原图    全屏浏览", "［组图］茶园新貌（共8张）  ◁ 2 / 8 ▷",
    "共128条记录  首页  上一页  1  2  3  …  32  下一页  尾页  跳转到 [  ] 页", "文稿：",
    "相关解读：一图读懂《关于做好春季农业生产工作的通知》", "—— 继续阅读下一篇 ——",
    "订阅 ｜ 字号 A+ A-", "本文为学习强国陕西学习平台原创稿件", "本文系本报独家稿件，转载请注明出处。",
    "(本版第三栏下部字迹模糊，未能识别)",
])

def test_weather_boxes_adverts_and_imprints_are_chrome(line: str) -> None:
    text = f"县水利局开展汛前检查\n\n　　6月18日，县水利局组织技术人员对12座水库开展汛前安全大检查。\n\n{line}\n"
    assert clean_text(text) == "县水利局开展汛前检查\n\n6月18日，县水利局组织技术人员对12座水库开展汛前安全大检查。"


def test_an_online_interviews_greeting_is_its_text_not_a_broadcasts_chrome() -> None:
    text = ("医保服务进万家\n\n【主持人】各位网友，大家好！欢迎来到市政府网站在线访谈栏目。\n\n"
            "【何建军】主持人好，各位网友大家好！\n\n【主持人】请您介绍一下医保服务站点的建设情况。\n")
    assert "各位网友，大家好！欢迎来到市政府网站在线访谈栏目。" in clean_text(text)


def test_a_posts_bracketed_headline_is_cut_from_its_text_but_a_columns_tag_is_not() -> None:
    from archive.clean import split_post_headline
    from archive.model import Paragraph

    post = "#平安金山# 【金山街道开展防汛应急演练】9月25日上午，金山街道开展防汛应急演练。"
    assert [p.text for p in split_post_headline(Paragraph(post, 3, 3, False, (post,)))] == [
        "【金山街道开展防汛应急演练】", "9月25日上午，金山街道开展防汛应急演练。"]
    for text in ("【警情通报】7月8日，某县发生一起交通事故。", "【乡村振兴进行时】近日，某镇召开推进会。"):
        assert [p.text for p in split_post_headline(Paragraph(text, 3, 3, False, (text,)))] == [text]


def test_a_reply_addressed_to_a_member_and_signed_keeps_its_address_and_signer_apart() -> None:
    text = ("张丽华委员：\n您提出的《关于加强祁连山北麓生态修复的\n提案》收悉，现答复如下：今年以来，我局实\n"
            "施退化草原修复12万亩，完成人工造林3.6万\n亩。下一步，我局将继续加强与市政协的沟通\n联系，推动生态修复工作提质增效。\n"
            "办理结果：A（所提问题已经解决或基本解决）\n酒泉市林业和草原局\n2025年6月18日\n")
    assert clean_text(text).split("\n\n") == [
        "张丽华委员：",
        "您提出的《关于加强祁连山北麓生态修复的提案》收悉，现答复如下：今年以来，我局实施退化草原修复12万亩，完成人工造林3.6万亩。"
        "下一步，我局将继续加强与市政协的沟通联系，推动生态修复工作提质增效。",
        "办理结果：A（所提问题已经解决或基本解决）", "酒泉市林业和草原局", "2025年6月18日"]


def test_a_year_in_chinese_numerals_with_arabic_zeros_is_read_with_its_ling() -> None:
    from archive.clean import ocr_dates

    assert ocr_dates("二00九年五月六日") == "二〇〇九年五月六日"
    assert ocr_dates("二0二三年") == "二〇二三年"
    for kept in ("2009年5月6日", "共20年", "第10号"):  # Arabic years and counts stay as they are
        assert ocr_dates(kept) == kept


def test_a_posts_credits_block_is_metadata_with_its_text_and_pictures_credit() -> None:
    text = ("县妇联举办家政培训\n\n近日，州妇联在新街镇举办家政培训班，86名农村妇女参加。\n\n"
            "图文：元阳县妇联\n编辑：杨思琪\n终审：马晓红\n")
    assert clean_text(text) == "县妇联举办家政培训\n\n近日，州妇联在新街镇举办家政培训班，86名农村妇女参加。"
    doc = clean(RawDocument(source="post.txt", text=text, sha256="0"))
    assert ("图文", "元阳县妇联") in doc.meta  # who made the text and pictures: the post's metadata
