"""Find the people and things a document refers to outside its quotes: names, pronouns and noun phrases."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from ..model import Paragraph
from .. import lexicon
from . import gender, phrases
from .names import is_courtesy, role_length
from .tokens import MASK, Tok, capitalised_inside, is_initial, lower_words, mask_quotes, sentence_bounds, tokens

# Words before a name that make it someone else's relative: "the younger Mr. Trump".
_RELATIVE_BEFORE = frozenset({"younger", "elder", "older", "junior", "late"})
_KIN = frozenset({"son", "sons", "daughter", "daughters", "wife", "husband", "father", "mother", "brother", "sister",
                  "uncle", "aunt", "nephew", "niece", "cousin", "grandson", "granddaughter", "grandfather",
                  "grandmother", "widow", "widower", "fiancé", "fiancée", "boyfriend", "girlfriend", "stepson",
                  "stepdaughter", "son-in-law", "daughter-in-law", "child", "children", "parents", "family"})
_POSSESSIVE_DETERMINERS = frozenset({"his", "her", "their", "its", "my", "our", "your"})
# After these a name or pronoun opens a clause of its own, so it is that clause's subject.
_CLAUSE_OPENERS = frozenset({",", ";", "and", "but", "then", "when", "while", "as", "so", "because", "that", "if",
                             "until", "after", "before", "though", "although", "where", "once", "since", "yet", "or",
                             "how", "why", "whether", "what"})
# Nouns that head a speaker phrase ("a voice said") but are no one a pronoun picks up ("her voice").
_NOT_PEOPLE = frozenset({"voice", "voices"})
_AS_NAMING = frozenset({"of", "such", "known", "dubbed", "called", "named", "titled", "labeled", "labelled", "branded"})
_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it"})
_NUMBERS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "many"})
_LOCATIVE = frozenset({"in", "at", "near", "outside", "across", "into", "throughout"})
_SHORT_LOOKBACK = 3  # paragraphs before a quote whose references a pronoun of that quote may reach


@dataclass(frozen=True)
class Ref:
    """A referring expression outside quotes, with where it stands and what it tells about its referent."""

    start: int
    end: int
    text: str
    kind: str  # person | group | thing
    sentence: int  # sentence number in the document, counted over the paragraphs read
    paragraph: int
    subject: bool  # opens its clause (or follows an inverted cue), so it is what the clause is about
    name: str = ""  # a name without its titles, or a noun phrase as written
    pronoun: bool = False
    nominal: bool = False  # a common-noun phrase ("the doctor"), not a name
    relative: bool = False  # someone's relative ("his son", "the younger Mr. Trump"): never that someone
    possessive: bool = False  # "Trump’s campaign": the name qualifies something else
    gender: str = ""  # what the expression itself tells: a title, a noun, a pronoun
    owns: str = ""  # the gender of a his/her that refers back to it in its sentence
    addressed: bool = False  # named in a quote as the one spoken to ("Well, Tony, how do you feel?")
    source: bool = False  # given as a source: "according to the New York Times"
    introduced: bool = False  # a person with a role in apposition ("Henry Crespo, president of the caucus")
    generic: bool = False  # a description that names no role ("the girl", "her companion")
    titled: bool = False  # a title stands before the name ("President Obama"): a person, whatever the gender


@dataclass(frozen=True)
class Found:
    """The references of a document, and where each sentence read starts (to place other mentions)."""

    refs: list[Ref]
    starts: list[tuple[int, int, int]]  # (offset, sentence number, paragraph number), in text order

    def place(self, offset: int) -> tuple[int, int]:
        """Return the sentence and paragraph numbers of the sentence holding `offset`."""
        k = bisect.bisect_right(self.starts, (offset, 1 << 30, 0)) - 1
        return (self.starts[k][1], self.starts[k][2]) if k >= 0 else (0, 0)


def find(text: str, paragraphs: tuple[Paragraph, ...], by_para: dict[int, list], near: dict[int, int] | None = None
         ) -> Found:
    """Return the references outside quotes in the paragraphs near quotes, in text order.

    `near` maps the paragraphs whose references are needed to how many paragraphs before each to
    read as well (by default every quote's paragraph and three before it): reading is most of the
    cost of attribution, and a quote named by its cue needs none of it.
    """
    near = {number: _SHORT_LOOKBACK for number in by_para} if near is None else near
    wanted = {n for number, back in near.items() for n in range(number - back, number + 1)}
    capitalised = capitalised_inside(text)
    refs: list[Ref] = []
    starts: list[tuple[int, int, int]] = []
    sentence = 0
    for para in paragraphs:
        if para.number not in wanted:
            sentence += 1
            continue
        own = by_para.get(para.number, [])
        if not own and _heading(para.text):
            sentence += 1
            continue  # "CHAPTER III. Marilla Cuthbert Is Surprised" names nobody who acts
        masked = mask_quotes(text, own, para.start, para.end)
        for a, b in sentence_bounds(masked):
            starts.append((para.start + a, sentence, para.number))
            toks = tokens(masked, para.start, a, b)
            found = _in_sentence(toks, text, sentence, para.number, capitalised)
            for span in own:
                if para.start + a <= span.open_at < para.start + b:
                    found.extend(_vocatives(text, span, sentence, para.number, capitalised))
            refs.extend(sorted(found, key=lambda r: r.start))
            sentence += 1
    return Found(refs, starts)


_VOCATIVE_NAME = (r"((?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lady|Lord|Madam|Mme|Mlle|Aunt|Uncle|Cousin)\.?\s+)?"
                  r"[A-Z][a-z’'\-]+(?:\s+[A-Z][a-z’'\-]+)?)")
_VOCATIVE = re.compile(r"(?:^(?:(?:Oh|O|Ah|Well|Yes|No|Now|Come|Dear|My dear|Why|Please|Look here)[,!]?\s+)?|,\s+)"
                       + _VOCATIVE_NAME + r"(?=\s*(?:[,!?.;—–]|-{2}|$))")


def _vocatives(text: str, span, sentence: int, paragraph: int, capitalised) -> list[Ref]:
    """Return the people a quote speaks to by name: "Well, Tony, how do you feel?", "Tired, Lucy."."""
    out = []
    words = text[span.start:span.end]
    for m in _VOCATIVE.finditer(words):
        name = m.group(1)
        if words.strip().rstrip(".") == name:
            continue  # “Robert Cohn.” alone answers a question; it does not call anyone
        if all(w in lexicon.not_addressed() or w.lower().rstrip(".") in lexicon.title_words()
               for w in name.split()):
            continue  # “Oh God,” calls on no one; “Take a hold of him, Miss” says no name
        first = name.split()[-1] if name.split()[0].rstrip(".").lower() in lexicon.gendered() else name.split()[0]
        title = name.split()[0].rstrip(".") if len(name.split()) > 1 else ""
        titled = title.lower() in lexicon.gendered()
        # “Fine, Jake.”: a first name the text also writes as an ordinary word ("fine") is that word.
        known = gender.of_first_name(first) and first.lower() not in lower_words(text)
        if first in lexicon.name_stops() or first == "I" or not (titled or first in capitalised or known):
            continue
        parts = name.split()
        if not titled and len(parts) == 2 and parts[0] not in capitalised and (
                parts[1] in capitalised or gender.is_first_name(parts[1])):
            name = parts[1]  # "Tell Jake", "Poor Frances": an ordinary word, then the name spoken to
        start = span.start + m.start(1) + m.group(1).index(name)
        bare = name.split(None, 1)[1] if title and title.lower() in lexicon.gendered() else name
        out.append(Ref(start, start + len(name), name, "person", sentence, paragraph, False, name=bare,
                       gender=gender.of_word(title) if title else "", addressed=True))
    return out


_RELATIVE_PHRASE = re.compile(r"\bthe\s+(?:younger|elder|older|junior|late)\s+$", re.IGNORECASE)


def relative_before(text: str, start: int) -> str:
    """Return "the younger " when those words stand right before a name, else ""."""
    found = _RELATIVE_PHRASE.search(text, max(0, start - 20), start)
    return text[found.start():start] if found else ""


def _heading(block: str) -> bool:
    """Say whether a paragraph is a heading: short, no closing full stop, every long word capitalised."""
    words = block.split()
    return len(words) <= 12 and block.rstrip()[-1:] not in ".!?:;,\"”’" and all(
        w[:1].isupper() or not w[:1].isalpha() or len(w) <= 3 for w in words)


def _in_sentence(toks: list[Tok], text: str, sentence: int, paragraph: int, capitalised) -> list[Ref]:
    out = []
    i = 0
    first = next((k for k, t in enumerate(toks) if t.text[0] != MASK and t.text not in ",;:—–"), len(toks))
    determiners, titles = lexicon.determiners(), lexicon.title_words()
    while i < len(toks):
        tok = toks[i]
        word = tok.text
        low = word.lower()
        if word[0] == MASK or word == low and low not in _SUBJECT_PRONOUNS and low not in determiners:
            i += 1  # most words are neither a name, a pronoun nor the start of a noun phrase
            continue
        # A capitalised pronoun past the first word opens a sentence the quote marks hid ("… change.” She adds").
        if low in _SUBJECT_PRONOUNS and (word == low or i == first or low != "it" or toks[i - 1].text[0] == MASK):
            kind = lexicon.pronouns()[low]
            # He, she and they are subjects by their form; "it" may be an object too.
            subject = low != "it" or _opens_clause(toks, i, first)
            out.append(Ref(tok.start, tok.end, word, kind, sentence, paragraph, subject, pronoun=True,
                           gender=gender.of_pronoun(low)))
            i += 1
            continue
        if low in determiners and i + 1 < len(toks):
            found = _nominal(toks, i, text, sentence, paragraph, first)
            if found:
                out.append(found[0])
                i = found[1]
                continue
        if word[:1].isupper() and (phrases.is_name_word(word) or low in titles):
            named = _name(toks, i, text, sentence, paragraph, first, capitalised)
            if named:
                if named[0] is not None:
                    out.append(named[0])
                i = named[1]
                continue
        i += 1
    return _with_possessives(toks, _heads(toks, out))


def _heads(toks: list[Tok], refs: list[Ref]) -> list[Ref]:
    """Move the subject to the name a description leads up to.

    "Clinton communication director Jennifer Palmieri said": Palmieri is the subject, Clinton a
    modifier; "said 9/11 widow Terry Strada": the name after the cue and its role is the subject.
    """
    out = list(refs)
    index = {t.start: k for k, t in enumerate(toks)}
    for k, ref in enumerate(out):
        if ref.pronoun or ref.subject or ref.start not in index:
            continue
        i = index[ref.start]
        j = i - 1
        while j >= 0 and i - j <= 6 and _role_word(toks[j].text):
            j -= 1
        if j == i - 1 or j < 0 or not _role_noun(toks[i - 1].text):
            continue  # "Trump attacked Kasich": a verb, not a role, stands before the name
        lead = toks[j].text.lower()
        if lead in lexicon.cue_words():
            out[k] = replace(ref, subject=True)
            continue
        before = next((m for m in range(k - 1, -1, -1) if toks[j].start < out[m].end <= toks[j].end), None)
        if before is not None and out[before].subject and not out[before].pronoun:
            out[before] = replace(out[before], subject=False, possessive=True)
            out[k] = replace(ref, subject=True)
    return out


def _role_word(word: str) -> bool:
    """Say whether a word can be part of a role before a name: "communication director", "9/11 widow"."""
    low = word.lower()
    return (word.islower() or word[:1].isdigit()) and low not in lexicon.clause_words() \
        and low not in lexicon.auxiliaries() and low not in lexicon.cue_words() and low not in lexicon.determiners()


def _role_noun(word: str) -> bool:
    """Say whether a word names a role a person holds: "director", "widow", "senator"."""
    low = word.lower()
    return lexicon.nouns().get(low) == "person" or low in lexicon.title_words() or low in lexicon.gendered()


def _with_possessives(toks: list[Tok], refs: list[Ref]) -> list[Ref]:
    """Note on a subject the gender of the his/her that follows it in its sentence ("Trump … his wife")."""
    out = list(refs)
    for n, tok in enumerate(toks):
        told = gender.of_pronoun(tok.text) if tok.text.lower() in ("his", "her", "himself", "herself") else ""
        if not told or tok.text.lower() == "her" and not _possessive_her(toks, n):
            continue  # "Archer kissed her": an object tells nothing of the subject
        before = [k for k, r in enumerate(out) if r.end <= tok.start and r.kind == "person"]
        if not before:
            continue
        k = before[-1]
        ref = out[k]
        # Only where nobody else stands between: "Trump and his wife", not "Trump met Clinton and her aides".
        if not ref.subject or ref.pronoun or ref.nominal or ref.owns:
            continue
        if any(t.text.lower() in lexicon.other_actors() for t in toks[:n] if t.start >= ref.end):
            continue  # "Archer wondered if her illness…", "left by her stroke": another clause, likely another person
        out[k] = replace(ref, owns=told)
    return out


def _possessive_her(toks: list[Tok], n: int) -> bool:
    """Say whether "her" at toks[n] is possessive ("her hand"), not an object ("told her that", "saw her.")."""
    if n + 1 >= len(toks):
        return False
    word = toks[n + 1].text
    low = word.lower()
    return word.islower() and word[0].isalpha() and not word.endswith("ly") and low not in lexicon.clause_words() \
        and low not in lexicon.determiners() and low not in lexicon.auxiliaries() and low not in lexicon.pronouns() \
        and low not in _NOT_AFTER_POSSESSIVE


# Words that follow an object "her" but never a possessive one: prepositions and particles.
_NOT_AFTER_POSSESSIVE = frozenset({"to", "in", "on", "at", "by", "for", "with", "from", "of", "up", "down", "out",
                                   "off", "away", "back", "into", "about", "over", "again", "too", "so", "go", "come",
                                   "be"})


def _opens_clause(toks: list[Tok], i: int, first: int) -> bool:
    """Say whether toks[i] opens a clause: the sentence's first words, or after a comma, conjunction or cue."""
    if i <= first:
        return True
    prev = toks[i - 1].text
    if prev.lower() == "as" and i >= 2 and toks[i - 2].text.lower() in _AS_NAMING:
        return False  # "think of as Iceberg Passages", "such as X": what is named, not who acts
    if prev[0] == MASK or prev.lower() in _CLAUSE_OPENERS:
        return True
    k = i - 1
    while k > first and k >= i - 2 and toks[k].text.islower() and toks[k].text not in lexicon.determiners():
        k -= 1
    if k < i - 1 and _role_word(toks[i - 1].text) and toks[k].text.lower() in ("the", "a", "an"):
        return _opens_clause(toks, k, first)  # "after the novelist Jo Walton explained": the name is the subject
    # "“…,” said Tony": the subject of an inverted cue; but in "McLenney said Clinton doesn't …" the cue has a
    # subject of its own, and the name after it opens the clause reported, which is what was said, not who.
    # "Hannity asked Trump how …" names the one who answers next, who stays salient.
    lemma = lexicon.cue_words().get(prev.lower())
    return lemma is not None and (lemma in lexicon.words("listener_cues.txt") or not (
        i - 2 >= first and (phrases.is_name_word(toks[i - 2].text) or phrases.is_pronoun(toks[i - 2].text))))


def _name(toks, i, text, sentence, paragraph, first, capitalised) -> tuple[Ref | None, int] | None:
    """Read a name starting at toks[i], with any titles before it; return it and the index after it."""
    j = i
    while j < len(toks) and j - i < 8 and (
            phrases.is_name_word(toks[j].text) or toks[j].text in lexicon.particles()
            or toks[j].text.lower() in lexicon.title_words() and toks[j].text[:1].isupper()):
        j += 1
        if toks[j - 1].text.endswith(("’s", "'s")):
            break
    run = toks[i:j]
    if not run or toks[i].text.lower() in lexicon.determiners():
        return None
    # A capitalised word that opens the sentence and is capitalised nowhere else is no name ("Presently",
    # "Afterwards"), unless a verb follows it as it follows a subject ("Sanders thanked").
    while run and i == first and _sentence_word(run[0].text, capitalised) and not (
            len(run) == 1 and _verb_follows(toks, j) and not run[0].text.endswith("ly")
            and run[0].text.lower() not in lower_words(text)):  # "More certain than ever, he …": a word of the text
        run = run[1:]
        i += 1
        first = -1
    if not run:
        return None, j
    words = [t.text for t in run]
    k = role_length(words)
    possessive = words[-1].endswith(("’s", "'s", "’"))
    start, stop = run[0].start, run[-1].end
    name = text[run[k].start:stop]
    if possessive:
        name = re.sub(r"[’']s?$", "", name)
    if not name or all(w.lower() in lexicon.title_words() for w in name.split()):
        return None, j
    told = next((g for g in map(gender.of_word, words[:k]) if g), "")
    before = toks[i - 1].text.lower() if i > 0 else ""
    relative = before in _RELATIVE_BEFORE or words[-1].rstrip(".").lower() in ("jr", "sr")
    if before in _RELATIVE_BEFORE and i >= 2 and toks[i - 2].text.lower() == "the":
        start = toks[i - 2].start  # "the younger Mr. Trump" is the name of a relative as the text gives it
    kind = phrases.name_kind(name) if not name.lower().startswith("the ") else "thing"
    if before == "the" and not relative or words[0].lower() in _NUMBERS:
        kind = "thing"  # "the Arno", "the Uffizi Arcade", "Two Italians": places, things and groups, not a person
    elif before in _LOCATIVE and not told:
        kind = "thing"  # "a crowd in Cleveland": a place, but not "at Mrs. Bates's knitting"
    elif len(words) == 1 and _plural_group(name):
        kind = "group"  # "Democrats", "Americans": a group, never he or she
    subject = (_opens_clause(toks, i, first) or _after_fronted_clause(toks, i, j, first)) \
        and (not possessive or i == first)  # "Swift’s albums were …": the topic
    if kind == "person" and subject and before not in _JOINED and _plural_verb(toks, j) \
            and not gender.of_first_name(name.split()[0]):
        kind = "group"  # "Big Machine have denied it": a name that takes a plural verb is a body, and "they"
    lead = [t.text.lower() for t in toks[max(0, i - 3):i]]
    # "according to X", and "X said Clinton doesn't …": whoever is reported as saying something is a source.
    source = lead[-2:] == ["according", "to"] or lead == ["according", "to", "the"] \
        or subject and j < len(toks) and toks[j].text.islower() \
        and lexicon.cue_words().get(toks[j].text, "") in lexicon.words("reporting_cues.txt")
    # "Henry Crespo, president of the caucus": a name with its role in apposition is a source introduced.
    # "Mr. Curiel, Mr. Graham said" is two names, not a role.
    introduced = kind == "person" and j + 1 < len(toks) and toks[j].text == "," and not is_courtesy(toks[j + 1].text) \
        and (toks[j + 1].text.lower() in lexicon.title_words() or toks[j + 1].text.lower() in lexicon.determiners()
             and j + 2 < len(toks) and _role_noun(toks[j + 2].text) or _role_noun(toks[j + 1].text))
    return Ref(start, stop, text[start:stop], kind, sentence, paragraph, subject, name=name, relative=relative,
               possessive=possessive, gender=told, source=source, introduced=introduced, titled=k > 0), j


def _after_fronted_clause(toks: list[Tok], i: int, j: int, first: int) -> bool:
    """Say whether a name opens the main clause after a fronted clause without its comma.

    "While he ate his breakfast Brenda read to him": the clause's subject is Brenda, not "he".
    """
    if first < 0 or i - first < 3 or toks[first].text.lower() not in lexicon.words("subordinators.txt"):
        return False
    if any(t.text in ",;:" or t.text[0] == MASK for t in toks[first:i]):
        return False
    prev = toks[i - 1].text
    return prev.isalpha() and prev.islower() and prev not in lexicon.clause_words() \
        and prev not in lexicon.determiners() and prev not in lexicon.cue_words() and _verb_follows(toks, j)


# Words that join a name to another, so a plural verb after it is the pair's, and plural verbs.
_JOINED = frozenset({"and", "or", "nor", "&"})
_PLURAL_VERBS = frozenset({"have", "are", "were", "haven't", "aren't", "weren't", "haven’t", "aren’t", "weren’t"})


def _plural_verb(toks: list[Tok], j: int) -> bool:
    """Say whether a plural verb follows toks[j - 1], adverbs aside: "have", "have twice", "were also"."""
    while j < len(toks) and (toks[j].text.endswith("ly") or toks[j].text.lower() in _PLURAL_ADVERBS):
        j += 1
    return j < len(toks) and toks[j].text.lower() in _PLURAL_VERBS


_PLURAL_ADVERBS = frozenset({"twice", "also", "now", "since", "already", "both", "all", "long", "never"})


def _plural_group(word: str) -> bool:
    """Say whether one capitalised word names a group of people: "Democrats", "Republicans", "Americans"."""
    return len(word) >= 7 and word.endswith(("ans", "ats", "ists", "ites")) and not gender.of_first_name(word)


def _modifies(toks: list[Tok], j: int) -> bool:
    """Say whether toks[j] reads as the noun an adjective before it qualifies, not as a verb ("cry", not "nodded")."""
    if j >= len(toks):
        return False
    word = toks[j].text
    low = word.lower()
    verb = lexicon.cue_words().get(low, low).split()[0] != low  # "said", "cries"; but "cry" may be a noun
    return word.islower() and low != "of" and not verb and low not in lexicon.auxiliaries() \
        and low not in lexicon.clause_words() and not low.endswith(("ed", "ly"))


def _verb_follows(toks: list[Tok], j: int) -> bool:
    """Say whether toks[j] reads as the verb after a subject: a lower-case word that is no function word."""
    if j >= len(toks):
        return False
    word = toks[j].text
    low = word.lower()
    return word.islower() and low not in lexicon.clause_words() and low not in lexicon.determiners() \
        and low not in lexicon.pronouns() and low not in ("is", "was", "are", "were") and not word.endswith("ly")


def _sentence_word(word: str, capitalised) -> bool:
    """Say whether a sentence-opening capitalised word is an ordinary word rather than a name."""
    bare = re.sub(r"[’']s?$", "", word)
    if is_initial(bare) or bare in capitalised or gender.of_first_name(bare) or bare.lower() in lexicon.title_words():
        return False
    return True


def _nominal(toks, i, text, sentence, paragraph, first) -> tuple[Ref, int] | None:
    """Read "the doctor", "his wife", "a young woman": a determiner, up to two modifiers and a person noun."""
    det = toks[i].text.lower()
    for length in (1, 2, 3):
        k = i + length
        if k >= len(toks):
            return None
        head = toks[k].text
        if head[0] in ",;:()—–" + MASK or head[:1].isupper():
            return None
        noun = head.lower()
        kind = lexicon.nouns().get(noun)
        told = gender.of_word(noun)
        generic = noun in lexicon.generic_people()
        if noun in lexicon.adjective_people() and _modifies(toks, k + 1):
            kind = None  # "a general cry", "her chief strength": an adjective, not the person
        if (kind == "person" or told or generic) and noun not in _NOT_PEOPLE:
            start, stop = toks[i].start, toks[k].end
            subject = _opens_clause(toks, i, first)
            # "his son", "her aide": someone of the possessor's, never the possessor.
            return Ref(start, stop, text[start:stop], "person", sentence, paragraph, subject, name=text[start:stop],
                       nominal=True, relative=det in _POSSESSIVE_DETERMINERS, gender=told, generic=generic), k + 1
        if noun in lexicon.clause_words() or noun in lexicon.determiners() or noun in lexicon.auxiliaries():
            return None
    return None
