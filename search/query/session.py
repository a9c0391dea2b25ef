"""Open the served index once per process, and one searcher's worth of reads per request."""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from whoosh import index as whoosh_index
from whoosh.query import And

from ..indexer import current_generation
from . import facets, hits, spelling
from .parsing import Parser, QueryError
from .records import Records
from .results import Results
from .spelling import Vocabulary


class NoIndex(RuntimeError):
    """There is no index at the configured folder yet."""


@dataclass
class Engine:
    """The index of one folder, opened once per process and reopened when a reindex swaps it."""

    index_dir: Path
    _ix: object = None
    _generation: Path | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _names: dict = field(default_factory=dict)
    _words: Vocabulary | None = None

    def _index(self):
        generation = current_generation(self.index_dir)
        if generation is None:
            raise NoIndex(f"no index in {self.index_dir}: run `search reindex` first")
        with self._lock:
            if generation != self._generation:
                self._ix = whoosh_index.open_dir(str(generation))
                self._generation = generation
                self._names = {}
                self._words = Vocabulary(generation)
            return self._ix, self._names, self._words

    def session(self) -> "Session":
        """Open a searcher on the served index; close it when done."""
        ix, names, words = self._index()
        return Session(ix.searcher(), ix.schema, names, words)


class Session:
    """One searcher's worth of reads; everything returned is plain data that outlives it."""

    def __init__(self, searcher, schema, names: dict | None = None, words: Vocabulary | None = None) -> None:
        self.searcher = searcher
        self.schema = schema
        self.words = words
        self.parser = Parser(schema)
        self.records = Records(searcher, names)

    def close(self) -> None:
        """Close the searcher."""
        self.searcher.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- search -------------------------------------------------------------------------------

    def search(self, text: str, speakers=(), exclude=(), type: str = "quote", page: int = 1,
               page_size: int = 10, fold: bool = True, sort: str = "relevance", sources=(),
               date_from: str = "", date_to: str = "", certain: bool = False) -> Results:
        """Run a query with filters and return one page of highlighted hits with facet counts."""
        plan = self.parser.plan(text, speakers=speakers, exclude=exclude, type=type, sort=sort, sources=sources,
                                date_from=date_from, date_to=date_to, certain=certain)
        page = max(1, page)
        counted_here = facets.counters(dim for dim in facets.FACET_FIELDS if dim not in plan.picked)
        need = page * page_size
        limit = need * 2 if fold else need
        while True:
            results = self.searcher.search(plan.query(), limit=limit, sortedby=plan.sortedby,
                                           groupedby=counted_here)
            shown = hits.fold(results, need) if fold else list(results)[:need]
            # Occurrences of one quote fold into one hit, so a page may need more of the ranking.
            if len(shown) >= need or results.scored_length() >= len(results):
                break
            limit *= 4
        counts = {dim: results.groups(dim) for dim in counted_here}
        counts.update(facets.count_picked(self.searcher, plan))
        total = len(results)
        pages = max(1, math.ceil(total / page_size))
        if page > pages and total:
            raise QueryError(f"page {page} is past the last page ({pages})")
        terms = plan.words if plan.has_words else None
        found = tuple(hits.make_hit(h, terms) for h in shown[(page - 1) * page_size:need])
        suggestion = spelling.suggest(self.words, text) if not total and plan.has_words else ""
        chosen = plan.chosen
        return Results(text, total, page, pages, found,
                       facets.speaker_facets(counts["speaker"], chosen["speaker"], self.speaker_names), type,
                       chosen["speaker"], plan.exclude, sort,
                       sources=facets.plain_facets(counts["source"], chosen["source"]),
                       months=facets.month_facets(counts["month"]),
                       chosen_sources=chosen["source"], date_from=date_from, date_to=date_to,
                       suggestion=suggestion, certain=certain)

    def candidates(self, text: str, limit: int = 30) -> list[dict]:
        """Return the quotes that share the most words with a pasted wording, best first."""
        q = self.parser.any_word(text)
        return [] if q is None else self.records.ranked(q, limit)

    def overview(self, top: int = 10) -> dict:
        """Return corpus counts and the most quoted speakers."""
        return facets.overview(self.searcher, self.speaker_names, top)

    def every_match(self, text: str, speakers=(), exclude=(), type: str = "quote", sources=(),
                    date_from: str = "", date_to: str = "", sort: str = "relevance",
                    certain: bool = False) -> Iterator[dict]:
        """Yield the stored fields of every record a search matches, in index order, reading one at a time."""
        # The same plan as search(), so the count equals its total, but neither ranked nor sorted: either
        # would hold every match in memory. Bad arguments raise QueryError here, before anything is read.
        plan = self.parser.plan(text, speakers=speakers, exclude=exclude, type=type, sort=sort, sources=sources,
                                date_from=date_from, date_to=date_to, certain=certain)
        # Without words the conditions alone select: Every() would list every record number up front.
        q = plan.query() if plan.has_words else And([*plan.common, *plan.picked.values()])
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
        """Return every quote of one speaker."""
        return self.records.speaker_quotes(key, limit)

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
