"""BibTeX entries that both biblatex and classic BibTeX styles read: fitting types, dates, escaped text."""
from __future__ import annotations

import re

from .model import Citation, date_parts, iso_date
from .names import Name

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Types both classic BibTeX and biblatex define: news is an @article in its paper, a report a @techreport
# of its institution, and the rest @misc with the source in `howpublished`, which both print.
TYPES = {"news": "article", "magazine": "article", "report": "techreport", "fiction": "book"}
HOW_PUBLISHED = {"transcript": "Transcript", "captions": "Video", "blog": "Blog"}

_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "&": r"\&", "%": r"\%",
    "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_:.\-]")
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIAL))


def escape(text: str) -> str:
    """Return text safe inside a braced BibTeX field: LaTeX's special characters as commands, braces balanced."""
    # A brace escaped as \{ still counts for BibTeX's brace matching, so a lone one would end the field early.
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], " ".join(text.split()))


def entry_type(c: Citation) -> str:
    """Return the entry type of the cited document."""
    if c.genre in TYPES:
        kind = TYPES[c.genre]
        # Classic BibTeX requires a publisher for @book and an institution for @techreport.
        return kind if c.source or kind == "article" else "misc"
    return "article" if c.source and not c.genre else "misc"


def name(n: Name) -> str:
    """Return one author as BibTeX writes names: "van Beethoven, Ludwig", "King, Jr., Martin", "{AFP}"."""
    if n.literal:
        return "{" + escape(n.literal) + "}"  # braced, so "and" or spaces in it never split it
    family = escape(n.family)
    if " " in family:
        family = "{" + family + "}"  # "{Ortega y Gasset}": lower-case words inside would read as a "von" part
    parts = [" ".join(p for p in (escape(n.particle), family) if p)]
    if n.suffix:
        parts.append(escape(n.suffix))
    if n.given or n.suffix:
        parts.append(escape(n.given))
    return ", ".join(parts)


def entry(c: Citation) -> str:
    """Return the BibTeX entry of a citation: the document as the work, the quote in its note."""
    kind = entry_type(c)
    fields: list[tuple[str, str]] = []
    if c.authors:
        fields.append(("author", " and ".join(name(n) for n in c.authors)))
    elif c.source or c.title:
        # Classic styles sort a work without author by its `key`: the paper, as Chicago names it first.
        fields.append(("key", escape(c.source or c.title)))
    if c.title:
        fields.append(("title", "{" + escape(c.title) + "}"))  # double braces: styles keep its case as written
    if c.source:
        fields.append({"article": ("journal", escape(c.source)), "techreport": ("institution", escape(c.source)),
                       "book": ("publisher", escape(c.source))}.get(kind, ("howpublished", _how(c))))
    elif c.genre in HOW_PUBLISHED:
        fields.append(("howpublished", HOW_PUBLISHED[c.genre]))
    if kind == "techreport":
        fields.append(("type", "Report"))  # rather than "Technical Report"
    parts = date_parts(c.date)
    if parts:
        # biblatex reads `date`; classic styles read `year` and `month` (biblatex accepts them too).
        fields.append(("date", iso_date(c.date)))
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(("month", MONTHS[parts[1] - 1]))
    link = c.url or (c.permalink if c.permalink.startswith(("http://", "https://")) else "")
    if link:
        # A verbatim field in biblatex, written as is; only braces (which would end it) are percent-encoded.
        fields.append(("url", link.replace("{", "%7B").replace("}", "%7D")))
    if c.language:
        fields.append(("language", escape(c.language)))
    fields.append(("note", escape(c.note)))
    body = ",\n".join(f"  {key} = {_value(key, value)}" for key, value in fields)
    return f"@{kind}{{{_KEY_UNSAFE.sub('-', c.key)},\n{body}\n}}"


def _how(c: Citation) -> str:
    label = HOW_PUBLISHED.get(c.genre)
    return f"{label}, {escape(c.source)}" if label else escape(c.source)


def _value(key: str, value: str) -> str:
    # Month abbreviations are BibTeX's predefined strings: unbraced, so every style can name the month.
    return value if key == "month" else "{" + value + "}"
