"""Clean a raw document: repair extraction mess, drop site chrome, rebuild paragraphs.

Cleaning runs in four passes, each an ordered list of small named rules:

1. CHAR_RULES: whole-text repairs that keep the line count (control characters,
   mojibake, width policy, pinyin glosses).
2. Chrome removal and metadata lines (patterns in data/chrome.yaml).
3. LINE_RULES on single raw lines (bold headlines doubled by PDF extraction),
   then table_rows finds space-aligned tables and join_wrapped_lines turns
   hard-wrapped lines back into paragraphs.
4. PARAGRAPH_RULES on joined paragraphs (spaces inside numbers and between
   Chinese characters, stray white space); a table row is one paragraph whose
   cells, each cleaned by CELL_RULES, are separated by tabs.

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
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

try:  # the regex parser, to tell which characters a chrome pattern's matches can start with
    import re._constants as _sre
    import re._parser as _sre_parser
except ImportError:  # Python before 3.11
    import sre_constants as _sre
    import sre_parse as _sre_parser

from .agencies import YAML_LOADER, agency_at_start
from .dates import arabic_dates
from .model import Change, CleanDocument, Paragraph, RawDocument
from .search import fold

DATA = Path(__file__).parent / "data"

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』—…·"
HAN_RE = re.compile(f"[{HAN}]")
TERMINAL = "。！？!?…"
CLOSERS = "”’」』）)》"
SOFT_END = "，、；：,;:“‘（(《—-"
TERMINAL_ENDS, SOFT_ENDS = tuple(TERMINAL), tuple(SOFT_END)
"""The same characters as tuples, for str.endswith."""
SENTENCE_PUNCT = re.compile(r"[，。；！？、,;!?]")
BULLET_START = re.compile(r"^[▲■◆●•★☆▶►]")
LIST_START = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩])")
INDENT_RE = re.compile(r"^(?! \d| [\u4e00-\u9fff] [\u4e00-\u9fff])[ \t\u3000\u00a0]{1,8}(?=\S)")
"""A line's indent; one space before a number ( 3 6 批次, 6月1 / 5曰) or a letter-spaced word (各级领 / 导 干 部要…)
is the spacing OCR or a PDF put in it, no indent."""

Rule = Callable[[str], str]

# Regex form: the patterns that re runs over every character of a text start with the
# character a match begins with (a space, a comma), and a lookbehind after it checks what
# stands before: `[ ](?<=[汉].)` rather than `(?<=[汉])[ ]`. re then skips straight to the
# next candidate character instead of trying the whole pattern at every position, which is
# several times faster. tests/test_clean_regex_forms.py checks each against its plain form.


# ---------------------------------------------------------------- pass 1: characters

CONTROL_RE = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200d\u2060\ufeff\ufffe]")
C1_RE = re.compile("[\u0080-\u009f]")


def strip_control_chars(text: str) -> str:
    """Remove control and zero-width characters that PDF and web extraction leave behind."""
    return CONTROL_RE.sub("", text)


def fix_mojibake(text: str) -> str:
    """Repair text that was decoded with the wrong encoding (UTF-8 read as Latin-1 and the like).

    ftfy reads mojibake with its C1 control characters; the ones left after a repair are
    dropped and the repair is tried again, until the text stops changing.
    """
    for _ in range(4):
        if text.isascii() or not (_MOJIBAKE_HINT.search(text) or C1_RE.search(text)):
            return text
        import ftfy  # only now: most texts have no mojibake, and importing ftfy takes a while

        fixed = C1_RE.sub("", ftfy.fix_text(
            text,
            unescape_html=False,
            uncurl_quotes=False,
            fix_character_width=False,
            fix_line_breaks=False,
            normalization=None,
            remove_control_chars=False,
            fix_latin_ligatures=False,
        ))
        if fixed == text:
            return text
        text = fixed
    return text


_MOJIBAKE_HINT = re.compile("[\u00c0-\u00ff][\u0080-\u00bf\u2018-\u203a\u0152-\u0178]|â€")

FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05\uff0e]")


def halfwidth_alnum(text: str) -> str:
    """Write full-width digits and Latin letters (１２ＡＢ) as half-width ones."""
    return FULLWIDTH_ALNUM.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


_ASCII_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
# one branch per character (not [,;!?]) so that re sees the set of first characters
_PUNCT_AFTER_HAN = re.compile(f"(?:,|;|!|\\?|:(?!\\d))(?<=[{HAN}”’）》].)")
_PUNCT_AFTER_HAN_SPACED = re.compile(f"(?<=[{HAN}”’）》])[ \\u3000]+(,|;|!|\\?|:(?!\\d))")
"""… and after a space that follows Chinese text (以下简称“工委” :), the space going with it."""
_PUNCT_BEFORE_HAN = re.compile(f",(?<![0-9],)(?=[{HAN}“‘（《])")
_PAREN_HAN = re.compile(f"\\(([^()\\n]{{0,60}}[{HAN}][^()\\n]{{0,60}})\\)")


def fullwidth_cjk_punct(text: str) -> str:
    """Write ASCII , ; : ! ? and parentheses that touch Chinese text in their full-width forms."""
    text = _PUNCT_AFTER_HAN.sub(lambda m: _ASCII_TO_FULL[m.group()], text)
    text = _PUNCT_AFTER_HAN_SPACED.sub(lambda m: _ASCII_TO_FULL[m.group(1)], text)
    text = _PUNCT_BEFORE_HAN.sub("，", text)
    return _PAREN_HAN.sub(r"（\1）", text)


PINYIN_GLOSS = re.compile(
    f"\\((?<=[{HAN}].)([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*)\\)|（(?<=[{HAN}].)([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*)）"
)


def drop_pinyin_glosses(text: str) -> str:
    """Remove pinyin glosses glued after characters by converters (發(fā) -> 發)."""
    return PINYIN_GLOSS.sub("", text)


EMOJI_CHARS = "\U0001f000-\U0001faff\u2728\u2733\u2734\u2747\u2764\u2b50\u2b55\u2705\u274c\u2753-\u2757\u27a1\ufe0f\u20e3"
EMOJI = re.compile(f"[{EMOJI_CHARS}]+")
"""Pictographs a phone app's article decorates its lines with (👆, 🔔, 🍽️, ✨); ★ ▲ ● stay (bullets, captions)."""
EMOJI_DECORATION = re.compile(f"(?<!^)(?<!\n)[{EMOJI_CHARS}]+|^[{EMOJI_CHARS}]+(?=[ \u3000]*$)", re.M)
"""Emoji but those opening a line of text, which mark a section heading as a bullet does (🔹 聚焦重点)."""


def drop_emoji(text: str) -> str:
    """Drop emoji, decoration never part of the text: a row of them, those inside and after a line's text."""
    return EMOJI_DECORATION.sub("", text) if not text.isascii() else text


OCR_ONE = re.compile(r"(?<![A-Za-z])[lI](?=\d{1,3}(?:\d|[年月日]))")
"""A letter l or I that OCR read for a 1 in a date (l996年7月15日): never a word there."""
OCR_ZERO = re.compile(r"(?<=\d)[Oo](?=\d|[年月日])")
"""… and a letter O for a 0 after a digit (2O23年)."""
OCR_RI = re.compile("(?<=月[0-9一二三四五六七八九十]{1})曰|(?<=月[0-9一二三四五六七八九十]{2})曰|(?<=月[一二三四五六七八九十]{3})曰")
"""A 曰 that OCR read for the 日 closing a day (六月十八曰, 6月15曰): never a word there."""
OCR_LING = re.compile("(?<=[一二三四五六七八九〇○零])[OoО](?=[一二三四五六七八九〇○零年])")
"""… and for the 〇 of a year in Chinese numerals (一九九O年)."""


OCR_DIGIT_YEAR = re.compile("[一二三四五六七八九〇○零][0一二三四五六七八九〇○零]+年")
"""A year in Chinese numerals with an Arabic 0 read for its 〇 (二00九年)."""


def ocr_dates(text: str) -> str:
    """A line's dates as OCR should have read them (l996年 -> 1996年, 一九九O年 -> 一九九〇年, 二00九年 -> 二〇〇九年), for reading its
    date only: the text keeps what was printed, misreads and all, as the scan shows it."""
    if "l" in text or "I" in text:
        text = OCR_ONE.sub("1", text)
    if "O" in text or "o" in text or "О" in text:
        text = OCR_ZERO.sub("0", text)
        text = OCR_LING.sub("〇", text)
    if "曰" in text:
        text = OCR_RI.sub("日", text)
    if "0" in text and "年" in text:
        text = OCR_DIGIT_YEAR.sub(lambda m: m.group().replace("0", "〇"), text)
    return text


STRAY_MARK_END = re.compile("([。！？”])[ \u3000]*[丨|`•·'](?=[ \u3000]*$)", re.M)
"""A speck the scanner read after a sentence's end (…修复 3 1 处。丨, …6 万亩。`)."""


def drop_scanner_specks(text: str) -> str:
    """Drop a speck a scanner left after a sentence at the end of its line."""
    if not any(c in text for c in SPECKS):
        return text
    return STRAY_MARK_END.sub(r"\1", text)


SPECKS = "丨|`•·'"


CHAR_RULES: tuple[Rule, ...] = (
    strip_control_chars,
    drop_emoji,
    fix_mojibake,
    halfwidth_alnum,
    drop_scanner_specks,
    drop_pinyin_glosses,  # before the punctuation rule, which must see the text the gloss hid (發(fā)! -> 發！)
    fullwidth_cjk_punct,
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


def _opens_doubled(s: str) -> bool:
    """Tell whether s opens with a unit printed twice (迎疫迎疫…): s[:k] == s[k:2k] for some k."""
    k = s.find(s[0], 1)
    while 0 < k <= len(s) // 2:  # the unit's second copy starts where its first character recurs
        if s.startswith(s[:k], k):
            return True
        k = s.find(s[0], k + 1)
    return False


def undouble_bold_heading(line: str) -> str:
    """Repair a headline whose every character or phrase PDF extraction printed twice (迎疫而上迎疫而上)."""
    core = line.strip()
    if len(core) < 4 or len(core) > 80 or HEADING_STOP.search(core) or not HAN_RE.search(core):
        return line  # a headline has Chinese words; 00000000 or ---- is not a doubled one
    if (twice := SPACED_TWICE.fullmatch(core)) and len(twice.group(1)) >= 4 and len(HAN_RE.findall(twice.group(1))) >= 2:
        return twice.group(1)  # the whole line twice, a space between (炼铁总厂 炼铁总厂)
    if not _opens_doubled(core):
        return line  # a doubled line opens with a doubled unit
    units = _doubled_parse(core)
    if not units or len(units) * 2 > len(core) or not any(len(u) > 1 for u in units) and len(units) < 3:
        return line
    once = "".join(units)
    if _doubled_parse(once):
        return line  # doubled twice over (党建党建党建党建): no telling which half is the text
    out = units[0]
    for a, b in zip(units, units[1:], strict=False):
        out += (" " if len(a) > 1 and len(b) > 1 else "") + b
    return out


SPACED_TWICE = re.compile("(\\S(?:.*?\\S)?)[ \u3000]+\\1")
"""A line printed twice with a space between its copies (炼铁总厂 炼铁总厂, 抓紧春耕 不误农时 抓紧春耕 不误农时)."""


DOUBLED_RUN = re.compile(r"(?:(.)\1){4,}")
"""Four or more characters each printed twice in a row (““茶茶旅旅融融合合””): a bold phrase PDF extraction doubled."""


def undouble_bold_run(line: str) -> str:
    """Repair a headline's phrase whose every character PDF extraction printed twice, the rest printed once
    (黎平：““茶茶旅旅融融合合””绘就… -> 黎平：“茶旅融合”绘就…); real doubled words come one or two at a time."""
    core = line.strip()
    if len(core) > 60 or HEADING_STOP.search(core) or not DOUBLED_RUN.search(core):
        return line

    def once(m: re.Match[str]) -> str:
        run = m.group()[::2]
        return run if len(set(run)) >= 3 and len(HAN_RE.findall(run)) >= 2 else m.group()

    return DOUBLED_RUN.sub(once, line)


MEDIA_TAG = re.compile(r"^[\[【［](?:视频|音频|图文|组图|图集|直播|视頻|圖文)[\]】］][ \u3000]*(?=\S)")
"""A web page's mark of the medium before a headline ([视频]交通运输部：…)."""


def drop_media_tags(line: str) -> str:
    """Take a medium's mark off the front of a line ([视频]标题 -> 标题)."""
    return MEDIA_TAG.sub("", line) if line[:1] in "[【［" else line


CLOSING_TOPIC_TAGS = re.compile(r"(?<=[。！？!?”])(?:[ \u3000]*#[\u4e00-\u9fffA-Za-z][^#\s]{1,29}#)+[ \u3000]*$")
"""A post's topic tags after its last sentence (…不要私拉乱接电线！#赣州身边事#): the platform's labels, not its text."""


def drop_closing_topic_tags(line: str) -> str:
    """Take a post's topic tags off the end of its text (…电线！#赣州身边事# -> …电线！)."""
    return CLOSING_TOPIC_TAGS.sub("", line) if line.endswith("#") else line


SCRIPT_CUE = re.compile(
    r"^(?:【(?:主持人口播导语|主持人口播|主持人导语|口播导语|主持人|播音员?|导语|正文|同期声|同期|现场声|解说词?|画面|字幕|配音|"
    r"标题|串词|口播)】|[（(](?:主持人|男主持|女主持|播音员?|口播)[）)])[ \u3000]*(?=\S)"
)
"""A broadcast script's cue before what is said or shown ([主持人口播导语]今天上午，…, （主持人）5月9日，…)."""


def drop_script_cues(line: str) -> str:
    """Take a broadcast script's cue off the front of a line (【标题】… -> …, 【同期声】旗委书记 巴特尔：… -> …)."""
    return SCRIPT_CUE.sub("", line) if line[:1] in "【（(" else line


NUMBER_ROW = re.compile(r"\d+(?:[ \u3000]\d+){4,}")
"""A line of five numbers or more and nothing else, one space apart: a table's row (16 1 0 0 0 0 17)."""


ROW_OF_DIGITS = 8
"""The fewest one-digit numbers a line alone holds that are a table's row, not a number letter-spaced."""


def number_rows_to_cells(line: str) -> str:
    """Set a row of numbers that a PDF gave one space apart (16 1 0 0 0 0 17) into cells, so that it is kept
    as a table row and not read as one letter-spaced number (161000017).

    A line of one-digit numbers alone may be a number letter-spaced (1 8 6 5 0): it is a row only when no
    number starts with its 0 (0 0 0 0 0), when it is too long for a number, or when its last cell is the
    total of the others (9 0 0 0 0 0 9), as a table's total column is.
    """
    if not line[:1].isdigit() or not NUMBER_ROW.fullmatch(line):
        return line
    cells = line.split()
    if all(len(c) == 1 for c in cells) and cells[0] != "0" and len(cells) < ROW_OF_DIGITS \
            and int(cells[-1]) != sum(map(int, cells[:-1])):
        return line
    return "\t".join(cells)


LINE_RULES: tuple[Rule, ...] = (
    drop_media_tags, drop_script_cues, drop_closing_topic_tags, undouble_bold_heading, undouble_bold_run,
    number_rows_to_cells,
)


# ---------------------------------------------------------------- pass 4: paragraphs

# PDF letter-spacing separates single digits (2 0 1 9, 7 6 0 0); numbers of several digits
# separated by a space are table columns (1200 1350) and stay apart
# and no year starts after a single digit (表1　2023年: a table's number, then its title)
SPACED_DIGITS = re.compile(
    r"[ \u3000](?:(?<=(?<!\d)\d.)[ \u3000]*(?=\d)(?!(?:19|20)\d\d年)|(?<=\d.)[ \u3000]*(?=\d(?!\d)))"
)
NUMBER_GAP = re.compile(r"[ \u3000](?:(?<=(?<!\d)\d\d.)|(?<=(?<!\d)\d\d\d.))[ \u3000]*(?=\d{3}(?!\d))")
SPACED_DECIMAL = re.compile(r"(?<=\d)[ \u3000]*\.[ \u3000]*(?=\d)")
SPACE_BEFORE_PERCENT = re.compile(r"(?<=\d)[ \u3000]+(?=[%‰])")
SPACE_HAN_DIGIT = re.compile(
    f"[ \\u3000](?:(?<=[{HAN}{CJK_PUNCT}].)[ \\u3000]*(?=[0-9])|(?<=[0-9%].)[ \\u3000]*(?=[{HAN}{CJK_PUNCT}]))"
)


def _has_space(text: str) -> bool:
    """Tell whether text holds a space or an ideographic space, which the spacing rules remove."""
    return " " in text or "\u3000" in text


def join_spaced_digits(text: str) -> str:
    """Remove spaces PDF extraction put inside numbers (1 6市 -> 16市, 2 . 5亿 -> 2.5亿)."""
    if not _has_space(text):
        return text  # every pattern here removes a space (2 . 5 -> 2.5; a bare 2.5 stays as it is)
    previous = None
    while previous != text:  # joining 2 0 makes 20, which may meet the next single digit
        previous, text = text, SPACED_DIGITS.sub("", text)
    if len(NUMBER_GAP.findall(text)) == 1:
        text = NUMBER_GAP.sub("", text)  # a thousands gap inside a number (13 730名), not a table row
    text = SPACED_DECIMAL.sub(".", text)
    text = SPACE_BEFORE_PERCENT.sub("", text)
    return SPACE_HAN_DIGIT.sub("", text)


SPACE_AROUND_CJK_PUNCT = re.compile(f"[ \\u3000](?:[ \\u3000]*(?=[{CJK_PUNCT}])|(?<=[{CJK_PUNCT}].)[ \\u3000]*)")
SPACE_BETWEEN_HAN = re.compile(f"[ \\u3000](?<=[{HAN}].)[ \\u3000]*(?=[{HAN}])")
LETTER_SPACED = re.compile(f"[{HAN}{CJK_PUNCT}][ \\u3000][{HAN}{CJK_PUNCT}][ \\u3000][{HAN}{CJK_PUNCT}]")


def close_cjk_spacing(text: str) -> str:
    """Remove spaces between Chinese characters (领 导 干 部) and around Chinese punctuation.

    A headline line keeps the single spaces that separate its phrases (走在前 作表率);
    body text, which has sentence punctuation, never needs them.
    """
    if not _has_space(text):
        return text  # every pattern here removes a space
    text = SPACE_AROUND_CJK_PUNCT.sub("", text)
    text = SPACED_LABEL.sub(lambda m: re.sub("[ \u3000]+", "", m.group()), text)  # 地　　址：, 联 系 人：
    if SPACED_PAIR.fullmatch(text):
        return re.sub("[ \u3000]+", "", text)  # a two-character heading set to a wider measure (公    安)
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


def _surnames() -> str:
    """The characters of data/surnames.txt: single-character surnames."""
    lines = (DATA / "surnames.txt").read_text(encoding="utf-8").splitlines()
    chars = "".join("".join(line.split()) for line in lines if not line.startswith("#"))
    return "".join(sorted(set(chars)))


PADDED_NAME = re.compile(
    f"(^|[：:、，,；;])([{_surnames()}])[ \u3000]{{1,3}}([{HAN}])(?=[、，,；;。]|[ \u3000]+[^ \u3000]{{2}}|[ \u3000]*$)"
)
"""A two-character name padded to the width of a list's three-character names (李　梅 市应急管理局局长,
成员：张　蕾、王　刚): at a paragraph's start or after a label's colon or a list's comma, followed by the
list's next comma, by the rest of its line after a space, or by nothing."""


def close_padded_names(text: str) -> str:
    """Close up a two-character name a list padded to its names' width (李　梅 -> 李梅), so that it reads and
    is found as one name; the space after it, which sets the name apart from its post, stays."""
    if not _has_space(text):
        return text
    return PADDED_NAME.sub(r"\1\2\3", text)


SPACED_PAIR = re.compile(f"[{HAN}][ \u3000]+[{HAN}]")
SPACED_LABEL = re.compile(f"^[{HAN}](?:[ \\u3000]+[{HAN}]){{1,3}}(?=[：:])")
"""A form's label spread to the width of the others (地　　址, 联 系 人), at a line's start before its colon."""
BYLINE_PAREN = re.compile(r"[（(][^（）()\n]{0,30}(?:记者|通讯员|报道|摄)[^（）()\n]{0,30}[）)]")


MULTI_SPACE = re.compile(r"[ \t\u3000\u00a0]{2,}")


def collapse_whitespace(text: str) -> str:
    """Trim a paragraph and fold runs of white space into one space."""
    return MULTI_SPACE.sub(" ", text.replace("\t", " ")).strip()


JUMP_MARK = re.compile(r"[（(](?:下转|上接|转|接)第?[一二三四五六七八九十\d]{1,3}版[)）]|[（(](?:下转|上接)[A-Z]?\d{1,2}[)）]")
"""A newspaper's jump line inside the text: （下转第二版） where a report leaves its page, （上接第一版) where it goes on."""
JUMP_IN = re.compile(r"^[（(](?:上接|接)第?[一二三四五六七八九十\d]{1,3}版[)）]|^[（(]上接[A-Z]?\d{1,2}[)）]")


def drop_jump_marks(text: str) -> str:
    """Take a newspaper's jump lines (（下转第二版）, （上接第一版）) out of a report joined across its pages."""
    if "转" not in text and "接" not in text:
        return text
    return JUMP_MARK.sub("", text)


def tabs_to_spaces(text: str) -> str:
    """Write tabs inside a paragraph as spaces, so the spacing rules after this one see them."""
    return text.replace("\t", " ")


PARAGRAPH_RULES: tuple[Rule, ...] = (
    tabs_to_spaces,
    drop_jump_marks,
    undouble_bold_heading,
    join_spaced_digits,
    close_padded_names,
    close_cjk_spacing,
    undouble_bold_heading,  # again: a letter-spaced headline printed twice (领 导 干 部 领 导 干 部) shows once closed
    collapse_whitespace,
)
CELL_RULES: tuple[Rule, ...] = (join_spaced_digits, close_cjk_spacing, collapse_whitespace)
"""The rules for one cell of a table row (table_rows), whose cells are kept apart."""


def is_heading_like(text: str) -> bool:
    """Tell whether a line reads as a headline: short and without sentence punctuation."""
    core = text.strip()
    return 0 < len(core) <= 60 and not HEADING_STOP.search(core) and not core.endswith(TERMINAL_ENDS)


HEADING_STOP = re.compile(r"[，。；！？,;!?]")


# ---------------------------------------------------------------- chrome


@dataclass(frozen=True)
class ChromeRules:
    anywhere: re.Pattern[str]
    anywhere_test: Callable[[str], bool]
    """Tells whether `anywhere` fullmatches a line, passing over most lines without a regex call."""
    edges: re.Pattern[str]
    meta: tuple[tuple[str, re.Pattern[str]], ...]
    meta_any: re.Pattern[str]
    """Matches where any of the meta patterns does (one call tells most lines apart)."""
    meta_keys: re.Pattern[str]
    edge_meta_keys: re.Pattern[str]
    """meta_keys and the keys that are metadata only before or after the text (地点, 主持人)."""
    page_header: re.Pattern[str]
    page_header_needs: re.Pattern[str]
    footer_start: re.Pattern[str]
    advert_end_test: Callable[[str], bool]
    """Tells whether one of the advert_end patterns fullmatches a line, as anywhere_test does for anywhere."""
    wechat_posted: re.Pattern[str]
    """A WeChat post's day, time and region under its account's name (2025年11月24日 18:00　山西)."""


def _any_of(patterns: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """One pattern that matches where any of the given ones does (one regex call per line)."""
    for p in patterns:
        re.compile(p)  # a bad pattern fails here, named by re's message
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)")


REPEATS = tuple(getattr(_sre, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_sre, name))


def _set_chars(items: list) -> set[str] | None:
    """The characters a parsed character set ([…]) matches, or None for a negated set, a category (\\d, \\s)
    or a wide range."""
    chars: set[str] = set()
    for iop, iav in items:
        if iop is _sre.LITERAL:
            chars.add(chr(iav))
        elif iop is _sre.RANGE and iav[1] - iav[0] < 512:
            chars.update(map(chr, range(iav[0], iav[1] + 1)))
        else:
            return None
    return chars


def _first_chars(seq: list) -> tuple[frozenset[str] | None, bool]:
    """The characters a match of a parsed pattern can start with (None: any or unknown), and whether it can be empty."""
    first: set[str] = set()
    for op, av in seq:
        if op is _sre.LITERAL:
            return frozenset(first | {chr(av)}), False
        if op is _sre.IN:
            chars = _set_chars(av)
            return (None, False) if chars is None else (frozenset(first | chars), False)
        if op is _sre.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                return None, False
            chars, empty = _first_chars(av[3])
        elif op is _sre.BRANCH:
            parts = [_first_chars(alt) for alt in av[1]]
            if any(c is None for c, _ in parts):
                return None, False
            chars = frozenset().union(*(c for c, _ in parts))
            empty = any(e for _, e in parts)
        elif op in REPEATS:
            chars, empty = _first_chars(av[2])
            empty = empty or av[0] == 0
        else:
            return None, False  # any character, an anchor, a lookaround, a back reference: no shortcut
        if chars is None:
            return None, False
        first |= chars
        if not empty:
            return frozenset(first), False
    return frozenset(first), True


def _first_words(seq: list) -> frozenset[str] | None:
    """The two-character strings every match of a parsed pattern starts with (订购热线|招商热线 -> 订购, 招商), or
    None when a match may start otherwise or with a single character."""
    if not seq:
        return None
    op, av = seq[0]
    if op is _sre.LITERAL:
        if len(seq) > 1 and seq[1][0] is _sre.LITERAL:
            return frozenset({chr(av) + chr(seq[1][1])})
        return None
    if op is _sre.SUBPATTERN and not av[1] & re.IGNORECASE:
        return _first_words(list(av[3]))
    if op is _sre.BRANCH:
        parts = [_first_words(list(alt)) for alt in av[1]]
        return None if any(w is None for w in parts) else frozenset().union(*parts)  # type: ignore[arg-type]
    return None


def _fullmatch_test(patterns: list[str] | tuple[str, ...]) -> Callable[[str], bool]:
    """A test equal to bool(_any_of(patterns).fullmatch(line)) that rejects most lines before any regex runs.

    Patterns whose matches start with one of a known set of characters are tried only on lines
    that start with one; patterns of the form `.{m,n}REST` only on lines holding a character
    that can start REST; the others on every line.
    """
    by_start: list[str] = []
    by_inner: list[str] = []
    by_words: list[str] = []
    inner_chars: set[str] = set()
    inner_words: set[str] = set()
    start_chars: set[str] = set()
    rest: list[tuple[str, list | None]] = []
    widths: dict[str, int] = {}
    for p in patterns:
        parsed = _sre_parse(p)
        if parsed is None:
            rest.append((p, None))
            continue
        widths[p] = parsed.getwidth()[1]
        chars, empty = _first_chars(list(parsed))
        if chars is not None and not empty:
            by_start.append(p)
            start_chars |= chars
            continue
        if parsed and parsed[0][0] in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and list(parsed[0][1][2]) == [(_sre.ANY, None)]:
            words = _first_words(list(parsed)[1:])
            if words:
                by_words.append(p)
                inner_words |= words
                continue
            chars, empty = _first_chars(list(parsed)[1:])
            if chars is not None and not empty:
                by_inner.append(p)
                inner_chars |= chars
                continue
        rest.append((p, parsed))
    start_re, inner_re = _any_of(by_start), _any_of(by_inner)
    starts = frozenset(start_chars)
    inner_search = re.compile("[" + "".join(map(re.escape, sorted(inner_chars))) + "]").search if inner_chars else None
    # the longest line a group's patterns can match whole: longer lines skip the group
    start_width = max((widths[p] for p in by_start), default=0)
    inner_width = max((widths[p] for p in by_inner), default=0)
    # … and the patterns of the form `.{m,n}REST` whose REST starts with one of a few words, only on lines holding one
    words_re = _any_of(by_words)
    words_width = max((widths[p] for p in by_words), default=0)
    words_search = re.compile("|".join(map(re.escape, sorted(inner_words)))).search if inner_words else None
    # each of the other patterns runs only on lines holding a character every match of it holds (a menu's bar)
    always: list[str] = []
    others: list[tuple[frozenset[str], re.Pattern[str]]] = []
    for p, parsed in rest:
        needed = _required_chars(list(parsed)) if parsed is not None else None
        if needed:
            others.append((needed, re.compile(p)))
        else:
            always.append(p)
    always_re = _any_of(always) if always else None
    needed_chars = frozenset().union(*(n for n, _ in others)) if others else frozenset()
    needed_search = re.compile("[" + "".join(map(re.escape, sorted(needed_chars))) + "]").search if others else None

    def test(line: str) -> bool:
        n = len(line)
        if n <= start_width and line[:1] in starts and start_re.fullmatch(line):
            return True
        if n <= inner_width and inner_search is not None and inner_search(line) and inner_re.fullmatch(line):
            return True
        if n <= words_width and words_search is not None and words_search(line) and words_re.fullmatch(line):
            return True
        if always_re is not None and always_re.fullmatch(line):
            return True
        if needed_search is None or not needed_search(line):
            return False
        present = set(line) & needed_chars
        return any(needed & present and pattern.fullmatch(line) for needed, pattern in others)

    return test


def _required_chars(seq: list) -> frozenset[str] | None:
    """Characters one of which every match of a parsed pattern holds (None when no such set is found)."""
    for op, av in seq:
        if op is _sre.LITERAL:
            return frozenset(chr(av))
        if op is _sre.IN:
            chars = _set_chars(av)
            if chars:
                return frozenset(chars)
        elif op is _sre.SUBPATTERN and not av[1] & re.IGNORECASE:  # (?i:a) matches A too: no character of it
            found = _required_chars(list(av[3]))
            if found:
                return found
        elif op in REPEATS and av[0] >= 1:
            found = _required_chars(list(av[2]))
            if found:
                return found
    return None


def _sre_parse(pattern: str) -> list | None:
    """The parsed form of a pattern, or None when it sets flags that change what a literal matches."""
    parsed = _sre_parser.parse(pattern)
    if parsed.state.flags & (re.IGNORECASE | re.DOTALL | re.VERBOSE):
        return None
    return parsed


def _spaced_key(key: str) -> str:
    """A metadata key as a pattern that also finds it letter-spaced (索 引 号：, 文　　号：)."""
    return "[ \u3000]*".join(map(re.escape, key))


def _key_pattern(keys: list[str]) -> re.Pattern[str]:
    """A pattern that finds any of the metadata keys and its colon, the longest key first."""
    return re.compile("(" + "|".join(sorted(map(_spaced_key, keys), key=len, reverse=True)) + ")[ \u3000]*[:：]")


@lru_cache(maxsize=1)
def chrome_rules() -> ChromeRules:
    """Load the site-chrome patterns from data/chrome.yaml."""
    data = yaml.load((DATA / "chrome.yaml").read_text(encoding="utf-8"), Loader=YAML_LOADER)
    posted = data.get("wechat_posted") or "(?!)"
    meta = {k: v.replace("{wechat_posted}", posted) for k, v in (data.get("meta") or {}).items()}
    return ChromeRules(
        anywhere=_any_of(data.get("anywhere") or ()),
        anywhere_test=_fullmatch_test(data.get("anywhere") or ()),
        edges=_any_of(data.get("edges") or ()),
        meta=tuple((k, re.compile(v)) for k, v in meta.items()),
        meta_any=_any_of(tuple(meta.values())),
        meta_keys=_key_pattern(data.get("meta_keys") or ["来源"]),
        edge_meta_keys=_key_pattern([*(data.get("meta_keys") or ["来源"]), *(data.get("edge_meta_keys") or ())]),
        page_header=re.compile(data.get("page_header") or "(?!)"),
        page_header_needs=re.compile(data.get("page_header_needs") or "(?!)"),
        footer_start=re.compile(data.get("footer_start") or "(?!)"),
        advert_end_test=_fullmatch_test(data.get("advert_end") or ()),
        wechat_posted=re.compile(posted),
    )


DATE_LINE = re.compile(r"[0-9０-９年月日/.\-:： ]+")
CONTENTS_SECTION = re.compile(r"[【\[［][^】\]］]{2,10}[】\]］]")
"""A section's name in a table of contents (【人事任免】), over its entries."""
FULL_DATE_LINE = re.compile(r"(?:19|20)\d{2}[ \u3000]*年[ \u3000]*\d{1,2}[ \u3000]*月[ \u3000]*\d{1,2}[ \u3000]*日")
"""A full date alone on its line (2025年5月6日): a signature's or a page's date, never a wrapped line's end."""
POSTED_KEY = re.compile(r"(?:发布时间|发布日期|发表时间)[:：][ \u3000]*(?:19|20)\d{2}[-/年.]")
"""A posting line's opening key and year (发布日期：2025-…), in the folded form."""
LEADING_DATETIME = re.compile(
    r"^((?:19|20)\d{2}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}\s*日?|\d{1,2}-\d{1,2}(?=\s+\d{1,2}:\d{2}))(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
)
"""A time stamp opening a metadata line: with its year, or month-day and a time (05-06 17:26:41), whose date is not kept."""
DATE_KEYS = ("发布时间", "发布日期", "發布日期", "發佈日期", "发表时间", "更新时间", "生成日期", "成文日期", "发文日期", "时间", "日期",
             "回复时间", "答复时间", "回复日期", "答复日期")
DROP_KEYS = ("浏览次数", "浏览量", "阅读量", "阅读次数", "点击数", "点击量", "访问量", "瀏覽次數", "阅读", "浏览", "点击", "访问",
             "字号", "字体", "字體", "点阅次数", "点阅")


def parse_meta_line(line: str, keys: re.Pattern[str], folded: str | None = None) -> list[tuple[str, str]] | None:
    """Read a line made only of metadata (2021-06-08 10:23 来源：新华网 作者：…) into (key, value) pairs.

    `folded` is the line folded to simplified characters (as long as the line, character for character):
    keys are looked for there (發佈機構 is 发布机构), values are taken from the line as printed."""
    t = line.strip()
    if not t or len(t) > 120 or "。" in t:
        return None
    f = folded.strip() if folded is not None and len(folded) == len(line) else t
    pairs: list[tuple[str, str]] = []
    lead = LEADING_DATETIME.match(t)
    if lead:
        pairs.append(("发布时间", lead.group(1)))
        rest = t[lead.end() :]
        cut = lead.end() + len(rest) - len(rest.lstrip(" \u3000|｜"))
        t, f = t[cut:].rstrip(" \u3000|｜"), f[cut:].rstrip(" \u3000|｜")
    if ":" not in t and "：" not in t:
        return pairs if pairs and not t else None  # every key is followed by a colon
    marks = list(keys.finditer(f))
    if not marks or t[: marks[0].start()].strip():
        return pairs if pairs and not t else None
    for m, nxt in zip(marks, [*marks[1:], None], strict=True):
        value = t[m.end() : nxt.start() if nxt else len(t)].strip(" \u3000|｜")
        pairs.append((m.group(1).replace(" ", "").replace("\u3000", ""), value))
    return pairs


def parse_item_meta(line: str) -> list[tuple[str, str]]:
    """The metadata a `key：value` line holds, named canonically (for an item's own line on a listing page)."""
    rules = chrome_rules()
    pairs = parse_meta_line(line, rules.meta_keys, fold(line))
    return _meta_pairs(pairs or [])


def _meta_pairs(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Name metadata canonically: dates become ("date", ISO), counters are dropped."""
    out: list[tuple[str, str]] = []
    for key, value in pairs:
        if key in DROP_KEYS or not value:
            continue
        if key in DATE_KEYS:
            m = DATE_PARTS.search(value)
            if m:
                out.append(("date", _iso(m)))
            elif m := ROC_DATE.match(value):  # 112-05-16: the 112th year of the Republic, 2023
                out.append(("date", _iso(m, 1911)))
            continue
        key = {"來源": "来源", "稿源": "来源", "信息来源": "来源", "文章来源": "来源", "撰稿": "作者", "回复单位": "发布机构",
               "答复单位": "发布机构", "回复部门": "发布机构", "答复部门": "发布机构", "办理单位": "发布机构"}.get(key, key)
        if key in ("来源", "作者") and (m := DATE_PARTS.search(value)) and m.start() > 0:
            # the date after the source on one line (来源：央视网 | 2023年11月08日 21:42)
            out.append(("date", _iso(m)))
            value = value[: m.start()].strip(" \u3000|｜")
            if not value:
                continue
        out.append((key, value))
    return out
DATE_PARTS = re.compile(r"((?:19|20)\d{2})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})")
def _iso(m: re.Match[str], year_offset: int = 0) -> str:
    """The ISO date of a DATE_PARTS or ROC_DATE match (year, month, day groups); ROC years add 1911."""
    return f"{int(m.group(1)) + year_offset:04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"


ROC_DATE = re.compile(r"(?:民国|民國)?(1[0-4]\d|[5-9]\d)\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})(?!\d)")
"""A date of the Republic of China calendar, used in Taiwan (112-05-16 is 2023-05-16), in a date field only."""


BREADCRUMB_MARK = re.compile("[>›»]")
IMAGE_PLACEHOLDER = re.compile(r"[\[【［](?:图片|图|图像|圖片|圖)[\]】］]")
"""An image a saved page kept only as a word in brackets; the short line under it is its caption."""
NOTICE_KIND = re.compile("(?:通知|公告|通告|公示|意见|办法|决定|通报|方案|规定|批复|答复|函|报告|请示|细则|规划)$")
NOTICE_TITLE = re.compile(f"^关于|{NOTICE_KIND.pattern}")
"""The title of an official document, which the issuing agency's name may open on a line of its own."""


def _is_body_line(text: str) -> bool:
    return len(text) >= 10 and ("，" in text or "。" in text) and not PAGE_NUMBER.fullmatch(text)


PAGE_NUMBER = re.compile(r"[—－\-–]\s*\d{1,3}\s*[—－\-–]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?")
"""A printed page's number on a line of its own (— 3 —, 第2页)."""


def running_heads(content: list[tuple[int, str]], page_starts: frozenset[int] = frozenset()) -> set[int]:
    """The lines a printed document repeats at the top or foot of its pages (承德市人民政府公报　　部门文件).

    A page begins after a form feed or a page-number line and ends before one; the line there is a running
    head when what it opens with, up to a wide gap, opens such a line on another page too."""
    numbers = [n for n, _ in content]
    at_break = {n for n in numbers if n in page_starts}
    for i, (_, t) in enumerate(content):
        if len(t) <= 12 and PAGE_NUMBER.fullmatch(t):
            at_break.update(numbers[j] for j in (i - 1, i + 1) if 0 <= j < len(numbers))
    if len(at_break) < 2:
        return set()
    if numbers:
        at_break.add(numbers[0])  # the file opens a page too
    keys: dict[int, set[str]] = {}
    # a jumped report's headline repeated over its rest (…召开 / （上接第一版）…) is no running head
    jumped = {n for (n, _), (_, u) in zip(content, content[1:], strict=False) if JUMP_IN.match(u.lstrip())}
    for n, t in content:
        if n in at_break and n not in jumped and len(t) <= 60 and not SENTENCE_PUNCT.search(t) and not PAGE_NUMBER.fullmatch(t):
            # what it opens or closes with, up to a wide gap: facing pages print the parts in either order
            # (2024年第2期　　宝鸡市人民政府公报 / 宝鸡市人民政府公报　　2024年第2期)
            parts = MULTI_SPACE.split(t)
            found = {key for key in (parts[0], parts[-1]) if len(key) >= 4}
            if found:
                keys[n] = found
    seen = Counter(key for found in keys.values() for key in found)
    return {n for n, found in keys.items() if any(seen[key] >= 2 for key in found)}


FOOTER_BLOCK = 12
"""The most lines a site's footer block holds (主办…, 地址…, ICP备…); past 6, half of them must be chrome."""


ITEM_DATE = re.compile(r"(?:19|20)\d{2}(?:-\d{1,2}-\d{1,2}|/\d{1,2}/\d{1,2}|\.\d{1,2}\.\d{1,2}|年\d{1,2}月\d{1,2}日)")
"""A full date with nothing else on its line (no time of day: a time stamp is a post's metadata)."""


PAGE_DAY = re.compile(r"(?:[^\s，。；]{1,30}[ \u3000\t]+)?(\d{1,2})\s*月\s*(\d{1,2})\s*日[ \u3000\t]*(?:星期|周)[一二三四五六日天](?:[ \u3000\t].{0,80})?")
"""A page's header with its day and weekday but no year (6月14日　星期五　责任编辑：罗 敏)."""
COMPILER_ENDS = ("办公室", "委员会", "人民政府", "局", "中心")
"""How a bulletin's compiler ends when the agency table does not know its whole name (…潭柘寺镇委员会办公室)."""
CN_YEAR = re.compile("[一二三四五六七八九〇○零]{4}年")
SPACE_IN_NUMBER = re.compile(r"(?<=\d) (?=\d)")
WIDE_GAP = re.compile("[ \u3000]{2,}$")
ISSUED_AT = re.compile(r"日\s*\d{1,2}\s*时(?:\s*\d{1,2}\s*分)?$")


CONTENTS_MARK = re.compile(f"^(?:[●•·▪◆■▶►★☆◎○◇]|{LIST_START.pattern.removeprefix('^')})[ \u3000]*")


CONTENTS_LEADER = re.compile(r".{0,80}?[…\.·．]{4,}\s*[（(]?\s*\d{1,4}\s*[)）]?")
"""A contents entry: its dotted leader and page number (…的通知…………（1））."""


def table_of_contents(content: list[tuple[int, str]], first_body: int, chrome: set[int]) -> set[int]:
    """The lines above the text that list the headlines printed below them (本期要目, 【导视】, 本版标题导航):
    two or more in a row, list marks aside, each of which a later headline line repeats (a bold headline
    may be printed twice: 区安委会召开…分析会区安委会召开…分析会). `chrome`: lines known to be chrome
    already, which neither count nor break the list; agencies' names alone are no items."""
    out: set[int] = set()
    run: list[int] = []
    nav: list[int] = []
    for idx, (n, t) in enumerate(content):
        if n >= first_body:
            break
        if n in chrome:
            continue  # a short item the menu patterns took already leaves the list unbroken
        item = "".join(CONTENTS_MARK.sub("", t).split())
        # a page's header with its day, repeated over the next page, is no entry (綦江日报  2024年6月5日  星期三)
        if 6 <= len(item) <= 40 and "。" not in item and not _is_one_agency(item) and not ITEM_DATE.search(item) \
                and _repeated_below(item, [(m, u) for m, u in content[idx + 1 :] if m not in chrome]):
            run.append(n)
            continue
        if NAV_ITEM.fullmatch(t):
            nav.append(n)
            continue
        _close_contents(run, nav, out)
        run, nav = [], []
    _close_contents(run, nav, out)
    return out


NAV_ITEM = re.compile("[·•][ \u3000]*[^，。；！？]{2,40}")
"""An item of an e-paper's or a site's list of headlines (· 吉首市开展冬季消防安全“十进”宣传)."""


def _close_contents(run: list[int], nav: list[int], out: set[int]) -> None:
    """Keep a list of headlines: two or more repeated below, or three or more bulleted ones, with the
    bulleted ones among them."""
    if len(run) >= 2 or len(run) + len(nav) >= 3 and len(nav) >= 2:
        out.update(run)
        out.update(nav)


def _is_one_agency(text: str) -> bool:
    """A line that is only an agency's name (岳阳市林业局), which a notice's signature repeats below."""
    found = agency_at_start(text, within=0)
    return found is not None and found.end == len(text)


def _repeated_below(item: str, below: list[tuple[int, str]]) -> bool:
    """Tell whether a headline line below repeats an item, printed twice by a bold font or wrapped over
    two lines (音德尔第三中学开展“石榴籽” / 主题教育实践活动)."""
    for k, (_, t) in enumerate(below):
        if len(t) <= 2 * len(item) + 12 and (item[:2] in t or item[0] * 2 in t):
            line = "".join(t.split())
            if len(line) <= 2 * len(item) + 6 and (item in line or item in undouble_bold_heading(line)):
                return True
            if len(line) < len(item) and item.startswith(line) and k + 1 < len(below) \
                    and item == line + "".join(below[k + 1][1].split()):
                return True
    return False


def _titles_photo_item(below: list[tuple[int, str]]) -> bool:
    """Tell whether the text under a line below an image is a photo news item's, closed by its photographer's
    credit before the next image ([图片] / 茶山吐翠采茶忙 / 4月15日，…茶农正忙着采摘春茶。… / （通讯员 林美玲 摄）):
    the line is that item's headline, not the image's caption."""
    for _, t in below:
        if IMAGE_PLACEHOLDER.fullmatch(t):
            return False
        if PHOTO_CREDIT_END.search(t.strip()):
            return True
    return False


def _site_footer(lines: list[tuple[int, str]], drop: set[int], last_body: int) -> set[int]:
    """The lines of a page's last block, below the text, when chrome found in it shows it is the site's
    footer: its address and post code go with its 主办 and ICP lines."""
    block: list[int] = []
    for n, t in reversed(lines):
        if not t.strip():
            if block:
                break
            continue
        block.append(n)
    chrome = sum(1 for n in block if n in drop)
    if not block or len(block) > FOOTER_BLOCK or min(block) <= last_body or not chrome \
            or (len(block) > 6 and 2 * chrome < len(block)):
        return set()
    text = dict(lines)
    if any(n not in drop and SIGNED_ON.fullmatch(text[n].strip()) for n in block):
        return set()  # a notice's signature and its day (雷山县文体广电旅游局 / 2023年11月2日) over a QR prompt
    # a rule under the page's last lines sets the footer apart (以赛促学 筑牢安全防线 / ===== / 鞍钢日报社出版…): a
    # headline printed under its text stands above it
    rule = next((n for n in sorted(block) if FOOTER_RULE.fullmatch(text[n].strip())), None)
    return {n for n in block if rule is None or n >= rule}


FOOTER_RULE = re.compile("[=＝\\-－—_━─═~～*＊]{5,}")
"""A rule across the page, drawn with a character repeated."""


SIGNED_ON = re.compile(r"[（(]?[ \u3000]*(?:19|20)\d\d[ \u3000]*年[ \u3000]*\d{1,2}[ \u3000]*月[ \u3000]*\d{1,2}[ \u3000]*日[ \u3000]*[)）]?")
"""A day alone on its line: the date under a notice's signature."""


ENGLISH_GLOSS = re.compile(
    r"(?<=[\u4e00-\u9fff])[ \u3000]+[A-Z][A-Za-z0-9+&'.-]*(?: [A-Za-z][A-Za-z0-9+&'.-]*){0,3}"
    r"(?=[ \u3000]*(?:[：:|｜>]|[ \u3000]{2}|[ \u3000]*[—-]{2}|$))"
)
"""An English label after its Chinese one on a bilingual site (首页 Home, 来源 Source：, 相关新闻 Related News)."""


def remove_chrome(lines: list[tuple[int, str]], page_starts: frozenset[int] = frozenset()
                  ) -> tuple[list[tuple[int, str]], list[Paragraph], list[tuple[str, str]]]:
    """Drop site chrome lines; return kept lines, removed lines and metadata found.

    page_starts: the numbers of lines a form feed opened (a new printed page)."""
    rules = chrome_rules()
    content = [(n, t.strip()) for n, t in lines if t.strip()]
    if sum(len(ENGLISH_GLOSS.findall(t)) for _, t in content[:60]) >= 4:
        # a bilingual site's chrome glosses each label in English (发布日期 Date：…, 首页 Home　政务公开 …):
        # its lines are matched as the Chinese alone, the text is kept as printed
        content = [(n, ENGLISH_GLOSS.sub("", t)) for n, t in content]
    # the patterns are written in simplified characters: traditional pages are matched in their folded form
    # … and without the emoji that open a line (👆点击上方名片关注我们)
    folded_text = fold("\n".join(t for _, t in content))
    if not folded_text.isascii():
        folded_text = EMOJI.sub("", folded_text)
    folded = dict(zip((n for n, _ in content), folded_text.split("\n"), strict=True)) if content else {}
    chrome_anywhere = {n for n, t in content if rules.anywhere_test(folded[n])}
    # a chrome line with a comma (扫一扫，在手机打开当前页) is not where the text ends
    body_numbers = [n for n, t in content if _is_body_line(t) and n not in chrome_anywhere]
    if is_narrow_column(content):
        # a narrow column's lines are all short: any with a comma or a stop is text (今年以来，)
        body_numbers = [n for n, t in content if ("，" in t or "。" in t) and len(t) >= 4 and n not in chrome_anywhere]
    first_body = body_numbers[0] if body_numbers else 0
    last_body = body_numbers[-1] if body_numbers else 0
    drop: set[int] = running_heads(content, page_starts)
    indented = {n: raw[:1] in " \u3000\t" for n, raw in lines}
    contents = table_of_contents(content, first_body, chrome_anywhere | drop)
    # a contents entry wrapped, its page number on the indented line under it (…转发省农牧渔业厅关于抓紧做好当 /
    # 　前春耕生产工作的报告的通知……（2）)
    contents |= {n for (n, t), (m, u) in zip(content, content[1:], strict=False)
                 if m in chrome_anywhere and indented.get(m) and CONTENTS_LEADER.fullmatch(u) and not SENTENCE_PUNCT.search(t)}
    contents |= {n for n, t in content if n in chrome_anywhere and CONTENTS_LEADER.fullmatch(t)}
    # … and the sections it lists them under (【人事任免】 over …的通知…………（18）)
    contents |= {n for (n, t), (m, _) in zip(content, content[1:], strict=False)
                 if m in contents and n < first_body and CONTENTS_SECTION.fullmatch(t)}
    drop |= contents
    meta: list[tuple[str, str]] = []
    pending_key: str | None = None
    pending_date: list[str] = []
    meta_before = -1  # the number of the line just read as metadata

    for idx, (n, t) in enumerate(content):
        at_edge = bool(body_numbers) and (n < first_body or n > last_body)
        if idx and IMAGE_PLACEHOLDER.fullmatch(content[idx - 1][1]) and len(t) <= 40 and "，" not in t \
                and n not in chrome_anywhere and not IMAGE_PLACEHOLDER.fullmatch(t) \
                and not _titles_photo_item(content[idx + 1 : idx + 9]):
            meta.append(("图注", t))  # the caption under an image the text file kept only as [图片]
            drop.add(n)
            continue
        if pending_key is not None:
            is_chrome = n in chrome_anywhere or bool(rules.edges.fullmatch(folded[n]))
            # … but never a document's title under an empty field (主 题 词： / 关于…提案答复的函)
            if at_edge and len(t) <= 30 and not _is_body_line(t) and not is_chrome \
                    and not (t.startswith("关于") and NOTICE_KIND.search(t)):
                meta.append((pending_key, t))
                drop.add(n)
                pending_key = None
                continue
            pending_key = None
        # digits letter-spaced by OCR close up first (2 0 2 1年9月2 8日　星期二)
        head_t = SPACE_IN_NUMBER.sub("", t) if " " in t and "年" in t else t
        if "年" in head_t:
            head_t = ocr_dates(head_t)  # l996年7月15日: the 1 OCR read as a letter; 六月十八曰: the 日 as 曰
        if "年" in head_t and CN_YEAR.search(head_t):
            head_t = arabic_dates(head_t)  # 一九八七年十月七日　星期三: a page printed before digits were the rule
        header = rules.page_header.fullmatch(head_t) if len(t) <= 80 and "。" not in t else None
        issuer = head_t[: header.start(1)].strip(" \u3000") if header else ""
        named_issuer = bool(issuer) and (found := agency_at_start(issuer)) is not None and found.end == len(issuer)
        # a bulletin's masthead: its issuer, then the day and hour it was issued (青海省气象局　　2023年10月17日16时)
        issued = named_issuer and bool(ISSUED_AT.search(t))
        # … or a bulletin's: its compiler, a wide gap, then the day (洛阳市涧西区安全生产委员会办公室　　2024年4月8日),
        # above the text; the compiler does not name the agency of each item
        compiled = header is not None and (named_issuer or issuer.endswith(COMPILER_ENDS)) and not issued \
            and n < first_body and bool(WIDE_GAP.search(head_t[: header.start(1)]))
        if header and (issued or compiled or rules.page_header_needs.search(head_t)):
            y, mo, d = (int(header.group(k)) for k in (1, 2, 3))
            meta.append(("date", f"{y:04d}-{mo:02d}-{d:02d}"))
            if issued:
                meta.append(("发布机构", issuer))
            elif compiled:
                meta.append(("编印", issuer))
            drop.add(n)
            continue
        if n < first_body and not any(k == "date" for k, _ in meta) and (day := PAGE_DAY.fullmatch(head_t)) \
                and 1 <= int(day.group(1)) <= 12 and 1 <= int(day.group(2)) <= 31:
            # a page's day and weekday, its year nowhere (6月14日　星期五　责任编辑：…): the day without a year
            meta.append(("date", f"--{int(day.group(1)):02d}-{int(day.group(2)):02d}"))
            drop.add(n)
            continue
        prev_line = content[idx - 1][1] if idx else ""
        if n > first_body and DATE_LINE.fullmatch(t) and is_heading_like(prev_line) and len(prev_line) <= 30 \
                and (n > last_body or _ends_terminal(content[idx - 2][1] if idx >= 2 else "")):
            continue  # a signature: the issuing agency and the date under a notice (of several on the page)
        if meta_before == n - 1 and at_edge and indented.get(n) and len(t) <= 40 and not SENTENCE_PUNCT.search(t) \
                and n not in chrome_anywhere and meta and meta[-1][0] not in ("date", "文号"):
            meta[-1] = (meta[-1][0], f"{meta[-1][1]}；{t}")  # a value's second line, indented under the first
            drop.add(n)
            meta_before = n
            continue
        if not at_edge and DATE_LINE.fullmatch(t) and ITEM_DATE.fullmatch(t):
            continue  # a date alone between texts: the date of an item on a page of several (2023-06-12)
        keys = rules.edge_meta_keys if at_edge else rules.meta_keys
        # … a long one too when it opens with the posting day (发布日期：2025-12-08 17:20　来源：…　阅读：1046 次　…),
        # an item's own posting line on a page of several
        pairs = parse_meta_line(t, keys, folded[n]) if (at_edge or len(t) <= 60 or POSTED_KEY.match(folded[n])) else None
        if pairs is not None and (pairs or at_edge):
            named = _meta_pairs(pairs)
            meta.extend(named)
            meta_before = n if named else -1
            if pairs and not pairs[-1][1] and pairs[-1][0] not in DATE_KEYS + DROP_KEYS:
                pending_key = pairs[-1][0]
            drop.add(n)
            continue
        matched = False
        if (at_edge or len(t) <= 40) and rules.meta_any.fullmatch(t):  # a `key：value` line inside the text is text
            for key, pat in rules.meta:
                m = pat.fullmatch(t)
                if m:
                    value = m.group(1).strip()
                    if value:
                        meta.extend(_meta_pairs([(key, value)]))
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
        if n in chrome_anywhere or (at_edge and rules.edges.fullmatch(folded[n])):
            drop.add(n)
    # runs of three or more very short lines at the edges are menus
    run: list[int] = []
    for n, t in [*content, (10**9, "x" * 99)]:
        if body_numbers and (n < first_body or n > last_body) and len(t.replace(" ", "")) <= 8 and n not in drop \
                and not LIST_START.match(t):  # 二、事项类型 / 行政许可 / 三、实施主体: a form's numbered fields
            run.append(n)
            continue
        if len(run) >= 3:
            drop.update(run)
        run = []
    footer = next((n for n, t in content if body_numbers and n > last_body and rules.footer_start.fullmatch(folded[n])), None)
    if body_numbers:
        # … or a list of other posts' headlines, one with a comma among them (往期精彩 / 昌吉警方破获…，挽回损失8万元):
        # no line after it holds a sentence's full stop; it starts the footer even when a line below the last
        # body line would too (留言  写留言)
        listed = next((n for i, (n, t) in enumerate(content) if first_body < n <= last_body
                       and rules.footer_start.fullmatch(folded[n])
                       # (a post's headline may end with its exclamation: …这些人被曝光了！)
                       and all(len(u) <= 40 and "。" not in u for _, u in content[i + 1 :])), None)
        footer = min((n for n in (footer, listed) if n is not None), default=None)
    if footer is not None:
        drop.update(n for n, _ in content if n >= footer)
    drop.update(_site_footer(lines, drop, last_body))
    # the site's or account's name above the headline, which its chrome repeats (原创 南海卫健 南海卫健,
    # 来源：…, 主办：…): breadcrumbs are left out, since they may end with the headline itself, and so are
    # agencies' names, which may open a notice's title (…人民政府办公室 / 关于…的通知)
    named = [t for n, t in content if n in drop and n not in contents and not BREADCRUMB_MARK.search(t)]
    if named and body_numbers:
        for i, (n, t) in enumerate(content):
            if n >= first_body:
                break
            # a notice's title is left too, which a table of contents repeats (…关于…的通知……2)
            if n not in drop and 2 <= len(t) <= 16 and not SENTENCE_PUNCT.search(t) and not NOTICE_TITLE.search(t) \
                    and any(t in x and t != x for x in named):
                agency = agency_at_start(t)
                after = next((x for m, x in content[i + 1 :] if m not in drop), "")
                if agency is None or agency.end < len(t) or not NOTICE_TITLE.search(after):
                    drop.add(n)  # an agency's name may open a notice's title (…人民政府办公室 / 关于…的通知)
    drop |= _distribution_wraps(content, drop)
    drop |= _advertisements(lines, folded, rules.advert_end_test)
    # a microblog's post opens with its account's name over the time it was posted (平安永丰 / 2024-7-11 16:05 来自…)
    if not any(key == "来源" for key, _ in meta) and (owner := next(
            (m.group(1) for n, t in content if n < first_body and (m := ACCOUNT_OWNER.fullmatch(t.strip()))), None)):
        meta.append(("来源", owner))  # the account's own line (…街道办事处官方微博): whose posts the page lists
    accounts = {t for (n, t), (_, u) in zip(content, content[1:], strict=False)
                if (("来自" in u and POSTED_FROM.match(u)) or rules.wechat_posted.fullmatch(u.strip()))
                and len(t) <= 16 and not SENTENCE_PUNCT.search(t)}
    # … and the same name over the account's profile at the page's top (朝阳街道发布 / 关注 412　粉丝 3.8万)
    drop |= {n for n, t in content if t in accounts or ACCOUNT_BADGE.sub("", t) in accounts}
    if pending_date:
        m = DATE_PARTS.search(" ".join(pending_date))
        if m:
            meta.append(("date", _iso(m)))
    kept = [(n, t) for n, t in lines if n not in drop]
    removed = [Paragraph(t.strip(), n, n) for n, t in lines if n in drop]
    return kept, removed, meta


ADVERT_LINES = 4
"""The most lines an advertisement's block holds over the line that closes it."""


def _advertisements(lines: list[tuple[int, str]], folded: dict[int, str], ends: Callable[[str], bool]) -> set[int]:
    """An advertisement set apart on the page: the line closing it (定价一角二分　各地新华书店发售, 欢迎选购), with
    no sentence's punctuation, and the unpunctuated lines above it (湖南人民出版社新书 / 《…》讲话) up to a
    blank line; a block that does not begin at a blank line, or has a longer line, is text."""
    out: set[int] = set()
    for i, (n, t) in enumerate(lines):
        if not t.strip() or SENTENCE_PUNCT.search(t) or not ends(folded.get(n, t.strip())):
            continue
        block = [n]
        j = i - 1
        while j >= 0 and lines[j][1].strip() and len(block) <= ADVERT_LINES:
            above = lines[j][1].strip()
            if SENTENCE_PUNCT.search(above) or len(above) > 30:
                break
            block.append(lines[j][0])
            j -= 1
        if j < 0 or not lines[j][1].strip():
            out.update(block)
    return out


ACCOUNT_OWNER = re.compile("(?:微博认证[:：])?[ \u3000]*([^，。；！？\\s]{2,40}?)官方(?:微博|微信|抖音|账号|帐号)")
"""A social account's line naming the body it speaks for (湖州市吴兴区朝阳街道办事处官方微博)."""
ACCOUNT_BADGE = re.compile("[ \u3000]+[Vv]$")
"""A verified account's badge after its name at the page's top (赣州消防 V)."""
POSTED_FROM = re.compile(r"(?:(?:19|20)\d{2}[-年])?\d{1,2}(?:-\d{1,2}|月\d{1,2}日)\s+\d{1,2}:\d{2}\s*来自")
"""A microblog post's time and client (2024-7-11 16:05 来自 微博网页版, 3月13日 20:51 来自 华为Mate 60 Pro)."""
DISTRIBUTION = re.compile(r"(?:抄送|分送|报送|发送|抄报|主送|报|送|发|抄)[:：]")
"""A document's distribution line (抄送：…), removed as chrome."""


def _distribution_wraps(content: list[tuple[int, str]], drop: set[int]) -> set[int]:
    """The lines a removed distribution list wrapped onto (抄送：州委办公室，…州政协办公室， / 州纪委办公室，…大理 /
    军分区。): names between commas, up to the one that ends with a stop; and the lines of a classified notice
    under its removed heading (遗失声明 / …遗失营业执照 / 正本，统一社会信用代码：… / …，声明作废。)."""
    more: set[int] = set()
    for idx, (n, t) in enumerate(content):
        if n not in drop or t.rstrip().endswith("。"):
            continue
        if CLASSIFIED.fullmatch(t):
            for m, u in content[idx + 1 : idx + 6]:
                more.add(m)
                if "作废" in u or u.endswith("。"):
                    break
            continue
        if not DISTRIBUTION.match(t):
            continue
        for m, u in content[idx + 1 : idx + 4]:
            if m in drop or len(u) > 40 or any(len(x) > 16 for x in re.split("[，、,。]", u)):
                break
            more.add(m)
            if u.endswith("。"):
                break
    return more


CLASSIFIED = re.compile("(?:遗失|作废|挂失|注销)声明")


# ---------------------------------------------------------------- joining wrapped lines


NARROW = re.compile("[\u0000-\u1fff]")


def visual_width(text: str) -> float:
    """Width of a line in full-width character cells (ASCII and other narrow letters count half)."""
    # a digit a PDF letter-spaced (1 0 1.2%) was set in a full cell of the justified line
    spaced = len(SPACED_DIGIT.findall(text)) if " " in text else 0
    text = "".join(text.split())  # str.split() drops exactly what re's \s matches, faster than re.sub
    return len(text) - 0.5 * (len(NARROW.findall(text)) - spaced)


SPACED_DIGIT = re.compile(r"(?<=[\d.] )\d|\d(?= [\d.])")
"""A digit with a single space between it and the next or the last digit (7 8., 1 0 1.2)."""


AGENCY_COLON = re.compile(f"^[{HAN}（）()]{{2,24}}[：:]")
TRADITIONAL_FORMS = {"报": "報", "讯": "訊", "记": "記", "员": "員", "电": "電", "华": "華", "刊": "刊", "摄": "攝", "导": "導"}
"""The traditional forms of the characters a byline's patterns hold (本報訊, 通訊員, 記者)."""


def either_script(pattern: str) -> str:
    """A byline pattern that matches its words in simplified or traditional characters (本报讯 / 本報訊).
    The characters it widens must not stand inside a character class of the pattern."""
    return "".join(f"[{c}{TRADITIONAL_FORMS[c]}]" if c in TRADITIONAL_FORMS and TRADITIONAL_FORMS[c] != c else c
                   for c in pattern)


BYLINE_START = re.compile(either_script(
    r"^[■□●]\s*\S|^(?:本报记者|本报通讯员|特约记者|记者|通讯员)\s+\S(?:[ \u3000]?\S){1,3}(?:\s|$)|^(?:文/|图/|文图/|摄影[:：/])"
    r"|^(本报|本刊)[^，。（(]{0,6}讯|^(新华社|中新社)[^，。（(]{1,10}电"
))


LEAD_WITH_TEXT = re.compile(either_script(
    r"^(?:本报|本刊)(?:[^，。（(]{0,6}讯|[^，。（(]{0,12}?电)[ \u3000]*(?:[（(][^（）()]{1,30}[)）])?[ \u3000]*(?=[^\s（(])"))
"""A paper's lead with its reporters, and what follows it on the line (本报讯（记者 张华）经过一)."""
BLOCK_START = re.compile("|".join(f"(?:{p.pattern})" for p in (BULLET_START, BYLINE_START, LIST_START)) + "|^—")
"""A line that starts a block of its own: a bullet, a byline, a list item or a dash (——)."""


def _is_colon_headline(line: str) -> bool:
    """A headline line that opens with an agency and a colon (省工信厅：…)."""
    if "：" not in line and ":" not in line:
        return False  # most lines: no colon, no need to try the pattern
    if not (m := AGENCY_COLON.match(line)) or not is_heading_like(line):
        return False
    found = agency_at_start(line)
    return found is not None and found.end >= m.end() - 3  # the agency, not a clause naming it (…指挥部成员名单通知如下：)


SPEECH_OCCASION_END = re.compile("(?:会议|大会|会|典礼|仪式|论坛|开幕式|闭幕式)上(?:的(?:工作)?(?:讲话|报告|致辞))?$")
PHOTO_CREDIT_END = re.compile(
    r"[（(][^（）()]{0,20}摄[)）]$"
    r"|[。！？][ \u3000]*(?:(?:本报|特约)?(?:记者|通讯员|摄影)[^，。、；：！？]{1,14}|[^，。、；：！？\d]{2,7})(?<!拍)摄$"
)
"""A photo's caption ending with its credit, in brackets or after its last sentence (…作业。记者吴芳摄)."""
DECIMAL_END = re.compile(r"\d[ \u3000]*[.．][ \u3000]*$")


def _ends_terminal(text: str) -> bool:
    """Tell whether text ends a sentence, closing quotes and brackets aside (…。” or …！）), or ends with a
    credit or a day in brackets after its last sentence (…人次。（3月5日）, …旱情。（黄志强）)."""
    text = text.rstrip()
    return text.rstrip(CLOSERS).endswith(TERMINAL_ENDS) or bool(TRAILING_NOTE.search(text))


TRAILING_NOTE = re.compile(r"[。！？][（(][^（）()。]{1,20}[)）]$")


def _line_widths(lines: list[tuple[int, str]], widths: list[float] | None = None) -> list[float]:
    """Estimate, for each line, the width its column was wrapped at (WIDTHS: each line's own width, if known)."""
    if widths is None:
        widths = [visual_width(t) for _, t in lines]
    bodyish = [i for i, (_, t) in enumerate(lines) if SENTENCE_PUNCT.search(t) and widths[i] >= 6]
    if not bodyish:
        return [0.0] * len(lines)
    mid = statistics.median(widths[j] for j in bodyish)
    same = sum(1 for j in bodyish if abs(widths[j] - mid) <= 2)
    if not 10 <= mid < 40 or same < 3 or same < 0.5 * len(bodyish):
        if _ragged_column(lines, widths, bodyish, mid):
            return [-mid] * len(lines)  # a ragged column's measure, told apart by its sign (RAGGED_COLUMN)
        # hard wrapping shows as many lines of one width; without that, lines are paragraphs
        return [LONG_LINES] * len(lines)
    # the median width of the sentence lines within 6 lines of each line, kept in a sorted
    # window that slides down the text (statistics.median of the same values, without re-sorting)
    out = []
    near: list[float] = []
    lo = hi = 0
    for i in range(len(lines)):
        while hi < len(bodyish) and bodyish[hi] <= i + 6:
            bisect.insort(near, widths[bodyish[hi]])
            hi += 1
        while lo < hi and bodyish[lo] < i - 6:
            near.remove(widths[bodyish[lo]])
            lo += 1
        out.append(_sorted_median(near) if near else mid)
    return out


def _ragged_column(lines: list[tuple[int, str]], widths: list[float], bodyish: list[int], mid: float) -> bool:
    """Tell whether lines of text of many widths are a column wrapped ragged (a PDF of a page set in boxes): a
    narrow measure no line of text goes far beyond, and half of them or more stopping inside a sentence. Its lines go
    on as a narrow column's do; a web page's lines, some of them whole paragraphs, do not."""
    if len(bodyish) < RAGGED_LINES or not 10 <= mid < RAGGED_WIDTH:
        return False
    ordered = sorted(widths[j] for j in bodyish)
    if ordered[int(0.9 * (len(ordered) - 1))] > 1.5 * mid or ordered[-1] > 1.7 * mid:
        return False
    return sum(1 for j in bodyish if not _ends_terminal(lines[j][1])) >= 0.5 * len(bodyish)


def _sorted_median(values: list[float]) -> float:
    """The median of a sorted non-empty list, as statistics.median computes it."""
    half = len(values) // 2
    return values[half] if len(values) % 2 else (values[half - 1] + values[half]) / 2


RAGGED_LINES = 8
"""The fewest lines of text that tell a column wrapped ragged from lines that are paragraphs."""
RAGGED_WIDTH = 30
"""The widest measure (in cells) read as a column wrapped ragged."""
LONG_LINES = 1000.0
"""Width given to text whose lines are whole paragraphs, not a wrapped column."""


NARROW_COLUMN = -1.0
"""Width given to a narrow column's lines (is_narrow_column), whose own widths say nothing."""
RAGGED_COLUMN = -2.0
"""Widths below this are a column wrapped ragged (_ragged_column), its median measure negated: its lines are
joined as a column's of that measure are, except that a line stopping short of it may still go on."""


def is_narrow_column(plain: list[tuple[int, str]], own: list[float] | None = None) -> bool:
    """Tell whether text is a narrow column wrapped every few characters, ragged as OCR leaves it
    (今年以来，/ 晋城市建立市县两级 / 领导干部包联重 / 点企业制度，): most of its lines, and of those with
    sentence punctuation, are under 10 cells wide, and most of the latter stop inside a sentence.
    `own`: each line's visual width, when the caller has it."""
    body = [i for i, (_, t) in enumerate(plain) if SENTENCE_PUNCT.search(t)]
    if len(body) < 12:
        return False
    # 14 characters or more, spaces aside, are 10 cells or more unless half are Latin letters or digits:
    # when most lines of text are that long no width needs measuring
    if _sorted_median(sorted(_nonspace(plain[i][1]) for i in body)) >= 14:
        return False
    if own is None:
        own = [visual_width(t) for _, t in plain]
    body = [i for i in body if own[i] >= 4]
    if len(body) < 12 or statistics.median(own) >= 10 or statistics.median(own[i] for i in body) >= 10:
        return False
    return sum(1 for i in body if not _ends_terminal(plain[i][1])) >= 0.6 * len(body)


def _nonspace(text: str) -> int:
    return len(text) - text.count(" ") - text.count("\u3000")


OPENS_CLOSED = re.compile(f"[{HAN}]{{3}}")


def _spaced_after_words(line: str) -> bool:
    """Tell whether a line is text spaced out only after its first words to fill its column (许多农 业 生 产 合 作),
    not a letter-spaced headline (全 力 抗 旱)."""
    return bool(OPENS_CLOSED.match(line) and LETTER_SPACED_HEAD.search(line))


LETTER_SPACED_HEAD = re.compile(f"[{HAN}]”?[ \u3000]+“?[{HAN}][ \u3000]+[{HAN}]")
"""Three characters or more set apart by spaces (领 导 干 部, “首 席 服 务 员”上 门): in a narrow column,
where nothing else tells them, a headline's or a subheading's lines."""


def join_wrapped_lines(lines: list[tuple[int, str, bool]], alone: frozenset[int] = frozenset(),
                       starts: frozenset[int] = frozenset(), after_blank: frozenset[int] = frozenset()) -> list[Paragraph]:
    """Join hard-wrapped lines back into paragraphs; keep headings, bylines and list items apart.

    `lines` holds (raw line number, text, indented) for the non-blank lines, in order; the lines
    whose numbers are in `alone` (table rows) are paragraphs of their own, those in `starts` begin
    one (the text after a jump line), and a headline's line in `after_blank` (a blank line above it,
    on a page that is not double-spaced) is not joined to the headline line above it; a line opening
    with a jump mark (（上接第一版）…) under text is no headline's but the rest of the text it jumped from. In a narrow
    column, letter-spaced lines without sentence punctuation stand alone.
    """
    if not lines:
        return []
    plain = [(n, t) for n, t, _ in lines]
    # each line's own width and headline shape, worked out once (_continues asks for them twice)
    own = [visual_width(t) for _, t in plain]
    colon = [_is_colon_headline(t) for _, t in plain]
    narrow = is_narrow_column(plain, own)
    widths = [NARROW_COLUMN] * len(plain) if narrow else _line_widths(plain, own)
    if narrow:
        # letter-spaced lines are headings, and a line twice the column's width is no line of it (——…见闻)
        column = statistics.median(own)
        alone = alone | {n for (n, t), w in zip(plain, own, strict=True)
                         if w >= 2 * column or (LETTER_SPACED_HEAD.search(t) and not SENTENCE_PUNCT.search(t)
                                                and not _spaced_after_words(t))}
    paragraphs: list[Paragraph] = []
    cur: list[tuple[int, str]] = []
    cur_indent = False
    colon_headline = False

    def flush() -> None:
        if cur:
            text = _join_texts([t for _, t in cur])
            paragraphs.append(Paragraph(text, cur[0][0], cur[-1][0], cur_indent, tuple(t for _, t in cur)))

    for i, (n, t, indented) in enumerate(lines):
        after = lines[i + 1][1] if i + 1 < len(lines) else ""
        if cur and JUMP_IN.match(t) and len(cur) == 1 and cur[0][0] + 1 == n and not SENTENCE_PUNCT.search(cur[0][1]):
            # the report's headline repeated right over its rest (全区上半年经济形势分析会召开 / （上接第一版）…):
            # the text goes on from the other page, not from that line
            flush()
            cur = [(n, t)]
            cur_indent = indented
            colon_headline = colon[i]
            continue
        if cur and ((n in starts and not JUMP_IN.match(t)) or (n in after_blank and not (JUMP_IN.match(t) and _in_text(cur)) and (
                colon_free_heads(cur[-1][1], t) or _byline_alone(cur)
                # a headline set apart from its text by a blank line, shorter than the column's lines
                # (黎平：“茶旅融合”绘就富民新图景 / / 走进…，): a line of text cut by a page's end fills the column
                or (len(cur) == 1 and is_heading_like(cur[0][1]) and bool(SENTENCE_PUNCT.search(t))
                    and 8 <= widths[i - 1] < 40 and visual_width(cur[0][1]) < widths[i - 1] - 1.5
                    and not cur[0][1][:1].isdigit() and cur[0][1].find("：") <= 8)
                # … or a document's title, however wide (关于拟调整…规划（局部）的公示 / / 为完善…，)
                or (bool(SENTENCE_PUNCT.search(t)) and NOTICE_KIND.search(cur[-1][1]) is not None
                    and not any(SENTENCE_PUNCT.search(x) for _, x in cur))))):
            flush()
            cur = [(n, t)]
            cur_indent = indented
            colon_headline = colon[i]
            continue
        if cur and not (alone and (n in alone or cur[-1][0] in alone)) and _continues(cur, t, indented, widths[i - 1], colon_headline, after, own[i - 1], own[i], colon[i]):
            cur.append((n, t))
            continue
        flush()
        cur = [(n, t)]
        cur_indent = indented
        colon_headline = colon[i]
    flush()
    return paragraphs


RUN_TOGETHER_BRIEF = re.compile(r"(?<=[）)])[ \u3000]*■")
"""A brief's mark straight after the credit closing the brief before it (…旱情。（黄志强）■桃陂乡…)."""
BRIEF_CREDIT_END = re.compile(r"[。！？”][（(][^（）()，。；！？]{2,12}[)）]$")
"""The author or source closing a brief, in brackets after its last sentence (…旱情。（黄志强）)."""
BRIEF_HEAD = re.compile(r"■[ \u3000]*([^，。；！？：:\s■][^，。；！？：:\s■]{3,39})[ \u3000]+(?=\S)")
"""A brief's headline run into its text, set apart by a space (■县气象局开展人工增雨作业 6月6日，…)."""


def _cut_lines(para: Paragraph, cuts: list[int]) -> list[Paragraph]:
    """Cut a paragraph at offsets of its text into pieces, each with the raw lines its text came from.

    A piece's line numbers are exact when the paragraph's lines were consecutive raw lines (no blank
    or dropped line between them); otherwise each piece keeps the paragraph's span.
    """
    offsets = [0, *cuts, len(para.text)]
    starts, pos = [], 0  # where each raw line starts in the joined text (_join_texts adds only Latin spaces)
    for k, line in enumerate(para.lines):
        if k and para.text[pos : pos + 1] == " " and not line.startswith(" "):
            pos += 1
        starts.append(pos)
        pos += len(line)
    consecutive = len(para.lines) == para.last_line - para.first_line + 1
    pieces: list[Paragraph] = []
    for a, b in zip(offsets, offsets[1:], strict=False):
        text = para.text[a:b].strip()
        if not text:
            continue
        first = bisect.bisect_right(starts, a) - 1
        last = bisect.bisect_left(starts, b) - 1
        lines = tuple(para.lines[k][max(a - starts[k], 0) : b - starts[k]] for k in range(first, last + 1))
        span = (para.first_line + first, para.first_line + last) if consecutive else (para.first_line, para.last_line)
        pieces.append(Paragraph(text, *span, para.indented and a == 0, lines))
    return pieces


RUN_IN_LEAD = re.compile("(?<=[。！？”])[ \u3000]*(?=(?:本报讯|本刊讯|本报消息)(?:[（(【]|[ \u3000]|$))")
"""A paper's lead after a finished sentence inside a paragraph (…赶着超”。本报讯（通讯员 高玉洁）6月28日，…): another
report starts there, printed on in the same block."""


def split_run_in_leads(para: Paragraph) -> list[Paragraph]:
    """Cut a paragraph where a second report's lead follows a finished sentence (…。本报讯（…）…): a report has one
    lead, at its start."""
    if "本报" not in para.text and "本刊" not in para.text:
        return [para]
    cuts = [m.end() for m in RUN_IN_LEAD.finditer(para.text) if m.start() > 0]
    return _cut_lines(para, cuts) if cuts else [para]


def split_run_together_briefs(para: Paragraph) -> list[Paragraph]:
    """Cut a column of briefs printed as one flow (■标题 正文……。（作者）■标题 正文……) into a headline
    and a text for each brief. Only when there are two briefs or more, each closed by its credit in
    brackets and each opening with a headline set apart from its text by a space: a report's own
    bulleted points are neither signed nor headed that way."""
    if para.text.count("■") < 2 or not para.text.startswith("■"):
        return [para]
    starts = [0, *(m.end() - 1 for m in RUN_TOGETHER_BRIEF.finditer(para.text))]
    if len(starts) < 2:
        return [para]
    ends = [*starts[1:], len(para.text)]
    heads = [BRIEF_HEAD.match(para.text, a, b) for a, b in zip(starts, ends, strict=True)]
    closed = all(BRIEF_CREDIT_END.search(para.text[a:b].rstrip()) for a, b in zip(starts[:-1], ends[:-1], strict=True))
    if not closed or not all(heads):
        return [para]
    cuts: list[int] = []
    for a, b, m in zip(starts, ends, heads, strict=True):
        assert m is not None
        cuts += [a, m.end()] if a else [m.end()]
        credit = BRIEF_CREDIT_END.search(para.text[a:b].rstrip())
        if credit:
            cuts.append(a + credit.start() + 1)  # the author in brackets: a byline of its own, under the text
    pieces = _cut_lines(para, cuts)
    return [replace(p, text=p.text.lstrip("■ \u3000")) if p.text.startswith("■") else p for p in pieces]


POST_HEADLINE = re.compile(r"^(?:#[^#\s]{2,30}#[ \u3000]*)*(【[^【】。！？!?]{10,40}】)[ \u3000]*(?=\S)")
"""A post's headline in brackets run into its text, after its topic tags (#平安朝阳# 【街道开展消防应急演练】10月15日，…)."""


def split_post_headline(para: Paragraph) -> list[Paragraph]:
    """Cut a microblog post's bracketed headline from the text it runs into (#话题# 【标题】正文…), leaving
    the topic tags out: the headline then heads its post as a headline on its own line does. A column's
    short tag (【警情通报】) is no headline, nor brackets with no sentence after them."""
    if "【" not in para.text[:80] or not (m := POST_HEADLINE.match(para.text)) \
            or not SENTENCE_STOP_MARK.search(para.text, m.end()):
        return [para]
    head, text = _cut_lines(para, [m.start(1), m.end()])[-2:]
    return [replace(head, text=m.group(1)), text]


SENTENCE_STOP_MARK = re.compile("[。；！？!?;]")


def _byline_alone(cur: list[tuple[int, str]]) -> bool:
    """Tell whether the paragraph so far is one byline line (□市政协委员、…主任医师　马丽娟, 本报记者 王强),
    which a blank line under it ends whatever its width."""
    return len(cur) == 1 and bool(BYLINE_START.match(cur[0][1])) and not SENTENCE_STOP_MARK.search(cur[0][1])


def colon_free_heads(prev: str, nxt: str) -> bool:
    """Tell whether two lines both read as lines of separate headlines: no sentence punctuation in either,
    and the first is not an agency's name with a colon, which the next line completes (省生态环境厅：)."""
    return not SENTENCE_PUNCT.search(prev) and not SENTENCE_PUNCT.search(nxt) and not prev.endswith(("：", ":"))


def paragraph_starts(lines: list[tuple[int, str]], kept: set[int]) -> tuple[frozenset[int], frozenset[int]]:
    """The kept lines that start a paragraph whatever their width: the first after a jump line
    (……刚性约束，/ （下转第二版）: the report leaves the page there); and the lines after a blank line,
    when the page is not double-spaced (most of its lines are not followed by a blank one)."""
    starts: set[int] = set()
    after_blank: set[int] = set()
    text_lines = [n for n, t in lines if t.strip()]
    followed = sum(1 for (_, t), (_, u) in zip(lines, lines[1:], strict=False) if t.strip() and not u.strip())
    spaced = bool(text_lines) and followed >= 0.5 * len(text_lines)
    jump_pending = False
    blank_before = False
    last_kept = ""
    for n, t in lines:
        stripped = t.strip()
        if not stripped:
            blank_before = True
            continue
        if n in kept:
            if jump_pending:
                starts.add(n)
            if blank_before and not spaced:
                after_blank.add(n)
            jump_pending = False
            last_kept = stripped
        elif JUMP_OUT_LINE.fullmatch(stripped) or (
                JUMP_IN.fullmatch(stripped) and last_kept and not SENTENCE_PUNCT.search(last_kept)):
            # … or the line under a headline saying where its text came from (森工集团冬季生产全面启动 / （上接第1版） /
            # 按照集团部署，…): the text starts there, under its headline repeated
            jump_pending = True
        blank_before = False
    return frozenset(starts), frozenset(after_blank)


JUMP_OUT_LINE = re.compile(r"[（(]\s*(?:下转|转)第?[一二三四五六七八九十\d]{1,3}版\s*[)）]|[（(]下转[A-Z]?\d{1,2}[)）]")
"""A line of its own saying the report goes on on another page: （下转第二版）."""


# ---------------------------------------------------------------- tables

CELL_GAP = re.compile("[ \u3000\u00a0]{2,}|\t")
"""What separates the cells of a space-aligned table row: two spaces or more, or a tab."""
ROW_STOP = re.compile("[，。；！？,;!?]")


def _row_cells(text: str) -> list[str] | None:
    """The cells of a line that reads as a table row (地区生产总值    亿元    2836.5    6.8), or None."""
    if not CELL_GAP.search(text):
        return None
    cells = [c.strip() for c in CELL_GAP.split(text)]
    if len(cells) < 2 or not all(cells):
        return None
    if "\t" in text and text.count("\t") == len(cells) - 1 and max(map(len, cells)) <= 40 and not _ends_terminal(text):
        return cells  # cells a tab sets apart, which may hold a clause (东山街道东山社区、花园社区，…部分商户)
    if ROW_STOP.search(text) or max(map(len, cells)) > 30:
        return None
    return cells


def _padded_names(run: list[tuple[int, list[str]]]) -> None:
    """Close up a two-character name padded to its column's width (方  伟), which the gap between its
    characters split into two cells: in a row with one cell more than most rows have."""
    common = Counter(len(c) for _, c in run).most_common(1)[0][0]
    for _, cells in run:
        if len(cells) != common + 1:
            continue
        for i in range(len(cells) - 1):
            if len(cells[i]) == 1 == len(cells[i + 1]) and HAN_RE.match(cells[i]) and HAN_RE.match(cells[i + 1]):
                cells[i : i + 2] = [cells[i] + cells[i + 1]]
                break


TABLE_LEAD_LINES = 3
"""The most short lines over a table one cell a line that are not its own."""
CELL_LINE_MAX = 20
"""The longest line read as one cell of a table extracted one cell per line."""
ROW_KEY = re.compile(r"(?:\d{1,3}|([A-Za-z]{1,6})[-A-Za-z0-9]*\d[-A-Za-z0-9]*)")
"""The first cell of a table's row: its serial number (1, 2) or code (LS2024-031, LY-07-03)."""
UNIT_LINE = re.compile(r"[（(][^（）()]{1,8}[)）]")
"""A column heading's unit on a line of its own under it (面积 / （平方米）)."""


def _key_period(cells: list[str], start: int) -> int | None:
    """The number of cells in a row when the row keys recur every so many cells from `start`, to the end."""
    first = ROW_KEY.fullmatch(cells[start])
    if first is None:
        return None
    prefix = first.group(1)
    rest = len(cells) - start
    for k in range(2, 13):
        if rest % k or rest // k < 2:
            continue
        keys = [ROW_KEY.fullmatch(cells[i]) for i in range(start, len(cells), k)]
        if not all(m is not None and m.group(1) == prefix for m in keys):
            continue
        if prefix is None:
            if [int(m.group()) for m in keys if m] != list(range(int(cells[start]), int(cells[start]) + len(keys))):
                continue  # serial numbers count up by one
        elif any((m := ROW_KEY.fullmatch(cells[i])) and m.group(1) == prefix for i in range(start, len(cells)) if (i - start) % k):
            continue  # a code of the same series inside a row: the rows are shorter
        return k
    return None


def cell_per_line_tables(lines: list[tuple[int, str, bool]]) -> tuple[list[tuple[int, str, bool]], dict[int, int]]:
    """Rebuild the rows of a table a PDF gave one cell per line (序号 / 地块位置 / … / 1 / 城关镇东环路北侧 / …).

    A run of short unpunctuated lines, one after another with no blank line, whose row keys (a serial number
    or a code) recur every so many lines down to the run's end, under a header of about as many lines, is a
    table: its header and each row become one line of tab-separated cells, numbered as the row's first line.
    Returns the lines and, for each rebuilt row, the number of its last raw line."""
    out: list[tuple[int, str, bool]] = []
    spans: dict[int, int] = {}
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and len(lines[j][1]) <= CELL_LINE_MAX and not SENTENCE_PUNCT.search(lines[j][1]) \
                and not lines[j][1].endswith(("：", ":")) and not CELL_GAP.search(lines[j][1]) \
                and (j == i or lines[j][0] == lines[j - 1][0] + 1):
            j += 1
        j = max(j, i + 1)  # a line that is no cell passes as a run of one, too short for a table
        run = lines[i:j]
        # the table may open a line or two below a short line of text over it (一、调整内容 / 地块编号 / …)
        skip, rows = next(((k, found) for k in range(min(TABLE_LEAD_LINES + 1, len(run) - 7))
                           if (found := _cell_rows([t for _, t, _ in run[k:]])) is not None), (len(run), None))
        out.extend(run[:skip])
        at = skip
        for row in rows or ():
            first, last = run[at][0], run[at + row[0] - 1][0]
            out.append((first, "\t".join(row[1]), False))
            spans[first] = last
            at += row[0]
        i = j
    return out, spans


def _cell_rows(cells: list[str]) -> list[tuple[int, list[str]]] | None:
    """The rows of a run of cells, each as (lines it took, its cells), or None when the run is no table."""
    for start in range(2, min(len(cells) - 3, 16)):
        k = _key_period(cells, start)
        if k is None:
            continue
        header: list[str] = []
        for c in cells[:start]:
            if header and UNIT_LINE.fullmatch(c):
                header[-1] += c  # 面积 / （平方米）: the column's unit
            else:
                header.append(c)
        if not k - 1 <= len(header) <= k + 2 or any(ROW_KEY.fullmatch(c) for c in cells[:start]):
            return None
        return [(start, header)] + [(k, cells[r : r + k]) for r in range(start, len(cells), k)]
    return None


TABLE_CAPTION = re.compile("附?表[ \u3000]*[0-9一二三四五六七八九十]{1,3}")
"""A table's number opening its caption (表1, 附表2): the caption is no row of the table."""


def table_rows(lines: list[tuple[int, str, bool]]) -> dict[int, list[str]]:
    """Find space-aligned tables: their rows by raw line number, each as its cells.

    A table is two rows or more in a row (blank lines aside), one of them with three cells or more,
    rows of about the same number of cells, most cells two characters or more (a letter-spaced
    headline, 领  导  干  部, has one-character cells) and no sentence punctuation; a line of five numbers or
    more set into cells (number_rows_to_cells) is a row by itself.
    """
    found: dict[int, list[str]] = {}
    run: list[tuple[int, list[str]]] = []

    def close() -> None:
        if not run:
            return
        # a table's caption set apart by a wide space over its rows (表1  2024年10月各县（区）…) is kept with them
        # as a row, but the rows alone tell whether they are a table
        widest = max(len(c) for _, c in run)
        body = run[1:] if len(run) > 2 and (len(run[0][1]) < widest - 2 or TABLE_CAPTION.fullmatch(run[0][1][0])) else run
        if len(body) >= 2:
            _padded_names(body)
            counts = [len(c) for _, c in body]
            cells = [c for _, row in body for c in row]
            if max(counts) >= 3 and min(counts) >= max(counts) - 2 and 2 * sum(len(c) >= 2 for c in cells) >= len(cells):
                found.update(run)
        run.clear()

    for n, text, _ in lines:
        cells = _row_cells(text)
        if cells is None:
            close()
        else:
            run.append((n, cells))
            if len(cells) >= 5 and all(c.isdigit() for c in cells):
                found[n] = cells  # a row of numbers is a row alone, between its labels (（一）予以公开 / 9 0 0 0 0 0 9)
    close()
    return found


def _wide_text(cur: list[tuple[int, str]]) -> bool:
    """Tell whether the lines of cur, joined, are at least 30 cells wide and do not read as a headline.

    Joins only as many lines as it takes: once both hold of the first lines they hold of all (widths
    only add up; a stop mark, or more than 60 characters, stays), and a paragraph may run to thousands
    of lines, each of which asks this again (joining them all each time was quadratic).
    """
    joined = ""
    for _, t in cur:
        joined += t
        if visual_width(joined) >= 30 and (len(joined.strip()) > 60 or HEADING_STOP.search(joined)):
            return True
    return visual_width(joined) >= 30 and not is_heading_like(joined)


BRACKETED_LINE = re.compile("[（(][^（）()。，；]{2,30}[)）]")
"""A line that is all in brackets: a text's writers or source under it, a date, a note."""


def _continues(
    cur: list[tuple[int, str]],
    nxt: str,
    nxt_indented: bool,
    width: float,
    colon_headline: bool,
    after: str = "",
    prev_width: float | None = None,
    nxt_width: float | None = None,
    nxt_colon: bool | None = None,
) -> bool:
    """Decide whether line `nxt` continues the paragraph built so far in `cur` (`after` is the line after it).

    prev_width, nxt_width and nxt_colon are the two lines' visual widths and whether `nxt` is a
    `机构：标题` headline, when the caller has them already.
    """
    prev = cur[-1][1]
    ragged = width < RAGGED_COLUMN
    if ragged:
        width = -width  # a column wrapped ragged: its median measure, which its lines do not keep to
    if nxt[:1] in "（(" and JUMP_IN.match(nxt):
        return True  # （上接第一版）: the report goes on from its first page, whatever came between
    if prev.endswith(("。”", "！”", "？”")) and QUOTE_ATTRIBUTION.fullmatch(nxt):
        return True  # a quotation, then who said it (…多收五六百斤。” / 竹核乡村民某某说。): one sentence
    if _ends_terminal(prev) or PHOTO_CREDIT_END.search(prev):
        return False  # a sentence ends there, or a photo's caption with its credit (…（记者 王小丽 摄）)
    if len(cur) == 1 and BRACKETED_LINE.fullmatch(prev):
        return False  # a line that is all in brackets (（韦 小明  覃 思思）, a text's writers): nothing runs on from it
    if prev.endswith(("：", ":")) and _is_salutation(_join_texts([t for _, t in cur])):
        return False  # a document's addressees stand apart from its text (各有关单位和个人： / 为提升集镇风貌，…)
    if prev.count("（") > prev.count("）") and "）" in nxt[:24] and "（" not in nxt[: nxt.index("）")]:
        return True  # a bracket left open at the line's end closes on the next (本报讯（记者 谭曼 通讯员 / 李想）8月2日…)
    if prev.count("《") > prev.count("》") and "》" in nxt[:30] and "《" not in nxt[: nxt.index("》")]:
        return True  # … or a title's marks (三、审议通过《…提升工 / 作方案》)
    if cur[0][1].startswith("—") and "在" in prev and not prev.endswith("上") and SPEECH_OCCASION_END.search(nxt):
        return True  # a speech's subtitle wrapped: ——2023年1月12日在江西省第十四届 / 人民代表大会第一次会议上
    if len(cur) == 1 and prev.startswith("——") and not SENTENCE_PUNCT.search(prev) and SENTENCE_PUNCT.search(nxt):
        return False  # a subtitle under its headline (——记我校“最美教师”段丽萍), then the text
    if BLOCK_START.match(nxt) or PAPER_LEAD_START.match(nxt):
        return False  # … or a report's lead (【本报讯】湖南省人民委员会…): it never goes on a line above
    if FULL_DATE_LINE.fullmatch(nxt) and not SENTENCE_PUNCT.search(prev):
        return False  # a signature's date under the signer's name (玉溪市人民政府 / 2024年3月8日)
    if after and FULL_DATE_LINE.fullmatch(after) and (signer := agency_at_start(nxt, within=0)) is not None \
            and signer.end == len(nxt):
        return False  # … and the signer's name under the text (…基本解决） / 张掖市文体广电和旅游局 / 2025年6月26日)
    if len(cur) == 1 and not nxt_indented and (lead := LEAD_WITH_TEXT.match(prev)) and lead.end() < len(prev) \
            and (HAN_RE.match(nxt[0]) or nxt[0].isdigit()):
        return True  # a lead and the start of its text, however short the line (本報訊（通訊員 李長春）十月 / 五日，…)
    if nxt_indented and prev[-1:].isdigit() and (nxt[:1].isdigit() or nxt[:1] in NUMBER_UNITS) and _in_text(cur):
        return True  # a number letter-spaced across the line's end (帮助3 8 / 　0 0余人): the space is no indent
    if nxt_indented and HAN_RE.match(nxt[:1]) and SPACED_END.search(prev) and _in_text(cur):
        return True  # … or a word (…受旱。长 沙 / 　县人民委员会于…)
    if nxt_indented and (prev.endswith(("：", ":")) or not prev.endswith(SOFT_ENDS)):
        return False
    if _is_colon_headline(nxt) if nxt_colon is None else nxt_colon:
        return False
    if nxt[:1] in "。，、；：！？）》”’…" and not nxt.startswith("……"):
        return True  # a line never starts with closing punctuation: it was wrapped
    if _spaced_after_words(prev) and HAN_RE.match(nxt[:1]) and SENTENCE_PUNCT.search(nxt):
        return True  # a line of text spaced out to fill the column goes on (许多农 业 生 产 合 作 / 社实行…，)
    if nxt[:1].isdigit() and DECIMAL_END.search(prev):
        return True  # a number wrapped at its decimal point (586. / 3亿元)
    if len(cur) == 1 and (item := LIST_START.match(prev)) and not SENTENCE_PUNCT.search(prev, item.end()) and _opens_item(prev, nxt):
        return False  # 一、州应急管理局召开…调度会 / 5月10日，州应急管理局…: a numbered item's headline, then its text
    if width == NARROW_COLUMN:
        return True  # a narrow column's line goes on unless a sentence ended, a block starts or the next is indented
    wp = visual_width(prev) if prev_width is None else prev_width
    wn = visual_width(nxt) if nxt_width is None else nxt_width
    if width < 8:
        # no sentence text nearby to tell a column width: only a dangling comma joins
        return prev.endswith(SOFT_ENDS)
    if prev.endswith(SOFT_ENDS):
        return True
    if width >= 40:
        # long-line text: a paragraph broken by a column or page break
        return _wide_text(cur) and not is_heading_like(nxt) and not BULLET_START.match(cur[0][1])
    item = LIST_START.match(prev)
    # a numbered line's mark (一、) is no punctuation of its text: 一、整改工作组织开展情况 is a heading
    prev_head = not SENTENCE_PUNCT.search(prev, item.end() if item else 0)
    nxt_head = not SENTENCE_PUNCT.search(nxt)
    if prev_head and len(cur) == 1 and 8 <= width < 40 and wn > width + 3 and not ragged:
        return False  # a line wider than the column under a headline: a deck printed across it
    if prev_head and nxt_head and 8 <= width < 40 and wn > width + 1 and wp < min(width, wn - 2):
        return False  # … or under a kicker that did not fill the column (为夺取明年农业丰收创造条件 / 县委召开…会议)
    if prev_head and nxt.endswith(("：", ":")) and NOTICE_KIND.search(prev):
        return False  # a notice's title, then whom it is sent to (各县（市、区）农业农村局：)
    if colon_headline:
        # a `机构：标题` headline takes one more line, unless that line is the full first line
        # of a text that goes on in the line after it
        starts_text = (
            wn >= width - 2.5
            and (bool(SENTENCE_PUNCT.search(after)) or visual_width(after) >= width - 2.5)
            and not _ends_terminal(nxt)
            and agency_at_start(nxt) is not None
        )
        return len(cur) == 1 and nxt_head and not starts_text and not LETTER_SPACED_BANNER.fullmatch(nxt)
    if prev_head and len(cur) == 1 and wp > width + 2 and "：" not in prev and not ragged:
        return False
    if prev_head and nxt_head and wn <= 3 and wp >= width - 2.5 and not SPACED_PAIR.fullmatch(nxt):
        return True  # the last character or two of a headline wrapped onto a line of their own (not 公　　告)
    if prev_head and nxt_head and wn < 0.6 * width:
        return False
    if (not prev_head or (len(cur) > 1 and _in_text(cur))) and HAN_RE.match(prev[-1]) \
            and HAN_RE.match(nxt[0] if nxt[0] not in OPENING_MARKS else nxt[1:2]) \
            and not (nxt_head and is_heading_like(nxt) and wn < 0.6 * width):
        return True  # a line of text that stops between two characters of a sentence was wrapped, however short,
        # or before a quotation or a title that goes on in it (…部署揭批 / “四人帮”和…), even a line with no
        # stop of its own inside a text (…实行县级领导包抓重点项目制度， / 建立问题清单和责任清 / 单，每月…)
    if HAN_RE.match(prev[-1]) and nxt[0].isdigit() and not nxt_head and _in_text(cur):
        return True  # … or before a number (…预约诊疗率达到 / 7 1.5%，…)
    if (prev[-1].isdigit() or prev[-1] in "%‰") and _in_text(cur) and (
            nxt[0].isdigit() or nxt[0] in NUMBER_UNITS or (HAN_RE.match(nxt[0]) and not (nxt_head and is_heading_like(nxt)))):
        # a line of a text that stops inside a number or before its unit (家庭由40 / 万元提高至…, 一名5 8 / 岁男性…) was
        # wrapped, whether or not that line holds a stop of its own (…护理单元的1 2 6 / 名护士…); so was one that stops
        # after a percentage (…1 6.7% / 和9.5%。)
        return True
    if ragged:
        return _ragged_continues(cur, nxt, width, wp, prev_head=prev_head, nxt_head=nxt_head, numbered=bool(item))
    # the first line of a paragraph was indented in print, so it holds two characters less
    return wp >= width - (3.5 if len(cur) == 1 else 2.5)


def _ragged_continues(cur: list[tuple[int, str]], nxt: str, width: float, wp: float, *, prev_head: bool, nxt_head: bool,
                      numbered: bool) -> bool:
    """The last test of `_continues` in a ragged column (width its median measure, wp the last line's width): a
    line stops short of the measure and still goes on when it holds a stop or is long (督查组深入井下采掘工作 / 面，…),
    not when it is a headline's short last line (走进田间地头 / 今年以来，…) or a numbered heading short of the
    measure (一、整改工作组织开展情况 / 局党组把…). The tests before it that measure a line against the column's
    width (a deck wider than the column) are not made in a ragged column, whose lines do not keep to it."""
    # a line opening with a bracket that closes before more text goes on is text (（以下简称《条例》）和…)
    text_after = COLON_TEXT.search(nxt) or (nxt[:1] in "（(" and not nxt.endswith(("）", ")")))
    if prev_head and ((nxt_head and not text_after) or _byline_alone(cur)):
        return False  # two headline lines (a kicker, a headline), or a byline over the text
    if len(cur) == 1 and numbered and prev_head:
        return wp >= width - 1
    return not prev_head or wp >= 0.6 * width


ADDRESSEE_END = re.compile(
    "(?:政府|部门|单位|机构|委员会|党委|党组|局|办|室|中心|公司|企业|学校|院|所|村|社区|乡镇|街道|镇|乡|个人|同志|代表|委员"
    "|组织|团体|居民|群众|朋友)$"
)
PERSON_ADDRESSED = re.compile(f"[{HAN}·]{{2,8}}(?:委员|代表|同志|先生|女士)")
"""A person a reply is addressed to, by name and standing (赵红霞委员, 王建国代表)."""
BRACKETED = re.compile("[（(][^（）()]{0,20}[)）]")


def _is_salutation(text: str) -> bool:
    """Tell whether a paragraph is a document's addressees (各乡镇人民政府、县防汛抗旱指挥部各成员单位：, 各有关单位和个人：):
    a colon closing a list of bodies with no sentence in it, the first of them 各… or an agency's name followed by
    others (an agency's name alone before a colon opens a `机构：标题` headline)."""
    if not text.endswith(("：", ":")) or SENTENCE_STOP_MARK.search(text):
        return False
    parts = re.split("[，,、]", BRACKETED.sub("", text[:-1]))
    if not all(ADDRESSEE_END.search(part) for part in parts):
        return False
    if len(parts) == 1 and PERSON_ADDRESSED.fullmatch(parts[0]):
        return True  # a reply to a deputy or a member (赵红霞委员：)
    return "各" in parts[0] or (len(parts) > 1 and agency_at_start(parts[0], within=0) is not None)


QUOTE_ATTRIBUTION = re.compile(f"[{HAN}·]{{2,24}}?(?:说|表示|介绍|告诉记者|说道|笑着说|感慨地说|感慨道)[。！]")
"""Who said the quotation above, alone on its line (竹核乡村民吉伍木呷说。)."""
COLON_TEXT = re.compile("[：:][^：:]{4,}")
"""A colon with text after it (…会议决定：接受某某辞去…): a line of text, though it holds no stop."""
OPENING_MARKS = frozenset("“‘「『《〈")
"""The marks that open a quotation or a title inside a sentence."""
SPACED_END = re.compile(f"[{HAN}][ \u3000][{HAN}]$")
"""A line that ends letter-spaced (…受旱。长 沙): the spacing of a justified line, which goes on below."""
PAPER_LEAD_START = re.compile("[【\\[［]?本[报報][讯訊]")
NUMBER_UNITS = frozenset("岁个名万亿元人家户项次分秒年月日号天吨亩米倍台辆件所座条场处余多%‰")
"""What follows a number and never opens a headline (58 / 岁, 126 / 名, 40 / 余个)."""


ITEM_OPENING = re.compile(r"^(?:\d{1,2}月\d{1,2}日|近日|日前|近期|今年以来|近年来|连日来|为[^，。]{2,24}[，,])")


def _opens_item(head: str, line: str) -> bool:
    """Tell whether a line opens the text under a numbered item's headline: with a day or a lead's
    opening (5月10日，…, 为有效防范…，), or with the name the headline opens with (姚安县组织… / 姚安县应急管理局…)."""
    name = LIST_START.sub("", head, count=1).lstrip()
    return bool(ITEM_OPENING.match(line)) or (len(name) >= 8 and line[:3] == name[:3])


LETTER_SPACED_BANNER = re.compile(f"[{HAN}]([ \u3000]+[{HAN}]){{1,5}}")
"""A column's name set letter-spaced on a line of its own (简　讯, 图 片 新 闻)."""


def _in_text(cur: list[tuple[int, str]]) -> bool:
    """Tell whether the paragraph built so far is text, not a headline (一、总体情况): a line of it holds a stop."""
    return any(HEADING_STOP.search(t) for _, t in reversed(cur))


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


REPEATED_HEAD_MIN = 8
"""The shortest line printed twice, one under the other, that is a headline doubled (not a table's cells, 0 / 0)."""
STRAY_TAIL_MAX = 2
"""The most characters of another column a doubled headline's copy may carry at its end."""


def _stray_tail(first: str, second: str) -> str | None:
    """The headline two lines print twice, one copy with a stray character or two at its end (…家门口八步 / …家门口):
    the shorter copy, or None when the lines are not such a pair."""
    short, long = sorted((first, second), key=len)
    if not (0 < len(long) - len(short) <= STRAY_TAIL_MAX and long.startswith(short) and len(short) >= REPEATED_HEAD_MIN):
        return None
    if not HAN_RE.match(short) or SENTENCE_PUNCT.search(long) or not re.fullmatch(f"[{HAN}]+", long[len(short) :]):
        return None
    return short


def clean(doc: RawDocument) -> CleanDocument:
    """Clean one raw document into paragraphs with provenance."""
    changes: list[Change] = []
    text = doc.text
    for rule in CHAR_RULES:  # these keep the line count, so they run over the whole text at once
        new = rule(text)
        if new != text:
            old_lines, new_lines = text.split("\n"), new.split("\n")
            if len(old_lines) != len(new_lines):
                raise ValueError(f"{doc.source}: cleaning rule {rule.__name__} changed the number of lines")
            for number, (a, b) in enumerate(zip(old_lines, new_lines, strict=True), start=1):
                if a != b:
                    changes.append(Change(rule.__name__, number, a, b))
            text = new
    lines = list(enumerate(text.split("\n"), start=1))
    page_starts = frozenset(
        n for n, raw in enumerate(doc.text.split("\n"), start=1) if raw.startswith("\f")
    ) if "\f" in doc.text else frozenset()
    kept, removed, meta = remove_chrome(lines, page_starts)
    prepared: list[tuple[int, str, bool]] = []
    for number, line in kept:
        if not line.strip():
            continue
        indented = bool(INDENT_RE.match(line))
        text = apply_rules(LINE_RULES, line.strip(), number, changes)
        if prepared and text == prepared[-1][1] and prepared[-1][0] == number - 1 and len(text) >= REPEATED_HEAD_MIN \
                and HAN_RE.match(text) and not SENTENCE_PUNCT.search(text):
            # a headline printed again on the line under it, as a bold font doubles it (…年度报告 / …年度报告)
            changes.append(Change("drop_repeated_headline_line", number, text, ""))
            continue
        if prepared and prepared[-1][0] == number - 1 and (stray := _stray_tail(prepared[-1][1], text)) is not None:
            # … the first copy with a character or two of the next column run into it (把法庭开到群众家门口八步 /
            # 把法庭开到群众家门口): the copy without them, once
            changes.append(Change("drop_repeated_headline_line", number - 1, prepared[-1][1], stray))
            prepared[-1] = (prepared[-1][0], stray, prepared[-1][2])
            changes.append(Change("drop_repeated_headline_line", number, text, ""))
            continue
        prepared.append((number, text, indented))
    prepared, row_spans = cell_per_line_tables(prepared)
    rows = table_rows(prepared)
    paragraphs = []
    starts, after_blank = paragraph_starts(lines, {n for n, _, _ in prepared})
    joined: list[Paragraph] = []
    for para in join_wrapped_lines(prepared, frozenset(rows), starts, after_blank):
        for split in (split_run_together_briefs, split_run_in_leads, split_post_headline):
            pieces = split(para)
            if len(pieces) > 1:
                changes.append(Change(split.__name__, para.first_line, para.text, "\n\n".join(p.text for p in pieces)))
                break
        joined += pieces
    for para in joined:
        if para.first_line in rows:
            cells = [apply_rules(CELL_RULES, c, para.first_line, changes) for c in rows[para.first_line]]
            text = "\t".join(cells)
            changes.append(Change("table_cells", para.first_line, para.text, text))
            paragraphs.append(Paragraph(text, para.first_line, row_spans.get(para.first_line, para.last_line),
                                        para.indented, para.lines))
            continue
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
