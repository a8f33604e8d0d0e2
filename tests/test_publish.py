"""Publishing on GitHub Pages: the base URL setting and the size limits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from archive import cli, publish
from archive.pipeline import BuildConfig, build
from archive.publish import BaseUrlError, check_pages_limits, normalize_base_url
from tests.conftest import ROOT

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
