"""Tests for the confidence of an attribution: buckets, shrinking small buckets, the shipped table."""
from __future__ import annotations

import math

from search.attribution import confidence
from search.extraction.extract import extract
from search.model import Document, Mention


def test_buckets_name_the_kind_of_text_rule_mention_and_clarity():
    pronoun = Mention(0, 2, "he", pronoun=True)
    assert confidence.features("", "cue-after", pronoun, math.inf) == ("news", "cue-after", "pronoun", "alone")
    assert confidence.features("fiction", "alternation", None, None) == ("fiction", "alternation", "none", "-")
    named = Mention(0, 5, "Smith", name="Smith")
    assert confidence.features("", "cue-before", named, None)[2] == "name"


def test_a_small_bucket_is_shrunk_toward_the_broader_one():
    table = {"": (90, 100), "news": (90, 100), "news|cue-after": (2, 2)}
    tiny = confidence.score(("news", "cue-after"), table)
    assert 0.9 < tiny < 1.0  # two right out of two is not certainty


def test_no_table_gives_no_confidence():
    assert confidence.score(("news", "x"), {}) is None


def test_a_named_speaker_after_said_is_more_certain_than_a_guessed_turn():
    named = extract(Document("t", "“We will win the state,” said Senator Jane Smith.")).quotes[0]
    text = "Brenda was reading when Tony came in.\n\n“Well?” said Tony.\n\n“Kiss.”\n\n“Anything?”\n\n“No.”"
    guessed = extract(Document("t", text, genre="fiction")).quotes
    assert named.confidence >= 0.9
    assert [q.speaker for q in guessed] == ["Tony", "Brenda", "Tony", "Brenda"]
    assert guessed[0].confidence > guessed[-1].confidence


def test_a_quote_with_no_name_shown_has_no_confidence():
    assert extract(Document("t", "“We will win the state,” she said.")).quotes[0].confidence is None


def test_a_name_chosen_by_fitted_weights_is_bucketed_by_the_chance_they_gave_it():
    assert confidence.features("fiction", "learned", None, None, 0.7)[1:] == ("learned", "none", "likely")
    assert confidence.features("fiction", "learned", None, None, 0.3)[3] == "unlikely"
    assert confidence.features("fiction", "alternation", None, None, 0.7)[3] == "-"  # the rules' own answer
