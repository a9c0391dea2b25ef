"""Did-you-mean: replace the misspelt words of a query with the corpus's words."""
from __future__ import annotations

import re
import threading
from pathlib import Path

from whoosh.spelling import ListCorrector

from ..index.store import read_words

_QUERY_WORD = re.compile(r"(?<![\w:])[A-Za-z]{3,}(?![\w:])")
_OPERATORS = {"and", "or", "not", "to"}
# Did-you-mean's cost grows with each word's length (the edit automaton) and the number of words: words
# longer than this are left as typed (no word of the corpus is near a 300-letter one anyway), and only the
# first few unknown words are corrected.
MAX_WORD_LENGTH = 24
MAX_WORDS = 5


class Vocabulary:
    """The words of one generation's corpus, read on first use, for did-you-mean suggestions."""

    def __init__(self, generation: Path | None) -> None:
        self._generation = generation
        self._counts: dict[str, int] | None = None
        self._sorted: list[str] = []
        self._near: dict = {}
        self._lock = threading.Lock()

    def _load(self) -> dict[str, int]:
        with self._lock:
            if self._counts is None:
                self._counts = read_words(self._generation) if self._generation is not None else {}
                self._sorted = sorted(self._counts)
            return self._counts

    def knows(self, word: str) -> bool:
        """Say whether a word is in the corpus (or is an operator)."""
        return word in self._load() or word in _OPERATORS

    def near(self, word: str, edits: int, limit: int = 200) -> list[str]:
        """Return corpus words within `edits` edits of `word`, at most `limit` of them."""
        if not self._load():
            return []
        key = (word, edits, limit)
        if key not in self._near:  # a search over both fields asks twice; the same fuzzy word comes back often
            if len(self._near) > 4096:
                self._near.clear()
            self._near[key] = ListCorrector(self._sorted).suggest(word, limit=limit, maxdist=edits)
        return self._near[key]

    def correct(self, word: str) -> str:
        """Return the most frequent corpus word within two edits of `word`, or "" if it needs none."""
        counts = self._load()
        if word in counts or word in _OPERATORS or not counts:
            return ""
        corrector = ListCorrector(self._sorted)
        for distance in (1, 2):
            found = [w for w in corrector.suggest(word, limit=50, maxdist=distance) if w != word]
            if found:
                return max(found, key=lambda w: (counts.get(w, 0), w))
        return ""


def suggest(words: Vocabulary | None, text: str) -> str:
    """Return the query with misspelt words replaced by the corpus's words, or "" if nothing changes."""
    if words is None:
        return ""
    changed = False
    tried = 0

    def fix(match):
        nonlocal changed, tried
        word = match.group()
        if len(word) > MAX_WORD_LENGTH or words.knows(word.lower()):
            return word
        tried += 1
        if tried > MAX_WORDS:
            return word
        better = words.correct(word.lower())
        if better and better != word.lower():
            changed = True
            return better
        return word

    corrected = _QUERY_WORD.sub(fix, text)
    return corrected if changed else ""
