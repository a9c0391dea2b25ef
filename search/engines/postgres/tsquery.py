"""Turn the parsed query (Whoosh's query parser, the same grammar both engines read) into a tsquery expression.

Every word a person typed reaches the database as a parameter: the SQL around it is fixed text.
"""
from __future__ import annotations

import bisect
import re
from fnmatch import translate as fnmatch_translate

from psycopg import sql
from whoosh.analysis import LowercaseFilter, RegexTokenizer
from whoosh.fields import TEXT, Schema
from whoosh.query import (And, AndMaybe, AndNot, Every, FuzzyTerm, MultiTerm, Not, NullQuery, Or, Phrase, Prefix,
                          Term, Wildcard)

from ...query.parsing import Limits, Parser, QueryError, refuse_unbounded, typed
from ...schema import TEXT_FIELD
from .schema import LANGUAGE

NOTHING = sql.SQL("''::tsquery")


def parser() -> Parser:
    """Return the query parser of both engines over words as typed: PostgreSQL stems them itself."""
    plain = RegexTokenizer() | LowercaseFilter()
    return Parser(Schema(**{name: TEXT(analyzer=plain) for name in TEXT_FIELD.values()}))


class Translation:
    """One query's tsquery: the SQL text, its parameters and what was cut to bound its cost."""

    def __init__(self, words, limits: Limits, vocabulary=None) -> None:
        self.limits, self.vocabulary = limits, vocabulary
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

    def _word(self, text: str) -> sql.Composable:
        self.params.append(text)
        return sql.SQL("plainto_tsquery({}, %s)").format(sql.Literal(LANGUAGE))

    def _walk(self, q) -> sql.Composable:
        if isinstance(q, Term):
            return self._word(q.text)
        if isinstance(q, Phrase):
            self.params.append(" ".join(q.words))
            return sql.SQL("phraseto_tsquery({}, %s)").format(sql.Literal(LANGUAGE))
        if isinstance(q, MultiTerm):
            words = self._expand(q)
            return _joined(" || ", [self._word(w) for w in words]) if words else NOTHING
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
        """Return the most frequent corpus words a prefix, wildcard or fuzzy word stands for."""
        found = expansions(q, self.vocabulary, self.limits)
        shown = typed(q)
        if len(found) > self.each:
            self.notices[shown] = f"{shown} matched more than {self.each} words; results use the {self.each} most frequent"
        return [w for w, _ in found[:self.each]]


def expansions(q, vocabulary, limits: Limits) -> list[tuple[str, int]]:
    """Return the corpus words a prefix, wildcard or fuzzy word matches with their counts, most frequent first."""
    if vocabulary is None:
        return []
    counts = vocabulary.counts()
    if isinstance(q, FuzzyTerm):
        found = set(vocabulary.near(q.text, q.maxdist)) | ({q.text} if q.text in counts else set())
    else:
        head = q.text if isinstance(q, Prefix) else re.split(r"[*?\[]", q.text, maxsplit=1)[0]
        pattern = None if isinstance(q, Prefix) else re.compile(fnmatch_translate(q.text))
        words = vocabulary.sorted()
        found = set()
        for word in words[bisect.bisect_left(words, head):]:
            if not word.startswith(head) or len(found) >= limits.max_scan:
                break
            if pattern is None or pattern.match(word):
                found.add(word)
    return sorted(((w, counts.get(w, 0)) for w in found), key=lambda wc: (-wc[1], wc[0]))


def _joined(between: str, parts: list) -> sql.Composable:
    return parts[0] if len(parts) == 1 else sql.SQL("({})").format(sql.SQL(between).join(parts))


def _leaves(q):
    if q.is_leaf():
        yield q
    else:
        for child in q.children():
            yield from _leaves(child)
