"""Tokens and sentences of a paragraph whose quotes are masked out, with document offsets."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .. import lexicon

_TOKEN = re.compile(r"[A-Za-z0-9\u00c0-\u024f][\w’'.\-]*|[,;:()—–―]|(?<=\s)-(?=\s)|\x00+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=[\"“‘(\[A-Z0-9\x00])")
_LAST_WORD = re.compile(r"([\w.]+)[.!?…]*$")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
MASK = "\x00"


class Tok(NamedTuple):
    """A word or punctuation mark with its document offsets."""

    text: str
    start: int
    end: int


def mask_quotes(text: str, spans, start: int, end: int) -> str:
    """Return text[start:end] with every quote (marks included) blanked out to NULs, offsets kept."""
    pieces, pos = [], start
    for span in spans:
        a, b = max(span.open_at, start, pos), min(span.close_at, end)
        if b <= a:
            continue
        pieces.append(text[pos:a])
        pieces.append(MASK * (b - a))
        pos = b
    pieces.append(text[pos:end])
    return "".join(pieces)


def sentence_ends(masked: str):
    """Yield the matches that end a sentence, skipping abbreviations and initials."""
    abbreviations = lexicon.abbreviations()
    for m in _SENTENCE_END.finditer(masked):
        word = _LAST_WORD.search(masked[max(0, m.start() - 12):m.start() + 1])
        prev = (word.group(1) if word else "").rstrip(".").lower()
        if masked[m.start()] == "." and (prev in abbreviations or len(prev) == 1):
            continue
        yield m


def sentence_bounds(masked: str) -> list[tuple[int, int]]:
    """Split masked paragraph text into sentences, not breaking after abbreviations or initials."""
    bounds, pos = [], 0
    for m in sentence_ends(masked):
        bounds.append((pos, m.end()))
        pos = m.end()
    bounds.append((pos, len(masked)))
    return bounds


_CONTRACTED = {f"{p}{mark}{rest}": p for p in ("he", "He", "she", "She", "they", "They", "we", "We", "I")
               for mark in "’'" for rest in ("d", "ll")}


def tokens(masked: str, offset: int, begin: int = 0, end: int | None = None) -> list[Tok]:
    """Tokenise masked text (from `begin` to `end` if given) into words and punctuation, with document offsets."""
    new = tuple.__new__
    abbreviations = lexicon.abbreviations()
    found = _TOKEN.finditer(masked, begin, len(masked) if end is None else end)
    out = [new(Tok, (m.group(), m.start() + offset, m.end() + offset)) for m in found]
    for k, tok in enumerate(out):
        word = tok[0]
        # A full stop ends a sentence, not a word, unless the word is an abbreviation or an initial.
        if word[-1] == "." and word[0] != MASK and word[:-1].lower() not in abbreviations and not is_initial(word):
            out[k] = new(Tok, (word[:-1], tok[1], tok[2] - 1))
        elif word in _CONTRACTED:
            # "he’d respond": the pronoun is the subject of the verb; the contracted "would" goes as an auxiliary would.
            out[k] = new(Tok, (_CONTRACTED[word], tok[1], tok[1] + len(_CONTRACTED[word])))
    return out


def tokens_between(masked: str, offset: int, a: int, b: int) -> list[Tok]:
    """Return the tokens of a masked paragraph from document offset `a` to `b`."""
    return tokens(masked, offset, max(0, a - offset), max(0, b - offset))


@lru_cache(maxsize=65536)
def is_initial(word: str) -> bool:
    """Say whether a word is an initial or a run of them ("J.", "U.S.")."""
    return _INITIALS.fullmatch(word) is not None


@lru_cache(maxsize=4)
def capitalised_inside(text: str) -> frozenset[str]:
    """Return the words a text capitalises somewhere other than at the start of a sentence."""
    return frozenset(re.findall(r"[\w,;’']\s+([A-Z][\w’'\-]*)", text))


@lru_cache(maxsize=4)
def lower_words(text: str) -> frozenset[str]:
    """Return the words a text writes in lower case."""
    return frozenset(re.findall(r"\b[a-z][\w’'\-]*", text))
