"""Turn a document and its extraction into the records the index stores."""
from __future__ import annotations

from collections import Counter
from typing import Any

from ..attribution import confidence, identity
from ..attribution.names import name_kind
from ..extraction.extract import extract
from ..model import Document
from .schema import DOCUMENT, PARAGRAPH, QUOTE


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
    for q in extraction.quotes:
        mention = document.text[q.speaker_start:q.speaker_end] if q.speaker_start is not None else ""
        out.append(dict(meta, id=q.id, type=QUOTE, quote_text=q.text, kind=q.kind, paragraph=q.paragraph,
                        start=q.start, end=q.end, speaker=q.speaker, speaker_key=q.speaker_key,
                        mention=mention, role=q.role, cue=q.cue, speaker_start=q.speaker_start,
                        speaker_end=q.speaker_end, occurrence=q.occurrence, page=q.page, time=q.time,
                        confidence=q.confidence, uncertain="1" if confidence.uncertain(q.confidence) else None,
                        narrator_of=identity.narrator_key(work) if q.narrator and not q.speaker else None))
    return out, identity.tally(extraction.quotes, work)


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
    return rec
