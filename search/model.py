"""The records that flow from documents through extraction into the index."""
from __future__ import annotations

from dataclasses import dataclass, field

# A name shown with less confidence than this is marked "speaker uncertain" (read and write side alike).
UNCERTAIN_BELOW = 0.6


@dataclass(frozen=True)
class Dropped:
    """A stretch of a document's text left out of paragraphs and quotes, and why (page furniture)."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Turn:
    """One speaker's turn in a transcript or caption file: its words, its label and its time."""

    start: int  # the turn's words, label excluded
    end: int
    label: str  # the speaker label as written: "CHRIS WALLACE", "President Donald J. Trump"
    label_start: int | None = None  # where the label stands in the text, if it does
    label_end: int | None = None
    time: float | None = None  # seconds from the start of the recording


@dataclass(frozen=True)
class Document:
    """One source text with its metadata."""

    id: str
    text: str
    title: str = ""
    source: str = ""  # the publisher or site name
    date: str = ""  # ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD) when known
    url: str = ""
    authors: tuple[str, ...] = ()  # the document's own authors, as written
    path: str = ""
    language: str = ""
    # What the document is: news | magazine | blog | webpage | report | transcript | captions | fiction | "".
    genre: str = ""
    dropped: tuple[Dropped, ...] = ()  # furniture left out of paragraphs, sorted by start
    pages: tuple[int, ...] = ()  # offset where each page starts (page 1 first), for paged sources
    turns: tuple[Turn, ...] = ()  # speaker turns of a transcript or caption file, in text order
    media_url: str = ""  # the recording a transcript or caption file belongs to
    source_file: str = ""  # the absolute path of the file it was read from, whatever path named it

    @property
    def author(self) -> str:
        """Return the authors as one display string."""
        return "; ".join(self.authors)


@dataclass(frozen=True)
class Paragraph:
    """A block of text between blank lines; `number` counts from 1."""

    number: int
    start: int
    end: int
    text: str
    page: int | None = None  # page the paragraph starts on, counted from 1, for paged sources
    time: float | None = None  # seconds into the recording, for transcripts and captions


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
    kind: str  # direct | partial | scare | turn
    paragraph: int  # number of the paragraph the quote starts in
    speaker: str = ""
    speaker_key: str = ""
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str = ""
    role: str = ""
    occurrence: int = 1  # which occurrence of these words in the document this is
    id: str = ""
    page: int | None = None
    time: float | None = None
    # How likely the speaker is right, 0 to 1; None without a speaker. A nameless narrator's line keeps it
    # until the corpus step names the narrator from the story's other parts, or clears it.
    confidence: float | None = None
    narrator: bool = False  # spoken by the story's first-person narrator ("I said"), named or not


@dataclass(frozen=True)
class Extraction:
    """Everything extraction finds in one document."""

    document: Document
    paragraphs: tuple[Paragraph, ...]
    quotes: tuple[Quote, ...] = field(default=())
