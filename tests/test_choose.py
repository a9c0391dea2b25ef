"""Tests for the learned choice of a story's speakers among their candidates, with the shipped weights."""
import json
from importlib import resources

from search.attribution import Speaker, attribute, choose
from search.attribution.candidates import Candidate
from search.extraction.extract import extract
from search.model import Document
from search.text import paragraphs, quotes

from .test_candidates import STORY


def speakers(text: str, genre: str = "fiction", weights=None) -> dict[str, str]:
    paras = paragraphs.split(text)
    spans = quotes.find(text, paras)
    found = attribute("t", text, paras, spans, genre, weights=weights)
    return {text[s.start:s.end]: who.name for s, who in found.items()}


def test_the_shipped_weights_load_and_match_their_feature_list():
    data = json.loads(resources.files("search").joinpath("data", choose.FILE).read_text(encoding="utf-8"))
    assert data["stages"] and choose.stages() == choose.load(json.dumps(data))
    for stage in data["stages"]:
        assert len(stage["features"]) == len(stage["weights"]) > 20
        assert stage["features"] == sorted(set(stage["features"]))
    # Every feature the candidates of a story carry has a weight: the file is not older than the code.
    paras = paragraphs.split(STORY)
    out: dict = {}
    attribute("t", STORY, paras, quotes.find(STORY, paras), "fiction", proposed=out, weights=[])
    emitted = {f for cands in out.values() for c in cands for f in c.features}
    assert emitted <= set(data["stages"][0]["features"])


def test_the_highest_scoring_candidate_speaks():
    def make(name, mention, rule):
        return Speaker(mention, "", "person", name, rule=rule)

    line = object()
    found = {line: [Candidate("Tony", {"rules": 1.0}), Candidate("Brenda", {"beat": 1.0})]}
    said = {line: Speaker(None, "", "person", "Tony", rule="alternation")}
    choose.apply(found, said, make, {"beat": 2.0, "rules": 1.0})
    assert said[line].name == "Brenda" and said[line].rule == "learned" and said[line].chance > 0.5
    choose.apply(found, said, make, {"beat": 1.0, "rules": 2.0})
    assert said[line].name == "Tony"


def test_a_lone_line_after_narration_is_spoken_by_the_one_who_acts_in_it():
    text = "Brenda walked slowly down to the stables in the rain.\n\n“What a horrid day it is.”"
    assert speakers(text, weights=[]) == {}  # no conversation, no cue: the rules name no one
    assert speakers(text) == {"What a horrid day it is.": "Brenda"}


def test_two_people_still_take_turns():
    text = ("Tony looked up from his paper when Brenda came in.\n\n“You are early,” he said.\n\n“The train was fast.”"
            "\n\n“Did you see Jock?”\n\n“Only for a moment.”")
    assert list(speakers(text).values()) == ["Tony", "Brenda", "Tony", "Brenda"]


def test_a_story_line_with_no_one_to_speak_it_stays_without_a_speaker():
    assert speakers("“Fire!”\n\nThe house burned to the ground.") == {}
    # In news, a quote without a cue takes no candidate's name.
    assert extract(Document("t", "The river rose. “Fire!” The house burned.")).quotes[0].speaker == ""


def test_no_weights_leave_the_rules_answer():
    assert speakers(STORY, weights=[]) == speakers(STORY, weights=[{"unknown-feature": 3.0}])

