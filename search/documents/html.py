"""Read saved web pages (.html, .htm): the article's paragraphs through trafilatura, and the page's own metadata."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from lxml import etree
from lxml import html as lxml_html

from ..model import Document
from . import pagemeta
from .charset import decode_page
from .common import authors, normalise_newlines, safe_url

SUFFIXES = (".html", ".htm")
MAX_PAGE_BYTES = 20_000_000  # trafilatura's own limit; a bigger "page" is a dump or an attack, not an article

# We report what we cannot read ourselves; the libraries' own log lines would only repeat it on stderr.
for _name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False

_SPACES = re.compile(r"[ \t\f\v\u00a0\u200b]+")
_ITEM_MARKER = re.compile(r"^[-*•]\s+")


@dataclass(frozen=True)
class Page:
    """What a page gives: its article text, one paragraph per block, and its metadata as Document fields."""

    text: str
    fields: dict = field(default_factory=dict)


def read(source) -> Iterator[Document]:
    """Yield the document of a saved web page."""
    raw = source.read_bytes(MAX_PAGE_BYTES)
    if raw is None:
        return
    try:
        # The address a sidecar gives is where the page was fetched from: it helps tell its site and its kind.
        page = extract(raw, url=safe_url(source.meta.get("url"), "", []))
    except ValueError as exc:
        source.skip(str(exc))
        return
    yield source.document(page.text, **page.fields)


def extract(raw: bytes | str, http_charset: str | None = None, url: str = "") -> Page:
    """Return a page's article text and metadata; `url` (where it was fetched from) wins over what it says.

    Raise ValueError when the page holds no article text.
    """
    # Imported here: trafilatura and htmldate take longer to import than a corpus of plain text takes to read,
    # and every reindex loads this module whatever its files are.
    import trafilatura
    from htmldate import find_date
    from trafilatura.utils import load_html

    markup = raw if isinstance(raw, str) else decode_page(raw, http_charset)
    tree = load_html(normalise_newlines(markup))
    if tree is None:
        raise ValueError("not an HTML page")
    objects = pagemeta.jsonld(tree)
    own_url = url or pagemeta.canonical_url(tree)
    # bare_extraction works on a copy of the tree, so the metadata read here and there agree.
    try:
        # Typed as a union of a Document and a dict; with_metadata=True always gives the Document.
        found: Any = trafilatura.bare_extraction(tree, url=own_url or None, with_metadata=True, include_comments=False)
    except RecursionError:
        raise  # the loader reports a page nested too deep to read
    except Exception as exc:  # a bug the page trips in the extractor costs that page, not the whole run
        raise ValueError(f"the page could not be read: {type(exc).__name__}: {exc}") from None
    text = "\n\n".join(_blocks(found.body)) if found is not None and found.body is not None else ""
    if not text.strip():
        raise ValueError("no article text found")
    own_url = own_url or safe_url(found.url, "", [])  # trafilatura's guess, kept only if it is http(s)
    date = found.date or ""
    if date.endswith("-01-01") and find_date(markup, extensive_search=False, original_date=True, url=own_url) != date:
        # A day htmldate made up from a year alone, most often the page footer's "© 2019": no date is better.
        date = ""
    site = pagemeta.site_name(found.sitename or "", own_url)
    head_title = _attr_text(tree, "//head/title")
    title, named = pagemeta.split_title(found.title or head_title, found.sitename or site, own_url, objects)
    if not named and head_title:
        named = pagemeta.split_title(head_title, found.sitename or site, own_url)[1]
    if named and (not site or pagemeta.is_host(site)):
        site = named  # "… | The Harbour Times" names the site better than its host name does
    return Page(text, dict(
        title=title,
        authors=authors(found.author),
        source=site,
        date=date,
        url=own_url,
        language=pagemeta.language(tree, objects) or found.language or "",
        genre=pagemeta.genre(tree, objects, own_url, site, dated=bool(date)),
    ))


def _attr_text(tree, xpath: str) -> str:
    found = tree.xpath(xpath)
    return " ".join(found[0].text_content().split()) if found else ""


def _blocks(body) -> Iterator[str]:
    """Yield the article's blocks as trafilatura found them: paragraphs, headings, list items, quotes, tables."""
    from trafilatura.xml import xmltotxt

    for child in body:
        for element in (child if child.tag == "list" else [child]):
            tail, element.tail = element.tail, None  # loose text after a block is a block of its own
            block = _clean(xmltotxt(element, False))
            if element.tag == "item":
                block = _ITEM_MARKER.sub("", block)
            if block:
                yield block
            if tail and tail.strip():
                yield _clean(tail)


def _clean(block: str) -> str:
    """Return a block with its spaces collapsed, one line per line break and no blank line inside."""
    lines = (_SPACES.sub(" ", line).strip() for line in block.split("\n"))
    return "\n".join(line for line in lines if line)


# The tags that start a new block when reading a fragment (a feed item's HTML) as it stands.
_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section",
    "article", "header", "footer", "tr", "table", "pre", "hr", "figure", "figcaption", "aside", "main", "address",
}
_HIDDEN_TAGS = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "embed", "button",
                "form", "select", "textarea"}


def fragment_text(markup: str) -> str:
    """Return the text of an HTML fragment that is all article (a feed item's content), one paragraph per block."""
    markup = normalise_newlines(markup)
    if not markup.strip():
        return ""
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    blocks: list[str] = []
    current: list[str] = []
    hidden = 0

    def flush() -> None:
        block = _clean("".join(current))
        if block:
            blocks.append(block)
        current.clear()

    # iterwalk, not recursion: a deeply nested item must not exhaust the stack.
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""  # comments and processing instructions
        if event == "start":
            if tag in _HIDDEN_TAGS:
                hidden += 1
            elif not hidden:
                if tag in _BLOCK_TAGS:
                    flush()
                elif tag == "br":
                    current.append("\n")
                if tag and element.text:
                    current.append(_flow(element.text))
        else:
            if tag in _HIDDEN_TAGS:
                hidden -= 1
            elif not hidden and tag in _BLOCK_TAGS:
                flush()
            if not hidden and element.tail and element is not root:
                current.append(_flow(element.tail))
    flush()
    return "\n\n".join(blocks)


def _flow(text: str) -> str:
    # A line end in HTML source is a space on the page; only <br> breaks a line.
    return text.replace("\n", " ")
