"""Attribution a quote takes from the text around it: the rest of its quote, its paragraph, its neighbours."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..text.quotes import Span, starts_sentence, word_count
from .. import lexicon
from . import afterwards
from .cues import is_ambiguous
from .rule_names import Rule
from .rules import Attribution, attribute_before, introducer
from .tokens import mask_quotes, sentence_bounds


@dataclass(frozen=True)
class Scene:
    """The quotes of a document and the attributions found so far (`found`, filled in place)."""

    text: str
    paras: tuple
    spans: list
    by_para: dict
    found: dict
    conversation: frozenset = frozenset()  # numbers of the paragraphs that are lines of dialogue
    fiction: bool = False


def inherit(text, paras, spans, by_para, found, conversation=frozenset(), fiction: bool = False) -> None:
    """Give unattributed quotes the speaker that the text around them makes clear, step by step (INHERITANCE).

    Paragraphs numbered in `conversation` are lines of dialogue: they take no speaker from their
    neighbours here, as news continues one speaker over paragraphs but a conversation alternates.
    Outside fiction a quote may also take the speaker of the sentence before it in its paragraph, and
    the words of an attributed quote repeated elsewhere (a heading, a pull quote) take its speaker.
    """
    scene = Scene(text, paras, spans, by_para, found, frozenset(conversation), fiction)
    for step in INHERITANCE:
        step(scene)


def _chains(scene: Scene) -> None:
    """Give the pieces of one quote that runs over several paragraphs its speaker."""
    spans, found = scene.spans, scene.found
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
                found.setdefault(s, replace(giver, rule=Rule.CONTINUED))


def _within_paragraphs(scene: Scene) -> None:
    """Continue an attributed quote in the quotes after it in its paragraph: “…,” the cable said. “And …”."""
    text, by_para, found = scene.text, scene.by_para, scene.found
    for number, own in by_para.items():
        for i, span in enumerate(own):
            if span in found or i == 0:
                continue
            # Skip the titles and terms in between: "said Jon Meacham, the author of “Destiny and Power.” “…”".
            k = i - 1
            while k > 0 and own[k] not in found and word_count(text[own[k].start:own[k].end]) <= 4:
                k -= 1
            prev = own[k]
            between = text[prev.close_at:span.open_at]
            if prev not in found or len(between) >= 200:
                continue
            # “…,” the cable said. “And …”: a new sentence of quote after an attributed one continues it;
            # so does the rest of a quote split by its own attribution: “…,” said she; “but …”.
            mention = found[prev].mention
            split = prev.close_at <= mention.start < span.open_at \
                and between.rstrip()[-1:] in (",", ";", ":", "—", "–") \
                and _only_attribution(text, prev.close_at, span.open_at, mention, found[prev].cue)
            if split or re.search(r"[.!?…]\s*$", between.strip() or ".") \
                    or _same_voice(text, prev.close_at, span, mention):
                found[span] = replace(found[prev], rule=Rule.CONTINUED)


def _same_voice(text: str, a: int, span: Span, mention) -> bool:
    """Say whether a fragment ending a later sentence goes on in the voice of the quote before it.

    "“…,” says analyst Ken Doctor. That's produced a strategy of “continuous cost-cutting in local news.”": no one
    else is named between (no capitalised word but one opening a sentence or following a colon), and the fragment is
    four words or more and ends its sentence.
    """
    quote = text[span.start:span.end]
    after = text[span.close_at:span.close_at + 2].strip()
    if word_count(quote) < 4 or not (quote.rstrip()[-1:] in ".!?" or after[:1] in (".", "!", "?")):
        return False
    gap = text[a:mention.start] + " " + text[mention.end:span.open_at] if a <= mention.start < span.open_at \
        else text[a:span.open_at]
    if not re.search(r"[.!?]\s", gap):
        return False  # the same sentence: its own reading said no
    for word in re.finditer(r"[^\W\d_][\w’'-]*", gap):
        if not word.group()[:1].isupper():
            continue
        opener = gap[:word.start()].rstrip()[-1:] in (".", "!", "?", ":")
        if not opener or re.sub(r"[’']s$", "", word.group()).lower() not in _OPENERS:
            return False  # "Gannett expects “…”": someone else named
    return True


# Words that open a sentence without naming anyone.
_OPENERS = frozenset({"that", "this", "these", "those", "it", "there", "the", "a", "an", "but", "and", "so", "yet",
                      "still", "such", "what", "which", "in", "on", "at", "for", "then", "now", "if", "when", "as"})


def _from_neighbours(scene: Scene) -> None:
    """Give a paragraph of nothing but quotes the speaker of the paragraph that introduces or continues it."""
    text, paras, by_para, found, conversation = scene.text, scene.paras, scene.by_para, scene.found, scene.conversation
    for number, own in by_para.items():
        span = own[0]
        if span in found:
            continue
        para = paras[number - 1]
        outside = text[para.start:span.open_at].strip() + "".join(
            text[a.close_at:(b.open_at if b else para.end)] for a, b in zip(own, [*own[1:], None]))
        if re.sub(r"[\W_]+", "", outside):
            continue  # the paragraph has words of the reporter's own: no paragraph-level inheritance
        if sum(word_count(text[s.start:s.end]) for s in own) < 3:
            continue  # a word or two alone ("Related:") is a label, not a speaker's words
        if number in conversation and not introduces(text[paras[number - 2].start:paras[number - 2].end].rstrip()):
            continue
        giver = _neighbour_attribution(text, paras, by_para, found, number)
        if giver:
            for s in own:
                found.setdefault(s, giver if giver.rule == Rule.INTRODUCED else replace(giver, rule=Rule.NEIGHBOUR))


def _from_sentence_before(scene: Scene) -> None:
    """Give a quote that is a sentence of its own the speaker named in commas in or at the end of the sentence before.

    "The tuft cell, Herbert said, is always sensing. “Once those products go out of whack … bam!”":
    the reporter's sentence names who speaks, and the quoted sentence after it goes on in their voice.
    Not in fiction, where the next line is often somebody else's.
    """
    if scene.fiction:
        return
    text, paras, by_para, found = scene.text, scene.paras, scene.by_para, scene.found
    for number, own in by_para.items():
        para = paras[number - 1]
        masked = None
        for span in own:
            if span in found or not starts_sentence(text, span, para.start) or span.open_at == para.start:
                continue
            if word_count(text[span.start:span.end]) < 4:
                continue
            masked = masked or mask_quotes(text, own, para.start, para.end)
            # The sentence before the quote's own, which may open with a clause: "…, Howitt says. Just because …,
            # “that doesn't mean …”".
            bounds = [(a, b) for a, b in sentence_bounds(masked) if b <= span.open_at - para.start + 1]
            if not bounds:
                continue
            a, b = bounds[-1]
            dummy = Span(para.start + b, para.start + b, para.start + b, para.start + b, number)
            got = attribute_before(text, masked, para.start, para.start + a, dummy)
            if got and not got.mention.pronoun and not is_ambiguous(got.cue) and _parenthetical(text, got):
                found[span] = replace(got, rule=Rule.SENTENCE_BEFORE)


def _parenthetical(text: str, got: Attribution) -> bool:
    """Say whether an attribution stands in commas inside its sentence (", Herbert said,"), vouching for all of it.

    "Musser says the race is open." reports one claim; it does not make the next quote his.
    """
    m = got.mention
    return text[:m.start].rstrip().endswith(",") \
        and re.match(r"\s*" + re.escape(got.cue) + r"\s*[,.]", text[m.end:]) is not None


def _told_after(scene: Scene) -> None:
    """Give a quote the speaker the words after it name: “…,” was how Ford put it; … “…”. That's the view of X."""
    text, paras, found = scene.text, scene.paras, scene.found
    for number, own in scene.by_para.items():
        para = paras[number - 1]
        for span in own:
            if span in found:
                continue
            got = afterwards.how_put(text, span.close_at)
            if got is None:
                end = _SENTENCE_END.search(text, max(para.start, span.close_at - 2), para.end)
                start = end.end() if end else paras[number].start if number < len(paras) else None
                got = afterwards.view_of(text, start) if start is not None else None
            if got is not None:
                found[span] = got


_SENTENCE_END = re.compile(r"[.!?][”\"’)]*\s+(?=[A-Z])")


def _echoes(scene: Scene) -> None:
    """Give a quote repeated inside an attributed one its speaker: a heading "My fears have been realized"."""
    if scene.fiction:
        return  # characters repeat each other's words
    text, spans, found = scene.text, scene.spans, scene.found
    said = [(_words(text[s.start:s.end]), found[s]) for s in spans if s in found]
    for span in spans:
        if span in found:
            continue
        words = _words(text[span.start:span.end])
        if len(words.split()) < 4:
            continue  # a word or two said again ("sex tape") is a term, not a quotation
        giver = next((a for quoted, a in said if f" {words} " in f" {quoted} "), None)
        if giver:
            found[span] = replace(giver, rule=Rule.ECHO)


# The order of the steps: each fills `found` for quotes the steps before left without a speaker.
INHERITANCE = (_chains, _within_paragraphs, _from_neighbours, _from_sentence_before, _told_after, _echoes)


def _words(quote: str) -> str:
    return " ".join(re.findall(r"\w+", quote.lower()))


def _only_attribution(text: str, a: int, b: int, mention, cue: str) -> bool:
    """Say whether text[a:b] holds little but a quote's own attribution ("said she, coolly;")."""
    rest = (text[a:mention.start] + " " + text[mention.end:b]).split()
    rest = [w.strip(",;:—–.") for w in rest if w.strip(",;:—–.")]
    for word in cue.split():
        if word in rest:
            rest.remove(word)
    return len(rest) <= 3 and all(w.islower() and w not in ("and", "but", "while", "as") for w in rest)


_OPEN_ENDING = re.compile(r"(?:,|,?\s*(?:-{2,}|—|–))\s*$")
_CUE_REACH = 10  # words: how far from a paragraph's open end its cue may stand


def introduces(tail: str) -> bool:
    """Say whether a paragraph ending so introduces the line after it: "… said:", "… said--", "… saying,--"."""
    if tail.endswith(":"):
        return True
    if not _OPEN_ENDING.search(tail):
        return False
    # "to say, with smiling interest--", "interrupted her with--": a cue among the last words of the clause.
    last = re.split(r"[.!?;]", tail)[-1].split()[-_CUE_REACH:]
    return any(w.strip(",—–-") in lexicon.cue_words() and w.strip(",—–-").islower() for w in last)


def _neighbour_attribution(text, paras, by_para, found, number) -> Attribution | None:
    """Return the attribution a quote-only paragraph takes from the paragraph before or after it."""
    prev = by_para.get(number - 1)
    if number > 1:
        prev_para = paras[number - 2]
        tail = text[prev_para.start:prev_para.end].rstrip()
        leads = introduces(tail)
        if leads or not prev:
            # "Mr. Trump issued the following statement:" or "Carter said that …": the paragraph before
            # introduces the quote, so its last attribution is the quote's.
            masked = mask_quotes(text, prev or [], prev_para.start, prev_para.end)
            bounds = sentence_bounds(masked)
            a, _ = bounds[-1]
            dummy = Span(prev_para.end, prev_para.end, prev_para.end, prev_para.end, number - 1)
            got = attribute_before(text, masked, prev_para.start, prev_para.start + a, dummy)
            if not got and tail.endswith(":"):
                got = introducer(text, masked, prev_para.start, prev_para.start + a, prev_para.end)
            elif got and not leads and is_ambiguous(got.cue):
                got = None  # "… in a heavily Democratic state.": a noun that can be a cue introduces nothing
            if got:
                # "Miss Bartlett rose with a sigh, and said:" introduces the line that follows as its own cue.
                return replace(got, rule=Rule.INTRODUCED) if leads else got
        if prev and prev[-1] in found and text[prev[-1].close_at:prev_para.end].strip(" .,”\"") == "" :
            return found[prev[-1]]
    nxt = by_para.get(number + 1)
    if nxt and number < len(paras) and nxt[0].open_at == paras[number].start and nxt[0] in found:
        return found[nxt[0]]
    given = [s for s in prev or [] if s in found]
    if given and all(word_count(text[s.start:s.end]) <= 4 for s in prev if s.start > given[-1].start):
        return found[given[-1]]
    return None
