"""Read caption files (.vtt WebVTT, .srt SubRip): cues merged into speaker turns, each with its start time.

The speaker comes from a WebVTT voice tag (`<v Chris Wallace>`), a `NAME:` prefix, or a broadcast
`>> NAME:` change mark; a cue without one goes on the turn before it. The document's text is one
paragraph per turn, `Name: words`, so the label stands in the text. Broken timestamps and
overlapping cues are reported; their words are kept.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Iterator

from ..model import Document, Turn
from .transcripts import not_labels, seconds

SUFFIXES = (".vtt", ".srt")
GENRE = "captions"

_TIMING = re.compile(r"^\s*(?P<a>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*(?P<b>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})")
_ARROW = re.compile(r"-->")
_VOICE = re.compile(r"<v(?:\.[\w.\-]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d[\d:.]*>")
_PREFIX = re.compile(r"^(?:>>+\s*)?(?P<label>(?:[A-Z][\w'’.\-]*|[A-Z][A-Z'’.\-]+)(?:[ \t]+[A-Z][\w'’.\-]*){0,4})"
                     r"\s*:\s+")
_CHANGE = re.compile(r"^>>+\s*")


def read(source) -> Iterator[Document]:
    """Yield the document of a caption file, or report why it cannot be read."""
    text = source.read_text()
    if text is None:
        return
    cues, title, problems = parse(text, source.path.suffix.lower() == ".vtt")
    for line, reason in problems:
        source.skip(reason, f"{source.path}:{line}")
    if not cues:
        source.skip("no caption cues")
        return
    body, turns = compose(cues)
    yield source.document(body, turns=turns, genre=GENRE, title=title or _title_of(source.path))


def parse(text: str, vtt: bool = True) -> tuple[list[tuple[float | None, str, str]], str, list[tuple[int, str]]]:
    """Return the cues as (start seconds, speaker label, words), the file's title, and (line, problem) pairs."""
    blocks = re.split(r"\n[ \t]*\n", text.strip("\n"))
    title = ""
    cues: list[tuple[float | None, str, str]] = []
    problems: list[tuple[int, str]] = []
    line_no = 1
    last_end = None
    overlaps = 0
    first_overlap = 0
    for block in blocks:
        lines = block.split("\n")
        number = line_no
        line_no += block.count("\n") + 2
        head = lines[0].strip()
        if vtt and head.startswith("WEBVTT"):
            title = head[6:].strip(" -\t")
            continue
        if vtt and head.split(" ", 1)[0] in ("NOTE", "STYLE", "REGION"):
            continue
        k = next((i for i, ln in enumerate(lines[:3]) if _ARROW.search(ln)), None)
        if k is None:
            words = " ".join(ln.strip() for ln in lines if ln.strip())
            if words and not (len(lines) == 1 and head.isdigit()):
                problems.append((number, "caption block without a timing line: its words are kept without a time"))
                cues.append((None, *_speaker(_clean(words))))
            continue
        timing = _TIMING.match(lines[k])
        words = _clean(" ".join(ln.strip() for ln in lines[k + 1:] if ln.strip()))
        start = cues[-1][0] if cues else None
        if not timing:
            problems.append((number + k, f"broken timestamp {lines[k].strip()[:60]!r}: "
                                         "its words are kept, timed as the cue before"))
        else:
            # The timing pattern matched, so both stamps are there and read as seconds.
            start, end = seconds(timing.group("a")) or 0.0, seconds(timing.group("b")) or 0.0
            if last_end is not None and start < last_end - 0.001:
                overlaps += 1
                first_overlap = first_overlap or number + k
            last_end = max(end, last_end or 0.0)
        if words:
            cues.append((start, *_speaker(words, lines[k + 1:])))
    if overlaps:
        starts = "1 cue starts" if overlaps == 1 else f"{overlaps} cues start"
        problems.append((first_overlap, f"{starts} before the one before ends (overlapping cues): kept in file order"))
    return cues, title, problems


def _speaker(words: str, raw_lines: list[str] | None = None) -> tuple[str, str]:
    """Return (label, words) of a cue: a voice tag or a NAME: prefix names the speaker; a bare >> changes it."""
    raw = " ".join(raw_lines or [])
    voice = _VOICE.search(raw)
    if voice:
        return " ".join(voice.group(1).split()), words
    m = _PREFIX.match(words)
    if m and m.group("label").lower().rstrip(".") not in not_labels():
        return m.group("label"), words[m.end():]
    if _CHANGE.match(words):
        return "\x00", _CHANGE.sub("", words)  # a new, unnamed speaker
    return "", words


def _clean(words: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", words)).split())


def compose(cues: list[tuple[float | None, str, str]]) -> tuple[str, tuple[Turn, ...]]:
    """Merge consecutive cues of one speaker into turns and write them out, one paragraph each."""
    merged: list[list] = []  # [time, label, [words]]
    for time, label, words in cues:
        words = _clean(words)
        if not words:
            continue
        if merged and (label == "" or label == merged[-1][1]):
            last = merged[-1]
            if not last[2] or words != last[2][-1]:  # roll-up captions repeat the line before
                last[2].append(words)
            if last[0] is None:
                last[0] = time
            continue
        merged.append([time, label, [words]])
    pieces: list[str] = []
    turns: list[Turn] = []
    pos = 0
    for time, label, words in merged:
        shown = "" if label == "\x00" else label
        prefix = f"{shown}: " if shown else ""
        body = " ".join(words)
        if pieces:
            pieces.append("\n\n")
            pos += 2
        start = pos + len(prefix)
        turns.append(Turn(start, start + len(body), shown, pos if shown else None,
                          pos + len(shown) if shown else None, time))
        pieces.append(prefix + body)
        pos += len(prefix) + len(body)
    return "".join(pieces), tuple(turns)


def _title_of(path: Path) -> str:
    name = path.name
    for suffix in SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[:-len(suffix)]
    return " ".join(re.split(r"[-_\s]+", name)).strip() or name
