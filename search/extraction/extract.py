"""Compose paragraphs, quotes and speakers into one extraction per document."""
from __future__ import annotations

import pickle
import tempfile
from collections import Counter
from dataclasses import replace
from typing import Callable, Iterable, Iterator

from ..text import paragraphs as paragraphs_mod
from ..text import quotes as quotes_mod
from . import turns as turns_mod
from ..attribution import attribute, identity
from ..attribution.rule_names import OWN_CUE_RULES
from ..model import Document, Extraction, Quote
from ..ids import normalise, quote_id  # noqa: F401  (part of extract's interface)


def extract(document: Document) -> Extraction:
    """Split a document into paragraphs and quotes, each quote with its speaker where one is found."""
    text = document.text
    paras = turns_mod.timed(paragraphs_mod.split(text, document.dropped, document.pages), document.turns)
    spans = quotes_mod.find(text, paras)
    speakers = attribute(document.id, text, paras, spans, document.genre, document.authors)
    by_para = quotes_mod.by_paragraph(spans)
    seen: Counter[str] = Counter()
    out = []
    for span in spans:
        para = paras[span.paragraph - 1]
        who = speakers.get(span)
        alone = quotes_mod.alone_in_paragraph(text, by_para[span.paragraph], para.start, para.end)
        kind = quotes_mod.kind(text, span, para.start, attributed=who is not None,
                               own_cue=who is not None and who.rule in OWN_CUE_RULES, alone=alone)
        words = text[span.start:span.end]
        norm = normalise(words)
        seen[norm] += 1
        quote = Quote(doc=document.id, start=span.start, end=span.end, text=words, kind=kind, paragraph=span.paragraph,
                      occurrence=seen[norm], id=quote_id(document.id, norm, seen[norm]), time=para.time,
                      page=paragraphs_mod.page_at(document.pages, span.start))
        if who and kind != "scare":
            quote = _with_speaker(quote, who)
        out.append(quote)
    if document.turns:  # a transcript: each speaker's turn is a quote of its own, beside the quotes inside it
        turns = turns_mod.quotes(document, paras, seen, identity.speaker_key)
        out = sorted(out + turns, key=lambda q: (q.start, -q.end))
    return Extraction(document, paras, tuple(out))


def extract_corpus(documents: Iterable[Document]) -> Iterator[Extraction]:
    """Extract every document, then give each speaker the key the index serves for the same corpus."""
    # Keys merge across the whole corpus (the indexer runs the same step), so extractions wait on disk
    # until every document has been read.
    names: Counter = Counter()
    count = 0
    with tempfile.TemporaryFile() as spill:
        for document in documents:
            extraction = extract(document)
            names.update(identity.tally(extraction.quotes, identity.work_of(document)))
            pickle.dump(extraction, spill, pickle.HIGHEST_PROTOCOL)
            count += 1
        aliases = identity.merge_keys(names)
        spill.seek(0)
        for _ in range(count):
            extraction = pickle.load(spill)
            narrator = identity.narrator_key(identity.work_of(extraction.document))
            quotes = tuple(_merged(q, aliases, narrator) for q in extraction.quotes)
            yield replace(extraction, quotes=quotes)


def corpus_extractor(documents: Iterable[Document]) -> Callable[[Document], Extraction]:
    """Extract a corpus as the index serves it, and return a lookup of each document's extraction."""
    extracted = {e.document.id: e for e in extract_corpus(documents)}
    return lambda document: extracted[document.id]


def _merged(quote: Quote, aliases: dict, narrator: str) -> Quote:
    """Return a quote with the speaker the corpus serves (see identity.settle)."""
    key, name = identity.settle(quote.speaker_key, quote.speaker, narrator if quote.narrator and not quote.speaker
                                else "", aliases)
    if not key:  # no name found: no confidence in one
        return replace(quote, speaker_key="", speaker="", confidence=None) if quote.speaker_key or \
            quote.confidence is not None else quote
    return replace(quote, speaker_key=key, speaker=name)


def _with_speaker(quote: Quote, who) -> Quote:
    mention = who.mention
    return replace(quote, speaker=who.name, speaker_key=who.key, speaker_start=mention.start if mention else None,
                   speaker_end=mention.end if mention else None, cue=who.cue, role=who.role,
                   confidence=who.confidence, narrator=who.narrator)
