"""A search as asked: its words, filters, order and page, declared once for the web, the API and the CLI."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

MAX_PAGE = 10_000  # the deepest page number a query string may ask for
TYPES = ("quote", "paragraph", "all")
SORTS = ("relevance", "date")


class QueryError(ValueError):
    """A query that cannot be run, with a message for the person who typed it."""


@dataclass(frozen=True)
class Filter:
    """One way to narrow or order a search, named once for the query string, the index, the CLI and the API."""

    name: str  # the SearchRequest field
    param: str  # the query-string parameter (page, API, feed, export), and the key in a JSON answer's echo
    field: str  # the index field it reads ("" when it reads none)
    option: str  # the `search query` option
    clause: str  # how it narrows the query (see parsing.CLAUSES): any, none, since, until, unflagged, type, order
    kind: str  # what it takes: keys (repeatable), choice, date or flag
    help: str
    choices: tuple[str, ...] = ()
    echo: str = ""  # the key a JSON answer echoes it under, when not `param`

    @property
    def default(self):
        """Return the value that leaves a search as if the filter were not given."""
        return {"keys": (), "flag": False, "choice": self.choices[0] if self.choices else ""}.get(self.kind, "")

    @property
    def json_key(self) -> str:
        """Return the key a search answer echoes the filter under."""
        return self.echo or self.param


FILTERS = (
    Filter("type", "type", "type", "--type", "type", "choice", "Records to search: quotes, paragraphs or both.",
           TYPES),
    Filter("sort", "sort", "date", "--sort", "order", "choice", "Order: best match first, or newest first.", SORTS),
    Filter("speakers", "speaker", "speaker_key", "--speaker", "any", "keys",
           "Only quotes of these speakers: a key (donald-trump) or a name (Trump); repeatable.", echo="speakers"),
    Filter("exclude", "exclude", "speaker_key", "--exclude", "none", "keys",
           "Leave out quotes of these speakers: a key or a name; repeatable."),
    Filter("sources", "source", "source", "--source", "any", "keys", "Only records from these sources; repeatable.",
           echo="sources"),
    Filter("date_from", "from", "date", "--from", "since", "date",
           "Only records dated on or after YYYY, YYYY-MM or YYYY-MM-DD."),
    Filter("date_to", "to", "date", "--to", "until", "date",
           "Only records dated on or before YYYY, YYYY-MM or YYYY-MM-DD."),
    Filter("certain", "certain", "uncertain", "--hide-uncertain", "unflagged", "flag",
           "Leave out quotes whose speaker is uncertain (confidence under 0.6)."),
)
BY_NAME = {f.name: f for f in FILTERS}
DEFAULTS = {f.name: f.default for f in FILTERS}
BY_PARAM = {f.param: f for f in FILTERS}
_TRUE = ("1", "on", "true")
# `speaker:trump`, `speaker:donald-trump` or `speaker:"Donald Trump"` in the words: that speaker's quotes only.
_SPEAKER_PREFIX = re.compile(r'(?<![\w:])speaker:(?:"([^"]*)"|(\S+))', re.IGNORECASE)


def distinct(values) -> tuple[str, ...]:
    """Return the non-empty values once each, stripped, in their first order."""
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))


@dataclass(frozen=True)
class SearchRequest:
    """What a person asked for: words, filters, order and page. Every link, form and option is made from it."""

    text: str = ""
    type: str = "quote"
    sort: str = "relevance"
    speakers: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""
    certain: bool = False
    page: int = 1

    def __post_init__(self) -> None:
        # Lists from a form, a CLI or a test become tuples, so that a request hashes, pickles and compares.
        for f in FILTERS:
            object.__setattr__(self, f.name, _normal(f, getattr(self, f.name)))

    @classmethod
    def from_args(cls, args) -> "SearchRequest":
        """Read a request from a query string (a MultiDict, or a mapping of lists or strings); raise QueryError for
        a page number that is no page."""
        def values(param: str) -> list[str]:
            if hasattr(args, "getlist"):
                return args.getlist(param)
            given = args.get(param, ())
            return [given] if isinstance(given, str) else list(given)

        def first(param: str) -> str:
            found = values(param)
            return found[0] if found else ""

        given: dict[str, Any] = {}
        for f in FILTERS:
            if f.kind == "keys":
                given[f.name] = values(f.param)
            elif f.kind == "flag":
                given[f.name] = first(f.param).strip().lower() in _TRUE
            else:
                given[f.name] = first(f.param)
        return cls(text=first("q"), page=page_number(first("page")), **given)

    @classmethod
    def from_options(cls, text: str, options: dict) -> "SearchRequest":
        """Make a request from `search query`'s words and the options FILTERS declare (keyword: field name)."""
        return cls(text=text, **{f.name: options[f.name] for f in FILTERS if f.name in options})

    def to_args(self) -> list[tuple[str, str]]:
        """Return the query string of this request as (parameter, value) pairs: the words, type and order always
        (as the search form sends them), each filter when it narrows, the page past the first."""
        return _args(vars(self))

    def changed(self, **changes) -> "SearchRequest":
        """Return the request with some fields changed, on its first page unless a page is given."""
        return replace(self, **{"page": 1, **changes})

    def changed_args(self, **changes) -> list[tuple[str, str]]:
        """Return what changed(**changes).to_args() returns, without making that request: a results page
        makes some forty links, and making each one's request took most of the time of writing the link."""
        values = {**vars(self), "page": 1}
        for name, value in changes.items():
            if name not in values:
                raise TypeError(f"a search request has no field {name!r}")
            values[name] = _normal(BY_NAME[name], value) if name in BY_NAME else value
        return _args(values)

    def without(self, name: str, value: str | None = None) -> "SearchRequest":
        """Return the request without one filter (a field or parameter name), or without one of its values, on
        its first page: a different result set starts at its start."""
        f = BY_NAME.get(name) or BY_PARAM.get(name)
        if f is None:
            raise KeyError(f"no filter named {name!r}")
        current = getattr(self, f.name)
        if f.kind == "keys" and value is not None:
            return self.changed(**{f.name: tuple(v for v in current if v != value)})
        return self.changed(**{f.name: f.default})

    def asks(self) -> bool:
        """Say whether the request asks for anything beyond the overview: words, or a filter that narrows."""
        return bool(self.text.strip()) or any(getattr(self, f.name) != f.default for f in FILTERS
                                              if f.clause not in ("type", "order"))

    def active(self) -> int:
        """Return how many filters narrow the search (a date range counts once)."""
        dated = 1 if self.date_from or self.date_to else 0
        return len(self.speakers) + len(self.exclude) + len(self.sources) + dated + int(self.certain)

    def lifted(self) -> "SearchRequest":
        """Return the request with each `speaker:` in its words moved to its speakers."""
        named = [quoted or bare for quoted, bare in _SPEAKER_PREFIX.findall(self.text)]
        if not named:
            return self
        text = " ".join(_SPEAKER_PREFIX.sub(" ", self.text).split())
        return replace(self, text=text, speakers=self.speakers + tuple(named))

    def echo(self) -> dict:
        """Return the request as a JSON answer echoes it."""
        out: dict = {"query": self.text, "page": self.page}
        for f in FILTERS:
            value = getattr(self, f.name)
            out[f.json_key] = list(value) if f.kind == "keys" else value
        return out


def _normal(f: Filter, value):
    """Return a filter's value as a request holds it: keys a tuple of distinct stripped values, a flag a bool, a
    date stripped, a choice its default when not given."""
    if f.kind == "keys":
        return distinct((value,) if isinstance(value, str) else value or ())
    if f.kind == "flag":
        return bool(value)
    if f.kind == "date":
        return (value or "").strip()
    return value or DEFAULTS[f.name]


def _args(values: dict) -> list[tuple[str, str]]:
    """Return the query-string pairs of a request's field values (see SearchRequest.to_args)."""
    out = [("q", values["text"])]
    for f in FILTERS:
        value = values[f.name]
        if f.kind != "choice" and value == DEFAULTS[f.name]:
            continue
        if f.kind == "keys":
            out.extend((f.param, v) for v in value)
        else:
            out.append((f.param, "1" if f.kind == "flag" else value))
    if values["page"] != 1:
        out.append(("page", str(values["page"])))
    return out


def page_number(given: str) -> int:
    """Return the page a query string asks for (1 if none); raise QueryError for one that is no page."""
    if not given.strip():
        return 1
    try:
        page = int(given)
    except ValueError:
        raise QueryError("the page number must be a whole number") from None
    if page < 1 or page > MAX_PAGE:
        raise QueryError("the page number is out of range")
    return page
