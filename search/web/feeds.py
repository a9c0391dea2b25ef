"""Feeds for programs that follow the site: an Atom feed of any search, the OpenSearch description."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from .args import search_args
from .context import session

FEED_LENGTH = 50  # the newest entries a feed carries

bp = Blueprint("feeds", __name__)


@bp.route("/search.atom")
def atom():
    """Answer the newest results of a search as an Atom feed."""
    results = session().search(**dict(search_args(), page=1, page_size=FEED_LENGTH, sort="date"))
    body = render_template("feed.atom.xml", results=results, base=current_app.config["BASE_URL"].rstrip("/"),
                           self_url=request.url)
    return current_app.response_class(body, mimetype="application/atom+xml")


@bp.route("/opensearch.xml")
def opensearch():
    """Answer the OpenSearch description that lets a browser add the site as a search engine."""
    body = render_template("opensearch.xml", base=current_app.config["BASE_URL"].rstrip("/"))
    return current_app.response_class(body, mimetype="application/opensearchdescription+xml")
