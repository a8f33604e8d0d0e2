"""Publish: check the base URL the site is built for and the finished site against GitHub Pages' limits.

GitHub documents that a published Pages site may be no larger than 1 GB and that no
file may be larger than 100 MB. The build warns (a Notice, so --strict fails) once the
site or one file reaches WARN_SHARE of a limit, before a deployment is refused.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from urllib.parse import urlsplit

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
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        size = path.stat().st_size
        total += size
        if size >= share * file_limit:
            rel = path.relative_to(out).as_posix()
            notices.append(Notice(rel, "warning", f"{human_size(size)} is {size / file_limit:.0%} of GitHub Pages' "
                                                  f"{human_size(file_limit)} limit per file"))
    if total >= share * site_limit:
        notices.append(Notice(f"{out.name}/", "warning", f"the site is {human_size(total)}, {total / site_limit:.0%} of "
                                                         f"GitHub Pages' {human_size(site_limit)} limit per published site"))
    return notices
