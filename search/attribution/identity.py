"""Speaker identity: keys for resolved names, and one key per person across documents."""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from functools import lru_cache

from ..ids import fold, key_for
from .. import lexicon

# Prefix of the key under which the corpus step counts a work's narrator, named or not; never served.
NARRATOR = "narrator:"


# Lower-case words that may sit inside a proper name without making it a common-noun phrase.
_NAME_GLUE = frozenset({"the", "of", "and", "for", "&"})


def speaker_key(speaker: str, doc_id: str) -> str:
    """Key a speaker: proper names are shared across documents, common-noun phrases stay in their document."""
    key = key_for(speaker)
    glue = _NAME_GLUE | lexicon.particles()
    words = [w.split("-")[-1] if w.split("-")[0] in glue else w for w in speaker.split() if w not in glue]
    if not words or not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        digest = hashlib.sha1(doc_id.encode()).hexdigest()[:6]
        return f"{key}--{digest}"
    return key


def work_of(document) -> str:
    """Return the work a story belongs to (its authors and title, parts aside), or "" for anything but fiction."""
    title = (document.title or "").strip()
    while (parts := _part_label().sub("", title).strip()) != title:
        title = parts  # "Emma, Volume II, Chapter 3": every trailing label goes
    if document.genre != "fiction" or not title:
        return ""
    return " / ".join([fold(a) for a in document.authors] + [fold(title)])


@lru_cache(maxsize=1)
def _part_label() -> re.Pattern:
    words = "|".join(re.escape(w) for w in sorted(lexicon.words("part_words.txt"), key=len, reverse=True))
    return re.compile(rf"[\s,:;—–-]*[(\[]?\s*\b(?:{words})(?!\w)\s*[\w.]+(?:\s+of\s+\w+)?\s*[)\]]?\s*$", re.I)


def narrator_key(work: str) -> str:
    """Return the key under which the corpus step counts a work's first-person narrator."""
    return NARRATOR + hashlib.sha1(work.encode()).hexdigest()[:12] if work else ""


def tally(quotes, work: str = "") -> Counter:
    """Count a document's (key, display name) pairs for the corpus step, narrator lines under the work's narrator."""
    names: Counter = Counter()
    told = ""
    for q in quotes:
        if q.speaker_key:
            names[(q.speaker_key, q.speaker)] += 1
        if q.narrator and work:
            if q.speaker:
                told = q.speaker  # a part that names its narrator casts one vote for that name
            else:
                names[(narrator_key(work), "")] += 1
    if told:
        names[(narrator_key(work), told)] += 1
    return names


def _named_narrators(names) -> tuple[Counter, dict[str, str]]:
    """Move nameless narrator lines to the name most parts of their work tell; return the pairs and where each went."""
    pairs: Counter = Counter()
    told: dict[str, Counter] = {}
    for (key, display), count in names.items():
        if key.startswith(NARRATOR):
            told.setdefault(key, Counter())[display] += count
        else:
            pairs[(key, display)] += count
    went = {}
    for key, votes in told.items():
        nameless = votes.pop("", 0)
        ranked = votes.most_common(2)
        if not ranked or len(ranked) == 2 and ranked[1][1] == ranked[0][1]:
            went[key] = ""
            continue
        name = ranked[0][0]
        went[key] = speaker_key(name, key)
        if nameless:
            pairs[(went[key], name)] += nameless
    return pairs, went


def _skeleton(word: str) -> str:
    """Reduce a first name to its consonant skeleton, so Qasem and Qassim meet."""
    out = word[:1]
    for ch in word[1:]:
        if ch not in "aeiouy" and ch != out[-1:]:
            out += ch
    return out


def merge_keys(names) -> dict[str, tuple[str, str]]:
    """Map every speaker key to (canonical key, display name), merging spellings of one person.

    `names` counts (key, display) pairs over the corpus (see `tally`). Keys of common-noun phrases
    (with a document suffix) are left alone; full names merge when their surnames agree and their
    first names share a consonant skeleton; a bare surname joins the one full name that ends with it.
    A narrator's key goes where the work's name for the narrator goes, or to ("", "") without one.
    """
    names, narrators = _named_narrators(names)
    totals: dict[str, int] = {}
    displays: dict[str, dict[str, int]] = {}
    for (key, display), count in names.items():
        totals[key] = totals.get(key, 0) + count
        displays.setdefault(key, {})
        displays[key][display] = displays[key].get(display, 0) + count
    canonical = _canonical(totals)
    members_of: dict[str, list[str]] = {}
    for key in totals:
        members_of.setdefault(canonical.get(key, key), []).append(key)
    out = {}
    for best, members in members_of.items():
        pool: dict[str, int] = {}
        for k in members:
            for d, n in displays[k].items():
                if len(d.split()) >= 2 or k == best:
                    pool[d] = pool.get(d, 0) + n
        pool = pool or displays[best]
        display = max(pool, key=lambda d: (pool[d], len(d)))
        for k in members:
            out[k] = (best, display)
    for key, went in narrators.items():
        out[key] = out.get(went, ("", ""))
    return out


def _canonical(totals: dict[str, int]) -> dict[str, str]:
    """Map the keys of full names and bare surnames to the key of the person they name, the most quoted spelling."""
    groups: dict[tuple[str, str], list[str]] = {}
    singles = []
    for key in totals:
        if "--" in key:
            continue
        words = key.split("-")
        # "al-Maksusi" is a bare surname with its particle, not a first name and a surname.
        if len([w for w in words if w not in lexicon.particles()]) == 1:
            singles.append(key)
            continue
        groups.setdefault((" ".join(words[1:]), _skeleton(words[0])), []).append(key)
    canonical: dict[str, str] = {}
    for members in groups.values():
        best = max(members, key=lambda k: (totals[k], -len(k), k))
        for k in members:
            canonical[k] = best
    by_last: dict[str, set[str]] = {}
    for key, best in canonical.items():
        by_last.setdefault(key.split("-")[-1], set()).add(best)
    for key in singles:
        targets = by_last.get(key.split("-")[-1], set())
        if len(targets) == 1:
            canonical[key] = next(iter(targets))
    return canonical


def settle(key: str, name: str, narrator_of: str, aliases: dict) -> tuple[str, str]:
    """Return the key and name the corpus serves for one quote's speaker ("", "" when none is found).

    The one corpus-wide step after `merge_keys`, for `search extract`, `search eval` and the index
    alike: a key takes its merged key and name, and a nameless narrator's line (`narrator_of`, see
    `narrator_key`) the name the work's other parts give, or none.
    """
    key = key or narrator_of
    if not key:
        return "", ""
    if key in aliases:
        return aliases[key]
    return ("", "") if key.startswith(NARRATOR) else (key, name)


def merge_onto(names, existing: dict[str, int]) -> dict[str, tuple[str, str, bool]]:
    """Map each new speaker key onto the index's existing keys where they are one person.

    `names` counts (key, display) pairs of the new documents, `existing` counts the quotes of each
    key already indexed. Returns key -> (target key, display name, whether the target already exists).
    """
    pairs = Counter(names)
    for key, count in existing.items():
        # Existing records are not rewritten, so their display names only matter when a new key
        # lands on them; the key itself stands in for the name while merging.
        pairs[(key, key)] += count
    merged = merge_keys(pairs)
    members: dict[str, list[str]] = {}
    for key, (canonical, _) in merged.items():
        members.setdefault(canonical, []).append(key)
    out = {}
    for key, _display in names:
        canonical, display = merged[key]
        if not canonical:  # a narrator no part of the work names
            out[key] = ("", "", False)
            continue
        known = [k for k in members[canonical] if k in existing]
        if known:
            out[key] = (max(known, key=lambda k: (existing[k], k)), display, True)
        else:
            out[key] = (canonical, display, False)
    return out
