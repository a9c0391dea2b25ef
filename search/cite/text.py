"""Plain-text and Markdown citations in Chicago's note style: "Speaker, quoted in Author, “Title,” Source, date"."""
from __future__ import annotations

import re

from .model import Citation, long_date
from .names import Name

BOOKLIKE = {"report", "fiction"}  # titled in italics and published by their source, not contained in it
RECORDED = {"transcript": "transcript", "captions": "video"}  # the speaker speaks in them, not quoted by them


def authors(names: tuple[Name, ...]) -> str:
    """Return authors in reading order as Chicago's notes list them: A; A and B; A, B, and C; A et al."""
    shown = [n.display() for n in names]
    if len(shown) > 3:
        return f"{shown[0]} et al."
    if len(shown) == 3:
        return f"{shown[0]}, {shown[1]}, and {shown[2]}"
    return " and ".join(shown)


def text(c: Citation) -> str:
    """Return the citation as one line of plain text."""
    return _render(c, _Plain())


def markdown(c: Citation) -> str:
    """Return the citation as a Markdown block quote with its source linked."""
    return _render(c, _Markdown())


class _Plain:
    """How plain text writes each part of a citation."""

    def words(self, s: str) -> str:
        return s

    def title(self, c: Citation, follow: str) -> str:
        if c.genre in BOOKLIKE:
            return c.title + follow
        return f"“{_punctuated(c.title, follow)}”"

    def source(self, c: Citation) -> str:
        return c.source

    def link(self, c: Citation) -> str:
        return c.url

    def finish(self, c: Citation, work: str) -> str:
        lead = f"“{c.quote}” " if c.quote else ""
        return f"{lead}{work}. Permalink: {c.permalink}"


class _Markdown(_Plain):
    """How Markdown writes them: markup escaped, the source in italics, its title linked."""

    def words(self, s: str) -> str:
        return _MD_SPECIAL.sub(r"\\\g<0>", s)

    def title(self, c: Citation, follow: str) -> str:
        shown = self.words(c.title)
        if c.url:
            shown = f"[{shown}]({_md_url(c.url)})"
        if c.genre in BOOKLIKE:
            return f"*{shown}*{follow}"
        return f"“{shown}{_punctuated(c.title, follow)[len(c.title):]}”"

    def source(self, c: Citation) -> str:
        return self.words(c.source) if c.genre in BOOKLIKE or c.genre in RECORDED else f"*{self.words(c.source)}*"

    def link(self, c: Citation) -> str:
        return "" if c.title else f"<{c.url}>" if c.url else ""  # a title links to the document itself

    def finish(self, c: Citation, work: str) -> str:
        permalink = f"[Permalink]({_md_url(c.permalink)})"
        if not c.quote:
            return f"{work}. {permalink}"
        return f"> “{self.words(c.quote)}”\n>\n> — {work}. {permalink}"


def _render(c: Citation, style) -> str:
    before = [style.words(authors(c.authors))] if c.authors else []
    after = [RECORDED[c.genre]] if c.genre in RECORDED else []
    after += [style.source(c)] if c.source else []
    after += [long_date(c.date)] if c.date else []
    after += [str(c.locator)] if c.locator else []
    after += [style.link(c)] if style.link(c) else []
    if c.title and c.genre not in BOOKLIKE:
        # Chicago puts the comma inside the quotation marks (“Title,”), so what follows takes a space only.
        title = style.title(c, "," if after else "")
        work = ", ".join(before + [title]) + (" " + ", ".join(after) if after else "")
    else:
        work = ", ".join(before + ([style.title(c, "")] if c.title else []) + after)
    if c.quote:
        verb = "in" if c.genre in RECORDED else "quoted in"
        work = f"{style.words(c.speaker)}, {verb} {work}" if c.speaker else f"{verb.capitalize()} {work}"
    return style.finish(c, work)


def _punctuated(title: str, follow: str) -> str:
    return title if title.endswith(("?", "!", ".")) else title + follow


_MD_SPECIAL = re.compile(r"[\\`*_\[\]<>|]")


def _md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
