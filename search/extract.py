"""Compose paragraphs, quotes and speakers into one extraction per document."""
from __future__ import annotations

import hashlib
import re
from collections import Counter

from . import lexicon
from . import paragraphs as paragraphs_mod
from . import quotes as quotes_mod
from . import speakers
from .model import Document, Extraction, Quote
from .quotes import Span
from .speakers import Attribution


def extract(document: Document) -> Extraction:
    """Split a document into paragraphs and quotes, each quote with its speaker where one is found."""
    text = document.text
    paras = paragraphs_mod.split(text, document.dropped, document.pages)
    spans = quotes_mod.find(text, paras)
    by_para: dict[int, list[Span]] = {}
    for span in spans:
        by_para.setdefault(span.paragraph, []).append(span)

    found: dict[Span, Attribution] = {}
    for para in paras:
        own = by_para.get(para.number, [])
        if not own:
            continue
        masked = speakers.mask_quotes(text, own, para.start, para.end)
        bounds = speakers.sentence_bounds(masked)
        for span in own:
            attribution = _attribute(text, masked, para.start, bounds, span)
            if attribution:
                found[span] = attribution
    _inherit(text, paras, spans, by_para, found)

    names = speakers.NameTable(text)
    history: list[tuple[int, str, str]] = []
    seen: Counter[str] = Counter()
    out = []
    for span in spans:
        para = speakers.paragraph_of(paras, span.paragraph)
        attribution = found.get(span)
        speaker = role = cue = key = ""
        s_start = s_end = None
        if attribution:
            mention = attribution.mention
            speaker = speakers.resolve(mention, attribution.kind, mention.start, names, history)
            s_start, s_end, cue = mention.start, mention.end, attribution.cue
            role = mention.role
            if speaker:
                role_in_name, bare = speakers.strip_titles(speaker)
                speaker, role = bare, role or role_in_name
                key = speaker_key(speaker, attribution.kind, mention, document.id)
                if not mention.pronoun:
                    history.append((mention.start, speaker, attribution.kind))
        kind = quotes_mod.kind(text, span, para.start, attributed=attribution is not None)
        words = text[span.start:span.end]
        norm = normalise(words)
        seen[norm] += 1
        out.append(Quote(
            doc=document.id, start=span.start, end=span.end, text=words, kind=kind, paragraph=span.paragraph,
            speaker=speaker if kind != "scare" else "", speaker_key=key if kind != "scare" else "",
            speaker_start=s_start if kind != "scare" else None, speaker_end=s_end if kind != "scare" else None,
            cue=cue if kind != "scare" else "", role=role if kind != "scare" else "",
            occurrence=seen[norm], id=quote_id(document.id, norm, seen[norm]), page=para.page, time=para.time,
        ))
    return Extraction(document, paras, tuple(out))


def _attribute(text: str, masked: str, offset: int, bounds, span: Span) -> Attribution | None:
    rel = span.open_at - offset
    sentence_start = next((a for a, b in bounds if a <= rel < b), 0)
    inner = text[span.start:span.end].rstrip()
    if inner.endswith((",", "?", "!", "—", "–", "-")) or not inner.endswith((".", "…")) or span.open_ended is False \
            and text[span.close_at:span.close_at + 1] in (",", "—") or text[span.close_at:span.close_at + 3].lstrip()[:1] in ("—", "―", "–", "-"):
        after = speakers.attribute_after(text, masked, offset, span, bounds)
        if after:
            return after
    found = speakers.attribute_before(text, masked, offset, offset + sentence_start, span)
    if found is None and masked[sentence_start:rel].rstrip().endswith(":"):
        # "Clinton has since apologized for what happened: “…”": a colon hands the quote to the subject.
        found = speakers.introducer(text, masked, offset, offset + sentence_start, span.open_at)
    if found is None and not masked[sentence_start:rel].strip() and sentence_start > 0:
        # "Or maybe Jeb Bush, consultant Phil Musser says. “…”": a sentence that ends on its cue
        # introduces the quote that follows it.
        a = next((a for a, b in bounds if b == sentence_start), None)
        if a is not None:
            found = speakers.attribute_final(text, masked, offset, offset + a, offset + sentence_start)
    return found


def _inherit(text, paras, spans, by_para, found) -> None:
    """Give unattributed quotes the speaker that the text around them makes clear."""
    # Pieces of one quote that runs over several paragraphs share its speaker.
    chains: list[list[Span]] = []
    for span in spans:
        if span.continues and chains and chains[-1][-1].open_ended:
            chains[-1].append(span)
        else:
            chains.append([span])
    for chain in chains:
        giver = next((found[s] for s in chain if s in found), None)
        if giver:
            for s in chain:
                found.setdefault(s, giver)
    for number, own in by_para.items():
        para = paras[number - 1]
        for i, span in enumerate(own):
            if span in found or i == 0:
                continue
            # Skip the titles and terms in between: "said Jon Meacham, the author of “Destiny and Power.” “…”".
            k = i - 1
            while k > 0 and own[k] not in found and quotes_mod.word_count(text[own[k].start:own[k].end]) <= 4:
                k -= 1
            prev = own[k]
            between = text[prev.close_at:span.open_at]
            # “…,” the cable said. “And …”: a new sentence of quote after an attributed one continues it.
            if prev in found and re.search(r"[.!?…]\s*$", between.strip() or ".") and len(between) < 200:
                found[span] = found[prev]
    for number, own in by_para.items():
        span = own[0]
        if span in found:
            continue
        para = paras[number - 1]
        outside = text[para.start:span.open_at].strip() + "".join(
            text[a.close_at:(b.open_at if b else para.end)] for a, b in zip(own, [*own[1:], None]))
        if re.sub(r"[\W_]+", "", outside):
            continue  # the paragraph has words of the reporter's own: no paragraph-level inheritance
        if sum(quotes_mod.word_count(text[s.start:s.end]) for s in own) < 3:
            continue  # a word or two alone ("Related:") is a label, not a speaker's words
        giver = _neighbour_attribution(text, paras, by_para, found, number)
        if giver:
            for s in own:
                found.setdefault(s, giver)


def _neighbour_attribution(text, paras, by_para, found, number) -> Attribution | None:
    """Return the attribution a quote-only paragraph takes from the paragraph before or after it."""
    prev = by_para.get(number - 1)
    if number > 1:
        prev_para = paras[number - 2]
        tail = text[prev_para.start:prev_para.end].rstrip()
        if tail.endswith(":") or not prev:
            # "Mr. Trump issued the following statement:" or "Carter said that …": the paragraph before
            # introduces the quote, so its last attribution is the quote's.
            masked = speakers.mask_quotes(text, prev or [], prev_para.start, prev_para.end)
            bounds = speakers.sentence_bounds(masked)
            a, _ = bounds[-1]
            dummy = Span(prev_para.end, prev_para.end, prev_para.end, prev_para.end, number - 1)
            got = speakers.attribute_before(text, masked, prev_para.start, prev_para.start + a, dummy)
            if not got and tail.endswith(":"):
                got = speakers.introducer(text, masked, prev_para.start, prev_para.start + a, prev_para.end)
            elif got and not tail.endswith(":") and got.cue.split()[0] in speakers.AMBIGUOUS_CUES \
                    and got.cue.split()[0] in lexicon.cue_words().values():
                got = None  # "… in a heavily Democratic state.": a noun that can be a cue introduces nothing
            if got:
                return got
        if prev and prev[-1] in found and text[prev[-1].close_at:prev_para.end].strip(" .,”\"") == "" :
            return found[prev[-1]]
    nxt = by_para.get(number + 1)
    if nxt and number < len(paras) and nxt[0].open_at == paras[number].start and nxt[0] in found:
        return found[nxt[0]]
    given = [s for s in prev or [] if s in found]
    if given and all(quotes_mod.word_count(text[s.start:s.end]) <= 4 for s in prev if s.start > given[-1].start):
        return found[given[-1]]
    return None


def speaker_key(speaker: str, kind: str, mention, doc_id: str) -> str:
    """Key a speaker: proper names are shared across documents, common-noun phrases stay in their document."""
    key = speakers.key_for(speaker)
    glue = _NAME_GLUE | lexicon.particles()
    words = [w.split("-")[-1] if w.split("-")[0] in glue else w for w in speaker.split() if w not in glue]
    if not words or not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        digest = hashlib.sha1(doc_id.encode()).hexdigest()[:6]
        return f"{key}--{digest}"
    return key


# Lower-case words that may sit inside a proper name without making it a common-noun phrase.
_NAME_GLUE = frozenset({"the", "of", "and", "for", "&"})


_NORM = re.compile(r"[^\w]+")


def normalise(words: str) -> str:
    """Normalise quote words for identity: case, punctuation and spacing do not count."""
    return " ".join(_NORM.sub(" ", words.lower()).split())


def quote_id(doc_id: str, norm: str, occurrence: int) -> str:
    """Derive a permalink id from the document, the quote's words and which occurrence they are."""
    digest = hashlib.sha1(f"{doc_id}\x1f{norm}\x1f{occurrence}".encode()).hexdigest()
    return digest[:16]
