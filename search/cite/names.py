"""Split authors' names as bylines write them into family and given names; keep organisations whole."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable

from ..words import lines

_PARTICLES = frozenset(lines("particles.txt"))  # lower-case words that sit inside names: "de", "bin"

MAX_PERSON_WORDS = 6  # a longer "name" is a body such as "Commission on Presidential Debates"


@dataclass(frozen=True)
class Name:
    """One author: a person's parts, or an organisation (or a one-word name) kept as written."""

    family: str = ""
    given: str = ""
    particle: str = ""  # lower-case words that stay before the family name: "van", "de la", "al"
    suffix: str = ""  # "Jr.", "III"
    literal: str = ""  # an organisation or a mononym, never split
    group: bool = False  # an organisation rather than a person

    def display(self) -> str:
        """Return the name in reading order: "Ludwig van Beethoven", "Martin Luther King Jr."."""
        if self.literal:
            return self.literal
        return " ".join(p for p in (self.given, self.particle, self.family, self.suffix) if p)

    def inverted(self) -> str:
        """Return the name family first, as "van Beethoven, Ludwig" or "King, Martin Luther, Jr."."""
        if self.literal:
            return self.literal
        family = " ".join(p for p in (self.particle, self.family) if p)
        return ", ".join(p for p in (family, self.given, self.suffix) if p)


@lru_cache(maxsize=None)
def _words() -> dict[str, frozenset[str]]:
    text = resources.files("search").joinpath("data", "author_names.txt").read_text(encoding="utf-8")
    kinds: dict[str, set[str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            kind, word = line.split(None, 1)
            kinds.setdefault(kind, set()).add(word.strip().lower())
    return {kind: frozenset(words) for kind, words in kinds.items()}


def _is(kind: str, word: str) -> bool:
    return word.lower().rstrip(".,") in _words().get(kind, ())


_SPACE = re.compile(r"\s+")
_BY = re.compile(r"^by\s+", re.IGNORECASE)
_AFFILIATION = re.compile(r"\s*\([^()]*\)$")  # "Jane Smith (AFP)": the agency is not part of her name
_AND = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)
_NOT_A_PERSON = re.compile(r"[\d@&/:()]")


def split_all(authors: Iterable[str] | str | None) -> tuple[Name, ...]:
    """Return the names of a document's authors, given as a list or as one string separated by semicolons."""
    if not authors:
        return ()
    return _split_all(tuple(authors.split(";")) if isinstance(authors, str) else tuple(str(a) for a in authors))


@lru_cache(maxsize=4096)
def _split_all(authors: tuple[str, ...]) -> tuple[Name, ...]:
    # An export cites every quote of a document with the same authors: split them once.
    return tuple(split(one) for written in authors for one in _separate(_clean(written)))


def _clean(written: str) -> str:
    return _AFFILIATION.sub("", _BY.sub("", _SPACE.sub(" ", written).strip(" ,;")))


def _separate(written: str) -> list[str]:
    """Split "Jane Smith and John Doe" or "Jane Smith, John Doe" into names; keep "Smith, Jane" whole."""
    if not written:
        return []
    parts = [p.strip() for p in _AND.split(written) if p.strip()]
    if len(parts) > 1 and all(len(p.split()) >= 2 and not _is_group(p) for p in parts):
        return [q for p in parts for q in _separate(p)]
    if _is_group(written):
        return [written]
    commas = [p.strip() for p in written.split(",") if p.strip()]
    # "Last, First" has one word before the comma; "Jane Smith, John Doe" has full names on both sides.
    if len(commas) > 1 and all(len(p.split()) >= 2 and not _is("suffix", p) and not _is("degree", p)
                               for p in commas):
        return commas
    return [written]


def _is_group(written: str) -> bool:
    words = written.split()
    if _NOT_A_PERSON.search(written) or written.lower().startswith("the "):
        return True
    if any(_is("group", w) for w in words):
        return True
    # "Bank of England", "Commission on Presidential Debates": small lower-case words that are not particles.
    return any(w.islower() and w not in _PARTICLES and "-" not in w and len(w) > 1 for w in words[1:-1])


def split(written: str) -> Name:
    """Return one author's name split into parts, or kept whole for an organisation or a single word."""
    written = _clean(written)
    if not written:
        return Name()
    if _is_group(written):
        return Name(literal=written, group=True)
    if written.isupper() and " " in written:
        # A byline in capitals ("JANE SMITH") is a person shouted, not an acronym.
        written = " ".join(w if "." in w else "-".join(p.capitalize() for p in w.split("-")) for w in written.split())
    if "," in written:
        return _inverted(written)
    return _natural(written.split())


def _inverted(written: str) -> Name:
    """Read "Smith, Jane", "van Beethoven, Ludwig", "King, Martin Luther, Jr." or "King Jr., Martin"."""
    parts = [p.strip() for p in written.split(",") if p.strip()]
    parts = [p for p in parts if not _is("degree", p)]
    suffix = ""
    for i, part in enumerate(parts):
        if _is("suffix", part) and i > 0:
            suffix = part
            parts = parts[:i] + parts[i + 1:]
            break
    if len(parts) == 1:
        found = _natural(parts[0].split())
        return Name(found.family, found.given, found.particle, suffix or found.suffix, found.literal, found.group)
    family_words = parts[0].split()
    if len(family_words) > 1 and _is("suffix", family_words[-1]):
        suffix, family_words = family_words[-1], family_words[:-1]
    particle = []
    while len(family_words) > 1 and family_words[0].islower():
        particle.append(family_words.pop(0))
    given = " ".join(w for w in " ".join(parts[1:]).split() if not _is("honorific", w))
    return Name(family=" ".join(family_words), given=given, particle=" ".join(particle), suffix=suffix)


def _natural(words: list[str]) -> Name:
    """Read "Jane Smith", "Ludwig van Beethoven", "Martin Luther King Jr." or "Hatem al-Maksusi"."""
    while len(words) > 2 and _is("honorific", words[0]):
        words = words[1:]
    while len(words) > 2 and _is("degree", words[-1]):
        words = words[:-1]
    suffix = ""
    if len(words) > 2 and _is("suffix", words[-1]):
        suffix, words = words[-1], words[:-1]
    if len(words) < 2 or len(words) > MAX_PERSON_WORDS:
        return Name(literal=" ".join(words + ([suffix] if suffix else [])))
    # The family name is the last word, with the particles before it ("de la Cruz", "bin Salman"): a
    # lower-case particle stays a particle (CSL's non-dropping particle, BibTeX's "von" part), while a
    # capitalised one belongs to the family name itself ("De Niro", "Van Buren", "Abu Zeid").
    first = len(words) - 1
    while first > 1 and words[first - 1].lower() in _PARTICLES:
        first -= 1
        if words[first] == "y" and first > 1:
            # "Ortega y Gasset": the word before a Spanish "y" is the first of two family names.
            first -= 1
    if all(w.islower() and w in _PARTICLES for w in words[:-1]):
        return Name(family=words[-1], particle=" ".join(words[:-1]), suffix=suffix)  # "de Gaulle"
    given, family = words[:first], words[first:]
    particle = []
    while len(family) > 1 and family[0].islower() and family[0] in _PARTICLES:
        particle.append(family.pop(0))
    return Name(family=" ".join(family), given=" ".join(given), particle=" ".join(particle), suffix=suffix)
