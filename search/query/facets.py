"""Count matches by speaker, source and month, and turn the counts into facets."""
from __future__ import annotations

from collections import Counter

from whoosh.query import And, Term

from ..index.schema import DOCUMENT, PARAGRAPH, QUOTE
from ..index.whoosh_internals.reading import ref_codes
from .results import Facet

FACET_LIMIT = 30
FACET_FIELDS = {"speaker": "speaker_key", "source": "source", "month": "month"}


CHUNK = 4096  # matches counted between two looks at the time budget


def count(run, dims, left=lambda: True, cache: dict | None = None) -> tuple[dict[str, dict[str, int]], bool]:
    """Count the matches a run saw by the values of each dimension, read from each segment's columns; say
    whether time ran out before all were counted."""
    found: dict[str, Counter] = {dim: Counter() for dim in dims}
    cut = False
    for reader, ids in run.segments:
        if not ids or cut:
            continue
        for dim in dims:
            value_of, values = _lookup(reader, FACET_FIELDS[dim], cache)
            seen: Counter = Counter()
            for start in range(0, len(ids), CHUNK):
                if not left():
                    cut = True
                    break
                seen.update(map(value_of, ids[start:start + CHUNK]))
            found[dim].update({values[k] if values is not None else k: n for k, n in seen.items()})
    return {dim: {k.decode("utf-8") if isinstance(k, bytes) else k: v for k, v in c.items()}
            for dim, c in found.items()}, cut


def _lookup(reader, field: str, cache: dict | None):
    """Return a function from a segment's docnum to the record's value (or a code for it) and the values the
    codes stand for (None when it returns values)."""
    if not reader.has_column(field):
        return (lambda docnum: b""), None
    key = ("codes", reader.segment().segment_id(), field)
    if cache is not None and key in cache:
        codes = cache[key]
    else:
        # A column of few distinct values (source, month) is read whole once per generation: a record's
        # value is then an array lookup instead of a file read.
        codes = ref_codes(reader.column_reader(field, translate=False))
        if cache is not None:
            cache[key] = codes
    if codes is None:
        return reader.column_reader(field, translate=False).__getitem__, None
    return codes[0].__getitem__, codes[1]


def count_picked(searcher, plan, budget, cache: dict | None = None) -> tuple[dict[str, dict], bool]:
    """Count each dimension with a choice over the query without that choice; say if time cut any short."""
    # A facet's counts ignore its own selection, so that more values can be added to it.
    counts, cut = {}, False
    for dim in plan.picked:
        run = budget.run(searcher, plan.query(without=dim))
        found, short = count(run, [dim], budget.left, cache)
        counts.update(found)
        cut = cut or run.cut or short
    return counts, cut


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
    """Return corpus counts and the most quoted speakers, from the index's term statistics."""
    # Read from the postings' counts, not by visiting every record (seconds at 1M quotes); the Engine
    # keeps the answer for the generation, which never changes.
    kinds = term_counts(searcher.reader(), "type")
    speakers = {k: v for k, v in term_counts(searcher.reader(), "speaker_key").items() if k and v}
    ranked = most_quoted(searcher, speakers, top)
    names = speaker_names(k for k, _ in ranked)
    return {
        "documents": kinds.get(DOCUMENT, 0), "paragraphs": kinds.get(PARAGRAPH, 0), "quotes": kinds.get(QUOTE, 0),
        "speakers": len(speakers), "top_speakers": [Facet(k, names.get(k, k), v) for k, v in ranked],
    }


def named(key: str) -> bool:
    """Say whether a speaker key is a name served across documents, not a description kept to one ("the cable")."""
    return bool(key) and "--" not in key and ":" not in key


def most_quoted(searcher, speakers: dict[str, int], top: int) -> list[tuple[str, int]]:
    """Return the named speakers with the most quotes whose attribution is confident, and those counts."""
    candidates = sorted(((k, n) for k, n in speakers.items() if named(k)), key=lambda kv: (-kv[1], kv[0]))
    confident = []
    # Uncertain quotes are few: counting them for the best three times `top` candidates re-ranks them.
    for key, count in candidates[:top * 3]:
        doubtful = sum(1 for _ in searcher.docs_for_query(And([Term("speaker_key", key), Term("uncertain", "1")])))
        if count > doubtful:
            confident.append((key, count - doubtful))
    return sorted(confident, key=lambda kv: (-kv[1], kv[0]))[:top]


def term_counts(reader, field: str) -> dict[str, int]:
    """Return how many live records hold each term of a field."""
    counts: Counter = Counter()
    for leaf, _offset in reader.leaf_readers():
        if field not in set(leaf.indexed_field_names()):
            continue
        for btext, info in leaf.iter_field(field):
            if leaf.has_deletions():
                # A segment an update deleted from still lists the deleted records in its postings.
                counts[btext] += sum(1 for d in leaf.postings(field, btext).all_ids() if not leaf.is_deleted(d))
            else:
                counts[btext] += info.doc_frequency()
    return {k.decode("utf-8") if isinstance(k, bytes) else k: v for k, v in counts.items()}
