"""A request's time budget, and the turns requests take at the index so that short ones are not held up."""
from __future__ import annotations

import heapq
import itertools
import threading
import time
from array import array
from dataclasses import dataclass, field

from whoosh.collectors import Collector, TimeLimit, WrappingCollector

from .checked import checked

SLICE = 0.002  # seconds a long request works between two looks for a short request waiting
LONG_AFTER = 0.05  # seconds of its own CPU after which a request counts as long
# A request that has worked queues as if it came WEIGHT times its work later: a fresh request passes one
# that has worked 5 ms if it came within the next 50 ms, and none waits forever behind fresh ones.
WEIGHT = 10

_ARRIVALS = itertools.count()


class Gate:
    """Turns at the index: one request works at a time, short requests before long ones, fresh ones first.

    The process has one GIL, so requests working side by side only share it: a long search beside a short
    one makes the short one as slow as itself. A request queues as if it came WEIGHT times its work so far
    later than it did, so a fresh request passes one that has worked, and none waits forever behind fresh
    ones; whoever has the turn gives it up at its next look at the clock (every 2 ms) to a request that
    would go first. A long request (a wildcard, most of the index, or one that has worked 50 ms) goes after
    every short one; each stops at its own deadline either way.
    """

    def __init__(self) -> None:
        self.long = threading.Lock()  # held by the one request known to be long at work; the others wait
        self._turn = threading.Condition()
        self._holder: "Budget | None" = None
        self._waiting: list = []  # heap of (rank, budget): see Budget.rank

    def enter(self, budget: "Budget", timeout: float) -> bool:
        """Wait up to `timeout` seconds for a turn; say whether it was given."""
        with self._turn:
            if self._holder is None and not self._waiting:
                self._holder = budget
                return True
            entry = (budget.rank, budget)
            heapq.heappush(self._waiting, entry)
            until = time.perf_counter() + timeout
            while not (self._holder is None and self._waiting[0] is entry):
                remaining = until - time.perf_counter()
                if remaining <= 0:
                    self._waiting.remove(entry)
                    heapq.heapify(self._waiting)
                    self._turn.notify_all()
                    return False
                self._turn.wait(remaining)
            heapq.heappop(self._waiting)
            self._holder = budget
            return True

    def leave(self) -> None:
        """End the current turn."""
        with self._turn:
            self._holder = None
            self._turn.notify_all()

    def wanted(self, rank: tuple) -> bool:
        """Say whether a request that goes before one of this rank is waiting."""
        waiting = self._waiting  # read without the lock: a stale answer only moves a turn by one slice
        return bool(waiting) and waiting[0][0] < rank


class Budget:
    """The seconds one request may spend, its turns at the gate, and whether it ran out of time."""

    def __init__(self, seconds: float, gate: Gate | None = None) -> None:
        self.started = time.perf_counter()
        self.deadline = self.started + seconds
        self.spent = False  # set once the budget ran out: what the request returns is partial
        # Work is counted in the thread's CPU seconds, not the clock's: a short request slowed down by others
        # sharing the GIL must not come to look long.
        self.used = 0.0
        self.arrival = next(_ARRIVALS)
        self._gate = gate
        self._slice: float | None = None  # when the current slice of the current turn began (clock)
        self._cpu: float = 0.0  # the thread's CPU time when the current turn began
        self._long = False
        self._holds_long = False

    def left(self) -> bool:
        """Say whether there is time left, waiting for a turn at the gate if this request has none."""
        now = time.perf_counter()
        if now >= self.deadline:
            self.spent = True
            self.pause()  # what is left to do is a partial answer's: no reason to keep others waiting
            return False
        if self._gate is None or (self._slice is not None and now - self._slice < SLICE):
            return True
        if self._slice is not None:
            if not self._long and self.used + time.thread_time() - self._cpu > LONG_AFTER:
                # It turned out long: short requests go first from now on. It does not wait for the long
                # requests' place, though: an ordinary search of a big index is often this long.
                self._long = True
                self.pause()
            elif not self._gate.wanted(self.rank):
                self._slice = now
                return True
            else:
                self.pause()  # a request that goes first is waiting: let it
        # Waiting blocks without the GIL: the request whose turn it is runs meanwhile.
        if not self._gate.enter(self, self.deadline - time.perf_counter()):
            self.spent = True
            return False
        self._slice, self._cpu = time.perf_counter(), time.thread_time()
        return True

    @property
    def rank(self) -> tuple:
        """Return this request's place in the queue for turns, were it to queue now: short before long, then
        by when it queued plus WEIGHT times the work it has done."""
        worked = self.used + (time.thread_time() - self._cpu if self._slice is not None else 0.0)
        return (self._long, time.perf_counter() + WEIGHT * worked, self.arrival)

    def long(self) -> None:
        """Say that this request will be long (wildcards, most of the index): it waits until no other long
        request is at work, and then every short request goes before it."""
        if self._long:
            return
        self._long = True
        if self._gate is None:
            return
        self.pause()  # never wait for the long requests' place while holding a turn they need
        # Long requests work one at a time, all of their work, not only their turns: eight of them formatting
        # their pages side by side would share the GIL with every short request as much as eight searches.
        if not self._gate.long.acquire(timeout=max(0.0, self.deadline - time.perf_counter())):
            self.expire()  # its time went in waiting: what it returns is partial
            return
        self._holds_long = True

    def expire(self) -> None:
        """Spend what is left of the budget: what the request returns from now on is partial."""
        self.deadline = self.started
        self.spent = True

    def close(self) -> None:
        """End this request's turn and its place as the long request at work."""
        self.pause()
        if self._holds_long:
            self._holds_long = False
            if self._gate is not None:
                self._gate.long.release()

    def pause(self) -> None:
        """End this request's turn; the next call to left() waits for another."""
        if self._slice is not None:
            self.used += time.thread_time() - self._cpu
            self._slice = None
            if self._gate is not None:
                self._gate.leave()

    def run(self, searcher, q, child: Collector | None = None) -> "Run":
        """Collect a query's matches into `child` (or only note them) until done or out of time."""
        run = Run(child or _Noted())
        try:
            searcher.search_with_collector(checked(q, self.left), _Budgeted(run, self))
        except TimeLimit:
            run.cut = True  # what was collected before the budget ran out is kept, and said to be partial
        if self._long:
            # A long request formats its answer without a turn (it is the only long one at work): short
            # requests waiting for a turn would otherwise wait for all of it, not only for the next slice.
            self.pause()
        return run


@dataclass
class Run:
    """One pass over a query's matches: the collector fed, the matches by segment, whether time cut it short."""

    child: Collector
    segments: list = field(default_factory=list)  # (segment reader, array of its matching docnums)
    cut: bool = False

    @property
    def matched(self) -> int:
        """Return how many matches were seen."""
        return sum(len(ids) for _, ids in self.segments)

    def results(self):
        """Return the child collector's Whoosh Results (never ask their len(): Whoosh would run the query again)."""
        return self.child.results()

    def hits(self) -> list:
        """Return the hits the child collector kept, best first."""
        return self.results()[:]  # a slice reads the kept hits; list() would ask len() first


class _Budgeted(WrappingCollector):
    """Whoosh's TimeLimitCollector without its timer thread and SIGALRM (which only a main thread may set):
    the budget is checked before each segment's matcher is built and before each match is collected.
    Each match's docnum is noted, so that facets are counted from the same pass."""

    def __init__(self, run: Run, budget: Budget) -> None:
        super().__init__(run.child)
        self.seen, self.budget = run, budget

    def prepare(self, top_searcher, q, context):
        # Step through the matcher one match at a time: Whoosh's all_ids() shortcut intersects two sides by
        # building a set of each side's every match first, which no budget can stop half-way.
        self.child.prepare(top_searcher, q, context.set(needs_current=True))

    def set_subsearcher(self, subsearcher, offset):
        if not self.budget.left():
            raise TimeLimit
        self.child.set_subsearcher(subsearcher, offset)
        self.ids = array("i")
        self.seen.segments.append((subsearcher.reader(), self.ids))

    def collect_matches(self):
        left, collect, note = self.budget.left, self.child.collect, self.ids.append
        for sub_docnum in self.child.matches():
            if not left():
                raise TimeLimit
            collect(sub_docnum)
            note(sub_docnum)


class _Noted(Collector):
    """A collector that keeps nothing itself: the matches are only noted, unscored."""

    def prepare(self, top_searcher, q, context):
        super().prepare(top_searcher, q, context.set(weighting=None))

    def collect(self, sub_docnum):
        return None

    def sort_key(self, sub_docnum):
        return None

    def results(self):
        return self._results([])
