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


def test_an_absurd_paragraph_is_cut_at_sentence_ends_with_exact_offsets():
    from search.text.paragraphs import MAX_PARAGRAPH_CHARS

    sentence = "The council met again and talked about the river. "
    text = "Title\n\n" + sentence * (3 * MAX_PARAGRAPH_CHARS // len(sentence)) + "\n\nLast one."
    paragraphs = split(text)
    assert len(paragraphs) >= 5
    assert all(len(p.text) <= MAX_PARAGRAPH_CHARS and text[p.start:p.end] == p.text for p in paragraphs)
    assert all(p.text.endswith("river.") for p in paragraphs[1:-2])  # cut after a sentence, not inside one
    assert paragraphs[-1].text == "Last one." and [p.number for p in paragraphs] == list(range(1, len(paragraphs) + 1))


def test_a_block_without_spaces_is_cut_at_the_limit():
    from search.text.paragraphs import MAX_PARAGRAPH_CHARS

    text = "x" * (2 * MAX_PARAGRAPH_CHARS + 5)
    assert [(p.start, p.end) for p in split(text)] == [
        (0, MAX_PARAGRAPH_CHARS), (MAX_PARAGRAPH_CHARS, 2 * MAX_PARAGRAPH_CHARS), (2 * MAX_PARAGRAPH_CHARS, len(text))]
