"""Tests for the candidates a story's quote may be spoken by, and the evidence each comes with."""
from search.attribution import attribute
from search.text import paragraphs, quotes

STORY = ("Brenda was reading in bed when Tony came in.\n\n“Well?” said Tony.\n\n“Kiss.”\n\n"
         "He sat by the tray at the head of the bed.\n\n“Anything interesting, Brenda?”\n\n“No.”")


def proposed(text: str, genre: str = "fiction") -> dict:
    paras = paragraphs.split(text)
    spans = quotes.find(text, paras)
    out: dict = {}
    attribute("t", text, paras, spans, genre, proposed=out, weights=[])
    return {text[s.start:s.end]: {c.name: c.features for c in cands} for s, cands in out.items()}


def test_a_bare_line_has_both_people_of_the_conversation_as_candidates():
    kiss = proposed(STORY)["Kiss."]
    assert {"Tony", "Brenda"} <= set(kiss)
    assert kiss["Tony"]["prev1:cue"] == 1.0  # Tony spoke the line before, by a cue of his own
    assert "rules" in kiss["Brenda"]  # the rules' alternation gave it to Brenda


def test_a_line_whose_own_cue_names_its_speaker_has_no_candidates():
    assert "Well?" not in proposed(STORY)  # “Well?” said Tony: no weight outvotes the text


def test_the_one_spoken_to_in_a_line_and_in_the_line_before_is_told():
    found = proposed(STORY)
    assert found["Anything interesting, Brenda?"]["Brenda"]["addressed-own"] == 1.0
    assert found["No."]["Brenda"]["addressed-prev1"] == 1.0


def test_the_narration_before_a_line_proposes_who_acts_in_it():
    line = proposed(STORY)["Anything interesting, Brenda?"]
    assert line["Tony"]["narration-first"] == 1.0  # "He sat by the tray": he is Tony


def test_news_and_a_story_without_people_propose_no_one():
    assert proposed("The river rose. “Fire!” The house burned.", genre="") == {}
    assert proposed("“Fire!”\n\nThe house burned to the ground.") == {}
