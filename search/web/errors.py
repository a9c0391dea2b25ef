"""Answer bad queries, missing pages and a missing index: JSON for machines, an HTML page for people."""
from __future__ import annotations

from flask import jsonify, render_template, request

from ..query import NoIndex, QueryError


def _api() -> bool:
    return request.path.startswith("/api/")


def bad_query(exc: QueryError):
    """Answer a query that cannot be run with its message and a 400."""
    # Only the HTML pages show the message in a page; the API, feeds (and anything else a program
    # reads) answer JSON.
    if request.blueprint != "pages":
        return jsonify(error=str(exc)), 400
    if request.endpoint == "pages.check":
        return render_template("check.html", error=str(exc), q=""), 400
    return render_template("index.html", error=str(exc), q=request.args.get("q", "")), 400


def not_found(_exc):
    """Answer a page, quote, document or speaker that does not exist with a 404."""
    if _api():
        return jsonify(error="not found"), 404
    return render_template("error.html", title="Not found",
                           message="There is no such page, quote, document or speaker."), 404


def no_index(exc: NoIndex):
    """Answer any request made before the first reindex with a 503."""
    if _api():
        return jsonify(error=str(exc)), 503
    return render_template("error.html", title="No index yet", message=str(exc)), 503
