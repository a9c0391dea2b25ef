"""Tests for fiction as people have it: a plain-text novel read as fiction, dialogue in single marks."""
from __future__ import annotations

import pytest

from search import documents
from search.documents.fiction import looks_like_fiction
from search.extraction.extract import extract
from search.model import Document

STORY = ("“Well?” said Tony. He was tired, and she had not come. “Where have you been?” she asked him at last. "
         "He thought of the house and of what he could do. “You know where I was,” he said. ") * 12
NEWS = ("Senator Smith said on Tuesday that the campaign would release a statement. “We will win,” he said, "
        "according to officials. The company reported 12 percent growth in 2016. ") * 12


def test_a_story_reads_as_fiction_and_news_does_not():
    assert looks_like_fiction(STORY)
    assert not looks_like_fiction(NEWS)
    assert not looks_like_fiction("“Well?” said Tony. He was tired.")  # too short to tell


def test_a_story_that_names_weekdays_and_counts_is_still_fiction():
    # A novel's days and sums ask more of its narration than the story gives news: it stays a story.
    story = STORY + "They came on Friday and left on Tuesday, three of them, with 40 pounds. " * 2
    assert looks_like_fiction(story)
    # News that narrates a little ("he was") is still news: its figures and news words outweigh it.
    news = NEWS.replace("The company", "He was tired, and the company")
    assert not looks_like_fiction(news)


def test_a_plain_text_novel_is_loaded_as_fiction(tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "news.txt").write_text(NEWS, encoding="utf-8")
    genres = {d.id.split("/")[-1]: d.genre for d in documents.load([str(tmp_path)])}
    assert genres == {"story": "fiction", "news": ""}


@pytest.mark.parametrize("text, quotes", [
    ("'Well?' said Tony. 'I don't know,' she said. 'What 'tis you mean?' he asked. 'Go.'",
     ["Well?", "I don't know,", "What 'tis you mean?", "Go."]),
    ("‘Well?’ said Tony. ‘I don’t know,’ she said. ‘What do you mean?’ he asked. ‘Go.’",
     ["Well?", "I don’t know,", "What do you mean?", "Go."]),
    # Double marks as the rule, single ones nested inside: nothing changes.
    ("“He said ‘no’ to me,” she said. “Then go,” he said. “Well?” she asked.",
     ["He said ‘no’ to me,", "Then go,", "Well?"]),
])
def test_dialogue_in_single_marks_reads_as_dialogue(text, quotes):
    assert [q.text for q in extract(Document("t", text, genre="fiction")).quotes] == quotes


def test_apostrophes_alone_make_no_quotes():
    text = "It's the boys' house, and they don't mind. 'Tis late; we're off 'round the corner."
    assert extract(Document("t", text)).quotes == ()
