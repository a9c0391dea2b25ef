"""Queries whose posting readers look at the time budget as they step, so no search outruns its budget."""
from __future__ import annotations

from whoosh.collectors import TimeLimit
from whoosh.matching import NullMatcher, WrappingMatcher
from whoosh.query import Phrase, SpanNear2, Term

from .ranges import ColumnRange

EVERY = 64  # steps of a posting reader between two looks at the budget


def checked(q, left):
    """Return the query with its terms and phrases reading postings that stop when `left()` says no time is
    left (raising Whoosh's TimeLimit) and give the turn away when a shorter request waits."""
    # Whoosh steps through postings inside its matchers without returning to the collector while no
    # record matches (an intersection of common words, a phrase whose words seldom stand together): at
    # PolNeAR x10 one such step took 0.3 s, and it grows with the index.
    if isinstance(q, Term) and not isinstance(q, CheckedTerm):
        return CheckedTerm(q.fieldname, q.text, boost=q.boost, left=left)
    if isinstance(q, Phrase) and not isinstance(q, CheckedPhrase):
        return CheckedPhrase(q.fieldname, q.words, slop=q.slop, boost=q.boost, left=left)
    if isinstance(q, ColumnRange):
        return ColumnRange(q.fieldname, q.low, q.high, left)
    if q.is_leaf():
        return q
    return q.apply(lambda sub: checked(sub, left))


class CheckedTerm(Term):
    """A term whose posting reader looks at the budget every few steps."""

    def __init__(self, fieldname, text, boost=1.0, minquality=None, left=None):
        super().__init__(fieldname, text, boost=boost, minquality=minquality)
        self.left = left

    def matcher(self, searcher, context=None):
        m = super().matcher(searcher, context)
        return m if isinstance(m, type(NullMatcher)) or self.left is None else Checked(m, self.left)


class CheckedPhrase(Phrase):
    """A phrase whose words' posting readers look at the budget every few steps."""

    def __init__(self, fieldname, words, slop=1, boost=1.0, char_ranges=None, left=None):
        super().__init__(fieldname, words, slop=slop, boost=boost, char_ranges=char_ranges)
        self.left = left

    def matcher(self, searcher, context=None):
        # As Phrase.matcher (Whoosh 2.7.4): the words as terms, in order, one apart; here checked terms.
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
        if field is None:
            return NullMatcher()
        reader = searcher.reader()
        terms = []
        for word in self.words:
            try:
                word = field.to_bytes(word)
            except ValueError:
                return NullMatcher()
            if (self.fieldname, word) not in reader:
                return NullMatcher()
            terms.append(CheckedTerm(self.fieldname, word, left=self.left))
        m = SpanNear2(terms, slop=self.slop, ordered=True, mindist=1).matcher(searcher, context)
        return WrappingMatcher(m, boost=self.boost) if self.boost != 1.0 else m


class Checked(WrappingMatcher):
    """A posting reader that raises TimeLimit once the budget is spent."""

    def __init__(self, child, left, boost=1.0):
        super().__init__(child, boost=boost)
        self._left = left
        self._steps = 0

    def _replacement(self, newchild):
        return Checked(newchild, self._left, boost=self.boost)

    def copy(self):
        return Checked(self.child.copy(), self._left, boost=self.boost)

    def _look(self) -> None:
        self._steps += 1
        if self._steps % EVERY == 0 and not self._left():
            raise TimeLimit

    def next(self):
        self._look()
        return self.child.next()

    def skip_to(self, id):
        self._look()
        return self.child.skip_to(id)
