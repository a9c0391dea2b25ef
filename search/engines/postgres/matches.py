"""The SQL of a search's matching records: conditions from the request, order, and the highlighted page."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import escape
from psycopg import sql

from ...query.hits import as_hit, excerpt, safe_marks
from ...query.results import Hit
from ...index.schema import FULL, NEAR, PARAGRAPH, QUOTE
from ...query.parsing import NEAR_BOOST
from ...query.people import BOOST, FULL_BOOST
from . import bm25
from .schema import LANGUAGE

START, STOP = "\ue000", "\ue001"  # marks ts_headline puts around matched words, made <mark> once the text is escaped
# Whoosh marks a whole quote, and up to three fragments of a paragraph joined by " … ".
WHOLE = f"HighlightAll=true, StartSel={START}, StopSel={STOP}"
FRAGMENTS = f'MaxFragments=3, MaxWords=45, MinWords=20, FragmentDelimiter=" … ", StartSel={START}, StopSel={STOP}'
KIND = {PARAGRAPH: 0, QUOTE: 1}  # Whoosh writes a corpus's paragraphs before its quotes: ties keep that order


@dataclass
class Filters:
    """What every matching record meets, besides the words: the request's filters."""

    speakers: tuple = ()
    sources: tuple = ()
    exclude: tuple = ()
    certain: bool = False
    date_from: str = ""
    date_to: str = ""
    words: dict | None = None  # record type -> the Translation of the words typed over its field; None: no words
    named: tuple = ()  # keys of the speakers the words name: their quotes match the rest of the words too
    others: Any = None  # the Translation of the words besides those naming speakers, or None when none are left
    who: Any = None  # the Who of plain words over quotes, when some word is looked for among the names near them
    collections: dict | None = None  # record type (and NEAR) -> bm25.Collection: what a ranked search weighs words by

    def where(self, kind: str, without: str = "") -> tuple[sql.Composable, list]:
        """Return the WHERE clause of one table's matches and its parameters, leaving out the facet `without`."""
        parts: list[sql.Composable] = [sql.SQL("true")]
        params: list = []

        def add(text: str, *values) -> None:
            parts.append(sql.SQL(text))
            params.extend(values)

        if self.words is not None and kind == QUOTE and (self.named or self.who is not None):
            # A search by who (query.people.widen): the words or the names near the quote, or a named speaker's
            # quote matching the rest.
            if self.who is not None:
                words, values = self.who.sql, list(self.who.params)
            else:
                words, values = sql.SQL("tsv @@ {}").format(self.words[kind].sql), list(self.words[kind].params)
            if self.named:
                rest = sql.SQL(" AND tsv @@ {}").format(self.others.sql) if self.others is not None else sql.SQL("")
                words = sql.SQL("({} OR (speaker_key = ANY(%s){}))").format(words, rest)
                values.extend([list(self.named), *(self.others.params if self.others is not None else ())])
            parts.append(words)
            params.extend(values)
        elif self.words is not None:
            parts.append(sql.SQL("tsv @@ {}").format(self.words[kind].sql))
            params.extend(self.words[kind].params)
        if self.speakers and without != "speaker":
            add("speaker_key = ANY(%s)", list(self.speakers))
        if self.sources and without != "source":
            add("source = ANY(%s)", list(self.sources))
        if kind == QUOTE and self.exclude:
            add("speaker_key <> ALL(%s)", list(self.exclude))
        if kind == QUOTE and self.certain:
            add("NOT uncertain")
        if self.date_from or self.date_to:
            # ISO dates sort as text; "~" sorts after every digit, so a month or year `to` is inclusive.
            add("date <> ''")
            if self.date_from:
                add("date >= %s", self.date_from)
            if self.date_to:
                add("date <= %s", self.date_to + "~")
        return sql.SQL(" AND ").join(parts), params


@dataclass
class Matches:
    """The records of the requested types that a search matches, as one SQL relation."""

    tables: dict
    kinds: tuple
    filters: Filters
    ranked: bool = False

    def relation(self, without: str = "", placed: bool = True) -> tuple[sql.Composable, list]:
        """Return the matches as a subquery (kind, seq, grp, source, month, speaker_key, rank, and when `placed` doc,
        paragraph, date: what an order by date or by place reads) and its parameters."""
        selects, params = [], []
        for kind in self.kinds:
            where, values = self.filters.where(kind, without)
            rank, rank_params = self._rank(kind) if self.ranked else (sql.SQL("0"), [])
            quote = kind == QUOTE
            selects.append(sql.SQL(
                "SELECT {kind} AS kind, seq, {grp} AS grp, {placed}source, month, {speaker} AS speaker_key, "
                "{rank} AS rank FROM {table} WHERE {where}").format(placed=sql.SQL(
                    "doc, paragraph, date, " if placed else ""),
                kind=sql.Literal(KIND[kind]), grp=sql.SQL("grp" if quote else "NULL"),
                speaker=sql.SQL("speaker_key" if quote else "''"), rank=rank,
                table=self.tables["quotes_search" if quote else "paragraphs_search"], where=where))
            params.extend(rank_params + values)
        return sql.SQL("({})").format(sql.SQL(" UNION ALL ").join(selects)), params


    def _rank(self, kind: str) -> tuple[sql.Composable, list[Any]]:
        """Return the SQL of a match's score, Whoosh's for the same search, and its parameters."""
        filters, collections = self.filters, self.filters.collections
        if filters.words is None or not collections:
            return sql.SQL("0"), []
        # BM25F as Whoosh scores it (bm25.py); ts_rank of the query itself ordered first pages otherwise.
        rank, ranked = bm25.score(filters.words[kind].ranked, collections[kind])
        params: list[Any] = [*ranked]
        if kind != QUOTE or not (filters.named or filters.who is not None):
            return rank, params
        # A search by who (query.people.widen): the words, or the names near a quote, score only where they
        # match, so that a named speaker's quote that matches by its speaker alone is not reordered by them ...
        if filters.who is not None:
            near, names = bm25.score(filters.who.names, collections[NEAR], column="near", boost=NEAR_BOOST)
            rank, params = sql.SQL("{} + {}").format(rank, near), params + names
            base, base_params = filters.who.sql, list(filters.who.params)
        else:
            base, base_params = sql.SQL("tsv @@ {}").format(filters.words[kind].sql), list(filters.words[kind].params)
        rank, params = sql.SQL("CASE WHEN {} THEN {} ELSE 0 END").format(base, rank), base_params + params
        if not filters.named:
            return rank, params
        # ... and a named speaker's quote that matches the rest of the words scores Whoosh's boosts (a full quote
        # above a fragment) and what those words score. float8, not numeric literals: numeric arithmetic on every
        # match cost 17 of 90 ms (CPU) at 1M.
        mine: sql.Composable = sql.SQL("speaker_key = ANY(%s)")
        mine_params: list[Any] = [list(filters.named)]
        rest: sql.Composable = sql.SQL("0")
        rest_params: list[str] = []
        if filters.others is not None:
            mine = sql.SQL("{} AND tsv @@ {}").format(mine, filters.others.sql)
            mine_params += list(filters.others.params)
            rest, rest_params = bm25.score(filters.others.ranked, collections[QUOTE])
        boosted = sql.SQL("{} + CASE WHEN {} THEN {}::float8 + {}::float8 * (form = {})::int + {} ELSE 0 END").format(
            rank, mine, sql.Literal(BOOST), sql.Literal(FULL_BOOST), sql.Literal(FULL), rest)
        return boosted, params + mine_params + rest_params


def order(sort: str, ranks: bool) -> sql.Composable:
    """Return the ORDER BY of a search: Whoosh's for the same sort."""
    if sort == "date":  # newest first, the undated last
        return sql.SQL("NULLIF(date, '') DESC NULLS LAST, doc, paragraph, kind, seq")
    if ranks:
        return sql.SQL("rank DESC, kind, seq")
    return sql.SQL("doc, paragraph, kind, seq")


def headlines(kind: str, words, texts: list[str]) -> tuple[sql.Composable, list]:
    """Return the SQL marking the matched words of some texts (ts_headline), in their order, and its parameters."""
    options = WHOLE if kind == QUOTE else FRAGMENTS
    return (sql.SQL("SELECT ts_headline({}, translate(x.t, {}, ''), {}, {}) FROM unnest(%s::text[]) "
                    "WITH ORDINALITY AS x(t, n) ORDER BY x.n").format(
        sql.Literal(LANGUAGE), sql.Literal(START + STOP), words.sql, sql.Literal(options)),
        [*words.params, texts])


def marked(text: str, lit: str | None):
    """Return a record's text escaped once with only its matched words marked."""
    if not lit or START not in lit:
        return escape(text)
    return safe_marks(str(escape(lit)).replace(START, "<mark>").replace(STOP, "</mark>"))


def make_hit(fields: dict, words) -> Hit:
    """Return one record as a Hit (a long text shown by its excerpt around the first word searched), unmarked."""
    text, start = excerpt(fields.get("text", ""), words)
    return as_hit(fields, escape(text), text, start)
