"""Transcript detection in plain text: the label styles, their times, and texts that are not transcripts."""
from __future__ import annotations

from search.documents.transcripts import seconds, turns

DEBATE = """First presidential debate, Cleveland

CHRIS WALLACE: Good evening from Cleveland. I'm Chris Wallace.

PRESIDENT DONALD J. TRUMP: Thank you very much, Chris.

JOE BIDEN: Well, I don't know.
It is good to be here.

CHRIS WALLACE: Gentlemen, let us begin.
"""


def spans(text):
    return [(t.label, t.time, text[t.start:t.end], text[t.label_start:t.label_end]) for t in turns(text)]


def test_capital_labels_with_colons_make_turns_that_end_where_the_next_label_starts():
    got = spans(DEBATE)
    assert [g[0] for g in got] == ["CHRIS WALLACE", "PRESIDENT DONALD J. TRUMP", "JOE BIDEN", "CHRIS WALLACE"]
    assert got[2][2] == "Well, I don't know.\nIt is good to be here."
    assert all(g[0] == g[3] and g[1] is None for g in got)


def test_congressional_record_labels():
    text = ("Mr. JORDAN. I thank the chairman.\n\nThe CHAIRMAN. The gentleman yields back.\n\n"
            "Ms. OCASIO-CORTEZ of New York. Thank you, Mr. Chairman.\n\nMr. JORDAN. Will the gentlelady yield?\n")
    assert [g[0] for g in spans(text)] == ["Mr. JORDAN", "The CHAIRMAN", "Ms. OCASIO-CORTEZ of New York", "Mr. JORDAN"]
    assert spans(text)[1][2] == "The gentleman yields back."


def test_rev_and_otter_exports_put_the_label_and_time_above_the_words():
    rev = "Chris Wallace: (01:20)\nGood evening.\n\nDonald Trump: (01:32)\nThank you.\n\nChris Wallace: (00:41:07)\nGo on.\n"
    assert spans(rev) == [("Chris Wallace", 80.0, "Good evening.", "Chris Wallace"),
                          ("Donald Trump", 92.0, "Thank you.", "Donald Trump"),
                          ("Chris Wallace", 2467.0, "Go on.", "Chris Wallace")]
    otter = "Chris Wallace  1:20\nGood evening.\n\nJoe Biden  1:32\nThank you.\n\nChris Wallace  2:05\nLet us begin.\n"
    assert [(g[0], g[1]) for g in spans(otter)] == [("Chris Wallace", 80.0), ("Joe Biden", 92.0), ("Chris Wallace", 125.0)]


def test_a_time_before_the_label_and_mixed_case_labels_that_come_back():
    text = "[00:00:05] Anne Smith: Hello there.\n[00:00:09] Bo Jones: Hi.\n[00:01:02] Anne Smith: Shall we start?\n"
    assert [(g[0], g[1], g[2]) for g in spans(text)] == [
        ("Anne Smith", 5.0, "Hello there."), ("Bo Jones", 9.0, "Hi."), ("Anne Smith", 62.0, "Shall we start?")]


def test_articles_with_a_few_labels_are_not_transcripts():
    assert turns("Q: What did he say?\n\nHe said the plan was good, officials said.\n\nA: Nothing.\n") == ()
    assert turns("UPDATE: The plan was withdrawn.\n\nUPDATE: It is back.\n\nUPDATE: Gone again.\n") == ()
    assert turns("Related: one\n\nRelated: two\n\nRelated: three\n\nNote: four\n") == ()
    article = "Senate vote\n\nWASHINGTON (AP) — The Senate voted on Monday.\n\n" + "More words of the story here.\n\n" * 30
    assert turns(article + "SCHUMER: We won.\n\nMCCONNELL: We lost.\n\nSCHUMER: Indeed.\n") == ()


def test_seconds():
    assert (seconds("01:20"), seconds("1:02:03.5"), seconds("00:00:01,250"), seconds(None)) == (80, 3723.5, 1.25, None)
