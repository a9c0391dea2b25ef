"""CSL-JSON: the item that reference managers (Zotero, Mendeley, citeproc processors) read for a citation."""
from __future__ import annotations

from .model import Citation, date_parts
from .names import Name

# What each kind of document is in CSL; a document of unknown kind with a publication is taken as news.
TYPES = {"news": "article-newspaper", "magazine": "article-magazine", "blog": "post-weblog", "webpage": "webpage",
         "report": "report", "transcript": "speech", "captions": "motion_picture", "fiction": "book"}
# The source is the paper, magazine, blog or site the work appears in, not its publisher.
CONTAINED = {"article-newspaper", "article-magazine", "post-weblog", "webpage", "article"}
GENRE_LABELS = {"transcript": "Transcript", "captions": "Video"}  # APA shows them in brackets after the title


def csl_type(c: Citation) -> str:
    """Return the CSL item type of the cited document."""
    return TYPES.get(c.genre) or ("article-newspaper" if c.source else "article")


def name(n: Name) -> dict:
    """Return one author as a CSL name."""
    if n.literal:
        return {"literal": n.literal}
    out = {"family": n.family}
    if n.given:
        out["given"] = n.given
    if n.particle:
        out["non-dropping-particle"] = n.particle
    if n.suffix:
        out["suffix"] = n.suffix
    return out


def item(c: Citation) -> dict:
    """Return the CSL-JSON item of a citation: the document as the work, the quote in its note."""
    kind = csl_type(c)
    out: dict = {"id": c.key, "type": kind}
    if c.title:
        out["title"] = c.title
    if c.authors:
        out["author"] = [name(n) for n in c.authors]
    if c.source:
        out["container-title" if kind in CONTAINED else "publisher"] = c.source
    parts = date_parts(c.date)
    if parts:
        out["issued"] = {"date-parts": [parts]}
    if c.genre in GENRE_LABELS:
        out["genre"] = GENRE_LABELS[c.genre]
    if c.language:
        out["language"] = c.language
    # The document's own address is the work's URL. The permalink, where the quote can be checked, goes in
    # the note (Zotero's "Extra"): as CSL's archive_location, styles print it inside every reference.
    if c.url:
        out["URL"] = c.url
    elif c.permalink.startswith(("http://", "https://")):
        out["URL"] = c.permalink
    out["note"] = c.note
    return out
