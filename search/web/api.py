"""The JSON API under /api/: search, quote check, quotes and its own OpenAPI description."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from ..query import compare
from . import openapi
from . import shape
from ..query import QueryError
from .address import base_url
from .args import check_text, search_request
from .context import session
from .feeds import export_links

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.route("/search")
def search():
    """Answer a search: total, page, facet counts and results."""
    results = session().search(search_request(), page_size=current_app.config["PAGE_SIZE"])
    return jsonify(dict(shape.results_json(results), exports=export_links(results.request, absolute=True)))


@bp.route("/check")
def check():
    """Answer a quote check: the verdict and the closest real quotes."""
    text = check_text()
    if not text:
        raise QueryError("give the quote to check in q")
    verdict = compare.check(text, session().candidates(text))
    # partial: the search for candidates ran out of time, so a closer quote may have been missed.
    return jsonify(dict(shape.verdict_json(verdict, base_url()), partial=session().budget.spent))


@bp.route("/quote/<quote_id>")
def quote(quote_id):
    """Answer one quote with its permalink and citation."""
    found = session().quote(quote_id)
    if not found:
        return jsonify(error=f"no quote with id {quote_id}"), 404
    return jsonify(shape.quote_json(found, base_url()))


@bp.route("/openapi.json")
def description():
    """Answer the OpenAPI description of this API."""
    return jsonify(openapi.document(current_app.config["MAX_QUERY_LENGTH"]))
