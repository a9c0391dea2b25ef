"""A request's time budget stops the work when spent, and long work takes turns at one slot."""
import threading
import time

from whoosh.collectors import TopCollector
from whoosh.query import Term

from search import query
from search.query.budget import Budget, Gate
from search.query.parsing import Limits


def work(seconds: float) -> None:
    """Keep this thread's CPU busy for a while, as a search does."""
    until = time.thread_time() + seconds
    while time.thread_time() < until:
        pass


class Slow(TopCollector):
    """A collector that takes a while over each match, like a big index does over many."""

    def collect(self, sub_docnum):
        time.sleep(0.01)
        return super().collect(sub_docnum)


def test_the_work_stops_when_the_budget_is_spent(bounds_index):
    with query.Engine(bounds_index).session() as s:
        began = time.perf_counter()
        run = Budget(0.05).run(s.searcher, Term("type", "paragraph"), Slow(10))
        took = time.perf_counter() - began
        kept = run.hits()
    assert run.cut
    assert 0 < run.matched < 60  # 60 paragraphs match; the budget ran out long before
    assert took < 0.3
    assert len(kept) == min(10, run.matched)  # what was found is kept


def test_a_search_within_its_budget_is_whole(bounds_index):
    with query.Engine(bounds_index).session() as s:
        run = Budget(10).run(s.searcher, Term("type", "paragraph"), TopCollector(10))
    assert not run.cut and run.matched == 60


def test_an_exhausted_budget_gives_a_partial_answer(bounds_index):
    with query.Engine(bounds_index, Limits(seconds=0)).session() as s:
        results = s.search("taxes")
        listing = s.speaker_listing("ann-lee", 1, 5)
    assert results.partial and results.total < 12
    assert listing is None or listing.partial


def test_a_request_waits_for_its_turn_and_gives_up_at_its_deadline():
    gate = Gate()
    first, second = Budget(5, gate), Budget(0.2, gate)
    assert first.left()  # takes the turn
    began = time.perf_counter()
    assert not second.left()  # waits, using no time, until its own deadline
    assert 0.15 < time.perf_counter() - began < 1 and second.spent
    first.pause()
    third = Budget(5, gate)
    assert third.left()
    third.pause()


def test_a_long_request_lets_a_short_one_pass_at_its_next_look():
    gate = Gate()
    long = Budget(5, gate)
    long.long()
    assert long.left()
    work(0.02)  # the long request has worked a while
    order = []
    short = Budget(5, gate)

    def short_request():
        assert short.left()  # waits for the long request's next check
        order.append("short")
        short.pause()

    thread = threading.Thread(target=short_request)
    thread.start()
    time.sleep(0.05)
    assert order == []  # no check yet: the turn is not taken from a request mid-step
    assert long.left()  # the check gives way, and the turn comes back once the short one is done
    order.append("long")
    thread.join(2)
    long.pause()
    assert order == ["short", "long"]


def test_a_request_keeps_its_turn_while_nobody_waits():
    gate = Gate()
    alone = Budget(5, gate)
    assert alone.left()
    work(0.03)
    assert alone.left() and alone.left()
    alone.pause()
    assert alone.used >= 0.03


def test_long_requests_work_one_at_a_time():
    gate = Gate()
    first = Budget(5, gate)
    first.long()  # known to be long (a wildcard, most of the index): it takes the long requests' place
    second = Budget(0.2, gate)
    began = time.perf_counter()
    second.long()  # waits for the place until its deadline
    assert second.spent and not second.left()
    assert 0.15 < time.perf_counter() - began < 1
    first.close()
    third = Budget(5, gate)
    third.long()
    assert third.left() and not third.spent
    third.close()


def test_a_request_that_turns_out_long_lets_shorter_ones_go_first():
    gate = Gate()
    request = Budget(5, gate)
    assert request.left()
    work(0.06)  # past LONG_AFTER
    assert request.left()
    assert request.rank > Budget(5, gate).rank  # it now counts as long: a short request goes before it
    request.close()


def test_a_request_slowed_by_others_does_not_count_as_long():
    gate = Gate()
    request = Budget(5, gate)
    assert request.left()
    time.sleep(0.1)  # the clock runs, its CPU does not: others had the GIL
    assert request.left()
    request.close()
    assert request.used < 0.05


def test_a_fresh_request_passes_one_that_has_worked():
    gate = Gate()
    first = Budget(5, gate)
    assert first.left()
    work(0.01)
    fresh = Budget(5, gate)
    order = []

    def fresh_request():
        assert fresh.left()
        order.append("fresh")
        fresh.close()

    thread = threading.Thread(target=fresh_request)
    thread.start()
    time.sleep(0.02)
    assert first.left()  # gives way at its next look, and has the turn back once the fresh one is done
    order.append("first")
    first.close()
    thread.join(2)
    assert order == ["fresh", "first"]


def test_a_request_that_has_worked_is_not_passed_forever():
    gate = Gate()
    holder = Budget(5, gate)
    assert holder.left()
    worked = Budget(5, gate)
    worked.used = 0.005  # queues as if it came 50 ms later
    order = []

    def wait_for_turn(budget, name):
        assert budget.left()
        order.append(name)
        budget.close()

    first = threading.Thread(target=wait_for_turn, args=(worked, "worked"))
    first.start()
    time.sleep(0.1)
    second = threading.Thread(target=wait_for_turn, args=(Budget(5, gate), "fresh, 100 ms later"))
    second.start()
    time.sleep(0.05)
    holder.close()
    first.join(2), second.join(2)
    assert order == ["worked", "fresh, 100 ms later"]
