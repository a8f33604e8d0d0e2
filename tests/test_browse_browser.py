"""Browsing in headless Chromium: axe-core finds no serious or critical problem and no page scrolls sideways."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "tools" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 390)


def pages_to_check(result) -> list[str]:
    """Home, a report with sections and its source page, agency and date pages, search."""
    with_sections = next((r for r in result.reports if r.sections), result.reports[0])
    dated = next(r for r in result.reports if r.year and r.month)
    return ["/", f"/reports/{with_sections.id}/", f"/reports/{with_sections.id}/source/", "/agencies/",
            f"/agencies/{with_sections.agency}/", "/dates/", f"/dates/{dated.year}/",
            f"/dates/{dated.year}/{dated.month}/", "/dates/unknown/", "/checks/", "/search/?q=疫情"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_serious_accessibility_violation_and_no_sideways_scroll(built, origin, browser, width, scheme) -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test-tools` (npm ci in tests/tools)")
    _, result = built
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    problems = []
    for path in pages_to_check(result):
        page.goto(origin + path)
        if path.startswith("/search/"):
            page.wait_for_selector("#search-results li")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            problems.append(f"{path}: scrolls sideways by {overflow}px")
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        for v in found:
            if v["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in v["nodes"][:3]]
                problems.append(f"{path}: {v['id']} ({v['impact']}) {v['help']} at {targets}")
    page.close()
    assert not problems, "\n".join(problems)


def test_copy_buttons_appear_with_javascript(built, origin, browser) -> None:
    _, result = built
    page = browser.new_page()
    page.goto(f"{origin}/reports/{result.reports[0].id}/")
    assert page.locator("button[data-copy]").count() == 2
    assert page.locator("button[data-copy]").first.is_visible()
    page.close()
