"""Printouts of web pages: PDFs a browser or a print driver made, read as the page they show."""
from __future__ import annotations

import re
from typing import Iterable

from . import pagemeta
from .common import table
from .pdflayout import clean

_FULL_URL = re.compile(r"https?://[^\s…]+[^\s….,;:]")  # a browser shortens a long address with "…"
# "Headline | Site", "Headline - Site": a short name in capitals after the last separator.
_TRAILING_NAME = re.compile(r"^(?P<head>.+?)\s+[|\-–—·:»]{1,2}\s+(?P<site>[^|\-–—·:»]{2,40})$")
_NAME_WORD = re.compile(r"^(?:[A-Z0-9&][\w.'’&!]*|the|of|and|de|du|la|le|el|news|[a-z0-9-]+\.[a-z]{2,})$")


def is_printout(producer: str, creator: str) -> bool:
    """Say whether a PDF's Producer or Creator names a browser or a print driver."""
    made_by = f"{producer}\n{creator}".lower()
    return any(name in made_by for name in table("printers.txt"))


def printed_page(info: dict, margins: Iterable[str]) -> dict:
    """Return a printout's metadata: no date from its printing, its title without the site, the site as source."""
    found = {k: v for k, v in info.items() if k != "date"}  # the day it was printed, not published
    url = address(margins)
    title, site = pagemeta.split_title(found.get("title", ""), "", url) if url else (found.get("title", ""), "")
    if not site:
        title, site = trailing_site(title)
    if url:
        found["url"] = url
    if site:
        found["title"], found["source"] = title, site
    return found


def address(margins: Iterable[str]) -> str:
    """Return the page's own address as a browser prints it in a margin, whole, or ""."""
    for line in margins:
        found = _FULL_URL.fullmatch(clean(line))
        if found:
            return found.group(0)
    return ""


def trailing_site(title: str) -> tuple[str, str]:
    """Return a title without a site's name after its last separator ("Headline - CBS News"), and that name."""
    found = _TRAILING_NAME.match(title.strip())
    if not found:
        return title, ""
    head, site = found.group("head").strip(), found.group("site").strip()
    words = site.split()
    # A name is a few words, each capitalised or a host; the headline before it is longer than the name.
    named = words[0][0].isupper() or words[0][0].isdigit() or "." in words[0]
    if len(words) <= 4 and named and all(_NAME_WORD.match(w) for w in words) and len(head.split()) >= 3:
        return head, site
    return title, ""
