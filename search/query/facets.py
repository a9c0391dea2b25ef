"""Count matches by speaker, source and month, and turn the counts into facets."""
from __future__ import annotations

from whoosh import sorting
from whoosh.query import Term

from ..schema import DOCUMENT, PARAGRAPH, QUOTE
from .results import Facet

FACET_LIMIT = 30
FACET_FIELDS = {"speaker": "speaker_key", "source": "source", "month": "month"}


def counters(dims) -> dict:
    """Return Whoosh's counting facets for the given dimensions, to pass as `groupedby`."""
    return {dim: sorting.FieldFacet(FACET_FIELDS[dim], maptype=sorting.Count) for dim in dims}


def count_picked(searcher, plan) -> dict[str, dict]:
    """Count each dimension with a choice over the query without that choice."""
    # A facet's counts ignore its own selection, so that more values can be added to it.
    return {dim: searcher.search(plan.query(without=dim), limit=1, groupedby=counters([dim])).groups(dim)
            for dim in plan.picked}


def speaker_facets(groups: dict, selected, speaker_names) -> tuple[Facet, ...]:
    """Turn speaker-key counts into the most quoted speakers' facets, with the selected ones kept."""
    counts = {k: v for k, v in groups.items() if k}
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_LIMIT]
    for key in selected:
        if key not in dict(top):
            top.append((key, counts.get(key, 0)))
    names = speaker_names([k for k, _ in top])
    return tuple(Facet(k, names.get(k, k), c, k in selected) for k, c in top)


def plain_facets(groups: dict, selected) -> tuple[Facet, ...]:
    """Turn counts of a field whose values are their own names into facets, largest first."""
    counts = {k: v for k, v in groups.items() if k}
    for key in selected:
        counts.setdefault(key, 0)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_LIMIT]
    return tuple(Facet(k, k, c, k in selected) for k, c in ranked)


def month_facets(groups: dict) -> tuple[Facet, ...]:
    """Turn counts by month into facets, newest month first."""
    return tuple(sorted(plain_facets(groups, ()), key=lambda f: f.key, reverse=True))


def overview(searcher, speaker_names, top: int = 10) -> dict:
    """Return corpus counts and the most quoted speakers."""
    def count(kind):
        return len(searcher.search(Term("type", kind), limit=1))

    groups = searcher.search(Term("type", QUOTE), limit=1, groupedby=counters(["speaker"])).groups("speaker")
    ranked = sorted(((k, v) for k, v in groups.items() if k), key=lambda kv: (-kv[1], kv[0]))[:top]
    names = speaker_names(k for k, _ in ranked)
    return {
        "documents": count(DOCUMENT), "paragraphs": count(PARAGRAPH), "quotes": count(QUOTE),
        "speakers": sum(1 for k in groups if k),
        "top_speakers": [Facet(k, names.get(k, k), v) for k, v in ranked],
    }
