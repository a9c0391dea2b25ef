"""Tell a person's gender from titles, nouns, pronouns and a first-name list, for pronouns to agree with."""
from __future__ import annotations

import threading
from functools import lru_cache

from .. import lexicon

MALE, FEMALE, UNKNOWN = "m", "f", ""
_PRONOUNS = {"he": MALE, "him": MALE, "his": MALE, "himself": MALE,
             "she": FEMALE, "her": FEMALE, "hers": FEMALE, "herself": FEMALE}
_GUESSES = {"male": MALE, "female": FEMALE}
_LEANS = {"mostly_male": MALE, "mostly_female": FEMALE}
_table: dict[str, str] | None = None
_table_lock = threading.Lock()


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
    found = _answers().get(word.lower(), "unknown")
    if found in _GUESSES:
        return _GUESSES[found], True
    # "mostly" names (Bernie, Chris, Jordan) are given to both: the document's own evidence must decide.
    return UNKNOWN, False


@lru_cache(maxsize=65536)
def is_first_name(word: str) -> bool:
    """Say whether the name list knows a word as a first name of anyone, shared ones included."""
    if len(word) < 2 or not word[:1].isupper() or not word.isalpha():
        return False
    return word.lower() in _answers()


def first_name_is_sure(word: str) -> bool:
    """Say whether the name list gives a first name one gender only ("Donald"), not mostly one ("Bernie")."""
    return _guess(word)[1]


def _answers() -> dict[str, str]:
    """Return gender_guesser's answer for every lower-case first name it knows ("male", "mostly_female", "andy")."""
    global _table
    with _table_lock:
        if _table is None:
            # Loaded on first use: most documents name someone, but tests of other modules need not pay.
            _table = _cached_answers()
        return _table


def _cached_answers() -> dict[str, str]:
    """Return the answers, from the user's cache when a copy made from this very name list is there."""
    # Reading the 4 MB list takes 0.15-0.35 s, in every reindex worker; its answers as JSON take 25 ms (JSON, not
    # pickle: a cache file must not be able to run code). The file is named after the list's size and time, so
    # another version of the list is read afresh; any failure to read or write the cache only costs the time.
    import hashlib
    import json
    import os
    from pathlib import Path

    import gender_guesser.detector

    source = Path(gender_guesser.detector.__file__).with_name("data") / "nam_dict.txt"
    stat = source.stat()
    key = hashlib.sha1(f"{source}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    try:
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "quote-search"
    except RuntimeError:  # no home folder to be found
        folder = None
    cache = folder / f"first-names-{key}.json" if folder else None
    if cache is not None:
        try:
            found = json.loads(cache.read_text(encoding="utf-8"))
            if isinstance(found, dict) and all(type(v) is str for v in found.values()):
                return found
        except (OSError, ValueError):
            pass
    detector = _detector_class()(case_sensitive=False)
    answers = {name: detector.get_gender(name) for name in detector.names}
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            partial = cache.with_suffix(f".{os.getpid()}.part")
            partial.write_text(json.dumps(answers, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            os.replace(partial, cache)  # whole or not at all, with several workers writing it at once
        except OSError:
            pass
    return answers


def _detector_class():
    """Return gender_guesser's Detector, reading its name list in one piece rather than line by line."""
    from gender_guesser.detector import Detector

    class WholeFileDetector(Detector):
        # Overrides Detector._parse (gender_guesser 0.4.0), which reads its 4 MB list through codecs.open one line
        # at a time. str.splitlines breaks the text where codecs' readline does, and each line goes to the same
        # _eat_name_line, so the table is the same.
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
