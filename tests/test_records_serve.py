"""`build.py serve`: the dev server adds a reload script to pages, the watcher rebuilds on change, pages reload."""

from __future__ import annotations

import http.server
import shutil
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.cli import RELOAD_PATH, LiveState, reloading_handler, snapshot, watch
from archive.pipeline import BuildConfig, build
from tests.conftest import chromium_path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture()
def live(tmp_path: Path) -> Iterator[tuple[BuildConfig, str, LiveState]]:
    """A small built site served by the reloading handler, with the watcher running."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for p in sorted((ROOT / "seeds").glob("*.txt"))[:1]:
        shutil.copy(p, seeds / p.name)
    config = BuildConfig(seeds, tmp_path / "content", tmp_path / "site", search=False)
    build(config)
    state = LiveState()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), reloading_handler(config.out, state))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(config, [seeds, config.content], state, 0.1, stop, snapshot([seeds, config.content])), daemon=True)
    watcher.start()
    yield config, f"http://127.0.0.1:{httpd.server_address[1]}", state
    stop.set()
    watcher.join(timeout=30)
    httpd.shutdown()


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode("utf-8")


def retitle(config: BuildConfig, title: str) -> str:
    """Correct the title of the first report in content/ and return its id."""
    path = sorted(config.content.glob("*.md"))[0]
    lines = path.read_text(encoding="utf-8").split("\n")
    lines = [f"title: {title}" if line.startswith("title:") else line for line in lines]
    path.write_text("\n".join(lines), encoding="utf-8", newline="\n")
    return path.stem


def wait_for(predicate, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def test_reload_script_is_served_but_never_written(live) -> None:
    config, base, state = live
    assert RELOAD_PATH in fetch(base + "/")
    assert fetch(base + RELOAD_PATH) == "0"
    for page in config.out.rglob("*.html"):
        assert RELOAD_PATH not in page.read_text(encoding="utf-8"), page


def test_watcher_rebuilds_when_content_changes(live) -> None:
    config, base, state = live
    rid = retitle(config, "监视重建后的标题")
    wait_for(lambda: state.build_id == 1)
    assert "监视重建后的标题" in fetch(f"{base}/reports/{rid}/")
    assert fetch(base + RELOAD_PATH) == "1"
    time.sleep(0.5)
    assert state.build_id == 1  # the build's own writes to content/ do not trigger another build


def test_snapshot_sees_added_changed_and_removed_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("一", encoding="utf-8")
    first = snapshot([tmp_path])
    (tmp_path / "b.txt").write_text("二", encoding="utf-8")
    second = snapshot([tmp_path])
    assert set(second) - set(first) == {str(tmp_path / "b.txt")}
    (tmp_path / "a.txt").unlink()
    assert set(snapshot([tmp_path])) == {str(tmp_path / "b.txt")}


@pytest.mark.browser
def test_open_page_reloads_after_a_correction(live) -> None:
    exe = chromium_path()
    if exe is None:
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    config, base, state = live
    rid = sorted(config.content.glob("*.md"))[0].stem
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=ARGS)
        page = browser.new_page()
        page.goto(f"{base}/reports/{rid}/")
        page.wait_for_timeout(1500)  # the script has read the current build id
        retitle(config, "浏览器中自动刷新")
        page.wait_for_function("document.querySelector('h1').textContent.includes('浏览器中自动刷新')", timeout=30000)
        browser.close()
