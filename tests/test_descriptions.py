"""Tests for linking a description ("said the actor") to the person the document names."""
from __future__ import annotations

import pytest

from search.extraction.extract import extract
from search.model import Document


def shown(text: str) -> list[tuple[str, str]]:
    """Return the name shown and the role of every quote of `text`."""
    return [(q.speaker, q.role) for q in extract(Document("t", text)).quotes]


def test_a_bare_description_right_after_a_named_speaker_is_that_speaker():
    text = ("“We lost the baby,” Van Der Beek said.\n\n"
            "“You never know why these things happen,” said the actor. “It makes you more human.”")
    assert shown(text) == [("Van Der Beek", ""), ("Van Der Beek", "the actor"), ("Van Der Beek", "the actor")]


@pytest.mark.parametrize("text", [
    # Someone else named in between: the description may be them.
    "“It works,” Trump said.\n\nHe said Barack Obama was ready. As a phone rang, the announcer said, “Who is it?”",
    # A writing speaks for itself.
    "“We will reconsider,” Keron Blair said.\n\n“Our support is not abstract,” the letter reads.",
    # An office or a generic person may be anyone the text names.
    "“We will win,” Hillary Clinton said.\n\n“It is over,” the official said.",
    # A body's noun never stands for a person.
    "“Cuts are coming,” Ken Doctor said.\n\n“The layoffs are small,” the company said.",
])
def test_a_bare_description_stays_itself_when_the_speaker_before_may_not_be_it(text):
    assert shown(text)[-1][0].startswith("the ")
