"""Hits: a long text carries a window around its first match, never the whole text; a quote in several sources
is shown through its richest copy, and every card says where it stands."""
from __future__ import annotations

import json

import pytest
from whoosh.query import Or, Term

from search import query
from search.index import build as indexer
from search.query.hits import HIT_CHARS, excerpt, richest

from .conftest import ENGINES, pdf_bytes


def test_a_short_text_is_whole():
    assert excerpt("We will build it.", Term("quote_text", "build")) == ("We will build it.", 0)


def test_a_long_text_is_a_window_around_the_first_match_cut_between_words():
    text = "filler words here " * 2000 + "the Bridges stand " + "more words after " * 2000
    window, start = excerpt(text, Or([Term("quote_text", "zebra"), Term("quote_text", "bridg")]))
    assert len(window) <= HIT_CHARS and text[start:start + len(window)] == window
    assert "the Bridges stand" in window  # found from its stem, whatever its case
    assert window[0] != " " and text[start - 1] == " " and text[start + len(window)] == " "


def test_a_long_text_without_the_words_shows_its_start():
    window, start = excerpt("word " * 1000, Term("quote_text", "absent"))
    assert start == 0 and len(window) <= HIT_CHARS
    assert excerpt("word " * 1000, None)[1] == 0


SAID = "We will close the old harbour bridge to cars until the engineers have finished their work"


@pytest.fixture(scope="module", params=ENGINES)
def engine(request, tmp_path_factory):
    """The copies of one quote, a web page and its printout, indexed into each engine in turn."""
    folder = tmp_path_factory.mktemp("copies")
    # The page is read after its printout, and the printout is dated the day it was printed: either way it would lead.
    (folder / "bridge.txt").write_text(f"Bridge to close\n\nThe council met on Tuesday.\n\n"
                                       f"\"{SAID},\" Maria Keller said.\n", encoding="utf-8")
    (folder / "bridge.meta.json").write_text(json.dumps({"source": "The Harbour Times", "date": "2019-11-18",
                                                         "url": "https://harbourtimes.example/bridge"}))
    lines = [(72, 72, "Bridge to close"), (72, 100, "The council met on Tuesday."),
             (72, 128, f"\"{SAID},\" Maria Keller said.")]
    (folder / "a-printout.pdf").write_bytes(pdf_bytes([lines]))
    (folder / "a-printout.meta.json").write_text(json.dumps({"date": "2020-01-02"}))
    if request.param == "postgres":
        from search.engines.postgres.engine import PostgresEngine
        from search.engines.writers import PostgresWriter

        url = request.getfixturevalue("pg_cluster").database()
        PostgresWriter(url).reindex([folder])
        opened = PostgresEngine(url)
        yield opened
        opened.close()
        return
    index_dir = tmp_path_factory.mktemp("copies-index")
    indexer.reindex([folder], index_dir, jobs=1)
    yield query.Engine(index_dir)


def test_a_quote_in_a_page_and_its_printout_is_shown_through_the_page(engine):
    with engine.session() as session:
        for sort in ("relevance", "date"):
            results = session.search("harbour bridge engineers", sort=sort)
            assert results.total == 2 and len(results.hits) == 1
            hit = results.hits[0]
            assert (hit.doc, hit.source, hit.url, hit.page) == ("bridge", "The Harbour Times",
                                                                "https://harbourtimes.example/bridge", None)
            assert hit.group_size == 2


def test_richest_prefers_more_metadata_then_the_page_over_the_printout():
    page = {"id": "a", "source": "Times", "date": "2019-11-18", "url": "https://x", "page": None}
    printout = {"id": "b", "source": "Times", "date": "2020-01-02", "url": "", "page": 1}
    assert richest([printout, page])["id"] == "a"
    bare_page = {"id": "c", "source": "", "date": "", "url": "", "page": None}
    assert richest([dict(printout, url="https://x"), bare_page])["id"] == "b"


def test_a_speakers_page_lists_the_page_not_its_printout(engine):
    from search.web.app import create_app

    where = {"DATABASE_URL": engine.url} if hasattr(engine, "url") else {"INDEX_DIR": engine.index_dir}
    client = create_app({"TESTING": True, **where}).test_client()
    page = client.get("/speaker/maria-keller").get_data(as_text=True)
    assert page.count(SAID) == 1
    assert 'href="/doc/bridge#q-' in page and "/doc/a-printout" not in page
    assert "¶3" in page  # every card says where the quote stands


@pytest.mark.parametrize("marked, shown", [
    ("a &lt;b&gt; &amp; <mark>word</mark> “x”", "a &lt;b&gt; &amp; <mark>word</mark> “x”"),
    ('<mark class="match term0">word</mark> <script>alert(1)</script>', "<mark>word</mark> alert(1)"),
    ('<mark onclick="x()">word</mark>', "<mark>word</mark>"),
    ("<mark>open", "<mark>open</mark>"),
    ("fish & chips > 2", "fish &amp; chips &gt; 2"),
    ("<b>bold</b> <mark>a</mark>", "bold <mark>a</mark>"),
])
def test_marked_text_keeps_only_bare_marks(marked, shown):
    from search.query.hits import safe_marks

    assert str(safe_marks(marked)) == shown


def test_a_hit_marks_its_words_with_bare_marks(engine):
    with engine.session() as session:
        hit = session.search("engineers").hits[0]
    assert "<mark>engineers</mark>" in str(hit.highlighted) and "class=" not in str(hit.highlighted)
