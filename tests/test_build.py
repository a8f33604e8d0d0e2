"""Integration: build the samples and check the generated site by parsing its HTML."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_for(site: Path, href: str) -> Path:
    path = unquote(urlsplit(href).path).lstrip("/")
    target = site / path
    return target / "index.html" if href.endswith("/") or target.is_dir() else target


def test_reports_json_follows_the_contract(built) -> None:
    config, result = built
    data = json.loads((config.out / "data" / "reports.json").read_text(encoding="utf-8"))
    reports = data["reports"]
    assert len(reports) == len(result.reports) > 0
    for r in reports:
        for key in ("id", "url", "source", "title", "agency", "agencies", "date", "date_precision", "text"):
            assert key in r, key
        assert r["date"] is None or r["date"][:2] in ("19", "20", "--")
        assert "\n\n" in r["text"] or len(r["text"]) < 400
        assert "\n" not in r["text"].replace("\n\n", "")


def test_every_report_page_has_its_title(built) -> None:
    config, result = built
    for r in result.reports:
        page = soup(config.out / "reports" / r.id / "index.html")
        assert page.find("h1").get_text(strip=True) == r.title
        assert page.find("html")["lang"] == "zh-CN"


def test_index_pages_link_to_their_reports(built) -> None:
    config, result = built
    agencies = soup(config.out / "agencies" / "index.html")
    agency_links = [a["href"] for a in agencies.select("main a")]
    assert len(agency_links) >= len({r.agency for r in result.reports if r.agency})
    linked: set[str] = set()
    for href in agency_links:
        page = soup(page_for(config.out, href))
        linked.update(a["href"] for a in page.select("main a") if "/reports/" in a["href"])
    with_agency = {f"/reports/{r.id}/" for r in result.reports if r.agency}
    assert with_agency <= linked


def test_every_page_reachable_from_home_and_no_broken_links(built) -> None:
    config, result = built
    site = config.out
    seen: set[Path] = set()
    queue = [site / "index.html"]
    broken = []
    while queue:
        page = queue.pop()
        if page in seen:
            continue
        seen.add(page)
        for a in soup(page).find_all(["a", "link", "script"]):
            href = a.get("href") or a.get("src")
            if not href or href.startswith(("http:", "https:", "mailto:")):
                continue
            url, frag = urldefrag(href)
            if not url:
                continue
            target = page_for(site, url.split("?")[0])
            if not target.exists():
                broken.append((str(page.relative_to(site)), href))
                continue
            if target.suffix == ".html":
                if frag and not soup(target).find(id=unquote(frag)):
                    broken.append((str(page.relative_to(site)), href))
                queue.append(target)
    assert not broken
    for r in result.reports:
        assert site / "reports" / r.id / "index.html" in seen
    assert site / "dates" / "index.html" in seen and site / "agencies" / "index.html" in seen


def test_data_downloads_and_404_exist(built) -> None:
    config, _ = built
    for name in ("data/reports.json", "data/reports.csv", "data/build-report.json", "404.html", "search/index.html",
                 "search/search.js", "pagefind/pagefind.js"):
        assert (config.out / name).exists(), name


def test_content_files_round_trip(built) -> None:
    from archive.content import from_markdown

    config, result = built
    by_id = {r.id: r for r in result.reports}
    files = sorted(config.content.glob("*.md"))
    assert len(files) == len(result.reports)
    for f in files:
        r = from_markdown(f.read_text(encoding="utf-8"), str(f))
        assert r.text == by_id[r.id].text
        assert r.title == by_id[r.id].title


def test_two_builds_are_byte_identical(built, tmp_path) -> None:
    from archive.pipeline import BuildConfig, build

    config, _ = built
    other = BuildConfig(config.seeds, tmp_path / "content", tmp_path / "site")
    build(other)
    build(other)
    for f in sorted(config.content.glob("*")):
        assert (other.content / f.name).read_bytes() == f.read_bytes(), f.name
    bundles = ("pagefind", "pagefind-shards")  # Pagefind's own files, not ours
    ours = sorted(p for p in config.out.rglob("*") if p.is_file() and (p.parent.name == "pagefind-shards" or not set(p.parts) & set(bundles)))
    assert config.out / "pagefind-shards" / "shards.json" in ours
    for f in ours:
        g = other.out / f.relative_to(config.out)
        assert g.read_bytes() == f.read_bytes(), str(f)
    theirs = {p.relative_to(other.out) for p in other.out.rglob("*") if p.is_file() and not set(p.parts) & set(bundles)}
    assert theirs == {p.relative_to(config.out) for p in ours if p.parent.name != "pagefind-shards"}


@pytest.mark.parametrize("n", [0, 1, 2, 501, 1234])
def test_reports_json_is_written_in_batches_exactly_as_json_dumps_writes_it(n: int) -> None:
    import io

    from archive.render import write_reports_json

    rows = [{"id": f"r{i}", "text": "第一段\n\n第二段 \"引号\"", "agencies": ["甲", "乙"], "meta": {"k": None}, "x": []}
            for i in range(n)]
    f = io.StringIO()
    write_reports_json(f, rows)
    assert f.getvalue() == json.dumps({"reports": rows}, ensure_ascii=False, indent=1) + "\n"
