"""Names in a document: full names, titles kept apart, name kinds, and what a pronoun or a bare name refers to."""
from __future__ import annotations

import re
from functools import lru_cache

from ..ids import fold
from ..model import Mention
from .. import lexicon
from . import gender
from .tokens import lower_words


def name_kind(name: str) -> str:
    """Say whether a proper name is a person or an organisation, place or document (thing)."""
    words = name.replace("’s", "").split()
    if any(w.strip(".,") in lexicon.org_words() for w in words) or name.isupper() or is_place(name):
        return "thing"
    return "person"


def is_state(name: str) -> bool:
    """Say whether a name is a US state or its abbreviation ("Ohio", "Calif.", "WASHINGTON")."""
    bare = name.replace("’s", "").strip(" .,")
    return bare in lexicon.state_abbreviations() or bare.lower() in _states()


@lru_cache(maxsize=1)
def _states() -> frozenset[str]:
    # A word table, not pycountry's subdivisions: those load every country's (0.13 s in each reindex worker) for 57.
    return frozenset(name.lower() for name in lexicon.words("us_states.txt"))


def is_place(name: str) -> bool:
    """Say whether a name is a country or a US state ("North Korea", "Ohio"), from ISO 3166."""
    bare = name.replace("’s", "").strip(" .,").lower()
    bare = _COMPASS.sub(lambda m: _COMPASS_WORDS[m.group(1)] + " ", bare)  # "N. Korea" is North Korea
    return bare in _places()


_COMPASS = re.compile(r"^([nsew])\. ?")
_COMPASS_WORDS = {"n": "north", "s": "south", "e": "east", "w": "west"}


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    import pycountry

    found = set()
    for country in pycountry.countries:
        for field in ("name", "common_name", "official_name"):
            value = getattr(country, field, "")
            if value:
                # "Korea, Republic of" is also plain "Korea".
                found.add(value.split(",")[0].lower())
    found.update(_states())
    found.update(place.lower() for place in lexicon.words("places.txt"))
    return frozenset(found)


_PARTY = re.compile(r"\b[DRI]-[A-Z][a-z]*\.?")
_NAME_RUN = re.compile(
    r"\b(?:[A-Z][\w’'\-]*\.? )(?:(?:(?:al|el|bin|ibn|de|del|da|di|du|la|le|van|von)[ -])?[A-Z][\w’'\-]*\.? ?){1,4}")


def name_words(name: str) -> set[str]:
    """Return the folded words of a name, courtesy titles and "the" aside, to tell whether two names share one."""
    return set(fold(name).split()) - {"mr", "mrs", "ms", "miss", "the"}


def strip_titles(name: str) -> tuple[str, str]:
    """Split leading titles from a name: ("Lieutenant General", "Hatem al-Maksusi")."""
    words = name.split()
    k = role_length(words)
    return " ".join(words[:k]), " ".join(words[k:])


def titles_before(words: list[str] | tuple[str, ...]) -> int:
    """Return how many of the leading words are titles, always leaving one word for the name."""
    lowered = [w.lower() for w in words]
    k = 0
    while k < len(words) - 1:
        title = next((t for t in lexicon.titles_starting(lowered[k]) if tuple(lowered[k:k + len(t)]) == t
                      and k + len(t) < len(words)), None)
        if title is None:
            break
        k += len(title)
    return k


def _someone_of(words: list[str] | tuple[str, ...]) -> bool:
    """Say whether words describe someone else's person: "a spokesman for", "one of the prosecutors for"."""
    return words[0].lower() in lexicon.determiners() and any(w.lower() in ("for", "of", "at", "from", "with", "to")
                                                              for w in words[1:])


def role_length(words: list[str]) -> int:
    """Return how many leading words of a capitalised run are its role, titles inside it included.

    "Ohio Democratic Party Chairman David Pepper", "House Speaker Paul Ryan": what precedes a title
    that a first name follows is the role too, not part of the name.
    """
    return _role_length(tuple(words))


@lru_cache(maxsize=65536)
def _role_length(words: tuple[str, ...]) -> int:
    for m in range(len(words) - 3, -1, -1):
        if words[m].lower().rstrip(",") in lexicon.title_words() and gender.is_first_name(words[m + 1]) \
                and not _someone_of(words[:m + 1]):
            return max(m + 1, titles_before(words))
    return titles_before(words)


_FULL_STOP = re.compile(r"(?<=[a-z]{3}\.) |(?<=[A-Z]{2}\.) ")


def _last_key(word: str) -> str:
    """Return the last folded word of a name's last word: "Trump’s" -> "trump", "al-Maksusi" -> "maksusi"."""
    if word.isalnum() and word.isascii():
        return word.lower()
    folded = fold(word).split()
    return folded[-1] if folded else ""


_OPENING, _CLOSING = frozenset("“\"‘'«"), frozenset("”\"’'»")


class NameTable:
    """The full names a document uses, so that a bare `Maksusi` or `Mr. Trump` finds its person.

    Capitalised runs are collected up front; what name each holds is worked out only when asked.
    """

    def __init__(self, text: str, fiction: bool = False) -> None:
        self.fiction = fiction
        self.runs: list[tuple[int, str]] = []  # (offset, capitalised run), in document order
        self._text = text  # its lower-case words are read only if a bare first name is looked up
        self.by_last: dict[str, list[int]] = {}  # last folded word of a run -> indices into `runs`
        self._cache: dict[tuple, list[tuple[int, str]]] = {}  # what each short form may stand for
        self._surnames: set[str] | None = None  # words the text writes after a first name, once asked
        for m in _NAME_RUN.finditer(text):
            run = m.group().strip()
            if _PARTY.match(run):
                continue
            # "Capitol Hill. Sanders": a full stop after a word that is no abbreviation ends the name.
            pieces = [run] if ". " not in run else _FULL_STOP.split(run)
            for piece in pieces:
                at = m.start() + run.find(piece)
                if text[at - 1:at] in _OPENING and text[at + len(piece):at + len(piece) + 1] in _CLOSING:
                    continue  # a show called “Ask Dr. Mike”: a name that is the whole of a quote is a title
                self.by_last.setdefault(_last_key(piece.rsplit(None, 1)[-1]), []).append(len(self.runs))
                self.runs.append((at, piece))

    def is_surname(self, word: str) -> bool:
        """Say whether the text writes a word after a first name ("Hillary Clinton"), as a surname."""
        if self._surnames is None:
            # Read off the capitalised runs once per document: a word after a first name that is no title.
            self._surnames = {second for _, run in self.runs for first, second in zip(run.split(), run.split()[1:])
                              if gender.is_first_name(first) and first.lower() not in lexicon.title_words()}
        return word in self._surnames

    def _may_precede(self, word: str) -> bool:
        """Say whether a word may stand before a first name in a name: not a word the text writes in lower
        case, and in a novel, which calls its people by their first names, only a first name or an initial."""
        if word.lower() in lower_words(self._text):
            return False
        return not self.fiction or gender.is_first_name(word) or len(word.rstrip(".")) == 1 \
            or word.lower() in lexicon.title_words()

    def _candidates(self, words: tuple[str, ...], wanted: str, last: str) -> list[tuple[int, str]]:
        """Return (offset, full name) of every run that `words` may be the short form of, once per document."""
        key = (words, wanted, last)
        if key not in self._cache:
            first_name = gender.first_name_is_sure(last)
            found = []
            for k in self.by_last.get(words[-1], ()):
                named = self._name(k)
                if not named:
                    continue
                full, _, fwords = named
                if len(fwords) <= len(words) or tuple(fwords[-len(words):]) != words:
                    continue
                if wanted and not gender.agrees(wanted, gender.of_first_name(full.split()[0])):
                    continue
                if len(words) == 1 and first_name and not self._may_precede(full.split()[-2]):
                    continue  # "Jake" is not "Tell Jake", nor "Maria" "Unhappy Maria"
                found.append((self.runs[k][0], full))
            self._cache[key] = found
        return self._cache[key]

    def _misspelt(self, word: str, wanted: str) -> list[tuple[int, str]]:
        """Return the one person whose surname a bare surname misspells by a letter ("McLenney" for Tyresha
        McClenney), when the text gives no full name of its own spelling and only one such person."""
        if len(word) < 6 or not word.isalpha():
            return []
        found = [c for key in self.by_last if key[:1] == word[:1] and _one_letter_apart(key, word)
                 for c in self._candidates((key,), wanted, word) if name_kind(c[1]) == "person"]
        return found if len({full for _, full in found}) == 1 else []

    def _name(self, k: int) -> tuple[str, str, list[str]] | None:
        found = _full_name(self.runs[k][1])
        return found if found and found[2] else None

    def resolve(self, name: str, at: int, wanted: str = "") -> str:
        """Return the fullest form of `name` named in the document, preferring the nearest before `at`.

        With `wanted` ("m" or "f", from "Mrs." or a pronoun), full names whose first name says otherwise
        are passed over: "Mrs. Clinton" is Hillary Clinton though Bill Clinton was named last.
        """
        folded = fold(name)
        words = folded.split()
        if not words:
            return name
        if words[0] == "the":
            words = words[1:]
        if not words:
            return name
        best, best_at = None, None
        found = self._candidates(tuple(words), wanted, name.split()[-1])
        if not found and len(words) == 1 and not self.fiction:
            found = self._misspelt(words[0], wanted)
        for pos, full in found:
            before = pos <= at
            if best is None or best_at is None or (before and (best_at > at or pos > best_at)) \
                    or (not before and best_at > at and pos < best_at):
                best, best_at = full, pos
        return best or name


def _one_letter_apart(a: str, b: str) -> bool:
    """Say whether two words differ by one letter left out, added or changed, but not by a plural's "s"."""
    if a == b or abs(len(a) - len(b)) > 1 or a + "s" == b or b + "s" == a:
        return False
    if len(a) > len(b):
        a, b = b, a
    k = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    return a[k + (len(a) == len(b)):] == b[k + 1:]


@lru_cache(maxsize=65536)
def _full_name(run: str) -> tuple[str, str, list[str]] | None:
    """Return the name a capitalised run holds, its kind and its folded words, or None if it is no full name."""
    words = run.split()
    cues = lexicon.cue_words()
    # "Said Comey": an inflected verb of saying that opens a sentence is not part of the name after it.
    # "Finally Marilla", "CHAPTER III. Marilla": an adverb or a heading word before a name is not part of it.
    while words and (words[0].rstrip(".") in lexicon.name_stops()
                     or cues.get(words[0].lower(), words[0].lower()).split()[0] != words[0].lower()
                     or words[0].endswith("ly") and words[0].lower() not in lexicon.title_words()
                     or len(words[0]) > 1 and words[0].rstrip(".").isupper() and len(words) > 2):
        words = words[1:]
    if len(words) < 2:
        return None
    # "Dear Miss Woodhouse", "Poor Mr. Elton": a courtesy title opens the name; what comes before it is no part.
    # "John M. Ford": one letter after a first name is an initial, not Monsieur.
    titled = next((k for k, w in enumerate(words[1:-1], 1)
                   if is_courtesy(w) and not (len(w.rstrip(".")) == 1 and gender.is_first_name(words[k - 1]))), 0)
    words = words[titled:]
    # "Iran’s MOIS’ agents": a possessive ends one name, so only what follows it can be a name.
    cut = max((k + 1 for k, w in enumerate(words[:-1]) if w.endswith(("’s", "'s", "’", "'"))), default=0)
    words = words[cut:]
    # "Secretary of State Jon Husted" is cut after "of": the title's last words are no part of the name.
    while len(words) > 2 and words[0].lower() in lexicon.title_words() and words[1][:1].isupper():
        words = words[1:]
    words = words[role_length(words):] if len(words) > 2 else words
    _, name = strip_titles(" ".join(words))
    name = re.sub(r"[’']s?$", "", name).strip(" .")
    if len(name.split()) < 2 or all(w.lower() in lexicon.title_words() for w in name.split()):
        return None
    folded = fold(name).split()
    return name, name_kind(name), folded[1:] if folded[:1] == ["the"] else folded


def resolve(mention: Mention, kind: str, at: int, names: NameTable) -> str:
    """Return the display name of a named mention: the fullest form of its name, or the phrase itself."""
    if not mention.name:
        return mention.text
    if kind in ("person", "thing") and mention.name[:1].isupper() or mention.name.lower().startswith("the "):
        title = mention.role.split()[-1] if mention.role else ""
        return names.resolve(mention.name, at, gender.of_word(title))
    return mention.name


_COURTESY = frozenset({"mr", "mrs", "ms", "miss", "mx", "sir", "madam", "madame", "dame", "m", "mme", "mlle"})
_CLAUSE_VERBS = frozenset({"is", "was", "are", "were", "has", "had", "have", "said", "says", "will", "would"})


def is_courtesy(word: str) -> bool:
    """Say whether a word is a courtesy title ("Mr.", "Mrs", "Sir"), which names no role."""
    return word.lower().strip(".,") in _COURTESY


def clean_role(role: str) -> str:
    """Return a role only if it is a noun phrase (a title, an office, an apposition), else ""."""
    role = role.strip(" ,;")
    words = role.split()
    if not words or len(words) > 12:
        return ""  # twelve words and more are a clause about someone, not their role
    lowered = [w.lower().strip(".,") for w in words]
    if lowered[0] in ("who", "which", "whose", "whom", "that") or any(w in _CLAUSE_VERBS for w in lowered):
        return ""
    if all(w in _COURTESY or w in lexicon.determiners() for w in lowered):
        return ""  # "Mr.", "a": a courtesy title or an article names no role
    return role
