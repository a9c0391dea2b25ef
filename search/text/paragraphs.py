"""Split a document's text into paragraphs with character offsets."""
from __future__ import annotations

import bisect
import re

from ..model import Dropped, Paragraph

_BREAK = re.compile(r"\n[ \t\f\v\u00a0]*\n\s*")
MAX_PARAGRAPH_CHARS = 20_000  # a longer block (a file of one endless line) is cut into paragraphs of at most this
_SPACE = re.compile(r"\s*")
_SENTENCE_END = re.compile(r"[.!?…][”’\"')\]]*\s+|\n")


def split(text: str, dropped: tuple[Dropped, ...] = (), pages: tuple[int, ...] = ()) -> tuple[Paragraph, ...]:
    """Return the non-blank blocks between blank lines, numbered from 1.

    Dropped stretches are left out and break a paragraph where they stand; with `pages` (the
    offset where each page starts) every paragraph carries the page it starts on.
    """
    paragraphs: list[Paragraph] = []
    for a, b in _kept(text, dropped):
        pos = a
        for match in [*_BREAK.finditer(text, a, b), None]:
            end = match.start() if match else b
            block = text[pos:end]
            stripped = block.strip()
            if stripped:
                start = pos + (len(block) - len(block.lstrip()))
                for first, last in _pieces(text, start, start + len(stripped)):
                    paragraphs.append(Paragraph(len(paragraphs) + 1, first, last, text[first:last],
                                                page=page_at(pages, first)))
            if match:
                pos = match.end()
    return tuple(paragraphs)


def _pieces(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """Cut an overlong block into stretches of at most MAX_PARAGRAPH_CHARS, at a sentence's end if there is one."""
    out = []
    while stop - start > MAX_PARAGRAPH_CHARS:
        limit = start + MAX_PARAGRAPH_CHARS
        ends = [m.end() for m in _SENTENCE_END.finditer(text, limit - MAX_PARAGRAPH_CHARS // 4, limit)]
        cut = ends[-1] if ends else (text.rfind(" ", start + 1, limit) + 1 or limit)
        piece = text[start:cut].rstrip()
        out.append((start, start + len(piece)))
        space = _SPACE.match(text, cut, stop)
        start = space.end() if space else cut
    if stop > start:
        out.append((start, stop))
    return out


def page_at(pages: tuple[int, ...], offset: int) -> int | None:
    """Return the page (from 1) that holds `offset`, given where each page starts; None for unpaged text."""
    return (bisect.bisect_right(pages, offset) or 1) if pages else None


def _kept(text: str, dropped: tuple[Dropped, ...]) -> list[tuple[int, int]]:
    """Return the stretches of text between the dropped ones."""
    out, pos = [], 0
    for d in sorted(dropped, key=lambda d: d.start):
        if d.start > pos:
            out.append((pos, d.start))
        pos = max(pos, d.end)
    out.append((pos, len(text)))
    return out


def locate(paragraphs: tuple[Paragraph, ...], offset: int) -> Paragraph | None:
    """Return the paragraph holding `offset`, or the one before it if it falls in a gap."""
    starts = [p.start for p in paragraphs]
    i = bisect.bisect_right(starts, offset) - 1
    return paragraphs[i] if i >= 0 else (paragraphs[0] if paragraphs else None)
