"""Read a search or a quote to check from the query string; raise QueryError for what cannot be run."""
from __future__ import annotations

from flask import current_app, request

from .openapi import MAX_PAGE
from ..query import QueryError


def search_args() -> dict:
    """Return the arguments of Session.search given in the query string."""
    args = request.args
    text = args.get("q", "")
    longest = current_app.config["MAX_QUERY_LENGTH"]
    if len(text) > longest:
        raise QueryError(f"the query is longer than {longest} characters")
    page = page_number()
    return dict(text=text, speakers=args.getlist("speaker"), exclude=args.getlist("exclude"),
                type=args.get("type", "quote"), page=page, page_size=current_app.config["PAGE_SIZE"],
                sort=args.get("sort", "relevance"), sources=args.getlist("source"),
                date_from=args.get("from", "").strip(), date_to=args.get("to", "").strip(),
                certain=args.get("certain", "") in ("1", "on", "true"))


def page_number() -> int:
    """Return the page asked for in the query string (1 if none)."""
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        raise QueryError("the page number must be a whole number") from None
    if page < 1 or page > MAX_PAGE:
        raise QueryError("the page number is out of range")
    return page


def has_search(params: dict) -> bool:
    """Say whether the arguments ask for anything: words, speakers, sources or dates."""
    return bool(params["text"].strip() or params["speakers"] or params["sources"] or params["date_from"]
                or params["date_to"])


def check_text() -> str:
    """Return the quote to check given in the query string."""
    text = request.args.get("q", "").strip()
    longest = current_app.config["MAX_QUERY_LENGTH"]
    if len(text) > longest:
        raise QueryError(f"the quote is longer than {longest} characters")
    return text
