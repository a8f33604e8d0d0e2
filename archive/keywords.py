"""Find each report's keywords with jieba and the reports related to it.

jieba is loaded once per process with a user dictionary of every agency name,
alias and place from data/agencies.yaml and data/places.yaml, so that
山东省卫生健康委员会 stays one word instead of falling apart into 山东省 / 卫生 / 健康.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache

import jieba
import jieba.analyse

from .agencies import DATA, gazetteer
from .model import Report

USER_WORD_FREQ = 2000
"""jieba frequency for dictionary words: high enough to beat the generic split."""
KEYWORDS_PER_REPORT = 8
RELATED_PER_REPORT = 5
NOT_A_KEYWORD = re.compile(r"^[\d\W_a-zA-Z]+$|^.$")


def user_words() -> list[str]:
    """List every agency name, alias and place the data files know, sorted."""
    g = gazetteer()
    words = {w for a in g.agencies for w in (a.name, *a.aliases)}
    words.update(g.place_forms)
    return sorted(w for w in words if len(w) >= 2)


@lru_cache(maxsize=1)
def extractor() -> jieba.analyse.TFIDF:
    """Load jieba once, with the agency and place names as a user dictionary."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in user_words():
        tokenizer.add_word(word, USER_WORD_FREQ)
    tfidf = jieba.analyse.TFIDF()
    tfidf.tokenizer = tokenizer
    tfidf.stop_words = tfidf.stop_words | stop_words()
    return tfidf


def stop_words() -> set[str]:
    """Read the generic words keywords should skip from data/keyword_stopwords.txt."""
    lines = (DATA / "keyword_stopwords.txt").read_text(encoding="utf-8").splitlines()
    return {w.strip() for w in lines if w.strip() and not w.startswith("#")}


def keywords(text: str, n: int = KEYWORDS_PER_REPORT) -> tuple[str, ...]:
    """Return the n words that best characterise a text (TF-IDF), best first."""
    tags = extractor().extract_tags(text, topK=n * 3)
    return tuple(t for t in tags if not NOT_A_KEYWORD.match(t))[:n]


def report_keywords(reports: Iterable[Report]) -> dict[str, tuple[str, ...]]:
    """Map each report id to its keywords (title counted twice, it says what matters)."""
    return {r.id: keywords(f"{r.title}\n{r.title}\n{r.text}") for r in reports}


def related_reports(reports: list[Report], words: dict[str, tuple[str, ...]],
                    n: int = RELATED_PER_REPORT) -> dict[str, list[Report]]:
    """Map each report id to the reports sharing most agencies, places and keywords with it."""
    features = {r.id: (set(r.agencies), set(r.places), set(words.get(r.id, ()))) for r in reports}
    out: dict[str, list[Report]] = {}
    for r in reports:
        agencies, places, kws = features[r.id]
        scored = []
        for other in reports:
            if other.id == r.id:
                continue
            oa, op, ok = features[other.id]
            score = 3 * len(agencies & oa) + 2 * len(places & op) + len(kws & ok)
            if score >= 2:
                scored.append((-score, other.id, other))
        out[r.id] = [o for _, _, o in sorted(scored, key=lambda t: (t[0], t[1]))[:n]]
    return out
