"""Clean a raw document: repair extraction mess, drop site chrome, rebuild paragraphs.

Cleaning runs in four passes, each an ordered list of small named rules:

1. CHAR_RULES: whole-text repairs that keep the line count (control characters,
   mojibake, width policy, pinyin glosses).
2. Chrome removal and metadata lines (patterns in data/chrome.yaml).
3. LINE_RULES on single raw lines (bold headlines doubled by PDF extraction),
   then join_wrapped_lines turns hard-wrapped lines back into paragraphs.
4. PARAGRAPH_RULES on joined paragraphs (spaces inside numbers and between
   Chinese characters, stray white space).

Width policy: Chinese text keeps full-width punctuation (，。：；！？（）); an ASCII
, ; : ! ? ( ) touching Chinese text is turned into its full-width form. Digits and
Latin letters are always half-width. The ideographic space counts as white space.
Every edit is recorded as a Change with its raw line number.
"""

from __future__ import annotations

import bisect
import re
import statistics
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .model import Change, CleanDocument, Paragraph, RawDocument

DATA = Path(__file__).parent / "data"

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』—…·"
HAN_RE = re.compile(f"[{HAN}]")
TERMINAL = "。！？!?…"
CLOSERS = "”’」』）)》"
SOFT_END = "，、；：,;:“‘（(《—-"
SENTENCE_PUNCT = re.compile(r"[，。；！？、,;!?]")
BULLET_START = re.compile(r"^[▲■◆●•★☆▶►]")
INDENT_RE = re.compile(r"^[ \t\u3000\u00a0]{1,8}(?=\S)")

Rule = Callable[[str], str]


# ---------------------------------------------------------------- pass 1: characters

CONTROL_RE = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff\ufffe]")


def strip_control_chars(text: str) -> str:
    """Remove control and zero-width characters that PDF and web extraction leave behind."""
    return CONTROL_RE.sub("", text)


def fix_mojibake(text: str) -> str:
    """Repair text that was decoded with the wrong encoding (UTF-8 read as Latin-1 and the like)."""
    import ftfy

    if text.isascii() or not _MOJIBAKE_HINT.search(text):
        return text
    return ftfy.fix_text(
        text,
        unescape_html=False,
        uncurl_quotes=False,
        fix_character_width=False,
        fix_line_breaks=False,
        normalization=None,
        remove_control_chars=False,
        fix_latin_ligatures=False,
    )


_MOJIBAKE_HINT = re.compile("[\u00c0-\u00ff][\u0080-\u00bf\u2018-\u203a\u0152-\u0178]|â€")

FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05\uff0e]")


def halfwidth_alnum(text: str) -> str:
    """Write full-width digits and Latin letters (１２ＡＢ) as half-width ones."""
    return FULLWIDTH_ALNUM.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


_ASCII_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_PUNCT_AFTER_HAN = re.compile(f"(?<=[{HAN}”’）》])([,;!?])|(?<=[{HAN}”’）》]):(?!\\d)")
_PUNCT_BEFORE_HAN = re.compile(f"(?<![0-9]),(?=[{HAN}“‘（《])")
_PAREN_HAN = re.compile(f"\\(([^()\\n]{{0,60}}[{HAN}][^()\\n]{{0,60}})\\)")


def fullwidth_cjk_punct(text: str) -> str:
    """Write ASCII , ; : ! ? and parentheses that touch Chinese text in their full-width forms."""
    text = _PUNCT_AFTER_HAN.sub(lambda m: _ASCII_TO_FULL[m.group()], text)
    text = _PUNCT_BEFORE_HAN.sub("，", text)
    return _PAREN_HAN.sub(r"（\1）", text)


PINYIN_GLOSS = re.compile(
    f"(?<=[{HAN}])\\(([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*)\\)|(?<=[{HAN}])（([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*)）"
)


def drop_pinyin_glosses(text: str) -> str:
    """Remove pinyin glosses glued after characters by converters (發(fā) -> 發)."""
    return PINYIN_GLOSS.sub("", text)


CHAR_RULES: tuple[Rule, ...] = (
    fix_mojibake,
    strip_control_chars,
    halfwidth_alnum,
    fullwidth_cjk_punct,
    drop_pinyin_glosses,
)


# ---------------------------------------------------------------- pass 3: single lines


def _doubled_parse(s: str) -> list[str] | None:
    """Split s into units that each appear twice in a row, or return None."""
    n = len(s)
    best: list[list[str] | None] = [None] * (n + 1)
    best[n] = []
    for i in range(n - 1, -1, -1):
        for size in range((n - i) // 2, 0, -1):
            unit = s[i : i + size]
            if s[i + size : i + 2 * size] == unit and best[i + 2 * size] is not None:
                best[i] = [unit, *best[i + 2 * size]]  # type: ignore[misc]
                break
    return best[0]


def undouble_bold_heading(line: str) -> str:
    """Repair a headline whose every character or phrase PDF extraction printed twice (迎疫而上迎疫而上)."""
    core = line.strip()
    if len(core) < 4 or len(core) > 80 or SENTENCE_PUNCT.search(core.replace("、", "")):
        return line
    units = _doubled_parse(core)
    if not units or len(units) * 2 > len(core) or not any(len(u) > 1 for u in units) and len(units) < 3:
        return line
    out = units[0]
    for a, b in zip(units, units[1:]):
        out += (" " if len(a) > 1 and len(b) > 1 else "") + b
    return out


LINE_RULES: tuple[Rule, ...] = (undouble_bold_heading,)


# ---------------------------------------------------------------- pass 4: paragraphs

SPACED_DIGITS = re.compile(r"(?<=\d)[ \u3000]+(?=\d)")
SPACED_DECIMAL = re.compile(r"(?<=\d)[ \u3000]*\.[ \u3000]*(?=\d)")
SPACE_HAN_DIGIT = re.compile(f"(?<=[{HAN}{CJK_PUNCT}])[ \\u3000]+(?=[0-9])|(?<=[0-9%])[ \\u3000]+(?=[{HAN}{CJK_PUNCT}])")


def join_spaced_digits(text: str) -> str:
    """Remove spaces PDF extraction put inside numbers (1 6市 -> 16市, 2 . 5亿 -> 2.5亿)."""
    text = SPACED_DIGITS.sub("", text)
    text = SPACED_DECIMAL.sub(".", text)
    return SPACE_HAN_DIGIT.sub("", text)


SPACE_AROUND_CJK_PUNCT = re.compile(f"[ \\u3000]+(?=[{CJK_PUNCT}])|(?<=[{CJK_PUNCT}])[ \\u3000]+")
SPACE_BETWEEN_HAN = re.compile(f"(?<=[{HAN}])[ \\u3000]+(?=[{HAN}])")
LETTER_SPACED = re.compile(f"[{HAN}{CJK_PUNCT}][ \\u3000][{HAN}{CJK_PUNCT}][ \\u3000][{HAN}{CJK_PUNCT}]")


def close_cjk_spacing(text: str) -> str:
    """Remove spaces between Chinese characters (领 导 干 部) and around Chinese punctuation.

    A headline line keeps the single spaces that separate its phrases (走在前 作表率);
    body text, which has sentence punctuation, never needs them.
    """
    text = SPACE_AROUND_CJK_PUNCT.sub("", text)
    if is_heading_like(text) and not LETTER_SPACED.search(text):
        return text
    kept = [(m.start(), m.end()) for m in BYLINE_PAREN.finditer(text) if not LETTER_SPACED.search(m.group())]
    if not kept:
        return SPACE_BETWEEN_HAN.sub("", text)
    out, pos = [], 0
    for start, end in kept:
        out.append(SPACE_BETWEEN_HAN.sub("", text[pos:start]))
        out.append(text[start:end])
        pos = end
    out.append(SPACE_BETWEEN_HAN.sub("", text[pos:]))
    return "".join(out)


BYLINE_PAREN = re.compile(r"[（(][^（）()\n]{0,30}(?:记者|通讯员|报道|摄)[^（）()\n]{0,30}[）)]")


MULTI_SPACE = re.compile(r"[ \t\u3000\u00a0]{2,}")


def collapse_whitespace(text: str) -> str:
    """Trim a paragraph and fold runs of white space into one space."""
    return MULTI_SPACE.sub(" ", text.replace("\t", " ")).strip()


PARAGRAPH_RULES: tuple[Rule, ...] = (
    join_spaced_digits,
    close_cjk_spacing,
    collapse_whitespace,
)


def is_heading_like(text: str) -> bool:
    """Tell whether a line reads as a headline: short and without sentence punctuation."""
    core = text.strip()
    return 0 < len(core) <= 40 and not HEADING_STOP.search(core) and not core.endswith(tuple(TERMINAL))


HEADING_STOP = re.compile(r"[，。；！？,;!?]")


# ---------------------------------------------------------------- chrome


@dataclass(frozen=True)
class ChromeRules:
    anywhere: tuple[re.Pattern[str], ...]
    edges: tuple[re.Pattern[str], ...]
    meta: tuple[tuple[str, re.Pattern[str]], ...]


@lru_cache(maxsize=1)
def chrome_rules() -> ChromeRules:
    """Load the site-chrome patterns from data/chrome.yaml."""
    data = yaml.safe_load((DATA / "chrome.yaml").read_text(encoding="utf-8"))
    return ChromeRules(
        anywhere=tuple(re.compile(p) for p in data.get("anywhere") or ()),
        edges=tuple(re.compile(p) for p in data.get("edges") or ()),
        meta=tuple((k, re.compile(v)) for k, v in (data.get("meta") or {}).items()),
    )


DATE_LINE = re.compile(r"[0-9０-９年月日/.\-:： ]+")
DATE_PARTS = re.compile(r"((?:19|20)\d{2})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})")


def _is_body_line(text: str) -> bool:
    return len(text) >= 10 and bool(re.search("[，。]", text))


def remove_chrome(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[Paragraph], list[tuple[str, str]]]:
    """Drop site chrome lines; return kept lines, removed lines and metadata found."""
    rules = chrome_rules()
    content = [(n, t.strip()) for n, t in lines if t.strip()]
    body_numbers = [n for n, t in content if _is_body_line(t)]
    first_body = body_numbers[0] if body_numbers else 0
    last_body = body_numbers[-1] if body_numbers else 0
    drop: set[int] = set()
    meta: list[tuple[str, str]] = []
    pending_key: str | None = None
    pending_date: list[str] = []

    for idx, (n, t) in enumerate(content):
        at_edge = bool(body_numbers) and (n < first_body or n > last_body)
        if pending_key is not None:
            is_chrome = any(p.fullmatch(t) for p in (*rules.anywhere, *rules.edges))
            if at_edge and len(t) <= 30 and not _is_body_line(t) and not is_chrome:
                meta.append((pending_key, t))
                drop.add(n)
                pending_key = None
                continue
            pending_key = None
        matched = False
        for key, pat in rules.meta:
            m = pat.fullmatch(t)
            if m and (at_edge or len(t) <= 40):
                value = m.group(1).strip()
                if value:
                    meta.append((key, value))
                else:
                    pending_key = key
                drop.add(n)
                matched = True
                break
        if matched:
            continue
        if at_edge and n < first_body and DATE_LINE.fullmatch(t) and re.search(r"\d", t):
            pending_date.append(t)
            drop.add(n)
            continue
        if any(p.fullmatch(t) for p in rules.anywhere) or (at_edge and any(p.fullmatch(t) for p in rules.edges)):
            drop.add(n)
    # runs of three or more very short lines at the edges are menus
    run: list[int] = []
    for n, t in [*content, (10**9, "x" * 99)]:
        if body_numbers and (n < first_body or n > last_body) and len(t.replace(" ", "")) <= 8 and n not in drop:
            run.append(n)
            continue
        if len(run) >= 3:
            drop.update(run)
        run = []
    if pending_date:
        m = DATE_PARTS.search(" ".join(pending_date))
        if m:
            meta.append(("date", f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"))
    kept = [(n, t) for n, t in lines if n not in drop]
    removed = [Paragraph(t.strip(), n, n) for n, t in lines if n in drop]
    return kept, removed, meta


# ---------------------------------------------------------------- joining wrapped lines


SPACE_RE = re.compile(r"\s+")
NARROW_RE = re.compile("[\x00-\u1fff]")


def visual_width(text: str) -> float:
    """Width of a line in full-width character cells (ASCII counts half)."""
    ink = SPACE_RE.sub("", text)
    return len(ink) - 0.5 * len(NARROW_RE.findall(ink))


AGENCY_COLON = re.compile(f"^[{HAN}（）()]{{2,24}}[：:]")
BYLINE_START = re.compile(r"^(■|□|●)?\s*(本报记者|记者|通讯员|本报通讯员|文/|图/|摄影|文图|图文)")


def _ends_terminal(text: str) -> bool:
    t = text.rstrip()
    while t and t[-1] in CLOSERS:
        t = t[:-1]
    return bool(t) and t[-1] in TERMINAL


def _line_widths(lines: list[tuple[int, str]]) -> list[float]:
    """Estimate, for each line, the width its column was wrapped at."""
    widths = [visual_width(t) for _, t in lines]
    bodyish = [i for i, (_, t) in enumerate(lines) if SENTENCE_PUNCT.search(t) and widths[i] >= 6]
    out = []
    for i in range(len(lines)):
        lo, hi = bisect.bisect_left(bodyish, i - 6), bisect.bisect_right(bodyish, i + 6)
        near = [widths[j] for j in bodyish[lo:hi]]
        out.append(statistics.median(near) if near else 0.0)
    return out


def join_wrapped_lines(lines: list[tuple[int, str, bool]]) -> list[Paragraph]:
    """Join hard-wrapped lines back into paragraphs; keep headings, bylines and list items apart.

    `lines` holds (raw line number, text, indented) for the non-blank lines, in order.
    """
    if not lines:
        return []
    plain = [(n, t) for n, t, _ in lines]
    widths = _line_widths(plain)
    paragraphs: list[Paragraph] = []
    cur: list[tuple[int, str]] = []
    cur_indent = False
    colon_headline = False

    def flush() -> None:
        if cur:
            text = _join_texts([t for _, t in cur])
            paragraphs.append(Paragraph(text, cur[0][0], cur[-1][0], cur_indent, tuple(t for _, t in cur)))

    for i, (n, t, indented) in enumerate(lines):
        if cur and _continues(cur, t, indented, widths[i - 1], colon_headline):
            cur.append((n, t))
            continue
        flush()
        cur = [(n, t)]
        cur_indent = indented
        colon_headline = bool(AGENCY_COLON.match(t)) and is_heading_like(t.replace("：", "").replace(":", ""))
    flush()
    return paragraphs


def _continues(cur: list[tuple[int, str]], nxt: str, nxt_indented: bool, width: float, colon_headline: bool) -> bool:
    """Decide whether line `nxt` continues the paragraph built so far in `cur`."""
    prev = cur[-1][1]
    if _ends_terminal(prev):
        return False
    if nxt_indented or BULLET_START.match(nxt) or BYLINE_START.match(nxt) or nxt.startswith(("——", "—")):
        return False
    if AGENCY_COLON.match(nxt) and is_heading_like(nxt):
        return False
    wp, wn = visual_width(prev), visual_width(nxt)
    if not width:
        # no sentence text nearby to tell the column width: only a dangling comma joins
        return prev.endswith(tuple(SOFT_END))
    wrapped = width < 40
    if not wrapped:
        # long-line text: a paragraph broken by a column or page break
        return wp >= 30 and not is_heading_like(nxt) and not is_heading_like(prev) and not BULLET_START.match(cur[0][1])
    if prev.endswith(tuple(SOFT_END)):
        return True
    prev_head = not SENTENCE_PUNCT.search(prev)
    nxt_head = not SENTENCE_PUNCT.search(nxt)
    if colon_headline:
        return len(cur) == 1 and nxt_head
    if prev_head and len(cur) == 1 and wp > width + 2 and "：" not in prev:
        return False
    if prev_head and nxt_head and wn < 0.6 * width:
        return False
    # the first line of a paragraph was indented in print, so it holds two characters less
    return wp >= width - (4.5 if len(cur) == 1 else 2.5)


def _join_texts(parts: list[str]) -> str:
    """Join the lines of one paragraph, keeping a space only between Latin words."""
    out = parts[0]
    for p in parts[1:]:
        if out and p and out[-1].isascii() and out[-1].isalpha() and p[0].isascii() and p[0].isalpha():
            out += " " + p
        else:
            out += p
    return out


# ---------------------------------------------------------------- the stage


def apply_rules(rules: tuple[Rule, ...], text: str, line: int, changes: list[Change]) -> str:
    """Run rules over text in order, recording each edit."""
    for rule in rules:
        new = rule(text)
        if new != text:
            changes.append(Change(rule.__name__, line, text, new))
            text = new
    return text


def clean(doc: RawDocument) -> CleanDocument:
    """Clean one raw document into paragraphs with provenance."""
    changes: list[Change] = []
    raw_lines = doc.text.split("\n")
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(raw_lines, start=1):
        lines.append((number, apply_rules(CHAR_RULES, line, number, changes)))
    kept, removed, meta = remove_chrome(lines)
    prepared: list[tuple[int, str, bool]] = []
    for number, line in kept:
        if not line.strip():
            continue
        indented = bool(INDENT_RE.match(line))
        text = apply_rules(LINE_RULES, line.strip(), number, changes)
        prepared.append((number, text, indented))
    paragraphs = []
    for para in join_wrapped_lines(prepared):
        if para.last_line > para.first_line:
            changes.append(Change("join_wrapped_lines", para.first_line, "\n".join(para.lines), para.text))
        text = apply_rules(PARAGRAPH_RULES, para.text, para.first_line, changes)
        if text:
            paragraphs.append(Paragraph(text, para.first_line, para.last_line, para.indented, para.lines))
    return CleanDocument(
        source=doc.source,
        paragraphs=tuple(paragraphs),
        removed=tuple(removed),
        changes=tuple(changes),
        meta=tuple(meta),
    )


def clean_text(text: str) -> str:
    """Clean a bare string; paragraphs separated by blank lines (for tests and tools)."""
    doc = RawDocument(source="<text>", text=text, sha256="")
    return "\n\n".join(p.text for p in clean(doc).paragraphs)
