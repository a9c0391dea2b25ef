"""Load the word tables in search/data/ that quoted spans and attribution share: verbs of saying, titles, roles."""
from __future__ import annotations

from functools import lru_cache

from .words import lines as _lines


def _inflect(lemma: str) -> set[str]:
    """Return the regular forms of a verb: say -> says, sayed, saying."""
    forms = {lemma}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
        # One short stressed vowel before a final consonant doubles it: snap -> snapped, quip -> quipped.
        onset = lemma[:-2].replace("qu", "q")
        if len(onset) <= 2 and lemma[-1] in "bdgmnpt" and lemma[-2] in "aeiou" and onset[-1:] not in "aeiou":
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


@lru_cache(maxsize=None)
def cue_words() -> dict[str, str]:
    """Map each form of a verb of saying (first word of a phrase) to its lemma."""
    return _verbs("cues.txt")


@lru_cache(maxsize=None)
def stance_words() -> dict[str, str]:
    """Map each form of a verb that credits a quoted fragment to its subject ("cheered", "depicted") to its lemma."""
    return _verbs("stance_verbs.txt")


@lru_cache(maxsize=None)
def naming_words() -> dict[str, str]:
    """Map each form of a verb that names rather than says ("labeled", "dubbed", "known") to its lemma."""
    return _verbs("naming_verbs.txt")


def _verbs(name: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _lines(name):
        lemma, _, irregular = line.partition(":")
        lemma = lemma.strip()
        head = lemma.split()[0]
        for form in _inflect(head) | set(irregular.split()):
            table.setdefault(form, lemma)
    return table


@lru_cache(maxsize=None)
def titles() -> tuple[tuple[str, ...], ...]:
    """Return the titles as lower-case word tuples, longest first."""
    found = {tuple(line.lower().split()) for line in _lines("titles.txt")}
    return tuple(sorted(found, key=len, reverse=True))


@lru_cache(maxsize=None)
def _titles_by_first() -> dict[str, tuple[tuple[str, ...], ...]]:
    table: dict[str, list[tuple[str, ...]]] = {}
    for title in titles():
        table.setdefault(title[0], []).append(title)
    return {first: tuple(found) for first, found in table.items()}


def titles_starting(word: str) -> tuple[tuple[str, ...], ...]:
    """Return the titles whose first lower-case word is `word`, longest first."""
    return _titles_by_first().get(word, ())


@lru_cache(maxsize=None)
def title_words() -> frozenset[str]:
    """Return every lower-case word that can be part of a title."""
    return frozenset(word for title in titles() for word in title)


@lru_cache(maxsize=None)
def pronouns() -> dict[str, str]:
    """Map a speaker pronoun to what it can refer to: person, group or thing."""
    return dict(line.split() for line in _lines("pronouns.txt"))


@lru_cache(maxsize=None)
def particles() -> frozenset[str]:
    """Return the lower-case particles that sit inside names."""
    return frozenset(_lines("particles.txt"))


@lru_cache(maxsize=None)
def org_words() -> frozenset[str]:
    """Return words that mark a name as an organisation."""
    return frozenset(_lines("orgwords.txt"))


@lru_cache(maxsize=None)
def nouns() -> dict[str, str]:
    """Map a common noun that can head a speaker phrase to person, group or thing."""
    return dict(line.split() for line in _lines("nouns.txt"))


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """Return the words of a plain word table in search/data/ (one a line)."""
    return frozenset(_lines(name))


@lru_cache(maxsize=None)
def not_speakers() -> frozenset[str]:
    """Return the lower-case words and labels that never name a speaker: "update", "video", "getty images"."""
    return frozenset(line.lower() for line in _lines("not_speakers.txt"))


@lru_cache(maxsize=None)
def adverbs() -> frozenset[str]:
    """Return adverbs without -ly that stand between a subject and its verb of saying ("now", "then")."""
    return words("adverbs.txt")


def is_adverb(word: str) -> bool:
    """Say whether a lower-case word is an adverb: one that ends in -ly, or one of the table's."""
    return word.islower() and (word.endswith("ly") or word in adverbs())


@lru_cache(maxsize=None)
def not_addressed() -> frozenset[str]:
    """Return words that stand as if spoken to but call on nobody ("God" in "Oh God,")."""
    return words("not_addressed.txt")


@lru_cache(maxsize=None)
def speech_nouns() -> frozenset[str]:
    """Return nouns for what someone said ("reply" in "was his reply")."""
    return words("speech_nouns.txt")


@lru_cache(maxsize=None)
def generic_people() -> frozenset[str]:
    """Return nouns that describe a person without naming a role ("girl", "companion")."""
    return words("generic_people.txt")


@lru_cache(maxsize=None)
def not_heads() -> frozenset[str]:
    """Return nouns that cannot head a speaker's noun phrase ("that morning", "a Friday")."""
    return words("not_heads.txt")


@lru_cache(maxsize=None)
def state_abbreviations() -> frozenset[str]:
    """Return US state abbreviations without their full stop ("Calif", "Md")."""
    return words("state_abbreviations.txt")


@lru_cache(maxsize=None)
def abbreviations() -> frozenset[str]:
    """Return abbreviations whose full stop ends no sentence."""
    return words("abbreviations.txt")


@lru_cache(maxsize=None)
def auxiliaries() -> frozenset[str]:
    """Return the auxiliaries and adverbs that may stand between a speaker and a cue."""
    return words("auxiliaries.txt")


@lru_cache(maxsize=None)
def determiners() -> frozenset[str]:
    """Return the words that open a common-noun phrase."""
    return words("determiners.txt")


@lru_cache(maxsize=None)
def ambiguous_cues() -> frozenset[str]:
    """Return cue forms that are also nouns or other verbs."""
    return words("ambiguous_cues.txt")


@lru_cache(maxsize=None)
def name_stops() -> frozenset[str]:
    """Return capitalised words that are never part of a name."""
    return words("name_stops.txt")


@lru_cache(maxsize=None)
def clause_words() -> frozenset[str]:
    """Return the words that end a noun phrase."""
    return words("clause_words.txt")


@lru_cache(maxsize=None)
def other_actors() -> frozenset[str]:
    """Return words after which a his/her may be someone other than the subject's ("if", "by")."""
    return words("other_actors.txt")


@lru_cache(maxsize=None)
def adjective_people() -> frozenset[str]:
    """Return person nouns that are also adjectives ("general", "chief")."""
    return words("adjective_people.txt")


@lru_cache(maxsize=None)
def gendered() -> dict[str, str]:
    """Map titles and nouns that tell a person's gender to m or f."""
    return dict(line.lower().split() for line in _lines("gendered.txt"))
