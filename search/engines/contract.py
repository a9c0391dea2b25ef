"""The engine contract: what the web app and the command line need of an index, whichever engine holds it."""
from __future__ import annotations

from typing import Callable, Iterable, Iterator, Protocol, runtime_checkable

from ..query.request import SearchRequest
from ..query.results import Listing, Results


@runtime_checkable
class Session(Protocol):
    """One request's reads of the served index; everything returned is plain data that outlives it."""

    budget: object  # the request's time budget: `budget.spent` says an answer was cut short (partial)

    def search(self, request: SearchRequest | str = "", page_size: int = 10, fold: bool = True, **fields) -> Results:
        """Return one page of a request's highlighted hits with totals, facets and `partial`, and the request as
        run (speaker names made keys); raise QueryError when it cannot run."""

    def resolved(self, request: SearchRequest) -> SearchRequest:
        """Return the request with speakers given by name turned into keys; raise QueryError for a name that fits
        no speaker or several."""

    def every_match(self, request: SearchRequest | str = "", **fields) -> Iterator[dict]:
        """Stream every record a search matches (an export), in index order; raise QueryError before the first."""

    def candidates(self, text: str, limit: int = 30) -> list[dict]:
        """Return the quotes sharing the most words with a pasted wording (`check`), best first."""

    def overview(self, top: int = 10) -> dict:
        """Return corpus counts and the most quoted speakers."""

    def speakers_by_letter(self, letter: str, page: int, size: int) -> tuple[Listing, dict[str, int]]:
        """Return one page of the named speakers under a letter, A to Z, each {key, name, count}, and how many
        speakers each letter holds; raise QueryError for a page past the last."""

    def document_listing(self, source: str, page: int, size: int, window: int) -> Listing:
        """Return one page of the documents, newest first (of one source if given), with their numbers by source
        in `counts`; raise QueryError for a page past the last or deeper than `window`."""

    def quote(self, quote_id: str) -> dict | None:
        """Return one quote's record, or None."""

    def document(self, doc_id: str) -> dict | None:
        """Return one document's record with its full text, or None."""

    def records_of(self, doc_id: str, type: str) -> list[dict]:
        """Return the quotes or paragraphs of a document in text order."""

    def speaker_quotes(self, key: str, limit: int | None = None) -> list[dict]:
        """Return a speaker's quotes, newest first."""

    def speaker_listing(self, key: str, page: int = 1, size: int = 50) -> Listing | None:
        """Return one page of a speaker's quotes with counts by source and month; None if the speaker has none."""

    def document_page(self, doc_id: str, page: int = 1, size: int = 50) -> tuple[list[dict], list[dict], int]:
        """Return one page of a document's paragraphs, the quotes in them, and the number of pages."""

    def paragraph(self, doc_id: str, number: int) -> dict | None:
        """Return one paragraph's record, or None."""

    def paragraph_texts(self, doc_id: str, numbers) -> dict[int, str]:
        """Return the text of some paragraphs of one document."""

    def occurrences(self, group: str) -> list[dict]:
        """Return every quote of one group (the same words in several sources), oldest first."""

    def resolve_speaker(self, given: str) -> str:
        """Turn a speaker key or a typed name into a speaker key."""

    def speaker_names(self, keys) -> dict[str, str]:
        """Return the display name of each speaker key."""

    def close(self) -> None:
        """End the request."""

    def __enter__(self): ...

    def __exit__(self, *exc): ...


@runtime_checkable
class Engine(Protocol):
    """An index as served: a session per request on what it serves now."""

    def session(self, turn: bool = True, seconds: float | None = None) -> Session:
        """Open a session on the served index; raise NoIndex when there is none. `turn=False`: a streamed export."""

    def close(self) -> None:
        """Let go of what the engine holds open (connections)."""


@runtime_checkable
class Writer(Protocol):
    """The write side of an index: whole new generations and updates, behind the reindex guard.

    Kept apart from Engine so that a server, which only reads, loads no document reader nor attribution rule.
    """

    def reindex(self, paths: Iterable, jobs: int | None = None, progress: Callable | None = None,
                allow_shrink: bool = False):
        """Build a new generation from the paths and swap it in at once, returning a Summary; raise Refused (nothing
        swapped) when it is empty or shrinks by half without allow_shrink, IndexBusy when another write holds the
        guard."""

    def update(self, paths: Iterable, jobs: int | None = None, progress: Callable | None = None,
               allow_shrink: bool = False):
        """Add or replace the documents of the paths, readers seeing all of it or none; the same guard."""
