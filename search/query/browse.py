"""List the named speakers A to Z and the documents by source and date, a page at a time."""
from __future__ import annotations

import string

from whoosh import sorting
from whoosh.collectors import SortingCollector
from whoosh.query import And, Term

from ..index.schema import DOCUMENT, FRAGMENT, FULL
from . import facets, hits
from .parsing import QueryError
from .ranges import Newest
from .records import check_depth, page_count, record
from .results import Listing

OTHER = "#"  # the letter of names that begin with a digit or a sign
LETTERS = tuple(string.ascii_lowercase) + (OTHER,)
NEWEST_DOCUMENTS = [Newest("date"), sorting.FieldFacet("doc")]


def letter_of(key: str) -> str:
    """Return the letter a speaker key is listed under."""
    return key[0] if key[:1] in string.ascii_lowercase else OTHER


def _speakers(session) -> list[tuple[str, int]]:
    """Return the named speakers and their numbers of quotes in key order, read once per generation."""
    if "browse_speakers" not in session.stats:
        counts = facets.term_counts(session.searcher.reader(), "speaker_key")
        session.stats["browse_speakers"] = named_speakers(counts)
    return session.stats["browse_speakers"]


def named_speakers(counts: dict[str, int]) -> list[tuple[str, int]]:
    """Return the named speakers of a count of quotes by speaker key, and their counts, in key order (any engine's)."""
    return sorted((k, n) for k, n in counts.items() if n and facets.named(k))


def speakers(session, letter: str, page: int, size: int) -> tuple[Listing, dict[str, int]]:
    """Return one page of the speakers under a letter, A to Z, each a dict (key, name, count), and how many
    speakers each letter holds."""
    return letter_page(_speakers(session), letter, page, size, session.speaker_names)


def letter_page(every: list[tuple[str, int]], letter: str, page: int, size: int,
                speaker_names) -> tuple[Listing, dict[str, int]]:
    """Return one page of the speakers under a letter of `every` (named speakers and their numbers of quotes, in
    key order; any engine's), and how many speakers each letter holds; `speaker_names(keys)` gives display names."""
    letter = (letter or "a").lower()
    letter = letter if letter in LETTERS else OTHER
    by_letter: dict[str, int] = {}
    for key, _ in every:
        by_letter[letter_of(key)] = by_letter.get(letter_of(key), 0) + 1
    chosen = [(k, n) for k, n in every if letter_of(k) == letter]
    pages = max(1, -(-len(chosen) // size))
    if page < 1 or page > pages:
        raise QueryError(f"page {page} is past the last page ({pages})")
    shown = chosen[(page - 1) * size:page * size]
    names = speaker_names([k for k, _ in shown])
    items = tuple({"key": k, "name": names.get(k, k), "count": n} for k, n in shown)
    return Listing(items, len(chosen), page, pages, window=len(chosen)), by_letter


def documents(session, source: str, page: int, size: int, window: int) -> Listing:
    """Return one page of the documents, newest first (of one source if given), with the count of documents
    of every source."""
    check_depth(page, size, window, "documents")
    everything = Term("type", DOCUMENT)
    q = And([everything, Term("source", source)]) if source else everything
    run = session.budget.run(session.searcher, q, SortingCollector(NEWEST_DOCUMENTS, limit=page * size))
    pages = page_count(run.matched, size, window)
    if page > pages and not run.cut:
        raise QueryError(f"page {page} is past the last page ({pages})")
    items = [listed(record(hit.fields())) for hit in run.hits()[(page - 1) * size:page * size]]
    if "browse_sources" not in session.stats or session.stats["browse_sources"][1]:
        all_documents = run if not source else session.budget.run(session.searcher, everything)
        counts, short = facets.count(all_documents, ["source"], session.budget.left, session.stats)
        session.stats["browse_sources"] = (counts, short or all_documents.cut)
    counts, short = session.stats["browse_sources"]
    return Listing(tuple(items), run.matched, page, pages, run.cut or short, counts, (), window)


def listed(document: dict) -> dict:
    """Return a document's fields as a listing shows them: its metadata, not its text."""
    return {k: v for k, v in document.items() if k not in ("body", "dropped")}


def speaker_page(session, key: str, page: int = 1, size: int = 50, words_page: int = 1,
                 words_size: int = 50) -> tuple[Listing | None, Listing | None]:
    """Return a speaker's page: a page of their full quotes and a page of the words they were quoted using in
    passing (fragments, single words), each newest first; (None, None) if they have no quotes."""
    if "form" not in session.schema:  # an index written before quotes had a form: every quote is listed
        return session.speaker_listing(key, page, size), None
    full = session.speaker_listing(key, page, size, FULL)
    fragments = session.speaker_listing(key, words_page, words_size, FRAGMENT)
    if full is None and fragments is not None:
        full = Listing((), 0, 1, 1, fragments.partial, fragments.counts, fragments.newest, fragments.window)
    return full, fragments


def shown_copy(session, quote: dict) -> dict | None:
    """Return a quote of a speaker's page as listed, or None when another copy of it (in another source) has
    richer metadata and the same speaker, and is listed in its own place instead: a printout never comes
    before the page it was printed from."""
    if quote.get("group_size", 1) < 2:
        return quote
    best = hits.richest(session.occurrences(quote["group"])) or quote
    richer = hits.richness(best) > hits.richness(quote)
    return None if richer and best.get("speaker_key") == quote.get("speaker_key") else quote

