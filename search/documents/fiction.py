"""Tell a story from other prose: a narrator's past tense, few figures and no news words make a text fiction."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

# A story's evidence (narration and lines spoken to someone) must outweigh the news's (news words and
# figures), each per 1000 words. Chosen on PolNeAR train (840 news articles) against PDNC train (532
# passages of nine novels): 1 article is read as fiction and 529 passages are (hard cut-offs on each
# rate gave 1 and 500: a novel names weekdays and counts, news seldom narrates); bench/plain_fiction.py
# measures dev.
MIN_WORDS = 200
MIN_EVIDENCE = 2.0  # narration plus quotes spoken to, per 1000 words, at the least
NEWS_WORD_WEIGHT = 3.0  # how much story evidence each news word per 1000 words (search/data/news_words.txt) asks
DIGIT_WEIGHT = 1.0  # and each digit per 1000 words: news dates, counts and sums its facts

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
    news = sum(1 for w in _WORD.findall(text) if w in _news_words()) * per_thousand
    narration = len(_NARRATION.findall(text)) * per_thousand  # "he was", "she had", "I thought"
    address = sum(1 for q in _QUOTED.findall(text) if _YOU.search(q)) * per_thousand  # characters talking
    return narration + address >= max(MIN_EVIDENCE, NEWS_WORD_WEIGHT * news + DIGIT_WEIGHT * digits)


@lru_cache(maxsize=1)
def _news_words() -> frozenset[str]:
    text = resources.files("search").joinpath("data", "news_words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
