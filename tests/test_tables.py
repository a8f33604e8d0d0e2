"""Space-aligned tables: found by clean.table_rows, kept as rows of cells in the text (tabs), written as
a Markdown table in the content file, read back unchanged and rendered as an HTML table."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from archive.clean import clean_text, table_rows
from archive.content import from_markdown, markdown_to_text
from archive.extract import md_table
from archive.pipeline import BuildConfig, build
from archive.render import markdown

TABLE_PAGE = """宁阳县统计局
2022年上半年全县经济运行情况

　　上半年，全县经济运行总体平稳，主要指标见下表。

指标名称            单位      绝对值      增长（%）
地区生产总值        亿元      156.3       4.8
固定资产投资        —         —           9.6
一般公共预算收入    亿元      8.42        12.1

　　下一步，全县将继续巩固经济回升向好态势，确保完成全年目标任务。
"""


def lines(text: str) -> list[tuple[int, str, bool]]:
    return [(n, t.strip(), False) for n, t in enumerate(text.split("\n"), start=1) if t.strip()]


def test_rows_of_aligned_cells_are_a_table_and_their_numbers_stay_apart() -> None:
    rows = table_rows(lines(TABLE_PAGE))
    assert sorted(rows) == [6, 7, 8, 9]
    assert rows[7] == ["地区生产总值", "亿元", "156.3", "4.8"]
    text = clean_text(TABLE_PAGE)
    assert "地区生产总值\t亿元\t156.3\t4.8" in text.split("\n\n")
    assert "156.34.8" not in text  # the join of spaced digits never runs across cells


def test_lines_that_are_not_tables_are_left_alone() -> None:
    letter_spaced = "领  导  干  部\n带  头  示  范"  # one-character cells: a letter-spaced headline
    assert table_rows(lines(letter_spaced)) == {}
    one_row = "联系人：张三    电话：0538-5621234    邮编：271400"  # a single row is no table
    assert table_rows(lines(one_row)) == {}
    prose = "全县共有企业  120家，其中规上企业  36家。\n同比增长  5%，增速  居全市第一。"  # sentences
    assert table_rows(lines(prose)) == {}


def test_a_table_round_trips_through_its_markdown() -> None:
    rows = ["指标名称\t单位\t绝对值", "地区生产总值\t亿元\t156.3", "注|说明\t-1.5*"]
    body = "上半年经济平稳。\n\n" + md_table(rows) + "\n\n下一步继续努力。"
    assert markdown_to_text(body) == "\n\n".join(["上半年经济平稳。", *rows, "下一步继续努力。"])
    html = BeautifulSoup(markdown().render(body), "html.parser")
    table = html.select_one(".table-wrap table")
    assert table is not None
    assert [th.get_text() for th in table.select("thead th")] == ["指标名称", "单位", "绝对值"]
    assert [td.get_text() for td in table.select("tbody tr")[1].select("td")] == ["注|说明", "-1.5*", ""]


def test_a_built_report_keeps_its_table(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "stats.txt").write_text(TABLE_PAGE, encoding="utf-8")
    build(BuildConfig(seeds=seeds, content=tmp_path / "content", out=tmp_path / "site", search=False))
    (report,) = json.loads((tmp_path / "site" / "data" / "reports.json").read_text(encoding="utf-8"))["reports"]
    assert "一般公共预算收入\t亿元\t8.42\t12.1" in report["text"].split("\n\n")
    (path,) = (tmp_path / "content").rglob("*.md")
    stored = from_markdown(path.read_text(encoding="utf-8"), str(path))
    assert stored.text == report["text"]
    assert "| 地区生产总值 | 亿元 | 156.3 | 4.8 |" in stored.body
    page = BeautifulSoup((tmp_path / "site" / report["url"].strip("/") / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert len(page.select(".report-body table tbody tr")) == 3


def test_a_two_character_name_padded_to_its_column_stays_one_cell() -> None:
    lines = [(1, "名次      投标人名称            项目经理    得分", False),
             (2, "第一名    安徽皖西路桥有限公司  程立军      93.46", False),
             (3, "第二名    六安市恒通工程公司    方  伟      91.82", False)]
    rows = table_rows(lines)
    assert rows[3] == ["第二名", "六安市恒通工程公司", "方伟", "91.82"]
    assert all(len(cells) == 4 for cells in rows.values())
