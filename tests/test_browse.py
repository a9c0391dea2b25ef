"""Browsing: the most quoted named speakers, speakers A to Z and documents by source and date, all paged; the
search help page."""
from __future__ import annotations

import re

import pytest

from tests.conftest import bounds_corpus


def test_most_quoted_lists_only_named_people_and_bodies(client):
    page = client.get("/").get_data(as_text=True)
    top = page.split("Most quoted", 1)[1].split("</ol>", 1)[0]
    assert "Hatem al-Maksusi" in top
    # Descriptions kept to one document are speakers of their quotes, never the corpus's most quoted.
    for description in ("the cable", "spy agency leaks", "one of the Jurf al-Sakhar cables"):
        assert description not in top
    assert 'href="/speakers"' in page and 'href="/documents"' in page and 'href="/help"' in page


def test_speakers_are_listed_by_letter_with_their_quotes(client):
    page = client.get("/speakers?letter=h").get_data(as_text=True)
    assert re.search(r'href="/speaker/hatem-al-maksusi">Hatem al-Maksusi</a> <span class="count">2</span>', page)
    assert "the cable" not in page
    # Letters without a speaker are shown but not linked.
    assert 'href="/speakers?letter=q"' not in page and 'href="/speakers?letter=h"' in page


@pytest.fixture()
def app(engine_app):
    """The seeds, on Whoosh and on PostgreSQL (conftest.engine_app): both engines list the same."""
    return engine_app


@pytest.fixture()
def bounded(serve_folder, tmp_path):
    """The bounds corpus on each engine, listed five a page within a window of twenty."""
    return serve_folder(bounds_corpus(tmp_path / "bounds"), LISTING_PAGE_SIZE=5, MAX_RESULT_WINDOW=20)


def test_documents_are_listed_newest_first_by_source_and_paged(bounded):
    first = bounded.get("/documents").get_data(as_text=True)
    titles = re.findall(r'<a href="/doc/[^"]+">([^<]+)</a>', first)
    assert titles == ["Budget 12", "Budget 11", "Budget 10", "Budget 9", "Budget 8"]
    assert "13 documents" in first and "Page 1 of 3" in first
    assert re.search(r'href="/documents\?source=Wire\+1">Wire 1</a> <span class="count">4</span>', first)
    wire = bounded.get("/documents?source=Daily").get_data(as_text=True)
    assert re.findall(r'<a href="/doc/[^"]+">([^<]+)</a>', wire) == ["Long story"]
    assert "1 document," in wire
    assert bounded.get("/documents?page=5").status_code == 400  # past the window of 20


def test_speakers_are_paged(bounded, monkeypatch):
    from search.web import browse

    monkeypatch.setattr(browse, "SPEAKERS_PAGE", 1)
    first = bounded.get("/speakers?letter=a").get_data(as_text=True)
    assert "Ann Lee" in first and 'href="/speakers?letter=a&amp;page=2"' not in first  # one speaker under A
    assert bounded.get("/speakers?letter=a&page=2").status_code == 400


def test_the_help_page_explains_the_syntax(client):
    page = client.get("/help").get_data(as_text=True)
    for piece in ('"vast influence"', "OR", "NOT", "immigr*", "speaker:", "2019-11"):
        assert piece in page
    assert 'href="/help"' in client.get("/check").get_data(as_text=True)  # linked beside every search box
