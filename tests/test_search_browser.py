"""Search in headless Chromium: the search page and search.js find Chinese strings."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from tests.conftest import chromium_path

pytestmark = pytest.mark.browser

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D401
        pass


@pytest.fixture(scope="module")
def served(built):
    config, result = built
    handler = functools.partial(Quiet, directory=str(config.out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", result
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    exe = chromium_path()
    if exe is None:
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=ARGS)
        yield b
        b.close()


def run_search(page, origin, query):
    page.goto(origin + "/search/")
    return page.evaluate("async (q) => (await import('./search.js')).search(q)", query)


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
