"""Link a description ("the group", "his aunt", "a report from X") to the name the document gives it."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import lexicon

# A proper name: two to five capitalised words (particles and initials inside), or one written in capitals.
_WORD = r"[A-Z](?:\.|[\w’'&-]*)"
_NAME = r"(?:" + _WORD + r"(?: (?:of|de|van|von|der|al|bin|la|le)\b)? ){1,4}" + _WORD + r"|[A-Z]{2,}[\w&-]*"
# What a document-like thing credits its words to: "a report from Kotak", "a 2018 survey by Penelope Abernathy".
_BY = re.compile(r"\s+(?:from|by)\s+(?:the\s+)?(" + _NAME + ")")
# A name in apposition right after the description: "his aunt, Jane Starner,", "The group, WeWorkers Coalition,".
_APPOSED = re.compile(r",\s+(" + _NAME + r")\s*[,.;:—–]")
# Words that end a name run read by the patterns above but belong to the sentence.
_TRAILING = frozenset({"said", "says", "told", "has", "had", "was", "is", "who", "and", "or", "in", "on", "at"})


def named(text: str, start: int, end: int, kind: str) -> str:
    """Return the name the document gives the description text[start:end], or "" when it names none.

    Read in order: a name in apposition right after it; "from"/"by" after a document that speaks
    ("a report from Kotak"); the same description written elsewhere right before a name ("China’s
    ambassador to Britain Liu Xiaming").
    """
    phrase = text[start:end]
    words = phrase.split()
    if not words or not _descriptive(words):
        return ""
    head = words[-1].lower().rstrip(",.")
    after = text[end:end + 120]
    if head in lexicon.words("writings.txt"):
        # A document's name in commas is its title ("the book, Living History,"); who wrote it may follow "by".
        m = _BY.match(after)
        return _trim(m.group(1)) if m and _plausible(m.group(1)) else ""
    m = _APPOSED.match(after)
    if m and _plausible(m.group(1)):
        return _trim(m.group(1))
    return _elsewhere(text, words, kind)


def _descriptive(words: list[str]) -> bool:
    """Say whether a phrase is a description: an article or a possessive, then a lower-case head noun."""
    first = words[0].lower()
    opens = first in lexicon.determiners() or words[0].endswith(("’s", "'s"))
    return opens and len(words) <= 6 and words[-1][:1].islower()


def _elsewhere(text: str, words: list[str], kind: str) -> str:
    """Find the description written right before a name elsewhere: "China’s ambassador to Britain Liu Xiaming"."""
    core = tuple(words[1:] if words[0].lower() in lexicon.determiners() else words)
    if not core:
        return ""
    body = " ".join(core)
    places = _occurrences(text, body)
    if len(places) < 2:  # the description is written only here: only a title can name it
        return _by_title(text, core[-1].lower()) if len(core) >= 2 else ""
    # "The group, WeWorkers Coalition, formed": the same description with a name in commas after it.
    for at in places:
        m = _APPOSED_AT.match(text, at + len(body))
        if m and _plausible(m.group(1)):
            return _trim(m.group(1))
    if len(core) < 2:
        return ""  # "the president" alone may be any president the text names; "China’s ambassador" is one
    for at in places:
        m = _BEFORE_AT.match(text, at + len(body))
        name = _trim(m.group(1)) if m else ""
        if name and _plausible(name) and (kind != "person" or len(name.split()) >= 2):
            return name
    return _by_title(text, core[-1].lower())


_APPOSED_AT = re.compile(r",\s+(" + _NAME + r"),")
_BEFORE_AT = re.compile(r"(?:\s+(?:to|of|for|at|in)\s+(?:the\s+)?[A-Z][\w’'-]*)?\s+(" + _NAME + ")")
_NAME_AT = re.compile(r"\s+(" + _NAME + ")")
_NOT_THE_HOLDER = ("vice ", "deputy ", "former ")


def _occurrences(text: str, phrase: str) -> list[int]:
    """Return where `phrase` stands in `text` as whole words."""
    found, at = [], text.find(phrase)
    while at != -1:
        end = at + len(phrase)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            found.append(at)
        at = text.find(phrase, end)
    return found


def _by_title(text: str, head: str) -> str:
    """Return the one person the text gives the title a head noun stands for ("premier": Prime Minister X)."""
    lowered = text.lower()
    found = set()
    for title in _synonyms().get(head, (head,)):
        for at in _occurrences(lowered, title):
            if lowered[max(0, at - 8):at].endswith(_NOT_THE_HOLDER):
                continue  # "Vice President X" is not the president
            m = _NAME_AT.match(text, at + len(title))
            name = _trim(m.group(1)) if m else ""
            if name and _plausible(name) and len(name.split()) >= 2:
                found.add(name)
    return found.pop() if len(found) == 1 else ""


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, tuple[str, ...]]:
    table = {}
    for line in lexicon.words("title_synonyms.txt"):
        head, _, titles = line.partition(":")
        table[head.strip()] = tuple(t.strip() for t in titles.split(",") if t.strip())
    return table


def _trim(name: str) -> str:
    words = name.split()
    while words and words[-1].lower() in _TRAILING:
        words.pop()
    return " ".join(words).rstrip(".,")


def _plausible(name: str) -> bool:
    """Say whether a run of capitals can be a name rather than a sentence opening or a heading."""
    words = _trim(name).split()
    return bool(words) and words[0].lower() not in lexicon.determiners() and not any(
        w.lower() in lexicon.cue_words() and w.islower() for w in words)


def stands_for(phrase: str, shown: str, earlier: str, kind: str) -> bool:
    """Say whether a bare description ("said the actor") stands for the speaker of the quote just before.

    Only "the" and one noun that is no office or generic person ("the president", "the official" may be
    anyone the text names), shown as written, and a person noun for a person, a body's for a body.
    """
    words = phrase.split()
    if len(words) != 2 or words[0].lower() != "the" or shown != phrase or not words[1].isalpha() \
            or not words[1].islower() or earlier == shown or words[1] in lexicon.title_words():
        return False
    noun = lexicon.nouns().get(words[1])
    if noun == "person" or words[1].endswith("s"):
        return False  # "the official", "the aides": any of those the text names
    if words[1] in lexicon.words("writings.txt"):
        return False  # "the letter", "the report": a writing speaks for itself unless the text says whose
    return (kind == "person") == (noun is None)
