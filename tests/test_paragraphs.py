"""Tests for splitting text into paragraphs with offsets."""
from __future__ import annotations

from search.text.paragraphs import locate, split
from search.model import Dropped


def test_paragraphs_are_the_blocks_between_blank_lines_with_offsets():
    text = "First line.\nStill first.\n\n  Second one.  \n \t\nThird."
    paras = split(text)
    assert [p.text for p in paras] == ["First line.\nStill first.", "Second one.", "Third."]
    assert [p.number for p in paras] == [1, 2, 3]
    assert all(text[p.start:p.end] == p.text for p in paras)


def test_blank_text_has_no_paragraphs():
    assert split("") == ()
    assert split("\n\n  \n") == ()


def test_locate_finds_the_paragraph_or_the_one_before_a_gap():
    text = "One.\n\nTwo."
    paras = split(text)
    assert locate(paras, text.index("Two")).number == 2
    assert locate(paras, text.index("\n")).number == 1
    assert locate((), 3) is None


def test_dropped_stretches_are_left_out_and_break_a_paragraph():
    text = "Caption\nCaption\n\nBody one.\nread more:\nBody two."
    first = text.index("Caption", 1)
    more = text.index("read more:")
    dropped = (Dropped(first - 1, first + len("Caption"), "repeated"), Dropped(more, more + len("read more:"), "cta"))
    paras = split(text, dropped)
    assert [p.text for p in paras] == ["Caption", "Body one.", "Body two."]
    assert all(text[p.start:p.end] == p.text for p in paras)
    assert [p.number for p in paras] == [1, 2, 3]


def test_paragraphs_carry_the_page_they_start_on():
    text = "One.\n\nTwo.\n\nThree."
    paras = split(text, pages=(0, text.index("Two"), text.index("Three")))
    assert [p.page for p in paras] == [1, 2, 3]
    assert [p.page for p in split(text)] == [None, None, None]
