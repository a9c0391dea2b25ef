"""Give each quote a permalink id that survives reindexing: its document, its words and which occurrence."""
from __future__ import annotations

import hashlib
import re

_NORM = re.compile(r"[^\w]+")


def normalise(words: str) -> str:
    """Normalise quote words for identity: case, punctuation and spacing do not count."""
    return " ".join(_NORM.sub(" ", words.lower()).split())


def quote_id(doc_id: str, norm: str, occurrence: int) -> str:
    """Derive a permalink id from the document, the quote's words and which occurrence they are."""
    digest = hashlib.sha1(f"{doc_id}\x1f{norm}\x1f{occurrence}".encode()).hexdigest()
    return digest[:16]
