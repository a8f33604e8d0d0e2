"""Command line: `python build.py [serve] [--seeds DIR] [--content DIR] [--out DIR] [--base-url URL]`."""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
from pathlib import Path

from .pipeline import BuildConfig, BuildResult, build
from .publish import BaseUrlError, PagesHandler, base_path, configured_base_url, normalize_base_url

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="build.py", description="Build the report archive from raw files.")
    ap.add_argument("command", nargs="?", default="build", choices=["build", "serve"], help="build (default) or build then serve")
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="folder of raw documents (default: seeds/)")
    ap.add_argument("--content", type=Path, default=ROOT / "content", help="folder of Markdown reports (default: content/)")
    ap.add_argument("--out", type=Path, default=ROOT / "site", help="output folder for the website (default: site/)")
    ap.add_argument("--base-url", default=None,
                    help="where the site is published, e.g. https://user.github.io/repo/ "
                         "(default: [tool.archive] base-url in pyproject.toml, else /)")
    ap.add_argument("--no-search", action="store_true", help="skip building the search index")
    ap.add_argument("--strict", action="store_true", help="exit non-zero on any skipped file or warning")
    ap.add_argument("--port", type=int, default=8000, help="port for serve (default 8000)")
    return ap.parse_args(argv)


def report(result: BuildResult) -> None:
    """Print what the build did, naming every skipped file and warning."""
    for n in result.notices:
        print(f"{n.level}: {n.source}: {n.message}", file=sys.stderr)
    skipped = sum(1 for n in result.notices if n.level == "skip")
    print(f"read {len(result.read)} files, skipped {skipped}, published {len(result.reports)} reports")


def resolve_base_url(flag: str | None, pyproject: Path = PYPROJECT) -> str:
    """Pick the base URL: the --base-url flag, else [tool.archive] base-url in pyproject.toml, else "/"."""
    if flag is not None:
        return normalize_base_url(flag)
    configured = configured_base_url(pyproject)
    if configured is None:
        return "/"
    try:
        return normalize_base_url(configured)
    except BaseUrlError as exc:
        raise BaseUrlError(f"{pyproject}: [tool.archive] base-url {exc}") from exc


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if not args.seeds.is_dir():
        print(f"error: seeds folder not found: {args.seeds}", file=sys.stderr)
        return 2
    try:
        base_url = resolve_base_url(args.base_url, PYPROJECT)
    except BaseUrlError as exc:
        print(f"error: base URL: {exc}", file=sys.stderr)
        return 2
    config = BuildConfig(args.seeds, args.content, args.out, base_url, not args.no_search, args.strict)
    result = build(config)
    report(result)
    if args.strict and result.failed_strict:
        return 1
    if args.command == "serve":
        serve(args.out, args.port, base_path(base_url))
    return 0


def serve(folder: Path, port: int, base: str = "/") -> None:
    """Serve the built site on localhost under its base path, as GitHub Pages would, until interrupted."""
    handler = functools.partial(PagesHandler, directory=str(folder), base=base)
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        print(f"serving {folder} at http://127.0.0.1:{httpd.server_address[1]}{base} (Ctrl+C to stop)")
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass
