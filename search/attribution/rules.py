"""The attribution rules: which speaker mention and cue a quote rests on, found in the text around it."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model import Mention
from ..text.quotes import Span, word_count
from . import gender, lexicon, names, phrases
from .cues import cue_phrase, is_ambiguous, is_cue
from .tokens import mask_quotes, sentence_bounds, sentence_ends, tokens_between

# Cues whose subject is the thing described, not a speaker ("X is described as a “…”").
_PASSIVE_MARKERS = frozenset({"is", "was", "were", "are", "been", "being", "be"})
# Rules that find a cue right next to the quote itself; anything else is inherited or guessed.
OWN_CUE_RULES = frozenset({"cue-before", "cue-after", "owner", "label", "signature", "according", "cue-ends-sentence",
                           "colon", "passive", "introduced"})
_PASSIVE_BEFORE = re.compile(r"\b(is|was|were|are|been|being|be)\s+(\w+ed)(?:\s+\w+ly)?(?:\s+as)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Attribution:
    """A speaker mention and the cue it rests on, as found next to one quote."""

    mention: Mention
    cue: str
    kind: str  # person | group | thing | writer
    rule: str = ""  # which reading rule found it: cue-before, cue-after, continued, neighbour, ...


def attribute_after(text: str, masked: str, offset: int, span: Span,
                    bounds: list[tuple[int, int]] | None = None) -> Attribution | None:
    """Find `“…,” X said` / `“…,” said X` in the rest of the quote's sentence.

    `masked` is the quote's paragraph with quotes blanked out, `bounds` its sentences if known.
    """
    rel = span.close_at - offset
    if bounds is None:
        m = next(sentence_ends(masked[rel:]), None)
        stop = rel + m.start() + 1 if m else len(masked)
    else:
        stop = next((b for a, b in bounds if a <= rel < b), len(masked))
    nul = masked.find("\x00", rel, stop)
    if nul != -1:
        stop = nul
    toks = tokens_between(masked, offset, span.close_at, offset + stop)
    if toks and toks[0].text in ("—", "―", "–", "-") and 0 < len(toks) - 1 <= 5 \
            and all(phrases.is_name_word(t.text) for t in toks[1:]) and "\n" not in text[toks[1].start:toks[-1].end]:
        # A signature after a dash (“…” ― Sonya Herridge) names the speaker.
        named = phrases.name_mention(toks[1:], text)
        if named:
            return Attribution(named[0], "—", named[1], "signature")
    # A verb straight after a quote is its cue where the line ends in , ! ? ; or a dash, or where a name or
    # pronoun follows ("“Now some Beethoven” called Cecil"), but not in “sharing economy” reflects a change.
    ended = text[span.start:span.end].rstrip("'’\"” ")[-1:] in (",", "!", "?", ";", "—", "–", "-") \
        or bool(toks) and toks[0].text in (",", "—", "–", "-") \
        or len(toks) > 1 and (toks[1].text[:1].isupper() or toks[1].text.lower() in lexicon.pronouns())
    if toks and (toks[0].text in (",", "—", "–", "-") or toks[0].text == ";" and len(toks) > 1
                 and is_cue(toks, 1, after_quote=True)):
        toks = toks[1:]  # “Yes, sir”; replied the servant — but not “…”; and after a while, she added
    owner = _owner_of_speech(toks, text)
    if owner:
        return owner
    if len(toks) > 2 and toks[0].text.lower() == "according" and toks[1].text == "to":
        found = phrases.forward(toks, 2, text)
        if found:
            return Attribution(found[0], "according to", found[1], "according")
    if len(toks) > 1 and toks[0].text == "by":
        # "The bill was called “a disaster” by Senator Jane Smith": the agent of a passive cue speaks.
        passive = _PASSIVE_BEFORE.search(masked[max(0, span.open_at - offset - 60):span.open_at - offset])
        if passive and passive.group(2).lower() in lexicon.cue_words():
            found = phrases.forward(toks, 1, text)
            if found and not found[0].pronoun:
                return Attribution(found[0], passive.group(2), found[1], "passive")
    for i, tok in enumerate(toks[:40]):
        lemma = is_cue(toks, i, after_quote=ended)
        if not lemma:
            if tok.text in (";", ":") :
                break
            continue
        if i == 0 or (i == 1 and toks[0].text in lexicon.auxiliaries()):
            rest = lemma.split()[1:]  # "put in Lucy": the subject follows the whole phrase
            skip = len(rest) if [t.text.lower() for t in toks[i + 1:i + 1 + len(rest)]] == rest else 0
            found = phrases.forward(toks, i + 1 + skip, text)
        else:
            found = phrases.backward(toks, i, text)
            if found is None and toks[i - 1].text == ",":
                found = phrases.forward(toks, i + 1, text)  # "“…” in the 2008 primary, said Paul Beck."
            if found and found[0].start != toks[0].start and not (
                    toks[0].text.lower() in ("the", "one", "a", "an") or phrases.is_name_word(toks[0].text)
                    or phrases.modifiers_only(toks, found[0].start)):
                before_np = next((k for k, t in enumerate(toks) if t.start == found[0].start), 0)
                sentence_final = i + 1 >= len(toks) or toks[i + 1].text in (",", ";")
                if not (before_np > 0 and toks[before_np - 1].text == "," and sentence_final):
                    found = None
        if found:
            mention, kind = found
            return Attribution(mention, cue_phrase(toks, i, lemma), kind, "cue-after")
        return None
    return None


def attribute_before(text: str, masked: str, offset: int, start: int, span: Span) -> Attribution | None:
    """Find `X said: “…”`, `X told AFP “…”`, `According to X, … “…”` in the words from `start` to the quote.

    `masked` is the quote's paragraph with its quotes blanked out, starting at document offset `offset`.
    """
    # Only the end of a very long sentence can hold the attribution of the quote that ends it.
    toks = tokens_between(masked, offset, max(start, span.open_at - 600), span.open_at)
    lead = next((k + 1 for k in range(len(toks) - 2, -1, -1) if toks[k].text in ("—", "–", "―", "-", "from")), 0)
    if len(toks) - lead >= 2 and toks[-1].text == ":" and len(toks) - lead <= 6 \
            and all(phrases.is_name_word(t.text) or t.text == "and" and k > lead for k, t in enumerate(toks[lead:-1], lead)):
        # A transcript line, "Bush: “…”" or "Pollsters agree - Carl Bialik: “…”", names its speaker.
        named = phrases.name_mention(toks[lead:-1], text)
        if named:
            return Attribution(named[0], ":", named[1], "label")
    for i in range(len(toks) - 1, -1, -1):
        word = toks[i].text
        if word.lower() == "according" and i + 2 < len(toks) and toks[i + 1].text.lower() == "to":
            found = phrases.forward(toks, i + 2, text)
            if found:
                return Attribution(found[0], "according to", found[1], "according")
        lemma = is_cue(toks, i)
        if not lemma:
            continue
        if i > 0 and toks[i - 1].text.lower() in _PASSIVE_MARKERS and word.endswith("ed") and lemma != "say":
            # "X is described as a “…”": X is what is described; the words belong to whoever describes it,
            # named by "by"/"in" after the verb or by an opening "In one of the leaks,".
            agent = _passive_agent(toks, i, text)
            if agent:
                return Attribution(agent[0], cue_phrase(toks, i, lemma), agent[1], "passive")
            continue
        participle = word.endswith("ing") and i > 0
        # "Mr. Trump, …, issued a statement Tuesday, saying": a participle takes the subject of its clause,
        # and "Spicer said, adding" the subject of the verb it follows.
        found = None
        if participle and i >= 2 and toks[i - 1].text == "," and is_cue(toks, i - 2):
            found = phrases.backward(toks, i - 2, text)
        if participle and not found and phrases.is_name_word(toks[i - 1].text):
            # "footage of Hillary Clinton asking, “…”": a person named right before the participle speaks.
            named = phrases.backward(toks, i, text)
            if named and named[1] == "person" and named[0].name and gender.is_first_name(named[0].name.split()[0]):
                found = named
        if (participle or i > 0 and toks[i - 1].text == "to") and not found:
            # "Bryne went on to say, “…”": an infinitive, like a participle, speaks for its clause's subject.
            found = phrases.clause_subject(toks, i - 1 if participle else i - 2, text)
        found = found or phrases.backward(toks, i, text)
        if found is None and i + 1 < len(toks) and (i == 0 or toks[i - 1].text == "," or toks[i - 1].text[0] == "\x00"):
            # "Said Comey, “…”" and "“…,” said X, an analyst, “…”": the subject follows the cue, and a
            # comma closes what stands between it and the quote; else the quote sits inside a clause.
            found = phrases.forward(toks, i + 1, text)
            rest = [t.text for t in toks if found and t.start >= found[0].end]
            # "…, said Smith, and Jones disagreed: “…”": a new clause with a subject of its own intervenes.
            new_clause = any(w in ("and", "but") and (phrases.is_name_word(n) or phrases.is_pronoun(n))
                             for w, n in zip(rest, rest[1:]))
            if rest and not (rest[-1] in (",", ":") and len(rest) <= 25) or new_clause:
                found = None
        if found is None and word.endswith("ing"):
            # "Carson shared a syllabus on his page, writing “…”": the participle's subject opens the clause.
            found = phrases.clause_subject(toks, i, text)
        if found:
            return Attribution(found[0], cue_phrase(toks, i, lemma), found[1], "cue-before")
        if word in ("said", "says", "told", "wrote") or i < len(toks) - 1:
            continue
    return None


def _owner_of_speech(toks, text: str) -> Attribution | None:
    """Read “…,” was Edmund's only reply: the one whose reply, answer or remark the quote was."""
    if len(toks) < 3 or toks[0].text.lower() not in ("was", "were"):
        return None
    k = 1
    while k < len(toks) and k <= 5 and not toks[k].text.endswith(("’s", "'s")):
        k += 1
    if k > 5 or k >= len(toks):
        return None
    for j in range(k + 1, min(len(toks), k + 5)):
        noun = toks[j].text.lower()
        if noun in lexicon.speech_nouns():
            run = toks[1:k + 1]
            if not all(phrases.is_name_word(t.text) or t.text.lower() in lexicon.title_words() for t in run):
                return None
            start, stop = run[0].start, run[-1].end - 2
            words = text[start:stop].split()
            titles = names.role_length(words)
            name = " ".join(words[titles:])
            mention = Mention(start, stop, text[start:stop], name=name, role=" ".join(words[:titles]))
            return Attribution(mention, noun, names.name_kind(name), "owner")
        if not toks[j].text.islower():
            return None
    return None


def _passive_agent(toks, i: int, text: str):
    """Return who speaks through a passive cue at toks[i]: "described by Y", "described in Y", "In Y, X is described"."""
    for k in range(i + 1, min(len(toks) - 1, i + 4)):
        if toks[k].text.lower() in ("by", "in"):
            found = phrases.forward(toks, k + 1, text)
            if found and not found[0].pronoun:
                return found
        if toks[k].text.lower() == "as":
            break
    first = 0
    if toks and toks[first].text.lower() in ("in", "according") and "," in [t.text for t in toks[:i]]:
        begin = first + (2 if toks[first].text.lower() == "according" else 1)
        found = phrases.forward(toks, begin, text)
        if found and not found[0].pronoun:
            return found
    return None


def attribute_final(text: str, masked: str, offset: int, start: int, end: int) -> Attribution | None:
    """Return the attribution of a sentence from `start` to `end` that ends on its cue ("X says.")."""
    toks = tokens_between(masked, offset, start, end)
    if len(toks) < 2 or not is_cue(toks, len(toks) - 1):
        return None
    found = phrases.backward(toks, len(toks) - 1, text)
    if found:
        return Attribution(found[0], cue_phrase(toks, len(toks) - 1, is_cue(toks, len(toks) - 1)), found[1], "cue-ends-sentence")
    return None


def introducer(text: str, masked: str, offset: int, start: int, end: int) -> Attribution | None:
    """Return the subject of a sentence that introduces a quote with a colon ("X issued a statement:")."""
    toks = tokens_between(masked, offset, start, end)
    found = phrases.clause_subject(toks, len(toks) - 1, text) if toks else None
    if found:
        return Attribution(found[0], ":", found[1], "colon")
    return None




def attribute_span(text: str, masked: str, offset: int, bounds, span: Span) -> Attribution | None:
    rel = span.open_at - offset
    sentence_start = next((a for a, b in bounds if a <= rel < b), 0)
    inner = text[span.start:span.end].rstrip()
    if inner.endswith((",", "?", "!", "—", "–", "-")) or not inner.endswith((".", "…")) or span.open_ended is False \
            and text[span.close_at:span.close_at + 1] in (",", "—") or text[span.close_at:span.close_at + 3].lstrip()[:1] in ("—", "―", "–", "-"):
        after = attribute_after(text, masked, offset, span, bounds)
        if after:
            return after
    found = attribute_before(text, masked, offset, offset + sentence_start, span)
    if found is None and masked[sentence_start:rel].rstrip().endswith(":"):
        # "Clinton has since apologized for what happened: “…”": a colon hands the quote to the subject.
        found = introducer(text, masked, offset, offset + sentence_start, span.open_at)
    if found is None and not masked[sentence_start:rel].strip() and sentence_start > 0:
        # "Or maybe Jeb Bush, consultant Phil Musser says. “…”": a sentence that ends on its cue
        # introduces the quote that follows it.
        a = next((a for a, b in bounds if b == sentence_start), None)
        if a is not None:
            found = attribute_final(text, masked, offset, offset + a, offset + sentence_start)
    return found


def inherit(text, paras, spans, by_para, found, conversation=frozenset()) -> None:
    """Give unattributed quotes the speaker that the text around them makes clear.

    Paragraphs numbered in `conversation` are lines of dialogue: they take no speaker from their
    neighbours here, as news continues one speaker over paragraphs but a conversation alternates.
    """
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
                found.setdefault(s, replace(giver, rule="continued"))
    for number, own in by_para.items():
        para = paras[number - 1]
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
            split = prev.close_at <= mention.start < span.open_at and between.rstrip()[-1:] in (",", ";", ":", "—", "–") \
                and _only_attribution(text, prev.close_at, span.open_at, mention, found[prev].cue)
            if split or re.search(r"[.!?…]\s*$", between.strip() or "."):
                found[span] = replace(found[prev], rule="continued")
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
        if number in conversation and not text[paras[number - 2].start:paras[number - 2].end].rstrip().endswith(":"):
            continue
        giver = _neighbour_attribution(text, paras, by_para, found, number)
        if giver:
            for s in own:
                found.setdefault(s, giver if giver.rule == "introduced" else replace(giver, rule="neighbour"))


def _only_attribution(text: str, a: int, b: int, mention, cue: str) -> bool:
    """Say whether text[a:b] holds little but a quote's own attribution ("said she, coolly;")."""
    rest = (text[a:mention.start] + " " + text[mention.end:b]).split()
    rest = [w.strip(",;:—–.") for w in rest if w.strip(",;:—–.")]
    for word in cue.split():
        if word in rest:
            rest.remove(word)
    return len(rest) <= 3 and all(w.islower() and w not in ("and", "but", "while", "as") for w in rest)


def _neighbour_attribution(text, paras, by_para, found, number) -> Attribution | None:
    """Return the attribution a quote-only paragraph takes from the paragraph before or after it."""
    prev = by_para.get(number - 1)
    if number > 1:
        prev_para = paras[number - 2]
        tail = text[prev_para.start:prev_para.end].rstrip()
        if tail.endswith(":") or not prev:
            # "Mr. Trump issued the following statement:" or "Carter said that …": the paragraph before
            # introduces the quote, so its last attribution is the quote's.
            masked = mask_quotes(text, prev or [], prev_para.start, prev_para.end)
            bounds = sentence_bounds(masked)
            a, _ = bounds[-1]
            dummy = Span(prev_para.end, prev_para.end, prev_para.end, prev_para.end, number - 1)
            got = attribute_before(text, masked, prev_para.start, prev_para.start + a, dummy)
            if not got and tail.endswith(":"):
                got = introducer(text, masked, prev_para.start, prev_para.start + a, prev_para.end)
            elif got and not tail.endswith(":") and is_ambiguous(got.cue):
                got = None  # "… in a heavily Democratic state.": a noun that can be a cue introduces nothing
            if got:
                # "Miss Bartlett rose with a sigh, and said:" introduces the line that follows as its own cue.
                return replace(got, rule="introduced") if tail.endswith(":") else got
        if prev and prev[-1] in found and text[prev[-1].close_at:prev_para.end].strip(" .,”\"") == "" :
            return found[prev[-1]]
    nxt = by_para.get(number + 1)
    if nxt and number < len(paras) and nxt[0].open_at == paras[number].start and nxt[0] in found:
        return found[nxt[0]]
    given = [s for s in prev or [] if s in found]
    if given and all(word_count(text[s.start:s.end]) <= 4 for s in prev if s.start > given[-1].start):
        return found[given[-1]]
    return None
