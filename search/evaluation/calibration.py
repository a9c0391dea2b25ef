"""Measure how often each reading rule names the right speaker in annotated text, and write the confidence table."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Mapping

from ..attribution import attribute, confidence
from ..text import paragraphs, quotes
from . import scoring as evaluate

TABLE = Path(__file__).resolve().parent.parent / "data" / confidence.FILE  # search/data, beside the word tables


def rows(articles: Iterable[Mapping], referents: Mapping, resolution: Iterable[Mapping] = ()
         ) -> list[tuple[tuple[str, ...], float]]:
    """Return (bucket, right) for every gold quote the extractor found and attributed.

    Right is whether the name shown shares a word with who spoke (scoring point 5). Where the gold
    only marks the mention (a pronoun in news without a referents file), the mention being right
    is weighed by how often a pronoun of the same kind of text and clarity resolves to the right
    name where a gold does say who spoke: in `articles`, or in the `resolution` articles, which
    only lend those rates and add nothing to the buckets.
    """
    named, mention_only = _judged(articles, referents)
    lent, _ = _judged(resolution, referents)
    resolving = _resolution_rates(named + lent)
    weighed = [(b, right * resolving.get((b[0], b[3]), resolving.get((b[0], ""), 1.0)) if b[2] == "pronoun" else right)
               for b, right in mention_only]
    return named + weighed


def _judged(articles: Iterable[Mapping], referents: Mapping) -> tuple[list, list]:
    """Return the attributed gold quotes judged by the name shown, and those judged by the mention only."""
    named, mention_only = [], []
    for article in articles:
        text = article["text"]
        paras = paragraphs.split(text)
        spans = quotes.find(text, paras)
        found = attribute(article["id"], text, paras, spans, article.get("genre") or "")
        for gold in article.get("quotes", ()):
            if gold.get("type") != "direct" or gold.get("inner_start") is None:
                continue
            span = match_span(spans, gold["inner_start"], gold["inner_end"])
            who = found.get(span) if span is not None else None
            if who is None or not who.name:
                continue
            bucket = confidence.features(article.get("genre") or "", who.rule, who.mention, who.margin, who.chance)
            names = evaluate.gold_names(article, gold, referents)
            if names:
                right = any(evaluate.name_words(who.name) & evaluate.name_words(n) for n in names)
                named.append((bucket, float(right)))
            elif gold.get("speaker_start") is not None and who.mention is not None:
                right = who.mention.start < gold["speaker_end"] and gold["speaker_start"] < who.mention.end
                mention_only.append((bucket, float(right)))
    return named, mention_only


def match_span(spans, start: int, end: int):
    """Return the span that overlaps a gold quote by at least half of their union, if one does."""
    gold = evaluate.Piece(start, end, 0)
    best, best_iou = None, 0.5
    for span in spans:
        overlap = evaluate.iou(span, gold)
        if overlap >= best_iou:
            best, best_iou = span, overlap
    return best


def _resolution_rates(named) -> dict[tuple[str, str], float]:
    """Return the share of right names among pronoun attributions, by kind of text and clarity of referent."""
    counts: dict[tuple[str, str], list[float]] = {}
    for bucket, right in named:
        if bucket[2] != "pronoun":
            continue
        for key in ((bucket[0], ""), (bucket[0], bucket[3])):
            entry = counts.setdefault(key, [0.0, 0])
            entry[0] += right
            entry[1] += 1
    return {k: r / n for k, (r, n) in counts.items() if n}


def write(rows_: list, sources: list[str], path: Path = TABLE) -> dict:
    """Write the bucket counts as the confidence table and return it."""
    table = {
        "about": "Right names per attribution bucket, counted by `search eval --calibrate` (scoring point 5).",
        "sources": sources,
        "buckets": {k: [round(r, 2), n] for k, (r, n) in sorted(confidence.tally(rows_).items())},
    }
    path.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    confidence.reload()
    return table
