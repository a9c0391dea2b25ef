"""Find page furniture in text: lines and paragraphs repeated right after themselves, and the call-to-action tail."""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Dropped
from ..text.paragraphs import split
from .common import table

REPEATED_LINE = "repeated line"
REPEATED_PARAGRAPH = "repeated paragraph"
CALL_TO_ACTION = "call to action after the article"
MIN_REPEAT_LETTERS = 8  # "No." said twice is speech; a caption or "Advertisement" printed twice is not
MAX_CALL_WORDS = 15  # a call to action is a short line; a long one that says "subscribe" is prose
_LETTER = re.compile(r"\w")
_LINE = re.compile(r"[^\n]+")


@lru_cache(maxsize=1)
def _calls() -> re.Pattern:
    return re.compile("|".join(f"(?:(?<!\\w){p}(?!\\w))" for p in table("furniture.txt")), re.IGNORECASE)


def find(text: str) -> tuple[Dropped, ...]:
    """Return the stretches of `text` that are page furniture, sorted by start and not overlapping."""
    found = sorted(repeats(text) + call_to_action_tail(text), key=lambda d: (d.start, -d.end))
    out: list[Dropped] = []
    for d in found:
        if out and d.start < out[-1].end:  # a repeated line inside a repeated paragraph, or inside the tail
            if d.end > out[-1].end:
                out[-1] = Dropped(out[-1].start, d.end, out[-1].reason)
            continue
        out.append(d)
    return tuple(out)


def repeats(text: str) -> list[Dropped]:
    """Return each paragraph, and each line, that repeats verbatim the one right before it."""
    out = []
    previous = None
    for p in split(text):
        if previous is not None and p.text == previous.text and _long_enough(p.text):
            out.append(Dropped(p.start, p.end, REPEATED_PARAGRAPH))
        else:
            previous = p
    lines = [_trim(m) for m in _LINE.finditer(text)]
    for (_, a_end, a), (b_start, b_end, b) in zip(lines, lines[1:]):
        # Lines next to each other only: lines with a blank line between are paragraphs, compared above.
        if a and a == b and _long_enough(b) and "\n" not in text[a_end:b_start].replace("\n", "", 1):
            out.append(Dropped(b_start, b_end, REPEATED_LINE))
    return out


def call_to_action_tail(text: str) -> list[Dropped]:
    """Return the run of call-to-action lines (newsletter, notifications, subscribe, share, read more) ending text."""
    start: int | None = None
    end: int | None = None
    for m in reversed(list(_LINE.finditer(text))):
        line_start, line_end, line = _trim(m)
        if not line:
            continue
        if len(line.split()) > MAX_CALL_WORDS or not _calls().search(line):
            # The article must go on above the run: a text that is all calls to action is left as it is.
            if start is None or end is None:
                return []
            return [Dropped(start, end, CALL_TO_ACTION)]
        start, end = line_start, end if end is not None else line_end
    return []


def _long_enough(line: str) -> bool:
    return len(_LETTER.findall(line)) >= MIN_REPEAT_LETTERS


def _trim(match: re.Match) -> tuple[int, int, str]:
    """Return a line's offsets and text without the white space around it."""
    line = match.group()
    start = match.start() + len(line) - len(line.lstrip())
    return start, max(start, match.end() - (len(line) - len(line.rstrip()))), line.strip()
