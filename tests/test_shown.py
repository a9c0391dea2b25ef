"""Tests for the name shown: a name split from the titles, roles and words glued before it."""
from __future__ import annotations

import pytest

from search.attribution import shown
from search.attribution.shown import split_name
from search.extraction.extract import extract
from search.model import Document


@pytest.mark.parametrize("text, speaker, role", [
    ("Lt Col Alexander Vindman said: “I was worried about the call.”", "Alexander Vindman", "Lt Col"),
    ("Spokeswoman Jessica Ditto said: “We will win this year.”", "Jessica Ditto", "Spokeswoman"),
    ("Rival Hillary Clinton said: “We will win this year.”", "Hillary Clinton", "Rival"),
    ("“We believe that justice has been served,” said U.S. Attorney Nealy Cox.", "Nealy Cox", "U.S. Attorney"),
    ("Supreme Court Justice Ruth Bader Ginsburg said: “We will decide.”", "Ruth Bader Ginsburg",
     "Supreme Court Justice"),
    ("Singer-guitarists Tom Johnston and Pat Simmons toured.\n\n“We are excited,” Johnston said.", "Tom Johnston",
     "Singer-guitarists"),
    # Whose person someone is ("The Blaze’s", "Fox's") stands before the name.
    ("The Blaze’s Matt Walsh provided a justification: “Remember their names.”", "Matt Walsh", "The Blaze’s"),
    ("“The bullying,” said Fox's Chris Wallace.", "Chris Wallace", "Fox's"),
    ("“We will grow,” McDonald’s Corp said.", "McDonald’s Corp", ""),  # no first name after it: a company's name
])
def test_a_name_is_split_from_the_words_before_it(text, speaker, role):
    quote = [q for q in extract(Document("t", text)).quotes if q.speaker][0]
    assert (quote.speaker, quote.role) == (speaker, role)


@pytest.mark.parametrize("name, text, split", [
    ("Both Johnson", "Both Johnson and Corbyn spoke. Polls favour Johnson now, and both know it.", ("Both", "Johnson")),
    ("Day-by-day Schiff", "Day-by-day Schiff lost. The vote went to Schiff day by day.", ("Day-by-day", "Schiff")),
    ("IL-25. Locksley", "a signal called IL-25. Locksley and von Moltke used a tag.", ("IL-25.", "Locksley")),
    ("Wee. The CDC", "reports Wee. The CDC assured the public.", ("Wee.", "The CDC")),
    ("Britain Liu Xiaming", "the ambassador to Britain Liu Xiaming spoke.", ("Britain", "Liu Xiaming")),
    # What must stay whole: an organisation, a place, a name the text never writes apart, initials.
    ("New York Times", "the new plan, says the New York Times.", ("", "New York Times")),
    ("New York", "in New York, a new plan.", ("", "New York")),
    ("Joseph R. Biden", "Joseph R. Biden spoke.", ("", "Joseph R. Biden")),
    ("Dick Clark Productions", "Dick Clark Productions denies it.", ("", "Dick Clark Productions")),
    ("Martin Luther King", "Martin Luther King spoke.", ("", "Martin Luther King")),
])
def test_split_name_uses_the_first_name_list_and_the_document(name, text, split):
    assert split_name(name, text) == split


@pytest.mark.parametrize("text", [
    "Video: “We got her!”",  # a media word before a colon is a caption, not a speaker
    "Getty Images Image: “We got her!”",
    "One campaign video featured adults declaring, “I’m on meth.” Only one did.",  # a sentence's first word
])
def test_media_words_and_sentence_openers_are_never_speakers(text):
    assert extract(Document("t", text)).quotes[0].speaker == ""


def test_a_name_the_text_capitalises_inside_a_sentence_stays_a_speaker():
    text = "Rose said: “We will win this year.” Prices rose, and we met Rose later."
    assert extract(Document("t", text)).quotes[0].speaker == "Rose"


@pytest.mark.parametrize("name, never", [
    ("Alexandria Ocasio-CortezAlexandria Ocasio-CortezSanders", True),  # link cards run into each other
    ("Ilhan OmarIlhan Omar", True),
    ("John McCain", False), ("Tom DeLay", False), ("Jo-Anne MacDonald", False),  # capitals inside real names
])
def test_a_name_run_into_itself_is_page_furniture(name, never):
    assert shown.never_a_speaker(name, "") is never


def test_an_initial_after_a_first_name_is_no_courtesy_title():
    quote = extract(Document("t", "John M. Ford wrote books. “It is hard,” Ford said.")).quotes[0]
    assert quote.speaker == "John M. Ford"


def test_a_name_that_is_the_whole_of_a_quote_is_a_title_not_a_full_name():
    text = "He performed a live show called “Ask Dr. Mike” at conventions. “No,” Mike said."
    assert [q.speaker for q in extract(Document("t", text)).quotes] == ["", "Mike"]
