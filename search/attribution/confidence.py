"""Say how likely the name shown for a quote is right, from the reading rules' precision on annotated text.

The counts behind it are data (search/data/calibration.json), written by `search eval --calibrate`
from annotated corpora; nothing here is set by hand. An attribution falls into a bucket (the kind
of text, the rule, the kind of mention, how clear a pronoun's referent was); its confidence is the
bucket's share of right names, shrunk toward the broader bucket above it when it is small.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

from .rule_names import Rule

from .. import model

FILE = "calibration.json"
SHRINK = 20  # pseudo-observations of the broader bucket: a bucket of 20 quotes counts half its own


def features(genre: str, rule: str, mention, margin: float | None, chance: float | None = None
             ) -> tuple[str, str, str, str]:
    """Return the bucket of an attribution, from the broadest feature to the narrowest.

    The narrowest is how clear a pronoun's referent was, or for a name fitted weights chose, the chance they gave it.
    """
    style = "fiction" if genre == "fiction" else "news"
    if mention is None:
        kind = "none"
    elif mention.text == "I":
        kind = "narrator"  # "I said" in a story told in the first person, named by what the others call them
    elif mention.pronoun:
        kind = "pronoun"
    else:
        kind = "name" if (mention.name or mention.text)[:1].isupper() else "nominal"
    if chance is not None and rule == Rule.LEARNED:
        clear = "likely" if chance >= 0.6 else "even" if chance >= 0.4 else "unlikely"
    elif kind != "pronoun" or margin is None:
        clear = "-"
    else:
        clear = "alone" if margin == math.inf else "clear" if margin >= 10 else "close"
    return style, Rule(rule).value if rule else "-", kind, clear


def keys(bucket: tuple[str, ...]) -> list[str]:
    """Return the keys of a bucket and of every broader one, broadest first."""
    return ["|".join(bucket[:n]) for n in range(0, len(bucket) + 1)]


def score(bucket: tuple[str, ...], table: dict | None = None) -> float | None:
    """Return the calibrated confidence of a bucket, or None when there is no calibration."""
    counts = _table() if table is None else table
    if not counts:
        return None
    estimate = None
    for key in keys(bucket):
        right, total = counts.get(key, (0, 0))
        if estimate is None:
            estimate = right / total if total else 0.5
            continue
        estimate = (right + SHRINK * estimate) / (total + SHRINK)
    return round(estimate, 2) if estimate is not None else None


def uncertain(value: float | None) -> bool:
    """Say whether a confidence is low enough to call the speaker uncertain."""
    return value is not None and value < model.UNCERTAIN_BELOW


def tally(rows) -> dict[str, list[int]]:
    """Count right names per bucket (and every broader bucket) from (bucket, right) rows."""
    out: dict[str, list[int]] = {}
    for bucket, right in rows:
        for key in keys(bucket):
            entry = out.setdefault(key, [0, 0])
            entry[0] += right
            entry[1] += 1
    return out


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[int, int]]:
    try:
        text = resources.files("search").joinpath("data", FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return {}
    return {k: tuple(v) for k, v in json.loads(text)["buckets"].items()}


def reload() -> None:
    """Forget the loaded table, so that a new calibration takes effect."""
    _table.cache_clear()
