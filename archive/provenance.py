"""Keep where every word came from: a report's raw lines and what cleaning changed in them.

The pipeline hands render a map source -> (RawDocument, CleanDocument). From it this
module writes data/provenance/<source>.json (the raw text, every change and removal,
with rule names and raw line numbers) and prepares the lines a report's source page shows.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Indel

from . import jsonfmt
from .model import Change, CleanDocument, RawDocument, Report

CONTEXT_LINES = 3
"""Raw lines shown before and after a report's span."""

Provenance = dict[str, tuple[RawDocument, CleanDocument]]


@dataclass(frozen=True)
class ChangeView:
    """One cleaning change as the source page shows it: the edit marked inside the text."""

    rule: str
    line: int
    after: str
    segments: tuple[tuple[str, str], ...]
    """("equal" | "delete" | "insert", text) pieces that turn before into after."""

    def diff_html(self) -> str:
        """The edit as HTML: deleted pieces in <del>, inserted ones in <ins> (built here: a page can hold hundreds)."""
        pieces = self.segments
        if HTML_SPECIAL.search("".join([text for _, text in pieces])):  # seldom: most edits hold nothing to escape
            pieces = tuple((op, escape_text(text)) for op, text in pieces)
        return "".join([DIFF_TAGS[op].format(text) for op, text in pieces])


DIFF_TAGS = {"equal": "{}", "delete": "<del>{}</del>", "insert": "<ins>{}</ins>"}


def escape_text(text: str) -> str:
    """Escape plain text for HTML exactly as Jinja's autoescape (markupsafe) does, without making a Markup object.

    Source pages escape hundreds of thousands of small pieces a build; markupsafe's wrapper costs more than the work.
    """
    if not HTML_SPECIAL.search(text):
        return text
    return (text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


HTML_SPECIAL = re.compile("[&<>'\"]")


LINE_BREAKS = re.compile("(↵+)")


@lru_cache(maxsize=4096)
def diff_segments(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """Split an edit into equal, deleted and inserted pieces (line breaks shown as ↵).

    The alignment is a longest common subsequence (rapidfuzz's Indel, in C: difflib took a quarter of a
    full build's CPU on joined newspaper lines). Between two equal pieces, what was deleted comes first
    and what was inserted after it. Remembered: reports cut from one raw file share context lines, so
    the same change is shown on several source pages.
    """
    before, after = before.replace("\n", "↵"), after.replace("\n", "↵")
    if "↵" not in after and "↵" in before and before.replace("↵", "") == after:
        # only line breaks joined, the commonest change: the one alignment keeps every other character
        return tuple(("delete" if piece[0] == "↵" else "equal", piece) for piece in LINE_BREAKS.split(before) if piece)
    return aligned_segments(before, after)


def aligned_segments(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """diff_segments by a longest common subsequence, line breaks already shown as ↵."""
    out: list[tuple[str, str]] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            out.append(("delete", "".join(deleted)))
            deleted.clear()
        if inserted:
            out.append(("insert", "".join(inserted)))
            inserted.clear()

    for tag, src_start, src_end, dest_start, dest_end in Indel.opcodes(before, after).as_list():
        if tag == "equal":
            if deleted or inserted:
                flush()
            out.append(("equal", before[src_start:src_end]))
        elif tag == "delete":
            deleted.append(before[src_start:src_end])
        else:
            inserted.append(after[dest_start:dest_end])
    flush()
    return tuple(out)


@dataclass(frozen=True)
class SourceView:
    """What a report's source page shows."""

    doc: RawDocument
    first: int
    last: int
    lines_html: str
    """The raw lines of the span and its context as <li> items (built here, not in the template: a source
    page can hold hundreds), each with its role ("own": its words are in this report; "span": inside the
    span, another report's or dropped; "removed": dropped by cleaning; "context") as a class and in words."""
    changes: tuple[ChangeView, ...]
    removed: tuple[Any, ...]
    total_lines: int

    def changes_html(self, rules: dict[str, str]) -> str:
        """The cleaning changes as <li> items, each rule also in words from `rules` (a page can list hundreds)."""
        return "\n".join(change_html(c, rules) for c in self.changes)


def change_html(change: ChangeView, rules: dict[str, str]) -> str:
    """One cleaning change of a source page: its raw line, its rule (in words and by name) and the edit marked."""
    words, rule = escape_text(rules.get(change.rule, change.rule)), escape_text(change.rule)
    return (f'  <li><a href="#L{change.line}">第 {change.line} 行</a> · {words} <code class="rule">{rule}</code>\n'
            f'    <p class="diff">{change.diff_html()}</p></li>')


ROLE_WORDS = {"own": "本篇", "span": "范围内", "removed": "已删除", "context": "上下文"}
"""What a screen reader says before each raw line: the colour legend in words."""


LINE_LABELS = {
    (role, changed): f'class="{role}{" changed" if changed else ""}"><span class="visually-hidden">'
                     f'{words}{"，已改动" if changed else ""}：</span>'
    for role, words in ROLE_WORDS.items() for changed in (False, True)
}
"""The class and the screen-reader words of a raw line, by (role, changed): made once, not once per line."""


@dataclass(frozen=True)
class SourceFile:
    """What the source pages of one raw file share, worked out once per file (and process)."""

    doc: RawDocument
    cleaned: CleanDocument
    starts: tuple[str, ...]
    """Per raw line (from line 1 at index 1), the start of its <li> up to its class."""
    ends: tuple[str, ...]
    """Per raw line, its text escaped (a no-break space when blank) and the closing tag."""
    removed_lines: frozenset[int]
    changes: tuple[Change, ...]
    """Every change, by raw line (stable: changes to one line keep their order)."""
    change_lines: tuple[int, ...]


_FILES: dict[tuple[int, int], SourceFile] = {}
"""SourceFile by id() of its raw document and cleaning record, which it holds, so the ids stay theirs while remembered."""


def source_file(doc: RawDocument, cleaned: CleanDocument) -> SourceFile:
    """The shared part of a raw file's source pages (remembered: a file's reports render one after another)."""
    key = (id(doc), id(cleaned))
    known = _FILES.get(key)
    if known is not None and known.doc is doc and known.cleaned is cleaned:
        return known
    raw = doc.text.split("\n")
    changes = tuple(sorted(cleaned.changes, key=lambda c: c.line))
    made = SourceFile(
        doc,
        cleaned,
        ("", *(f'  <li id="L{n}" value="{n}" ' for n in range(1, len(raw) + 1))),
        ("", *(f"{escape_text(t) if t.strip() else chr(0xA0)}</li>" for t in raw)),
        frozenset(n for p in cleaned.removed for n in range(p.first_line, p.last_line + 1)),
        changes,
        tuple(c.line for c in changes),
    )
    if len(_FILES) >= 64:
        _FILES.clear()
    _FILES[key] = made
    return made


def provenance_record(doc: RawDocument, cleaned: CleanDocument) -> dict[str, Any]:
    """The JSON record of one raw file: its text, changes and removals."""
    return {
        "source": doc.source,
        "sha256": doc.sha256,
        "encoding": doc.encoding,
        "kind": doc.kind,
        "lines": doc.text.split("\n"),
        "changes": [{"rule": c.rule, "line": c.line, "before": c.before, "after": c.after} for c in cleaned.changes],
        "removed": [{"first_line": p.first_line, "last_line": p.last_line, "text": p.text} for p in cleaned.removed],
    }


UNSAFE_NAME = re.compile(r"[^\w.\-\u3400-\u9fff]|\.\.")


def provenance_path(source: str) -> str:
    """The site path of a raw file's provenance record: the file's name, made safe for any server."""
    safe = UNSAFE_NAME.sub("_", source)[:100]
    if safe != source:
        safe += "-" + hashlib.sha1(source.encode("utf-8")).hexdigest()[:8]
    return f"data/provenance/{safe}.json"


def write_provenance(provenance: Provenance, out: Path) -> None:
    """Write data/provenance/<source>.json for every raw file."""
    for source in sorted(provenance):
        doc, cleaned = provenance[source]
        path = out / provenance_path(source)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as f:
            f.write(jsonfmt.dumps(provenance_record(doc, cleaned)) + "\n")  # one write, not one per token


def own_lines(r: Report, cleaned: CleanDocument) -> set[int]:
    """Raw line numbers whose cleaned paragraph appears in this report (title or text)."""
    first, last = r.raw_span
    words = f"{r.title}\n{r.subtitle or ''}\n{r.kicker or ''}\n{r.text}"
    out: set[int] = set()
    for p in cleaned.paragraphs:
        if p.last_line < first or p.first_line > last:
            continue
        if p.text.strip() and p.text.strip() in words:
            out.update(range(p.first_line, p.last_line + 1))
    return out


def source_view(r: Report, provenance: Provenance) -> SourceView | None:
    """Prepare the raw lines of a report's span (with context), marking its own, changed and removed lines."""
    if r.source not in provenance or not r.raw_span[0]:
        return None
    doc, cleaned = provenance[r.source]
    f = source_file(doc, cleaned)
    total = len(f.starts) - 1
    first, last = r.raw_span
    own = own_lines(r, cleaned)
    lo, hi = bisect.bisect_left(f.change_lines, first), bisect.bisect_right(f.change_lines, last)
    changes, changed = f.changes[lo:hi], set(f.change_lines[lo:hi])
    removed_lines, starts, ends, labels = f.removed_lines, f.starts, f.ends, LINE_LABELS
    html = []
    for n in range(max(1, first - CONTEXT_LINES), min(total, last + CONTEXT_LINES) + 1):
        if n in removed_lines:
            role = "removed"
        elif first <= n <= last:
            role = "own" if n in own else "span"
        else:
            role = "context"
        html.append(starts[n] + labels[role, n in changed] + ends[n])
    removed = tuple(p for p in cleaned.removed if p.last_line >= first and p.first_line <= last)
    views = tuple(ChangeView(c.rule, c.line, c.after, diff_segments(c.before, c.after)) for c in changes)
    return SourceView(doc, first, last, "\n".join(html), views, removed, total)
