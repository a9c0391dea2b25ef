"""Highwire Press citation_* meta tags, with a Dublin Core type, from which Zotero saves a page's source."""
from __future__ import annotations

from .model import Citation, date_parts

# Zotero's Embedded Metadata translator takes the item type from DC.type when it names one of Zotero's
# types; from citation_* tags alone it would guess a journal article (or a report, for an institution).
ZOTERO_TYPES = {"news": "newspaperArticle", "webpage": "webpage", "report": "report", "transcript": "presentation",
                "captions": "videoRecording", "fiction": "book"}


def zotero_type(c: Citation) -> str:
    """Return the Zotero item type of the cited document."""
    return ZOTERO_TYPES.get(c.genre) or ("newspaperArticle" if c.source else "document")


def tags(c: Citation) -> list[tuple[str, str]]:
    """Return (name, content) pairs of the meta tags that describe the cited document, in page order."""
    out = [("citation_title", c.title)] if c.title else []
    out += [("citation_author", n.inverted()) for n in c.authors]
    parts = date_parts(c.date)
    if parts:
        # Highwire's own form is YYYY/MM/DD, as far as the date is known.
        out.append(("citation_publication_date", "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))))
    if c.source:
        if c.genre == "report":
            out.append(("citation_technical_report_institution", c.source))
        elif c.genre in ("news", "webpage", ""):
            out.append(("citation_journal_title", c.source))
        else:
            out.append(("citation_publisher", c.source))
    if c.link.startswith(("http://", "https://")):
        out.append(("citation_public_url", c.link))
    if c.language:
        out.append(("citation_language", c.language))
    out.append(("DC.type", zotero_type(c)))
    return out
