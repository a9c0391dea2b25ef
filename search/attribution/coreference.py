"""Decide who each pronoun refers to: the most salient earlier referent that agrees with it."""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, replace
from typing import Callable

from . import gender
from .mentions import Ref
from .names import NameTable, fold, is_courtesy, is_place, is_state, name_words

# Salience, in points: what makes an earlier reference the likely antecedent of a pronoun.
SENTENCE_COST = 8  # for each sentence between the reference and the pronoun
PARAGRAPH_COST = 4  # for each paragraph break between them
SUBJECT = 6  # the reference opens its clause
SPEAKER = 5  # the reference is the speaker of an earlier quote
INTRODUCED = 9  # introduced with a role in apposition ("Henry Crespo, president of the caucus"): news quotes them next
AGREES = 3  # its gender is known and matches
POSSESSIVE = -5  # "Trump’s campaign": the name qualifies something else
NOMINAL = -3  # "the old man": a description, less often what a pronoun picks up than a name
WINDOW = 15  # sentences a pronoun looks back
ADDRESSED = 12  # named as the one spoken to in the line just before: the one who answers
LEARN_MARGIN = 6  # how far a pronoun's referent must lead the next for the pronoun to tell its gender
UNTOLD = -3  # he or she, and nothing tells the referent's gender: a person the text has not shown to agree
FREQUENT = 2  # for each doubling of how often the document names the referent: a main character


@dataclass(frozen=True)
class Entity:
    """What a reference refers to: the name shown for it, its kind and its gender where known."""

    name: str
    kind: str
    gender: str = ""


def resolve(refs: list[Ref], table: NameTable, speakers: list[tuple[int, int]] | tuple = (),
            margins: dict[int, float] | None = None, fiction: bool = False,
            lines: dict[int, list[tuple[int, int]]] | None = None) -> dict[int, Entity]:
    """Return the entity of every reference, keyed by its start offset; unresolved pronouns are left out.

    `margins`, if given, receives for each resolved pronoun how far its referent's salience led the
    next referent's (infinity when nothing else agreed): how sure the choice is. `lines` gives the
    quotes each pronoun cue attributes: whoever they speak to by name is not the pronoun's referent.
    """
    margins = {} if margins is None else margins
    spoke = _overlapping(refs, speakers)
    entities: dict[int, Entity] = {}
    names = {}
    for ref in refs:
        if not ref.pronoun:
            names[ref.start] = _named(ref, table)
    _bodies_throughout(refs, names)
    _separate_titled(refs, names)
    _separate_households(refs, names, fiction)
    surname = None if fiction else table.is_surname
    # `listed`: genders only the first-name list tells: "Ilhan Omar … she" may overrule them when nothing else agrees.
    genders, listed = _genders(refs, names, surname=surname)
    counts: dict[str, int] = {}
    for ref in refs:
        if not ref.pronoun and not ref.addressed:
            counts[names[ref.start][0]] = counts.get(names[ref.start][0], 0) + 1
    # One capitalised word is a person only on evidence: it speaks, a title stands before it, or his/her says so.
    people = {names[r.start][0] for r in refs if not r.pronoun and (r.start in spoke or r.gender or r.owns or r.titled)}
    main = _main_characters(refs, names, genders, counts) if fiction else {}
    resolved: list[tuple[Ref, Entity]] = []
    named_only: list[tuple[Ref, Entity]] = []  # the same, without descriptions: what a description may stand for
    learned: dict[str, str] = {}
    listeners = _listeners(refs, names, lines or {})
    previous: tuple[Ref, Entity] | None = None  # the last name resolved: a description in apposition is that person
    for ref in refs:
        if ref.pronoun:
            heard: set[str] | frozenset[str] = listeners.get(ref.start, frozenset())
            entity, margins[ref.start] = _antecedent(ref, resolved, spoke, counts, learned, people, heard)
            if entity is None and fiction and ref.gender in main and main[ref.gender].name not in heard:
                entity, margins[ref.start] = main[ref.gender], 0.0
            if entity is None and not fiction and ref.gender and listed:
                entity, _ = _antecedent(ref, _unlisted(resolved, listed), spoke, counts, learned, people, heard)
                margins[ref.start] = 0.0
            if entity is not None and ref.gender and not entity.gender and margins[ref.start] >= LEARN_MARGIN:
                # "Marilla … she": once a he or she settles on someone, that tells their gender for later pronouns.
                # Only a clear choice teaches: "Christie described Clinton as … after she attacked" must not.
                learned[entity.name] = ref.gender
                entity = Entity(entity.name, entity.kind, ref.gender)
        else:
            name, kind = names[ref.start]
            entity = Entity(name, kind, genders.get(fold(name), ref.gender or learned.get(name, "")))
            owner = _voice_of(ref)
            if fiction and owner:
                # "her voice said": the one whose voice it is speaks.
                found, _ = _antecedent(replace(ref, pronoun=True, text="he" if owner == "m" else "she", gender=owner),
                                       resolved, spoke, counts, learned, people)
                entity = found or entity
            elif fiction and (ref.generic or _other_half(ref)):
                # "said the girl", "his wife": a novel describes a character it has named; take the named one if
                # one agrees.
                named, _ = _antecedent(replace(ref, pronoun=True, text="she" if ref.gender == "f" else "he"),
                                       named_only, spoke, counts, learned, people, describing=True)
                entity = named or entity
        if entity is not None:
            entities[ref.start] = entity
            # A pronoun after "the former president" stands for the person named with that title; the
            # description's own quotes keep the words the text gives them.
            titled = _titled(ref, named_only) if ref.nominal and not ref.relative and not ref.pronoun else None
            if not _apposed(ref, previous):
                resolved.append((ref, titled or entity))
            if not ref.nominal:
                named_only.append((ref, entity))
            previous = (ref, entity) if not ref.pronoun and not ref.nominal else None
        else:
            margins.pop(ref.start, None)
    return entities


def _listeners(refs: list[Ref], names: dict, lines: dict[int, list[tuple[int, int]]]) -> dict[int, set[str]]:
    """Return for each pronoun cue the names its own quotes speak to ("…scolding you, Fanny," said she)."""
    spoken_to = [r for r in refs if r.addressed]
    out = {}
    for start, spans in lines.items():
        heard = {names[r.start][0] for r in spoken_to if any(a <= r.start < b for a, b in spans)}
        if heard:
            out[start] = heard
    return out


def _voice_of(ref: Ref) -> str:
    """Return the gender of whose voice a description is ("her voice"), or ""."""
    words = ref.text.lower().split()
    return gender.of_pronoun(words[0]) if ref.nominal and len(words) == 2 and words[1] == "voice" else ""


def _apposed(ref: Ref, previous: tuple[Ref, Entity] | None) -> bool:
    """Say whether a description stands in apposition to the name just before it ("Brian Fallon, the campaign’s
    press secretary,"): it is that person, so a later pronoun may take the name but never the description."""
    if previous is None or not ref.nominal or ref.relative or ref.pronoun:
        return False
    name, entity = previous
    apposed = ref.sentence == name.sentence and 0 < ref.start - name.end <= 2
    return apposed and entity.kind == "person" and ref.kind == "person"


def _other_half(ref: Ref) -> bool:
    """Say whether a description is a relative of the other gender than its possessor ("his wife", "her father")."""
    # Such a relative cannot be the one "his" or "her" refers to, so a named person of its gender may be.
    owner = gender.of_pronoun(ref.text.split()[0]) if ref.relative and ref.nominal else ""
    return bool(owner and ref.gender and owner != ref.gender)


def _titled(description: Ref, named: list[tuple[Ref, Entity]]) -> Entity | None:
    """Return the person named earlier with the title a description repeats: "the former president" after
    "Former President Bill Clinton"."""
    words = fold(description.text).split()
    if len(words) < 2 or words[0] != "the":
        return None
    for ref, entity in reversed(named):
        if ref.text != ref.name and ref.text.endswith(ref.name) and entity.kind == "person" \
                and fold(ref.text[:len(ref.text) - len(ref.name)]).split() == words[1:]:
            return entity
    return None


def _overlapping(refs: list[Ref], spans) -> set[int]:
    """Return the starts of the references that overlap an attribution mention."""
    spans = sorted(spans)
    starts = [a for a, _ in spans]
    out = set()
    for ref in refs:
        k = bisect.bisect_left(starts, ref.end) - 1  # the mentions starting before the reference ends
        while k >= 0 and starts[k] >= ref.start - 200:
            if spans[k][1] > ref.start:
                out.add(ref.start)
                break
            k -= 1
    return out


def _named(ref: Ref, table: NameTable) -> tuple[str, str]:
    """Return the display name and kind of a name or noun phrase."""
    if ref.nominal or ref.relative:
        return ref.text if ref.relative and not ref.nominal else ref.name, ref.kind
    return table.resolve(ref.name, ref.start, ref.gender), ref.kind


def _bodies_throughout(refs: list[Ref], names: dict[int, tuple[str, str]]) -> None:
    """Make a name a body wherever it stands once one of its references shows it one ("Big Machine have"), in place.

    "Big Machine, says she …" then never gives "she" to the label the text later writes "Big Machine have denied".
    """
    bodies = {names[r.start][0] for r in refs if not r.pronoun and not r.nominal and r.kind == "group"}
    for ref in refs:
        if not ref.pronoun and names[ref.start][1] == "person" and names[ref.start][0] in bodies:
            names[ref.start] = (names[ref.start][0], "group")


def _separate_titled(refs: list[Ref], names: dict[int, tuple[str, str]]) -> None:
    """Keep "Mrs. Archer" apart from Newland Archer when the rest of the text shows him to be a man, in place.

    A title and a surname were matched to the fullest name with that surname; where that name's first
    name tells no gender, only the other references can say whether the two are one person.
    """
    guessed = [r for r in refs if not r.pronoun and r.gender and r.titled and names[r.start][0] != r.name
               and not gender.of_first_name(names[r.start][0].split()[0])]
    if not guessed:
        return
    others, _ = _genders([r for r in refs if r not in guessed], names)
    for ref in guessed:
        told = others.get(fold(names[ref.start][0]))
        if told and told != ref.gender:
            names[ref.start] = (ref.name, names[ref.start][1])


def _separate_households(refs: list[Ref], names: dict[int, tuple[str, str]], fiction: bool) -> None:
    """Keep apart, in place, the people one surname names under different courtesy titles ("Mr." and "Mrs. Elton")."""
    # A novel's "Miss Bates" and her mother "Mrs. Bates" are two people too; in news "Ms." and "Mrs." may be one
    # woman, so there only a title of the other gender tells two people.
    households: dict[str, dict[str, list[Ref]]] = {}
    for ref in refs:
        title = ref.text.split()[0] if not ref.pronoun and not ref.nominal and ref.titled and ref.gender else ""
        if is_courtesy(title):
            told = title.lower().rstrip(".") if fiction else ref.gender
            households.setdefault(names[ref.start][0], {}).setdefault(told, []).append(ref)
    for name, members in households.items():
        if len(members) < 2:
            continue
        for titled in members.values():
            title = titled[0].text.split()[0]  # one spelling for each person: "Mrs Croft" and "Mrs. Croft" are one
            for ref in titled:
                names[ref.start] = (f"{title} {name}", names[ref.start][1])


def _unlisted(resolved: list[tuple[Ref, Entity]], listed: set[str]) -> list[tuple[Ref, Entity]]:
    """Return the resolved references with the genders only the first-name list told forgotten."""
    return [(ref, Entity(e.name, e.kind) if fold(e.name) in listed else e) for ref, e in resolved]


def _genders(refs: list[Ref], names: dict[int, tuple[str, str]],
             surname: Callable[[str], bool] | None = None) -> tuple[dict[str, str], set[str]]:
    """Weigh the evidence of each named person's gender: titles, nouns, his/her after them, the first name; return
    the genders and the people whose gender the first name alone tells.

    `surname`, if given, tells a name of one word that the text writes after a first name ("Hillary Clinton"):
    such a word is a surname there, whatever the first-name list says of it ("Clinton").
    """
    votes: dict[str, int] = {}
    firsts: dict[str, tuple[str, int]] = {}  # the first name's gender and the weight it carries
    for ref in refs:
        if ref.pronoun or ref.kind != "person":
            continue
        name = names[ref.start][0]
        key = fold(name)
        score = votes.get(key, 0)
        for told, weight in ((ref.gender, 3), (ref.owns, 1)):
            if told:
                score += weight if told == gender.MALE else -weight
        votes[key] = score
        if key not in firsts and not ref.nominal:
            # A full name's first word is a first name; a name of one word may be one too ("Lucy"), or a surname.
            words = name.split()
            if len(words) == 1 and surname is not None and surname(words[0]):
                continue
            sure = gender.first_name_is_sure(words[0])
            firsts[key] = (gender.of_first_name(words[0]), (2 if sure else 1) if len(words) >= 2 else 1)
    out = {}
    for key, score in votes.items():
        first, weight = firsts.get(key, ("", 0))
        score += weight if first == gender.MALE else -weight if first == gender.FEMALE else 0
        if score:
            out[key] = gender.MALE if score > 0 else gender.FEMALE
    return out, {key for key in out if not votes[key]}


def _antecedent(pronoun: Ref, resolved: list[tuple[Ref, Entity]], spoke: set[int], counts: dict,
                learned: dict, people: set[str], listeners: set[str] | frozenset[str] = frozenset(),
                describing: bool = False) -> tuple[Entity | None, float]:
    """Return the entity of the most salient earlier reference that agrees with a pronoun, and its lead."""
    wanted = pronoun.gender
    best: Entity | None = None
    best_score: float | None = None
    scores: dict[str, float] = {}
    for ref, entity in reversed(resolved):
        distance = pronoun.sentence - ref.sentence
        if distance > WINDOW:
            break
        if not _fits(pronoun, entity) or not gender.agrees(wanted, entity.gender) or entity.name in listeners:
            continue
        if ref.nominal and pronoun.text.lower() == "they" and entity.kind != "group":
            continue  # "a statement … they said": a singular noun is never they; an organisation's name may be
        if ref.addressed and not 1 <= pronoun.paragraph - ref.paragraph <= 2:
            continue  # a name spoken to is a referent for the reply only, never for the quote's own cue
        known = entity.gender or learned.get(entity.name, "")
        if known != entity.gender:
            entity = Entity(entity.name, entity.kind, known)
            if not gender.agrees(wanted, known):
                continue
        if wanted and not entity.gender and ref.addressed and not describing:
            continue  # "…, Newland?": a name spoken to whose gender nothing tells; "…, Nance" ¶ "…," said the girl
        if wanted and not entity.gender and len(entity.name.split()) == 1 and entity.name not in people \
                and not (describing and ref.addressed):
            continue  # "Loggia", "North Korea": a name nothing shows to be a person is no one he or she stands for
        score: float = -SENTENCE_COST * distance - PARAGRAPH_COST * (pronoun.paragraph - ref.paragraph)
        score += SUBJECT if ref.subject else 0
        score += INTRODUCED if ref.introduced else SPEAKER if ref.start in spoke or ref.source else 0
        score += AGREES if wanted and entity.gender == wanted else UNTOLD if wanted and not entity.gender else 0
        score += POSSESSIVE if ref.possessive else 0
        score += NOMINAL if ref.nominal else 0
        score += ADDRESSED - 4 * (pronoun.paragraph - ref.paragraph - 1) if ref.addressed else 0
        score += FREQUENT * math.log2(1 + counts.get(entity.name, 0))
        scores[entity.name] = max(score, scores.get(entity.name, score))
        if best_score is None or score > best_score:
            best, best_score = entity, score
    if best is None or best_score is None:
        return None, 0.0
    others = [v for k, v in scores.items() if k != best.name]
    return best, best_score - max(others) if others else math.inf


def _main_characters(refs: list[Ref], names: dict, genders: dict[str, str], counts: dict) -> dict[str, Entity]:
    """Return for each gender the person the passage names most, if it names one most of all.

    A novel follows its main character as "she" for pages: where nothing near a pronoun stands for it,
    that character is the likely one.
    """
    best: dict[str, Entity] = {}
    for ref in refs:
        if ref.pronoun or ref.nominal or ref.kind != "person":
            continue
        name = names[ref.start][0]
        told = genders.get(fold(name), ref.gender)
        if told and (told not in best or counts.get(name, 0) > counts.get(best[told].name, 0)):
            best[told] = Entity(name, "person", told)
    return best


_PLURAL_ACRONYM = re.compile(r"^(?:the\s+)?[A-Z]{2,}s$")


def _fits(pronoun: Ref, entity: Entity) -> bool:
    """Say whether a pronoun can stand for an entity of this kind: he/she for people, they/it for the rest."""
    word = pronoun.text.lower()
    if word in ("he", "she"):
        return entity.kind == "person"
    if word == "they":
        # "Many in Hong Kong … they note": people, never the place.
        return entity.kind in ("group", "thing") and not (is_place(entity.name) or is_state(entity.name))
    if word == "it":
        # "one of the cables … it said"; but "the AMAs", "MPs": an acronym made plural is they, never it.
        return entity.kind in ("thing", "group") and not _PLURAL_ACRONYM.match(entity.name)
    return False


def narrator(refs: list[Ref], entities: dict[int, Entity], own_lines: list[tuple[int, int]],
             named_speakers: set[str]) -> str:
    """Return who "I" is in a text told in the first person: the one the others speak to by name.

    Needs at least two quotes the narrator speaks (`own_lines`, "I said"); names spoken to in those
    lines are the narrator's listeners, not the narrator, and the name must be spoken to more than
    any other and never be the named speaker of a quote, as a narrator is never "said Jake".
    """
    if len(own_lines) < 2:
        return ""
    speakers = [name_words(n) for n in named_speakers]
    counts: dict[str, int] = {}
    for ref in refs:
        entity = entities.get(ref.start)
        if any(a <= ref.start < b for a, b in own_lines):
            continue
        if ref.addressed and entity is not None and not any(name_words(entity.name) & s for s in speakers):
            counts[entity.name] = counts.get(entity.name, 0) + 1
    # "Jacob" and "Jacob Barnes" are one name: count the shorter form under the fuller one.
    for name in sorted(counts, key=lambda n: len(n.split())):
        fuller = [f for f in counts if f != name and name_words(name) < name_words(f)]
        if fuller:
            counts[max(fuller, key=lambda f: counts[f])] += counts.pop(name)
    if not counts:
        return ""
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if ranked[0][1] < 2 or len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]:
        return ""  # a name spoken to once, or no one name standing out: better no name than a guess
    return ranked[0][0]
