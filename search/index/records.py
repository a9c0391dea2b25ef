"""Turn a document and its extraction into the records the index stores."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from .. import lexicon
from ..attribution import confidence, identity
from ..attribution.names import name_kind, titles_before
from ..extraction.extract import extract
from ..model import Document
from .schema import DOCUMENT, FRAGMENT, FULL, PARAGRAPH, QUOTE

FRAGMENT_WORDS = 2  # a quote of fewer words is a fragment whatever its kind ("objected")
_LOWER = re.compile(r"(?<![\w’'-])[a-z][a-z’'-]*")
_NAME = re.compile(r"(?<![\w’'-])[A-Z][\w’'-]*(?:[ -](?:(?:al|el|bin|ibn|de|del|da|di|du|la|le|van|von|der)[ -])?"
                   r"[A-Z][\w’'-]*)*")


def records(document: Document) -> tuple[list[dict[str, Any]], Counter]:
    """Return the index records of one document and the speakers it names (key, display, kind)."""
    extraction = extract(document)
    meta: dict[str, Any] = dict(doc=document.id, title=document.title, source=document.source, date=document.date,
                url=document.url, author=document.author, authors=list(document.authors) or None,
                language=document.language, genre=document.genre, media_url=document.media_url,
                month=_month(document.date))
    dropped = [(d.start, d.end, d.reason) for d in document.dropped] or None
    out: list[dict[str, Any]] = [dict(meta, id="doc:" + document.id, type=DOCUMENT, body=document.text,
                                      dropped=dropped, source_file=document.source_file or None)]
    for p in extraction.paragraphs:
        # No id term: a paragraph is found by doc and number, and a unique term per record is what
        # Whoosh's term table holds in memory until its segment is finished.
        out.append(dict(meta, type=PARAGRAPH, text=p.text, paragraph=p.number, start=p.start, end=p.end,
                        page=p.page, time=p.time))
    work = identity.work_of(document)
    spans = {p.number: (p.start, p.end) for p in extraction.paragraphs}
    quoted: dict[int, list] = {}
    common = set(_LOWER.findall(document.text))
    for q in extraction.quotes:
        quoted.setdefault(q.paragraph, []).append((q.start, q.end))
    # A paragraph's names are read once, however many quotes stand in it or after it.
    named = {number: names_outside(document.text, spans[number], quoted.get(number, ()), common)
             for number in {n for q in extraction.quotes for n in (q.paragraph - 1, q.paragraph) if n in spans}}
    for q in extraction.quotes:
        mention = document.text[q.speaker_start:q.speaker_end] if q.speaker_start is not None else ""
        out.append(dict(meta, id=q.id, type=QUOTE, quote_text=q.text, kind=q.kind, form=form(q.kind, q.text),
                        near=" … ".join([*names_in(mention),
                                         *named.get(q.paragraph - 1, ()), *named.get(q.paragraph, ())]),
                        paragraph=q.paragraph,
                        start=q.start, end=q.end, speaker=q.speaker, speaker_key=q.speaker_key,
                        mention=mention, role=q.role, cue=q.cue, speaker_start=q.speaker_start,
                        speaker_end=q.speaker_end, occurrence=q.occurrence, page=q.page, time=q.time,
                        confidence=q.confidence, uncertain="1" if confidence.uncertain(q.confidence) else None,
                        narrator_of=identity.narrator_key(work) if q.narrator and not q.speaker else None))
    return out, identity.tally(extraction.quotes, work)


def form(kind: str, text: str) -> str:
    """Say whether a quote is full (a sentence or more, or a turn) or a fragment quoted in passing (a partial or
    scare quote, or a single word)."""
    if kind in ("partial", "scare") or len(text.split()) < FRAGMENT_WORDS:
        return FRAGMENT
    return FULL


def names_outside(text: str, span: tuple[int, int], quotes, common: set) -> list[str]:
    """Return the people's names a paragraph gives outside its quote marks."""
    pos, end = span
    outside = []
    for q_start, q_end in sorted(quotes):
        outside.append(text[pos:max(pos, q_start)])
        pos = max(pos, q_end)
    outside.append(text[pos:end])
    return names_in(" … ".join(outside), common)


def names_in(text: str, common: frozenset | set = frozenset()) -> list[str]:
    """Return the runs of capitalised words of a text that are people's names: words that open sentences ("The",
    "Monday"), a lone word the document also writes in lower case ("Intelligence" beside "intelligence"), places
    and organisations aside."""
    out = []
    for run in _NAME.findall(text):
        name = _person_in(run)
        if name and not (" " not in name and name.lower() in common):
            out.append(name)
    return out


@lru_cache(maxsize=65536)
def _person_in(run: str) -> str:
    """Return the person's name a run of capitalised words holds, its opening words and titles dropped; "" if none."""
    stops = lexicon.name_stops()
    words = run.split()
    while words and words[0].strip("’'") in stops:
        words.pop(0)
    words = words[titles_before(words + ["_"]):]  # "Former President Barack Obama"
    if len(words) == 1 and (lexicon.titles_starting(words[0].lower()) or titles_before([words[0] + ".", "_"])):
        return ""  # "Sen", "Former": the start of a title, nobody's name
    if not words or name_kind(" ".join(words)) != "person":  # "Iran", "the Pentagon": quotes are near them
        return ""
    return " ".join(words)


def _month(date: str) -> str:
    """Return the YYYY-MM of an ISO date, or "" when the date is not one."""
    return date[:7] if len(date) >= 7 and date[:4].isdigit() and date[4] == "-" and date[5:7].isdigit() else ""


def settled(rec: dict[str, Any], aliases: dict, grouped: dict) -> dict[str, Any]:
    """Give a waiting quote record its group and its speaker merged across the corpus (every engine's build)."""
    if rec["id"] in grouped:  # a quote found in one source only has no group term (see query.record)
        rec["group"], rec["group_size"] = grouped[rec["id"]]
    narrator = rec.pop("narrator_of", "")  # a nameless narrator's line: the work's other parts may name them
    rec["speaker_key"], rec["speaker"] = identity.settle(rec.get("speaker_key", ""), rec.get("speaker", ""),
                                                         narrator, aliases)
    if not rec["speaker_key"]:  # no name found: no confidence in one
        for field in ("speaker_key", "speaker", "confidence", "uncertain"):
            rec.pop(field, None)
    elif rec.get("speaker"):
        # Decided here, with the name the index serves, so that the read side needs no name rules.
        rec["speaker_kind"] = name_kind(rec["speaker"])
        # The name served counts twice among the names near the quote: a search by it ranks the quote
        # above others of the paragraph that only mention the person.
        named = " … ".join(names_in(rec["speaker"]))  # a person's name, not "Former" nor a body
        rec["near"] = " … ".join([named, named, rec.get("near", "")])
    return rec
