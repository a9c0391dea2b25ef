"""Attribute the unmarked lines of a conversation: action beats, names spoken to, and turns that alternate."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model import Mention, Paragraph
from ..text.quotes import Span, alone_in_paragraph, starts_sentence, word_count
from . import gender
from .mentions import Ref
from .names import name_words
from .rule_names import OWN_CUE_RULES, Rule

SHORT_LINE = 15  # words: a line of dialogue, not a paragraph of reporting
BARE_LINE = 10  # words: a reply standing alone ("Nooooo!", "Mexico!")
BRIDGE, BRIDGE_WORDS = 2, 80  # narration paragraphs (and their words) that may stand between two turns
CLEAR = 10  # salience lead over the next referent past which a pronoun's own referent stands ("Mrs Croft … said she")


@dataclass(frozen=True)
class Turn:
    """A paragraph of a conversation: its number, its spoken lines, and who speaks them as far as the text says."""

    paragraph: int
    spans: tuple[Span, ...]
    speaker: object = None  # the Speaker named by a cue in this paragraph, if any


def conversations(text: str, paragraphs: tuple[Paragraph, ...], by_para: dict[int, list[Span]],
                  fiction: bool = False) -> list[list[int]]:
    """Return runs of paragraphs that are the turns of one conversation (narration between them left out).

    In fiction any run of turns is a conversation; elsewhere (news quotes one speaker over several
    paragraphs) a run must be of short lines and hold a question and a line that is nothing but a short quote.
    """
    runs, current, gap = [], [], 0
    for para in paragraphs:
        own = by_para.get(para.number, [])
        if _is_turn(text, para, own):
            current.append(para.number)
            gap = 0
            continue
        # A line or two of narration ("He picked up some of the letters.") does not end the conversation.
        if current and not own and gap < BRIDGE and word_count(para.text) <= BRIDGE_WORDS:
            gap += 1
            continue
        runs.append(current)
        current, gap = [], 0
    runs.append(current)
    out = []
    for run in runs:
        short = sum(1 for n in run if word_count(paragraphs[n - 1].text) <= SHORT_LINE)
        if fiction and len(run) >= 2 or (len(run) >= 3 and short >= 2 or len(run) == 2 and short == 2) \
                and _exchange(text, paragraphs, by_para, run):
            out.append(run)
    return out


def _exchange(text: str, paragraphs: tuple[Paragraph, ...], by_para: dict[int, list[Span]], run: list[int]) -> bool:
    """Say whether a run reads as an exchange: someone asks, and a line is only a short quote ("Mexico!")."""
    asked = any("?" in paragraphs[n - 1].text for n in run)
    bare = any(alone_in_paragraph(text, by_para[n], paragraphs[n - 1].start, paragraphs[n - 1].end)
               and word_count(paragraphs[n - 1].text) <= BARE_LINE for n in run)
    return asked and bare


def _is_turn(text: str, para: Paragraph, own: list[Span]) -> bool:
    """Say whether a paragraph is a turn of talk: it opens with a new quote, or a spoken line stands in it."""
    if not own or own[0].continues:
        return False
    first = own[0]
    if first.open_at == para.start:
        return True
    # "Brenda sat up. “And, please, I didn't mean it.”": an action, then the line; or narration that
    # ends on a line: "Instead he remarked in an easy manner, “I suppose we ought to be going.”"
    if own[-1].close_at >= para.end - 1:
        return True
    return starts_sentence(text, first, para.start) \
        and re.search(r"[.!?]\s*$", text[para.start:first.open_at]) is not None


def fill(runs: list[list[int]], paragraphs: tuple[Paragraph, ...], by_para: dict[int, list[Span]], speakers: dict,
         refs: list[Ref], entities: dict, make) -> None:
    """Give the unattributed lines of each conversation a speaker, in place.

    `speakers` maps spans to Speakers found so far; `make(name, mention, rule)` builds a new one.
    """
    # References by paragraph and genders by name, read once for every line of every conversation.
    placed: dict[int, list[Ref]] = {}
    for ref in refs:
        placed.setdefault(ref.paragraph, []).append(ref)
    genders = {e.name: e.gender for e in entities.values() if e.gender}
    # In a story told in the first person the narrator takes part in most conversations.
    narrator = next((who for who in speakers.values() if who.narrator), None)
    for run in runs:
        turns = [_turn(n, by_para[n], speakers) for n in run]
        known: list = [t.speaker for t in turns]
        rules = ["" if s is None else "cue" for s in known]
        for i, turn in enumerate(turns):
            if known[i] is None:
                beat = _beat(turn, placed.get(turn.paragraph, ()), entities)
                if beat is None and i > 0 and turns[i - 1].paragraph < turn.paragraph - 1:
                    # "He climbed into bed. ¶ “Try and argue me into getting up.”": narration just before a
                    # line is most often the speaker's own action.
                    beat = _bridge_subject(placed.get(turn.paragraph - 1, ()), entities, paragraphs[turn.paragraph - 2])
                if beat is not None:
                    known[i] = make(entities[beat.start].name, _mention(beat), Rule.BEAT)
                    rules[i] = Rule.BEAT
                elif i > 0 and known[i - 1] is not None and known[i - 1].name \
                        and _SILENT.search(paragraphs[turn.paragraph - 2].text) \
                        and turns[i - 1].paragraph == turn.paragraph - 2:
                    # “Understand?” ¶ Rosa said nothing. ¶ “Understand?”: nobody answered, so the one who asked goes on.
                    known[i] = make(known[i - 1].name, None, Rule.SILENCE)
                    rules[i] = Rule.SILENCE
        _agree(turns, known, rules, refs, entities, genders, make)
        _propagate(turns, known, rules, refs, placed, entities, make, narrator)
        for turn, who, rule in zip(turns, known, rules):
            if who is None:
                continue
            for span in turn.spans:
                current = speakers.get(span)
                if current is None or current.rule not in OWN_CUE_RULES and current.rule != Rule.CONTINUED \
                        or rule == Rule.AGREED and current.mention == who.mention:
                    speakers[span] = who


def _turn(number: int, spans: list[Span], speakers: dict) -> Turn:
    named = next((speakers[s] for s in spans if s in speakers and speakers[s].rule in OWN_CUE_RULES
                  and (speakers[s].name or _narrator(speakers[s]))), None)
    return Turn(number, tuple(spans), named)


def _beat(turn: Turn, refs, entities: dict) -> Ref | None:
    """Return the person whose action stands beside the line ("Brenda sat up."), if one does."""
    first, last = turn.spans[0].open_at, turn.spans[-1].close_at
    inside = [r for r in refs if not r.addressed and r.kind == "person"
              and r.start in entities and not any(s.open_at <= r.start < s.close_at for s in turn.spans)]
    # The action nearest before the line is its speaker's ("Espinosa led them in. Brenda handed him the card.
    # “You choose.”"); else the first one after it ("“Well?” Tony sat up.").
    before = [r for r in inside if r.subject and not r.possessive and r.start < first]
    after = [r for r in inside if r.subject and not r.possessive and r.start > last]
    return before[-1] if before else after[0] if after else None


_SILENT = re.compile(r"\b(?:said|says|answered|replied) nothing\b|\bmade no (?:reply|answer)\b|\b(?:did not|didn't|"
                     r"could not|couldn't) (?:answer|reply|speak)\b|\b(?:was|remained|kept) silent\b", re.IGNORECASE)


def _bridge_subject(refs, entities: dict, para: Paragraph) -> Ref | None:
    """Return the person a narration paragraph opens on ("He climbed into bed."), if it opens on one.

    Not one who says nothing there ("Rosa said nothing."): the next line is someone else's.
    """
    if _SILENT.search(para.text):
        return None
    first = next((r for r in refs if r.kind == "person" and r.start in entities), None)
    if first is not None and first.subject and not first.possessive and not first.addressed:
        return first
    return None


def _mention(ref: Ref) -> Mention:
    return Mention(ref.start, ref.end, ref.text, name=ref.name, pronoun=ref.pronoun)


def _agree(turns: list[Turn], known: list, rules: list[str], refs: list[Ref], entities: dict, named: dict,
           make) -> None:
    """Give a close-call "he said" or "she said" line the one person of that gender in the conversation."""
    # A clear referent stands: a third person who has just stepped in ("Mrs Croft was taking leave. ¶ “Here,
    # Frederick,” said she.") keeps the line.
    people = _participants(turns, known, refs, entities, named_only=True)
    genders = {p: named.get(p) or (gender.of_first_name(p.split()[0]) if p else "") for p in people}
    if len(people) != 2 or len(set(genders.values()) - {""}) != 2:
        return  # only between a man and a woman does "he" or "she" alone say which of two speaks
    for i, who in enumerate(known):
        if who is None or who.mention is None or not who.mention.pronoun or rules[i] != "cue":
            continue
        wanted = gender.of_pronoun(who.mention.text)
        fitting = [p for p in people if wanted and genders[p] == wanted]
        if len(fitting) == 1 and not _same(fitting[0], who.name) and (who.margin is None or who.margin < CLEAR):
            known[i] = replace(make(fitting[0], who.mention, who.rule), cue=who.cue, margin=who.margin)
            rules[i] = Rule.AGREED


def _propagate(turns: list[Turn], known: list, rules: list[str], refs: list[Ref], placed: dict, entities: dict,
               make, narrator=None) -> None:
    """Fill unknown turns from names spoken to and, between two speakers, from the order of turns."""
    for i in range(1, len(turns)):
        if known[i] is None:
            addressed = _addressed(placed.get(turns[i - 1].paragraph, ()), entities)
            if addressed and not (known[i - 1] is not None and _same(known[i - 1].name, addressed)):
                known[i], rules[i] = make(addressed, None, Rule.ADDRESSED), Rule.ADDRESSED
    people = _participants(turns, known, refs, entities, narrator=narrator)
    if len(people) != 2:
        _alternate_locally(known, rules, make)
        return
    for i in range(len(turns)):
        if known[i] is not None:
            continue
        # Two people take turns: a line is the speaker of the nearest known line, or the other one.
        j = min((k for k in range(len(turns)) if known[k] is not None and rules[k] != Rule.ALTERNATION),
                key=lambda k: (abs(k - i), k > i), default=None)
        if j is None:
            continue
        speaker = known[j].name if (i - j) % 2 == 0 else _other(people, known[j].name)
        known[i], rules[i] = make(speaker, None, Rule.ALTERNATION), Rule.ALTERNATION


def _alternate_locally(known: list, rules: list[str], make) -> None:
    """Among more than two people, give a line the speaker of the line before last when the two before differ."""
    changed = True
    while changed:
        changed = False
        for i in range(len(known)):
            if known[i] is not None:
                continue
            for a, b in ((i - 1, i - 2), (i + 1, i + 2)):
                if 0 <= min(a, b) and max(a, b) < len(known) and known[a] is not None and known[b] is not None \
                        and not _same(known[a].name, known[b].name):
                    known[i], rules[i] = make(known[b].name, None, Rule.ALTERNATION), Rule.ALTERNATION
                    changed = True
                    break


def _participants(turns: list[Turn], known: list, refs: list[Ref], entities: dict, named_only: bool = False,
                  narrator=None) -> list[str]:
    """Return the people of a conversation: its known speakers, and the one spoken to when only one is known.

    With `named_only`, speakers known only through a pronoun do not count: their name is what is in doubt.
    """
    people: list[str] = []
    for who in known:
        if named_only and who is not None and who.mention is not None and who.mention.pronoun:
            continue
        if who is not None and who.name and not any(_same(who.name, p) for p in people):
            people.append(who.name)
        elif who is not None and _narrator(who) and not who.name and "" not in people and not named_only:
            people.append("")  # a narrator the text never names still takes turns: their lines stay nameless
    if len(people) == 1 and narrator is not None and not _same(narrator.name, people[0]) \
            and not (narrator.name == "" == people[0]):
        people.append(narrator.name)  # "I" speaks with whoever the lines name
    if len(people) == 1:
        # The other one is named in the conversation's lines, or is the person the narration names nearest it.
        first, last = turns[0].paragraph, turns[-1].paragraph
        named = [r for r in refs if r.kind == "person" and r.start in entities and not r.nominal and not r.pronoun]

        def nearness(ref: Ref) -> tuple:
            inside = first <= ref.paragraph <= last
            gap = 0 if inside else first - ref.paragraph if ref.paragraph < first else ref.paragraph - last
            return not (ref.addressed and inside), gap, ref.paragraph > last, -ref.start

        for ref in sorted(named, key=nearness):
            name = entities[ref.start].name
            if not _same(name, people[0]):
                people.append(name)
                break
    return people


def _narrator(who) -> bool:
    """Say whether a speaker is the first-person narrator ("I said")."""
    return who.mention is not None and who.mention.text == "I"


def _other(people: list[str], name: str) -> str:
    """Return the one of two people who is not `name`."""
    return next(p for p in people if p != name and not _same(p, name))


def _addressed(refs, entities: dict) -> str:
    """Return the name a line's paragraph speaks to ("Well, Tony, how do you feel?"), if it names one."""
    for ref in refs:
        if ref.addressed and ref.start in entities:
            return entities[ref.start].name
    return ""


def _same(a: str, b: str) -> bool:
    """Say whether two names shown are one person: a word in common, titles aside."""
    return bool(name_words(a) & name_words(b))
