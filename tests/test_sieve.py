"""Tests for the sieve: the reading rules in one order, their names one enumeration with calibration."""
from __future__ import annotations

import json
from importlib import resources

import pytest

from search.attribution import inherit, sieve
from search.attribution.rule_names import Rule
from search.attribution import attribute
from search.text.paragraphs import split
from search.text.quotes import find
from search.extraction.extract import extract
from search.model import Document


def test_every_rule_of_the_sieve_is_one_function_in_one_order():
    names = [rule.__name__ for rule in sieve.SIEVE]
    assert len(names) == len(set(names))
    assert names.index("cue_after") < names.index("cue_before") < names.index("fragment")
    assert [step.__name__ for step in inherit.INHERITANCE][0] == "_chains"


def test_calibration_counts_only_rules_the_enumeration_names():
    table = json.loads(resources.files("search").joinpath("data", "calibration.json").read_text(encoding="utf-8"))
    rules = {key.split("|")[1] for key in table["buckets"] if key.count("|") >= 1}
    assert rules - {"-"} <= {r.value for r in Rule}


def rules_of(text: str) -> list[str]:
    """Return the rule each quote of `text` is attributed by, "" for none."""
    paras = split(text)
    spans = find(text, paras)
    found = attribute("t", text, paras, spans)
    return [found[s].rule if s in found else "" for s in spans]


@pytest.mark.parametrize("text, rule", [
    ("“We will win the election this year,” Smith said.", Rule.CUE_AFTER),
    ("Smith said: “We will win the election this year.”", Rule.CUE_BEFORE),
    ("Bush: “The mission is to destroy them.”", Rule.LABEL),
    ("“Mr. Trump has empowered them.” ― Sonya Herridge", Rule.SIGNATURE),
    ("“Yes,” was Edmund's only reply.", Rule.OWNER),
    ("The bill was called “a disaster for every family” by Senator Jane Smith.", Rule.PASSIVE),
    ("Or maybe Jeb Bush, consultant Phil Musser says. “Several surveys suggest a second look.”",
     Rule.CUE_ENDS_SENTENCE),
    ("The premier cheered on the “historic” move.", Rule.FRAGMENT),
])
def test_each_construction_is_read_by_its_rule(text, rule):
    assert rules_of(text)[0] == rule


def test_a_quote_no_rule_reads_has_no_rule():
    assert rules_of("It was a “long day” in the city.") == [""]


@pytest.mark.parametrize("text, speaker", [
    # "as X said", "as X dubbed it" after a quote: the name after "as" speaks.
    ("Perhaps there is hope, since the “new Gannett,” as Reed dubbed the combination, will have heft.", "Reed"),
    ("The vote was “a triumph for democracy,” as Senator Jane Smith said.", "Jane Smith"),
    ("The vote was “a triumph,” as Congress voted it.", ""),  # a verb that neither says nor names
    ("It was “the best,” as always.", ""),  # no name after "as"
    ("It was “the best,” as Trump.", ""),  # no verb after the name
])
def test_as_after_a_quote_names_its_speaker(text, speaker):
    quote = extract(Document("t", text)).quotes[0]
    assert quote.speaker == speaker


@pytest.mark.parametrize("text, speaker, kind", [
    # A verb of belief credits the fragment to its subject, as a verb of stance does.
    ("The cells appeared after the flu, which made Vaughan believe that he and Herbert were “basically seeing a "
     "cell type where it is not supposed to be.”", "Vaughan", "partial"),
    ("Many believe the “deep state” is real.", "", "scare"),  # no one named believes it
])
def test_a_fragment_after_a_verb_of_belief_is_the_believer_s(text, speaker, kind):
    quote = extract(Document("t", text)).quotes[0]
    assert (quote.speaker, quote.kind) == (speaker, kind)


def _speakers(text: str, genre: str = "fiction") -> list[str]:
    return [q.speaker for q in extract(Document("t", text, genre=genre)).quotes]


def test_a_line_its_sentence_introduces_with_a_colon_is_that_sentence_s():
    text = ("When Miss Harris returned and cheerfully inquired: “Anything else tonight, Mr. Cuthbert?” "
            "Matthew took his courage in both hands and said: “Well now, since you mention it, I might.”")
    assert _speakers(text) == ["Harris", "Matthew"]


def test_a_cue_right_after_a_line_still_names_its_speaker_after_a_colon():
    text = "The statement said this of the workplace: “Our progress has opened the door,” said the union."
    assert _speakers(text, genre="") == ["the union"]
