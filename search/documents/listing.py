"""Show a document as the engine reads it: the public record of `search documents`, as JSON or as text."""
from __future__ import annotations

from ..model import Document
from ..text.paragraphs import split

FIELDS = ("id", "title", "authors", "source", "date", "url", "language", "text", "dropped")


def record(doc: Document) -> dict:
    """Return a document's public record: its metadata, its paragraphs and the furniture left out of them."""
    paragraphs = split(doc.text, doc.dropped, doc.pages)
    return {
        "id": doc.id,
        "title": doc.title,
        "authors": list(doc.authors),
        "source": doc.source,
        "date": doc.date or None,
        "url": doc.url,
        "language": doc.language,
        "text": "\n\n".join(p.text for p in paragraphs),
        "dropped": [{"reason": d.reason, "text": doc.text[d.start:d.end]} for d in doc.dropped],
    }


def text(doc: Document) -> str:
    """Return a document's public record for reading: a header of fields, the paragraphs, then what was left out."""
    rec = record(doc)
    head = [f"# {rec['id']}"] + [f"{name}: {value}" for name, value in (
        ("title", rec["title"]), ("authors", "; ".join(rec["authors"])), ("source", rec["source"]),
        ("date", rec["date"] or ""), ("url", rec["url"]), ("language", rec["language"])) if value]
    dropped = [f"left out ({d['reason']}): " + " / ".join(d["text"].split("\n")) for d in rec["dropped"]]
    return "\n\n".join(part for part in ("\n".join(head), rec["text"], "\n".join(dropped)) if part) + "\n"
