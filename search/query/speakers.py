"""Find the speaker a person means by a key, a full name or part of one; say so when a name fits several or none."""
from __future__ import annotations

import difflib
from collections import defaultdict

from ..ids import key_for
from .request import QueryError

SHOWN = 5  # speakers a message about an ambiguous name lists


class SpeakerWords:
    """The speaker keys of one index generation, each findable by the words of its name."""

    def __init__(self, keys) -> None:
        self.by_word: dict[str, set[str]] = defaultdict(set)
        for key in keys:
            for word in name_part(key).split("-"):
                if word:
                    self.by_word[word].add(key)

    @classmethod
    def of(cls, searcher, cache: dict | None) -> "SpeakerWords":
        """Return the table of the searcher's index, read once per generation when a cache is given."""
        if cache is not None and ("speaker-words",) in cache:
            return cache[("speaker-words",)]
        keys = (raw.decode("utf-8") if isinstance(raw, bytes) else raw for raw in searcher.lexicon("speaker_key"))
        table = cls(keys)
        if cache is not None:
            cache[("speaker-words",)] = table
        return table

    def holding(self, words: list[str]) -> set[str]:
        """Return the keys whose name holds every one of the words."""
        found = [self.by_word.get(w, set()) for w in words]
        return set.intersection(*found) if found and all(found) else set()

    def near(self, words: list[str]) -> list[str]:
        """Return, for a name that fits nobody, the closest word of a name to each of its words, or []."""
        vocabulary = list(self.by_word)
        near = [close[0] for w in words if (close := difflib.get_close_matches(w, vocabulary, n=1, cutoff=0.75))]
        return near if len(near) == len(words) else []


def name_part(key: str) -> str:
    """Return the name of a key without the document a common-noun speaker ("the cable--a19b60") is kept to."""
    return key.split("--")[0]


def resolve(searcher, given: str, cache: dict | None, names) -> str:
    """Return the key of the one speaker `given` names: a key, a name, or words of a name ("Maksusi"); raise
    QueryError when it fits several speakers or none. `names(keys)` gives speakers' display names."""
    given = given.strip()
    quotes = lambda key: searcher.doc_frequency("speaker_key", key)  # noqa: E731
    if quotes(given):
        return given
    key = key_for(given)
    if quotes(key):
        return key
    table = SpeakerWords.of(searcher, cache)
    words = [w for w in key.split("-") if w]
    fits = [k for k in table.holding(words) if quotes(k)]
    # A name spelt out whole is that speaker, however many others it is part of; a proper name (kept across
    # documents) before a common-noun speaker of one document.
    for tier in ([k for k in fits if name_part(k) == key and "--" not in k], [k for k in fits if name_part(k) == key],
                 [k for k in fits if "--" not in k], fits):
        if len(tier) == 1:
            return tier[0]
        if tier:
            raise QueryError(ambiguous(given, tier, quotes, names))
    message = f"no speaker is called {given!r}"
    # The closest: a misspelling's nearest names, else someone of the same surname ("President Trump").
    close = sorted((k for k in table.holding(table.near(words)) or table.holding(words[-1:]) if quotes(k)),
                   key=lambda k: ("--" in k, -quotes(k), k))
    message += f": did you mean {names(close[:1]).get(close[0], close[0])} ({close[0]})?" if close else "."
    raise QueryError(message + " Give a name as the speaker list shows it, or a speaker's key")


def ambiguous(given: str, keys: list[str], quotes, names) -> str:
    """Return the message for a name that fits several speakers, the most quoted first."""
    ranked = sorted(keys, key=lambda k: (-quotes(k), k))
    shown = names(ranked[:SHOWN])
    listed = "; ".join(f"{shown.get(k, k)} ({k}, {quotes(k)} quote{'' if quotes(k) == 1 else 's'})"
                       for k in ranked[:SHOWN])
    more = f" and {len(ranked) - SHOWN} more" if len(ranked) > SHOWN else ""
    return (f"{given!r} fits {len(ranked)} speakers: {listed}{more}. Give the full name or the key "
            "(speaker=KEY) of the one you mean")
