"""PDF layout from positioned lines: reading order, running heads, paragraphs and hyphenation."""
from __future__ import annotations

from search.documents.pdflayout import Line, Page, columns, lay_out, running_lines


def col(texts, x=72.0, top=100.0, width=200.0, leading=14.0, size=10.0, short=()):
    """Lines of one column; those whose index is in `short` stop halfway, as a paragraph's last line does."""
    out = []
    for k, text in enumerate(texts):
        right = x + (width / 2 if k in short else width)
        out.append(Line(x, top + k * leading, right, top + k * leading + size, text))
    return out


def test_two_columns_under_a_headline_are_read_headline_then_left_then_right():
    head = [Line(72, 60, 540, 78, "Big headline across the page")]
    left = col(["left one", "left two"], x=72)
    right = col(["right one", "right two"], x=320)
    runs = columns(head + right + left)
    assert [[ln.text for ln in run] for run in runs] == [
        ["Big headline across the page"], ["left one", "left two"], ["right one", "right two"]]


def test_a_word_broken_at_a_line_end_is_joined_and_a_true_compound_keeps_its_hyphen():
    lines = col(["The govern-", "ment said the well-", "known plan is a well-known one."], short=(2,))
    assert lay_out([Page(tuple(lines))]).text == "The government said the well-known plan is a well-known one."


def test_a_soft_hyphen_or_hyphen_mark_joins_and_then_a_plain_hyphen_is_part_of_a_compound():
    lines = col(["A presi\u2010", "dential so-", "called race."], short=(2,))
    assert lay_out([Page(tuple(lines))]).text == "A presidential so-called race."


def test_paragraphs_break_at_a_wider_gap_an_indent_or_a_short_last_line():
    gap = col(["First para line one", "first para ends."], short=(1,)) + \
        col(["Second para after a gap", "goes on."], top=140, short=(1,))
    assert lay_out([Page(tuple(gap))]).text == "First para line one first para ends.\n\nSecond para after a gap goes on."
    indent = col(["One line goes on", "and ends here."], short=(1,)) + [Line(90, 128, 272, 138, "Indented new one")]
    assert lay_out([Page(tuple(indent))]).text.split("\n\n") == ["One line goes on and ends here.", "Indented new one"]


def test_a_paragraph_runs_on_across_a_column_and_a_page_and_page_offsets_point_into_it():
    first = Page(tuple(col(["A sentence that runs on", "across the column"]) +
                       col(["and then on to", "the next"], x=320)))
    second = Page(tuple(col(["page where it ends.", "x"], short=(0,))[:1]))
    laid = lay_out([first, second])
    assert laid.text == "A sentence that runs on across the column and then on to the next page where it ends."
    assert laid.text[laid.pages[1]:] == "page where it ends."


def test_ligatures_are_unfolded_and_spaces_made_one():
    assert lay_out([Page((Line(72, 100, 300, 110, "The ﬁnal  eﬀort"),))]).text == "The final effort"


def test_running_heads_need_most_pages_and_a_body_between():
    pages = [Page((Line(72, 30, 300, 40, "Quarterly report"), Line(72, 100, 500, 110, f"Body {n}"),
                   Line(290, 760, 310, 770, str(n)))) for n in range(1, 4)]
    found = running_lines(pages)
    assert all({ln.text for ln in f} == {"Quarterly report", str(n)} for n, f in enumerate(found, 1))
    lonely = [Page((Line(72, 100, 500, 110, "Same words every page"),)) for _ in range(4)]
    assert running_lines(lonely) == [set()] * 4
