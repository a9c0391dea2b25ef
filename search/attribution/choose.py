"""Choose each quote's speaker among its candidates by weights fitted to annotated stories.

The weights are data (search/data/speaker_weights.json), written by `search fit-speakers`; a
candidate's score is the sum of the weights of its features, and the highest score speaks. There
are stages: the second chooses again once the first has named the turns around each line. Pure
Python: extraction reads no more than a few dozen numbers per quote.
"""
from __future__ import annotations

import json
import math
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from .candidates import Candidate, same_person
from .rule_names import Rule

FILE = "speaker_weights.json"


def score(candidate: Candidate, weights: dict[str, float]) -> float:
    """Return a candidate's score: the weighted sum of its features."""
    return sum(weights.get(name, 0.0) * value for name, value in candidate.features.items())


def ranked(candidates: list[Candidate], weights: dict[str, float]) -> list[tuple[float, Candidate]]:
    """Return each candidate with its chance of being the speaker (a softmax of scores), most likely first."""
    scores = [score(c, weights) for c in candidates]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    # Sorted by chance alone, stably: on a tie the candidate proposed first (the rules' own answer) stays first.
    return sorted(((e / total, c) for e, c in zip(exps, candidates)), key=lambda pair: -pair[0])


def apply(found: dict, speakers: dict, make, weights: dict[str, float]) -> None:
    """Give each quote with candidates the most likely one as its speaker, in place.

    Only lines whose own cue names no one have candidates (candidates.propose); a pronoun or description
    keeps its mention and takes the chosen name. `make(name, mention, rule)` builds a Speaker.
    """
    if not weights:
        return
    for span, candidates in found.items():
        chance, best = ranked(candidates, weights)[0]
        current = speakers.get(span)
        if current is not None and current.name and same_person(current.name, best.name):
            continue
        chosen = make(best.name, current.mention if current is not None else None, Rule.LEARNED)
        if current is not None:
            chosen = replace(chosen, cue=current.cue, margin=current.margin)
        speakers[span] = replace(chosen, chance=round(chance, 3))


@lru_cache(maxsize=1)
def stages() -> tuple[dict[str, float], ...]:
    """Return the shipped stages of weights, each a mapping of feature names to weights; () when there are none."""
    try:
        text = resources.files("search").joinpath("data", FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return ()
    return load(text)


def load(text: str) -> tuple[dict[str, float], ...]:
    """Return the stages of weights of a weights file's text, each by feature name."""
    return tuple(dict(zip(stage["features"], stage["weights"])) for stage in json.loads(text)["stages"])


def reload() -> None:
    """Forget the loaded weights, so that a new fit takes effect."""
    stages.cache_clear()
