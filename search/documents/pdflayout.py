"""Turn the positioned lines of PDF pages into text: reading order, running heads and feet out, paragraphs rebuilt.

Pure functions over `Line` records (a PDF library finds the lines; this module never opens a file).
Coordinates are in points from the page's top-left corner.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text on a page, with its box."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str


@dataclass(frozen=True)
class Page:
    """The lines of one page (any order) and its size."""

    lines: tuple[Line, ...]
    width: float = 612.0
    height: float = 792.0


@dataclass(frozen=True)
class Laid:
    """A paged document's text: paragraphs between blank lines, where each page starts, and what was removed."""

    text: str
    pages: tuple[int, ...]
    removed: tuple[tuple[int, str], ...]  # (page counted from 1, line text) of each running head or foot left out


_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_SPACES = re.compile(r"[ \t\u00a0]{2,}|\t")
_DIGITS = re.compile(r"\d+")
# Bare page numbers: "3", "- 3 -", "3/12", "3 of 12", "Page 3", "Page 3 of 12", "p. 3".
_PAGE_NUMBER = re.compile(r"(?i)(?:page|p\.|pg\.?)?\s*[-–—]?\s*\d{1,4}\s*[-–—]?\s*(?:(?:/|of)\s*\d{1,4})?")
# What a browser or word processor prints in a margin: an address, a file path, a date and time.
_URL = re.compile(r"(?i)^(?:[a-z][a-z0-9+.-]*://\S+|www\.\S+|(?:[A-Za-z]:)?[/\\]\S+[/\\]\S+)$")
_DATE_TIME = re.compile(r"(?i)^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?$")
_HYPHENS = ("-", "\u2010", "\u00ad")
_SOFT_HYPHENS = ("\u2010", "\u00ad")
# A line ending so may end its paragraph; any other end leaves the paragraph open across a column or page.
_ENDS = (".", "!", "?", ":", "”", '"', "’", "'", ")", "…")


def clean(text: str) -> str:
    """Return a line's text with ligatures unfolded and runs of spaces made one."""
    return _SPACES.sub(" ", text.translate(_LIGATURES)).strip()


def lay_out(pages: list[Page], title: str = "") -> Laid:
    """Order, clean and join the lines of every page into one text with page offsets."""
    furniture = running_lines(pages, title)
    blocks_per_page: list[list[list[Line]]] = []
    removed: list = []
    for number, page in enumerate(pages, 1):
        kept = [ln for ln in page.lines if ln not in furniture[number - 1]]
        removed.extend((number, ln.text) for ln in sorted(furniture[number - 1], key=lambda ln: (ln.top, ln.x0)))
        blocks_per_page.append(columns(kept))
    return _join(blocks_per_page, removed)


def running_lines(pages: list[Page], title: str = "") -> list[set[Line]]:
    """Return, per page, the running heads and feet: repeated margin lines, page numbers, browser furniture."""
    edges = [_edge_rows(p) for p in pages]
    counts: Counter = Counter()
    for rows in edges:
        counts.update({_shape(ln) for row in rows for ln in row})
    # A line repeated in the same place on most pages is furniture ("Annual report 2016", a date and
    # a title): page numbers and dates differ page to page, so digits count as one shape.
    need = max(2, (len(pages) + 1) // 2)
    out = []
    for rows in edges:
        found = set()
        for row in rows:
            repeated = [ln for ln in row if counts[_shape(ln)] >= need]
            found.update(repeated)
            rest = [ln for ln in row if ln not in repeated]
            if rest and all(_looks_like_margin(ln.text, title) for ln in rest) and (
                    repeated or any(not _same(ln.text, title) for ln in rest)):
                found.update(rest)
        out.append(found)
    return out


def _edge_rows(page: Page) -> list[list[Line]]:
    """Return the top and the bottom row of a page (lines sharing their vertical place)."""
    rows = _rows(sorted(page.lines, key=lambda ln: (ln.top, ln.x0)))
    # A head or a foot stands apart from a body: a page of one or two rows has no margin lines to spare.
    return [rows[0], rows[-1]] if len(rows) >= 3 else []


def _shape(line: Line) -> tuple[str, int]:
    return _DIGITS.sub("#", clean(line.text).lower()), round(line.top / 6)


def _same(a: str, b: str) -> bool:
    return bool(b) and " ".join(a.lower().split()) == " ".join(b.lower().split())


def _looks_like_margin(text: str, title: str) -> bool:
    text = clean(text)
    return bool(_PAGE_NUMBER.fullmatch(text) or _URL.match(text) or _DATE_TIME.match(text) or _same(text, title))


def _rows(lines: list[Line]) -> list[list[Line]]:
    """Group lines sorted by top into rows of lines that overlap vertically."""
    rows: list[list[Line]] = []
    bottom = 0.0
    for ln in lines:
        if rows and ln.top < bottom - 0.5:
            rows[-1].append(ln)
            bottom = max(bottom, ln.bottom)
        else:
            rows.append([ln])
            bottom = ln.bottom
    return rows


def columns(lines: list[Line]) -> list[list[Line]]:
    """Return the lines of a page in reading order, as runs of one column each (top to bottom, left to right)."""
    if not lines:
        return []
    heights = [ln.bottom - ln.top for ln in lines if ln.bottom > ln.top]
    gutter = 1.0 * (statistics.median(heights) if heights else 10.0)
    out: list[list[Line]] = []
    _order(lines, gutter, out, depth=0)
    return out


def _order(lines: list[Line], gutter: float, out: list[list[Line]], depth: int) -> None:
    """Cut a region into bands of one column layout, and each band at its gutters (a recursive XY cut)."""
    left, right = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    rows = _rows(sorted(lines, key=lambda ln: (ln.top, ln.x0)))
    band: list[list[Line]] = []
    gaps: list[tuple[float, float]] = []
    for row in rows:
        free = _free(row, left, right)
        if not band:
            band, gaps = [row], _inner(free, left, right, gutter)
            continue
        if gaps:
            kept = _wide(_intersect(gaps, free), gutter)
            if kept:
                band.append(row)
                gaps = kept
                continue
        elif not _inner(free, left, right, gutter):
            band.append(row)
            continue
        _emit(band, gaps, gutter, out, depth)
        band, gaps = [row], _inner(free, left, right, gutter)
    _emit(band, gaps, gutter, out, depth)


def _emit(band: list[list[Line]], gaps, gutter: float, out: list[list[Line]], depth: int) -> None:
    lines = [ln for row in band for ln in row]
    if not gaps or depth > 4:
        run = [ln for row in band for ln in sorted(row, key=lambda ln: ln.x0)]
        if out and out[-1] and not gaps and _continues_column(out[-1], run):
            out[-1].extend(run)
        else:
            out.append(run)
        return
    cuts = [(a + b) / 2 for a, b in gaps]
    parts: list[list[Line]] = [[] for _ in range(len(cuts) + 1)]
    for ln in lines:
        parts[sum(1 for c in cuts if (ln.x0 + ln.x1) / 2 > c)].append(ln)
    for part in parts:
        if part:
            _order(part, gutter, out, depth + 1)


def _continues_column(before: list[Line], run: list[Line]) -> bool:
    """Say whether a run of full-width lines goes on the column above it (one column broken into bands)."""
    return abs(before[0].x0 - run[0].x0) < 2 and abs(max(ln.x1 for ln in before) - max(ln.x1 for ln in run)) < 20


def _free(row: list[Line], left: float, right: float) -> list[tuple[float, float]]:
    spans = sorted((ln.x0, ln.x1) for ln in row)
    free, pos = [], left
    for a, b in spans:
        if a > pos:
            free.append((pos, a))
        pos = max(pos, b)
    if right > pos:
        free.append((pos, right))
    return free


def _inner(free, left: float, right: float, gutter: float) -> list[tuple[float, float]]:
    return [(a, b) for a, b in free if a > left + 0.5 and b < right - 0.5 and b - a >= gutter]


def _wide(gaps, gutter: float) -> list[tuple[float, float]]:
    return [(a, b) for a, b in gaps if b - a >= gutter]


def _intersect(gaps, free) -> list[tuple[float, float]]:
    out = []
    for a, b in gaps:
        for c, d in free:
            lo, hi = max(a, c), min(b, d)
            if hi > lo:
                out.append((lo, hi))
    return out


@dataclass
class _Para:
    lines: list[str]
    page: int


def _join(blocks_per_page: list[list[list[Line]]], removed) -> Laid:
    """Rebuild paragraphs from column runs of lines and join them into one text with page offsets."""
    paras: list[_Para] = []
    page_starts: list[tuple[int, int] | None] = []  # (paragraph, line) where each page's text starts
    open_end = False  # the last line seen leaves its paragraph open (a full line, or a hyphen)
    width = 0.0  # of the run before: a paragraph goes on from column to column of one width only
    for number, runs in enumerate(blocks_per_page, 1):
        page_starts.append(None)
        for run in runs:
            gap, height = _spacing(run)
            left = min(ln.x0 for ln in run)
            right = max(ln.x1 for ln in run)
            if abs((right - left) - width) > 0.15 * max(width, right - left) and len(run) > 1:
                open_end = bool(open_end and paras and paras[-1].lines[-1].endswith(_HYPHENS))
            width = right - left
            for k, ln in enumerate(run):
                text = clean(ln.text)
                if not text:
                    continue
                indented = ln.x0 > left + height * 0.8
                size = ln.bottom - ln.top
                if k == 0:
                    new = not (open_end or paras and text[:1].islower() and not paras[-1].lines[-1].endswith(
                        _ENDS)) or indented
                else:
                    prev = run[k - 1]
                    space = ln.top - prev.bottom
                    # A new paragraph: a wider gap, a first-line indent, or a change of type size (a headline).
                    resized = abs(size - (prev.bottom - prev.top)) > 0.2 * max(size, prev.bottom - prev.top)
                    # ... or a short line ending a sentence before it (the last line of a paragraph).
                    ended = prev.x1 < right - max(height * 3, (right - left) * 0.2) and clean(prev.text).endswith(_ENDS)
                    new = space > gap + height * 0.45 or (indented and prev.x0 <= left + height * 0.8) or resized \
                        or ended
                if new or not paras:
                    paras.append(_Para([text], number))
                else:
                    paras[-1].lines.append(text)
                if page_starts[-1] is None:
                    page_starts[-1] = (len(paras) - 1, len(paras[-1].lines) - 1)
                # A line that reaches the column's right edge leaves its paragraph open for the next column
                # or page; a lone line in its run has no edge to reach.
                full = len(run) > 1 and ln.x1 > right - max(height * 1.5, (right - left) * 0.12)
                open_end = text.endswith(_HYPHENS) or full or len(run) > 1 and not text.endswith(_ENDS)
    forms = _word_forms(paras)
    # A document that breaks words with a true hyphenation mark (U+2010, soft hyphen) keeps a plain "-"
    # at a line end: that one is part of a compound such as "so-called".
    soft = any(line.endswith(_SOFT_HYPHENS) for para in paras for line in para.lines)
    pieces, pos = [], 0
    starts: dict[tuple[int, int], int] = {}
    for i, para in enumerate(paras):
        if i:
            pieces.append("\n\n")
            pos += 2
        text = para.lines[0]
        starts[(i, 0)] = pos
        for k, line in enumerate(para.lines[1:], 1):
            text = _glue(text, line, forms, soft)
            starts[(i, k)] = pos + len(text) - len(line)
        pieces.append(text)
        pos += len(text)
    full_text = "".join(pieces)
    offsets = [len(full_text)] * len(page_starts)
    following = len(full_text)
    for k in range(len(page_starts) - 1, -1, -1):
        # A page without text starts where the next page with text does.
        first = page_starts[k]
        following = starts[first] if first is not None else following
        offsets[k] = following
    # A page that starts inside a hyphen-joined word starts where that word does; offsets never go back.
    for k in range(1, len(offsets)):
        offsets[k] = max(offsets[k], offsets[k - 1])
    return Laid(full_text, tuple(offsets), tuple(removed))


def _spacing(run: list[Line]) -> tuple[float, float]:
    """Return the usual gap between lines of a column run, and the usual line height."""
    heights = [ln.bottom - ln.top for ln in run if ln.bottom > ln.top] or [10.0]
    height = statistics.median(heights)
    gaps = [b.top - a.bottom for a, b in zip(run, run[1:]) if -height < b.top - a.bottom < 3 * height]
    # The lower quartile: most gaps are between lines of one paragraph, the wider ones between paragraphs.
    return (sorted(gaps)[len(gaps) // 4] if gaps else height * 0.3), height


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _word_forms(paras: list[_Para]) -> set[str]:
    """Return the lower-case words of the document, hyphenated compounds included, to tell hyphens apart."""
    forms: set[str] = set()
    for para in paras:
        for line in para.lines:
            forms.update(w.lower() for w in _WORD.findall(line))
    return forms


def _glue(text: str, line: str, forms: set[str], soft: bool = False) -> str:
    """Append a line to a paragraph: a word broken by a hyphen at the line end is joined again."""
    if text.endswith(_HYPHENS) and len(text) > 1 and text[-2].isalpha() and line[:1].islower():
        head = _WORD.findall(text[:-1])[-1:] or [""]
        tail = _WORD.findall(line)[:1] or [""]
        compound = f"{head[0]}-{tail[0]}".lower()
        # "well-\nknown" stays hyphenated when the document spells it so elsewhere and never as one word.
        if text[-1] == "-" and (soft or compound in forms and (head[0] + tail[0]).lower() not in forms):
            return text + line
        return text[:-1] + line
    if text.endswith(("—", "–")) and len(text) > 1 and text[-2].isalnum():
        return text + line  # "the debate–" broken after a dash glued to its word
    return text + " " + line
