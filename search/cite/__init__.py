"""Cite a quote's source: the document is the work, the speaker and the quote are what the citation is about.

`citation(record, base_url)` builds the model (`model`, with names split by `names`); `cite` renders it as
plain text or Markdown (`text`), BibTeX (`bibtex`) or CSL-JSON (`csl`); `highwire` gives the meta tags
of a permalink or document page and `coins` the COinS span of a search hit, both as Zotero reads them (`zotero`).
"""
from __future__ import annotations

import json
import re

from . import bibtex, coins, csl, highwire, text, zotero
from .model import Citation, Locator, citation, document_citation, paragraph_link, permalink
from .names import Name

FORMATS = ("text", "markdown", "bibtex", "csl-json")
MEDIA_TYPES = {"text": "text/plain; charset=utf-8", "markdown": "text/markdown; charset=utf-8",
               "bibtex": "application/x-bibtex; charset=utf-8",
               "csl-json": "application/vnd.citationstyles.csl+json; charset=utf-8"}
_DATE_PARTS = re.compile(r'"date-parts": (\[[\s\d,\-\[\]]*\])')

__all__ = ["FORMATS", "MEDIA_TYPES", "Citation", "Locator", "Name", "bibtex", "cite", "citation", "coins", "csl",
           "document_citation", "highwire", "paragraph_link", "permalink", "render", "text", "zotero"]


def render(c: Citation, fmt: str) -> str:
    """Return a citation in one of FORMATS."""
    if fmt == "text":
        return text.text(c)
    if fmt == "markdown":
        return text.markdown(c)
    if fmt == "bibtex":
        return bibtex.entry(c)
    if fmt == "csl-json":
        dumped = json.dumps([csl.item(c)], ensure_ascii=False, indent=2)
        # Dates on one line: [[2019, 11, 18]] rather than seven lines of one number each.
        return _DATE_PARTS.sub(lambda m: '"date-parts": ' + json.dumps(json.loads(m.group(1))), dumped)
    raise ValueError(f"unknown citation format {fmt!r}: use one of {', '.join(FORMATS)}")


def cite(record: dict, fmt: str, base_url: str) -> str:
    """Return the citation of a quote (its stored fields) in one of FORMATS, on a server at `base_url`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown citation format {fmt!r}: use one of {', '.join(FORMATS)}")
    return render(citation(record, base_url), fmt)
