"""Search in headless Chromium: the search page and search.js find Chinese strings."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from archive.search import fold, paragraphs, unigram_tokens
from tests.conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

ARGS = CHROMIUM_ARGS


@pytest.fixture(scope="module")
def served(built, origin):
    """The samples' site on loopback, with the build result."""
    return origin, built[1]


def run_search(page, origin, query, options=None):
    """Call search.js from the search page, as a visitor's browser would."""
    if "/search/" not in page.url:
        page.goto(origin + "/search/")
    return page.evaluate("async ([q, o]) => (await import('./search.js')).search(q, o || {})", [query, options])


def squash(s: str) -> str:
    """What search_eval.py compares: NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def matching(result, *terms: str) -> set[str]:
    """The report URLs whose title or text contains every term."""
    return {f"/reports/{r.id}/" for r in result.reports
            if all(squash(t) in squash(r.title + "\n" + (r.subtitle or "") + "\n" + r.text) for t in terms)}


def test_search_page_finds_customs_report(served, browser) -> None:
    origin, result = served
    page = browser.new_page()
    page.goto(origin + "/search/?q=青岛海关")
    page.wait_for_selector("#search-results li")
    titles = page.locator("#search-results li a").all_inner_texts()
    assert any("青岛海关" in t for t in titles)
    assert "青岛海关" in page.locator("#search-results mark").first.inner_text()


def test_search_finds_every_report_containing_a_string(served, browser) -> None:
    origin, result = served
    page = browser.new_page()
    for q in ["疫情防控", "2681", "济宁高新区", "下沉干部", "省工信厅"]:
        want = {f"/reports/{r.id}/" for r in result.reports if q in r.title + r.text}
        got = {h["url"] for h in run_search(page, origin, q)}
        assert got == want, q


def test_absent_string_finds_nothing(served, browser) -> None:
    origin, _ = served
    page = browser.new_page()
    assert run_search(page, origin, "量子计算机") == []


def test_two_terms_must_both_match(served, browser) -> None:
    origin, result = served
    page = browser.new_page()
    want = {f"/reports/{r.id}/" for r in result.reports if "疫情" in r.text and "聊城" in r.title + r.text}
    got = {h["url"] for h in run_search(page, origin, "疫情 聊城")}
    assert got == want and got


def han_runs(result, size: int) -> list[str]:
    """Every run of `size` Chinese characters in the reports, in order of first appearance."""
    seen: dict[str, None] = {}
    for r in sorted(result.reports, key=lambda r: r.id):
        for m in re.finditer("[\u4e00-\u9fff]{" + str(size) + "}", r.text):
            seen.setdefault(m.group(), None)
    return list(seen)


def test_traditional_query_finds_simplified_text(served, browser) -> None:
    from opencc import OpenCC

    origin, result = served
    page = browser.new_page()
    to_trad = OpenCC("s2t")
    pairs = [(q, to_trad.convert(q)) for q in han_runs(result, 4)]
    pairs = [(q, t) for q, t in pairs if t != q and fold(t) == fold(q)][:5]
    assert pairs, "the samples hold no phrase with a traditional form"
    for simplified, traditional in pairs:
        want = matching(result, simplified)
        assert {h["url"] for h in run_search(page, origin, traditional)} == want, traditional


def test_full_width_digits_and_commas_find_half_width_ones(served, browser) -> None:
    origin, result = served
    page = browser.new_page()
    numbers = sorted({m for r in result.reports for m in re.findall(r"\d{3,}", r.text)})[:4]
    assert numbers
    for n in numbers:
        wide = "".join(chr(ord(c) + 0xFEE0) for c in n)
        assert {h["url"] for h in run_search(page, origin, wide)} == matching(result, n), wide
    commas = sorted({m for r in result.reports for m in re.findall(r"[\u4e00-\u9fff]{2}，[\u4e00-\u9fff]{2}", r.text)})[:3]
    assert commas
    for c in commas:
        assert {h["url"] for h in run_search(page, origin, c.replace("，", ","))} == matching(result, c), c


def test_excerpts_are_natural_text_with_the_match_marked(served, browser) -> None:
    origin, result = served
    page = browser.new_page()
    texts = {f"/reports/{r.id}/": squash(r.title + (r.subtitle or "") + r.text) for r in result.reports}
    for q in han_runs(result, 3)[::40][:6]:
        hits = run_search(page, origin, q)
        assert hits, q
        for h in hits:
            marks = re.findall(r"<mark>(.*?)</mark>", h["excerpt"])
            assert marks and all(squash(m) == q for m in marks), (q, h["excerpt"])
            plain = re.sub(r"</?mark>", "", h["excerpt"]).strip("…")
            assert squash(plain) in texts[h["url"]], (q, h["excerpt"])
            assert not re.search(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]", plain), h["excerpt"]


def test_sort_by_date_puts_newest_first_and_undated_last(served, browser) -> None:
    origin, result = served
    page = browser.new_page()
    q = Counter(ch for r in result.reports for ch in set(r.text) if "\u4e00" <= ch <= "\u9fff").most_common(1)[0][0]
    hits = run_search(page, origin, q, {"sort": "date"})
    keys = [(h["date"] or "").replace("--", "0000-") for h in hits]
    dated = [k for k in keys if k]
    assert dated == sorted(dated, reverse=True)
    assert keys == dated + [""] * (len(keys) - len(dated))
    assert {h["url"] for h in hits} == matching(result, q)


def test_filters_keep_only_reports_with_the_value(served, browser) -> None:
    origin, result = served
    page = browser.new_page()
    q = Counter(ch for r in result.reports for ch in set(r.text) if "\u4e00" <= ch <= "\u9fff").most_common(1)[0][0]
    years = Counter(r.year for r in result.reports if r.year)
    year = years.most_common(1)[0][0]
    want = {u for u in matching(result, q) if any(f"/reports/{r.id}/" == u and r.year == year for r in result.reports)}
    got = {h["url"] for h in run_search(page, origin, q, {"filters": {"year": year}})}
    assert got == want and got


def test_javascript_and_python_tokenise_alike(served, browser) -> None:
    origin, result = served
    page = browser.new_page()
    page.goto(origin + "/search/")
    texts = [p for r in sorted(result.reports, key=lambda r: r.id)[:6] for p in r.text.split("\n\n")]
    texts += ["衛生局１５日表示：ＰＣＲ檢測", "战“疫”，N95口罩3045.6万只", "（一）“三服务”。", "COVID-19疫情期间"]
    js = page.evaluate("""async (texts) => {
        const m = await import('./search.js');
        const d = await (await fetch('./t2s.json')).json();
        const to = [...d.to];
        const table = new Map([...d.from].map((c, i) => [c, to[i]]));
        return texts.map((t) => m.unigramTokens(m.fold(t, table)));
    }""", texts)
    assert js == [unigram_tokens(t) for t in texts]


def test_deployed_pages_carry_only_natural_text(built) -> None:
    config, result = built
    r = sorted(result.reports, key=lambda r: r.id)[0]
    html = (config.out / "reports" / r.id / "index.html").read_text(encoding="utf-8")
    spaced = " ".join(r.title[:4])
    assert r.title in html and spaced not in html


def test_filter_counts_cover_the_intersection_of_several_terms(served, browser) -> None:
    origin, result = served
    page = browser.new_page()
    page.goto(origin + "/search/")
    words = Counter(w for r in result.reports for w in set(re.findall("(?=([\u4e00-\u9fff]{2}))", r.text)))
    a, b = [w for w, _ in words.most_common(2)]
    year = Counter(r.year for r in result.reports if r.year).most_common(1)[0][0]
    found = page.evaluate("async ([q, y]) => (await import('./search.js')).searchPage(q, {filters: {year: y}, pageSize: 5})",
                          [f"{a} {b}", year])
    both = matching(result, a, b)
    years = Counter(r.year for r in result.reports if f"/reports/{r.id}/" in both and r.year)
    assert {f["value"]: f["count"] for f in found["facets"]["year"]} == dict(years)
    assert found["total"] == len(both)
    assert found["count"] == years[year] and len(found["results"]) == min(5, years[year])


def first_mention(r, word: str) -> int:
    """The token position where a report's indexed text (title, subtitle, body) first has the word."""
    tokens = [re.sub(r"[^\w]", "", t) for p in paragraphs(r) for t in unigram_tokens(p)]
    want = list(word)
    return next(i for i in range(len(tokens)) if tokens[i:i + len(want)] == want)


def test_relevance_puts_early_mentions_first(served, browser) -> None:
    origin, result = served
    page = browser.new_page()
    by_url = {f"/reports/{r.id}/": r for r in result.reports}
    words = Counter(w for r in result.reports for w in set(re.findall("(?=([\u4e00-\u9fff]{2}))", r.title)))
    checked = 0
    for w, _ in words.most_common(5):
        hits = [h["url"] for h in run_search(page, origin, w)]
        positions = [first_mention(by_url[u], w) for u in hits]
        assert positions == sorted(positions), w
        checked += len(hits) > 1
    assert checked


def test_two_term_excerpt_shows_both_terms_when_they_are_close(served, browser) -> None:
    origin, result = served
    page = browser.new_page()
    checked = 0
    for r in sorted(result.reports, key=lambda r: r.id)[:8]:
        para = max(r.text.split("\n\n"), key=len)
        runs = [(m.start(), m.group()) for m in re.finditer("[\u4e00-\u9fff]{2}", para[len(para) // 2:])]
        pairs = [(a, b) for (i, a), (j, b) in zip(runs, runs[3:], strict=False) if j - i < 30 and a != b]
        if not pairs:
            continue
        a, b = pairs[0]
        hit = next(h for h in run_search(page, origin, f"{b} {a}") if h["url"] == f"/reports/{r.id}/")
        marks = {squash(m) for m in re.findall(r"<mark>(.*?)</mark>", hit["excerpt"])}
        assert {a, b} <= marks or any(a in m and b in m for m in marks), (a, b, hit["excerpt"])
        checked += 1
    assert checked >= 3
