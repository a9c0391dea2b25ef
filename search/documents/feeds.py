"""Read RSS and Atom feeds (.rss, .atom, and .xml files that are feeds): one document per item, with feedparser."""
from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Iterator

from ..model import Document
from . import furniture, html
from .common import authors, iso_date, make_id, normalise_newlines, safe_url, url_id

SUFFIXES = (".rss", ".atom", ".xml")
SNIFF_BYTES = 4096
# What may stand before a feed's root element: a byte order mark, white space, the XML declaration,
# processing instructions (a stylesheet), comments and a doctype.
_PROLOG = re.compile(rb"(?:\xef\xbb\xbf|\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.DOTALL | re.IGNORECASE)
_FEED_ROOT = re.compile(rb"<(?:[\w-]+:)?(?:rss|feed|RDF)[\s>/]")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
_FULL_PAGE = re.compile(r"<(?:!doctype|html|body)\b", re.IGNORECASE)


_EMAIL_AND_NAME = re.compile(r"[^\s@()]+@[^\s()]+\s*\(([^()]+)\)")
NOT_ACCEPTED = "an .xml file that is not an RSS or Atom feed"


def _names(entry) -> list[str]:
    """Return an item's authors: RSS writes each as "email (Name)", Atom as a name."""
    # feedparser splits "news@site.example (Ana Lima)" wrongly when the domain's last label is long.
    written = _EMAIL_AND_NAME.fullmatch(str(entry.get("author") or "").strip())
    if written:
        return [written.group(1).strip()]
    return [str(a.get("name") or a.get("email") or "") for a in entry.get("authors", []) if isinstance(a, dict)]


def accepts(path: Path) -> bool:
    """Say whether a file is one to read: .rss and .atom always, .xml only when it is a feed."""
    if not path.name.lower().endswith(".xml"):
        return True
    try:
        with path.open("rb") as handle:
            return is_feed(handle.read(SNIFF_BYTES))
    except OSError:
        return False


def is_feed(raw: bytes) -> bool:
    """Say whether the bytes start an RSS (0.9x, 1.0, 2.0) or Atom document."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raw = raw[:SNIFF_BYTES].decode("utf-16", "ignore").encode("utf-8")
    prolog = _PROLOG.match(raw)
    return _FEED_ROOT.match(raw, prolog.end() if prolog else 0) is not None


def read(source) -> Iterator[Document]:
    """Yield one document per item of a feed; an item that cannot be read is reported and the rest go on."""
    raw = source.read_bytes()
    if raw is None:
        return
    if not is_feed(raw[:SNIFF_BYTES]):
        source.skip("not an RSS or Atom feed")
        return
    import feedparser  # here, not at the top: reading pages and text need not pay for importing it

    # A stream, never a string: feedparser fetches a string that looks like a URL or opens one that names a file.
    # No sanitising: it would strip a page's <html>, <nav> and <footer> that the page reader uses, and
    # the HTML is only ever read for its text, never shown.
    parsed = feedparser.parse(io.BytesIO(raw), resolve_relative_uris=True, sanitize_html=False)
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        if not parsed.entries:
            source.skip(f"not a readable feed: {problem}")
            return
        # feedparser reads a broken feed leniently; say so, as items past the break may be missing or cut short.
        source.skip(f"feed read leniently, items may be missing or cut short: {problem}")
    channel = parsed.get("feed", {})
    publisher = _plain(channel.get("title", ""), channel.get("title_detail"))
    language = str(channel.get("language") or "")
    for number, entry in enumerate(parsed.entries, 1):
        where = f"{source.path}:{number}"
        try:
            doc = _item(source, entry, where, publisher, language)
        except (ValueError, TypeError, AttributeError) as exc:
            source.skip(f"item not readable: {exc}", where)
            continue
        if doc is not None:
            yield doc


def _item(source, entry, where: str, publisher: str, language: str) -> Document | None:
    link = safe_url(entry.get("link"), where, source.skipped)
    guid = str(entry.get("id") or "")
    if link:
        doc_id = url_id(link)
    elif guid:
        doc_id = make_id(f"{source.id}/{guid}")
    else:
        source.skip("item has neither a link nor an id to name it by", where)
        return None
    text, page = _text(entry)
    if not text.strip():
        source.skip("item has no text", where)
        return None
    fields = dict(page.fields) if page else {}
    item_source = entry.get("source", {}).get("title") if isinstance(entry.get("source"), dict) else ""
    names = _names(entry)
    fields.update({k: v for k, v in dict(
        title=_plain(entry.get("title", ""), entry.get("title_detail")),
        authors=authors(names or entry.get("author")),
        source=item_source or publisher or fields.get("source", ""),
        date=_date(entry) or fields.get("date", ""),
        url=link,
        language=language,
    ).items() if v})
    return source.item(doc_id, text, where, dropped=furniture.find(text), **fields)


def _text(entry) -> tuple[str, html.Page | None]:
    """Return an item's text (its full content, else its summary), and the page it holds if it is a whole page."""
    candidates = list(entry.get("content") or [])
    if entry.get("summary"):
        candidates.append(dict(entry.get("summary_detail") or {}, value=entry["summary"]))
    for part in candidates:
        value = str(part.get("value") or "")
        if not value.strip():
            continue
        if str(part.get("type") or "text/html").lower() not in _HTML_TYPES:
            return normalise_newlines(value).strip(), None
        if _FULL_PAGE.search(value[:2000]):
            page = html.extract(value)
            return page.text, page
        return html.fragment_text(value), None
    return "", None


def _plain(value: str, detail) -> str:
    """Return a title as text, whether the feed wrote it as text or as HTML."""
    if detail and str(detail.get("type", "")).lower() in _HTML_TYPES:
        value = html.fragment_text(value)
    return " ".join(str(value or "").split())


def _date(entry) -> str:
    # The date as the feed writes it keeps the publisher's own day; feedparser's parsed form is in UTC.
    # dict.get: feedparser's own get() maps a missing `updated` to `published` with a deprecation warning.
    for key in ("published", "updated", "created", "dc_date"):
        found = iso_date(dict.get(entry, key))
        if found:
            return found
    for key in ("published_parsed", "updated_parsed"):
        parsed = dict.get(entry, key)
        if parsed:
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return ""
