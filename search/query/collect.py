"""The top-N collector of a search, made to see every match so that a search's total is a full count."""
from __future__ import annotations

from whoosh.collectors import TopCollector


class CountingTop(TopCollector):
    """Keep the best `limit` hits while stepping through every match of the query.

    Whoosh's ScoredCollector replaces the matcher with `matcher.replace(minscore)` once the top N is full:
    a union whose branch cannot beat the N-th score becomes an AND-MAYBE or an intersection, and the
    matches only that branch holds are never seen, so an OR query's total (and its facets) came out short.
    Here the matcher is only ever replaced with a minimum quality of 0, which drops finished branches and
    nothing else; block-quality skipping is off for the same reason.
    """

    def __init__(self, limit: int, replace: int = 1000) -> None:
        super().__init__(limit, usequality=False, replace=replace)

    def _use_block_quality(self) -> bool:
        return False

    def matches(self):
        matcher, every, countdown = self.matcher, self.replace, self.replace
        while matcher.is_active():
            if every:
                countdown -= 1
                if countdown <= 0:
                    self.matcher = matcher = matcher.replace(0)
                    countdown = every
                    if not matcher.is_active():
                        break
            yield matcher.id()
            matcher.next()
