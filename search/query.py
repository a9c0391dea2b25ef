"""Read the Whoosh index: parse queries, filter, count facets, highlight, fetch records."""
from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import bleach
from markupsafe import Markup, escape
from whoosh import highlight, index as whoosh_index, sorting
from whoosh.spelling import ListCorrector
from whoosh.qparser import AndGroup, FieldsPlugin, OrGroup, QueryParser
from whoosh.query import And, Every, Not, Or, Term, TermRange

from .indexer import current_generation, read_words
from .attribution.identity import key_for
from .schema import DOCUMENT, PARAGRAPH, QUOTE, TEXT_FIELD
from .whoosh_internals import highlight_hit

TYPES = {"quote": (QUOTE,), "paragraph": (PARAGRAPH,), "all": (QUOTE, PARAGRAPH)}
FACET_LIMIT = 30
SORTS = ("relevance", "date")
FACET_FIELDS = {"speaker": "speaker_key", "source": "source", "month": "month"}
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


class NoIndex(RuntimeError):
    """There is no index at the configured folder yet."""


class QueryError(ValueError):
    """A query that cannot be run, with a message for the person who typed it."""


@dataclass(frozen=True)
class Hit:
    """One search result, ready for a template or JSON."""

    id: str
    type: str
    doc: str
    title: str
    source: str
    date: str
    text: str
    highlighted: Markup
    speaker: str = ""
    speaker_key: str = ""
    role: str = ""
    cue: str = ""
    kind: str = ""
    paragraph: int = 0
    group: str = ""
    group_size: int = 1
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Facet:
    """A speaker with the number of matching quotes."""

    key: str
    name: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class Results:
    """A page of results with the facet counts of the whole query."""

    query: str
    total: int
    page: int
    pages: int
    hits: tuple[Hit, ...]
    facets: tuple[Facet, ...] = ()
    type: str = "quote"
    speakers: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    sort: str = "relevance"
    sources: tuple[Facet, ...] = ()
    months: tuple[Facet, ...] = ()
    chosen_sources: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""
    suggestion: str = ""


@dataclass
class Engine:
    """The index of one folder, opened once per process and reopened when a reindex swaps it."""

    index_dir: Path
    _ix: object = None
    _generation: Path | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _names: dict = field(default_factory=dict)
    _words: "Vocabulary | None" = None

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

    def __init__(self, searcher, schema, names: dict | None = None, words: "Vocabulary | None" = None) -> None:
        self.searcher = searcher
        self.schema = schema
        self.words = words
        # Display names by speaker key, shared by the sessions of one generation: a generation never
        # changes, and looking 30 facet names up on every request cost more than the search itself.
        self._names = {} if names is None else names
        self._parsers = {}
        for field_name in TEXT_FIELD.values():
            self._parsers[field_name] = QueryParser(field_name, schema, group=AndGroup)
            # "word:" is text here: the other fields are filters with their own controls, or not searchable.
            self._parsers[field_name].remove_plugin_class(FieldsPlugin)
        self._or_parser = QueryParser(TEXT_FIELD[QUOTE], schema, group=OrGroup, plugins=[])
        self._paragraph_numbers = None

    def close(self) -> None:
        """Close the searcher."""
        self.searcher.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- search -------------------------------------------------------------------------------

    def parse(self, text: str, types=(QUOTE,)):
        """Parse a user query over the words of the given record types; raise QueryError if it cannot be run."""
        cleaned = "".join(ch for ch in text if ch.isprintable() or ch in " \t")
        try:
            parsed = [self._parsers[TEXT_FIELD[t]].parse(cleaned) for t in types]
        except Exception as exc:  # Whoosh raises many types for odd syntax; all mean "bad query".
            raise QueryError(f"could not understand the query: {exc}") from None
        return parsed[0] if len(parsed) == 1 else Or(parsed)

    def search(self, text: str, speakers=(), exclude=(), type: str = "quote", page: int = 1,
               page_size: int = 10, fold: bool = True, sort: str = "relevance", sources=(),
               date_from: str = "", date_to: str = "") -> Results:
        """Run a query with filters and return one page of highlighted hits with facet counts."""
        if type not in TYPES:
            raise QueryError(f"unknown record type {type!r}: use quote, paragraph or all")
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r}: use relevance or date")
        for given in (date_from, date_to):
            if given and not _DATE.fullmatch(given):
                raise QueryError(f"dates are written YYYY, YYYY-MM or YYYY-MM-DD, not {given!r}")
        chosen = {"speaker": _distinct(speakers), "source": _distinct(sources)}
        exclude = _distinct(exclude)
        page = max(1, page)
        wanted = TYPES[type] if not chosen["speaker"] else (QUOTE,)
        # Words only match the records whose field they are parsed into; an empty query needs the type.
        common = [] if text.strip() else [Or([Term("type", t) for t in wanted])]
        if exclude:
            common.append(Not(Or([Term("speaker_key", k) for k in exclude])))
        if date_from or date_to:
            # ISO dates sort as text; "~" sorts after every digit, so a month or year `to` is inclusive.
            common.append(TermRange("date", date_from or None, (date_to + "~") if date_to else None))
        picked = {dim: Or([Term(FACET_FIELDS[dim], v) for v in values]) for dim, values in chosen.items() if values}
        q = self.parse(text, wanted) if text.strip() else Every()
        if sort == "date":
            sortedby = [sorting.FieldFacet("date", reverse=True), sorting.FieldFacet("doc"),
                        sorting.FieldFacet("paragraph")]
        else:
            sortedby = None if text.strip() else [sorting.FieldFacet("doc"), sorting.FieldFacet("paragraph")]
        counted_here = {dim: _count(dim) for dim in FACET_FIELDS if dim not in picked}
        need = page * page_size
        limit = need * 2 if fold else need
        while True:
            results = self.searcher.search(_restrict(q, common + list(picked.values())), limit=limit,
                                           sortedby=sortedby, groupedby=counted_here)
            shown = _fold(results, need) if fold else list(results)[:need]
            # Occurrences of one quote fold into one hit, so a page may need more of the ranking.
            if len(shown) >= need or results.scored_length() >= len(results):
                break
            limit *= 4
        counts = {dim: results.groups(dim) for dim in counted_here}
        for dim in picked:
            # A facet's counts ignore its own selection, so that more values can be added to it.
            others = [f for d, f in picked.items() if d != dim]
            counts[dim] = self.searcher.search(_restrict(q, common + others), limit=1,
                                               groupedby={dim: _count(dim)}).groups(dim)
        total = len(results)
        pages = max(1, math.ceil(total / page_size))
        if page > pages and total:
            raise QueryError(f"page {page} is past the last page ({pages})")
        terms = q if text.strip() else None
        hits = tuple(self._hit(h, terms) for h in shown[(page - 1) * page_size:need])
        suggestion = self.suggest(q, text) if not total and text.strip() else ""
        return Results(text, total, page, pages, hits, self._facets(counts["speaker"], chosen["speaker"]), type,
                       chosen["speaker"], exclude, sort,
                       sources=_plain_facets(counts["source"], chosen["source"]),
                       months=tuple(sorted(_plain_facets(counts["month"], ()), key=lambda f: f.key, reverse=True)),
                       chosen_sources=chosen["source"], date_from=date_from, date_to=date_to,
                       suggestion=suggestion)

    def suggest(self, q, text: str) -> str:
        """Return the query with misspelt words replaced by the corpus's words, or "" if nothing changes."""
        if self.words is None:
            return ""
        changed = False

        def fix(match):
            nonlocal changed
            word = match.group()
            better = self.words.correct(word.lower())
            if better and better != word.lower():
                changed = True
                return better
            return word

        corrected = _QUERY_WORD.sub(fix, text)
        return corrected if changed else ""

    def _facets(self, groups: dict, selected) -> tuple[Facet, ...]:
        counts = {k: v for k, v in groups.items() if k}
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_LIMIT]
        for key in selected:
            if key not in dict(top):
                top.append((key, counts.get(key, 0)))
        names = self.speaker_names([k for k, _ in top])
        return tuple(Facet(k, names.get(k, k), c, k in selected) for k, c in top)

    def resolve_speaker(self, given: str) -> str:
        """Turn a speaker key or a name as a person types it into a speaker key."""
        if self.searcher.document(speaker_key=given):
            return given
        key = key_for(given)
        if self.searcher.document(speaker_key=key):
            return key
        # A partial name ("Maksusi", "the cable") matches the keys that contain all its words; the one
        # with the most quotes wins. A scan of the key lexicon: this serves the command line, not pages.
        wanted = [w for w in key.split("-") if w]
        best, best_count = key, 0
        for raw in self.searcher.lexicon("speaker_key"):
            candidate = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            parts = set(candidate.split("--")[0].split("-"))
            if wanted and all(w in parts for w in wanted):
                count = self.searcher.doc_frequency("speaker_key", candidate)
                if count > best_count:
                    best, best_count = candidate, count
        return best

    def speaker_names(self, keys) -> dict[str, str]:
        """Return the display name of each speaker key."""
        out = {}
        for key in keys:
            if key not in self._names:
                hit = self.searcher.document(speaker_key=key)
                self._names[key] = hit.get("speaker", key) if hit else None
            if self._names[key] is not None:
                out[key] = self._names[key]
        return out

    def _hit(self, hit, q) -> Hit:
        fields = record(hit.fields())
        text = fields.get("text", "")
        marked = None
        if q is not None:
            if fields.get("type") == QUOTE:
                fragmenter = highlight.WholeFragmenter(charlimit=None)
            else:
                fragmenter = highlight.ContextFragmenter(maxchars=300, surround=80, charlimit=None)
            marked = highlight_hit(hit, TEXT_FIELD.get(fields.get("type"), "text"), text, fragmenter,
                                   highlight.HtmlFormatter(tagname="mark", between=" … "), top=3) or None
        return Hit(
            id=fields["id"], type=fields["type"], doc=fields["doc"], title=fields.get("title", ""),
            source=fields.get("source", ""), date=fields.get("date", ""), text=text,
            highlighted=safe_marks(marked) if marked else escape(text),
            speaker=fields.get("speaker", ""), speaker_key=fields.get("speaker_key", ""),
            role=fields.get("role", ""), cue=fields.get("cue", ""), kind=fields.get("kind", ""),
            paragraph=fields.get("paragraph", 0), group=fields.get("group", ""),
            start=fields.get("start", 0), end=fields.get("end", 0),
            group_size=fields.get("group_size", 1),
        )

    # ---- records ------------------------------------------------------------------------------

    def quote(self, quote_id: str) -> dict | None:
        """Return one quote's stored fields, or None."""
        found = self.searcher.document(id=quote_id)
        return record(found) if found and found.get("type") == QUOTE else None

    def document(self, doc_id: str) -> dict | None:
        """Return one document's stored fields (with its full text), or None."""
        found = self.searcher.document(id="doc:" + doc_id)
        return dict(found) if found and found.get("type") == DOCUMENT else None

    def records_of(self, doc_id: str, type: str) -> list[dict]:
        """Return the quotes or paragraphs of a document in text order."""
        found = [record(f) for f in self.searcher.documents(doc=doc_id) if f.get("type") == type]
        return sorted(found, key=lambda r: r.get("start", 0))

    def speaker_quotes(self, key: str, limit: int | None = None) -> list[dict]:
        """Return every quote of one speaker."""
        results = self.searcher.search(And([Term("type", QUOTE), Term("speaker_key", key)]), limit=limit,
                                       sortedby=[sorting.FieldFacet("date", reverse=True),
                                                 sorting.FieldFacet("doc"), sorting.FieldFacet("paragraph")])
        return [record(hit.fields()) for hit in results]

    def paragraph(self, doc_id: str, number: int) -> dict | None:
        """Return one paragraph's stored fields, or None."""
        # Through the document's own short posting list and the paragraph column: intersecting the
        # `type` and `paragraph` terms, each listing millions of records at 1M quotes, took 90 ms a lookup.
        if self._paragraph_numbers is None:  # a page looks up one paragraph per hit: open the column once
            self._paragraph_numbers = self.searcher.reader().column_reader("paragraph")
        for docnum in self.searcher.document_numbers(doc=doc_id):
            if self._paragraph_numbers[docnum] == number:
                found = self.searcher.stored_fields(docnum)
                if found.get("type") == PARAGRAPH:
                    return record(found)
        return None

    def occurrences(self, group: str) -> list[dict]:
        """Return every quote of one group (the same words in several sources), oldest first."""
        found = [record(f) for f in self.searcher.documents(group=group) if f.get("type") == QUOTE]
        return sorted(found, key=lambda r: (r.get("date") or "9999", r.get("doc", ""), r.get("start", 0)))

    def candidates(self, text: str, limit: int = 30) -> list[dict]:
        """Return the quotes that share the most words with a pasted wording, best first."""
        field_name = TEXT_FIELD[QUOTE]
        words = [w for w in self._or_parser.parse(text).all_terms() if w[0] == field_name]
        if not words:
            return []
        q = Or([Term(field_name, t) for _, t in words])
        return [record(h.fields()) for h in self.searcher.search(q, limit=limit)]

    def overview(self, top: int = 10) -> dict:
        """Return corpus counts and the most quoted speakers."""
        def count(kind):
            return len(self.searcher.search(Term("type", kind), limit=1))

        facet = sorting.FieldFacet("speaker_key", maptype=sorting.Count)
        groups = self.searcher.search(Term("type", QUOTE), limit=1, groupedby={"speaker": facet}).groups("speaker")
        ranked = sorted(((k, v) for k, v in groups.items() if k), key=lambda kv: (-kv[1], kv[0]))[:top]
        names = self.speaker_names(k for k, _ in ranked)
        return {
            "documents": count(DOCUMENT), "paragraphs": count(PARAGRAPH), "quotes": count(QUOTE),
            "speakers": sum(1 for k in groups if k),
            "top_speakers": [Facet(k, names.get(k, k), v) for k, v in ranked],
        }


def _restrict(q, conditions: list):
    """Return the query limited to records meeting every condition, ranked by the query alone."""
    # Not filter=: Whoosh builds a filter as the set of every record meeting it, on every search, which
    # grows with the corpus; inside an And, only the records that match the words get checked. The
    # conditions are on unscored ID fields, which add the same weight to every hit, so the ranking
    # is the query's. (Whoosh's Require, meant for this, returns records failing the condition among
    # the scored hits in 2.7.4, and ConstantScoreQuery lists every record meeting it, like a filter.)
    return And([q, *conditions]) if conditions else q


_QUERY_WORD = re.compile(r"(?<![\w:])[A-Za-z]{3,}(?![\w:])")
_OPERATORS = {"and", "or", "not", "to"}


class Vocabulary:
    """The words of one generation's corpus, read on first use, for did-you-mean suggestions."""

    def __init__(self, generation: Path) -> None:
        self._generation = generation
        self._counts: dict[str, int] | None = None
        self._sorted: list[str] = []
        self._lock = threading.Lock()

    def _load(self) -> dict[str, int]:
        with self._lock:
            if self._counts is None:
                self._counts = read_words(self._generation)
                self._sorted = sorted(self._counts)
            return self._counts

    def correct(self, word: str) -> str:
        """Return the most frequent corpus word within two edits of `word`, or "" if it needs none."""
        counts = self._load()
        if word in counts or word in _OPERATORS or not counts:
            return ""
        corrector = ListCorrector(self._sorted)
        for distance in (1, 2):
            found = [w for w in corrector.suggest(word, limit=50, maxdist=distance) if w != word]
            if found:
                return max(found, key=lambda w: (counts.get(w, 0), w))
        return ""


def _distinct(values) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _count(dim: str):
    return sorting.FieldFacet(FACET_FIELDS[dim], maptype=sorting.Count)


def _plain_facets(groups: dict, selected) -> tuple[Facet, ...]:
    """Turn counts of a field whose values are their own names into facets, largest first."""
    counts = {k: v for k, v in groups.items() if k}
    for key in selected:
        counts.setdefault(key, 0)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_LIMIT]
    return tuple(Facet(k, k, c, k in selected) for k, c in ranked)


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


def _fold(results, need: int) -> list:
    """Keep the best-ranked hit of each quote group among the top hits, until `need` are kept."""
    kept, seen = [], set()
    for hit in results:
        group = hit.get("group")
        if group and group in seen:
            continue
        if group:
            seen.add(group)
        kept.append(hit)
        if len(kept) >= need:
            break
    return kept


def safe_marks(html: str) -> Markup:
    """Keep only <mark> from Whoosh's already-escaped highlight output."""
    return Markup(bleach.clean(html, tags={"mark"}, attributes={}, strip=True))
