"""The meta tags from which Zotero's Embedded Metadata translator saves a page: Highwire, Dublin Core, PRISM, OG.

Embedded Metadata (zotero/translators) takes the item type from `DC.type` when it names a Zotero type,
unless a Highwire tag forces one: `citation_journal_title` forces a journal article, so it is never written;
`citation_technical_report_institution` forces a report, so only reports carry it. The outlet of an article
goes in `prism.publicationName` (publicationTitle for every type, through the RDF translator) and
`og:site_name`; a publisher in `DC.publisher` and `citation_publisher`; where a transcript was spoken in
`bib.presentedAt` (a presentation's meetingName). `citation_abstract` becomes the
abstract: for a quote, the quote with its speaker, locator and permalink.
"""
from __future__ import annotations

from .model import Citation, date_parts, iso_date
from .zotero import contained, creator, item_type


def tags(c: Citation) -> list[tuple[str, str]]:
    """Return (name, content) pairs of the meta tags that describe the cited document, in page order."""
    out = [("citation_title", c.title)] if c.title else []
    out += [("citation_author", creator(n)) for n in c.authors]
    parts = date_parts(c.date)
    if parts:
        # Highwire's own form is YYYY/MM/DD, as far as the date is known.
        out.append(("citation_publication_date", "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))))
        out.append(("DC.date", iso_date(c.date)))
    kind = item_type(c)
    if c.source:
        if contained(c):
            out += [("prism.publicationName", c.source), ("og:site_name", c.source)]
        elif kind == "report":
            out.append(("citation_technical_report_institution", c.source))
        elif kind == "presentation":
            # Zotero's presentation has no publisher: the programme or event it was given at is its meetingName.
            out.append(("bib.presentedAt", c.source))
        else:
            out += [("citation_publisher", c.source), ("DC.publisher", c.source)]
    if c.link.startswith(("http://", "https://")):
        out.append(("citation_public_url", c.link))
    if c.language:
        out.append(("citation_language", c.language))
    if c.abstract:
        out.append(("citation_abstract", c.abstract))
    out.append(("DC.type", kind))
    return out
