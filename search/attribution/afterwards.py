"""Whose words a quote was, told by the sentence after it: “…,” was how Ford put it; That's the view of X."""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Mention
from .. import lexicon
from . import names
from .rule_names import Rule
from .rules import Attribution

_NAME = r"((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'.-]*)"
# “…,” was how Ford described it / is how she put it.
_HOW = re.compile(r"[\s,]*(?:was|is|were|are)\s+how\s+(?:" + _NAME + r"|(he|she|they))\s+([a-z]+)")
# That’s the optimistic view mouthed by Michael Reed / Those were the words of the mayor, X.
_VIEW = re.compile(r"\s*[”\"’)]*\s*(?:That|This|Those|These)(?:’s|'s|\s+is|\s+was|\s+were|\s+are)\s+"
                   r"(?:the\s+|a\s+|an\s+)?((?:[a-z-]+\s+){1,4}?)(?:by|of|from)\s+" + _NAME)


def how_put(text: str, close_at: int) -> Attribution | None:
    """Read “…,” was how Ford described it to friends: the quote is the named one's (or the pronoun's)."""
    m = _HOW.match(text, close_at, close_at + 120)
    if not m or m.group(3) not in _told():
        return None
    at = 1 if m.group(1) else 2
    word = m.group(at)
    mention = Mention(m.start(at), m.end(at), word, name="" if at == 2 else word, pronoun=at == 2)
    return Attribution(mention, m.group(3), "person", Rule.RETROSPECT)


def view_of(text: str, sentence_start: int) -> Attribution | None:
    """Read "That's the optimistic view mouthed by Michael Reed": the quotes of the sentence before are Reed's."""
    m = _VIEW.match(text, sentence_start, sentence_start + 160)
    if not m:
        return None
    words = m.group(1).split()
    nouns = lexicon.words("view_nouns.txt")
    # The noun ends the phrase, or a participle follows it: "the view of X", "the view mouthed by X".
    if not (words[-1] in nouns or len(words) >= 2 and words[-2] in nouns and words[-1].endswith(("ed", "en"))):
        return None
    name = m.group(2)
    return Attribution(Mention(m.start(2), m.end(2), name, name=name), words[-1], names.name_kind(name),
                       Rule.RETROSPECT)


@lru_cache(maxsize=1)
def _told() -> frozenset[str]:
    return frozenset(lexicon.cue_words()) | frozenset(lexicon.naming_words()) | {"put", "summed", "explained"}
