"""One request's reads of the PostgreSQL index: searches with totals, facets and highlights within the budget."""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Iterator

from psycopg import sql


from ...query import facets, people, spelling
from ...query.parsing import TYPES, QueryError
from ...query.searching import through_richest
from ...query.request import SearchRequest
from ...query.session import asked
from ...query.results import Facet, Results
from ...index.schema import NEAR, PARAGRAPH, QUOTE, TEXT_FIELD
from . import bm25
from .connect import Cut, Unavailable, run
from .matches import KIND, Filters, Matches, headlines, make_hit, marked, order
from .listings import Listings
from .reads import RecordReads
from .tsquery import Translation, parser
from .who import who

_PARSER = parser()
GROUPS = {3: "speaker", 5: "source", 6: "month", 7: ""}  # GROUPING(speaker_key, source, month) -> facet
# Matches in order that folding a page's quote groups looks through first: a sort of these few, not of every match.
FOLD_DEPTH = 2000


class PostgresSession(RecordReads, Listings):
    """One request's reads of the served generation; everything returned is plain data."""

    def __init__(self, engine, tables: dict, cache: dict, budget) -> None:
        self.engine, self.tables, self.cache, self.budget = engine, tables, cache, budget
        self.limits = engine.limits
        self.words = cache["words"]
        self.parser = _PARSER
        # The index fields readers ask about (query.browse.speaker_page): quotes here have a form, full or fragment.
        self.schema = {"form": True}

    @property
    def stats(self):
        """Refuse, as `searcher` does: the Whoosh figures query.browse keeps per generation."""
        return self.searcher

    @property
    def searcher(self):
        """Refuse what reads a Whoosh searcher directly (none of the contract's reads does): a 503, not a 500."""
        raise Unavailable("this page reads a Whoosh index and is not served from the PostgreSQL index")

    def close(self) -> None:
        """End the request (its connections went back to the pool after each statement)."""
        self.budget.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _run(self, query, params=(), timed: bool = True) -> list:
        return run(self.engine, self.budget if timed else None, query, params)

    def _matches(self, request: SearchRequest):
        """Check a request and return its plan and the matches it selects."""
        plan = self.parser.plan(request)
        kinds = TYPES[request.type] if not request.speakers else (QUOTE,)
        words = {kind: Translation(self.parser.parse(request.text, kind), self.limits, self._lexicon, self.words)
                 for kind in kinds} if plan.has_words else None
        filters = Filters(request.speakers, request.sources, request.exclude, request.certain, request.date_from,
                          request.date_to, words)
        self.named = self._people().named(request.text, self.speaker_names) if plan.has_words else ()
        text = request.text
        # A search by who (query.people.widen): plain words over quotes match the names around them too, and the
        # quotes of the speakers they name that match the rest.
        if plan.has_words and QUOTE in kinds and people.by_who(text):
            filters.who = who(self.parser, text, self._term_counts)
            if self.named:
                others = people.besides(text, self.named, self.parser)
                filters.named = tuple(n.key for n in self.named)
                filters.others = (Translation(others, self.limits, self._lexicon, self.words)
                                  if others is not None else None)
        ranked = plan.ranks
        if ranked:
            filters.collections = self._collections(words or {}, filters.who.names if filters.who else [])
        return plan, Matches(self.tables, kinds, filters, ranked=ranked)

    def _collections(self, words: dict, names: list[str]) -> dict[str, bm25.Collection]:
        """Return what BM25F weighs the words searched by, for each record type searched and the names near quotes."""
        if "lengths" not in self.cache:
            self.cache["lengths"] = bm25.lengths(self._run, self.tables, self.overview())
        records, lengths = self.cache["lengths"]
        fields = {kind: (TEXT_FIELD[kind], translation.ranked) for kind, translation in words.items()}
        if names:
            fields[NEAR] = (NEAR, names)
        held = self._term_counts([(field, t) for field, terms in fields.values() for t in terms])
        return {key: bm25.Collection(records, lengths[(QUOTE, "near") if key == NEAR else (key, "tsv")],
                                     {t: held.get((field, t), 0) for t in terms})
                for key, (field, terms) in fields.items()}

    def resolved(self, request: SearchRequest) -> SearchRequest:
        """Return the request with speakers given by name turned into keys; raise QueryError for a name that fits
        no speaker or several."""
        return replace(request, speakers=tuple(self.resolve_speaker(s) for s in request.speakers),
                       exclude=tuple(self.resolve_speaker(s) for s in request.exclude))

    def search(self, request: SearchRequest | str = "", page_size: int = 10, fold: bool = True, **fields) -> Results:
        """Run a search and return one page of highlighted hits with facet counts, and the request as run."""
        request = asked(request, fields).lifted()
        if request.page < 1:
            request = replace(request, page=1)
        self.parser.plan(request)  # a bad request is refused before any name is looked up
        if request.speakers or request.exclude:
            request = self.resolved(request)
        plan, matches = self._matches(request)
        page = request.page
        need, window = page * page_size, self.limits.max_result_window
        if need > window:
            raise QueryError(f"pages reach the first {window:,} results and page {page} is past them: "
                             "add words or filters to narrow the search")
        shown, counts, total = self._ranked_and_counted(
            matches, (request.sort, plan.ranks), need, fold,
            [d for d in facets.FACET_FIELDS if d not in plan.picked])
        for dim in plan.picked:
            picked, _ = self._facets(matches, [dim], without=dim)
            counts.update(picked)
        partial = self.budget.spent
        pages = max(1, math.ceil(min(total, window) / page_size))
        if page > pages and total and not partial:
            raise QueryError(f"page {page} is past the last page ({pages})")
        words = matches.filters.words
        found = self._page(shown[(page - 1) * page_size:need], words, request.text)
        suggestion = spelling.suggest(self.words, request.text) if not total and plan.has_words and not partial else ""
        return Results(request, total, pages, found,
                       facets.speaker_facets(counts.get("speaker", {}), request.speakers, self.speaker_names),
                       sources=facets.plain_facets(counts.get("source", {}), request.sources),
                       months=facets.month_facets(counts.get("month", {})),
                       excluded=facets.speaker_facets({}, request.exclude, self.speaker_names),
                       suggestion=suggestion, partial=partial,
                       notices=tuple(dict.fromkeys(n for t in (words or {}).values() for n in t.notices.values())),
                       people=tuple(Facet(n.key, n.name, n.count) for n in self.named[:people.SHOWN]))

    def _ranked_and_counted(self, matches: Matches, sort: tuple[str, bool], need: int, fold: bool,
                            dims: list) -> tuple[list, dict, int]:
        """Return the first `need` matches in order as (kind, seq), one per quote group when folding, their counts by
        each dimension and in all, from one pass over the matches (each match's row is read once, not once for
        each); ([], {}, 0) when time ran out. `sort` is the request's sort and whether it has words."""
        ordered = order(*sort)
        # Materialised rows are kept narrow: the columns the order reads, facets, and nothing else.
        relation, params = matches.relation(placed=sort[0] == "date" or not sort[1])
        depth = max(need, FOLD_DEPTH) if fold else need
        try:
            rows = self._run(sql.SQL(
                "WITH m AS MATERIALIZED {}, t AS (SELECT * FROM m ORDER BY {o} LIMIT %s) "
                "(SELECT -1, kind, seq, NULL, NULL, NULL, NULL::bigint FROM {} f ORDER BY {o} LIMIT %s) "
                "UNION ALL SELECT -2, NULL, NULL, NULL, NULL, NULL, count(*) FROM t "
                "UNION ALL SELECT GROUPING(speaker_key, source, month), NULL, NULL, speaker_key, source, month, "
                "count(*) FROM m GROUP BY GROUPING SETS ((speaker_key), (source), (month), ())").format(
                relation, folded(sql.SQL("t"), ordered) if fold else sql.SQL("t"), o=ordered), [*params, depth, need])
            shown = [(kind, seq) for g, kind, seq, *_ in rows if g == -1]
            if fold and len(shown) < need and next(n for g, *_, n in rows if g == -2) == depth:
                # The first `depth` matches hold fewer groups than the page needs: fold them all (a sort of every
                # match by group, which the common case above does without).
                shown = [(kind, seq) for kind, seq in self._run(sql.SQL(
                    "SELECT kind, seq FROM {} f ORDER BY {} LIMIT %s").format(folded(relation, ordered), ordered),
                    [*params, need])]
        except Cut:
            return [], {}, 0
        counts, total = counted(((g, speaker, source, month, n) for g, _, _, speaker, source, month, n
                                 in rows if g >= 0), dims)
        return shown, counts, total

    def _facets(self, matches: Matches, dims: list, without: str = "") -> tuple[dict, int | None]:
        """Count the matches by each dimension and in all; None for the total when time ran out."""
        relation, params = matches.relation(without, placed=False)
        try:
            rows = self._run(sql.SQL("SELECT GROUPING(speaker_key, source, month), speaker_key, source, month, "
                                     "count(*) FROM {} m GROUP BY GROUPING SETS ((speaker_key), (source), (month), ())"
                                     ).format(relation), params)
        except Cut:
            return {}, None
        return counted(rows, dims)

    def _page(self, shown: list, words, text: str) -> tuple:
        """Return the page's records as Hits, their matched words marked by ts_headline."""
        by_kind: dict[int, list[int]] = {}
        for kind, seq in shown:
            by_kind.setdefault(kind, []).append(seq)
        found = {}
        for kind, seqs in by_kind.items():
            name = QUOTE if kind == KIND[QUOTE] else PARAGRAPH
            rows = self._run(sql.SQL("SELECT seq, text, fields FROM {} WHERE seq = ANY(%s)").format(
                self.tables["quotes" if name == QUOTE else "paragraphs"]), [seqs], timed=False)
            typed = self.parser.parse(text, name) if words is not None else None
            made = {seq: make_hit(dict(fields, text=whole), typed) for seq, whole, fields in rows}
            if words is not None and made:
                query, params = headlines(name, words[name], [h.text for h in made.values()])
                lit = self._run(query, params, timed=False)
                made = {seq: replace(h, highlighted=marked(h.text, m)) for (seq, h), (m,) in zip(made.items(), lit)}
            found.update({(kind, seq): hit for seq, hit in made.items()})
        richest = self.richest_of([h.group for h in found.values() if h.group_size > 1])
        # A quote found in several sources is shown through its copy with the richest metadata, as on Whoosh.
        return tuple(through_richest(found[key], lambda group: [richest[group]] if group in richest else [])
                     for key in shown if key in found)

    def _lexicon(self, field: str, head: str, limit: int) -> list[tuple[str, int]]:
        """Return the index terms of a field from `head` on that start with it, in order, with their counts."""
        return self._run(sql.SQL("SELECT term, count FROM {} WHERE field = %s AND term >= %s AND term < %s "
                                 "ORDER BY term LIMIT %s").format(self.tables["terms"]),
                         (field, head, head + "\U0010ffff", limit), timed=False)

    def every_match(self, request: SearchRequest | str = "", **fields) -> Iterator[dict]:
        """Yield every record a search matches, in index order, through a server-side cursor."""
        request = asked(request, fields).lifted()
        self.parser.plan(request)  # bad arguments raise QueryError here, before anything is read
        if request.speakers or request.exclude:
            request = self.resolved(request)
        _plan, matches = self._matches(request)
        relation, params = matches.relation(placed=False)
        self.budget.close()
        query = sql.SQL("SELECT kind, seq FROM {} m ORDER BY kind, seq").format(relation)
        return stream(self.engine, self.tables, query, params)

def stream(engine, tables: dict, query, params) -> Iterator[dict]:
    """Yield the records of a query's (kind, seq) rows through a server-side cursor, a hundred at a time."""
    quotes, paragraphs = tables["quotes"], tables["paragraphs"]
    with engine.connection() as conn, conn.transaction():
        with conn.cursor(name="export") as cursor:
            # Rows held at once: an export holds about one document's records, as Whoosh's does.
            cursor.itersize = 100
            cursor.execute(sql.SQL(
                "SELECT coalesce(q.text, p.text), coalesce(q.fields, p.fields) FROM ({}) m "
                "LEFT JOIN {} q ON m.kind = 1 AND q.seq = m.seq LEFT JOIN {} p ON m.kind = 0 AND p.seq = m.seq "
                "ORDER BY m.kind, m.seq").format(query, quotes, paragraphs), params)
            for text, fields in cursor:
                yield dict(fields, text=text)


def folded(relation, ordered) -> sql.Composable:
    """Return a relation of matches keeping each quote group's first match in the order given after it (a paragraph,
    with no group, is its own), as Whoosh folds a page."""
    key = sql.SQL("coalesce(grp, ''), CASE WHEN coalesce(grp, '') = '' THEN kind END, "
                  "CASE WHEN coalesce(grp, '') = '' THEN seq END")
    return sql.SQL("(SELECT DISTINCT ON ({k}) * FROM {} m ORDER BY {k}, {})").format(relation, ordered, k=key)


def counted(rows, dims: list) -> tuple[dict, int]:
    """Turn GROUPING SETS rows (grouping, speaker, source, month, count) into counts by dimension and the total."""
    counts: dict = {dim: {} for dim in dims}
    total = 0
    for grouping, speaker, source, month, n in rows:
        dim = GROUPS[grouping]
        if not dim:
            total = n
        elif dim in counts:
            counts[dim][{"speaker": speaker, "source": source, "month": month}[dim]] = n
    return counts, total
