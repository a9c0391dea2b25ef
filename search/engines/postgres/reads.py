"""Fetch stored records from PostgreSQL by id, document, speaker, quote group or paragraph, as Whoosh returns them."""
from __future__ import annotations

import math
from typing import Any, Callable

from psycopg import sql

from ...query import facets, hits, speakers
from ...query.parsing import QueryError
from ...query.results import Facet, Listing
from ...index.schema import PARAGRAPH, QUOTE
from .connect import Cut
from .tsquery import Translation

NAMES_FROM = 200  # the newest quotes of a speaker whose names and roles a speaker page lists
ORDER_NEWEST = "NULLIF(date, '') DESC NULLS LAST, doc, paragraph, seq"
NEWEST = sql.SQL(ORDER_NEWEST)


class RecordReads:
    """Record reads of a session: `tables` names the generation's tables, `_run` runs a statement."""

    # Set by the session this mixes into (see session.py).
    tables: dict
    limits: Any
    cache: dict
    _run: Callable[..., Any]
    _lexicon: Callable[..., Any]
    _speaker_counts: Callable[..., dict]
    _speaker_rows: Callable[..., list]
    parser: Any
    words: Any

    def _rows(self, query: str, params=(), table: str = "quotes") -> list[dict]:
        rows = self._run(sql.SQL(query).format(t=self.tables[table]), params, timed=False)
        return [dict(fields, text=text) for text, fields in rows]

    def quote(self, quote_id: str) -> dict | None:
        """Return one quote's stored fields, or None."""
        found = self._rows("SELECT text, fields FROM {t} WHERE id = %s", (quote_id,))
        return found[0] if found else None

    def document(self, doc_id: str) -> dict | None:
        """Return one document's stored fields (with its full text), or None."""
        rows = self._run(sql.SQL("SELECT fields FROM {} WHERE id = %s").format(self.tables["documents"]), (doc_id,),
                         timed=False)
        return dict(rows[0][0]) if rows else None

    def records_of(self, doc_id: str, type: str) -> list[dict]:
        """Return the quotes or paragraphs of a document in text order."""
        if type not in (QUOTE, PARAGRAPH):
            return []
        return self._rows("SELECT text, fields FROM {t} WHERE doc = %s ORDER BY start, seq", (doc_id,),
                          "quotes" if type == QUOTE else "paragraphs")

    def speaker_quotes(self, key: str, limit: int | None = None) -> list[dict]:
        """Return every quote of one speaker, newest first (up to `limit`)."""
        return self._rows("SELECT text, fields FROM {t} WHERE speaker_key = %s ORDER BY " + ORDER_NEWEST
                          + " LIMIT %s", (key, limit))

    def speaker_listing(self, key: str, page: int = 1, size: int = 50, form: str = "") -> Listing | None:
        """Return one page of a speaker's quotes (only full ones, or only fragments, if `form` says so), newest
        first, with counts by source and month; None if none."""
        window = self.limits.max_result_window
        if page < 1 or page * size > window:
            raise QueryError(f"pages reach the first {window:,} quotes and page {page} is past them")
        quotes = self.tables["quotes"]
        try:
            newest = [dict(fields, text=text) for text, fields in self._run(sql.SQL(
                "SELECT text, fields FROM {} WHERE speaker_key = %s AND form LIKE %s ORDER BY {} LIMIT %s").format(
                quotes, NEWEST), (key, form or "%", max(page * size, NAMES_FROM)))]
            rows = self._run(sql.SQL("SELECT GROUPING(source, month), source, month, count(*) FROM {} "
                                     "WHERE speaker_key = %s AND form LIKE %s "
                                     "GROUP BY GROUPING SETS ((source), (month), ())").format(quotes),
                         (key, form or "%"))
        except Cut:
            known = self.speaker_quotes(key, 1)
            return Listing((), 0, page, 1, True, {}, tuple(known), window) if known else None
        counts: dict[str, dict] = {"source": {}, "month": {}}
        total = 0
        for grouping, source, month, n in rows:
            if grouping == 1:
                counts["source"][source] = n
            elif grouping == 2:
                counts["month"][month] = n
            else:
                total = n
        if not total:
            return None
        pages = max(1, math.ceil(min(total, window) / size))
        if page > pages:
            raise QueryError(f"page {page} is past the last page ({pages})")
        return Listing(tuple(newest[(page - 1) * size:page * size]), total, page, pages, False,
                       {dim: {k: v for k, v in c.items() if k} for dim, c in counts.items()},
                       tuple(newest[:NAMES_FROM]), window)

    def document_page(self, doc_id: str, page: int = 1, size: int = 50) -> tuple[list[dict], list[dict], int]:
        """Return one page of a document's paragraphs, the quotes that start in them, and the number of pages."""
        first, last = (page - 1) * size + 1, page * size
        most = self._run(sql.SQL("SELECT greatest((SELECT max(paragraph) FROM {} WHERE doc = %s), "
                                 "(SELECT max(paragraph) FROM {} WHERE doc = %s))").format(
            self.tables["paragraphs"], self.tables["quotes"]), (doc_id, doc_id), timed=False)[0][0]
        pages = max(1, math.ceil((most or 0) / size))
        query = "SELECT text, fields FROM {t} WHERE doc = %s AND paragraph BETWEEN %s AND %s ORDER BY start, seq"
        return (self._rows(query, (doc_id, first, last), "paragraphs"), self._rows(query, (doc_id, first, last)),
                pages)

    def paragraph(self, doc_id: str, number: int) -> dict | None:
        """Return one paragraph's stored fields, or None."""
        found = self._rows("SELECT text, fields FROM {t} WHERE doc = %s AND paragraph = %s ORDER BY seq LIMIT 1",
                           (doc_id, number), "paragraphs")
        return found[0] if found else None

    def paragraph_texts(self, doc_id: str, numbers) -> dict[int, str]:
        """Return the text of some paragraphs of one document."""
        wanted = sorted(set(numbers))
        if not wanted:
            return {}
        rows = self._run(sql.SQL("SELECT DISTINCT ON (paragraph) paragraph, text FROM {} WHERE doc = %s AND "
                                 "paragraph = ANY(%s) ORDER BY paragraph, seq").format(self.tables["paragraphs"]),
                         (doc_id, wanted), timed=False)
        return dict(rows)

    def occurrences(self, group: str) -> list[dict]:
        """Return every quote of one group (the same words in several sources), oldest first."""
        return self.occurrences_of([group]).get(group, [])

    def occurrences_of(self, groups: list[str]) -> dict[str, list[dict]]:
        """Return every quote of some groups, by group, oldest first: one statement for a page's hits."""
        by_group: dict[str, list[dict]] = {}
        for r in self._rows("SELECT text, fields FROM {t} WHERE grp = ANY(%s)", (list(groups),)) if groups else ():
            if r.get("group_size", 1) > 1:
                by_group.setdefault(r["group"], []).append(r)
        return {g: sorted(found, key=_oldest) for g, found in by_group.items()}

    def richest_of(self, groups: list[str]) -> dict[str, dict]:
        """Return the copy with the richest metadata (hits.richest, the oldest of equals) of each of some groups.

        A page's groups may hold thousands of copies: only what the choice reads comes back for each, and whole
        records for the chosen (whole copies cost 20-45 ms a page at 1M quotes, mostly decoding their fields)."""
        if not groups:
            return {}
        light = self._run(sql.SQL(
            "SELECT grp, fields->>'id', fields->'group_size', fields->'source', fields->'date', fields->'url', "
            "fields->'page', fields->'doc', fields->'start' FROM {} WHERE grp = ANY(%s)").format(
            self.tables["quotes"]), (list(groups),), timed=False)
        by_group: dict[str, list[dict]] = {}
        for grp, *values in light:
            copy = {k: v for k, v in zip(("id", "group_size", "source", "date", "url", "page", "doc", "start"),
                                         values) if v is not None}
            if copy.get("group_size", 1) > 1:
                by_group.setdefault(grp, []).append(copy)
        chosen = {g: hits.richest(sorted(found, key=_oldest))["id"] for g, found in by_group.items()}
        rows = self._rows("SELECT text, fields FROM {t} WHERE id = ANY(%s)", (list(chosen.values()),))
        by_id = {r["id"]: r for r in rows}
        return {g: by_id[i] for g, i in chosen.items() if i in by_id}

    def resolve_speaker(self, given: str) -> str:
        """Turn a speaker key or a name as a person types it into a speaker key; raise QueryError when the name
        fits several speakers or none (the rules of query.speakers, over the speakers' quote counts)."""
        if "speakers" not in self.cache:
            self.cache["speakers"] = _SpeakerCounts({k: n for k, n in self._speaker_counts().items() if k})
        return speakers.resolve(self.cache["speakers"], given, self.cache, self.speaker_names)

    def speaker_names(self, keys) -> dict[str, str]:
        """Return the display name of each speaker key."""
        names = self.cache["names"]
        missing = [k for k in keys if k not in names]
        if missing:
            # A speaker's name as its first quote gives it: one index step a speaker (quotes' speaker_seq), where
            # DISTINCT ON read every quote of the speakers (a second for a page of facets at 1M quotes).
            rows = self._run(sql.SQL("SELECT k, (SELECT coalesce(fields->>'speaker', '') FROM {} WHERE speaker_key = k "
                                     "ORDER BY seq LIMIT 1) FROM unnest(%s::text[]) k").format(self.tables["quotes"]),
                             (missing,), timed=False)
            found = {k: name for k, name in rows if name is not None}
            for key in missing:
                names[key] = found.get(key) or (None if key not in found else key)
        return {k: names[k] for k in keys if names.get(k) is not None}

    def overview(self, top: int = 10) -> dict:
        """Return corpus counts and the named speakers most quoted with confidence (facets.most_quoted's rule)."""
        if ("overview", top) not in self.cache:
            t = self.tables
            documents, paragraphs = (self._run(sql.SQL("SELECT count(*) FROM {}").format(t[name]), timed=False)[0][0]
                                     for name in ("documents", "paragraphs"))
            rows = self._speaker_rows()
            quotes = sum(n for _, n, _ in rows)
            speakers = {k: n for k, n, _ in rows if k}
            confident = {k: sure for k, _, sure in rows if facets.named(k) and sure}
            ranked = sorted(confident.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
            names = self.speaker_names([k for k, _ in ranked])
            self.cache[("overview", top)] = {
                "documents": documents, "paragraphs": paragraphs, "quotes": quotes, "speakers": len(speakers),
                "top_speakers": [Facet(k, names.get(k, k), v) for k, v in ranked]}
        return self.cache[("overview", top)]

    def candidates(self, text: str, limit: int = 30) -> list[dict]:
        """Return the quotes that share the most words with a pasted wording, best first."""
        q = self.parser.any_word(text, self.limits.max_clauses)
        if q is None:
            return []
        words = Translation(q, self.limits, self._lexicon, self.words)
        try:
            rows = self._run(sql.SQL(
                "SELECT q.text, q.fields FROM (SELECT seq, ts_rank(tsv, {}, 1) AS rank FROM {} WHERE tsv @@ {} "
                "ORDER BY rank DESC, seq LIMIT %s) s JOIN {} q USING (seq) ORDER BY s.rank DESC, s.seq").format(
                words.sql, self.tables["quotes_search"], words.sql, self.tables["quotes"]),
                [*words.params, *words.params, limit])
        except Cut:
            return []
        return [dict(fields, text=text) for text, fields in rows]


def _oldest(copy: dict) -> tuple:
    """Order the copies of a quote oldest first (the undated last), then by place."""
    return copy.get("date") or "9999", copy.get("doc", ""), copy.get("start", 0)


class _SpeakerCounts:
    """The speakers of a generation and their quote counts, read as query.speakers reads a Whoosh searcher."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts

    def doc_frequency(self, field: str, key: str) -> int:
        """Return the quotes of one speaker."""
        return self.counts.get(key, 0)

    def lexicon(self, field: str):
        """Return every speaker key, in order."""
        return sorted(self.counts)
