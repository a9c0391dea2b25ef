"""Attribute quotes to speakers: find the mention and cue, resolve the name, key the speaker.

`attribute` is the one entry point; extraction calls it and the indexer merges its keys across
documents with `identity.merge_keys`.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Mention, Paragraph
from ..quotes import Span
from . import identity, names, rules
from .tokens import mask_quotes, sentence_bounds


@dataclass(frozen=True)
class Speaker:
    """Who a quote is attributed to: the mention it rests on, the cue, and the resolved name and key."""

    mention: Mention
    cue: str
    kind: str  # person | group | thing | writer
    name: str = ""  # the name shown, without titles; "" when a pronoun resolves to nobody
    role: str = ""
    key: str = ""
    rule: str = ""  # the reading rule the attribution rests on


def attribute(doc_id: str, text: str, paragraphs: tuple[Paragraph, ...], spans: list[Span]) -> dict[Span, Speaker]:
    """Return the speaker of every quoted span that has one."""
    by_para: dict[int, list[Span]] = {}
    for span in spans:
        by_para.setdefault(span.paragraph, []).append(span)
    found: dict[Span, rules.Attribution] = {}
    for para in paragraphs:
        own = by_para.get(para.number, [])
        if not own:
            continue
        masked = mask_quotes(text, own, para.start, para.end)
        bounds = sentence_bounds(masked)
        for span in own:
            attribution = rules.attribute_span(text, masked, para.start, bounds, span)
            if attribution:
                found[span] = attribution
    rules.inherit(text, paragraphs, spans, by_para, found)
    return _resolve(doc_id, text, spans, found)


def _resolve(doc_id: str, text: str, spans: list[Span], found: dict) -> dict[Span, Speaker]:
    table = names.NameTable(text)
    history: list[tuple[int, str, str]] = []
    out = {}
    for span in spans:
        attribution = found.get(span)
        if not attribution:
            continue
        mention = attribution.mention
        name = names.resolve(mention, attribution.kind, mention.start, table, history)
        role, key = mention.role, ""
        if name:
            role_in_name, bare = names.strip_titles(name)
            name, role = bare, role or role_in_name
            key = identity.speaker_key(name, doc_id)
            if not mention.pronoun:
                history.append((mention.start, name, attribution.kind))
        out[span] = Speaker(mention, attribution.cue, attribution.kind, name, role, key, attribution.rule)
    return out
