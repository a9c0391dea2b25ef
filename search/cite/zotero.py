"""The Zotero item type of each kind of document, and where its source goes, as Zotero's translators read them."""
from __future__ import annotations

from .model import Citation
from .names import Name

# Zotero's item types (its schema's names); a document of unknown kind with a publication is taken as news.
TYPES = {"news": "newspaperArticle", "magazine": "magazineArticle", "blog": "blogPost", "webpage": "webpage",
         "report": "report", "transcript": "presentation", "captions": "videoRecording", "fiction": "book"}
# Types whose source is the publication they appear in (Zotero's publicationTitle and the fields based on it:
# blogTitle, websiteTitle); the others are published by their source (publisher, institution, studio).
CONTAINED = frozenset({"newspaperArticle", "magazineArticle", "blogPost", "webpage"})


def item_type(c: Citation) -> str:
    """Return the Zotero item type of the cited document."""
    return TYPES.get(c.genre) or ("newspaperArticle" if c.source else "document")


def contained(c: Citation) -> bool:
    """Say whether the cited document's source is the publication it appears in rather than its publisher."""
    return item_type(c) in CONTAINED


def creator(n: Name) -> str:
    """Return an author as Zotero's translators split names: "Family, Given"; an organisation kept whole.

    Zotero's cleanAuthor takes the last word of a name without a comma as the family name ("Press,
    Associated"); with a comma and nothing after it, the whole name is the family name.
    """
    return n.literal + "," if n.literal and " " in n.literal else n.inverted()
