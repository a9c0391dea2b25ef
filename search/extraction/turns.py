"""Make the speaker turns of a transcript or caption file into quotes of kind `turn`, and time their paragraphs."""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import replace
from typing import Callable

from ..attribution.names import strip_titles
from ..model import Document, Paragraph, Quote, Turn
from ..ids import normalise, quote_id
from ..text import paragraphs as paragraphs_mod

# Labels that name a part, not a person ("The CHAIRMAN", "MODERATOR", "Speaker 2"): their key stays in
# their document, since the chairman of one hearing is not the chairman of another.
_ROLE_WORDS = frozenset({
    "the", "moderator", "moderators", "chairman", "chairwoman", "chair", "speaker", "presiding", "officer", "clerk",
    "audience", "member", "members", "unidentified", "unknown", "male", "female", "man", "woman", "voice", "voices",
    "reporter", "reporters", "question", "questioner", "participant", "announcer", "narrator", "interpreter",
    "translator", "operator", "host", "co-host", "panelist", "crowd", "protester", "protesters", "crosstalk",
    "multiple", "speakers", "witness", "interviewer", "pro", "tempore", "several", "all", "off", "camera", "mic",
    "president", "senator", "vice", "representative", "secretary", "governor", "mayor", "judge", "justice",
})
_MIXED_WORD = re.compile(r"\b(?:Mc|Mac|O['’]|D['’])?[A-Z][a-z]*[A-Z]?[a-z]+[\w'’\-]*")


def quotes(document: Document, paragraphs: tuple[Paragraph, ...], seen: Counter,
           speaker_key: Callable[[str, str], str]) -> list[Quote]:
    """Return one quote of kind `turn` per labelled turn, attributed to the label's speaker."""

    text = document.text
    spellings = _spellings(text) if any(_is_caps(t.label) for t in document.turns) else {}
    out = []
    for turn in document.turns:
        if not turn.label or turn.end <= turn.start:
            continue
        name, role = speaker(turn.label, spellings)
        if not name:
            continue
        generic = all(w.lower().strip(".") in _ROLE_WORDS or w.isdigit() for w in name.split())
        # A part such as "The Chairman" gets a key of this document: the lower-case form says so.
        key = speaker_key(name.lower() if generic else name, document.id)
        words = text[turn.start:turn.end]
        norm = normalise(words)
        seen[norm] += 1
        para = paragraphs_mod.locate(paragraphs, turn.start)
        out.append(Quote(
            doc=document.id, start=turn.start, end=turn.end, text=words, kind="turn",
            paragraph=para.number if para else 1, speaker=name, speaker_key=key, speaker_start=turn.label_start,
            speaker_end=turn.label_end, role=role, occurrence=seen[norm], id=quote_id(document.id, norm, seen[norm]),
            page=paragraphs_mod.page_at(document.pages, turn.start), time=turn.time, confidence=1.0,
        ))
    return out


def speaker(label: str, spellings: dict[str, str] | None = None) -> tuple[str, str]:
    """Return (name, role) of a speaker label: "PRESIDENT DONALD J. TRUMP" → ("Donald J. Trump", "President")."""
    words = label.strip().rstrip(":.").split()
    if _is_caps(label):
        words = [_name_case(w, spellings or {}) for w in words]
    label = " ".join(words)
    label = re.sub(r"\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?$", "", label)  # "Ms. Ocasio-Cortez of New York"
    role, name = strip_titles(label)
    if name.lower() in ("the", "") or name.isdigit() or all(w.lower() in _ROLE_WORDS for w in name.split()) and role:
        return label, ""  # "The Chairman", "Vice President": the part is the name
    return name, role


def timed(paragraphs: tuple[Paragraph, ...], turns: tuple[Turn, ...]) -> tuple[Paragraph, ...]:
    """Return the paragraphs with the time of the turn each belongs to."""
    if not turns or all(t.time is None for t in turns):
        return paragraphs
    starts = [t.label_start if t.label_start is not None else t.start for t in turns]
    out = []
    for p in paragraphs:
        k = bisect.bisect_right(starts, p.end - 1) - 1
        turn = turns[k] if k >= 0 else None
        if turn is not None and turn.time is not None and p.start < max(turn.end, starts[k] + 1):
            out.append(replace(p, time=turn.time))
        else:
            out.append(p)
    return tuple(out)


def _is_caps(label: str) -> bool:
    """Say whether a label is written in capitals, its titles aside: "Mr. JORDAN", "The CHAIRMAN", "CHRIS WALLACE"."""
    words = label.split()
    if "of" in words:
        words = words[:words.index("of")]  # "Ms. OCASIO-CORTEZ of New York": the state is written as usual
    core = [w for w in words if sum(c.isalpha() for c in w) >= 2 and not w.endswith(".") and w not in _TITLE_CASE]
    return bool(core) and all(w.isupper() or re.fullmatch(r"(?:Mc|Mac)[A-Z'’\-]+", w) for w in core)


_TITLE_CASE = frozenset({"The", "Madam", "Miss", "Chairman", "Chairwoman", "Chair", "Senator", "President", "Vice",
                         "Representative", "Secretary", "Governor", "Mayor", "Judge", "Justice", "Speaker",
                         "Ambassador", "General", "Admiral", "pro", "tempore"})


def _name_case(word: str, spellings: dict[str, str]) -> str:
    """Write a capitalised label word as names are written, preferring the document's own spelling."""
    if not word.isupper() and not re.fullmatch(r"(?:Mc|Mac)[A-Z'’\-]+", word):
        return word
    found = spellings.get(word.lower().rstrip("."))
    if found:
        return found + ("." if word.endswith(".") else "")
    out = "-".join(_case_part(p) for p in word.split("-"))
    return out


def _case_part(part: str) -> str:
    low = part.lower()
    if low.startswith("mc") and len(low) > 3:
        return "Mc" + low[2:].capitalize()
    if len(low) > 2 and low[1] in "'’":
        return low[0].upper() + low[1] + low[2:].capitalize()
    return low.capitalize()


def _spellings(text: str) -> dict[str, str]:
    """Map lower-case words to their most common mixed-case spelling in the text ("mccain" → "McCain")."""
    counts: Counter = Counter(m.group() for m in _MIXED_WORD.finditer(text))
    out: dict[str, str] = {}
    for word, _ in counts.most_common():
        out.setdefault(word.lower(), word)
    return out
