"""Read plain text and Markdown files: one document each."""
from __future__ import annotations

from typing import Iterator

from ..model import Document
from . import transcripts
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
    yield source.document(text, turns=turns, genre="transcript" if turns else "")
