"""The name shown: a name split from the words glued before it, by the first-name list and the document's own usage."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import lexicon
from . import gender, names
from .tokens import capitalised_inside, is_initial, lower_words

# "IL-25. Locksley", "Wee. The CDC": a full stop after a word that is neither an initial nor an abbreviation.
_SENTENCE_BREAK = re.compile(r"(?<=[\w)\]])\.\s+(?=[A-Z])")


def split_name(name: str, text: str) -> tuple[str, str]:
    """Return (words glued before the name, the name): "Singer-guitarists Tom Johnston" -> Tom Johnston.

    A leading word goes when it is no first name and either a sure first name follows it before the
    last word ("Rival Hillary Clinton", "Lt Col Alexander Vindman"), or the document writes the rest of the name
    without it and writes the word in lower case ("Both Johnson" beside "both" and "supporting Johnson"), or a
    sentence ends before it.
    """
    lead = []
    for m in _SENTENCE_BREAK.finditer(name):
        if _ends_sentence(name[:m.start()]):
            lead, name = [name[:m.start()] + "."], name[m.end():]  # the last sentence's words are the name
    words = name.split()
    # "The Blaze’s Matt Walsh", "CNN's Jake Tapper": whose person someone is stands before the name, not in it.
    owner = max((k + 1 for k, w in enumerate(words[:-2]) if w.endswith(("’s", "'s"))), default=0)
    if owner and gender.is_first_name(words[owner]):
        lead.extend(words[:owner])
        words = words[owner:]
    while len(words) >= 2 and _glued(words, text):
        lead.append(words.pop(0))
    return " ".join(lead), " ".join(words)


_CONTRACTION = re.compile(r"[’'](?:ve|re|ll|d|m)$", re.IGNORECASE)


def never_a_speaker(name: str, text: str) -> bool:
    """Say whether a name shown is no speaker: a media word or credit ("Video", "Getty Images Image"), a
    contraction ("We’ve"), or one word the text writes in lower case and capitalises only opening a sentence."""
    words = name.split()
    if not words:
        return False
    folded = [w.lower().strip(".,:;") for w in words]
    if " ".join(folded) in lexicon.not_speakers() or all(w in lexicon.not_speakers() for w in folded):
        return True
    if _CONTRACTION.search(words[-1]):
        return True
    if any(m.group(1) in (words[0], name) for m in _LINK_CARD.finditer(name)):
        return True  # "Alexandria Ocasio-CortezAlexandria Ocasio-Cortez…": a link card's name run into itself
    word = words[0]
    return len(words) == 1 and word[:1].isupper() and not word.isupper() \
        and word.lower() in lower_words(text) and word not in capitalised_inside(text)


# A lower-case letter run straight into a capitalised word: where a page glued two link texts together.
_LINK_CARD = re.compile(r"(?<=[a-z])([A-Z][\w’'-]*)")


def _ends_sentence(piece: str) -> bool:
    """Say whether the full stop after `piece` ends a sentence: its last word is no initial, title or abbreviation."""
    last = piece.split()[-1] if piece.split() else ""
    bare = last.lower().rstrip(".")
    return not (is_initial(last + ".") or len(bare) <= 1 or bare in lexicon.title_words()
                or last + "." in lexicon.abbreviations() or bare + "." in lexicon.abbreviations())


def _glued(words: list[str], text: str) -> bool:
    """Say whether the first word of a name is a word glued before it rather than part of it."""
    first = words[0]
    if names.name_kind(" ".join(words)) == "thing":
        return False  # "New York Times": an organisation's name keeps its words
    if len(words) >= 3 and words[1].lower() in lexicon.title_words() and not gender.first_name_is_sure(first) \
            and any(gender.is_first_name(w) for w in words[2:-1]):
        return True  # "German Chancellor Angela Merkel": an adjective before a title
    if gender.is_first_name(first) or is_initial(first) or first.lower() in lexicon.particles() \
            or not first[:1].isupper() or first.lower() == "the":
        return False
    if len(words) >= 3 and any(gender.first_name_is_sure(w) for w in words[1:-1]):
        return True  # "German Chancellor Angela Merkel", "Lt Col Alexander Vindman"
    if len(words) >= 3 and names.is_place(first) and gender.is_first_name(words[1]):
        return True  # "China’s ambassador to Britain Liu Xiaming": the place ends the title before the name
    if first.lower().rstrip(".,") in lexicon.title_words():
        return False
    # "Both Johnson": a common word the text writes in lower case, before a name it writes alone.
    common = first.lower() in lower_words(text) or "-" in first and all(
        part in lower_words(text) for part in first.lower().split("-"))  # "Day-by-day Schiff"
    return len(words) == 2 and common and _alone(words[1], text)


def _alone(word: str, text: str) -> bool:
    """Say whether the text writes `word` as a name without a capitalised word right before it."""
    if len(word) < 3 or word.lower() in lower_words(text):
        return False
    return any(not prev or not prev[:1].isupper() for prev in _words_before(word, text))


@lru_cache(maxsize=256)
def _words_before(word: str, text: str) -> tuple[str, ...]:
    """Return the word before each whole-word occurrence of `word` ("" after a sentence's end or at the start)."""
    found, at = [], text.find(word)
    while at != -1:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            head = text[max(0, at - 40):at]
            prev = head.split()[-1] if head[-1:].isspace() and head.split() else ""
            found.append("" if prev.endswith((".", "!", "?", ":", "“", "\"")) else prev)
        at = text.find(word, end)
    return tuple(found)
