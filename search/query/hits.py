"""Turn Whoosh's hits into Hits: one per quote group, the matched words marked, nothing else kept as HTML."""
from __future__ import annotations

import bleach
from markupsafe import Markup, escape
from whoosh import highlight

from ..index.schema import QUOTE, TEXT_FIELD
from ..index.whoosh_internals import highlight_hit
from .records import record
from .results import Hit


def fold(results, need: int) -> list:
    """Keep the best-ranked hit of each quote group among the top hits, until `need` are kept."""
    kept, seen = [], set()
    for hit in results:
        group = hit.get("group")
        if group and group in seen:
            continue
        if group:
            seen.add(group)
        kept.append(hit)
        if len(kept) >= need:
            break
    return kept


def make_hit(hit, q) -> Hit:
    """Return one Whoosh hit as a Hit, with the words of `q` marked (none when `q` is None)."""
    fields = record(hit.fields())
    text = fields.get("text", "")
    marked = None
    if q is not None:
        if fields.get("type") == QUOTE:
            fragmenter = highlight.WholeFragmenter(charlimit=None)
        else:
            fragmenter = highlight.ContextFragmenter(maxchars=300, surround=80, charlimit=None)
        marked = highlight_hit(hit, TEXT_FIELD.get(fields.get("type") or "", "text"), text, fragmenter,
                               highlight.HtmlFormatter(tagname="mark", between=" … "), top=3) or None
    return as_hit(fields, safe_marks(marked) if marked else escape(text))


def as_hit(fields: dict, highlighted: Markup) -> Hit:
    """Return a record's fields as a Hit with its marked text (any engine's)."""
    return Hit(
        id=fields["id"], type=fields["type"], doc=fields["doc"], title=fields.get("title", ""),
        source=fields.get("source", ""), date=fields.get("date", ""), text=fields.get("text", ""),
        highlighted=highlighted,
        speaker=fields.get("speaker", ""), speaker_key=fields.get("speaker_key", ""),
        role=fields.get("role", ""), cue=fields.get("cue", ""), kind=fields.get("kind", ""),
        paragraph=fields.get("paragraph", 0), group=fields.get("group", ""),
        start=fields.get("start", 0), end=fields.get("end", 0),
        group_size=fields.get("group_size", 1), confidence=fields.get("confidence"),
        author=fields.get("author") or "", url=fields.get("url") or "", language=fields.get("language") or "",
    )


def safe_marks(html: str) -> Markup:
    """Keep only <mark> from Whoosh's already-escaped highlight output."""
    return Markup(bleach.clean(html, tags={"mark"}, attributes={}, strip=True))
