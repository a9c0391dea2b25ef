"""Read saved web pages (.html, .htm): the page's visible text, one paragraph per block."""
from __future__ import annotations

import html
import html.parser
from typing import Iterator

from ..model import Document
from .common import decode

SUFFIXES = (".html", ".htm")


def read(source) -> Iterator[Document]:
    """Yield the document of a saved web page."""
    raw = source.read_bytes()
    if raw is None:
        return
    try:
        markup = decode(raw)
    except ValueError as exc:
        source.skip(str(exc))
        return
    title, text = html_to_text(markup)
    if not text.strip():
        source.skip("no text")
        return
    yield source.document(text, title=title)


_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "section", "article", "header", "footer", "tr", "table", "pre", "hr", "figure", "figcaption",
}
_HIDDEN_TAGS = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}


class _TextExtractor(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.hidden = 0
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        elif tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.flush()

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.flush()

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif not self.hidden:
            self.current.append(data)

    def flush(self):
        block = " ".join("".join(self.current).split())
        if block:
            self.blocks.append(block)
        self.current = []


def html_to_text(markup: str) -> tuple[str, str]:
    """Return the page title and its visible text, one paragraph per block element."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    parser.flush()
    return " ".join(parser.title.split()), "\n\n".join(parser.blocks)


