"""Read plain text and Markdown files: one document each."""
from __future__ import annotations

from typing import Iterator

from ..model import Document
from . import fiction, furniture, transcripts
from .common import decode_any

SUFFIXES = (".txt", ".md")


def read(source) -> Iterator[Document]:
    """Yield the document of a text file."""
    raw = source.read_bytes()
    if raw is None:
        return
    try:
        text, note = decode_any(raw)
    except ValueError as exc:
        source.skip(str(exc))
        return
    if note:
        source.skip(note)
    if not text.strip():
        source.skip("no text")
        return
    turns = transcripts.turns(text)
    # A transcript's turns become quotes whole, so its furniture is not cut out of them.
    dropped = () if turns else furniture.find(text)
    # A novel saved as plain text says nothing of its genre: its prose does (a sidecar still wins).
    genre = "transcript" if turns else "fiction" if fiction.looks_like_fiction(text) else ""
    yield source.document(text, turns=turns, genre=genre, dropped=dropped)
