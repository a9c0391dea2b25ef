"""Turn the parsed query (Whoosh's own parser, so the same stemmed terms) into a tsquery expression.

Every term reaches the database as a parameter: the SQL around it is fixed text.
"""
from __future__ import annotations

import re
from fnmatch import translate as fnmatch_translate

from psycopg import sql
from whoosh.query import And, AndMaybe, AndNot, Every, FuzzyTerm, MultiTerm, Not, NullQuery, Or, Phrase, Prefix, Term

from ...query.parsing import Limits, Parser, QueryError, refuse_unbounded, typed
from ...index.schema import build_schema
from .terms import ANALYZERS

NOTHING = sql.SQL("''::tsquery")
TERM = sql.SQL("search_term(%s)")  # see schema.MIGRATIONS: one term as a tsquery, quoted by the database


def parser() -> Parser:
    """Return Whoosh's query parser over the schema both engines analyse words with."""
    return Parser(build_schema())


class Translation:
    """One query's tsquery: the SQL text, its parameters, what was cut to bound its cost, and the terms it ranks by.

    `lexicon(field, head, limit)` returns the index's terms of a field that start with `head`, in order, with the
    number of records holding each (Whoosh's doc frequency); `vocabulary` is the corpus's words (spelling.Vocabulary).
    """

    def __init__(self, words, limits: Limits, lexicon=None, vocabulary=None) -> None:
        self.limits, self.lexicon, self.vocabulary = limits, lexicon, vocabulary
        self.params: list = []
        self.notices: dict[str, str] = {}
        self._ranked: dict[str, None] = {}  # the words a match is scored by, in order: every word not excluded
        self._excluded = 0  # how deep the walk is inside an exclusion
        refuse_unbounded(words, limits)
        leaves = list(words.leaves())
        expanding = [q for q in leaves if isinstance(q, MultiTerm)]
        plain = sum(_size(q) for q in leaves if not isinstance(q, MultiTerm))
        if plain > limits.max_clauses:
            slops = [f"{len(q.words)} words ~{_slop(q)}" for q in leaves if isinstance(q, Phrase) and _slop(q) > 1]
            if slops:
                raise QueryError(f"a phrase of {slops[0]} stands for {plain:,} words in the database's phrase search "
                                 f"(one per way its words may stand); at most {limits.max_clauses} can run at once: "
                                 "use a smaller ~N or fewer words")
            raise QueryError(f"the query holds {plain} words; at most {limits.max_clauses} can run at once")
        self.each = min(limits.max_expansions, (limits.max_clauses - plain) // len(expanding)) if expanding else 0
        if expanding and self.each < 1:
            raise QueryError(f"the query holds {plain} words and {len(expanding)} wildcards; at most "
                             f"{limits.max_clauses} words can run at once: use fewer words or wildcards")
        self.sql = self._walk(words)

    def _term(self, text: str) -> sql.Composable:
        self.params.append(text)
        if not self._excluded:
            self._ranked[text] = None
        return TERM

    @property
    def ranked(self) -> list[str]:
        """Return the words a match is scored by, in order: every word searched, none excluded (bm25.score)."""
        return list(self._ranked)

    def _excluding(self, q) -> sql.Composable:
        self._excluded += 1
        try:
            return self._walk(q)
        finally:
            self._excluded -= 1

    def _walk(self, q) -> sql.Composable:
        if isinstance(q, Term):
            return self._term(q.text)
        if isinstance(q, Phrase):
            return self._phrase(q.words, _slop(q))
        if isinstance(q, MultiTerm):
            words = self._expand(q)
            return _joined(" || ", [self._term(w) for w in words]) if words else NOTHING
        if isinstance(q, AndNot):
            return sql.SQL("({} && !!{})").format(self._walk(q.a), self._excluding(q.b))
        if isinstance(q, AndMaybe):
            # The optional part only ranks in Whoosh: the matches are the required part's, its plain words score.
            if not self._excluded:
                self._ranked.update(dict.fromkeys(t for _f, t in q.b.iter_all_terms() if isinstance(t, str)))
            return self._walk(q.a)
        if isinstance(q, Not):
            return sql.SQL("!!{}").format(self._excluding(q.query))
        if isinstance(q, And):
            return _joined(" && ", [self._walk(c) for c in q.children()])
        if isinstance(q, Or):
            return _joined(" || ", [self._walk(c) for c in q.children()]) if q.children() else NOTHING
        if q is NullQuery or isinstance(q, Every):
            return NOTHING
        raise QueryError(f"{q} cannot be searched")

    def _phrase(self, words: list[str], slop: int) -> sql.Composable:
        """Return a phrase whose each word follows the one before it by 1 to `slop` positions, as Whoosh's
        SpanNear2 matches (slop 1: adjacent; positions as Whoosh's, stop words left out and the rest renumbered).

        tsquery's `<N>` says "exactly N after", and a phrase operand's place is where its last word is, so each
        word is one alternative per distance over all the phrase before it: slop ** (words - 1) arrangements, which
        Translation bounds."""
        if not words:
            return NOTHING
        built: sql.Composable = TERM
        params: list = [words[0]]
        for word in words[1:]:
            steps = [sql.SQL("tsquery_phrase({}, {}, %s)").format(built, TERM) for _ in range(slop)]
            params = [p for distance in range(1, slop + 1) for p in (*params, word, distance)]
            built = _joined(" || ", steps)
        self.params.extend(params)
        if not self._excluded:
            self._ranked.update(dict.fromkeys(words))
        return built

    def _expand(self, q) -> list[str]:
        """Return the most frequent index terms a prefix, wildcard or fuzzy word stands for, noting any cut."""
        found, cut = self._matching(q)
        best = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:self.each]
        shown = typed(q)
        if cut:
            self.notices[shown] = (f"{shown} matched more than {self.limits.max_scan:,} words; results use the "
                                   f"{self.each} most frequent of those read")
        elif len(found) > self.each:
            self.notices[shown] = (f"{shown} matched more than {self.each} words; "
                                   f"results use the {self.each} most frequent")
        return [term for term, _ in best]

    def _matching(self, q) -> tuple[dict[str, int], bool]:
        if self.lexicon is None:
            return {}, False
        if isinstance(q, FuzzyTerm):
            # The corpus's words near the typed one, stemmed as the index holds them (as parsing.expansions does).
            near = self.vocabulary.near(q.text, q.maxdist) if self.vocabulary is not None else []
            stems = {q.text} | {t.text for w in near for t in ANALYZERS["quote"](w)}
            found = {}
            for stem in stems:
                found.update({t: n for t, n in self.lexicon(q.fieldname, stem, 1) if t == stem})
            return found, False
        head = q.text if isinstance(q, Prefix) else re.split(r"[*?\[]", q.text, maxsplit=1)[0]
        pattern = None if isinstance(q, Prefix) else re.compile(fnmatch_translate(q.text))
        read = self.lexicon(q.fieldname, head, self.limits.max_scan + 1)
        cut = len(read) > self.limits.max_scan
        return {t: n for t, n in read[:self.limits.max_scan] if pattern is None or pattern.match(t)}, cut


def _slop(q: Phrase) -> int:
    """Return how far apart a phrase's words may be: 1 is adjacent."""
    return max(1, int(q.slop))


def _size(q) -> int:
    """Return the terms a leaf query costs in tsquery: a phrase with slop repeats its words per arrangement."""
    if not isinstance(q, Phrase):
        return 1
    slop, n = _slop(q), len(q.words)
    return n if slop == 1 else sum(slop ** k for k in range(1, n)) + slop ** (n - 1)


def _joined(between: str, parts: list) -> sql.Composable:
    return parts[0] if len(parts) == 1 else sql.SQL("({})").format(sql.SQL(between).join(parts))
