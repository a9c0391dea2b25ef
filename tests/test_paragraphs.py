"""Tests for splitting text into paragraphs with offsets."""
from __future__ import annotations

from search.paragraphs import locate, split


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
