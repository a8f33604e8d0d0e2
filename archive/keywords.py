"""Find each report's keywords with jieba and the reports related to it.

jieba is loaded once per process with a user dictionary of every agency name,
alias and place from data/agencies.yaml and data/places.yaml, so that
山东省卫生健康委员会 stays one word instead of falling apart into 山东省 / 卫生 / 健康.

Keywords are jieba's TF-IDF (its IDF table and stop words, plus ours). The text is cut by
rjieba, the Python binding of jieba-rs: the same dictionary and the same dictionary-only
algorithm as jieba's `cut(HMM=False)`, compiled, about 25 times faster. Cutting was most
of a full build's keyword time (22 CPU s at 10,000 reports with jieba's pure-Python cut).
tests/test_browse.py checks that both cut the archive's texts into the same words.

The TF-IDF is `TfIdf` here: jieba's `TFIDF.extract_tags` step for step (the same IDF file, read
from jieba's package, the same weights and order), without importing jieba.analyse, which builds
jieba's part-of-speech tokenizer and a default TF-IDF in every process that cuts texts (about a
second each). tests/test_browse.py checks both give the same keywords.

The cutter and the IDF table are loaded only when a text has to be cut, by the processing workers
that cut them: a rebuild that finds every keyword remembered should not pay for them, and the
main process should not carry them into rendering, where the build's memory peaks.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .agencies import DATA, gazetteer
from .model import Report
from .parallel import ordered_map

if TYPE_CHECKING:
    import jieba
    import rjieba

USER_WORD_FREQ = 2000
"""jieba frequency for dictionary words: high enough to beat the generic split."""
KEYWORDS_PER_REPORT = 8
RELATED_PER_REPORT = 5
KEYWORD_TEXT_CHARS = 800
"""Keywords come from the title and the first characters of the text: news puts what matters first."""
MAX_SHARED = 200
"""A feature (agency, place, keyword) shared by more reports than this says little about relatedness."""
NOT_A_KEYWORD = re.compile(r"^[\d\W_a-zA-Z]+$|^.$|^[一二两三四五六七八九十百千万几每多数]+[名个家项次位件条座户人天年月日批场处台辆]$")
"""Digits, Latin letters or punctuation alone, one character, or a number and its measure word (一名, 两家)."""


def user_words() -> list[str]:
    """List every agency name, alias and place the data files know, sorted."""
    g = gazetteer()
    words = {w for a in g.agencies for w in (a.name, *a.aliases)}
    words.update(g.place_forms)
    return sorted(w for w in words if len(w) >= 2)


class DictionaryOnly:
    """A tokenizer for jieba's TF-IDF that cuts by the dictionary alone (no HMM guessing of new words):
    faster, and keywords should be words a reader knows."""

    def __init__(self, cutter: rjieba.Jieba):
        self.cutter = cutter

    def cut(self, text: str) -> Iterable[str]:
        """Cut text into dictionary words."""
        return self.cutter.cut(text, hmm=False)


def reference_tokenizer() -> jieba.Tokenizer:
    """jieba's own tokenizer with the same user words: what `DictionaryOnly` must agree with (see the tests)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in user_words():
        tokenizer.add_word(word, USER_WORD_FREQ)
    return tokenizer


JIEBA_STOP_WORDS = frozenset((
    "the", "of", "is", "and", "to", "in", "that", "we", "for", "an", "are",
    "by", "be", "as", "on", "with", "can", "if", "from", "which", "you", "it",
    "this", "then", "at", "have", "all", "not", "one", "has", "or", "that",
))
"""jieba.analyse's own stop words (`KeywordExtractor.STOP_WORDS`, checked by tests/test_browse.py)."""


def jieba_idf_path() -> Path:
    """jieba's IDF table (analyse/idf.txt in its package), found without importing jieba.analyse."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jieba is not installed; pip install -e . installs it")
    return Path(spec.origin).parent / "analyse" / "idf.txt"


def read_idf(path: Path) -> tuple[dict[str, float], float]:
    """An IDF table (a word and its weight a line) and its median weight, as jieba's IDFLoader reads them."""
    idf: dict[str, float] = {}
    for line in path.read_bytes().decode("utf-8").splitlines():
        word, weight = line.strip().split(" ")
        idf[word] = float(weight)
    return idf, sorted(idf.values())[len(idf) // 2]


class TfIdf:
    """jieba's TF-IDF keyword extraction (`jieba.analyse.TFIDF.extract_tags` without part-of-speech filters),
    over a dictionary-only cutter."""

    def __init__(self, tokenizer: DictionaryOnly, idf: dict[str, float], median_idf: float, stop: set[str]):
        self.tokenizer = tokenizer
        self.idf_freq = idf
        self.median_idf = median_idf
        self.stop_words = stop
        self._counted: dict[str, bool] = {}
        """Whether a word counts (two characters or more, not a stop word): decided once per word."""

    def counts(self, word: str) -> bool:
        """Whether a cut word counts towards the keywords, by jieba's test."""
        keep = self._counted.get(word)
        if keep is None:
            keep = self._counted[word] = not (len(word.strip()) < 2 or word.lower() in self.stop_words)
        return keep

    def extract_tags(self, sentence: str, topK: int = 20) -> list[str]:  # noqa: N803 - jieba's name
        """The topK words of highest TF-IDF, highest first; ties in the order the words first occur."""
        freq = Counter(filter(self.counts, self.tokenizer.cut(sentence)))
        total = sum(freq.values())
        weights = {w: count * (self.idf_freq.get(w, self.median_idf) / total) for w, count in freq.items()}
        tags = sorted(weights, key=weights.__getitem__, reverse=True)
        return tags[:topK] if topK else tags


@lru_cache(maxsize=1)
def extractor() -> TfIdf:
    """Load the cutter and jieba's IDF table once, with the agency and place names as a user dictionary."""
    import rjieba

    cutter = rjieba.Jieba()
    for word in user_words():
        cutter.add_word(word, USER_WORD_FREQ, None)
    idf, median = read_idf(jieba_idf_path())
    return TfIdf(DictionaryOnly(cutter), idf, median, set(JIEBA_STOP_WORDS) | stop_words())


def stop_words() -> set[str]:
    """Read the generic words keywords should skip from data/keyword_stopwords.txt."""
    lines = (DATA / "keyword_stopwords.txt").read_text(encoding="utf-8").splitlines()
    return {w.strip() for w in lines if w.strip() and not w.startswith("#")}


def keywords(text: str, n: int = KEYWORDS_PER_REPORT) -> tuple[str, ...]:
    """Return the n words that best characterise a text (TF-IDF), best first."""
    tags = extractor().extract_tags(text, topK=n * 3)
    return tuple(t for t in tags if not NOT_A_KEYWORD.match(t))[:n]


def report_keywords(
    reports: Iterable[Report], memo: dict[str, list[str]] | None = None, used: set[str] | None = None
) -> dict[str, tuple[str, ...]]:
    """Map each report id to its keywords (title counted twice, it says what matters).

    `memo` maps a hash of the words looked at to their keywords, kept between builds: a rebuild
    cuts only the texts that changed (cutting every report anew took most of a no-change rebuild).
    """
    memo = {} if memo is None else memo
    looked_at = [(r.id, *looked_at_words(r)) for r in reports]
    missing = {key: words for _, key, words in looked_at if key not in memo}
    if missing:
        extractor()  # load jieba once, before the workers fork
        for key, found in zip(missing, ordered_map(keywords, [(w,) for w in missing.values()]), strict=True):
            memo[key] = list(found)
    if used is not None:
        used.update(key for _, key, _ in looked_at)
    return {rid: tuple(memo[key]) for rid, key, _ in looked_at}


def looked_at_words(r: Report) -> tuple[str, str]:
    """The words a report's keywords come from (title counted twice), and the memo key they are kept under."""
    words = f"{r.title}\n{r.title}\n{r.text[:KEYWORD_TEXT_CHARS]}"
    return hashlib.sha1(words.encode("utf-8")).hexdigest(), words


def keyword_entries(reports: Iterable[Report]) -> dict[str, list[str]]:
    """Memo entries (key -> keywords) for these reports: what a processing worker hands back with them."""
    out: dict[str, list[str]] = {}
    for r in reports:
        key, words = looked_at_words(r)
        if key not in out:
            out[key] = list(keywords(words))
    return out


def keyword_version() -> str:
    """A hash of what keywords depend on besides the text: this code and its data files."""
    h = hashlib.sha1(Path(__file__).read_bytes())
    for name in ("agencies.yaml", "places.yaml", "keyword_stopwords.txt"):
        h.update((DATA / name).read_bytes())
    return h.hexdigest()


def related_reports(reports: list[Report], words: dict[str, tuple[str, ...]],
                    n: int = RELATED_PER_REPORT) -> dict[str, list[Report]]:
    """Map each report id to the reports sharing most agencies (3), places (2) and keywords (1) with it."""
    weights = {"agency": 3, "place": 2, "keyword": 1}
    features = {r.id: {("agency", a) for a in r.agencies} | {("place", p) for p in r.places}
                | {("keyword", k) for k in words.get(r.id, ())} for r in reports}
    postings: dict[tuple[str, str], list[str]] = {}
    for r in reports:
        for f in features[r.id]:
            postings.setdefault(f, []).append(r.id)
    by_id = {r.id: r for r in reports}
    out: dict[str, list[Report]] = {}
    for r in reports:
        scores: dict[str, int] = {}
        for f in features[r.id]:
            ids = postings[f]
            if len(ids) > MAX_SHARED:
                continue
            for other in ids:
                if other != r.id:
                    scores[other] = scores.get(other, 0) + weights[f[0]]
        best = sorted((-score, other) for other, score in scores.items() if score >= 2)[:n]
        out[r.id] = [by_id[other] for _, other in best]
    return out
