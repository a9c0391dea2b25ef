"""Make the ids the index serves: quote permalink ids and speaker keys, both stable across reindexing."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_NORM = re.compile(r"[^\w]+")


def normalise(words: str) -> str:
    """Normalise quote words for identity: case, punctuation and spacing do not count."""
    return " ".join(_NORM.sub(" ", words.lower()).split())


def quote_id(doc_id: str, norm: str, occurrence: int) -> str:
    """Derive a permalink id from the document, the quote's words and which occurrence they are."""
    digest = hashlib.sha1(f"{doc_id}\x1f{norm}\x1f{occurrence}".encode()).hexdigest()
    return digest[:16]


_POSSESSIVE = re.compile(r"[’'`]s\b")
_NOT_WORD = re.compile(r"[^\w\s-]")


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Fold a name to lower-case ASCII words for comparison."""
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_name = _POSSESSIVE.sub("", name)
    ascii_name = _NOT_WORD.sub(" ", ascii_name.lower()).replace("-", " ").replace("_", " ")
    return " ".join(ascii_name.split())


def key_for(name: str) -> str:
    """Make the speaker key of a resolved name: the same for spelling variants of one name."""
    words = fold(name).split()
    if words and words[0] == "the":
        words = words[1:]
    # Middle initials and particles spelt with or without a hyphen should not split one person in two.
    words = [w for i, w in enumerate(words) if not (len(w) == 1 and 0 < i < len(words) - 1)]
    return "-".join(words)[:80] or "unknown"
