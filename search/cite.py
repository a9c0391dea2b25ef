"""Format a quote as a citation: plain text, Markdown, BibTeX and CSL-JSON."""
from __future__ import annotations

import json
import re

FORMATS = ("text", "markdown", "bibtex", "csl-json")


def permalink(base_url: str, quote_id: str) -> str:
    """Return the public address of a quote."""
    return f"{base_url.rstrip('/')}/quote/{quote_id}"


def _speaker(quote: dict) -> str:
    return quote.get("speaker") or "Unknown speaker"


def _where(quote: dict) -> list[str]:
    parts = [f"“{quote['title']}”" if quote.get("title") else "", quote.get("source", ""), quote.get("date", "")]
    if quote.get("paragraph"):
        parts.append(f"para. {quote['paragraph']}")
    return [p for p in parts if p]


def cite(quote: dict, fmt: str, base_url: str) -> str:
    """Return the citation of a quote (its stored fields) in one of FORMATS."""
    link = permalink(base_url, quote["id"])
    words = " ".join(quote.get("text", "").split())
    if fmt == "text":
        return f"{_speaker(quote)}: “{words}” " + ", ".join(_where(quote)) + f". {link}"
    if fmt == "markdown":
        where = ", ".join(_where(quote))
        return f"> “{words}”\n>\n> — **{_speaker(quote)}**, {where}. [Permalink]({link})"
    if fmt == "bibtex":
        year = (quote.get("date") or "")[:4]
        fields = {
            "author": "{" + _speaker(quote) + "}",
            "title": "{" + _bibtex_escape(quote.get("title", "")) + "}",
            "journal": "{" + _bibtex_escape(quote.get("source", "")) + "}",
            "year": year,
            "date": quote.get("date", ""),
            "note": "{Quote, para. " + str(quote.get("paragraph", "")) + ": " + _bibtex_escape(words) + "}",
            "url": "{" + link + "}",
        }
        body = ",\n".join(f"  {k} = {v if v.startswith('{') else '{' + v + '}'}" for k, v in fields.items() if v.strip("{}"))
        return f"@misc{{quote-{quote['id']},\n{body}\n}}"
    if fmt == "csl-json":
        item = {
            "id": f"quote-{quote['id']}",
            "type": "article-newspaper",
            "title": quote.get("title", ""),
            "container-title": quote.get("source", ""),
            "author": [{"literal": _speaker(quote)}],
            "URL": link,
            "note": f"Quote (para. {quote.get('paragraph', '')}): {words}",
        }
        date = quote.get("date", "")
        if re.fullmatch(r"\d{4}(-\d{2}){0,2}", date):
            item["issued"] = {"date-parts": [[int(x) for x in date.split("-")]]}
        return json.dumps([item], ensure_ascii=False, indent=2)
    raise ValueError(f"unknown citation format {fmt!r}: use one of {', '.join(FORMATS)}")


def _bibtex_escape(text: str) -> str:
    return re.sub(r"([{}&%$#_])", r"\\\1", text)
