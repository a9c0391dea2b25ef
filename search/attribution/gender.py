"""Tell a person's gender from titles, nouns, pronouns and a first-name list, for pronouns to agree with."""
from __future__ import annotations

import threading
from functools import lru_cache

from . import lexicon

MALE, FEMALE, UNKNOWN = "m", "f", ""
_PRONOUNS = {"he": MALE, "him": MALE, "his": MALE, "himself": MALE,
             "she": FEMALE, "her": FEMALE, "hers": FEMALE, "herself": FEMALE}
_GUESSES = {"male": MALE, "female": FEMALE}
_LEANS = {"mostly_male": MALE, "mostly_female": FEMALE}
_detector = None
_detector_lock = threading.Lock()


def of_pronoun(word: str) -> str:
    """Return the gender a pronoun asks for, or "" for one that names no gender."""
    return _PRONOUNS.get(word.lower(), UNKNOWN)


def of_word(word: str) -> str:
    """Return the gender a title or noun tells ("Mrs." f, "congressman" m), or ""."""
    return lexicon.gendered().get(word.lower().rstrip(","), UNKNOWN)


@lru_cache(maxsize=65536)
def of_first_name(word: str) -> str:
    """Return the usual gender of a first name from the name list, or "" when it is not known or is shared."""
    return _guess(word)[0]


@lru_cache(maxsize=65536)
def _guess(word: str) -> tuple[str, bool]:
    if len(word) < 2 or not word[:1].isupper() or not word.isalpha():
        return UNKNOWN, False
    found = _names().get_gender(word)
    if found in _GUESSES:
        return _GUESSES[found], True
    # "mostly" names (Bernie, Chris, Jordan) are given to both: the document's own evidence must decide.
    return UNKNOWN, False


@lru_cache(maxsize=65536)
def is_first_name(word: str) -> bool:
    """Say whether the name list knows a word as a first name of anyone, shared ones included."""
    if len(word) < 2 or not word[:1].isupper() or not word.isalpha():
        return False
    return _names().get_gender(word) != "unknown"


def first_name_is_sure(word: str) -> bool:
    """Say whether the name list gives a first name one gender only ("Donald"), not mostly one ("Bernie")."""
    return _guess(word)[1]


def _names():
    global _detector
    with _detector_lock:
        if _detector is None:
            # Loaded on first use: most documents name someone, but tests of other modules need not pay.
            _detector = _detector_class()(case_sensitive=False)
        return _detector


def _detector_class():
    """Return gender_guesser's Detector, reading its name list in one piece rather than line by line."""
    from gender_guesser.detector import Detector

    class WholeFileDetector(Detector):
        # Overrides Detector._parse (gender_guesser 0.4.0), which reads its 4 MB list through codecs.open one line
        # at a time: half the load's time, and every reindex worker loads it. str.splitlines breaks the text where
        # codecs' readline does, and each line goes to the same _eat_name_line, so the table is the same.
        def _parse(self, filename):
            self.names = {}
            with open(filename, encoding="utf-8") as f:
                text = f.read()
            eat = self._eat_name_line
            for line in text.splitlines():
                eat(line.strip())

    return WholeFileDetector


def agrees(wanted: str, known: str) -> bool:
    """Say whether a referent of gender `known` may be referred to by a pronoun asking for `wanted`."""
    return not wanted or not known or wanted == known
