"""Find the speaker turns of a plain-text transcript: pure functions over text, no flag needed.

Label styles recognised at the start of a line:
- `CHRIS WALLACE: Good evening…` (capitals and a colon, as networks and debate commissions write);
- `Mr. JORDAN. I thank…`, `The CHAIRMAN. …` (the Congressional Record);
- `Chris Wallace: (01:20)` (Rev) or `Chris Wallace  1:20` (Otter) on a line of its own, words below;
- `[00:41:07] CHRIS WALLACE: …` or `Chris Wallace: …` with a time before it, or mixed-case
  `Chris Wallace: …` when the same label comes back.
A text is a transcript only when labels open a fair share of its lines and more than one speaker,
or a timed speaker, takes turns: an article with one "Q:" line, or three "UPDATE:" lines, is not.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from ..model import Turn

MIN_TURNS = 3
MIN_SHARE = 0.2  # of the non-blank lines from the first label on, how many must open a turn
MAX_LABEL = 60
MAX_PREAMBLE = 10  # non-blank lines before the first label, beyond which the text must be mostly turns

_TIME = r"(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)"
_TITLE = (r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof|Rev|Hon|Lt|Col|Sgt|Capt|Amb|Adm)\.|Miss|Madam|Senator|"
          r"Representative|Chairman|Chairwoman|Chair|President|Vice President|Secretary|Governor|Mayor|Judge|"
          r"Justice|Speaker|Ambassador|General|Admiral|The)")
# A capitalised word as labels write it: CHRIS, O'ROURKE, OCASIO-CORTEZ, McCAIN, J.
_UP = "A-ZÀ-ÖØ-Þ\u0100-\u017f"  # capitals, accented ones too (Latin Extended-A holds both cases)
_CAPS_WORD = rf"(?:Mc|Mac|O['’]|D['’])?[{_UP}][{_UP}'’.\-]*"
_NAME_WORD = rf"[{_UP}][\w'’.\-]*"
_STAMP = rf"[\[(]?{_TIME}[\])]?"
_LINE_LABEL = rf"{_NAME_WORD}(?:[ \t]+[\w'’.\-]+){{0,5}}?"

_PATTERNS = (
    # Chris Wallace: (01:20) / Chris Wallace  1:20 — alone on their line, the words below (Rev, Otter).
    ("line", re.compile(
        rf"^[ \t]*(?P<label>{_LINE_LABEL})[ \t]*(?::[ \t]*|[ \t]{{2,}}|[ \t]+(?=[\[(])){_STAMP}[ \t]*\n(?=[ \t]*\S)",
        re.M)),
    # (01:20) Chris Wallace: — the time first, alone on the line.
    ("line", re.compile(rf"^[ \t]*{_STAMP}[ \t]+(?P<label>{_LINE_LABEL})[ \t]*:?[ \t]*\n(?=[ \t]*\S)", re.M)),
    # [00:41:07] CHRIS WALLACE: words / CHRIS WALLACE: words / PRESIDENT TRUMP: words
    ("caps", re.compile(
        rf"^[ \t]*(?:{_STAMP}[ \t]+)?(?P<label>(?:{_TITLE}\s+)?{_CAPS_WORD}"
        rf"(?:[ \t]+(?:{_CAPS_WORD}|of|pro|tempore)){{0,5}})[ \t]*:[ \t]+(?=\S)", re.M)),
    # Mr. JORDAN. words / The CHAIRMAN. words / Ms. OCASIO-CORTEZ of New York. words
    ("record", re.compile(
        rf"^[ \t]*(?P<label>{_TITLE}\s+[{_UP}][{_UP}'’\-]+(?:[ \t]+[{_UP}][{_UP}'’\-]+){{0,3}}"
        r"(?:[ \t]+pro tempore)?(?:[ \t]+of[ \t]+[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)?)\.[ \t]+(?=\S)", re.M)),
    # (01:20) Chris Wallace: words / Chris Wallace: words — mixed case, trusted only when the label comes back.
    ("mixed", re.compile(
        rf"^[ \t]*(?:{_STAMP}[ \t]+)?(?P<label>(?:{_TITLE}\s+)?{_NAME_WORD}"
        rf"(?:[ \t]+(?:{_NAME_WORD}|de|van|von|da|of|bin|al)){{0,4}})[ \t]*:[ \t]+(?=\S)", re.M)),
)


@lru_cache(maxsize=None)
def not_labels() -> frozenset[str]:
    """Return the words that open a line with a colon without naming a speaker ("Update:", "Editor's note:")."""
    text = resources.files("search").joinpath("data", "not_speakers.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def seconds(stamp: str | None) -> float | None:
    """Return "01:20" or "1:02:03.5" in seconds, or None."""
    if not stamp:
        return None
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


def _labels(text: str) -> list[tuple[int, int, int, int, str, float | None, str]]:
    """Return every label candidate: (line start, words start, label start, label end, label, time, style)."""
    found: dict[int, tuple] = {}
    for style, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            group = "label"
            label = m.group(group)
            if not label or len(label) > MAX_LABEL or m.start() in found:
                continue
            bare = label.strip().rstrip(".:").strip()
            if len(re.sub(r"[^A-Za-z]", "", bare)) < 2 or bare.lower() in not_labels():
                continue
            if style == "mixed" and bare.isupper():
                continue
            stamp = m.groupdict().get("time")
            a, b = m.start(group), m.start(group) + len(bare)
            found[m.start()] = (m.start(), m.end(), a, b, bare, seconds(stamp), style)
    return [found[k] for k in sorted(found)]


def turns(text: str) -> tuple[Turn, ...]:
    """Return the speaker turns of a transcript, or () when the text is not one."""
    labels = _labels(text)
    counts: dict[str, int] = {}
    for *_, label, _t, style in labels:
        counts[label.lower()] = counts.get(label.lower(), 0) + 1
    # A mixed-case "Name: words" line is a label only when the name comes back, as speakers do.
    labels = [lb for lb in labels if lb[6] != "mixed" or counts[lb[4].lower()] >= 2 or lb[5] is not None]
    if len(labels) < MIN_TURNS:
        return ()
    speakers = {lb[4].lower() for lb in labels}
    timed = any(lb[5] is not None for lb in labels)
    if len(speakers) < 2 and not timed:
        return ()
    lines = sum(1 for line in text[labels[0][0]:].splitlines() if line.strip())
    before = sum(1 for line in text[:labels[0][0]].splitlines() if line.strip())
    # Labels open a fair share of the lines, and the text does not run long before the first one (an
    # article that ends with a few lines of dialogue is still an article).
    if len(labels) < MIN_SHARE * lines or before > max(MAX_PREAMBLE, lines):
        return ()
    out = []
    for k, (line_start, words_start, a, b, label, time, style) in enumerate(labels):
        end = labels[k + 1][0] if k + 1 < len(labels) else len(text)
        start = words_start
        while start < end and text[start].isspace():
            start += 1
        stop = end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        out.append(Turn(start, stop, label, a, b, time))
    return tuple(out)
