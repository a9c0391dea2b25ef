"""Turn what a person typed and the filters they chose into a Whoosh query; refuse what cannot run."""
from __future__ import annotations

import heapq
import re
from fnmatch import translate as fnmatch_translate
from dataclasses import dataclass, replace

from whoosh import sorting
from whoosh.qparser import AndGroup, FieldsPlugin, FuzzyTermPlugin, OrGroup, QueryParser
from whoosh.query import (And, AndMaybe, AndNot, Every, FuzzyTerm, MultiTerm, NullQuery, Not, NumericRange, Or, Prefix,
                          Term, TermRange, Wildcard)

from ..index.schema import NEAR, PARAGRAPH, QUOTE, TEXT_FIELD
from . import request
from .ranges import Newest, checked_dates, date_range
from .request import FILTERS, SORTS, QueryError, SearchRequest

TYPES = {"quote": (QUOTE,), "paragraph": (PARAGRAPH,), "all": (QUOTE, PARAGRAPH)}
NEAR_BOOST = 0.5  # a word among the names around a quote counts half as much as one in the quote
NEAR_SHARE, NEAR_MOST = 0.02, 200  # a name near more quotes than this share (and this many) is not looked for there
assert tuple(TYPES) == request.TYPES
# How each filter's clause (request.FILTERS) narrows a query, given its index field and value. The filters
# a person picks values of ("any") are kept apart, so that their facets can be counted without them; a date
# range is one clause for both ends (Parser.plan).
CLAUSES = {
    "none": lambda field, values: Not(Or([Term(field, v) for v in values])),
    # quotes whose speaker may be someone else stay out
    "unflagged": lambda field, _value: Not(Term(field, "1")),
}


@dataclass(frozen=True)
class Limits:
    """What one request may cost: time, words its wildcards expand to, words in all, results deep."""

    seconds: float = 0.5  # time a request may spend finding and counting matches; past it the answer is partial
    max_result_window: int = 1000  # deepest result a page may show (page × page size)
    max_expansions: int = 50  # words a prefix, wildcard or fuzzy word stands for: the most frequent
    max_clauses: int = 200  # words a query holds once its wildcards are expanded
    max_scan: int = 20_000  # index words read, per segment, to find what a wildcard matches
    max_edits: int = 2  # edits a fuzzy word (word~2) may allow
    max_fuzzy_length: int = 24  # letters of a fuzzy word: its automaton grows with length and edits

    @classmethod
    def from_config(cls, config) -> "Limits":
        """Return the limits a config mapping sets (see search.config), defaults for the rest."""
        return cls(seconds=config["TIME_BUDGET"], max_result_window=config["MAX_RESULT_WINDOW"],
                   max_expansions=config["MAX_EXPANSIONS"], max_clauses=config["MAX_CLAUSES"])


@dataclass(frozen=True)
class Plan:
    """A search ready to run: the words, the conditions every hit meets and the filters picked."""

    text: str
    words: object  # the query of the words typed, or Every() when none were
    common: tuple  # conditions every hit meets: record type, excluded speakers, dates
    picked: dict  # filter name -> the query of its chosen values, for filters with a choice
    chosen: dict  # filter name -> its chosen values
    exclude: tuple[str, ...]
    sortedby: list | None
    notices: tuple[str, ...] = ()  # what was cut to keep the cost bounded, said to the person who asked

    @property
    def has_words(self) -> bool:
        """Say whether any words were typed."""
        return bool(self.text.strip())

    @property
    def ranks(self) -> bool:
        """Say whether the best matches come first: words were typed that score (not only ones left out) and no
        other order was asked for."""
        return self.sortedby is None

    def query(self, without: str | None = None):
        """Return the whole query, leaving out the filter named `without`."""
        conditions = [*self.common, *(f for d, f in self.picked.items() if d != without)]
        if isinstance(self.words, Every) and conditions:
            # No words: the conditions alone select (an Every() beside them would step through every record).
            return And(conditions) if len(conditions) > 1 else conditions[0]
        return restrict(self.words, conditions)


# A phrase in quotes (kept as typed), or a minus (a hyphen, en dash or minus sign, as phones and word processors
# type it) that opens a word, after a space, the start or a bracket.
_MINUS = re.compile(r'"[^"]*"?|(?:(?<=[\s(])|^)[-\u2013\u2212](?=[^\s\-\u2013\u2212])')


def minus_as_not(text: str) -> str:
    """Return a query with each word or phrase typed after a minus ("iran -cable") excluded with NOT, as search
    engines read it; a hyphen inside a word ("Ki-moon") and a minus inside a phrase stay as typed."""
    # Whoosh's parser drops the minus, so "-cable" would otherwise find the quotes holding "cable".
    return _MINUS.sub(lambda m: m.group() if m.group().startswith('"') else "NOT ", text)


class Parser:
    """The query parsers of one schema."""

    def __init__(self, schema) -> None:
        self._parsers = {}
        for field_name in TEXT_FIELD.values():
            self._parsers[field_name] = QueryParser(field_name, schema, group=AndGroup)
            # "word:" is text here: the other fields are filters with their own controls, or not searchable.
            self._parsers[field_name].remove_plugin_class(FieldsPlugin)
            self._parsers[field_name].add_plugin(FuzzyTermPlugin())
        self._or_parser = QueryParser(TEXT_FIELD[QUOTE], schema, group=OrGroup, plugins=[])
        self._schema = schema

    def parse(self, text: str, kind: str = QUOTE):
        """Parse a user query over the words of one record type; raise QueryError if it cannot be run."""
        cleaned = minus_as_not("".join(ch for ch in text if ch.isprintable() or ch in " \t"))
        try:
            return self._parsers[TEXT_FIELD[kind]].parse(cleaned)
        except IndexError:  # Whoosh's parser on an operator with nothing to act on ("NOT NOT iran")
            raise QueryError("could not understand the query: AND, OR and NOT each need a word to act on") from None
        except Exception as exc:  # Whoosh raises many types for odd syntax; all mean "bad query".
            raise QueryError(f"could not understand the query: {exc}") from None

    def parse_who(self, text: str, frequency):
        """Parse plain words over quotes, a word that is mostly a name also over the names around quotes (the
        speaker's and those of the paragraph); None when the index has no such names.

        `frequency(field, word)` counts the records holding a word: a word the index holds more often among the
        names around quotes than in quotes ("volker", not "intelligence") is taken for a name, unless it is
        near more than NEAR_SHARE of the quotes ("trump"): reading those would cost more than a search, and a
        name that common is a speaker's whose quotes are found by their key."""
        if NEAR not in self._schema:
            return None
        quote_field, near_field = self._schema[TEXT_FIELD[QUOTE]], self._schema[NEAR]
        # The two analyzers split and drop the same words, so the i-th stem and the i-th name are one word.
        stems = list(quote_field.process_text(text, mode="query"))
        names = list(near_field.process_text(text, mode="query"))
        if len(stems) != len(names):
            return None
        parts = []
        most = max(NEAR_MOST, NEAR_SHARE * frequency("type", QUOTE))
        for stem, name in zip(stems, names):
            word = Term(TEXT_FIELD[QUOTE], stem)
            if frequency(TEXT_FIELD[QUOTE], stem) < frequency(NEAR, name) <= most:
                word = Or([word, Term(NEAR, name, boost=NEAR_BOOST)])
            parts.append(word)
        if not parts:
            return NullQuery
        return parts[0] if len(parts) == 1 else And(parts)

    def any_word(self, text: str, most: int = 200):
        """Return a query for the quotes holding any of the first `most` words of `text`, or None if it has none."""
        field_name = TEXT_FIELD[QUOTE]
        words = [w for w in self._or_parser.parse(text).all_terms() if w[0] == field_name]
        if not words:
            return None
        return Or([Term(field_name, t) for _, t in words[:most]])

    def _words(self, text: str, types) -> tuple[object, bool]:
        """Parse a query over the words of each record type, and say whether any of its words score; a part that
        only leaves words out ("-cable") is kept to its own type: a paragraph holds no quote words, so
        "NOT quote_text:cable" alone would match every one."""
        parsed = [(t, self.parse(text, t)) for t in types]
        tied = [q if _positive(q) else And([Term("type", t), q]) for t, q in parsed]
        return tied[0] if len(tied) == 1 else Or(tied), any(_positive(q) for _t, q in parsed)

    def plan(self, request: SearchRequest) -> Plan:
        """Check a search's arguments and turn them into a Plan; raise QueryError if they cannot be run."""
        if request.type not in TYPES:
            raise QueryError(f"unknown record type {request.type!r}: use quote, paragraph or all")
        if request.sort not in SORTS:
            raise QueryError(f"unknown sort {request.sort!r}: use relevance or date")
        try:
            date_from, date_to = checked_dates(request.date_from, request.date_to)
        except ValueError as exc:
            raise QueryError(str(exc)) from None
        text = request.text
        wanted = TYPES[request.type] if not request.speakers else (QUOTE,)
        words, scored = self._words(text, wanted) if text.strip() else (Every(), False)
        # Words only match the records whose field they are parsed into (see _words); an empty query needs the type.
        common = [] if text.strip() else [Or([Term("type", t) for t in wanted])]
        picked, chosen = {}, {}
        for f in FILTERS:
            value = getattr(request, f.name)
            if f.clause == "any":
                chosen[f.param] = value
                if value:
                    picked[f.param] = Or([Term(f.field, v) for v in value])
            elif value != f.default and f.clause in CLAUSES:
                common.append(CLAUSES[f.clause](f.field, value))
        if date_from or date_to:
            # ISO dates sort as text; "~" sorts after every digit, so a month or year `to` is inclusive.
            common.append(TermRange("date", date_from or None, (date_to + "~") if date_to else None))
        sortedby: list | None
        if request.sort == "date":
            sortedby = [Newest("date"), sorting.FieldFacet("doc"), sorting.FieldFacet("paragraph")]
        else:
            # Without words that score ("" or "-cable"), in the documents' order, as both engines list them.
            sortedby = None if scored else [sorting.FieldFacet("doc"), sorting.FieldFacet("paragraph")]
        return Plan(text, words, tuple(common), picked, chosen, request.exclude, sortedby)


def _positive(q) -> bool:
    """Say whether a query matches only records holding some of its words (not every record that lacks a word)."""
    if isinstance(q, Not):
        return False
    if isinstance(q, (AndNot, AndMaybe)):
        return _positive(q.a)
    if isinstance(q, And):
        return any(_positive(c) for c in q.children())
    if isinstance(q, Or):
        return all(_positive(c) for c in q.children())
    return True


def bound(plan: Plan, reader, limits: Limits, left=lambda: True, near=None) -> Plan:
    """Return the plan with every wildcard and fuzzy word replaced by its most frequent words, so that its
    cost is bounded; raise QueryError for forms that cannot be bounded (ranges on words, leading wildcards).

    `left` says whether the request's time budget has time left; reading the index's words stops when not.
    `near(word, edits)`, if given, returns the corpus's unstemmed words within `edits` of a word: a fuzzy
    word then also matches the stems of those (the index holds stems, and a misspelling rarely stems alike).
    """
    plan = dated(plan, reader)
    if not plan.has_words:
        return plan
    refuse_unbounded(plan.words, limits)
    expanding = [q for q in _leaves(plan.words) if isinstance(q, MultiTerm)]
    plain = sum(len(q.words) if hasattr(q, "words") else 1 for q in _leaves(plan.words)
                if not isinstance(q, MultiTerm))
    if plain > limits.max_clauses:
        raise QueryError(f"the query holds {plain} words; at most {limits.max_clauses} can run at once")
    each = min(limits.max_expansions, (limits.max_clauses - plain) // len(expanding)) if expanding else 0
    if expanding and each < 1:
        raise QueryError(f"the query holds {plain} words and {len(expanding)} wildcards; at most "
                         f"{limits.max_clauses} words can run at once: use fewer words or wildcards")
    notices: dict[str, str] = {}

    def expand(q):
        if isinstance(q, MultiTerm):
            words, matched, cut = expansions(q, reader, each, limits.max_scan, left, near)
            shown = typed(q)
            if cut:
                notices[shown] = (f"{shown} matched more than {limits.max_scan:,} words; results use the {each} most "
                                  f"frequent of those read")
            elif matched > each:
                notices[shown] = f"{shown} matched more than {each} words; results use the {each} most frequent"
            return Or([Term(q.fieldname, w, boost=q.boost) for w in words]) if words else NullQuery
        return q.apply(expand) if not q.is_leaf() else q

    return replace(plan, words=expand(plan.words), notices=plan.notices + tuple(notices.values()))


def dated(plan: Plan, reader) -> Plan:
    """Return the plan with its date range reading its few dates' postings, or the date column when there are many."""
    return replace(plan, common=tuple(date_range(reader, c.fieldname, c.start, c.end) if isinstance(c, TermRange)
                                      else c for c in plan.common))


def refuse_unbounded(q, limits: Limits = Limits()) -> None:
    """Raise QueryError for the parts of a query whose cost grows with the whole vocabulary or index."""
    for leaf in _leaves(q):
        if isinstance(leaf, (TermRange, NumericRange)):
            raise QueryError("ranges such as [a TO z] only work on dates: use the From and To dates "
                             "(from= and to= in the API)")
        if isinstance(leaf, Every):
            raise QueryError("* alone matches everything: leave the search box empty to list every record")
        if isinstance(leaf, Wildcard) and leaf.text[:1] in ("*", "?"):
            raise QueryError(f"{leaf.text} begins with a wildcard, which would read every word in the index: "
                             "put at least one letter before * or ?")
        if isinstance(leaf, FuzzyTerm) and leaf.maxdist > limits.max_edits:
            raise QueryError(f"{typed(leaf)} asks for {leaf.maxdist:g} edits; a fuzzy word allows at most "
                             f"{limits.max_edits}")
        if isinstance(leaf, FuzzyTerm) and len(leaf.text) > limits.max_fuzzy_length:
            raise QueryError(f"a fuzzy word has at most {limits.max_fuzzy_length} letters")


def expansions(q, reader, limit: int, max_scan: int, left=lambda: True, near=None) -> tuple[list, int, bool]:
    """Return the `limit` most frequent index words a wildcard or fuzzy word matches, how many it matched, and
    whether reading stopped before all were read."""
    counts: dict = {}
    cut = False
    if isinstance(q, FuzzyTerm) and near is not None:
        # The corpus's words are in memory: walking the edit automaton over each segment's word file on
        # disk took seconds. The index holds stems, so the near words count through theirs.
        field = reader.schema[q.fieldname]
        stems = {q.text} | {stem for word in near(q.text, q.maxdist) for stem in field.process_text(word, mode="query")}
        for stem in stems:
            counts[stem] = sum(leaf.doc_frequency(q.fieldname, stem) for leaf, _ in reader.leaf_readers())
        counts = {w: n for w, n in counts.items() if n}
    else:
        for leaf, _offset in reader.leaf_readers():
            read = 0
            for word in _matching(q, leaf):
                read += 1
                if read > max_scan or (read % 256 == 0 and not left()):
                    cut = True
                    break
                counts[word] = counts.get(word, 0) + leaf.doc_frequency(q.fieldname, word)
    best = heapq.nlargest(limit, counts.items(), key=lambda item: (item[1], item[0]))
    return [q_word for q_word, _ in best], len(counts), cut


def _matching(q, reader):
    """Yield the words of one segment that a wildcard or fuzzy word matches."""
    field = q.fieldname
    if field not in set(reader.indexed_field_names()):
        return
    if isinstance(q, FuzzyTerm):
        # The segment's own automaton walk (SegmentReader.terms_within); the base reader's scans every word.
        yield from reader.terms_within(field, q.text, q.maxdist, prefix=q.prefixlength)
    elif isinstance(q, Prefix):
        yield from (reader.schema[field].from_bytes(b) for b in reader.expand_prefix(field, q.text))
    elif isinstance(q, Wildcard):
        pattern = re.compile(fnmatch_translate(q.text))
        head = re.split(r"[*?\[]", q.text, maxsplit=1)[0]
        for b in reader.expand_prefix(field, head):
            word = reader.schema[field].from_bytes(b)
            if pattern.match(word):
                yield word
    else:
        raise QueryError(f"{typed(q)} cannot be searched")


def typed(q) -> str:
    """Return a wildcard or fuzzy word as a person would type it."""
    if isinstance(q, Prefix):
        return f"{q.text}*"
    if isinstance(q, FuzzyTerm):
        return f"{q.text}~" + (f"{q.maxdist:g}" if q.maxdist != 1 else "")
    return getattr(q, "text", str(q))


def _leaves(q):
    """Yield the leaf queries of a query tree."""
    if q.is_leaf():
        yield q
    else:
        for child in q.children():
            yield from _leaves(child)


def restrict(q, conditions: list):
    """Return the query limited to records meeting every condition, ranked by the query alone."""
    # Not filter=: Whoosh builds a filter as the set of every record meeting it, on every search, which
    # grows with the corpus; inside an And, only the records that match the words get checked. The
    # conditions are on unscored ID fields, which add the same weight to every hit, so the ranking
    # is the query's. (Whoosh's Require, meant for this, returns records failing the condition among
    # the scored hits in 2.7.4, and ConstantScoreQuery lists every record meeting it, like a filter.)
    return And([q, *conditions]) if conditions else q
