"""Turn what a person typed and the filters they chose into a Whoosh query; refuse what cannot run."""
from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh import sorting
from whoosh.qparser import AndGroup, FieldsPlugin, OrGroup, QueryParser
from whoosh.query import And, Every, Not, Or, Term, TermRange

from ..schema import PARAGRAPH, QUOTE, TEXT_FIELD
from .facets import FACET_FIELDS

TYPES = {"quote": (QUOTE,), "paragraph": (PARAGRAPH,), "all": (QUOTE, PARAGRAPH)}
SORTS = ("relevance", "date")
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


class QueryError(ValueError):
    """A query that cannot be run, with a message for the person who typed it."""


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

    @property
    def has_words(self) -> bool:
        """Say whether any words were typed."""
        return bool(self.text.strip())

    def query(self, without: str | None = None):
        """Return the whole query, leaving out the filter named `without`."""
        return restrict(self.words, [*self.common, *(f for d, f in self.picked.items() if d != without)])


class Parser:
    """The query parsers of one schema."""

    def __init__(self, schema) -> None:
        self._parsers = {}
        for field_name in TEXT_FIELD.values():
            self._parsers[field_name] = QueryParser(field_name, schema, group=AndGroup)
            # "word:" is text here: the other fields are filters with their own controls, or not searchable.
            self._parsers[field_name].remove_plugin_class(FieldsPlugin)
        self._or_parser = QueryParser(TEXT_FIELD[QUOTE], schema, group=OrGroup, plugins=[])

    def parse(self, text: str, types=(QUOTE,)):
        """Parse a user query over the words of the given record types; raise QueryError if it cannot be run."""
        cleaned = "".join(ch for ch in text if ch.isprintable() or ch in " \t")
        try:
            parsed = [self._parsers[TEXT_FIELD[t]].parse(cleaned) for t in types]
        except Exception as exc:  # Whoosh raises many types for odd syntax; all mean "bad query".
            raise QueryError(f"could not understand the query: {exc}") from None
        return parsed[0] if len(parsed) == 1 else Or(parsed)

    def any_word(self, text: str):
        """Return a query for the quotes holding any word of `text`, or None if it has no words."""
        field_name = TEXT_FIELD[QUOTE]
        words = [w for w in self._or_parser.parse(text).all_terms() if w[0] == field_name]
        if not words:
            return None
        return Or([Term(field_name, t) for _, t in words])

    def plan(self, text: str, speakers=(), exclude=(), type: str = "quote", sort: str = "relevance",
             sources=(), date_from: str = "", date_to: str = "", certain: bool = False) -> Plan:
        """Check a search's arguments and turn them into a Plan; raise QueryError if they cannot be run."""
        if type not in TYPES:
            raise QueryError(f"unknown record type {type!r}: use quote, paragraph or all")
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r}: use relevance or date")
        for given in (date_from, date_to):
            if given and not _DATE.fullmatch(given):
                raise QueryError(f"dates are written YYYY, YYYY-MM or YYYY-MM-DD, not {given!r}")
        chosen = {"speaker": distinct(speakers), "source": distinct(sources)}
        exclude = distinct(exclude)
        wanted = TYPES[type] if not chosen["speaker"] else (QUOTE,)
        # Words only match the records whose field they are parsed into; an empty query needs the type.
        common = [] if text.strip() else [Or([Term("type", t) for t in wanted])]
        if exclude:
            common.append(Not(Or([Term("speaker_key", k) for k in exclude])))
        if certain:
            common.append(Not(Term("uncertain", "1")))  # quotes whose speaker may be someone else stay out
        if date_from or date_to:
            # ISO dates sort as text; "~" sorts after every digit, so a month or year `to` is inclusive.
            common.append(TermRange("date", date_from or None, (date_to + "~") if date_to else None))
        picked = {dim: Or([Term(FACET_FIELDS[dim], v) for v in values]) for dim, values in chosen.items() if values}
        words = self.parse(text, wanted) if text.strip() else Every()
        if sort == "date":
            sortedby = [sorting.FieldFacet("date", reverse=True), sorting.FieldFacet("doc"),
                        sorting.FieldFacet("paragraph")]
        else:
            sortedby = None if text.strip() else [sorting.FieldFacet("doc"), sorting.FieldFacet("paragraph")]
        return Plan(text, words, tuple(common), picked, chosen, exclude, sortedby)


def restrict(q, conditions: list):
    """Return the query limited to records meeting every condition, ranked by the query alone."""
    # Not filter=: Whoosh builds a filter as the set of every record meeting it, on every search, which
    # grows with the corpus; inside an And, only the records that match the words get checked. The
    # conditions are on unscored ID fields, which add the same weight to every hit, so the ranking
    # is the query's. (Whoosh's Require, meant for this, returns records failing the condition among
    # the scored hits in 2.7.4, and ConstantScoreQuery lists every record meeting it, like a filter.)
    return And([q, *conditions]) if conditions else q


def distinct(values) -> tuple[str, ...]:
    """Return the non-empty values once each, in their first order."""
    return tuple(dict.fromkeys(v for v in values if v))
