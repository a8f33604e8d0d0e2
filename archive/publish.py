"""Publish: check the base URL the site is built for."""

from __future__ import annotations

import tomllib
from pathlib import Path
from urllib.parse import urlsplit


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
