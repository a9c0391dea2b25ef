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


def test_who_spoke_the_turns_before_and_who_was_spoken_to_are_told():
    story = ("Harris and Bill were fishing by the dam.\n\n“What day is it?” said Bill to Harris.\n\n"
             "“Wednesday, I think.”\n\n“We have to go,” said Bill.\n\n“What rotten luck for me.”")
    found = proposed(story)
    assert found["Wednesday, I think."]["Harris"]["prev1-object"] == 1.0  # "said Bill to Harris": Harris answers
    luck = found["What rotten luck for me."]
    assert luck["Bill"]["spoke-last"] == 1.0 and luck["Harris"]["takes-turn"] == 1.0


def test_a_line_cued_by_a_description_is_weighed_and_a_name_cue_is_not():
    story = ("Oliver and Bumble sat by the fire.\n\n“What do you want?” said the stranger.\n\n"
             "“Nothing,” said Bumble.\n\n“I know what you are, Bumble.”")
    found = proposed(story)
    assert "Nothing," not in found
    stranger = found["What do you want?"]
    assert "rules:unnamed|description" in stranger["the stranger"]  # known here only by what he is
    assert {"Oliver", "Bumble"} <= set(stranger)
    line = found["I know what you are, Bumble."]
    assert line["Bumble"]["named-inside"] == 1.0 and "named-inside" not in line["Oliver"]
