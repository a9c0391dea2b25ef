"""The generation's speakers and documents as lists: speakers A to Z, documents newest first, the people a query
names; speaker and source counts read once per generation, every page bounded."""
from __future__ import annotations

from typing import Any, Callable

from psycopg import sql

from ...index.schema import QUOTE
from ...query import browse, people
from ...query.parsing import QueryError
from ...query.records import check_depth, page_count
from ...query.results import Listing
from .connect import Cut

# Newest first, the undated last, then by id: Whoosh's order (query.browse.NEWEST_DOCUMENTS); create_indexes
# indexes these expressions.
DATE = sql.SQL("NULLIF(fields->>'date', '')")
SOURCE = sql.SQL("(fields->>'source')")


class Listings:
    """Lists of a session: `tables` names the generation's tables, `_run` runs a statement, `cache` is kept for the
    generation."""

    # Set by the session this mixes into (see session.py).
    tables: dict
    cache: dict
    _run: Callable[..., Any]
    speaker_names: Callable[..., dict]

    def _speaker_rows(self) -> list[tuple[str, int, int]]:
        """Return every speaker key ("" for none) with its numbers of quotes, all and certain, read once per
        generation."""
        if "speaker_rows" not in self.cache:
            self.cache["speaker_rows"] = self._run(sql.SQL(
                "SELECT speaker_key, count(*), count(*) FILTER (WHERE NOT uncertain) FROM {} GROUP BY speaker_key"
            ).format(self.tables["quotes_search"]), timed=False)
        return self.cache["speaker_rows"]

    def _speaker_counts(self) -> dict[str, int]:
        """Return every speaker key ("" for none) with its number of quotes."""
        if "speaker_counts" not in self.cache:
            self.cache["speaker_counts"] = {k: n for k, n, _ in self._speaker_rows()}
        return self.cache["speaker_counts"]

    def _people(self) -> people.People:
        """Return the named speakers of the generation, by the words of their keys."""
        if "people" not in self.cache:
            self.cache["people"] = people.People(self._speaker_counts())
        return self.cache["people"]

    def _term_counts(self, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """Return how many records hold each (field, term), and ("type", "quote") the number of quotes."""
        rows = self._run(sql.SQL("SELECT field, term, count FROM {} WHERE (field, term) IN "
                                 "(SELECT * FROM unnest(%s::text[], %s::text[]))").format(self.tables["terms"]),
                         ([f for f, _ in pairs], [t for _, t in pairs]), timed=False) if pairs else []
        return {("type", QUOTE): sum(self._speaker_counts().values()), **{(f, t): n for f, t, n in rows}}

    def speakers_by_letter(self, letter: str, page: int, size: int) -> tuple[Listing, dict[str, int]]:
        """Return one page of the named speakers under a letter, A to Z, and how many each letter holds."""
        if "browse_speakers" not in self.cache:
            self.cache["browse_speakers"] = browse.named_speakers(self._speaker_counts())
        return browse.letter_page(self.cache["browse_speakers"], letter, page, size, self.speaker_names)

    def document_listing(self, source: str, page: int, size: int, window: int) -> Listing:
        """Return one page of the documents, newest first (of one source if given), with counts by source."""
        check_depth(page, size, window, "documents")
        documents = self.tables["documents"]
        if "browse_sources" not in self.cache:
            self.cache["browse_sources"] = dict(self._run(sql.SQL("SELECT {s}, count(*) FROM {t} GROUP BY {s}").format(
                s=SOURCE, t=documents), timed=False))
        counts = self.cache["browse_sources"]
        where, params = (sql.SQL("WHERE {} = %s").format(SOURCE), [source]) if source else (sql.SQL(""), [])
        total = counts.get(source, 0) if source else sum(counts.values())
        pages = page_count(total, size, window)
        if page > pages:
            raise QueryError(f"page {page} is past the last page ({pages})")
        by_source = {"source": {k or "": n for k, n in counts.items()}}
        try:
            rows = self._run(sql.SQL("SELECT fields - 'body' - 'dropped' FROM {} {} ORDER BY {} DESC NULLS LAST, id "
                                     "LIMIT %s OFFSET %s").format(documents, where, DATE),
                             [*params, size, (page - 1) * size])
        except Cut:  # out of time: the page is empty and says so, as a search's is
            return Listing((), total, page, pages, True, by_source, (), window)
        return Listing(tuple(browse.listed(dict(fields)) for (fields,) in rows), total, page, pages, False, by_source,
                       (), window)
