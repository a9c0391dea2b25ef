"""Read a search or a quote to check from the query string; raise QueryError for what cannot be run."""
from __future__ import annotations

from flask import current_app, request

from ..query import QueryError, SearchRequest
from ..query.request import page_number as _page_number


def search_request() -> SearchRequest:
    """Return the search the query string asks for."""
    asked = SearchRequest.from_args(request.args)
    longest = current_app.config["MAX_QUERY_LENGTH"]
    if len(asked.text) > longest:
        raise QueryError(f"the query is longer than {longest} characters")
    return asked


def page_number(name: str = "page") -> int:
    """Return the page asked for in the query string (1 if none); `name`: the parameter, for a second listing."""
    return _page_number(request.args.get(name, ""))


def check_text() -> str:
    """Return the quote to check given in the query string."""
    text = request.args.get("q", "").strip()
    longest = current_app.config["MAX_QUERY_LENGTH"]
    if len(text) > longest:
        raise QueryError(f"the quote is longer than {longest} characters")
    return text
