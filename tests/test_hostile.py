"""A hostile corpus: the samples plus odd encodings, web pages, junk, duplicates, markup and escaping links.

The build must exit 0, read every readable file, name every skipped one, publish no markup
and nothing from outside seeds/, keep template syntax literally and leave the samples'
reports exactly as a build of the samples alone makes them; --strict must exit non-zero.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from archive.cli import main
from archive.content import from_markdown
from tests.conftest import FIXTURES, ROOT

HOSTILE = FIXTURES / "hostile"
SECRET = "绝密外部文件不应发布"
TRAD = (
    "臺北市政府教育局今日召開記者會，說明明年度學校營養午餐補助的調整方案。"
    "教育局表示，補助金額將依照物價指數逐年檢討，並優先照顧偏遠地區與經濟弱勢家庭的學生。"
    "多位家長代表出席會議，對新方案表示肯定，也希望主管機關加強食材來源的查核工作。"
)
SIMPLE = (
    "县农业农村局组织技术人员深入田间地头，指导农户做好春耕备耕工作。"
    "技术人员现场讲解了良种选择、科学施肥和病虫害防治等知识，发放宣传资料三百余份。"
)

# every readable file and a phrase of its text that must be published
READABLE = {
    "big5_traditional.txt": "營養午餐補助",
    "utf16_bom.txt": "深入田间地头",
    "utf16_no_bom.txt": "城乡环境整治",
    "crlf.txt": "防汛抗旱",
    "cr_only.txt": "秋粮收购",
    "gbk_page.htm": "老旧小区改造",
    "markup.txt": "疫情防控工作",
    "page.html": "城乡公交一体化推进会",
    "报道 副本 (1).txt": "图书馆延长开放时间",
    "<img src=x onerror=alert(1)>.txt": "文物保护单位",
    "长" * 80 + ".txt": "垃圾分类",
    "nested/folder/deep.md": "河长制",
    "link_inside.txt": "营养午餐补助",  # a link to a file inside seeds/: read, then a duplicate
}
SKIPPED = {
    "empty.txt": "empty",
    "blank.txt": "blank",
    "binary.txt": "binary",
    "fake.txt": "PDF",
    "scan.pdf": "unsupported file type .pdf",
    "photo.JPG": "unsupported file type .jpg",
    "noext": "unsupported file type (no suffix)",
    "passwd.txt": "outside the seeds folder",
    "outside_dir": "outside the seeds folder",
    "pipe.txt": "not a regular file",
    "broken.txt": "broken symbolic link",
}


def write_hostile_seeds(seeds: Path, outside: Path) -> None:
    """Copy the samples and the committed hostile files, then make the files git cannot hold well."""
    shutil.copytree(ROOT / "seeds", seeds)
    for f in sorted(HOSTILE.iterdir()):
        shutil.copy(f, seeds / f.name)
    first = sorted((ROOT / "seeds").glob("*.txt"))[0]
    (seeds / "copy_of_first.txt").write_bytes(first.read_bytes())
    (seeds / "first_in_gb18030.txt").write_bytes(first.read_text(encoding="utf-8").encode("gb18030"))
    (seeds / "big5_traditional.txt").write_bytes(TRAD.encode("big5"))
    (seeds / "utf16_bom.txt").write_bytes(SIMPLE.encode("utf-16"))
    (seeds / "utf16_no_bom.txt").write_bytes(
        "市住房和城乡建设局部署城乡环境整治工作，要求各镇街在本月底前完成排查。\n会议强调，要坚持问题导向。\n".encode("utf-16-le")
    )
    (seeds / "crlf.txt").write_bytes("市水利局召开防汛抗旱工作会议，安排部署汛前检查。\r\n会议要求各地落实责任。\r\n".encode())
    (seeds / "cr_only.txt").write_bytes("市粮食和物资储备局启动秋粮收购工作，确保农民售粮顺畅。\r会议要求优化服务。\r".encode())
    (seeds / "gbk_page.htm").write_bytes(
        '<html><head><meta charset="gbk"><title>页面</title></head><body><p>区住房和城乡建设局加快推进老旧小区改造，'
        "今年计划改造小区四十个。</p><p>改造内容包括管网更新、加装电梯和停车设施建设。</p></body></html>".encode("gbk")
    )
    (seeds / "报道 副本 (1).txt").write_text("市文化和旅游局宣布，市图书馆延长开放时间，方便市民夜间阅读。\n", encoding="utf-8")
    (seeds / "<img src=x onerror=alert(1)>.txt").write_text("市文物局公布第一批市级文物保护单位名单，共计二十处。\n", encoding="utf-8")
    (seeds / ("长" * 80 + ".txt")).write_text("市城市管理局全面推行垃圾分类，居民小区分类投放设施覆盖率达到九成。\n", encoding="utf-8")
    (seeds / "nested" / "folder").mkdir(parents=True)
    (seeds / "nested" / "folder" / "deep.md").write_text("县水利局全面落实河长制，巡河发现问题当日交办。\n", encoding="utf-8")
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "blank.txt").write_bytes(" \n\t\r\n\u3000\n".encode())
    (seeds / "binary.txt").write_bytes(bytes(range(256)) * 16)
    (seeds / "fake.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (seeds / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (seeds / "photo.JPG").write_bytes(b"\xff\xd8\xff\xe0")
    (seeds / "noext").write_text("没有后缀的文件。", encoding="utf-8")
    (seeds / ".hidden.txt").write_text("隐藏文件。", encoding="utf-8")
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET}，这是外部文件的内容。\n", encoding="utf-8")
    (seeds / "passwd.txt").symlink_to(outside / "secret.txt")
    (seeds / "outside_dir").symlink_to(outside, target_is_directory=True)
    (seeds / "broken.txt").symlink_to(seeds / "does-not-exist.txt")
    (seeds / "link_inside.txt").symlink_to(seeds / "big5_traditional.txt")
    os.mkfifo(seeds / "pipe.txt")
    bad_name = os.fsencode(seeds) + b"/bad-\xff\xfe-name.txt"
    with open(bad_name, "wb") as f:
        f.write("市统计局发布季度经济数据，全市生产总值同比增长。\n".encode())


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Build the hostile corpus once (with search) and once more with --strict."""
    tmp = tmp_path_factory.mktemp("hostile")
    seeds = tmp / "seeds"
    write_hostile_seeds(seeds, tmp / "outside")
    code = main(["--seeds", str(seeds), "--content", str(tmp / "content"), "--out", str(tmp / "site"), "--base-url", "/"])
    strict = main(["--seeds", str(seeds), "--content", str(tmp / "c2"), "--out", str(tmp / "s2"), "--strict", "--no-search"])
    report = json.loads((tmp / "site" / "data" / "build-report.json").read_text(encoding="utf-8"))
    data = json.loads((tmp / "site" / "data" / "reports.json").read_text(encoding="utf-8"))
    return {"tmp": tmp, "site": tmp / "site", "content": tmp / "content", "code": code, "strict": strict,
            "report": report, "reports": data["reports"]}


def test_build_exits_zero_and_strict_does_not(hostile) -> None:
    assert hostile["code"] == 0
    assert hostile["strict"] == 1


def test_every_readable_file_is_read_and_published(hostile) -> None:
    read = set(hostile["report"]["read"])
    texts = {}
    for r in hostile["reports"]:
        texts[r["source"]] = texts.get(r["source"], "") + r["title"] + r["text"]
    for name, phrase in READABLE.items():
        assert name in read, name
        if name != "link_inside.txt":
            assert phrase in texts.get(name, ""), (name, texts.get(name))
    assert any("市统计局发布季度经济数据" in t for t in texts.values())
    assert any(s.startswith("bad-") and "\ufffd" in s for s in read)


def test_every_skipped_file_is_named_with_its_reason(hostile, capsys) -> None:
    notices = hostile["report"]["notices"]
    for name, reason in SKIPPED.items():
        found = [n for n in notices if n["source"] == name and n["level"] == "skip"]
        assert found, name
        assert reason.lower() in found[0]["message"].lower(), (name, found)
    assert any(n["source"] == ".hidden.txt" and n["level"] == "info" for n in notices)
    files = {f["source"]: f for f in hostile["report"]["files"]}
    for name in SKIPPED:
        assert files[name]["status"] == "skipped"
    for name in READABLE:
        assert files[name]["status"] in ("read", "duplicate")


def test_duplicates_are_published_once_and_named(hostile) -> None:
    notices = {n["source"]: n["message"] for n in hostile["report"]["notices"] if n["message"].startswith("duplicate")}
    first = sorted((ROOT / "seeds").glob("*.txt"))[0].name
    assert f"same bytes as {first}" in notices["copy_of_first.txt"]
    assert f"same text as {first}" in notices["first_in_gb18030.txt"]
    assert "big5_traditional.txt" in notices["link_inside.txt"]
    sources = {r["source"] for r in hostile["reports"]}
    assert not sources & {"copy_of_first.txt", "first_in_gb18030.txt", "link_inside.txt"}


def test_nothing_from_outside_seeds_is_published(hostile) -> None:
    for folder in (hostile["site"], hostile["content"]):
        for f in folder.rglob("*"):
            if f.is_file():
                assert SECRET.encode() not in f.read_bytes(), f


def test_samples_publish_exactly_as_alone(hostile, built) -> None:
    _, alone = built
    mine = {(r["source"], r["title"], r["text"], r["agency"], r["date"]) for r in hostile["reports"]}
    for r in alone.reports:
        assert (r.source, r.title, r.text, r.agency, r.date) in mine, r.title


SAFE_SCHEMES = ("", "http", "https", "mailto")


def test_no_markup_from_documents_reaches_a_page(hostile) -> None:
    site = hostile["site"]
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in doc.find_all(True):
            if tag.name == "svg" and tag.get("aria-labelledby") == "timeline-title":
                continue  # the home page's timeline chart, drawn by the build
            assert tag.name not in ("img", "iframe", "object", "embed", "style", "base", "svg", "math"), (page, tag)
            for attr, value in tag.attrs.items():
                assert not attr.lower().startswith("on"), (page, tag)
                if attr in ("href", "src", "action"):
                    assert urlsplit(str(value).strip()).scheme.lower() in SAFE_SCHEMES, (page, tag)
        for script in doc.find_all("script"):
            assert script.get("src") or not script.string or "alert" not in script.string, page
            if script.get("src"):
                assert urlsplit(script["src"]).netloc == "", page


def report_page(hostile, source: str) -> BeautifulSoup:
    r = next(r for r in hostile["reports"] if r["source"] == source)
    path = hostile["site"] / r["url"].strip("/") / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_markup_and_template_syntax_stay_literal_text(hostile) -> None:
    page = report_page(hostile, "markup.txt")
    text = page.find("main").get_text()
    for literal in ('<script>alert', "</script>", "{{ config.items() }}", "{% for x in range(3) %}",
                    "{# 注释 #}", "<img src=x onerror=alert(1)>", "[危险链接](javascript:alert(3))",
                    "<javascript:alert(4)>", "# 这不是标题", "`这不是代码`", "&lt;b&gt;实体&amp;保持原样&lt;/b&gt;"):
        assert literal in text, literal
    main_html = str(page.find("main"))
    assert "javascript:" not in "".join(str(a.get("href")) for a in page.find_all("a"))
    assert "<script>alert" not in main_html
    assert not page.find("main").find(["h2", "blockquote", "ol", "ul", "code"], string=lambda s: s and "这不是" in s)


def test_front_matter_in_a_document_is_not_interpreted(hostile) -> None:
    kept = []
    for f in sorted(hostile["content"].glob("*.md")):
        text = f.read_text(encoding="utf-8")
        r = from_markdown(text, str(f))
        assert "layout" not in dict(r.extra), f
        assert r.title != "伪造的标题"
        if r.source == "markup.txt":
            kept.append(text)
    assert any("伪造的标题" in t for t in kept)  # kept as words of the report, not as its metadata


def test_web_pages_yield_visible_text_only(hostile) -> None:
    text = "".join(r["title"] + r["text"] for r in hostile["reports"] if r["source"] == "page.html")
    for hidden in ("网页标题不应出现", "脚本文字不应出现", "样式文字", "隐藏段落不应出现", "也不应出现", "注释不应出现", "请启用脚本"):
        assert hidden not in text, hidden
    assert "市交通运输局推进城乡公交一体化" in text  # inline <b> does not break the line


def test_build_report_page_lists_every_file(hostile) -> None:
    page = BeautifulSoup((hostile["site"] / "build" / "index.html").read_text(encoding="utf-8"), "html.parser")
    main_part = page.find("main")
    named = {c.get_text() for c in main_part.find_all("code")}
    assert named == {f["source"] for f in hostile["report"]["files"]}
    assert "<img src=x onerror=alert(1)>.txt" in named  # shown as text, not parsed as an element
    skipped = {li.find("code").get_text() for li in main_part.select("#skipped + ul > li")}
    assert skipped == set(SKIPPED)
    read_rows = {row.find("code").get_text() for row in main_part.select("table.build-report tbody tr")}
    assert set(READABLE) <= read_rows and not read_rows & set(SKIPPED)
    data_page = BeautifulSoup((hostile["site"] / "data" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert any(a["href"].endswith("/build/") for a in data_page.find_all("a"))


def test_ids_and_file_names_are_safe(hostile) -> None:
    for r in hostile["reports"]:
        assert r["id"].isalnum() and r["id"].isascii(), r["id"]
    for f in hostile["content"].iterdir():
        assert f.name.isascii() and "/" not in f.name
    for f in hostile["site"].rglob("*"):
        rel = f.relative_to(hostile["site"]).as_posix()
        assert ".." not in rel.split("/") and "<" not in rel, rel


def test_a_file_a_rule_crashes_on_is_skipped_and_the_rest_still_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from archive import pipeline

    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    (seeds / "zz_crash.txt").write_text("市统计局发布季度经济数据，全市生产总值同比增长。\n", encoding="utf-8")
    real = pipeline.process_document

    def crashing(doc, supplied):
        if doc.source == "zz_crash.txt":
            raise IndexError("list index out of range")
        return real(doc, supplied)

    monkeypatch.setattr(pipeline, "process_document", crashing)
    result = pipeline.build(pipeline.BuildConfig(seeds, tmp_path / "content", tmp_path / "site", search=False))
    (notice,) = [n for n in result.notices if n.source == "zz_crash.txt"]
    assert notice.level == "skip" and "IndexError" in notice.message
    assert {r.source for r in result.reports} == {p.name for p in (ROOT / "seeds").glob("*.txt")}
    assert result.failed_strict


@pytest.mark.browser
def test_search_results_show_hostile_text_as_text(hostile) -> None:
    """Search the hostile build in Chromium: the markup report is found, nothing runs, no element is injected."""
    import functools
    import http.server
    import threading

    from tests.conftest import CHROMIUM_ARGS as ARGS
    from tests.conftest import Quiet, chromium_path

    exe = chromium_path()
    if exe is None:
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(hostile["site"])))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    dialogs: list[str] = []
    markup = next(r for r in hostile["reports"] if r["source"] == "markup.txt")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=exe, args=ARGS)
            page = browser.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for q in ("这不是代码", "疫情防控工作", "文档里的脚本"):
                page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/search/?q={q}")
                page.wait_for_selector("#search-results li")
                tags = page.evaluate("() => [...document.querySelectorAll('#search-results *')].map(e => e.tagName.toLowerCase())")
                assert set(tags) <= {"li", "a", "span", "p", "mark"}, (q, set(tags))
                assert markup["title"] in page.locator("#search-results li a").all_inner_texts(), q
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}" + markup["url"])
            assert page.locator("main img, main iframe, main script").count() == 0
            browser.close()
    finally:
        httpd.shutdown()
    assert dialogs == []
