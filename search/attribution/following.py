"""The noun phrase after a cue: “…,” said the senator from Ohio; said Paul Beck, a professor."""
from __future__ import annotations

from ..model import Mention
from .. import lexicon
from .gender import is_first_name
from .names import role_length
from .phrases import PUNCT, STOP_AFTER_CUE, Found, speaker_phrase, is_name_word, is_pronoun, name_mention, \
    noun_kind, pronoun
from .tokens import Tok


def forward(toks: list[Tok], begin: int, text: str) -> Found | None:
    """Read the noun phrase that starts at toks[begin] (the subject after "said")."""
    if begin >= len(toks):
        return None
    first = toks[begin].text
    if is_pronoun(first):
        return pronoun(toks[begin])
    if first[0] in PUNCT or first.lower() in lexicon.clause_words() and not (len(first) > 1 and first.isupper()):
        return None  # "adding that …": no subject follows the cue; "says WHO" names the World Health Organization
    i = begin
    while i < len(toks) and i - begin < 10:
        w = toks[i].text
        if w[0] in PUNCT or i > begin and (w.lower() in STOP_AFTER_CUE or w in lexicon.adverbs()
                                            or _adverb_last(toks, i)):
            break
        i += 1
    chunk = toks[begin:i]
    if not chunk:
        return None
    if any(is_name_word(t.text) for t in chunk) and all(
            is_name_word(t.text) or t.text.lower() in ("the", "of") or t.text.lower() in lexicon.title_words()
            for t in chunk):
        return name_mention(_before_of_place(chunk), text)
    run = _last_name_run(chunk)
    common_head = chunk[-1].text.islower() and chunk[0].text.lower() in lexicon.determiners()
    if run is not None and not common_head:  # "one of the Iranian leaks" is headed by "leaks", not a name
        return _described_name(chunk, run, text)
    head = chunk[-1].text
    if [t.text.lower() for t in chunk] in (["the", "other"], ["the", "others"]):
        # "“Matter!” exclaimed the other": the other one of two people, a speaker without a noun.
        start, stop = chunk[0].start, chunk[-1].end
        return Mention(start, stop, text[start:stop], name=text[start:stop]), \
            "person" if head.lower() == "other" else "group"
    if not speaker_phrase(chunk):
        return None
    if chunk[0].text.lower() in lexicon.determiners() or head.lower() in lexicon.nouns() or is_name_word(chunk[0].text):
        start, stop = chunk[0].start, chunk[-1].end
        phrase = text[start:stop]
        return Mention(start, stop, phrase, name=phrase), noun_kind(head)
    return None


def _before_of_place(chunk: list[Tok]) -> list[Tok]:
    """Cut "Stacey Plaskett of the Virgin Islands" after the person; "Bank of America" stays whole."""
    cut = next((k for k, t in enumerate(chunk) if t.text == "of"), None)
    if cut is None:
        return chunk
    words = [t.text for t in chunk[:cut]]
    name = words[role_length(words):]
    return chunk[:cut] if len(name) >= 2 and is_first_name(name[0]) else chunk


def _adverb_last(toks: list[Tok], i: int) -> bool:
    """Say whether toks[i] is an adverb ending a speaker phrase: "the lady pettishly," (not "an ugly man")."""
    word = toks[i].text
    after = toks[i + 1].text if i + 1 < len(toks) else ""
    return word.endswith("ly") and word.islower() and (not after or after[0] in PUNCT
                                                       or after.lower() in STOP_AFTER_CUE)


def _described_name(chunk: list[Tok], run: tuple[int, int], text: str) -> Found | None:
    """Read "said former tech executive Carly Fiorina": the words before the name are her role."""
    a, b = run
    named = name_mention(chunk[a:b], text)
    if not named:
        return None
    mention, kind = named
    start = chunk[0].start
    role = " ".join(x for x in (text[start:chunk[a].start].strip(), mention.role) if x)
    return Mention(start, mention.end, text[start:mention.end], name=mention.name, role=role), kind


def _last_name_run(chunk: list[Tok]) -> tuple[int, int] | None:
    """Return the bounds of the name in a phrase such as "conservative activist Bob Klaus of Derry"."""
    runs, k = [], 0
    while k < len(chunk):
        if is_name_word(chunk[k].text) and chunk[k].text[:1].isupper():
            a = k
            while k < len(chunk) and (is_name_word(chunk[k].text) or chunk[k].text in lexicon.particles()):
                k += 1
            after_of = a > 0 and chunk[a - 1].text.lower() == "of"
            runs.append((a, k, after_of))
        else:
            k += 1
    usable = [r for r in runs if not r[2] and r[1] - r[0] >= 2] or [r for r in runs if not r[2]]
    if not usable or chunk[0].text.lower() in lexicon.clause_words():
        return None
    a, b, _ = usable[-1]
    return a, b


