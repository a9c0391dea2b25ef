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
