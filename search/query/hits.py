"""Turn Whoosh's hits into Hits: one per quote group, the matched words marked, nothing else kept as HTML."""
from __future__ import annotations

import re
from dataclasses import MISSING, replace
from dataclasses import fields as dataclass_fields
from typing import Any

import bleach
from markupsafe import Markup, escape
from whoosh import highlight

from ..index.schema import QUOTE, TEXT_FIELD
from ..index.whoosh_internals.reading import highlight_hit
from .records import record
from .results import Hit

HIT_CHARS = 1500  # characters of a hit's text a result carries: a window around its first match
SNAP = 40  # characters a window's edge may move to fall between words


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


def richness(record) -> tuple:
    """Rank the copies of one quote: the most of source, date and address, a page before its printout (a PDF)."""
    get = record.get if isinstance(record, dict) else lambda name: getattr(record, name, None)
    known = sum(1 for name in ("source", "date", "url") if get(name))
    return known + (get("page") is None), -int((get("date") or "9999")[:4].isdigit())


def richest(records: list):
    """Return the copy of a quote whose metadata is richest (the first of equals)."""
    return max(records, key=richness) if records else None


def shown_through(hit: Hit, copy: dict) -> Hit:
    """Return a hit shown through another copy of its quote: that copy's document, place and speaker; the words
    and their highlights stay the hit's (the same quote, as found)."""
    if copy["id"] == hit.id:
        return hit
    # A field the copy lacks is empty there (the index stores no empty values), not the hit's.
    empty = {f.name: f.default for f in dataclass_fields(Hit) if f.default is not MISSING}
    names = ("doc", "title", "source", "date", "paragraph", "start", "end", "speaker", "speaker_key", "role", "cue",
             "kind", "confidence", "url", "language", "page", "time", "media_url", "author")
    changed: dict[str, Any] = {name: copy.get(name) if copy.get(name) is not None else empty.get(name, "")
                               for name in names}
    changed["id"] = copy["id"]
    return replace(hit, **changed)


def make_hit(hit, q) -> Hit:
    """Return one Whoosh hit as a Hit, with the words of `q` marked (none when `q` is None)."""
    fields = record(hit.fields())
    whole = fields.get("text", "")
    text, start = excerpt(whole, q)
    marked = None
    if q is not None:
        if fields.get("type") == QUOTE:
            fragmenter = highlight.WholeFragmenter(charlimit=None)
        else:
            fragmenter = highlight.ContextFragmenter(maxchars=300, surround=80, charlimit=None)
        marked = highlight_hit(hit, TEXT_FIELD.get(fields.get("type") or "", "text"), text, fragmenter,
                               _marker(), top=3) or None
    return as_hit(fields, safe_marks(marked) if marked else escape(text), text, start)


def _marker() -> highlight.HtmlFormatter:
    """Return a formatter that marks matched words with a bare <mark>, the only tag a hit's text keeps."""
    formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
    formatter.template = "<%(tag)s>%(t)s</%(tag)s>"  # no class attributes: bleach would strip them anyway
    return formatter


def as_hit(fields: dict, highlighted: Markup, text: str, start: int) -> Hit:
    """Return a record's fields as a Hit showing `text` (its excerpt from `start`, or all of it) marked (any
    engine's)."""
    whole = fields.get("text", "")
    return Hit(
        id=fields["id"], type=fields["type"], doc=fields["doc"], title=fields.get("title", ""),
        source=fields.get("source", ""), date=fields.get("date", ""), text=text,
        highlighted=highlighted,
        speaker=fields.get("speaker", ""), speaker_key=fields.get("speaker_key", ""),
        role=fields.get("role", ""), cue=fields.get("cue", ""), kind=fields.get("kind", ""),
        paragraph=fields.get("paragraph", 0), group=fields.get("group", ""),
        start=fields.get("start", 0), end=fields.get("end", 0),
        group_size=fields.get("group_size", 1), confidence=fields.get("confidence"),
        length=len(whole), excerpt_start=start if len(text) < len(whole) else None,
        author=fields.get("author") or "", url=fields.get("url") or "", language=fields.get("language") or "",
        page=fields.get("page"), time=fields.get("time"), media_url=fields.get("media_url") or "",
    )


def excerpt(text: str, q) -> tuple[str, int]:
    """Return the window of a long text a hit shows (around the first word of `q` found), and where it starts."""
    # One 5 MB quote made every search that hit it send 10 MB and take seconds to highlight.
    if len(text) <= HIT_CHARS:
        return text, 0
    found = _first_match(text, q)
    start = max(0, min(found - HIT_CHARS // 3, len(text) - HIT_CHARS))
    end = start + HIT_CHARS
    if start > 0:
        gap = text.find(" ", start, start + SNAP)
        start = gap + 1 if gap >= 0 else start
    if end < len(text):
        gap = text.rfind(" ", end - SNAP, end)
        end = gap if gap > start else end
    return text[start:end], start


def _first_match(text: str, q) -> int:
    """Return where the first word of a query (or a word it is stemmed from) stands in a text, else 0."""
    words = sorted({t for f, t in q.iter_all_terms() if f != "type" and isinstance(t, str) and t.strip()}, key=len,
                   reverse=True) \
        if q is not None else []
    if not words:
        return 0
    # Whoosh stores stems ("budget" for "budgets"): a word that starts with a stem is taken for it.
    found = re.search(r"(?<!\w)(?:" + "|".join(map(re.escape, words[:200])) + ")", text, re.IGNORECASE)
    return found.start() if found else 0


# Escaped text (no raw <, > or &, nor what bleach rewrites: control characters, CR, lone surrogates and
# non-characters), between bare, unnested <mark>s: what the marking writes for ordinary text. bleach returns
# such a string unchanged.
_TEXT = r"(?:[^<>&\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]|&(?:amp|lt|gt|quot|#39|#x27);)*"
_ONLY_MARKS = re.compile(rf"{_TEXT}(?:<mark>{_TEXT}</mark>{_TEXT})*")


def safe_marks(html: str) -> Markup:
    """Keep only <mark> from already-escaped highlight output."""
    # bleach parses the string as a page would (3-6 ms a results page); a string that is already only
    # escaped text and bare marks needs no parsing, and anything else still goes through bleach.
    if _ONLY_MARKS.fullmatch(html):
        return Markup(html)
    return Markup(bleach.clean(html, tags={"mark"}, attributes={}, strip=True))
