"""Shared fixtures: the samples built once per test run into a temporary folder."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.pipeline import BuildConfig, BuildResult, build  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildConfig, BuildResult]:
    """Build the sample seeds (with the search index) into a temporary folder."""
    tmp = tmp_path_factory.mktemp("build")
    seeds = tmp / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    config = BuildConfig(seeds=seeds, content=tmp / "content", out=tmp / "site")
    return config, build(config)


def chromium_path() -> str | None:
    """Debian's chromium, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
"""Flags for Debian's chromium on a machine with no network but the package registries."""


@pytest.fixture(scope="module")
def browser():
    """Headless Debian chromium driven by Playwright, one per test module (sync Playwright cannot nest)."""
    exe = chromium_path()
    if exe is None:
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Quiet(http.server.SimpleHTTPRequestHandler):
    """A static file server for tests that keeps the test output clean."""

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve a folder on a free loopback port; yield its origin (http://127.0.0.1:PORT)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def origin(built) -> Iterator[str]:
    """The samples' built site served on loopback, one server per test module."""
    config, _ = built
    with serving(config.out) as url:
        yield url
