"""ingest.py: encodings, line ends, web pages, junk files, links and duplicates."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from archive import ingest as ingest_mod
from archive.ingest import (
    IngestError,
    decode_bytes,
    decode_html,
    drop_duplicates,
    html_to_text,
    ingest,
    read_raw,
)
from tests.conftest import ROOT

SIMPLIFIED = (
    "省生态环境厅召开全省大气污染防治工作推进会，通报今年以来空气质量改善情况。"
    "会议要求，各市要聚焦重点行业，加强秋冬季污染治理，确保完成年度目标任务。"
)
TRADITIONAL = (
    "行政院環境保護署今日公布空氣品質監測結果，指出中南部地區懸浮微粒濃度仍然偏高。"
    "環保署表示，將與地方政府合作加強工廠稽查，並鼓勵民眾多利用大眾運輸工具。"
)
SAMPLE = sorted((ROOT / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (SIMPLIFIED, "utf-8", "utf-8"),
        (SIMPLIFIED, "utf-8-sig", "utf-8-sig"),
        (SIMPLIFIED, "utf-16", "utf-16-le"),
        (SIMPLIFIED, "utf-32", "utf-32-le"),
        (SIMPLIFIED, "gb18030", "gb18030"),
        ("市政府召开常务会议。Café résumé naïve.", "gb18030", "gb18030"),
        (SIMPLIFIED, "gbk", "gb18030"),
        (SIMPLIFIED, "gb2312", "gb18030"),
        (SAMPLE, "gbk", "gb18030"),
        (TRADITIONAL, "big5", "big5"),
        (TRADITIONAL, "utf-8", "utf-8"),
        (TRADITIONAL + "\n" + TRADITIONAL, "big5", "big5"),
    ],
)
def test_decodes_each_encoding_to_the_same_text(text: str, codec: str, expected: str) -> None:
    got, used = decode_bytes(text.encode(codec))
    assert got == text
    assert used == expected


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_decodes_utf16_without_a_byte_order_mark(codec: str) -> None:
    text = SIMPLIFIED + "\n2023年5月12日\n"
    got, used = decode_bytes(text.encode(codec))
    assert got == text
    assert used.replace("_", "-").lower() == codec


def test_big5_is_not_mistaken_for_gb18030_although_gb18030_accepts_it() -> None:
    data = TRADITIONAL.encode("big5")
    data.decode("gb18030")  # decodes without error, into nonsense
    assert decode_bytes(data) == (TRADITIONAL, "big5")


def test_an_undecidable_encoding_is_a_clear_error() -> None:
    data = b"\xb0\xa1\xbe\xbd"  # two characters that read as plausible GB2312 and as plausible Big5
    with pytest.raises(IngestError, match="cannot tell the text encoding: .*gb18030.*big5|big5.*gb18030"):
        decode_bytes(data)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (bytes(range(256)) * 4, "binary"),
        (b"%PDF-1.7\n" + b"x" * 50, "PDF"),
        (b"\x89PNG\r\n\x1a\n" + b"x" * 50, "PNG"),
        (b"PK\x03\x04" + b"x" * 50, "ZIP"),
        (b"abc\x01\x02\x03\x04\x05\x06\x07\x08def" * 10, "control characters"),
        (b"\xef\xbb\xbf\xff\xfe\xfa", "byte-order mark"),
    ],
)
def test_binary_and_broken_files_are_refused_with_a_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    with pytest.raises(IngestError, match=reason):
        read_raw(path, "x.txt")


@pytest.mark.parametrize(("data", "reason"), [(b"", "empty"), (b" \n\t\r\n", "blank"), ("\u3000\n".encode(), "blank")])
def test_empty_and_blank_files_are_refused(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    with pytest.raises(IngestError, match=reason):
        read_raw(path, "x.txt")


def test_too_large_files_are_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_mod, "MAX_BYTES", 100)
    path = tmp_path / "x.txt"
    path.write_bytes(SIMPLIFIED.encode())
    with pytest.raises(IngestError, match="too large"):
        read_raw(path, "x.txt")


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n", "\u2028"])
def test_line_ends_become_newlines(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(newline.join(["第一行，", "第二行。", "", "第三行。"]).encode())
    assert read_raw(path, "x.txt").text == "第一行，\n第二行。\n\n第三行。"


def test_html_keeps_inline_markup_on_one_line_and_blocks_apart() -> None:
    text = html_to_text(
        "<html><body><h1>市<b>交通</b>局</h1><p>第一段<em>强调</em>，\n续行。<br>换行</p>"
        "<ul><li>甲</li><li>乙</li></ul><table><tr><td>丙</td><td>丁</td></tr></table></body></html>"
    )
    lines = [line for line in text.split("\n") if line]
    # a table row is one line of tab-separated cells (clean.table_rows reads it)
    assert lines == ["市交通局", "第一段强调， 续行。", "换行", "甲", "乙", "丙\t丁"]


def test_html_drops_what_a_reader_never_sees() -> None:
    text = html_to_text(
        "<head><title>标题栏</title><style>p{}</style></head><body><script>var a='脚本';</script>"
        "<!-- 注释 --><p hidden>隐藏一</p><div style='display:none'>隐藏二</div><span aria-hidden='true'>隐藏三</span>"
        "<noscript>无脚本</noscript><template>模板</template><svg><text>图形</text></svg><p>可见</p></body>"
    )
    assert text.strip() == "可见"


def test_html_entities_become_text_not_markup() -> None:
    assert html_to_text("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ x }}</p>").strip() == "<script>alert(1)</script> & {{ x }}"


def test_html_preformatted_text_keeps_its_lines() -> None:
    assert html_to_text("<pre>第一行\n第二行</pre>").strip() == "第一行\n第二行"


def test_deeply_nested_html_does_not_overflow() -> None:
    depth = 20000
    assert html_to_text("<div>" * depth + "深" + "</div>" * depth).strip() == "深"


def test_web_page_uses_its_declared_charset_when_it_fits() -> None:
    page = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>{SIMPLIFIED}</p></body></html>'
    text, codec = decode_html(page.encode("gb2312"))
    assert SIMPLIFIED in text and codec == "gb18030"


def test_web_page_with_a_wrong_declared_charset_falls_back_to_detection() -> None:
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{SIMPLIFIED}</p></body></html>'
    text, codec = decode_html(page.encode("utf-8"))
    assert SIMPLIFIED in text and codec == "utf-8"


def make_seeds(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    (seeds / "sub").mkdir(parents=True)
    (seeds / "b.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (seeds / "sub" / "a.txt").write_text(TRADITIONAL, encoding="utf-8")
    (seeds / "page.htm").write_text(f"<p>{SIMPLIFIED}。另一段。</p>", encoding="utf-8")
    (seeds / "scan.pdf").write_bytes(b"%PDF-1.4")
    (seeds / "b.meta.yaml").write_text("date: 2023-01-01\n", encoding="utf-8")
    (seeds / "orphan.meta.yaml").write_text("date: 2023-01-01\n", encoding="utf-8")
    (seeds / ".DS_Store").write_bytes(b"\x00\x00")
    (seeds / ".git").mkdir()
    (seeds / ".git" / "x.txt").write_text("不应读取", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("外部秘密", encoding="utf-8")
    (seeds / "leak.txt").symlink_to(outside / "secret.txt")
    (seeds / "leakdir").symlink_to(outside, target_is_directory=True)
    (seeds / "rel.txt").symlink_to(Path("..") / "outside" / "secret.txt")
    (seeds / "alias.txt").symlink_to(seeds / "b.txt")
    (seeds / "loop").symlink_to(seeds, target_is_directory=True)
    (seeds / "dangling.txt").symlink_to(seeds / "missing.txt")
    os.mkfifo(seeds / "fifo.txt")
    return seeds


def test_ingest_reads_documents_in_order_and_names_everything_else(tmp_path: Path) -> None:
    docs, notices = ingest(make_seeds(tmp_path))
    assert [d.source for d in docs] == ["alias.txt", "b.txt", "page.htm", "sub/a.txt"]
    assert docs[2].kind == "html" and "另一段" in docs[2].text
    named = {n.source: (n.level, n.message) for n in notices}
    assert named["leak.txt"][0] == "skip" and "outside the seeds folder" in named["leak.txt"][1]
    assert named["rel.txt"][0] == "skip" and "outside the seeds folder" in named["rel.txt"][1]
    assert named["leakdir"][0] == "skip" and "outside the seeds folder" in named["leakdir"][1]
    assert named["loop"][0] == "info" and "not followed" in named["loop"][1]
    assert named["dangling.txt"] == ("skip", "broken symbolic link")
    assert named["fifo.txt"][0] == "skip" and "not a regular file" in named["fifo.txt"][1]
    assert named["scan.pdf"][0] == "skip" and ".pdf" in named["scan.pdf"][1]
    assert named[".DS_Store"][0] == "info" and named[".git"][0] == "info"
    assert "b.meta.yaml" not in named  # a sidecar is read with its document
    assert named["orphan.meta.yaml"] == ("info", "metadata file with no document beside it: not used")
    assert all("外部秘密" not in d.text for d in docs)


def test_ingest_names_files_with_undecodable_names_safely(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    with open(os.fsencode(seeds) + b"/\xff\xfebad\n.txt", "wb") as f:
        f.write(SIMPLIFIED.encode())
    docs, notices = ingest(seeds)
    assert not notices
    (doc,) = docs
    assert doc.source == "\ufffd\ufffdbad\ufffd.txt"
    doc.source.encode("utf-8")  # printable and valid UTF-8: safe for JSON, YAML and pages


def test_duplicates_by_bytes_and_by_text_are_dropped_and_named(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(SIMPLIFIED + "\n", encoding="utf-8")
    (seeds / "b.txt").write_text(SIMPLIFIED + "\n", encoding="utf-8")
    (seeds / "c.txt").write_bytes((SIMPLIFIED + "\r\n").encode("gb18030"))
    (seeds / "d.txt").write_bytes((SIMPLIFIED + "  \n").encode("utf-16"))
    (seeds / "e.txt").write_text(SIMPLIFIED + "另有一句。\n", encoding="utf-8")
    docs, _ = ingest(seeds)
    unique, notices = drop_duplicates(docs)
    assert [d.source for d in unique] == ["a.txt", "e.txt"]
    assert [(n.source, n.level) for n in notices] == [("b.txt", "warning"), ("c.txt", "warning"), ("d.txt", "warning")]
    assert "same bytes as a.txt" in notices[0].message
    assert "same text as a.txt" in notices[1].message and "same text as a.txt" in notices[2].message


def test_a_data_table_in_html_becomes_tab_separated_rows_and_a_layout_table_does_not() -> None:
    from archive.ingest import html_to_text

    markup = ("<html><body><table><tr><th>指标</th><th>单位</th><th>数值</th></tr>"
              "<tr><td>地区生产总值</td><td>亿元</td><td>156.3</td></tr></table>"
              "<table><tr><td><div>导航</div></td><td><p>正文内容</p></td></tr></table></body></html>")
    assert html_to_text(markup).split("\n\n") == ["指标\t单位\t数值", "地区生产总值\t亿元\t156.3", "导航", "正文内容\n"]
