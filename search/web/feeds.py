"""Feeds and files for programs: an Atom feed of any search, the OpenSearch description, whole searches exported."""
from __future__ import annotations

import re
from urllib.parse import urlencode

from flask import Blueprint, current_app, render_template, request, url_for

from ..cite import export
from ..query import QueryError
from .address import base_url
from .args import search_request
from .context import own_session, session

FEED_LENGTH = 50  # the newest entries a feed carries
# What XML 1.0 forbids in a document: C0 controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

bp = Blueprint("feeds", __name__)


@bp.route("/search.atom")
def atom():
    """Answer the newest results of a search as an Atom feed."""
    length = min(FEED_LENGTH, current_app.config["MAX_RESULT_WINDOW"])
    results = session().search(search_request().changed(sort="date"), page_size=length)
    # The feed's own address is built like every other absolute link: from BASE_URL when it is set, never
    # from the Host header a client chose.
    self_url = base_url() + request.full_path.rstrip("?")
    body = render_template("feed.atom.xml", results=results, base=base_url(), self_url=self_url)
    # A quote holding \x01 or \x1b (a JSON \u0000 too) made the whole feed invalid XML: such characters go.
    return current_app.response_class(_NOT_XML.sub("", body), mimetype="application/atom+xml")


@bp.route("/opensearch.xml")
def opensearch():
    """Answer the OpenSearch description that lets a browser add the site as a search engine."""
    body = render_template("opensearch.xml", base=base_url())
    return current_app.response_class(body, mimetype="application/opensearchdescription+xml")


@bp.route("/export")
def download():
    """Answer every hit of a search as one file, streamed: CSV, JSON Lines, BibTeX or CSL-JSON."""
    fmt = request.args.get("format", "csv")
    if fmt not in export.FORMATS:
        raise QueryError(f"unknown export format {fmt!r}: use {', '.join(export.FORMATS)}")
    asked = search_request().changed()
    counted = session().search(asked, page_size=1)
    base = base_url()
    # The file is written after the request has ended, and with it the request's session: it gets its own.
    own = own_session()
    try:
        records = own.every_match(counted.request)
    except Exception:
        own.close()
        raise

    def body():
        try:
            yield from export.stream(fmt, export.with_context(own, records), base)
        finally:
            own.close()  # also when the client goes away mid-download

    response = current_app.response_class(body(), content_type=export.FORMATS[fmt].mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{export.filename(asked.text, fmt)}"'
    # Every hit is in the file: no cap to find out about later. A count the time budget cut short is only a
    # lower bound, so then there is no header (the file still has every hit).
    if not counted.partial:
        response.headers["X-Total-Count"] = str(counted.total)
    return response


def export_links(asked, absolute: bool = False) -> dict[str, str]:
    """Return, for each export format, the address that downloads a search whole."""
    args = asked.changed().to_args()
    where = f"{base_url()}/export" if absolute else url_for("feeds.download")
    return {fmt: f"{where}?{urlencode(args + [('format', fmt)])}" for fmt in export.FORMATS}
