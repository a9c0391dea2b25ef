"""Read plain text and Markdown files: one document each."""
from __future__ import annotations

from typing import Iterator

from ..model import Document
from .common import decode

SUFFIXES = (".txt", ".md")


def read(source) -> Iterator[Document]:
    """Yield the document of a text file."""
    raw = source.read_bytes()
    if raw is None:
        return
    try:
        text = decode(raw)
    except ValueError as exc:
        source.skip(str(exc))
        return
    if not text.strip():
        source.skip("no text")
        return
    yield source.document(text)
