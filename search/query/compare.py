"""Compare two wordings of a quote: a word-level diff, a likeness score and a verdict."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_WORD = re.compile(r"\w+(?:[’'`]\w+)*")
_APOSTROPHE = re.compile(r"[’'`]")

VERBATIM, ALTERED, NOT_FOUND = "verbatim", "altered", "not found"
ALTERED_MIN = 0.5  # share of the pasted words that must stand in the real quote, in order


@dataclass(frozen=True)
class Change:
    """One step of a word diff: equal, delete (only in the reference), insert (only in the other), replace."""

    op: str
    old: str
    new: str


@dataclass(frozen=True)
class Match:
    """How a pasted wording stands against one real quote."""

    score: float
    verdict: str
    changes: tuple[Change, ...]
    summary: str


def words(text: str) -> list[str]:
    """Split text into words as written."""
    return _WORD.findall(text)


def _norm(word: str) -> str:
    return _APOSTROPHE.sub("", word.lower())


def diff(reference: str, other: str) -> tuple[Change, ...]:
    """Return the word-level diff that turns `reference` into `other`, ignoring case and punctuation."""
    a, b = words(reference), words(other)
    matcher = difflib.SequenceMatcher(None, [_norm(w) for w in a], [_norm(w) for w in b], autojunk=False)
    return tuple(Change({"equal": "equal", "delete": "delete", "insert": "insert", "replace": "replace"}[op],
                        " ".join(a[i1:i2]), " ".join(b[j1:j2]))
                 for op, i1, i2, j1, j2 in matcher.get_opcodes())


def compare(real: str, pasted: str) -> Match:
    """Score how well a pasted wording matches a real quote, and say what changed."""
    a = [_norm(w) for w in words(real)]
    b = [_norm(w) for w in words(pasted)]
    if not a or not b:
        return Match(0.0, NOT_FOUND, (), "")
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    found = shared / len(b)
    score = 0.7 * found + 0.3 * (2 * shared / (len(a) + len(b)))
    changes = diff(real, pasted)
    if _contiguous(a, b):
        verdict = VERBATIM
    elif found >= ALTERED_MIN:
        verdict = ALTERED
    else:
        verdict = NOT_FOUND
    return Match(round(score, 4), verdict, changes, summarise(changes, excerpt=len(b) < len(a)))


def _contiguous(a: list[str], b: list[str]) -> bool:
    n = len(b)
    return any(a[i:i + n] == b for i in range(len(a) - n + 1))


def summarise(changes: tuple[Change, ...], excerpt: bool = False) -> str:
    """Describe a diff in a sentence a fact-checker can paste."""
    parts = []
    core = list(changes)
    # Words missing only at the ends are a trimmed excerpt, not an alteration.
    while core and core[0].op == "delete":
        core.pop(0)
    while core and core[-1].op == "delete":
        core.pop()
    for c in core:
        if c.op == "replace":
            parts.append(f"“{c.old}” became “{c.new}”")
        elif c.op == "delete":
            parts.append(f"“{c.old}” was dropped")
        elif c.op == "insert":
            parts.append(f"“{c.new}” was added")
    if not parts:
        return "an excerpt of the quote, word for word" if excerpt or len(core) < len(changes) else "word for word"
    return "; ".join(parts)


@dataclass(frozen=True)
class Verdict:
    """The answer to "did anyone say this?": the verdict and the closest real quotes."""

    pasted: str
    verdict: str
    matches: tuple[tuple[dict, Match], ...]


def check(pasted: str, candidates: list[dict], top: int = 5) -> Verdict:
    """Rank real quotes (stored records with `text`) against a pasted wording and give a verdict."""
    scored = [(c, compare(c.get("text", ""), pasted)) for c in candidates]
    scored = [(c, m) for c, m in scored if m.verdict != NOT_FOUND]
    scored.sort(key=lambda cm: (-cm[1].score, cm[0].get("date") or "", cm[0].get("id", "")))
    verdict = scored[0][1].verdict if scored else NOT_FOUND
    return Verdict(pasted, verdict, tuple(scored[:top]))
