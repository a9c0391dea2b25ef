"""A hit of a long text carries a window around its first match, never the whole text."""
from __future__ import annotations

from whoosh.query import Or, Term

from search.query.hits import HIT_CHARS, excerpt


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
