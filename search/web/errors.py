"""Answer bad queries, oversized requests, missing pages and a missing index: JSON for machines, HTML for people."""
from __future__ import annotations

from flask import abort, current_app, jsonify, render_template, request

from ..query import NoIndex, QueryError, WorkerLost


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


def worker_lost(exc: WorkerLost):
    """Answer a request whose long-request worker stopped while answering with a 503 and a message."""
    message = f"The search stopped before it could answer: {exc}."
    if _api():
        return jsonify(error=message), 503, {"Retry-After": "1"}
    return render_template("error.html", title="Search interrupted", message=message), 503, {"Retry-After": "1"}


def refuse_oversized():
    """Refuse a request whose URL or body is larger than the server accepts, before any work is done."""
    if len(request.full_path) > current_app.config["MAX_URL_LENGTH"]:
        abort(414)
    if (request.content_length or 0) > current_app.config["MAX_CONTENT_LENGTH"]:
        abort(413)


def too_large(exc):
    """Answer an oversized request with its status and the limit it passed."""
    if exc.code == 414:
        message = f"The address is longer than the {current_app.config['MAX_URL_LENGTH']:,} characters accepted."
    else:
        message = f"The request is larger than the {current_app.config['MAX_CONTENT_LENGTH']:,} bytes accepted."
    if _api():
        return jsonify(error=message), exc.code
    return render_template("error.html", title="Request too large", message=message), exc.code
