"""Tests for whose words a quote was, told by the words after it."""
from __future__ import annotations

import pytest

from search.extraction.extract import extract
from search.model import Document


def spoken(text: str) -> list[tuple[str, str]]:
    """Return (kind, speaker) of every quote of `text`."""
    return [(q.kind, q.speaker) for q in extract(Document("t", text)).quotes]


def test_was_how_someone_put_it_names_the_speaker():
    text = ("The two had married in a Klingon ceremony. (“The Klingon Empire has decided that we should formalize our "
            "relationship,” was how Ford described it to friends.)")
    assert spoken(text) == [("direct", "Ford")]


def test_a_view_named_in_the_next_sentence_is_that_persons():
    text = ("The merger will create a stronger and “more viable” news enterprise “with deep local roots and national "
            "scale.”\n\nThat’s the optimistic view mouthed by Michael Reed, the CEO of New Media Investment Group.")
    assert spoken(text) == [("partial", "Michael Reed"), ("partial", "Michael Reed")]
    text = "Mr. Obama promised “a new beginning.” Those were the words of a hopeful man, said Jane Roe."
    assert spoken(text)[0][1] != "Jane Roe"


@pytest.mark.parametrize("text", [
    "The merger will create a “more viable” enterprise. That’s the plan of Gannett, which owns it.",
    "They sang “Black Water” at the show. That was the song of the summer for Simmons.",
    "“The deal is done,” was how it looked.",
])
def test_what_names_no_speaker_after_a_quote_gives_none(text):
    assert all(speaker == "" for _, speaker in spoken(text))
