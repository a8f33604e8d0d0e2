"""Publish: check the base URL the site is built for and the finished site against GitHub Pages' limits.

GitHub documents that a published Pages site may be no larger than 1 GB and that no
file may be larger than 100 MB. The build warns (a Notice, so --strict fails) once the
site or one file reaches WARN_SHARE of a limit, before a deployment is refused.
"""

from __future__ import annotations

import http.server
import os
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .model import Notice

SITE_LIMIT = 1_000_000_000
"""GitHub Pages: a published site may be no larger than 1 GB (bytes, decimal: the stricter reading)."""
FILE_LIMIT = 100_000_000
"""GitHub: no single file larger than 100 MB."""
WARN_SHARE = 0.8
"""Warn when the site or a file reaches this share of its limit."""


class BaseUrlError(ValueError):
    """A base URL the site cannot be published under; the message says why."""


def normalize_base_url(url: str) -> str:
    """Return the base URL with a trailing slash, or raise BaseUrlError saying why it cannot work."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise BaseUrlError(f"{url!r}: use an http(s) address such as https://user.github.io/repo/, or a path such as /repo/")
    elif not url.startswith("/"):
        raise BaseUrlError(f"{url!r}: a path must start with '/', e.g. /{url.lstrip('./')}")
    if parts.query or parts.fragment:
        raise BaseUrlError(f"{url!r}: a base URL cannot carry a query (?...) or a fragment (#...)")
    return url if url.endswith("/") else url + "/"


def base_path(base_url: str) -> str:
    """The path part of a base URL, with a trailing slash: https://u.github.io/repo -> /repo/."""
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def configured_base_url(pyproject: Path) -> str | None:
    """Read `[tool.archive] base-url` from pyproject.toml; None when the file or the setting is absent."""
    if not pyproject.is_file():
        return None
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BaseUrlError(f"{pyproject}: not valid TOML ({exc})") from exc
    value = data.get("tool", {}).get("archive", {}).get("base-url")
    if value is None:
        return None
    if not isinstance(value, str):
        raise BaseUrlError(f"{pyproject}: [tool.archive] base-url must be a string, not {type(value).__name__}")
    return value


def human_size(n: int) -> str:
    """Format a byte count in decimal units, as GitHub states its limits."""
    for unit, size in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


def check_pages_limits(out: Path, site_limit: int | None = None, file_limit: int | None = None,
                       share: float | None = None) -> list[Notice]:
    """Warn about the site and each file that reach `share` of GitHub Pages' size limits."""
    site_limit = SITE_LIMIT if site_limit is None else site_limit
    file_limit = FILE_LIMIT if file_limit is None else file_limit
    share = WARN_SHARE if share is None else share
    notices: list[Notice] = []
    total = 0
    large: list[tuple[tuple[str, ...], int]] = []
    for parts, size in file_sizes(out):
        total += size
        if size >= share * file_limit:
            large.append((parts, size))
    for parts, size in sorted(large):
        notices.append(Notice("/".join(parts), "warning", f"{human_size(size)} is {size / file_limit:.0%} of GitHub "
                                                          f"Pages' {human_size(file_limit)} limit per file"))
    if total >= share * site_limit:
        notices.append(Notice(f"{out.name}/", "warning", f"the site is {human_size(total)}, {total / site_limit:.0%} of "
                                                         f"GitHub Pages' {human_size(site_limit)} limit per published site"))
    return notices


def file_sizes(folder: Path | str, parts: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], int]]:
    """Yield (path parts under `folder`, size) for every file below it, as rglob and stat would, in any order.

    One stat per file through os.scandir, without a Path object each: a site holds tens of thousands.
    """
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink():
                yield from file_sizes(entry.path, (*parts, entry.name))
            elif entry.is_file():
                yield (*parts, entry.name), entry.stat().st_size


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serve a built site as GitHub Pages does: only under its base path, with its 404.html for missing pages."""

    def __init__(self, *args: Any, directory: str, base: str = "/", **kwargs: Any) -> None:
        self.base = base
        super().__init__(*args, directory=directory, **kwargs)

    def request_path(self) -> str:
        """The decoded path of this request, without query or fragment."""
        return unquote(urlsplit(self.path).path)

    def send_head(self) -> Any:
        """Redirect the bare project path to its folder and refuse everything outside the base path."""
        path = self.request_path()
        if self.base != "/" and path == self.base.rstrip("/"):
            self.send_response(301)
            self.send_header("Location", self.base)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if not path.startswith(self.base):
            self.send_error(404, "outside the site's base path")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        """Map a URL under the base path to a file in the site folder."""
        parts = urlsplit(path)
        inside = parts.path[len(self.base) - 1:] if parts.path.startswith(self.base) else parts.path
        return super().translate_path(inside)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a missing page under the base path with the site's own 404.html, as GitHub Pages does."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file() or not self.request_path().startswith(self.base):
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
