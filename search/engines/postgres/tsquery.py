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
    """One query's tsquery: the SQL text, its parameters and what was cut to bound its cost.

    `lexicon(field, head, limit)` returns the index's terms of a field that start with `head`, in order, with the
    number of records holding each (Whoosh's doc frequency); `vocabulary` is the corpus's words (spelling.Vocabulary).
    """

    def __init__(self, words, limits: Limits, lexicon=None, vocabulary=None) -> None:
        self.limits, self.lexicon, self.vocabulary = limits, lexicon, vocabulary
        self.params: list = []
        self.notices: dict[str, str] = {}
        refuse_unbounded(words, limits)
        leaves = list(_leaves(words))
        expanding = [q for q in leaves if isinstance(q, MultiTerm)]
        plain = sum(len(q.words) if isinstance(q, Phrase) else 1 for q in leaves if not isinstance(q, MultiTerm))
        if plain > limits.max_clauses:
            raise QueryError(f"the query holds {plain} words; at most {limits.max_clauses} can run at once")
        self.each = min(limits.max_expansions, (limits.max_clauses - plain) // len(expanding)) if expanding else 0
        if expanding and self.each < 1:
            raise QueryError(f"the query holds {plain} words and {len(expanding)} wildcards; at most "
                             f"{limits.max_clauses} words can run at once: use fewer words or wildcards")
        self.sql = self._walk(words)

    def _term(self, text: str) -> sql.Composable:
        self.params.append(text)
        return TERM

    def _walk(self, q) -> sql.Composable:
        if isinstance(q, Term):
            return self._term(q.text)
        if isinstance(q, Phrase):
            # Adjacent terms, as Whoosh's positions are: its stop words were left out and the rest renumbered.
            if not q.words:
                return NOTHING
            built = self._term(q.words[0])
            for word in q.words[1:]:
                built = sql.SQL("tsquery_phrase({}, {})").format(built, self._term(word))
            return built
        if isinstance(q, MultiTerm):
            words = self._expand(q)
            return _joined(" || ", [self._term(w) for w in words]) if words else NOTHING
        if isinstance(q, AndNot):
            return sql.SQL("({} && !!{})").format(self._walk(q.a), self._walk(q.b))
        if isinstance(q, AndMaybe):
            return self._walk(q.a)  # the optional part only ranks in Whoosh; the matches are the required part's
        if isinstance(q, Not):
            return sql.SQL("!!{}").format(self._walk(q.query))
        if isinstance(q, And):
            return _joined(" && ", [self._walk(c) for c in q.children()])
        if isinstance(q, Or):
            return _joined(" || ", [self._walk(c) for c in q.children()]) if q.children() else NOTHING
        if q is NullQuery or isinstance(q, Every):
            return NOTHING
        raise QueryError(f"{q} cannot be searched")

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


def _joined(between: str, parts: list) -> sql.Composable:
    return parts[0] if len(parts) == 1 else sql.SQL("({})").format(sql.SQL(between).join(parts))


def _leaves(q):
    if q.is_leaf():
        yield q
    else:
        for child in q.children():
            yield from _leaves(child)
