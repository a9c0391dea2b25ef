"""Noun phrases that name a speaker next to a cue: one function per construction."""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Mention
from .. import lexicon
from .cues import is_cue
from .gender import of_first_name
from .names import is_place, is_state, name_kind, role_length
from .tokens import MASK, Tok, capitalised_inside, is_initial, lower_words

Found = tuple[Mention, str]  # a mention and what it refers to: person | group | thing | writer

PUNCT = ",;:()—–" + MASK
_PLACE_BEFORE = frozenset({"of", "in", "from"})
# Words after which the auxiliary-skipping stops: they belong to the cue's own phrase ("went on to say").
_KEEP_BEFORE_CUE = ("told", "to", "on", "back")
STOP_AFTER_CUE = frozenset({
    "in", "on", "at", "during", "who", "which", "that", "after", "before", "when", "while", "about", "according",
    "to", "from", "for", "with", "as", "by", "and", "but", "last", "this", "told", "adding", "noting", "referring",
    "speaking", "because", "since", "if"})


_PARTY = re.compile(r"[DRI]-[A-Z][a-z]*\.?$")  # "(R-Wis.)": a party and a state, not a name


@lru_cache(maxsize=65536)
def is_name_word(word: str) -> bool:
    """Say whether a token can be part of a proper name."""
    if _PARTY.match(word):
        return False
    head, dash, rest = word.partition("-")
    if dash and head in lexicon.particles() and rest[:1].isupper():
        return True
    stop = word in lexicon.name_stops() or word.endswith(".") and word[:-1] in lexicon.name_stops() \
        and word.lower() not in lexicon.title_words()  # "Dec." is a month, "Mr." a title
    return (word[:1].isupper() or word in lexicon.particles()) and not stop or is_initial(word)


def noun_kind(head: str) -> str:
    """Say what a common noun heading a speaker phrase refers to: person, group or thing."""
    head = head.lower().rstrip("’'s") if head.endswith(("’s", "'s")) else head.lower()
    known = lexicon.nouns().get(head)
    if known:
        return known
    return "group" if head.endswith("s") and not head.endswith("ss") else "thing"


def pronoun(tok: Tok) -> Found:
    """Return the mention of a pronoun."""
    return Mention(tok.start, tok.end, tok.text, pronoun=True), lexicon.pronouns()[tok.text.lower()]


def is_pronoun(word: str) -> bool:
    """Say whether a word is a speaker pronoun ("WHO" and "US" in capitals are names)."""
    return word.lower() in lexicon.pronouns() and not (len(word) > 1 and word.isupper() and word != "I")


# ---- the subject before a cue ---------------------------------------------------------------------

def backward(toks: list[Tok], end: int, text: str) -> Found | None:
    """Read the noun phrase that ends just before toks[end] (the subject of a cue)."""
    i = _skip_to_subject(toks, end)
    if i < 0:
        return None
    word = toks[i].text
    if word.lower() in ("and", "but"):
        # "X sent his man to Tehran and said": the subject of a coordinated verb opens the clause.
        return clause_subject(toks, i, text)
    if is_pronoun(word):
        return pronoun(toks[i])
    if word.lower() in ("who", "which") and i > 0:
        return relative(toks, i, text)
    if word == ",":
        return appositive(toks, i, text)
    if is_name_word(word) or (word.endswith(("’s", "'s")) and word[0].isupper()):
        place = _place_start(toks, i)
        if place is not None:
            # "Rawlings, 59, of Ashton, Md., who watched …, said": a place and its state end the phrase.
            return appositive(toks, place - 1, text) if place >= 1 and toks[place - 1].text == "," \
                else _before_place(toks, place, text)
        return _over_preposition(toks, proper_name_before(toks, i, text), text, _name_start(toks, i))
    found = common_noun_before(toks, i, text)
    if found is None and (word.isdigit() or word.lower() in _NUMBER_WORDS):
        return _over_preposition(toks, None, text, i)  # "the 34-year-old mother of three replied"
    return _over_preposition(toks, found, text)


def _phrase_end(toks: list[Tok], j: int) -> int:
    """Return where the run of name words that starts at toks[j] ends."""
    k = j + 1 if toks[j].text.lower() == "the" else j
    while k + 1 < len(toks) and is_name_word(toks[k + 1].text):
        k += 1
    return toks[k].end


def _name_start(toks: list[Tok], i: int) -> int:
    """Return where the run of name words (with "the") that ends at toks[i] starts."""
    j = i
    while j - 1 >= 0 and is_name_word(toks[j - 1].text) and i - j < 8:
        j -= 1
    return j - 1 if j >= 1 and toks[j - 1].text.lower() == "the" else j


# Prepositions that tie a phrase to the people before it: "a spokesman for the Pentagon", "residents of Flint".
_TIED_BY = frozenset({"of", "for", "from", "in", "at", "with", "on", "near", "outside", "inside", "across",
                      "throughout", "through", "around", "within"})


def _over_preposition(toks: list[Tok], found: Found | None, text: str, j: int | None = None) -> Found | None:
    """Widen "the Pentagon" to "a spokesman for the Pentagon": the people before a preposition are the subject.

    A participle may stand between them: "Protesters marching through the streets chanted". `j` is where the
    phrase starts when it is a place that is no speaker by itself ("Officials in Washington said").
    """
    if found is not None and found[0].pronoun:
        return found
    if found is not None:
        j = next((k for k, t in enumerate(toks) if t.start == found[0].start), None)
    if j is None or j < 2 or toks[j - 1].text.lower() not in _TIED_BY:
        return found
    h = j - 2
    if toks[h].text.endswith("ing") and toks[h].text.islower() and h >= 1:
        h -= 1
    people = common_noun_before(toks, h, text)
    if people is None or noun_kind(toks[h].text) not in ("person", "group") \
            or toks[h].text.lower() not in lexicon.nouns() and not toks[h].text.endswith("s"):
        return found
    start, stop = people[0].start, found[0].end if found is not None else _phrase_end(toks, j)
    phrase = text[start:stop]
    return Mention(start, stop, phrase, name=phrase), noun_kind(toks[h].text)


_DASHES = frozenset({"—", "–"})
_PARTY_TAG = re.compile(r"^[DRI]-[A-Z][A-Za-z.]*$")


def _skip_to_subject(toks: list[Tok], end: int) -> int:
    """Return the index of the last token of the subject, past auxiliaries, adverbs and a bracket."""
    i = end - 1
    auxiliaries = lexicon.auxiliaries()
    # A capitalised "Will" or "May" before the cue is a name, not an auxiliary.
    while i >= 0 and (toks[i].text in auxiliaries and toks[i].text not in _KEEP_BEFORE_CUE
                      or lexicon.is_adverb(toks[i].text) and i > 0):
        i -= 1
    if i >= 1 and toks[i].text == "," and toks[i - 1].text == ")":
        i -= 1
    if i >= 3 and toks[i].text == "," and _PARTY_TAG.match(toks[i - 1].text) and toks[i - 2].text == ",":
        i -= 3  # "Mitch McConnell, R-Ky., said": the party and state between commas sit between name and cue
    if i >= 1 and toks[i].text in _DASHES:
        # "John Dickey, the chief executive of Ora Media -- the company that owns it -- told me": an aside in dashes.
        k = next((k for k in range(i - 1, max(-1, i - 30), -1) if toks[k].text in _DASHES), -1)
        if k >= 1:
            i = k - 1
    if i >= 0 and toks[i].text == ")":
        # "Sen. Marco Rubio (R-Fla.) said": the party and state in brackets sit between name and cue.
        k = i - 1
        while k >= 0 and toks[k].text != "(" and i - k < 8:
            k -= 1
        if k >= 1 and toks[k].text == "(":
            i = k - 1
    return i


def relative(toks: list[Tok], i: int, text: str) -> Found | None:
    """Read "Mike Lee, who declared": the relative pronoun is the mention, its antecedent the speaker."""
    k = i - 1 if toks[i - 1].text != "," else i - 2
    antecedent = backward(toks, k + 1, text) if k >= 0 and toks[k].text not in ("who", "which") else None
    if antecedent and not antecedent[0].pronoun:
        t, (mention, kind) = toks[i], antecedent
        return Mention(t.start, t.end, t.text, name=mention.name, role=mention.role), kind
    return None


def appositive(toks: list[Tok], i: int, text: str) -> Found | None:
    """Read "X, the head of Y, said" (the subject before the commas) and "his aide, Joe Kasper, said"."""
    j = i - 1
    while j >= 0 and toks[j].text != "," and i - j < 25 and toks[j].text[0] != MASK:
        j -= 1
    if j < 0 or toks[j].text != "," or j + 1 >= i:
        return None
    j = _appositive_start(toks, j, i)
    inside = toks[j + 1:i]
    first = inside[0].text
    if first.lower() in lexicon.title_words() and first[:1].isupper() and j > 0 and is_name_word(toks[j - 1].text):
        # "Strauss Zelnick, CEO of Take-Two, adds": a name before the commas, its title inside them.
        named = proper_name_before(toks, j - 1, text)
        if named and not named[0].pronoun and named[1] == "person" and len(named[0].name.split()) >= 2:
            mention, kind = named
            return Mention(mention.start, mention.end, mention.text, name=mention.name,
                           role=text[inside[0].start:inside[-1].end]), kind
    place = _place_start(toks, i - 1) if len(inside) == 1 else None
    if place is not None:
        # "Rawlings, 57, of Bowie, Md., said": a place and its state stand between the speaker and the cue.
        return appositive(toks, place - 1, text) if place >= 1 and toks[place - 1].text == "," \
            else _before_place(toks, place, text)
    if all(is_name_word(t.text) or t.text.lower() in lexicon.title_words() for t in inside):
        # "Hunter’s chief of staff, Joe Kasper, told": the name in the commas is the speaker.
        if _opens_appositive(toks, j, after_name=True):
            # "Prince Andrew, the brother of heir to the throne, Charles, has told": the name ends the description.
            return appositive(toks, j, text)
        named = name_mention(inside, text)
        if named and j > 0 and not is_pronoun(toks[j - 1].text):
            return named
    described = any(t.text[0].islower() and t.text.lower() not in lexicon.clause_words() for t in inside)
    if not (first.lower() in lexicon.determiners() or first.lower() in ("who", "which", "whose") or first[0].islower()
            or first.lower() in lexicon.title_words() or first[0].isdigit() or described):
        return None
    # "Scott Pruitt, the attorney general of Oklahoma, one of the states suing, said": appositives stack.
    found = appositive(toks, j, text) if j >= 1 and _opens_appositive(toks, j) else None
    found = found or backward(toks, j, text)
    if not found:
        return None
    mention, kind = found
    role = "" if first.lower() in ("who", "which", "whose", "and") or first[0].isdigit() else \
        text[inside[0].start:inside[-1].end]
    return Mention(mention.start, mention.end, mention.text, role=role or mention.role, pronoun=mention.pronoun), kind


_ORG_ENDS = frozenset({"Inc.", "Inc", "Ltd.", "Ltd", "LLC", "Corp.", "Co.", "plc", "PLC", "L.P.", "LP", "S.A.", "AG",
                       "GmbH"})


def _appositive_start(toks: list[Tok], j: int, i: int) -> int:
    """Return the comma that opens an appositive whose last comma is toks[j], over "Dräger, Inc." and
    "in Munich, Germany, and co-author of the study": a company's suffix, a place, an appositive joined by "and"."""
    while True:
        inside = toks[j + 1:i]
        joined = inside[0].text == "and" and len(inside) > 1 and inside[1].text[:1].islower()
        suffix = len(inside) == 1 and (inside[0].text in _ORG_ENDS or is_place(inside[0].text)) \
            or len(inside) > 2 and is_place(inside[0].text) and inside[1].text == ","
        if not (joined or suffix):
            return j
        k = _comma_before(toks, j)
        if k < 0 or toks[k].text != ",":
            return j
        j = k


def _comma_before(toks: list[Tok], j: int) -> int:
    """Return where the scan back from toks[j] to the comma before it stops: at that comma, at a masked quote, 25
    tokens back, or at -1; the caller checks for the comma."""
    k = j - 1
    while k >= 0 and toks[k].text != "," and j - k < 25 and toks[k].text[0] != MASK:
        k -= 1
    return k


def _before_place(toks: list[Tok], place: int, text: str) -> Found | None:
    """Read the subject before "in Washington, D.C.": past an appositive the place ends ("X, a scientist at Y in …")."""
    k = _comma_before(toks, place)
    if k >= 1 and toks[k].text == "," and k + 1 < place and (toks[k + 1].text.lower() in lexicon.determiners()
                                                             or toks[k + 1].text == "and"):
        found = appositive(toks, place, text)
        if found and not found[0].pronoun:
            return found
    return backward(toks, place, text)


def _place_start(toks: list[Tok], i: int) -> int | None:
    """Return where "of Bowie, Md." starts if toks[i] is a state after a place, else None."""
    if i < 3 or not is_name_word(toks[i].text) or toks[i - 1].text != ",":
        return None
    k = i - 2
    while k > 0 and is_name_word(toks[k].text) and toks[k - 1].text != "," and i - k < 5:
        if toks[k - 1].text.lower() in _PLACE_BEFORE:
            return k - 1
        k -= 1
    return None


def _opens_appositive(toks: list[Tok], j: int, after_name: bool = False) -> bool:
    """Say whether the words before the comma at toks[j] are themselves an appositive ("…, the head of Y,").

    With `after_name`, only one that follows a name and holds a preposition ("X, the brother of Y,").
    """
    k = _comma_before(toks, j)
    if k >= 1 and toks[k].text == "," and not after_name and k + 2 == j and toks[k + 1].text.isdigit():
        return True  # "Marley Anderson, 21, a junior from Las Vegas, said": an age before the appositive
    if not (k >= 1 and toks[k].text == "," and toks[k + 1].text.lower() in lexicon.determiners()):
        return False
    return not after_name or is_name_word(toks[k - 1].text) and any(t.text in ("of", "to") for t in toks[k + 1:j])


def proper_name_before(toks: list[Tok], i: int, text: str) -> Found | None:
    """Read the proper name that ends at toks[i] ("Lieutenant General Hatem al-Maksusi", "The Times")."""
    if i == 0 and _ordinary_word(toks[0].text, text):
        return None  # "Likewise, …", "Each said": a capitalised word opening the sentence, not a name
    j = i
    while j - 1 >= 0 and (is_name_word(toks[j - 1].text) or toks[j - 1].text.lower() == "of" and j - 2 >= 0
                          and toks[j - 2].text[:1].isupper()) and i - j < 8 \
            and not text[toks[j - 1].end:toks[j].start].strip():  # 'True.">Sanders': markup splits two names
        j -= 1
    while j <= i and toks[j].text.lower() in ("of", *lexicon.particles()) and not toks[j].text[0].isupper():
        j += 1
    if j > i:
        return None
    if j - 1 >= 0 and toks[j - 1].text.lower() == "the":
        j -= 1
    return name_mention(toks[j:i + 1], text)


def _ordinary_word(word: str, text: str) -> bool:
    """Say whether a capitalised word is an ordinary word: capitalised only where sentences start, and no first name."""
    bare = word.rstrip(".")
    return bare.lower() not in lexicon.title_words() and not of_first_name(bare) \
        and bare not in capitalised_inside(text) and bare.lower() in lower_words(text)


def _headed(toks: list[Tok], j: int, i: int, found_det: bool) -> bool:
    """Say whether toks[j..i] can be a speaker: a determiner opens it, or a person noun is its head."""
    head, nouns = toks[i].text.lower(), lexicon.nouns()
    if not found_det and not (j == i and head.rstrip("s") in nouns):
        return False
    if j == i:
        return head in nouns
    return toks[j].text.lower() in lexicon.determiners() or head in nouns


def common_noun_before(toks: list[Tok], i: int, text: str) -> Found | None:
    """Read a common-noun phrase ending at toks[i]: "the cable", "one of the cables", "the prime minister’s office"."""
    head = toks[i]
    determiners, nouns = lexicon.determiners(), lexicon.nouns()
    if not head.text[0].isalpha() or head.text.lower() in determiners:
        return None
    j = i
    found_det = head.text.lower() in nouns
    bare_left = None
    k = i - 1
    while k >= 0 and i - k <= 7:
        w = toks[k].text
        if w[0] in PUNCT or is_cue(toks, k):
            break
        if w.lower() in determiners:
            j, found_det = k, True
            if w.lower() == "one" or (k >= 2 and toks[k - 1].text.lower() == "of"
                                      and toks[k - 2].text.lower() in determiners):
                k -= 1
                continue
            if k >= 2 and toks[k - 1].text.lower() == "of":
                k -= 1
                continue
            break
        if w.lower() in lexicon.auxiliaries() or w.lower() in lexicon.clause_words() or w.endswith("ly"):
            break
        if w.lower() == "of" or w[0].isupper() or is_name_word(w) or w.lower() in nouns or w.endswith(("’s", "'s")) \
                or w.islower():
            if not any(t.text.lower() in determiners for t in toks[k:i]) and i - k < 3 and w.lower() != "of":
                bare_left = k
            k -= 1
            continue
        break
    if j == i and bare_left is not None and head.text.lower() in nouns:
        j = bare_left
    if not _headed(toks, j, i, found_det):
        return None
    if j >= 2 and toks[j - 1].text == "by" and toks[j - 2].text.endswith(("ed", "en")):
        # "The constitution established by the regime declared": the agent of a participle is not the subject.
        return backward(toks, j - 2, text) if j - 2 > 0 else None
    if not speaker_phrase(toks[j:i + 1]):
        return None
    start, stop = toks[j].start, head.end
    phrase = text[start:stop]
    return Mention(start, stop, phrase, name=phrase), noun_kind(head.text)


_OPENERS = frozenset({"according", "in", "on", "at", "after", "during", "as", "but", "and", "yet", "still", "however",
                      "meanwhile", "later", "with", "despite", "amid", "although", "though", "while", "when", "because",
                      "since", "before", "if", "unlike"})


_CONJUNCTIONS = frozenset({"And", "But"})
_CONJUNCTION_ADVERBS = frozenset({"then", "now", "so", "still", "later", "finally", "also"})


def _after_opener(toks: list[Tok], begin: int, end: int) -> int | None:
    """Return where a clause's subject starts, past an opening phrase or clause; None when it cannot be told."""
    if begin < end and toks[begin].text.lower() in _OPENERS:
        comma = next((k for k in range(begin, end) if toks[k].text == ","), None)
        if comma is None and toks[begin].text in _CONJUNCTIONS:
            # "And then Trump went on the attack, saying": a conjunction opening the sentence, then its subject.
            return begin + (2 if begin + 2 < end and toks[begin + 1].text.lower() in _CONJUNCTION_ADVERBS else 1)
        if comma is None:
            return None
        begin = comma + 1
        if begin + 1 < end and toks[begin].text.isdigit() and toks[begin + 1].text == ",":
            begin += 2  # "On July 6, 2015, Sanders …": the year closes the date
        return begin
    # "Eight years ago, he …" / "Over the years, she …": an opening phrase before the subject.
    comma = next((k for k in range(begin, min(end, begin + 8)) if toks[k].text == ","), None)
    if comma is not None and comma + 1 < end and not is_pronoun(toks[begin].text) and (
            is_pronoun(toks[comma + 1].text) or is_name_word(toks[comma + 1].text)):
        return comma + 1
    return begin


def clause_subject(toks: list[Tok], end: int, text: str) -> Found | None:
    """Return the subject that opens the clause ending at toks[end]."""
    begin = 0
    for k in range(end - 1, -1, -1):
        if toks[k].text[0] in ";:" + MASK:
            begin = k + 1
            break
    # "…, said Smith, and Jones disagreed": a clause coordinated after a comma has a subject of its own.
    for k in range(end - 2, begin, -1):
        if toks[k].text in ("and", "but") and toks[k - 1].text == ",":
            # "…, and at last Miss Bartlett rose": a short adverbial may stand before that subject.
            m = k + 1
            adverbial = lexicon.words("leading_adverbials.txt")
            while m < min(end, k + 4) and (toks[m].text in adverbial or toks[m].text.endswith("ly")):
                m += 1
            if m < end and (is_name_word(toks[m].text) or is_pronoun(toks[m].text)):
                begin = m
                break
    while begin < end and toks[begin].text in _DASHES:
        begin += 1  # "… over it.”--Even Mr. Weston shook his head": a dash after a quote opens the clause
    opened = _after_opener(toks, begin, end)
    if opened is None or opened >= end:
        return None
    begin = opened
    first = toks[begin].text
    if is_pronoun(first):
        return pronoun(toks[begin])
    if is_name_word(first) or first == "The" \
            or first == "the" and begin + 1 < end and is_name_word(toks[begin + 1].text):
        k = begin + 1
        while k < end and (is_name_word(toks[k].text) or toks[k].text.lower() == "of") and k - begin < 8:
            k += 1
        if (first == "The" or first.endswith(("’s", "'s"))) and k == begin + 1:
            return _noun_subject(toks, begin, end, text)  # "The piece used …:", "China’s ambassador warned"
        return name_mention(toks[begin:k], text)
    if first.lower() in lexicon.determiners():
        return _noun_subject(toks, begin, end, text)
    return None


def _noun_subject(toks: list[Tok], begin: int, end: int, text: str) -> Found | None:
    """Read "the piece", "a new study" opening a clause: an article, at most two modifiers, a speaker noun."""
    for k in range(begin + 1, min(end, begin + 4)):
        word = toks[k].text.lower()
        if not toks[k].text.islower():
            return None
        if word in lexicon.nouns():
            start, stop = toks[begin].start, toks[k].end
            phrase = text[start:stop]
            return Mention(start, stop, phrase, name=phrase), noun_kind(word)
    return None


def speaker_phrase(chunk: list[Tok]) -> bool:
    """Say whether a common-noun phrase can name a speaker: it ends on a noun and holds no verb.

    "the president as", "the candidate could be", "a court document filed", "a $100", "that morning"
    are pieces of a clause or a time, not who spoke.
    """
    head = chunk[-1].text
    low = head.lower()
    if not head[:1].isalpha() or low in lexicon.clause_words() or low in lexicon.determiners() \
            or low in lexicon.auxiliaries() or low in lexicon.not_heads():
        return False
    if low.endswith("ed") and len(chunk) > 2 and low not in lexicon.nouns():
        return False  # "a court document filed"; a two-word "the accused" may still speak
    return not any(t.text.lower() in _VERBS_INSIDE for t in chunk[1:])


# Words that make a would-be noun phrase a clause ("the candidate could be").
_VERBS_INSIDE = frozenset({"could", "would", "should", "can", "will", "may", "might", "must", "is", "was", "are",
                           "were", "be", "been", "has", "have", "had", "do", "does", "did"})


_NUMBER_WORDS = frozenset({"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "many",
                           "some", "both", "all"})


def name_mention(chunk: list[Tok], text: str) -> Found | None:
    """Build a mention from name tokens, moving leading titles into the role."""
    # "Finally Marilla", "Presently Mrs Rattery": an adverb opening the sentence is not part of the name.
    while len(chunk) > 1 and chunk[0].text[:1].isupper() and chunk[0].text.lower() not in lexicon.title_words() \
            and (chunk[0].text.endswith("ly") or chunk[0].text.lower() not in lexicon.determiners()
                 and _ordinary_word(chunk[0].text, text)):
        chunk = chunk[1:]  # "Even Mr. Weston": a word the text writes in lower case opens the sentence
    words = [t.text for t in chunk]
    lowered = [w.lower() for w in words]
    k = role_length(words)
    start, stop = chunk[0].start, chunk[-1].end
    phrase = text[start:stop]
    name = text[chunk[k].start:stop]
    role = text[start:chunk[k - 1].end] if k else ""
    if name.endswith(("’s", "'s")) or is_state(name):
        return None  # a possessive qualifies something else; "WASHINGTON —" and "Calif." are where, not who
    kind = "thing" if name.lower().startswith("the ") and k == 0 else name_kind(name)
    if lowered[0] in lexicon.determiners() or lowered[0] in _NUMBER_WORDS:
        kind = "group"  # "Two Italians", "Some Democrats": several people, not one
    return Mention(start, stop, phrase, name=name, role=role), kind
