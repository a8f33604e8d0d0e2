"""Command line: `python build.py [serve] [--seeds DIR] [--content DIR] [--out DIR] [--base-url URL]`."""

from __future__ import annotations

import argparse
import http.server
import sys
import threading
import urllib.parse
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
        serve(config, args.port, watched_folders(config), base_path(base_url))
    return 0


RELOAD_PATH = "/__build_id"
RELOAD_SCRIPT = (
    "<script>/* added by `build.py serve` only */(() => {let id = null;"
    "setInterval(async () => {try {const r = await fetch('" + RELOAD_PATH + "', {cache: 'no-store'});"
    "const now = await r.text(); if (id !== null && now !== id) location.reload(); id = now;} catch (e) {}}, 1000);"
    "})();</script>"
)


def watched_folders(config: BuildConfig) -> list[Path]:
    """The folders whose changes trigger a rebuild: raw files, corrections, templates and static files."""
    return [config.seeds, config.content, ROOT / "templates", ROOT / "static", ROOT / "archive" / "data"]


def snapshot(folders: list[Path]) -> dict[str, tuple[int, int]]:
    """Modification time and size of every file under some folders."""
    state: dict[str, tuple[int, int]] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            if path.is_file():
                state[str(path)] = (st.st_mtime_ns, st.st_size)
    return state


def inject_reload(html: bytes) -> bytes:
    """Add the live-reload script to a page served by `build.py serve` (never to the files on disk)."""
    script = RELOAD_SCRIPT.encode("utf-8")
    at = html.rfind(b"</body>")
    return html[:at] + script + html[at:] if at >= 0 else html + script


class LiveState:
    """The id of the latest finished build, which open pages poll to know when to reload."""

    def __init__(self) -> None:
        self.build_id = 0
        self.lock = threading.Lock()

    def bump(self) -> None:
        with self.lock:
            self.build_id += 1


def reloading_handler(folder: Path, state: LiveState, base: str = "/") -> type[http.server.SimpleHTTPRequestHandler]:
    """A handler that serves the site under its base path as GitHub Pages does, answers the build id,
    and adds the reload script to HTML pages."""

    class Handler(PagesHandler):
        def __init__(self, *a: object, **kw: object) -> None:
            super().__init__(*a, directory=str(folder), base=base, **kw)  # type: ignore[arg-type]

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
            return

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
            if path == RELOAD_PATH:
                self.send_bytes(str(state.build_id).encode("ascii"), "text/plain")
                return
            target = Path(self.translate_path(self.path))
            if target.is_dir():
                target = target / "index.html"
            if target.suffix == ".html" and target.is_file() and (path.endswith("/") or path.endswith(".html")):
                self.send_bytes(inject_reload(target.read_bytes()), "text/html; charset=utf-8")
                return
            super().do_GET()

        def send_bytes(self, data: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

    return Handler


def watch(config: BuildConfig, folders: list[Path], state: LiveState, interval: float = 0.5,
          stop: threading.Event | None = None, seen: dict[str, tuple[int, int]] | None = None) -> None:
    """Poll the watched folders and rebuild when a file changes (since `seen`, default now), until stopped."""
    stop = stop or threading.Event()
    seen = snapshot(folders) if seen is None else seen
    while not stop.wait(interval):
        now = snapshot(folders)
        if now == seen:
            continue
        changed = sorted(set(now.items()) ^ set(seen.items()))
        print(f"changed: {', '.join(sorted({Path(p).name for p, _ in changed})[:5])}: rebuilding")
        report(build(config))
        seen = snapshot(folders)
        state.bump()


def serve(config: BuildConfig, port: int, folders: list[Path], base: str = "/") -> None:
    """Serve the built site on localhost under its base path, rebuilding and reloading open pages on change."""
    state = LiveState()
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), reloading_handler(config.out, state, base)) as httpd:
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        print(f"serving {config.out} at http://127.0.0.1:{httpd.server_address[1]}{base}, watching "
              f"{', '.join(str(f) for f in folders if f.is_dir())} (Ctrl+C to stop)")
        try:
            watch(config, folders, state)
        except KeyboardInterrupt:
            print("stopped")
        finally:
            httpd.shutdown()
