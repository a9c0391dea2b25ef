"""Posting readers that look at the time budget while they step, inside Whoosh's own loops."""
import pytest
from whoosh.collectors import TimeLimit
from whoosh.query import And, Phrase, Term

from search import query
from search.query.checked import checked


def ids(searcher, q):
    return sorted(searcher.docs_for_query(q))


@pytest.mark.parametrize("q", [Term("quote_text", "tax1"),
                               And([Term("quote_text", "tax1"), Term("quote_text", "rise")]),
                               Phrase("text", ["filler", "paragraph"]), Phrase("quote_text", ["point", "stand"])])
def test_with_time_left_a_checked_query_matches_the_same_records(bounds_index, q):
    with query.Engine(bounds_index).session() as s:
        assert ids(s.searcher, checked(q, lambda: True)) == ids(s.searcher, q) != []


def test_a_step_that_finds_nothing_still_stops_when_time_is_out(bounds_index, monkeypatch):
    from search.query import checked as module

    monkeypatch.setattr(module, "EVERY", 1)  # the small index takes few steps: look at every one
    looks = []

    def left():
        looks.append(1)
        return len(looks) < 2

    # Every paragraph holds "paragraph" or not, none holds both "filler" and "stands": the intersection
    # steps through both lists without a single match to return to the collector.
    q = And([Term("text", "paragraph"), Term("text", "filler"), Term("text", "stand")])
    with query.Engine(bounds_index).session() as s:
        for leaf, _ in s.searcher.leaf_searchers():
            with pytest.raises(TimeLimit):
                matcher = checked(q, left).matcher(leaf)
                while matcher.is_active():
                    matcher.next()
            assert len(looks) == 2
