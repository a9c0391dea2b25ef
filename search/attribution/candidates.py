"""Propose the people who may speak each quote of a story, each with the evidence for it as features.

The rules' own answer is one candidate; the others come from the text around the quote: the speakers
of the turns before and after it, people acting in its paragraph or the narration before it, names
spoken to in the lines around it, and the characters the passage names most. `choose` weighs them.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from ..text.quotes import Span, alone_in_paragraph, kind
from .. import lexicon
from . import gender
from .names import name_words
from .rule_names import OWN_CUE_RULES, Rule

NEAR_TURN = 3  # paragraphs: a quote paragraph further back than this is no earlier turn of the same talk
LATELY = 12  # paragraphs back a reference to a candidate is looked for
RECENT = 2  # paragraphs before a quote's own in which a person named counts as just named
AROUND = 6  # turns either side of a line whose speakers are the conversation's participants
WEIGHED_CUES = ("description",)  # lines with a cue of their own that are weighed all the same: "said the stranger"
TOP = 3  # the characters the passage names most are candidates for every line


@dataclass
class Candidate:
    """A person who may speak a quote: the name shown and the features for it."""

    name: str
    features: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Scene:
    """A story's quotes and what attribution has read of it: speakers so far, references and what they refer to."""

    text: str
    paragraphs: tuple
    by_para: dict
    speakers: dict  # Span -> Speaker, the rules' answers
    refs: list  # mentions.Ref, in text order
    entities: dict  # Ref.start -> coreference.Entity

    @cached_property
    def addressed(self) -> dict[int, list[str]]:
        """Return the names the quotes of each paragraph speak to."""
        out: dict[int, list[str]] = {}
        for ref in self.refs:
            if ref.addressed and ref.start in self.entities:
                out.setdefault(ref.paragraph, []).append(self.entities[ref.start].name)
        return out

    @cached_property
    def genders(self) -> dict[str, str]:
        """Return the gender of each person named, where coreference found one."""
        out: dict[str, str] = {}
        for entity in self.entities.values():
            if entity.gender and entity.kind == "person":
                out.setdefault(entity.name, entity.gender)
        return out


def speaker_name(who) -> str:
    """Return the name shown for a line's speaker, or "" for none."""
    return who.name if who is not None else ""


def _cued(who) -> str:
    """Return who speaks a line by a cue of its own that names them, or ""."""
    if who is None or who.mention is None or who.rule not in OWN_CUE_RULES:
        return ""
    return speaker_name(who)


def context(bare: bool) -> str:
    """Return where a line no cue of its own attributes stands: alone in its paragraph, or beside narration."""
    return "bare" if bare else "beat"


def propose(scene: Scene) -> dict[Span, list[Candidate]]:
    """Return the candidates of every quote whose speaker may be chosen; the narrator's lines are left as read."""
    placed: dict[int, list] = {}
    counts: dict[str, int] = {}
    for ref in scene.refs:
        entity = scene.entities.get(ref.start)
        if entity is None or entity.kind != "person" or not entity.name:
            continue
        placed.setdefault(ref.paragraph, []).append((ref, entity))
        if not ref.addressed:
            counts[entity.name] = counts.get(entity.name, 0) + 1
    top = sorted(counts, key=lambda n: (-counts[n], n))[:TOP]
    spoke: dict[str, int] = {}  # how many lines each person speaks by a cue of their own
    for who in scene.speakers.values():
        if speaker_name(who) and who.rule in OWN_CUE_RULES:
            spoke[speaker_name(who)] = spoke.get(speaker_name(who), 0) + 1
    mentioned, speaking = _totals(counts), _totals(spoke)
    turns = sorted(scene.by_para)
    described = Counter(who.name for who in scene.speakers.values() if cue_kind(who) == "description")
    out: dict[Span, list[Candidate]] = {}
    for k, number in enumerate(turns):
        for span in scene.by_para[number]:
            who = scene.speakers.get(span)
            cue = cue_kind(who)
            if who is not None and (who.narrator or who.rule == Rule.SILENCE or cue and cue not in WEIGHED_CUES):
                # The line's own cue names its speaker ("said Tony"), "I" speaks, or the narration says who
                # kept silent before it ("Rosa said nothing."): the text decides, not weights.
                continue
            if who is None and _unspoken(scene, number, span):
                continue  # a title or term the rules gave no one stays no one's: weights never make it speech
            # "she said" and "said the stranger" are weighed too, in contexts of their own: coreference's
            # answer is one candidate, and the gender the cue asks for a feature.
            pool = _Pool(cue or context(number not in placed))
            _rules_features(pool, who, cue, described)
            _turn_features(pool, scene, turns, k)
            _paragraph_features(pool, scene, placed, number, span)
            for rank, name in enumerate(top):
                pool.add(name, f"top{rank + 1}")
            for name in list(pool.found):
                pool.set(name, "mentions", math.log2(1 + mentioned(name)) / 4)
                pool.set(name, "speaks", math.log2(1 + speaking(name)) / 4)
            _lately(pool, placed, number)
            _named_inside(pool, scene.text[span.start:span.end])
            _gender_features(pool, who, scene.genders)
            if pool.found:
                out[span] = list(pool.found.values())
    return out


def _rules_features(pool: "_Pool", who, cue: str, described: Counter) -> None:
    """Add the rules' own answer as a candidate, with the rule it rests on."""
    if who is None or not who.name:
        return
    pool.add(who.name, "rules")
    pool.add(who.name, f"rules:{Rule(who.rule).value if who.rule else '-'}")
    if cue == "description" and who.name[:1].islower():
        # "said the solicitor", never named: a character the story may know only by what they are
        pool.add(who.name, "rules:unnamed" if described[who.name] < 2 else "rules:unnamed-again")


def cue_kind(who) -> str:
    """Return what a line's own cue names its speaker by: "name", "pronoun" (he, she), "description", or ""."""
    if who is None or who.mention is None or who.rule not in OWN_CUE_RULES:
        return ""
    mention = who.mention
    if mention.pronoun:
        return "pronoun" if gender.of_pronoun(mention.text) else "name"  # "I", "we", "they": left as read
    first = mention.text.split()[0] if mention.text.split() else ""
    return "description" if first[:1].islower() or first.lower() in lexicon.determiners() else "name"


def _unspoken(scene: Scene, number: int, span: Span) -> bool:
    """Say whether a quote with no attribution reads as a title or term rather than as someone's words."""
    para = scene.paragraphs[number - 1]
    alone = alone_in_paragraph(scene.text, scene.by_para[number], para.start, para.end)
    return kind(scene.text, span, para.start, attributed=False, alone=alone) == "scare"


def _totals(counts: dict[str, int]):
    """Return a function giving how often a person is counted under any form of their name."""
    memo: dict[str, int] = {}

    def total(name: str) -> int:
        if name not in memo:
            memo[name] = sum(n for other, n in counts.items() if same_person(other, name))
        return memo[name]
    return total


def _turn_features(pool: "_Pool", scene: Scene, turns: list[int], k: int) -> None:
    """Add the speakers of the turns around a quote's paragraph, and the names spoken to in them."""
    number = turns[k]
    for step, label in ((-1, "prev1"), (-2, "prev2"), (1, "next1"), (2, "next2")):
        j = k + step
        a, b = min(j, k), max(j, k)
        if a < 0 or b >= len(turns) or any(turns[n + 1] - turns[n] > NEAR_TURN for n in range(a, b)):
            continue
        other = turns[j]
        said = _said(scene, other)
        if said is not None:
            anchored = said.rule in OWN_CUE_RULES or said.rule == Rule.CONTINUED
            pool.add(speaker_name(said), f"{label}:{'cue' if anchored else 'guess'}")
            if abs(step) == 1:
                pool.add(speaker_name(said), f"{label}:{'adjacent' if abs(other - number) == 1 else 'apart'}")
        if abs(step) == 1:
            for name in _addressed(scene, other):
                pool.add(name, f"addressed-{label}")
    for name in _addressed(scene, number):
        pool.add(name, "addressed-own")
    _participant_features(pool, scene, turns, k)
    _last_spoke(pool, scene, turns, k)


def _said(scene: Scene, number: int):
    """Return the attribution of a paragraph's first quote with a named speaker, or None."""
    return next((scene.speakers[s] for s in scene.by_para[number] if speaker_name(scene.speakers.get(s))), None)


def _last_spoke(pool: "_Pool", scene: Scene, turns: list[int], k: int) -> None:
    """Note how many turns back each candidate last spoke, and the turn-taking pattern that implies.

    In talk between two, the speaker of two turns back who did not speak the last one speaks again;
    someone who spoke the last turn seldom speaks this one too.
    """
    last: dict[str, int] = {}
    for back in range(1, AROUND + 1):
        j = k - back
        if j < 0 or turns[j + 1] - turns[j] > NEAR_TURN:
            break
        said = speaker_name(_said(scene, turns[j]))
        if said and not any(same_person(said, n) for n in last):
            last[said] = back
    for name, back in last.items():
        pool.set(name, "spoke-back", 1.0 / back)
        if back == 2:
            pool.add(name, "takes-turn")
        elif back == 1:
            pool.add(name, "spoke-last")


def _participant_features(pool: "_Pool", scene: Scene, turns: list[int], k: int) -> None:
    """Add who speaks by a cue of their own around a line, and the nearest such lines before and after it.

    Two people take turns: a line an odd number of turns from a named one is the other participant's.
    """
    around: dict[str, int] = {}
    for j in range(max(0, k - AROUND), min(len(turns), k + AROUND + 1)):
        for span in scene.by_para[turns[j]]:
            who = scene.speakers.get(span)
            if j != k and (name := _cued(who)):
                around[name] = around.get(name, 0) + 1
    for name, count in around.items():
        pool.set(name, "speaks-around", math.log2(1 + count) / 2)
    if len(around) == 2:
        for name in around:
            pool.add(name, "one-of-two")
    for direction, label in ((-1, "before"), (1, "after")):
        anchor = _anchor(scene, turns, k, direction)
        if anchor is not None:
            distance, name = anchor
            parity = "even" if distance % 2 == 0 else "odd"
            pool.add(name, f"anchor-{label}:{parity}")
            for other in around:
                if not same_person(other, name):
                    pool.add(other, f"anchor-{label}:{parity}-other")


def _anchor(scene: Scene, turns: list[int], k: int, direction: int) -> tuple[int, str] | None:
    """Return how many turns away the nearest line with a cue naming its speaker stands, and that speaker."""
    j = k + direction
    while 0 <= j < len(turns) and abs(turns[j] - turns[j - direction]) <= NEAR_TURN:
        for span in scene.by_para[turns[j]]:
            name = _cued(scene.speakers.get(span))
            if name:
                return abs(j - k), name
        j += direction
    return None


def _addressed(scene: Scene, number: int) -> list[str]:
    """Return the names the quotes of a paragraph speak to."""
    return scene.addressed.get(number, [])


def _paragraph_features(pool: "_Pool", scene: Scene, placed: dict, number: int, span: Span) -> None:
    """Add the people acting in a quote's paragraph, in the narration just before it, and named lately."""
    own = [(r, e) for r, e in placed.get(number, ()) if not r.addressed]
    before = [(r, e) for r, e in own if r.start < span.open_at]
    after = [(r, e) for r, e in own if r.start >= span.close_at]
    for group, label in ((before[-1:], "before"), (after[:1], "after")):
        for ref, entity in group:
            kind = "pronoun" if ref.pronoun else "nominal" if ref.nominal else "name"
            role = "possessive" if ref.possessive else "subject" if ref.subject else "other"
            pool.add(entity.name, f"para-{label}")
            pool.add(entity.name, f"para-{label}:{role}")
            pool.add(entity.name, f"para-{label}:{kind}")
    for ref, entity in own:
        pool.add(entity.name, "para-any")
    _previous_turn(pool, scene, placed, number)
    if number > 1 and number - 1 not in scene.by_para:
        narration = [(r, e) for r, e in placed.get(number - 1, ()) if not r.addressed]
        subjects = [(r, e) for r, e in narration if r.subject and not r.possessive]
        for ref, entity in subjects[:1]:
            pool.add(entity.name, "narration-first")
        for ref, entity in subjects[-1:]:
            pool.add(entity.name, "narration-last")
        for ref, entity in narration:
            pool.add(entity.name, "narration-any")
    if number + 1 not in scene.by_para:
        after = [(r, e) for r, e in placed.get(number + 1, ()) if not r.addressed and r.subject and not r.possessive]
        for ref, entity in after[:1]:
            pool.add(entity.name, "narration-after-first")
        for ref, entity in after:
            pool.add(entity.name, "narration-after-any")
    for back in range(1, RECENT + 1):
        for ref, entity in placed.get(number - back, ()):
            if not ref.addressed:
                pool.add(entity.name, "recent")


def _previous_turn(pool: "_Pool", scene: Scene, placed: dict, number: int) -> None:
    """Add the people the narration of the turn just before names: "“…?” I asked Harris." (Harris answers)."""
    if number - 1 not in scene.by_para:
        return
    for ref, entity in placed.get(number - 1, ()):
        if not ref.addressed and not ref.subject and not ref.possessive:
            pool.add(entity.name, "prev1-object")
        elif not ref.addressed and ref.subject:
            pool.add(entity.name, "prev1-subject")


def _lately(pool: "_Pool", placed: dict, number: int) -> None:
    """Note how lately the text referred to each candidate: one over one plus the paragraphs since."""
    for name in list(pool.found):
        gap = next((back for back in range(0, LATELY) for ref, entity in placed.get(number - back, ())
                    if not ref.addressed and same_person(entity.name, name)), LATELY)
        pool.set(name, "lately", 1.0 / (1 + gap))

def _named_inside(pool: "_Pool", words: str) -> None:
    """Note the candidates the line itself names: people seldom name themselves, and talk of those away."""
    said = set(re.findall(r"[A-Z][\w'’-]+", words))
    for name in list(pool.found):
        if said & _capitalised(name):
            pool.add(name, "named-inside")


@lru_cache(maxsize=4096)
def _capitalised(name: str) -> frozenset[str]:
    folded = name_words(name)
    return frozenset(w for w in name.split() if w[:1].isupper() and name_words(w) <= folded and name_words(w))


def _gender_features(pool: "_Pool", who, genders: dict[str, str]) -> None:
    """Say whether each candidate's gender agrees with the he or she the rules' answer rests on."""
    wanted = ""
    if who is not None and who.mention is not None:
        words = who.mention.text.split()
        wanted = gender.of_pronoun(words[0]) if who.mention.pronoun else gender.of_word(words[-1]) if words else ""
    for name in list(pool.found):
        told = genders.get(name) or next((g for other, g in genders.items() if same_person(other, name)), "") \
            or gender.of_first_name(name.split()[0])
        if wanted and told:
            pool.set(name, "gender-agrees" if told == wanted else "gender-clashes", 1.0)


class _Pool:
    """The candidates of one quote, one per person, with their features crossed with the quote's context."""

    def __init__(self, ctx: str):
        self.ctx = ctx
        self.found: dict[str, Candidate] = {}

    def _get(self, name: str) -> Candidate | None:
        if name in self.found:
            return self.found[name]
        if not _words(name):
            return None
        for key, candidate in self.found.items():
            if same_person(key, name):
                return candidate
        self.found[name] = Candidate(name)
        return self.found[name]

    def add(self, name: str, feature: str, value: float = 1.0) -> None:
        """Note an indicator feature of a candidate, alone and crossed with the quote's context."""
        self.set(name, feature, value)
        self.set(name, f"{feature}|{self.ctx}", value)

    def set(self, name: str, feature: str, value: float) -> None:
        candidate = self._get(name)
        if candidate is not None:
            candidate.features[feature] = value


@lru_cache(maxsize=4096)
def _words(name: str) -> frozenset[str]:
    return frozenset(name_words(name))


def same_person(a: str, b: str) -> bool:
    """Say whether two names shown are one person: a word in common, titles aside."""
    return a == b or not _words(a).isdisjoint(_words(b))
