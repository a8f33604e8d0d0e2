"""Browsing the built archive: report pages, provenance, agencies, dates, checks, feeds, sitemap."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from hypothesis import example, given
from hypothesis import strategies as st

from archive import keywords as keywords_module
from archive.agency_tree import agency_tree, place_of
from archive.cite import apa, gbt7714
from archive.keywords import keywords, related_reports
from archive.model import Report
from archive.pipeline import BuildConfig, build
from archive.provenance import aligned_segments, diff_segments
from archive.render import date_words
from archive.timeline import months_between, timeline

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def report(**kw) -> Report:
    base = {"id": "x1", "source": "a.txt", "title": "标题", "body": "正文。", "text": "正文。"}
    return Report(**{**base, **kw})


# --- units -----------------------------------------------------------------------------------------------


def test_date_words_give_precision_and_basis() -> None:
    assert date_words(report(date="2020-03", date_precision="month", date_basis="inferred")) == "2020年3月，据正文推断"
    assert date_words(report(date="2022-12-05", date_basis="dateline")) == "2022年12月5日，据电头"
    assert date_words(report(date="--09", date_basis="inferred")) == "9月（年份不详），据正文推断"
    assert date_words(report()) == "日期不详"


def test_citations_follow_gbt7714_and_apa() -> None:
    r = report(title="凝聚力量", agency="聊城市政协", date="2022-12-05", source_meta=(("publication", "聊城日报"),))
    assert gbt7714(r, "https://x.org/r/", "2026-01-02", "档案") == \
        "聊城市政协. 凝聚力量[N/OL]. 聊城日报, 2022-12-05[2026-01-02]. https://x.org/r/."
    assert apa(r, "https://x.org/r/", "档案") == "聊城市政协. (2022, December 5). 凝聚力量. 聊城日报. 档案. https://x.org/r/"
    undated = report(title="无日期")
    assert "[EB/OL]" in gbt7714(undated, "u", "", "档案") and "(n.d.)" in apa(undated, "u", "档案")
    assert apa(report(date="2020-03"), "u", "档案").startswith("档案. (2020, March).")


def test_agency_names_stay_whole_in_keywords() -> None:
    text = "山东省卫生健康委员会召开会议。山东省卫生健康委员会部署疫情防控，要求各地落实核酸检测。" * 3
    words = keywords(text)
    assert "山东省卫生健康委员会" in words
    assert not {"卫生", "健康委员会"} & set(words)


def archive_texts() -> list[str]:
    """Every raw sample and fixture text, cleaned: the kinds of text keywords are cut from."""
    from archive.clean import clean
    from archive.ingest import ingest

    root = Path(__file__).resolve().parent.parent
    texts = []
    for folder in (root / "seeds", *sorted((root / "tests" / "fixtures").iterdir())):
        docs, _ = ingest(folder)
        texts.extend(p.text for d in docs for p in clean(d).paragraphs)
    return texts


def test_keyword_cutter_cuts_like_jieba() -> None:
    # keywords are cut by rjieba for speed; it must give exactly jieba's dictionary-only words
    from archive.keywords import extractor, reference_tokenizer

    fast, jieba_tokenizer = extractor().tokenizer, reference_tokenizer()
    texts = archive_texts()
    assert len(texts) > 400
    for text in texts:
        assert list(fast.cut(text)) == list(jieba_tokenizer.cut(text, HMM=False)), text


def test_keywords_are_jiebas_tf_idf() -> None:
    # TfIdf re-does jieba.analyse.TFIDF.extract_tags without importing jieba.analyse: same table, same weights, same order
    import jieba.analyse

    from archive.keywords import JIEBA_STOP_WORDS, extractor, read_idf

    ours = extractor()
    theirs = jieba.analyse.TFIDF()
    assert JIEBA_STOP_WORDS == jieba.analyse.TFIDF.STOP_WORDS
    assert (ours.idf_freq, ours.median_idf) == (theirs.idf_freq, theirs.median_idf)
    assert read_idf(Path(theirs.idf_loader.path)) == (theirs.idf_freq, theirs.median_idf)
    theirs.tokenizer, theirs.stop_words = ours.tokenizer, ours.stop_words
    texts = archive_texts()
    texts += [f"{a}\n{a}\n{b}" for a, b in itertools.pairwise(texts)]  # titles counted twice, longer texts, more ties
    for text in texts:
        for n in (3, 24, 0):
            assert ours.extract_tags(text, topK=n) == theirs.extract_tags(text, topK=n), text


def test_jieba_is_loaded_only_to_cut_texts() -> None:
    # importing jieba.analyse takes about a second: a build that needs no new keywords must not pay it
    import subprocess
    import sys

    code = "import sys, archive.pipeline, archive.render; print(sorted(m for m in ('jieba', 'rjieba') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_related_reports_share_agencies_or_places() -> None:
    a = report(id="a", agencies=("聊城市政协",), places=("聊城市",))
    b = report(id="b", agencies=("聊城市政协",))
    c = report(id="c", agencies=("青岛海关",), places=("青岛市",))
    rel = related_reports([a, b, c], {})
    assert rel["a"] == [b] and rel["c"] == []


def plain_related(reports: list[Report], words: dict[str, tuple[str, ...]], max_shared: int, n: int) -> dict[str, list[str]]:
    """related_reports as first written: every shared feature adds its weight, one posting at a time."""
    weights = {"agency": 3, "place": 2, "keyword": 1}
    features = {r.id: {("agency", a) for a in r.agencies} | {("place", p) for p in r.places}
                | {("keyword", k) for k in words.get(r.id, ())} for r in reports}
    out = {}
    for r in reports:
        scores: dict[str, int] = {}
        for f in features[r.id]:
            ids = [o.id for o in reports if f in features[o.id]]
            if len(ids) <= max_shared:
                for other in ids:
                    if other != r.id:
                        scores[other] = scores.get(other, 0) + weights[f[0]]
        out[r.id] = [o for _, o in sorted((-s, o) for o, s in scores.items() if s >= 2)[:n]]
    return out


NAMES = st.lists(st.sampled_from(["甲", "乙", "丙", "丁"]), max_size=3, unique=True).map(tuple)


@given(st.lists(st.tuples(NAMES, NAMES, NAMES), max_size=12), st.integers(1, 6), st.integers(1, 4))
def test_related_reports_add_the_weights_of_what_they_share(specs: list[tuple[tuple[str, ...], ...]], max_shared: int, n: int) -> None:
    reports = [report(id=f"r{i}", agencies=a, places=p) for i, (a, p, _) in enumerate(specs)]
    words = {f"r{i}": k for i, (_, _, k) in enumerate(specs)}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(keywords_module, "MAX_SHARED", max_shared)
        got = related_reports(reports, words, n=n)
    assert {rid: [o.id for o in rs] for rid, rs in got.items()} == plain_related(reports, words, max_shared, n)


def test_agency_tree_nests_places_and_departments() -> None:
    counts = {"聊城市政协": 2, "临清市政协": 1, "山东省人民政府": 3, "山东省教育厅": 1, "国务院": 1, "区交通局": 1}
    tree = agency_tree(counts, {k: {f"{k}{i}" for i in range(v)} for k, v in counts.items()})
    names = [p.name for p in tree]
    assert names[0] == "中央" and names[-1] == "地区不详" and "山东省" in names
    shandong = tree[names.index("山东省")]
    assert [a.name for a in shandong.agencies] == ["山东省人民政府"]
    assert [c.name for c in shandong.agencies[0].children] == ["山东省教育厅"]
    liaocheng = next(p for p in shandong.places if p.name == "聊城市")
    assert [a.name for a in liaocheng.agencies] == ["聊城市政协"]
    assert [p.name for p in liaocheng.places] == ["临清市"] and liaocheng.count == 3
    assert place_of("区交通局") == ("地区不详", "unknown")


def test_timeline_has_a_bar_for_every_month_including_empty_ones() -> None:
    assert months_between("2019-11", "2020-02") == [("2019", "11"), ("2019", "12"), ("2020", "01"), ("2020", "02")]
    chart = timeline({("2020", "03"): 4, ("2020", "06"): 2})
    assert [b.count for b in chart.bars] == [4, 0, 0, 2]
    assert chart.bars[0].height == 2 * chart.bars[3].height > 0
    assert timeline({}) is None


# --- the built sample site --------------------------------------------------------------------------------


def test_report_pages_show_metadata_citation_keywords_and_neighbours(built) -> None:
    config, result = built
    for r in result.reports:
        page = soup(config.out / "reports" / r.id / "index.html")
        meta = page.select_one(".report-meta").get_text()
        assert date_words(r).split("，")[0] in meta
        links = {unquote(a["href"]) for a in page.select(".report-meta a")}
        assert {f"/agencies/{a}/" for a in r.agencies} <= links
        assert r.title in page.select_one("#cite-gbt").get_text() and r.title in page.select_one("#cite-apa").get_text()
        assert f"/reports/{r.id}/" in page.select_one("#cite-gbt").get_text()
        assert page.select(".keywords li"), r.id
        assert page.select(".prev-next a"), r.id
        toc = [a["href"] for a in page.select(".toc ol > li > a")]
        assert toc == [f"#{s.anchor}" for s in r.sections]
    dated = sorted((r for r in result.reports if r.year), key=lambda r: (r.date, r.id))
    first = soup(config.out / "reports" / dated[0].id / "index.html")
    assert not first.select('a[rel="prev"]') or dated[0].date == dated[1].date


@given(st.text(alphabet="山东省卫生健康\n 12", max_size=40), st.text(alphabet="山东省卫生健康\n 12", max_size=40))
def test_diff_segments_rebuild_both_sides(before: str, after: str) -> None:
    pieces = diff_segments(before, after)
    assert "".join(t for op, t in pieces if op != "insert") == before.replace("\n", "↵")
    assert "".join(t for op, t in pieces if op != "delete") == after.replace("\n", "↵")
    assert all(t for _, t in pieces)
    # a deletion is shown before the insertion that replaces it, never split around it
    ops = [op for op, _ in pieces]
    assert not any(a == "insert" and b == "delete" for a, b in itertools.pairwise(ops))


def test_diff_segments_mark_a_joined_line_break() -> None:
    assert diff_segments("山东\n省卫生", "山东省卫健") == (
        ("equal", "山东"), ("delete", "↵"), ("equal", "省卫"), ("delete", "生"), ("insert", "健"))


def test_source_pages_highlight_the_span_and_list_changes(built) -> None:
    config, result = built
    for r in result.reports:
        page = soup(config.out / "reports" / r.id / "source" / "index.html")
        lines = page.select(".raw-lines li")
        numbers = [int(li["value"]) for li in lines]
        first, last = r.raw_span
        assert numbers[0] <= first and numbers[-1] >= last and numbers == sorted(numbers)
        own = [li for li in lines if "own" in li["class"]]
        assert own, r.id
        assert all(first <= int(li["value"]) <= last for li in own)
        assert any(r.title[:6] in li.get_text() or li.get_text()[-12:].strip() in r.text for li in own)
        record = json.loads((config.out / "data" / "provenance" / f"{r.source}.json").read_text(encoding="utf-8"))
        span_changes = sorted((c for c in record["changes"] if first <= c["line"] <= last), key=lambda c: c["line"])
        assert len(page.select(".changes > li")) == len(span_changes)
        for li, c in zip(page.select(".changes > li"), span_changes, strict=True):
            diff = li.select_one(".diff")
            kept = "".join(x.get_text() for x in diff.children if getattr(x, "name", None) != "del")
            dropped = "".join(x.get_text() for x in diff.children if getattr(x, "name", None) != "ins")
            assert c["rule"] in li.get_text()
            assert (kept, dropped) == (c["after"].replace("\n", "↵"), c["before"].replace("\n", "↵"))


def test_provenance_records_hold_the_raw_text(built) -> None:
    config, _ = built
    for raw in sorted(config.seeds.glob("*.txt")):
        record = json.loads((config.out / "data" / "provenance" / f"{raw.name}.json").read_text(encoding="utf-8"))
        assert record["source"] == raw.name and len(record["sha256"]) == 64
        assert "\n".join(record["lines"]).strip() == raw.read_text(encoding=record["encoding"]).replace("\r\n", "\n").strip()


def test_agency_pages_list_primary_mentions_and_department_sections(built) -> None:
    config, result = built
    sections = [(r, s) for r in result.reports for s in r.sections if s.agency]
    assert sections, "the samples have a report with department sections"
    for r, s in sections:
        page = soup(config.out / "agencies" / s.agency / "index.html")
        assert page.select_one(f'a[href="/reports/{r.id}/#{s.anchor}"]'), (s.agency, s.anchor)
    for r in result.reports:
        if r.agency:
            page = soup(config.out / "agencies" / r.agency / "index.html")
            assert page.select_one(f'a[href="/reports/{r.id}/"]')
            assert (config.out / "agencies" / r.agency / "feed.xml").exists()
    tree = soup(config.out / "agencies" / "index.html")
    assert {h.get_text(" ", strip=True).split()[0] for h in tree.select("section.place > h2")} >= {"山东省"}


def test_dates_drill_down_to_days_and_collect_the_unknown(built) -> None:
    config, result = built
    unknown = soup(config.out / "dates" / "unknown" / "index.html")
    linked = {a["href"] for a in unknown.select("main a")}
    for r in result.reports:
        href = f"/reports/{r.id}/"
        if not (r.year and r.month):
            assert href in linked, r.id
            continue
        month = soup(config.out / "dates" / r.year / r.month / "index.html")
        assert month.select_one(f'a[href="{href}"]')
        if len(r.date) == 10:
            day = soup(config.out / "dates" / r.year / r.month / r.date[8:] / "index.html")
            assert day.select_one(f'a[href="{href}"]')
            assert month.select_one(f"#d-{r.date[8:]}")


def test_checks_page_lists_every_weak_inference(built) -> None:
    config, result = built
    page = soup(config.out / "checks" / "index.html")
    listed = {a["href"] for a in page.select(".checks-list > li > a")}
    assert listed == {f"/reports/{r.id}/" for r in result.reports if r.checks}
    assert soup(config.out / "index.html").select_one('footer a[href="/checks/"]')


def test_home_has_counts_and_a_timeline_readable_without_javascript(built) -> None:
    config, result = built
    home = soup(config.out / "index.html")
    assert str(len(result.reports)) in home.select_one(".stats").get_text()
    svg = home.select_one(".timeline svg")
    assert svg.select_one("title") and svg.select_one("desc").get_text()
    months = {(r.year, r.month) for r in result.reports if r.year and r.month}
    assert len(svg.select("a")) == len(months) == len(home.select(".timeline-table tbody tr"))


def test_pages_need_no_javascript_or_outside_servers(built) -> None:
    config, _ = built
    for page in sorted(config.out.rglob("*.html")):
        doc = soup(page)
        for tag in doc.find_all(["script", "link", "img", "iframe"]):
            ref = tag.get("src") or tag.get("href") or ""
            assert not re.match(r"^(https?:)?//", ref), (page, ref)
        scripts = [s.get("src", "") for s in doc.find_all("script")]
        if "search" not in page.parts:
            assert all(s.endswith("static/copy.js") for s in scripts), (page, scripts)


def test_feeds_and_sitemap_are_valid_xml_with_required_elements(built) -> None:
    config, result = built
    feeds = [config.out / "feed.xml", *sorted(config.out.glob("agencies/*/feed.xml"))]
    assert len(feeds) > 1
    for path in feeds:
        feed = ET.parse(path).getroot()
        assert feed.tag == f"{ATOM}feed"
        for key in ("id", "title", "updated"):
            assert feed.find(f"{ATOM}{key}").text, (path, key)
        assert {link.get("rel") for link in feed.findall(f"{ATOM}link")} >= {"self", "alternate"}
        entries = feed.findall(f"{ATOM}entry")
        assert entries, path
        for e in entries:
            for key in ("id", "title", "updated"):
                assert e.find(f"{ATOM}{key}").text, (path, key)
            assert e.find(f"{ATOM}link").get("href").startswith("/reports/")
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", e.find(f"{ATOM}updated").text)
    locs = {unquote(u.text) for u in ET.parse(config.out / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")}
    pages = {"/" + str(p.relative_to(config.out).parent).replace(".", "").strip("/") + "/"
             for p in config.out.rglob("index.html")}
    assert {p.replace("//", "/") for p in pages} == locs
    assert "Sitemap:" in (config.out / "robots.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def published(tmp_path_factory, built):
    """The samples built for https://example.org/archive/ with SOURCE_DATE_EPOCH set, no search index."""
    config, _ = built
    tmp = tmp_path_factory.mktemp("published")
    shutil.copytree(config.seeds, tmp / "seeds")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    cfg = BuildConfig(tmp / "seeds", tmp / "content", tmp / "site", base_url="https://example.org/archive/", search=False)
    result = build(cfg)
    mp.undo()
    return cfg, result


def test_feeds_sitemap_and_citations_use_absolute_urls_and_the_build_date(published) -> None:
    config, result = published
    feed = ET.parse(config.out / "feed.xml").getroot()
    assert feed.find(f"{ATOM}updated").text == "2026-01-01T00:00:00Z"
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert hrefs and all(h.startswith("https://example.org/archive/") for h in hrefs)
    locs = [u.text for u in ET.parse(config.out / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert "https://example.org/archive/" in locs and all(u.startswith("https://example.org/archive/") for u in locs)
    r = result.reports[0]
    page = soup(config.out / "reports" / r.id / "index.html")
    assert f"[2026-01-01]. https://example.org/archive/reports/{r.id}/." in page.select_one("#cite-gbt").get_text()
    assert page.select_one('link[rel="stylesheet"]')["href"] == "/archive/static/style.css"


def test_hand_corrected_reports_keep_their_source_page(published, tmp_path) -> None:
    config, result = published
    r = next(r for r in result.reports if r.sections)
    path = config.content / f"{r.id}.md"
    path.write_text(path.read_text(encoding="utf-8").replace(r.title, r.title + "（校）", 1), encoding="utf-8")
    again = build(BuildConfig(config.seeds, config.content, tmp_path / "site", base_url="/", search=False))
    fixed = next(x for x in again.reports if x.id == r.id)
    assert fixed.corrected and fixed.title.endswith("（校）")
    page = soup(tmp_path / "site" / "reports" / r.id / "source" / "index.html")
    assert page.select(".raw-lines li.own")


@given(st.text(alphabet="&<>'\"a汉 \n;#", max_size=30))
def test_source_pages_escape_text_exactly_as_jinja_autoescape_does(text: str) -> None:
    # escape_text skips markupsafe's Markup wrapper for speed; it must give the same characters
    from markupsafe import escape

    from archive.provenance import escape_text

    assert escape_text(text) == str(escape(text))



@given(st.lists(st.text(alphabet="山东省卫生健康 12", max_size=8), max_size=6))
@example(["", "山东", "", ""])
def test_joined_line_breaks_are_shown_as_the_whole_alignment_shows_them(lines: list[str]) -> None:
    before, after = "\n".join(lines), "".join(lines)
    assert diff_segments(before, after) == aligned_segments(before.replace("\n", "↵"), after)


def test_a_number_and_its_measure_word_is_no_keyword() -> None:
    from archive.keywords import keywords

    words = keywords("心内科成功救治一名心脏骤停患者。一名58岁男性患者经过40分钟的持续抢救，恢复自主心律。两家医院")
    assert "心内科" in words and not {"一名", "两家", "分钟"} & set(words)
