"""Attribute quotes to speakers: find the mention and cue, resolve the name, key the speaker.

`attribute` is the one entry point; extraction calls it and the indexer merges its keys across
documents with `identity.merge_keys`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model import Mention, Paragraph
from .. import lexicon
from ..text.quotes import Span, by_paragraph
from . import (candidates, choose, confidence, coreference, descriptions, dialogue, identity, inherit, mentions, names,
               rules, shown, sieve)
from .tokens import mask_quotes, sentence_bounds


@dataclass(frozen=True)
class Speaker:
    """Who a quote is attributed to: the mention it rests on, the cue, and the resolved name and key."""

    mention: Mention | None  # None for a line of dialogue whose speaker no words of the text name
    cue: str
    kind: str  # person | group | thing | writer
    name: str = ""  # the name shown, without titles; "" when a pronoun resolves to nobody
    role: str = ""
    key: str = ""
    rule: str = ""  # the reading rule the attribution rests on
    margin: float | None = None  # for a pronoun: how far its referent led the next one in salience
    confidence: float | None = None  # how likely the name shown is right, 0 to 1
    narrator: bool = False  # the line is the first-person narrator's ("I said"), whether or not named
    chance: float | None = None  # where fitted weights chose the name: the chance they gave it


def attribute(doc_id: str, text: str, paragraphs: tuple[Paragraph, ...], spans: list[Span],
              genre: str = "", authors: tuple[str, ...] = (), proposed: dict | None = None,
              weights: list | None = None) -> dict[Span, Speaker]:
    """Return the speaker of every quoted span that has one; `genre` "fiction" reads dialogue as novels write it.

    `authors` are the document's own: outside fiction, "I" is its one author where it names one. In
    fiction the fitted stages of weights (or `weights`) choose among the candidates each quote has;
    `proposed`, if given, receives the candidates as the last stage left them (what `search fit-speakers`
    learns the next stage from).
    """
    by_para = by_paragraph(spans)
    found: dict[Span, rules.Attribution] = {}
    for para in paragraphs:
        own = by_para.get(para.number, [])
        if not own:
            continue
        masked = mask_quotes(text, own, para.start, para.end)
        bounds = sentence_bounds(masked)
        for span in own:
            attribution = sieve.attribute_span(text, masked, para.start, bounds, span)
            if attribution:
                found[span] = attribution
    talk = dialogue.conversations(text, paragraphs, by_para, fiction=genre == "fiction")
    # Novels alternate speakers from one paragraph to the next, so no quote-only paragraph takes its
    # neighbour's speaker there; elsewhere only the lines of a conversation are kept from doing so.
    talking = {p.number for p in paragraphs} if genre == "fiction" else {n for run in talk for n in run}
    inherit.inherit(text, paragraphs, spans, by_para, found, talking, fiction=genre == "fiction")
    table = names.NameTable(text, fiction=genre == "fiction")
    refs = _with_speakers(mentions.find(text, paragraphs, by_para, _needing_references(found, genre)), found)
    margins: dict[int, float] = {}
    lines: dict = {}  # each pronoun cue's quotes: the one spoken to in them is not the one speaking
    for span, a in found.items():
        if a.mention.pronoun:
            lines.setdefault(a.mention.start, []).append((span.start, span.end))
    entities = coreference.resolve(refs, table, [(a.mention.start, a.mention.end) for a in found.values()], margins,
                                   fiction=genre == "fiction", lines=lines)
    fiction = genre == "fiction"
    speakers = _resolve(doc_id, text, spans, found, table, entities, margins, fiction)
    if fiction:
        _name_the_narrator(doc_id, speakers, refs, entities)
    else:  # "I always tell my clients: “…”" in a post by one author is that author's
        _name_the_writer(doc_id, speakers, authors)

    def make(name: str, mention, rule: str) -> Speaker:
        bare, role, key = _naming(name, doc_id, text) if name else ("", "", "")
        # A nameless turn is the first-person narrator's: in a story the corpus may name them from other parts.
        return Speaker(mention, "", "person", bare, role, key, rule, narrator=fiction and not name)

    dialogue.fill(talk, paragraphs, by_para, speakers, refs, entities, make)
    if fiction:  # each stage of weights chooses again, seeing the turns around each line as the last one left them
        scene = candidates.Scene(text, paragraphs, by_para, speakers, refs, entities)
        for stage in choose.stages() if weights is None else weights:
            choose.apply(candidates.propose(scene), speakers, make, stage)
        if proposed is not None:
            proposed.update(candidates.propose(scene))
    return {span: _confident(who, genre) for span, who in speakers.items()}


def _confident(who: Speaker, genre: str) -> Speaker:
    """Return the speaker with its calibrated confidence, where a name is shown or the narrator speaks."""
    if not who.name and not who.narrator:
        return who
    bucket = confidence.features(genre, who.rule, who.mention, who.margin, who.chance)
    return replace(who, confidence=confidence.score(bucket))


def _naming(name: str, doc_id: str, text: str = "") -> tuple[str, str, str]:
    """Return a name shown without its titles, the titles as its role, and its speaker key."""
    role, bare = names.strip_titles(name)
    if text and bare[:1].isupper():
        glued, bare = shown.split_name(bare, text)
        role = " ".join(w for w in (role, glued) if w)
        role, bare = names.strip_titles(bare) if not glued else (role, bare)
    return bare, names.clean_role(role), identity.speaker_key(bare, doc_id) if bare else ""


def _resolve(doc_id: str, text: str, spans: list[Span], found: dict, table, entities, margins,
             fiction: bool = False) -> dict[Span, Speaker]:
    out: dict[Span, Speaker] = {}
    for span in spans:
        attribution = found.get(span)
        if not attribution:
            continue
        mention = attribution.mention
        shown_name = _name_of(text, mention, attribution.kind, table, entities)
        described = "" if fiction or mention.pronoun else descriptions.named(text, mention.start, mention.end,
                                                                            attribution.kind)
        name, role, key = _naming(described or shown_name, doc_id, text)
        if shown.never_a_speaker(name, text):
            if not mention.pronoun:
                continue  # "Video: …", "One campaign video featured …": no one speaks there
            name, role, key = "", "", ""
        role = names.clean_role(mention.role) or (names.clean_role(shown_name) if described else "") or role
        earlier = None if fiction or described or mention.pronoun \
            else _last_named(text, spans, out, span, mention.start)
        if earlier is not None and descriptions.stands_for(mention.text, name, earlier.name,
                                                           names.name_kind(earlier.name)):
            role, (name, _, key) = mention.text, (earlier.name, "", earlier.key)
        margin = margins.get(mention.start) if mention.pronoun else None
        out[span] = Speaker(mention, attribution.cue, attribution.kind, name, role, key, attribution.rule, margin)
    return out


def _last_named(text: str, spans: list[Span], out: dict, span: Span, at: int) -> Speaker | None:
    """Return the named speaker of the quote before `span` when no one else is named between them.

    Between the earlier speaker's mention and the quote, outside quotes, no capitalised word but one
    that opens a sentence may stand: "Van Der Beek said. “…,” said the actor" but not "… Obama … the announcer".
    """
    last = next(reversed(out), None)
    if last is None or span.paragraph - last.paragraph > 1 or not out[last].name or out[last].mention is None:
        return None
    if text[last.start:last.end].rstrip().endswith("?"):
        return None  # "“Who will pay?” Trump asked. “Mexico!” the audience screamed": a question is answered by another
    a, b = out[last].mention.end, at
    if out[last].mention.start == at:
        return out[last]  # "“…,” said the actor. “…”": the same mention, already linked
    if a >= b:
        return None
    between = list(text[a:b])
    for other in spans:
        if other.open_at < b and other.close_at > a:
            for k in range(max(other.open_at, a), min(other.close_at + 1, b)):
                between[k - a] = " "
    gap = "".join(between)
    for word in re.finditer(r"[^\W\d_][\w’'-]*", gap):
        if word.group()[:1].isupper() and gap[:word.start()].rstrip()[-1:] not in ("", ".", "!", "?"):
            return None
    return out[last]


# Paragraphs before a pronoun's quote whose references it may reach (the pronoun looks 15 sentences back).
PRONOUN_LOOKBACK = 4


def _needing_references(found: dict, genre: str) -> dict[int, int] | None:
    """Return the paragraphs whose references attribution needs, each with how far back to read."""
    if genre == "fiction":
        return None  # conversations need the people named all around them
    return {span.paragraph: PRONOUN_LOOKBACK for span, a in found.items() if a.mention.pronoun}


def _name_the_narrator(doc_id: str, speakers: dict, refs, entities) -> None:
    """Mark the quotes of a first-person narrator ("I said"), with the narrator's name where the text tells it."""
    mine = [s for s, who in speakers.items() if who.mention is not None and who.mention.text == "I"]
    named = {who.name for who in speakers.values() if who.mention is not None and not who.mention.pronoun}
    name = coreference.narrator(refs, entities, [(s.start, s.end) for s in mine], named)
    bare, role, key = _naming(name, doc_id) if name else ("", "", "")
    for span in mine:
        who = speakers[span]
        speakers[span] = replace(who, kind="person", name=bare, role=who.role or role, key=key, narrator=True)


def _name_the_writer(doc_id: str, speakers: dict, authors: tuple[str, ...]) -> None:
    """Give the quotes "I" says the name of the document's one author, in place, where it has exactly one."""
    named = [a.strip() for a in authors if len(a.split()) >= 2 and not shown.never_a_speaker(a.strip(), "")]
    if len(named) != 1:
        return  # no author, or several: "I" is not known
    bare, role, key = _naming(named[0], doc_id)
    for span, who in speakers.items():
        if who.mention is not None and who.mention.text == "I" and not who.name:
            speakers[span] = replace(who, kind="person", name=bare, role=who.role or role, key=key)


def _with_speakers(found_refs: mentions.Found, found: dict) -> list[mentions.Ref]:
    """Add the speaker phrases of attributions that no reference covers ("one of the cables noted")."""
    refs = list(found_refs.refs)
    covered = [(r.start, r.end) for r in refs]
    seen = set()
    for attribution in found.values():
        m = attribution.mention
        if m.pronoun or m.start in seen or any(a < m.end and m.start < b for a, b in covered):
            continue
        seen.add(m.start)
        sentence, paragraph = found_refs.place(m.start)
        refs.append(mentions.Ref(m.start, m.end, m.text, attribution.kind, sentence, paragraph, True,
                                 name=m.name or m.text, nominal=not m.name[:1].isupper()))
    return sorted(refs, key=lambda r: r.start)


def _name_of(text: str, mention, kind: str, table, entities: dict) -> str:
    """Return the name shown for a mention: what its pronoun refers to, or the fullest form of its name."""
    if mention.pronoun:
        # Nothing earlier that agrees means no name rather than somebody else's; "I" and "we" are the writer.
        entity = entities.get(mention.start)
        return entity.name if entity is not None else ""
    described = entities.get(mention.start)
    if described is not None and mention.text.split()[0].lower() in lexicon.determiners() \
            and described.name.split()[0].lower() not in lexicon.determiners() and described.name != mention.text:
        return described.name  # "said the girl" in a novel: the character the description stands for
    relative = mentions.relative_before(text, mention.start)
    if relative:
        return relative + mention.text  # "the younger Mr. Trump" is not Donald Trump
    return names.resolve(mention, kind, mention.start, table)
