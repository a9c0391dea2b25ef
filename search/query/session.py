"""Open the served index once per process, and one searcher's worth of reads per request."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator

from whoosh import index as whoosh_index

from ..index.store import current_generation
from ..index.whoosh_internals.reading import searcher_on, share_stored_places, table_of_contents
from . import browse, facets, people, searching
from .budget import Budget, Gate
from .parsing import Limits, Parser, dated
from .records import Records
from .request import SearchRequest
from .results import Listing, Results
from .searching import HERE as _HERE
from .searching import LONG_MATCHES, LONG_SHARE
from .spelling import Vocabulary
from .worker import Busy, Workers


class NoIndex(RuntimeError):
    """There is no index at the configured folder yet."""


@dataclass
class Engine:
    """The index of one folder, opened once per process and reopened when a reindex swaps it."""

    index_dir: Path
    limits: Limits = field(default_factory=Limits)
    workers: int = 0  # processes that answer long requests (search.config's LONG_WORKERS); 0: this one does
    _gate: Gate = field(default_factory=Gate)
    _ix: object = None
    _toc: Any = None  # the generation's table of contents: its schema and segments, read once
    _generation: Path | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _names: dict = field(default_factory=dict)
    _stats: dict = field(default_factory=dict)  # figures read once per generation (the overview)
    _words: Vocabulary | None = None

    def _index(self):
        generation = current_generation(self.index_dir)
        if generation is None:
            raise NoIndex(f"no index in {self.index_dir}: run `search reindex` first")
        with self._lock:
            if generation != self._generation:
                self._ix = whoosh_index.open_dir(str(generation))
                self._toc = table_of_contents(self._ix)
                self._generation = generation
                self._names = {}
                self._stats = {}
                self._words = Vocabulary(generation)
            return self._ix, self._toc, self._names, self._stats, self._words

    def session(self, turn: bool = True, seconds: float | None = None) -> "Session":
        """Open a session on the served index (its searcher opens on first use); close it when done.
        `turn=False`: a session that takes no turns at the index (a streamed export). `seconds`: its time
        budget, if not the limits' own."""
        budget = Budget(self.limits.seconds if seconds is None else seconds, self._gate if turn else None)
        ix, toc, names, stats, words = self._index()

        def open_searcher():
            # The request takes its turn as it opens the searcher: a short one then does all of its work
            # (opening, highlighting, its page) while long ones wait, instead of sharing the GIL with them.
            budget.left()
            searcher = searcher_on(ix, toc)
            share_stored_places(searcher.reader(), stats)
            return searcher

        away = Workers.shared(self.index_dir, self.limits, self.workers) if self.workers > 0 and turn else None
        return Session(open_searcher, toc.schema, names, words, self.limits, budget, stats, away)


class Session:
    """One searcher's worth of reads; everything returned is plain data that outlives it."""

    def __init__(self, searcher, schema, names: dict | None = None, words: Vocabulary | None = None,
                 limits: Limits | None = None, budget: Budget | None = None, stats: dict | None = None,
                 workers: Workers | None = None) -> None:
        # `searcher`: a Whoosh searcher, or a function that opens one when it is first needed (a request sent
        # to a worker process never opens one here).
        self._searcher: Any = None if callable(searcher) else searcher
        self._open: Any = searcher if callable(searcher) else None
        self._names = names
        self._records: Records | None = None
        self.workers = workers  # where long requests are answered; None: here
        self.stats = {} if stats is None else stats
        self.schema = schema
        self.words = words
        self.limits = limits or Limits()
        # One budget for the whole request: every search it runs spends from the same time.
        self.budget = budget or Budget(self.limits.seconds)
        self.parser = Parser(schema)

    @property
    def searcher(self):
        """Return the request's searcher, opening it on first use."""
        if self._searcher is None:
            self._searcher = self._open()
        return self._searcher

    @property
    def records(self) -> Records:
        """Return the reader of stored records, on the request's searcher."""
        if self._records is None:
            self._records = Records(self.searcher, self._names, self.stats)
        return self._records

    def close(self) -> None:
        """Close the searcher, if one was opened, and end the request's turn at the index."""
        self.budget.close()
        if self._searcher is not None:
            self._searcher.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- search -------------------------------------------------------------------------------

    def search(self, request: SearchRequest | str = "", page_size: int = 10, fold: bool = True,
               **fields) -> Results:
        """Run a search (a SearchRequest, or its words and fields) and return one page of highlighted hits with
        facet counts; the results hold the request as run, speaker names turned into keys."""
        return searching.search(self, asked(request, fields), page_size, fold)

    def resolved(self, request: SearchRequest) -> SearchRequest:
        """Return the request with each speaker and left-out speaker given by name turned into its key; raise
        QueryError for a name that fits no speaker or several."""
        return replace(request, speakers=tuple(self.resolve_speaker(s) for s in request.speakers),
                       exclude=tuple(self.resolve_speaker(s) for s in request.exclude))

    def candidates(self, text: str, limit: int = 30) -> list[dict]:
        """Return the quotes that share the most words with a pasted wording, best first."""
        q = self.parser.any_word(text, self.limits.max_clauses)
        if q is not None and self._many(q, q):
            if (away := self._away("candidates", dict(text=text, limit=limit))) is not _HERE:
                return away
            self.budget.long()
        return [] if q is None else self.records.ranked(q, limit, self.budget)

    def _many(self, q, words, counted=()) -> bool:
        """Say whether a query (or one of the `counted` passes its facets take) may match a large share of the
        index, or its words read as many postings (from their counts, read at once)."""
        reader = self.searcher.reader()
        limit = max(LONG_MATCHES, LONG_SHARE * reader.doc_count())
        # A speaker picked without words counts the speakers of every other record for the facet's choices.
        if any(each.estimate_size(reader) > limit for each in counted):
            return True
        # A phrase or an AND of common words matches few records but walks every posting of each word: "the
        # president said" over paragraphs, or 60 common words, took 0.8-1.7 s at 1M quotes where an ordinary
        # search took 50-110 ms reading under a third of this limit.
        return (q.estimate_size(reader) > limit
                or sum(reader.doc_frequency(field, text) for field, text in words.iter_all_terms()) > limit)

    def _away(self, method: str, kwargs: dict):
        """Answer a request known to be long in a worker process and return its answer, or return _HERE when
        this process is to answer it: the server has no workers, none is up, or one died before it was sent.
        When no worker comes free within the budget, the budget is spent here and the answer is partial, as
        when waiting for the one long request at work in this process."""
        seconds = self.budget.deadline - time.perf_counter()
        if self.workers is None or seconds <= 0:
            return _HERE
        # The turn at the index is not needed while waiting: ordinary requests go on meanwhile.
        self.budget.pause()
        try:
            found = self.workers.call(method, kwargs, seconds)
        except Busy:
            self.budget.expire()
            return _HERE
        if found is None:
            return _HERE
        value, spent = found
        self.budget.spent = self.budget.spent or spent
        return value

    def overview(self, top: int = 10) -> dict:
        """Return corpus counts and the most quoted speakers."""
        if ("overview", top) not in self.stats:
            self.stats[("overview", top)] = facets.overview(self.searcher, self.speaker_names, top)
        return self.stats[("overview", top)]

    def speakers_by_letter(self, letter: str, page: int, size: int) -> tuple[Listing, dict[str, int]]:
        """Return one page of the named speakers under a letter, A to Z, and how many each letter holds."""
        return browse.speakers(self, letter, page, size)

    def document_listing(self, source: str, page: int, size: int, window: int) -> Listing:
        """Return one page of the documents, newest first (of one source if given), with counts by source."""
        return browse.documents(self, source, page, size, window)

    def every_match(self, request: SearchRequest | str = "", **fields) -> Iterator[dict]:
        """Yield the stored fields of every record a search matches, in index order, reading one at a time."""
        # The same plan as search(), so the count equals its total, but neither ranked nor sorted: either
        # would hold every match in memory. Bad arguments raise QueryError here, before anything is read.
        request = asked(request, fields).lifted()
        plan = self.parser.plan(request)
        if request.speakers or request.exclude:
            plan = self.parser.plan(self.resolved(request))
        # Without words the conditions alone select (Plan.query): Every() would list every record number up
        # front. A date range reads its dates' postings or the date column, as in search().
        q = dated(people.who(self, plan, request)[0], self.searcher.reader()).query()
        # An export is streamed whole, not cut by the time budget; it gives up its turn at the index, or
        # every other request would wait for the whole download.
        self.budget.close()
        return self.records.matching(q)

    # ---- records ------------------------------------------------------------------------------

    def quote(self, quote_id: str) -> dict | None:
        """Return one quote's stored fields, or None."""
        return self.records.quote(quote_id)

    def document(self, doc_id: str) -> dict | None:
        """Return one document's stored fields (with its full text), or None."""
        return self.records.document(doc_id)

    def records_of(self, doc_id: str, type: str) -> list[dict]:
        """Return the quotes or paragraphs of a document in text order."""
        return self.records.records_of(doc_id, type)

    def speaker_quotes(self, key: str, limit: int | None = None) -> list[dict]:
        """Return every quote of one speaker, newest first (up to `limit`)."""
        return self.records.speaker_quotes(key, limit)

    def speaker_listing(self, key: str, page: int = 1, size: int = 50, form: str = "") -> Listing | None:
        """Return one page of a speaker's quotes (only full ones, or only fragments, if `form` says so), newest
        first, with counts by source and month; None if none."""
        if self.searcher.doc_frequency("speaker_key", key) > LONG_MATCHES:
            # Sorting and counting that many quotes is long work: a worker does it, and when none comes free in
            # time the page is partial, as a long search is.
            if (away := self._away("speaker_listing", dict(key=key, page=page, size=size, form=form))) is not _HERE:
                return away
        return self.records.speaker_listing(key, self.budget, page, size, self.limits.max_result_window, form)

    def document_page(self, doc_id: str, page: int = 1, size: int = 50) -> tuple[list[dict], list[dict], int]:
        """Return one page of a document's paragraphs, the quotes in them, and the number of pages."""
        return self.records.document_page(doc_id, page, size)

    def paragraph(self, doc_id: str, number: int) -> dict | None:
        """Return one paragraph's stored fields, or None."""
        return self.records.paragraph(doc_id, number)

    def paragraph_texts(self, doc_id: str, numbers) -> dict[int, str]:
        """Return the text of some paragraphs of one document, reading the fields of little else."""
        return self.records.paragraph_texts(doc_id, numbers)

    def occurrences(self, group: str) -> list[dict]:
        """Return every quote of one group (the same words in several sources), oldest first."""
        return self.records.occurrences(group)

    def resolve_speaker(self, given: str) -> str:
        """Turn a speaker key or a name as a person types it into a speaker key."""
        return self.records.resolve_speaker(given)

    def speaker_names(self, keys) -> dict[str, str]:
        """Return the display name of each speaker key."""
        return self.records.speaker_names(keys)


def asked(request: SearchRequest | str, fields: dict) -> SearchRequest:
    """Return the request a search was given: itself, or one made of its words and fields."""
    if isinstance(request, SearchRequest):
        return replace(request, **fields) if fields else request
    return SearchRequest(**{"text": request, **fields})
