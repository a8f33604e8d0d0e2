"""The search page in headless Chromium, on an archive with documents the samples lack, under a base path.

The archive is the samples plus tests/fixtures/search/ (a traditional-character report, one with
Latin letters and decimals, a county notice), built with --base-url http://example.org/archive/
and served at /archive/ so every link and fetch must honour the base path.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
import unicodedata
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from archive.pipeline import BuildConfig, build
from archive.search import fold
from tests.conftest import Quiet

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
EXTRA = Path(__file__).parent / "fixtures" / "search"
BASE = "/archive/"
PAGE_SIZE = 20


def squash(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory):
    """Build samples + extra documents under /archive/, serve them, yield (origin, reports)."""
    tmp = tmp_path_factory.mktemp("search-page")
    seeds = tmp / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    for f in sorted(EXTRA.glob("*.txt")):
        shutil.copy(f, seeds / f.name)
    out = tmp / "root" / "archive"
    build(BuildConfig(seeds=seeds, content=tmp / "content", out=out, base_url="http://example.org" + BASE))
    reports = json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))["reports"]
    handler = functools.partial(Quiet, directory=str(tmp / "root"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", reports
    httpd.shutdown()


def matching(reports, *terms: str, **filters: str) -> set[str]:
    """URLs of the reports containing every term and carrying every filter value."""
    out = set()
    for r in reports:
        text = squash(r["title"] + (r.get("subtitle") or "") + r["text"])
        if not all(fold(squash(t)).lower() in fold(text).lower() for t in terms):
            continue
        if "year" in filters and (r["date"] or "")[:4] != filters["year"]:
            continue
        if "agency" in filters and filters["agency"] not in r["agencies"]:
            continue
        out.add(r["url"])
    return out


def common_char(reports) -> str:
    """The Chinese character found in the most reports."""
    counts = Counter(ch for r in reports for ch in set(r["text"]) if "\u4e00" <= ch <= "\u9fff")
    return counts.most_common(1)[0][0]


def common_word(reports) -> str:
    """The two-character run found in the most reports (a query with many results)."""
    counts = Counter(w for r in reports for w in set(re.findall(r"(?=([\u4e00-\u9fff]{2}))", r["text"])))
    return counts.most_common(1)[0][0]


def result_urls(page) -> list[str]:
    return page.locator("#search-results li a.title").evaluate_all("els => els.map(e => e.getAttribute('href'))")


def wait_done(page) -> str:
    """Wait for the page to finish searching and return the status line."""
    page.wait_for_function("() => !document.body.hasAttribute('aria-busy') && "
                           "!/检索中/.test(document.getElementById('search-status').textContent)")
    return page.locator("#search-status").inner_text()


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_typing_a_query_lists_every_match_under_the_base_path(archive, browser) -> None:  # noqa: F811
    origin, reports = archive
    q = common_word(reports)
    page = browser.new_page()
    page.goto(origin + BASE + "search/")
    assert "请输入检索词" in wait_done(page)
    page.fill("#q", q)
    page.press("#q", "Enter")
    status = wait_done(page)
    want = matching(reports, q)
    assert f"找到 {len(want)} 篇" in status
    assert query_of(page)["q"] == [q]
    urls = result_urls(page)
    assert len(urls) == min(len(want), PAGE_SIZE)
    assert set(urls) <= want and all(u.startswith(BASE + "reports/") for u in urls)
    assert page.goto(origin + urls[0]).ok


def test_simplified_query_finds_traditional_report_and_shows_its_own_characters(archive, browser) -> None:  # noqa: F811
    origin, reports = archive
    trad = [r for r in reports if fold(r["text"]) != r["text"] and re.search(r"[\u4e00-\u9fff]", r["text"])]
    assert trad, "the extra documents must include one in traditional characters"
    r = trad[0]
    word = next(m for m in re.findall(r"[\u4e00-\u9fff]{3}", r["text"]) if fold(m) != m)
    page = browser.new_page()
    page.goto(origin + BASE + "search/?q=" + fold(word))
    wait_done(page)
    assert r["url"] in result_urls(page)
    item = page.locator("#search-results li", has=page.locator(f'a[href="{r["url"]}"]'))
    assert word in item.locator("mark").all_inner_texts()


def test_filter_by_year_shows_counts_and_goes_into_the_url(archive, browser) -> None:  # noqa: F811
    origin, reports = archive
    q = common_word(reports)
    page = browser.new_page()
    page.goto(origin + BASE + "search/?q=" + q)
    wait_done(page)
    link = page.locator('#search-facets a[data-key="year"]').first
    year = link.get_attribute("data-value")
    count = int(link.locator(".count").inner_text())
    want = matching(reports, q, year=year)
    assert count == len(want)
    link.click()
    status = wait_done(page)
    assert query_of(page)["year"] == [year]
    assert f"找到 {len(want)} 篇" in status
    assert set(result_urls(page)) == want
    assert page.locator(f'#search-facets a[data-key="year"][data-value="{year}"]').get_attribute("aria-current") == "true"
    page.go_back()
    wait_done(page)
    assert "year" not in query_of(page)
    assert len(result_urls(page)) == min(len(matching(reports, q)), PAGE_SIZE)


def test_shared_url_restores_agency_filter_and_sort(archive, browser) -> None:  # noqa: F811
    origin, reports = archive
    q = common_word(reports)
    agencies = Counter(a for r in reports if r["url"] in matching(reports, q) for a in r["agencies"])
    agency = agencies.most_common(1)[0][0]
    page = browser.new_page()
    page.goto(f"{origin}{BASE}search/?q={q}&agency={agency}&sort=date")
    wait_done(page)
    want = matching(reports, q, agency=agency)
    assert set(result_urls(page)) == want
    assert page.locator("#sort").input_value() == "date"
    dates = {r["url"]: (r["date"] or "").replace("--", "0000-") for r in reports}
    shown = [dates[u] for u in result_urls(page) if dates[u]]
    assert shown == sorted(shown, reverse=True)


def test_paging_walks_through_every_result_once(archive, browser) -> None:  # noqa: F811
    origin, reports = archive
    q = common_char(reports)
    want = matching(reports, q)
    assert len(want) > PAGE_SIZE, "needs a query with more than one page of results"
    page = browser.new_page()
    page.goto(origin + BASE + "search/?q=" + q)
    wait_done(page)
    seen = result_urls(page)
    while page.locator('#search-pager a[rel="next"]').count():
        page.locator('#search-pager a[rel="next"]').click()
        wait_done(page)
        seen += result_urls(page)
    assert query_of(page)["page"] == [str(-(-len(want) // PAGE_SIZE))]
    assert len(seen) == len(want) and set(seen) == want
    assert page.evaluate("document.activeElement.closest('#search-results') !== null")


def test_keyboard_slash_focuses_box_and_enter_toggles_a_filter(archive, browser) -> None:  # noqa: F811
    origin, reports = archive
    page = browser.new_page()
    page.goto(origin + BASE + "search/?q=" + common_word(reports))
    wait_done(page)
    page.locator("h1").click()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    link = page.locator('#search-facets a[data-key="agency"]').first
    value = link.get_attribute("data-value")
    link.focus()
    page.keyboard.press("Enter")
    wait_done(page)
    assert query_of(page)["agency"] == [value]
    assert page.evaluate("document.activeElement.dataset.value") == value


def test_absent_query_says_nothing_was_found(archive, browser) -> None:  # noqa: F811
    origin, reports = archive
    absent = next(w for w in ("量子计算机", "深海潜航器", "火星探测车") if not matching(reports, w))
    page = browser.new_page()
    page.goto(origin + BASE + "search/?q=" + absent)
    assert "没有找到" in wait_done(page)
    assert result_urls(page) == []


def test_missing_index_shows_an_error(archive, browser) -> None:  # noqa: F811
    origin, reports = archive
    page = browser.new_page()
    page.route("**/pagefind/pagefind.js", lambda route: route.fulfill(status=404, body="not found"))
    page.goto(origin + BASE + "search/?q=" + common_word(reports))
    error = page.locator("#search-error")
    error.wait_for(state="visible")
    assert "检索出错" in error.inner_text()
    assert result_urls(page) == []


def test_narrow_screen_folds_filters_above_results(archive, browser) -> None:  # noqa: F811
    origin, reports = archive
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(origin + BASE + "search/?q=" + common_word(reports))
    wait_done(page)
    panel = page.locator("#search-facets .facet-panel")
    assert panel.get_attribute("open") is None
    assert page.locator("#search-results li").first.is_visible()
    assert not page.locator('#search-facets a[data-key="year"]').first.is_visible()
    page.locator("#search-facets .facet-panel > summary").click()
    assert page.locator('#search-facets a[data-key="year"]').first.is_visible()
