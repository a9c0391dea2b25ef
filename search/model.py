"""The records that flow from documents through extraction into the index."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """One source text with its metadata."""

    id: str
    text: str
    title: str = ""
    source: str = ""
    date: str = ""
    url: str = ""
    author: str = ""
    path: str = ""


@dataclass(frozen=True)
class Paragraph:
    """A block of text between blank lines; `number` counts from 1."""

    number: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A span of the document that names or refers to a speaker."""

    start: int
    end: int
    text: str
    name: str = ""  # the resolved display name, without titles
    role: str = ""  # titles and appositive roles, kept apart from the name
    pronoun: bool = False


@dataclass(frozen=True)
class Quote:
    """A quoted span; `start`/`end` cover the quoted words, quote marks excluded."""

    doc: str
    start: int
    end: int
    text: str
    kind: str  # direct | partial | scare
    paragraph: int  # number of the paragraph the quote starts in
    speaker: str = ""
    speaker_key: str = ""
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str = ""
    role: str = ""
    occurrence: int = 1  # which occurrence of these words in the document this is
    id: str = ""


@dataclass(frozen=True)
class Extraction:
    """Everything extraction finds in one document."""

    document: Document
    paragraphs: tuple[Paragraph, ...]
    quotes: tuple[Quote, ...] = field(default=())
