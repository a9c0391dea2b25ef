"""The citation of one quote: the work it appears in, where in it, who said it and where to check it."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import quote as url_quote

from .names import Name, split_all

UNKNOWN_SPEAKER = "Unknown speaker"
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True)
class Locator:
    """Where in the work: a paragraph, a page of a PDF or a time into a recording."""

    label: str  # "paragraph", "page" or "time"
    value: str  # "19", "5", "01:02:03"

    def __str__(self) -> str:
        return {"paragraph": "para. {}", "page": "p. {}", "time": "at {}"}[self.label].format(self.value)

    @property
    def phrase(self) -> str:
        """Return the locator after a verb: "at para. 19", "on p. 5", "at 01:02:03"."""
        return f"on {self}" if self.label == "page" else f"at {self}".replace("at at ", "at ")


@dataclass(frozen=True)
class Citation:
    """A quote cited as a reference managers expects: the document is the work, the speaker what it is about."""

    key: str  # "quote-<id>": unique per quote, also the BibTeX key and the CSL id
    genre: str  # news | magazine | blog | webpage | report | transcript | captions | fiction | "" (unknown)
    title: str
    authors: tuple[Name, ...]  # the document's authors, never the speaker
    source: str  # the publication, site or publisher
    date: str  # ISO 8601 as the index holds it, or ""
    url: str  # the document's own address (or its recording's), or "" when unknown
    language: str
    locator: Locator | None
    speaker: str  # "" when unknown
    quote: str  # the quoted words on one line; "" when a paragraph is cited
    permalink: str  # this quote on our server: absolute, or a path when no public address is known
    verbatim: str = ""  # the quoted words as the text gives them, a closing comma kept ("" for a paragraph)

    @property
    def link(self) -> str:
        """Return the address a reader follows: the document's own, else the permalink."""
        return self.url or self.permalink

    @property
    def about(self) -> str:
        """Return what the citation is about: "Hatem al-Maksusi, quoted at para. 19: “…”" ("" for a paragraph)."""
        if not self.quote:
            return ""
        who = f"{self.speaker}, quoted" if self.speaker else "Quoted"
        where = f" {self.locator.phrase}" if self.locator else ""
        return f"{who}{where}: “{self.quote}”"

    @property
    def abstract(self) -> str:
        """Return the quote as a reference manager's abstract: “…” — Speaker, para. 19. Permalink: <address>."""
        if not self.quote:
            # A paragraph: where it is and its address; a whole document has nothing to add.
            return f"{str(self.locator).capitalize()}. Permalink: {self.permalink}" if self.locator else ""
        where = ", ".join(p for p in (self.speaker, str(self.locator) if self.locator else "") if p)
        # Verbatim, so that the words searched for are found whole in what Zotero keeps.
        return f"“{self.verbatim or self.quote}”" + (f" — {where}" if where else "") + f". Permalink: {self.permalink}"

    @property
    def note(self) -> str:
        """Return what the citation is about and where to check it, as one note."""
        if not self.about:
            return f"Permalink: {self.permalink}"
        stop = "" if re.search(r"[.?!…][”’\"]?$", self.about) else "."
        return f"{self.about}{stop} Permalink: {self.permalink}"


def permalink(base_url: str, quote_id: str) -> str:
    """Return the public address of a quote (a path when no base address is known)."""
    return f"{(base_url or '').rstrip('/')}/quote/{quote_id}"


def paragraph_link(base_url: str, doc: str, number: int) -> str:
    """Return the public address of a paragraph in its document."""
    return f"{(base_url or '').rstrip('/')}/doc/{doc}#p-{number}"


def citation(record: dict, base_url: str) -> Citation:
    """Return the citation of an index record (a quote, or a paragraph) on a server at `base_url`."""
    is_quote = record.get("type", "quote") == "quote" and bool(record.get("id"))
    if is_quote:
        key, link = f"quote-{record['id']}", permalink(base_url, record["id"])
    else:
        doc, number = record.get("doc", ""), record.get("paragraph", 0)
        key, link = f"paragraph-{_key_safe(doc)}-{number}", paragraph_link(base_url, doc, number)
    genre = str(record.get("genre") or "")
    url = str(record.get("url") or "")
    if not url and genre in ("transcript", "captions"):
        url = str(record.get("media_url") or "")
    said = " ".join(str(record.get("text") or "").split()) if is_quote else ""
    return Citation(
        key=key, genre=genre, title=str(record.get("title") or ""),
        authors=split_all(record.get("authors") or record.get("author")), source=str(record.get("source") or ""),
        date=str(record.get("date") or ""), url=url, language=str(record.get("language") or ""),
        locator=locator(record), speaker=str(record.get("speaker") or "") if is_quote else "",
        # A quote cut before "…,” she said" keeps its comma; a citation ends the quote without it.
        quote=said.rstrip(",;:"), verbatim=said, permalink=link)


def document_citation(record: dict, base_url: str) -> Citation:
    """Return the citation of a whole document (its stored fields), reached through its page on our server."""
    doc = str(record.get("doc") or "")
    cited = citation(dict(record, type="document", paragraph=0, page=None, time=None), base_url)
    return replace(cited, key=f"doc-{_key_safe(doc)}", locator=None,
                   permalink=f"{(base_url or '').rstrip('/')}/doc/{url_quote(doc, safe='/')}")


def _key_safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def locator(record: dict) -> Locator | None:
    """Return the finest place a reader can find: the time in a recording, the PDF page, else the paragraph."""
    if record.get("time") is not None:
        return Locator("time", timecode(float(record["time"])))
    if record.get("page"):
        return Locator("page", str(record["page"]))
    if record.get("paragraph"):
        return Locator("paragraph", str(record["paragraph"]))
    return None


def timecode(seconds: float) -> str:
    """Return seconds as HH:MM:SS."""
    whole = max(0, int(seconds))
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def date_parts(date: str) -> list[int] | None:
    """Return [year, month, day] (as far as known) of an ISO date, or None if it is not one."""
    found = _DATE.match(date or "")
    if not found:
        return None
    parts = [int(p) for p in found.groups() if p]
    if len(parts) > 1 and not 1 <= parts[1] <= 12 or len(parts) > 2 and not 1 <= parts[2] <= 31:
        return parts[:1]
    return parts


def iso_date(date: str) -> str:
    """Return the YYYY, YYYY-MM or YYYY-MM-DD part of a date, or "" if it has none."""
    parts = date_parts(date)
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts)) if parts else ""


def long_date(date: str) -> str:
    """Return a date as "November 18, 2019", "November 2019" or "2019"; anything else as given."""
    parts = date_parts(date)
    if not parts:
        return date
    if len(parts) == 3:
        return f"{MONTHS[parts[1] - 1]} {parts[2]}, {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])
