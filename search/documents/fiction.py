"""Tell a story from other prose: a narrator's past tense, few figures and no news words make a text fiction."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

# Fitted on PolNeAR train (840 news articles) and PDNC train (532 passages of nine novels): these
# thresholds call 1 article fiction and 500 of the passages (bench/plain_fiction.py measures dev).
MIN_WORDS = 200
MAX_DIGITS = 5.0  # per 1000 words: news dates, counts and sums its facts
MAX_NEWS_WORDS = 2.0  # per 1000 words, from search/data/news_words.txt
MIN_NARRATION = 2.0  # per 1000 words: "he was", "she had", "I thought"
MIN_ADDRESS = 2.0  # or quotes per 1000 words that speak to someone ("you", "your"): characters talking

_NARRATION = re.compile(r"\b(?:he|she|I)\s+(?:was|had|did|could|would|felt|thought|looked|knew|saw)\b")
_WORD = re.compile(r"[A-Za-z][\w.]*")
_QUOTED = re.compile(r"[\"“‘']([^\"“”‘’]{1,400}?)[\"”’'](?!\w)")
_YOU = re.compile(r"\b(?:you|your)\b", re.IGNORECASE)


def looks_like_fiction(text: str) -> bool:
    """Say whether a text without a stated genre reads as a story: a novel saved as plain text."""
    words = len(text.split())
    if words < MIN_WORDS:
        return False
    per_thousand = 1000 / words
    digits = sum(ch.isdigit() for ch in text) * per_thousand
    if digits > MAX_DIGITS:
        return False
    news = sum(1 for w in _WORD.findall(text) if w in _news_words()) * per_thousand
    if news > MAX_NEWS_WORDS:
        return False
    if len(_NARRATION.findall(text)) * per_thousand >= MIN_NARRATION:
        return True
    return sum(1 for q in _QUOTED.findall(text) if _YOU.search(q)) * per_thousand >= MIN_ADDRESS


@lru_cache(maxsize=1)
def _news_words() -> frozenset[str]:
    text = resources.files("search").joinpath("data", "news_words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
