"""The pages to browse by: speakers A to Z, documents by source and date, and how to search."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from ..query import browse
from . import shape
from .args import page_number
from .context import session

bp = Blueprint("browse", __name__)

SPEAKERS_PAGE = 100  # speakers a page lists: names are short, and a letter of a large corpus holds thousands


@bp.route("/speakers")
def speakers():
    """List the named speakers under one letter, A to Z, with their numbers of quotes."""
    letter = request.args.get("letter", "a")[:1].lower() or "a"
    listing, by_letter = session().speakers_by_letter(letter, page_number(), SPEAKERS_PAGE)
    return render_template("speakers.html", listing=listing, letter=letter, by_letter=by_letter,
                           letters=browse.LETTERS)


@bp.route("/documents")
def documents():
    """List the documents newest first, of one source if asked, with the number of documents of each source."""
    source = request.args.get("source", "")
    listing = session().document_listing(source, page_number(), current_app.config["LISTING_PAGE_SIZE"],
                                         current_app.config["MAX_RESULT_WINDOW"])
    every = sorted(listing.counts.get("source", {}).items(), key=lambda kv: (-kv[1], kv[0]))
    # The largest sources, and the one picked wherever it ranks: a corpus of news holds thousands of outlets.
    sources = [kv for i, kv in enumerate(every) if i < shape.COUNTS_SHOWN or kv[0] == source]
    return render_template("documents.html", listing=listing, source=source, sources=sources,
                           sources_more=len(every) - len(sources))


@bp.route("/help")
def search_help():
    """Explain what the search box understands."""
    return render_template("help.html")
