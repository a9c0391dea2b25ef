"""The attribution rules: which speaker mention and cue a quote rests on, found in the text around it."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Mention
from ..text.quotes import Span
from .. import lexicon
from . import following, gender, names, phrases
from .rule_names import Rule
from .cues import cue_phrase, is_cue
from .tokens import sentence_ends, tokens_between

# Cues whose subject is the thing described, not a speaker ("X is described as a “…”").
_PASSIVE_MARKERS = frozenset({"is", "was", "were", "are", "been", "being", "be"})
_PASSIVE_BEFORE = re.compile(r"\b(is|was|were|are|been|being|be)\s+(\w+ed)(?:\s+\w+ly)?(?:\s+as)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Attribution:
    """A speaker mention and the cue it rests on, as found next to one quote."""

    mention: Mention
    cue: str
    kind: str  # person | group | thing | writer
    rule: str = ""  # the Rule that found it: cue-before, cue-after, continued, neighbour, ...


def after_tokens(text: str, masked: str, offset: int, span: Span, bounds: list[tuple[int, int]] | None = None):
    """Return the words after a quote up to the end of its sentence, and whether the quote's line has ended there.

    A verb straight after a quote is its cue where the line ends in , ! ? ; or a dash, or where a name or
    pronoun follows ("“Now some Beethoven” called Cecil"), but not in “sharing economy” reflects a change.
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
    ended = text[span.start:span.end].rstrip("'’\"” ")[-1:] in (",", "!", "?", ";", "—", "–", "-") \
        or bool(toks) and toks[0].text in (",", "—", "–", "-") \
        or len(toks) > 1 and (toks[1].text[:1].isupper() or toks[1].text.lower() in lexicon.pronouns())
    return toks, ended


def trimmed(toks: list) -> list:
    """Drop the comma or dash that closes a quote's line: “Yes, sir”; replied the servant — not “…”; and after."""
    if toks and (toks[0].text in (",", "—", "–", "-") or toks[0].text == ";" and len(toks) > 1
                 and is_cue(toks, 1, after_quote=True)):
        return toks[1:]
    return toks


def signature(toks: list, text: str) -> Attribution | None:
    """Read a signature after a dash: “…” ― Sonya Herridge."""
    if toks and toks[0].text in ("—", "―", "–", "-") and 0 < len(toks) - 1 <= 5 \
            and all(phrases.is_name_word(t.text) for t in toks[1:]) and "\n" not in text[toks[1].start:toks[-1].end]:
        named = phrases.name_mention(toks[1:], text)
        if named:
            return Attribution(named[0], "—", named[1], Rule.SIGNATURE)
    return None


def according_after(toks: list, text: str) -> Attribution | None:
    """Read “…,” according to X."""
    if len(toks) > 2 and toks[0].text.lower() == "according" and toks[1].text == "to":
        found = following.forward(toks, 2, text)
        if found:
            return Attribution(found[0], "according to", found[1], Rule.ACCORDING)
    return None


def passive_by(toks: list, text: str, masked: str, offset: int, span: Span) -> Attribution | None:
    """Read "The bill was called “a disaster” by Senator Jane Smith": the agent of a passive cue speaks."""
    if len(toks) > 1 and toks[0].text == "by":
        passive = _PASSIVE_BEFORE.search(masked[max(0, span.open_at - offset - 60):span.open_at - offset])
        if passive and passive.group(2).lower() in lexicon.cue_words():
            found = following.forward(toks, 1, text)
            if found and not found[0].pronoun:
                return Attribution(found[0], passive.group(2), found[1], Rule.PASSIVE)
    return None


def as_after(toks: list, text: str) -> Attribution | None:
    """Read `“…,” as X said` or `as X dubbed it`: a name right after "as", then a verb of saying or naming."""
    found = following.forward(toks, 1, text)
    if found is None or found[0].pronoun or not found[0].text[:1].isupper():
        return None
    at = next((k for k, t in enumerate(toks) if t.start >= found[0].end), len(toks))
    if at >= len(toks):
        return None  # "“…,” as Trump.": no verb after the name
    word = toks[at].text.lower()
    if word in lexicon.naming_words() or is_cue(toks, at, after_quote=False):
        return Attribution(found[0], word, found[1], Rule.CUE_AFTER)
    return None


def cue_after(toks: list, text: str, ended: bool) -> Attribution | None:
    """Read `“…,” X said` / `“…,” said X` in the words after the quote."""
    for i, tok in enumerate(toks[:40]):
        lemma = is_cue(toks, i, after_quote=ended)
        if not lemma:
            if tok.text in (";", ":"):
                break
            continue
        if i == 0 or (i == 1 and toks[0].text in lexicon.auxiliaries()):
            rest = lemma.split()[1:]  # "put in Lucy": the subject follows the whole phrase
            skip = len(rest) if [t.text.lower() for t in toks[i + 1:i + 1 + len(rest)]] == rest else 0
            found = following.forward(toks, i + 1 + skip, text)
        else:
            found = phrases.backward(toks, i, text)
            if found is None and toks[i - 1].text == ",":
                found = following.forward(toks, i + 1, text)  # "“…” in the 2008 primary, said Paul Beck."
            if found and found[0].start != toks[0].start and not (
                    toks[0].text.lower() in ("the", "one", "a", "an") or phrases.is_name_word(toks[0].text)
                    or phrases.modifiers_only(toks, found[0].start)):
                before_np = next((k for k, t in enumerate(toks) if t.start == found[0].start), 0)
                sentence_final = i + 1 >= len(toks) or toks[i + 1].text in (",", ";")
                if not (before_np > 0 and toks[before_np - 1].text == "," and sentence_final):
                    found = None
        if found:
            mention, kind = found
            return Attribution(mention, cue_phrase(toks, i, lemma), kind, Rule.CUE_AFTER)
        return None
    return None


def attribute_before(text: str, masked: str, offset: int, start: int, span: Span) -> Attribution | None:
    """Find `X said: “…”`, `X told AFP “…”`, `According to X, … “…”` in the words from `start` to the quote.

    `masked` is the quote's paragraph with its quotes blanked out, starting at document offset `offset`.
    """
    # Only the end of a very long sentence can hold the attribution of the quote that ends it.
    toks = before_tokens(masked, offset, start, span)
    return label(toks, text) or cue_before(toks, text)


def before_tokens(masked: str, offset: int, start: int, span: Span) -> list:
    """Return the words from `start` to the quote; only the end of a very long sentence can attribute it."""
    return tokens_between(masked, offset, max(start, span.open_at - 600), span.open_at)


def label(toks: list, text: str) -> Attribution | None:
    """Read a transcript line, "Bush: “…”" or "Pollsters agree - Carl Bialik: “…”", which names its speaker."""
    lead = next((k + 1 for k in range(len(toks) - 2, -1, -1) if toks[k].text in ("—", "–", "―", "-", "from")), 0)
    # "One sign reads: “…” Another: “…”": a determiner standing alone before the colon names nobody.
    alone = len(toks) - lead == 2 and toks[lead].text.lower() in lexicon.determiners()
    if len(toks) - lead >= 2 and toks[-1].text == ":" and len(toks) - lead <= 6 and not alone \
            and all(phrases.is_name_word(t.text) or t.text == "and" and k > lead
                    for k, t in enumerate(toks[lead:-1], lead)):
        named = phrases.name_mention(toks[lead:-1], text)
        if named:
            return Attribution(named[0], ":", named[1], Rule.LABEL)
    return None


def cue_before(toks: list, text: str) -> Attribution | None:
    """Read the nearest cue before the quote: `X said: “…”`, `X told AFP “…”`, `According to X, … “…”`."""
    for i in range(len(toks) - 1, -1, -1):
        word = toks[i].text
        if word.lower() == "according" and i + 2 < len(toks) and toks[i + 1].text.lower() == "to":
            found = following.forward(toks, i + 2, text)
            if found:
                return Attribution(found[0], "according to", found[1], Rule.ACCORDING)
        lemma = is_cue(toks, i)
        if not lemma:
            continue
        if i > 0 and toks[i - 1].text.lower() in _PASSIVE_MARKERS and word.endswith("ed") and lemma != "say":
            # "X is described as a “…”": X is what is described; the words belong to whoever describes it,
            # named by "by"/"in" after the verb or by an opening "In one of the leaks,".
            agent = _passive_agent(toks, i, text)
            if agent:
                return Attribution(agent[0], cue_phrase(toks, i, lemma), agent[1], Rule.PASSIVE)
            continue
        found = _speaker_of_cue(toks, i, text)
        if found:
            found = _issuer(toks, found, text) or found
            return Attribution(found[0], cue_phrase(toks, i, lemma), found[1], Rule.CUE_BEFORE)
        if word in ("said", "says", "told", "wrote") or i < len(toks) - 1:
            continue
    return None


def _speaker_of_cue(toks: list, i: int, text: str) -> phrases.Found | None:
    """Return who speaks through the cue at toks[i], before or after it, or None."""
    word = toks[i].text
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
        found = following.forward(toks, i + 1, text)
        rest = [t.text for t in toks if found and t.start >= found[0].end]
        # "…, said Smith, and Jones disagreed: “…”": a new clause with a subject of its own intervenes.
        new_clause = any(w in ("and", "but") and (phrases.is_name_word(n) or phrases.is_pronoun(n))
                         for w, n in zip(rest, rest[1:]))
        if rest and not (rest[-1] in (",", ":") and len(rest) <= 25) or new_clause:
            found = None
    if found is None and word.endswith("ing"):
        # "Carson shared a syllabus on his page, writing “…”": the participle's subject opens the clause.
        found = phrases.clause_subject(toks, i, text)
    return found


def _issuer(toks, found, text: str):
    """Return who issued a writing that speaks ("the Commission issued a statement warning that …")."""
    mention = found[0]
    words = mention.text.split()
    if mention.pronoun or not words or words[-1].lower() not in lexicon.words("writings.txt"):
        return None
    k = next((n for n, t in enumerate(toks) if t.start == mention.start), 0) - 1
    if k < 1 or not toks[k].text.islower() or not toks[k].text.endswith("ed") or is_cue(toks, k):
        return None  # "issued", "released", "sent": a verb whose subject wrote it
    subject = phrases.clause_subject(toks, k, text)
    if subject and not subject[0].pronoun and subject[0].text.split()[-1].lower() not in lexicon.words("writings.txt"):
        return subject
    return None


def owner_of_speech(toks, text: str) -> Attribution | None:
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
            return Attribution(mention, noun, names.name_kind(name), Rule.OWNER)
        if not toks[j].text.islower():
            return None
    return None


def _passive_agent(toks, i: int, text: str):
    """Return who speaks through a passive cue at toks[i] ("described by Y", "In Y, X is described")."""
    for k in range(i + 1, min(len(toks) - 1, i + 4)):
        if toks[k].text.lower() in ("by", "in"):
            found = following.forward(toks, k + 1, text)
            if found and not found[0].pronoun:
                return found
        if toks[k].text.lower() == "as":
            break
    first = 0
    if toks and toks[first].text.lower() in ("in", "according") and "," in [t.text for t in toks[:i]]:
        begin = first + (2 if toks[first].text.lower() == "according" else 1)
        found = following.forward(toks, begin, text)
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
        last = len(toks) - 1
        return Attribution(found[0], cue_phrase(toks, last, is_cue(toks, last)), found[1], Rule.CUE_ENDS_SENTENCE)
    return None


def introducer(text: str, masked: str, offset: int, start: int, end: int) -> Attribution | None:
    """Return the subject of a sentence that introduces a quote with a colon ("X issued a statement:")."""
    toks = tokens_between(masked, offset, start, end)
    found = phrases.clause_subject(toks, len(toks) - 1, text) if toks else None
    if found:
        return Attribution(found[0], ":", found[1], Rule.COLON)
    return None




def _claimant(toks, i: int, text: str):
    """Return who a claim at toks[i] comes from when the text names them: "directives from Xi", "a vow by X"."""
    if i + 2 < len(toks) and toks[i + 1].text in ("from", "by"):
        found = following.forward(toks, i + 2, text)
        if found is not None and not found[0].pronoun and found[0].text[:1].isupper():
            return found
    return None


def attribute_fragment(text: str, masked: str, offset: int, start: int, span: Span) -> Attribution | None:
    """Credit a quote inside a clause to that clause's subject: "X warned that Y “will not sit on our hands”".

    The nearest verb of saying or of stance ("cheered the “historic” move") before the quote in its
    sentence decides; a verb used as a noun ("the report") or a passive without agent decides nothing.
    """
    toks = tokens_between(masked, offset, start, span.open_at)
    for i in range(len(toks) - 1, -1, -1):
        word = toks[i].text
        if word in lexicon.naming_words():
            return None  # "a box labeled “…”", "known as the “…”": a name or a term, not anyone's words
        if word in lexicon.words("claim_nouns.txt"):
            owner = _claimant(toks, i, text)
            if owner is not None:
                return Attribution(owner[0], word, owner[1], Rule.FRAGMENT)
        lemma = lexicon.cue_words().get(word) or lexicon.stance_words().get(word)
        if not lemma or not word.islower() or len(lemma.split()) > 1:
            continue
        prev = toks[i - 1].text.lower() if i else ""
        if prev in lexicon.determiners() or prev in _PASSIVE_MARKERS or prev.endswith(("’s", "'s")):
            return None
        found = phrases.backward(toks, i, text)
        if found is None or found[0].pronoun and found[0].text.lower() in ("it", "that", "which", "this"):
            return None
        return Attribution(found[0], word, found[1], Rule.FRAGMENT)
    return None
