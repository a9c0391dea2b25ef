"""Verbs and phrases of saying: whether a token is a cue, and the cue phrase as written."""
from __future__ import annotations

from .. import lexicon
from .tokens import Tok

# Cue forms that are a cue wherever they stand, even where the same spelling could be a noun.
_ALWAYS = frozenset({"said", "says", "told", "tells", "wrote", "writes", "asked", "added"})


def is_cue(toks: list[Tok], i: int, after_quote: bool = False) -> str:
    """Return the cue lemma if token i is a verb of saying in this position."""
    word = toks[i].text
    cues = lexicon.cue_words()
    if word not in cues:
        if i or word.lower() not in cues:
            return ""
        word = word.lower()  # "Said Comey, “…”": a cue can open its sentence
    if i + 1 < len(toks) and toks[i + 1].text in _COPULAS:
        return ""  # "the letter Mike wrote was “…”": a relative clause, whose verb says nothing of the quote
    rest = cues[word].split()[1:]
    if rest and [t.text.lower() for t in toks[i + 1:i + 1 + len(rest)]] != rest:
        return ""  # "put" is a cue only in "put it", "shot" only in "shot back"
    # Straight after a quote's closing comma ("…," read the statement) a verb form can only be the cue.
    if after_quote and i == 0:
        return cues[word]
    if word in lexicon.ambiguous_cues() and word not in _ALWAYS:
        if after_quote and 1 < i <= 3 and toks[0].text.lower() in lexicon.determiners() \
                and all(t.text.islower() for t in toks[1:i]):
            return cues[word]  # "“Pictures!” the clergyman continued": a subject and its verb after the quote
        k = i - 1
        while k > 0 and lexicon.is_adverb(toks[k].text):
            k -= 1  # "a reader would now ask": an adverb between
        prev = toks[k].text if i > 0 else ""
        if not prev or not (prev.lower() in lexicon.pronouns() or prev[0].isupper()
                            or prev.lower() in lexicon.auxiliaries() or prev.lower() in lexicon.nouns() or prev == ","):
            return ""
    return cues[word]


_COPULAS = frozenset({"was", "is", "were", "are"})


def is_ambiguous(cue: str) -> bool:
    """Say whether a cue phrase opens with a word that can also be a noun ("state", "report")."""
    first = cue.split()[0] if cue else ""
    return first in lexicon.ambiguous_cues() and first in lexicon.cue_words().values()


def cue_phrase(toks: list[Tok], i: int, lemma: str) -> str:
    """Return the cue as written: the verb, the rest of a phrase cue, or "told AFP"."""
    word = toks[i].text
    rest = lemma.split()[1:]
    if rest:
        return " ".join([word, *rest])
    if lemma == "tell" and i + 1 < len(toks) and toks[i + 1].text[0].isupper():
        return f"{word} {toks[i + 1].text}"
    return word
