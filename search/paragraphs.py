"""Split a document's text into paragraphs with character offsets."""
from __future__ import annotations

import bisect
import re

from .model import Paragraph

_BREAK = re.compile(r"\n[ \t\f\v\u00a0]*\n\s*")


def split(text: str) -> tuple[Paragraph, ...]:
    """Return the non-blank blocks between blank lines, numbered from 1."""
    paragraphs = []
    pos = 0
    for match in [*_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        block = text[pos:end]
        stripped = block.strip()
        if stripped:
            start = pos + (len(block) - len(block.lstrip()))
            stop = start + len(stripped)
            paragraphs.append(Paragraph(len(paragraphs) + 1, start, stop, text[start:stop]))
        if match:
            pos = match.end()
    return tuple(paragraphs)


def locate(paragraphs: tuple[Paragraph, ...], offset: int) -> Paragraph | None:
    """Return the paragraph holding `offset`, or the one before it if it falls in a gap."""
    starts = [p.start for p in paragraphs]
    i = bisect.bisect_right(starts, offset) - 1
    return paragraphs[i] if i >= 0 else (paragraphs[0] if paragraphs else None)
