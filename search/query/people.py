"""Find the speakers a query names, and let their own quotes rank first."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from whoosh.analysis import STOP_WORDS
from whoosh.query import And, AndMaybe, NullQuery, Or, Term

from .. import words as tables
from ..ids import fold
from ..index.schema import FULL, PARAGRAPH, QUOTE
from . import facets

# A quote of a speaker the query names scores this on top of its words: a quote that only mentions the name
# (BM25 of a rare word in a short quote stays under 20) ranks below every quote of theirs that matches the rest.
BOOST = 30.0
FULL_BOOST = 10.0  # ... and a full quote of theirs this more than a fragment
MOST_WORDS = 20  # plain queries up to this many words search the names around quotes too
MOST = 5  # speakers one query may name: a common surname stands for its most quoted bearers only
SHOWN = 3  # of those, the ones offered as links
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Query syntax the widening leaves alone: phrases, groups, fields, wildcards, fuzzy words, boosts, ranges, exclusion.
_SYNTAX = re.compile(r"[\"():*?~^\[\]{}+]|(?:^|\s)[-\u2013\u2212]|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b")


@dataclass(frozen=True)
class Named:
    """A speaker a query names: their key, display name, number of quotes and the query words naming them."""

    key: str
    name: str
    count: int
    full: bool  # named in full (first and last name), not by a surname alone
    spans: tuple[tuple[int, int], ...] = ()  # where in the query the naming words are


class People:
    """The named speakers of one generation, by the words of their keys."""

    def __init__(self, counts: dict[str, int]) -> None:
        # Keys with "--" are descriptions kept to their document ("the president"); narrators are never served.
        self.counts = {k: n for k, n in counts.items() if k and n and "--" not in k and ":" not in k}
        self._by_word: dict[str, list[str]] = {}
        for key in self.counts:
            for word in set(_name_words(key)):
                self._by_word.setdefault(word, []).append(key)

    def named(self, text: str, names) -> tuple[Named, ...]:
        """Return the speakers `text` names, best first: full names before surnames, then by quotes.

        `names(keys)` returns the display names of speaker keys (Session.speaker_names)."""
        tokens = _tokens(text)
        words = [w for w, _ in tokens]
        found: list[tuple[tuple, str, bool, tuple]] = []
        candidates = {k for w in set(words) if w not in STOP_WORDS for k in self._by_word.get(w, ())}
        bare = {}  # keys named by a surname alone, kept only if their name is a person's
        for key in candidates:
            parts = _name_words(key)
            at = _full_at(words, parts)
            if at is not None:
                found.append(((1, self.counts[key]), key, True, tuple(tokens[i][1] for i in at)))
            elif len(parts) == 1 or parts[-1] not in tables.lines("particles.txt"):
                hits = [i for i, w in enumerate(words) if w == parts[-1] and len(w) > 2 and w not in STOP_WORDS]
                if hits:
                    bare[key] = tuple(tokens[i][1] for i in hits)
        display = names([f[1] for f in found] + list(bare))
        for key, spans in bare.items():
            if len(_name_words(key)) == 1 or _person(display.get(key, key)):
                found.append(((0, self.counts[key]), key, False, spans))
        found.sort(key=lambda f: (f[0], f[1]), reverse=True)
        covered: set = set()
        out = []
        for (strength, count), key, full, spans in found:
            # A surname inside a full name already matched names nobody else ("donald trump" is not Ivanka).
            if not full and covered & set(spans):
                continue
            out.append(Named(key, display.get(key, key), count, full, spans))
            if full:
                covered |= set(spans)
            if len(out) >= MOST:
                break
        return tuple(out)


def table(session) -> People:
    """Return the named speakers of a session's generation, read on first use and kept for the generation."""
    if "people" not in session.stats:
        session.stats["people"] = People(facets.term_counts(session.searcher.reader(), "speaker_key"))
    return session.stats["people"]


def who(session, plan, request):
    """Return a search's plan widened to the speakers its words name and the names around quotes, and those
    speakers (see `widen`)."""
    named = table(session).named(plan.text, session.speaker_names) if plan.has_words else ()
    wanted = (QUOTE,) if request.speakers else {"quote": (QUOTE,), "paragraph": (PARAGRAPH,)}.get(
        request.type, (QUOTE, PARAGRAPH))
    if not plan.has_words or QUOTE not in wanted:
        return plan, named
    alone = wanted == (QUOTE,)
    quotes = plan.words if alone else session.parser.parse(plan.text, QUOTE)
    widened = widen(quotes, plan.text, named, session.parser, session.searcher.reader().doc_frequency,
                    full_first="form" in session.schema)
    if widened is not quotes:
        plan = replace(plan, words=widened if alone else Or([widened, session.parser.parse(plan.text, PARAGRAPH)]))
    return plan, named


def _person(name: str) -> bool:
    """Say whether a display name is a person's, whose surname alone names them (not "The New York Times")."""
    organisation = tables.lines("orgwords.txt")
    return not name.isupper() and not any(w.replace("’s", "").replace("'s", "").strip(".,") in organisation
                                          for w in name.split())


def _tokens(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Return the folded words of a query with where each stands; initials ("E.") are left out."""
    out: list[tuple[str, tuple[int, int]]] = []
    for m in _WORD.finditer(text):
        # "O'Neill" folds to "o neill": two words of a key, one place in the query.
        out.extend((w, m.span()) for w in fold(m.group()).split() if len(w) > 1 or w == "o")
    return out


def _name_words(key: str) -> list[str]:
    """Return the words of a key's name, a trailing Jr. or III aside."""
    parts = key.split("-")
    while len(parts) > 1 and parts[-1] in _SUFFIXES:
        parts.pop()
    return parts


def _full_at(words: list[str], parts: list[str]) -> tuple[int, ...] | None:
    """Return the positions of a full name in the query words (all its words, or first and last), else None."""
    if len(parts) < 2:
        return None
    for wanted in (parts, [parts[0], parts[-1]]):
        n = len(wanted)
        for i in range(len(words) - n + 1):
            if words[i:i + n] == wanted:
                return tuple(range(i, i + n))
    return None


def plain(text: str) -> bool:
    """Say whether a query is plain words, which the speakers it names may widen."""
    return not _SYNTAX.search(text)


def rest(text: str, named: tuple[Named, ...]) -> str:
    """Return the query without the words that name speakers."""
    spans = sorted({s for n in named for s in n.spans})
    out, pos = [], 0
    for start, end in spans:
        out.append(text[pos:start])
        pos = max(pos, end)
    out.append(text[pos:])
    return " ".join("".join(out).split())


def by_who(text: str) -> bool:
    """Say whether a search's words may be a search by who: plain words, few enough to hold a name."""
    return plain(text) and len(_WORD.findall(text)) <= MOST_WORDS


def besides(text: str, named: tuple[Named, ...], parser):
    """Return the quote query of the words a search by who holds besides the names in it; None if none are left."""
    remainder = rest(text, named)
    # What is left of "Loretta E. Lynch" or "Ban Ki-moon" is an initial or a hyphen: no words to match.
    others = parser.parse(remainder, QUOTE) if _tokens(remainder) else None
    return None if others is NullQuery else others


def widen(words, text: str, named: tuple[Named, ...], parser, frequency, full_first: bool = False):
    """Return the query of a search by who: plain words match quotes or the names around them, and the quotes
    of each named speaker that match the rest of the query are boosted so that they come first (their full
    quotes before their fragments when the index tells them apart). `parser` is the search's Parser,
    `frequency(field, word)` the number of records holding a word."""
    if not by_who(text):
        return words
    who = parser.parse_who(text, frequency)
    base = words if who is None or who is NullQuery else who
    if not named:
        return base
    others = besides(text, named, parser)
    alternatives = []
    for n in named:
        alt = Term("speaker_key", n.key, boost=BOOST)
        if full_first:
            alt = AndMaybe(alt, Term("form", FULL, boost=FULL_BOOST))
        alternatives.append(alt if others is None else And([alt, others]))
    return Or([base, *alternatives])
