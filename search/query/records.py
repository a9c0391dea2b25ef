"""Fetch stored records by id, document, speaker, quote group or paragraph, as plain dicts."""
from __future__ import annotations

import math
from typing import Any, Iterator

from whoosh import sorting
from whoosh.collectors import SortingCollector, TopCollector
from whoosh.query import And, Term
from whoosh.reading import TermNotFound

from ..index.schema import DOCUMENT, PARAGRAPH, QUOTE
from . import facets, speakers
from .parsing import QueryError
from .ranges import Newest
from .results import Listing

NEWEST = [Newest("date"), sorting.FieldFacet("doc"), sorting.FieldFacet("paragraph")]
NAMES_FROM = 200  # the newest quotes of a speaker whose names and roles a speaker page lists


def record(fields) -> dict:
    """Return a record's stored fields with the identifiers the index leaves out."""
    out = dict(fields)
    if "quote_text" in out:
        out["text"] = out.pop("quote_text")
    # Paragraph ids and the groups of quotes found in one source only are not written (see
    # indexer.records): a term per record would be most of the terms Whoosh holds in memory at 1M quotes.
    if "id" not in out and out.get("type") == PARAGRAPH:
        out["id"] = f"{out.get('doc', '')}#p{out.get('paragraph', 0)}"
    if out.get("type") == QUOTE and not out.get("group"):
        out["group"], out["group_size"] = out["id"], 1
    return out


class Records:
    """The stored records one searcher reads."""

    def __init__(self, searcher, names: dict | None = None, cache: dict | None = None) -> None:
        self.searcher = searcher
        self.cache = cache  # column figures of the generation, shared by its sessions
        # Display names by speaker key, shared by the sessions of one generation: a generation never
        # changes, and looking 30 facet names up on every request cost more than the search itself.
        self._names = {} if names is None else names
        self._paragraph_numbers: Any = None  # the paragraph column, opened at first use
        self._groups: dict[str, list[dict]] = {}  # the quotes of each group read by this session
        self._quotes: dict[str, dict] = {}  # the quotes a search of this session has already read, by id

    def quote(self, quote_id: str) -> dict | None:
        """Return one quote's stored fields, or None."""
        if quote_id in self._quotes:
            return dict(self._quotes[quote_id])
        found = self.searcher.document(id=quote_id)
        return record(found) if found and found.get("type") == QUOTE else None

    def remember(self, fields: dict) -> None:
        """Keep the stored fields of a quote a search has read, for the page that cites it (its COinS)."""
        if fields.get("type") == QUOTE and fields.get("id"):
            self._quotes[fields["id"]] = record(fields)

    def document(self, doc_id: str) -> dict | None:
        """Return one document's stored fields (with its full text), or None."""
        found = self.searcher.document(id="doc:" + doc_id)
        return dict(found) if found and found.get("type") == DOCUMENT else None

    def records_of(self, doc_id: str, type: str) -> list[dict]:
        """Return the quotes or paragraphs of a document in text order."""
        found = [record(f) for f in self.searcher.documents(doc=doc_id) if f.get("type") == type]
        return sorted(found, key=lambda r: r.get("start", 0))

    def speaker_quotes(self, key: str, limit: int | None = None) -> list[dict]:
        """Return every quote of one speaker, newest first (up to `limit`)."""
        results = self.searcher.search(And([Term("type", QUOTE), Term("speaker_key", key)]), limit=limit,
                                       sortedby=NEWEST)
        return [record(hit.fields()) for hit in results]

    def speaker_listing(self, key: str, budget, page: int, size: int, window: int,
                        form: str = "") -> Listing | None:
        """Return one page of a speaker's quotes, newest first, with their counts by source and month; None
        if the speaker has no quotes. `form`: only the full quotes, or only the fragments (an index written
        before quotes had a form lists them all)."""
        check_depth(page, size, window, "quotes")
        # Only quotes carry a speaker key, so its postings alone list them: no intersection with type:quote.
        q = Term("speaker_key", key)
        if form and "form" in self.searcher.schema:
            q = And([q, Term("form", form)])
        run = budget.run(self.searcher, q, SortingCollector(NEWEST, limit=max(page * size, NAMES_FROM)))
        if not run.matched:
            # Out of time before the first quote is not "no such speaker": say partial, with the speaker's name.
            known = self.searcher.document(speaker_key=key) if run.cut else None
            return Listing((), 0, page, 1, True, {}, (record(known),), window) if known else None
        pages = page_count(run.matched, size, window)
        if page > pages and not run.cut:
            raise QueryError(f"page {page} is past the last page ({pages})")
        newest = [record(hit.fields()) for hit in run.hits()]
        counts, counted_short = facets.count(run, ["source", "month"], budget.left, self.cache)
        return Listing(tuple(newest[(page - 1) * size:page * size]), run.matched, page, pages,
                       run.cut or counted_short, counts, tuple(newest[:NAMES_FROM]), window)

    def document_page(self, doc_id: str, page: int, size: int) -> tuple[list[dict], list[dict], int]:
        """Return the paragraphs of one page of a document and the quotes that start in them, in text order,
        and the number of pages."""
        numbers = self._paragraph_column()
        # The document's own records, told apart by the paragraph column: only the page's fields are read.
        # (The document's own record has no paragraph number: its column value is a default, not a number.)
        itself = self.searcher.document_number(id="doc:" + doc_id)
        docnums = [d for d in self.searcher.document_numbers(doc=doc_id) if d != itself]
        pages = max(1, math.ceil(max((numbers[d] for d in docnums), default=0) / size))
        first, last = (page - 1) * size + 1, page * size
        found = [record(self.searcher.stored_fields(d)) for d in docnums if first <= numbers[d] <= last]
        in_order = sorted(found, key=lambda r: r.get("start", 0))
        return ([r for r in in_order if r.get("type") == PARAGRAPH], [r for r in in_order if r.get("type") == QUOTE],
                pages)

    def _paragraph_column(self):
        if self._paragraph_numbers is None:  # a page looks up many paragraphs: open the column once
            self._paragraph_numbers = self.searcher.reader().column_reader("paragraph")
        return self._paragraph_numbers

    def paragraph(self, doc_id: str, number: int) -> dict | None:
        """Return one paragraph's stored fields, or None."""
        numbers = self._paragraph_column()
        # The indexer writes a document's record, then its paragraphs in order: paragraph N is nearly always
        # N records after its document's, and is taken there once its number, type and document agree.
        itself = self.searcher.document_number(id="doc:" + doc_id)
        guess = None if itself is None else itself + number
        if guess is not None and guess < self.searcher.doc_count_all() and numbers[guess] == number:
            found = self.searcher.stored_fields(guess)
            if found.get("type") == PARAGRAPH and found.get("doc") == doc_id:
                return record(found)
        # Else through the document's own short posting list and the paragraph column: intersecting the
        # `type` and `paragraph` terms, each listing millions of records at 1M quotes, took 90 ms a lookup.
        for docnum in self.searcher.document_numbers(doc=doc_id):
            if numbers[docnum] == number:
                found = self.searcher.stored_fields(docnum)
                if found.get("type") == PARAGRAPH:
                    return record(found)
        return None

    def matching(self, q) -> Iterator[dict]:
        """Yield the records a query matches in index order, reading each one's fields as it is reached."""
        for docnum in self.searcher.docs_for_query(q):
            yield record(self.searcher.stored_fields(docnum))

    def paragraph_texts(self, doc_id: str, numbers) -> dict[int, str]:
        """Return the text of some paragraphs of one document, reading the fields of little else."""
        wanted = set(numbers)
        out: dict[int, str] = {}
        if not wanted:
            return out
        if self._paragraph_numbers is None:
            self._paragraph_numbers = self.searcher.reader().column_reader("paragraph")
        column = self._paragraph_numbers
        # Through the document's own short posting list and the paragraph column, as paragraph() does: an
        # intersection with the `type` term walks its posting list, which lists every paragraph (57 ms a
        # call at 100k quotes). A document's paragraphs come before its quotes, so the first record
        # with a wanted number is nearly always the paragraph, and others' fields are seldom read.
        for docnum in self.searcher.document_numbers(doc=doc_id):
            number = column[docnum]
            if number in wanted and number not in out:
                found = self.searcher.stored_fields(docnum)
                if found.get("type") == PARAGRAPH:
                    out[number] = found.get("text", "")
                    if len(out) == len(wanted):
                        break
        return out

    def occurrences(self, group: str) -> list[dict]:
        """Return every quote of one group (the same words in several sources), oldest first."""
        # A results page reads a group twice (the copy to show it through, then the other sources): once here.
        if group not in self._groups:
            found = [record(f) for f in self.searcher.documents(group=group) if f.get("type") == QUOTE]
            self._groups[group] = sorted(found, key=lambda r: (r.get("date") or "9999", r.get("doc", ""),
                                                               r.get("start", 0)))
        return [dict(r) for r in self._groups[group]]

    def ranked(self, q, limit: int, budget) -> list[dict]:
        """Return the records of the best `limit` hits of a query found within the budget, best first."""
        return [record(h.fields()) for h in budget.run(self.searcher, q, TopCollector(limit)).hits()]

    def resolve_speaker(self, given: str) -> str:
        """Turn a speaker key or a name as a person types it into a speaker key; raise QueryError when the name
        fits several speakers or none."""
        return speakers.resolve(self.searcher, given, self.cache, self.speaker_names)

    def speaker_names(self, keys) -> dict[str, str]:
        """Return the display name of each speaker key."""
        out = {}
        for key in keys:
            if key not in self._names:
                # The first quote of the key, from its postings: searcher.document(speaker_key=...) builds and
                # runs a query for it, which took twice as long (a results page names up to 30 speakers).
                try:
                    first = self.searcher.reader().postings("speaker_key", key).id()
                except TermNotFound:
                    first = None
                hit = self.searcher.stored_fields(first) if first is not None else None
                self._names[key] = hit.get("speaker", key) if hit else None
            if self._names[key] is not None:
                out[key] = self._names[key]
        return out


def check_depth(page: int, size: int, window: int, what: str) -> None:
    """Raise QueryError for a page deeper than the window lets any listing go."""
    if page < 1 or page * size > window:
        raise QueryError(f"pages reach the first {window:,} {what} and page {page} is past them")


def page_count(total: int, size: int, window: int) -> int:
    """Return how many pages a listing of `total` records has, within the window."""
    return max(1, math.ceil(min(total, window) / size))
