"""The HTML pages: search, quote check, permalinks, documents and speakers."""
from __future__ import annotations

import time
from urllib.parse import quote_plus

from flask import Blueprint, abort, current_app, g, jsonify, render_template, request, url_for

from .. import cite
from ..query import SearchRequest, browse, compare
from . import shape
from .address import base_url
from .args import check_text, page_number, search_request
from .context import session
from .feeds import export_links

bp = Blueprint("pages", __name__)


@bp.route("/")
def index():
    """Show the results of a search, or an overview of the corpus when nothing is asked."""
    started = time.perf_counter()
    asked = search_request()
    if not asked.asks():
        return render_template("index.html", overview=session().overview(), q="")
    results = session().search(asked, page_size=current_app.config["PAGE_SIZE"])
    return render_template("index.html", results=results, q=results.request.text, elapsed=time.perf_counter() - started,
                           occurrences=shape.folded_occurrences(session(), results),
                           contexts=shape.result_contexts(session(), results), exports=export_links(results.request),
                           coins=shape.hit_coins(session(), results, base_url()))


@bp.route("/check")
def check():
    """Show the closest real quotes to a pasted wording."""
    text = check_text()
    verdict = compare.check(text, session().candidates(text)) if text else None
    return render_template("check.html", verdict=verdict, q="", pasted=text,
                           partial=bool(text) and session().budget.spent)


@bp.route("/quote/<quote_id>")
def quote(quote_id):
    """Show a quote's permalink page; its JSON with ?format=json, one citation with ?format=bibtex (or another)."""
    found = session().quote(quote_id)
    if not found:
        abort(404)
    base = base_url()
    fmt = request.args.get("format")
    if fmt == "json":
        return jsonify(shape.quote_json(found, base))
    cited = cite.citation(found, base)
    if fmt in cite.FORMATS:
        return current_app.response_class(cite.render(cited, fmt), content_type=cite.MEDIA_TYPES[fmt])
    context = shape.quote_context(session(), found)
    citations = {fmt: cite.render(cited, fmt) for fmt in cite.FORMATS}
    others, more = shape.also_reported(session(), found)
    return render_template("quote.html", quote=found, context=context, citations=citations,
                           others=others, others_more=more, permalink=cited.permalink,
                           linked_data=shape.quote_linked_data(found, base), highwire=cite.highwire.tags(cited))


@bp.route("/doc/<path:doc_id>")
def document(doc_id):
    """Show a document with its paragraphs and quotes anchored."""
    found = session().document(doc_id)
    if not found:
        abort(404)
    page = page_number()
    paragraphs, pages = shape.document_view(session(), found, page, current_app.config["LISTING_PAGE_SIZE"])
    if page > pages:
        abort(404)
    # What was left out belongs to the whole document: it is listed after its end, on the last page.
    return render_template("doc.html", doc=found, paragraphs=paragraphs, page=page, pages=pages,
                           dropped=shape.dropped_view(found) if page == pages else [],
                           highwire=cite.highwire.tags(cite.document_citation(found, base_url())))


@bp.route("/speaker/<key>")
def speaker(key):
    """Show one page of a speaker's full quotes, newest first, with their names, counts by source and month, and
    the words they were quoted using in passing."""
    size = current_app.config["LISTING_PAGE_SIZE"]
    listing, fragments = browse.speaker_page(session(), key, page_number(), size, page_number("words"), size)
    if listing is None:
        abort(404)
    return render_template("speaker.html", key=key, profile=shape.speaker_profile(
        listing, fragments, lambda quote: browse.shown_copy(session(), quote)))


@bp.app_template_global()
def coins_of(record: dict) -> str:
    """Return the COinS ContextObject of a quote's stored fields, for its span in a listing."""
    return cite.coins.context_object(cite.citation(record, base_url()))


@bp.app_template_global()
def search_url(asked: SearchRequest, endpoint: str = "pages.index", **changes) -> str:
    """Return the address of a search: this one with some fields changed, on its first page unless one is given."""
    # A results page builds some forty links to the same endpoint, most with the same words: its address and
    # each value's quoting are worked out once a request.
    known = g.setdefault("endpoint_urls", {})
    if endpoint not in known:
        known[endpoint] = url_for(endpoint)
    quoted = g.setdefault("quoted_values", {})
    pairs = []
    for param, value in asked.changed_args(**changes):
        if value not in quoted:
            quoted[value] = quote_plus(value)
        pairs.append(f"{param}={quoted[value]}")  # parameter names are plain words, as urlencode leaves them
    return f"{known[endpoint]}?{'&'.join(pairs)}"


@bp.app_template_global()
def doc_url(doc_id: str, paragraph: int | None = None) -> str:
    """Return the address of the page of a document that holds a paragraph (add the #anchor after it)."""
    page = (max(1, paragraph or 1) - 1) // current_app.config["LISTING_PAGE_SIZE"] + 1
    return url_for("pages.document", doc_id=doc_id, page=page if page > 1 else None)
