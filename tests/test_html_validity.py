"""Every generated page passes the Nu HTML Checker (vnu.jar from npm `vnu-jar`, run with Java)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

VNU = Path(__file__).parent / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_is_valid_html(built) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is not installed; the Nu HTML Checker needs it (`make test` installs it)")
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: run `make test-tools` (npm ci in tests/tools)")
    config, _ = built
    pages = sorted(str(p) for p in config.out.rglob("*.html"))
    assert len(pages) > 20
    done = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    messages = json.loads(done.stderr or "{}").get("messages", [])
    errors = [f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine', '?')}: {m['message']}"
              for m in messages if m.get("type") in ("error", "non-document-error")]
    assert done.returncode == 0 and not errors, "\n".join(errors[:40]) or done.stderr[-2000:]
