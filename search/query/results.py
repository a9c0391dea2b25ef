"""What a search returns: a page of hits with the facet counts of the whole query."""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from .request import SearchRequest


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
    confidence: float | None = None  # how likely the speaker shown is right
    author: str = ""  # the document's authors, joined for display
    url: str = ""
    language: str = ""
    length: int = 0  # characters of the whole text; `text` is a window of it when excerpt_start is set
    excerpt_start: int | None = None  # where the window shown starts in the whole text, when it is one
    page: int | None = None  # the page a quote starts on in a PDF
    time: float | None = None  # seconds into the recording of a transcript or caption turn
    media_url: str = ""  # the recording, whose moment the card links to


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

    request: SearchRequest  # as run: speakers given by name are keys here
    total: int
    pages: int
    hits: tuple[Hit, ...]
    facets: tuple[Facet, ...] = ()  # speakers: the most quoted, and those picked
    sources: tuple[Facet, ...] = ()
    months: tuple[Facet, ...] = ()
    excluded: tuple[Facet, ...] = ()  # the speakers left out, with their names
    suggestion: str = ""
    partial: bool = False  # the time budget ran out: total, facets and ranking cover the matches seen by then
    notices: tuple[str, ...] = ()  # what was capped to keep the request's cost bounded
    people: tuple[Facet, ...] = ()  # the speakers the query names, best first, whose quotes rank first


@dataclass(frozen=True)
class Listing:
    """One page of a long list of records, with how many there are in all."""

    items: tuple[dict, ...]
    total: int
    page: int
    pages: int
    partial: bool = False  # the time budget ran out: the total, counts and order cover the records seen by then
    counts: dict = field(default_factory=dict)  # dimension -> {value: count}, over the whole list
    newest: tuple[dict, ...] = ()  # for a speaker: the newest quotes, whose names and roles the page lists
    window: int = 0  # the deepest record a page may reach
