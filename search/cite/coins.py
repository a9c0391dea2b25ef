"""COinS: an OpenURL ContextObject in a span per cited work, from which Zotero offers every hit of a page.

Zotero's COinS translator reads every `<span class="Z3988" title="...">` of a page with
Zotero.Utilities.parseContextObject (zotero/utilities, openurl.js) and, given more than one, offers them in its
multiple-item picker. The Dublin Core format carries any of Zotero's item types in `rft.type`, as Zotero's own
COinS export writes them, and the abstract (the quote) in `rft.description`.
"""
from __future__ import annotations

from urllib.parse import quote

from .model import Citation, iso_date
from .zotero import contained, creator, item_type

FORMAT = "info:ofi/fmt:kev:mtx:dc"


def context_object(c: Citation) -> str:
    """Return the KEV ContextObject of a cited work: the title of its COinS span."""
    pairs = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", FORMAT),
             # Some versions of parseContextObject read the format of a Dublin Core object before its type and
             # fail without one; "text" is what an article is, and rft.type then names the item type.
             ("rft.format", "text"), ("rft.type", item_type(c))]
    if c.title:
        pairs.append(("rft.title", c.title))
    pairs += [("rft.au", creator(n)) for n in c.authors]
    if c.source:
        pairs.append(("rft.source" if contained(c) else "rft.publisher", c.source))
    if iso_date(c.date):
        pairs.append(("rft.date", iso_date(c.date)))
    if c.link.startswith(("http://", "https://")):
        pairs += [("rft_id", c.link), ("rft.identifier", c.link)]
    if c.language:
        pairs.append(("rft.language", c.language))
    if c.abstract:
        pairs.append(("rft.description", c.abstract))
    # Every value percent-encoded: the parser splits on & and =, and reads + as a space.
    return "&".join(f"{key}={quote(value, safe='')}" for key, value in pairs)
