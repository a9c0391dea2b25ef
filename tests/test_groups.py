import pytest

from search.index.groups import Grouper, same_quote, tokens

MAKSUSI_LONG = ("We are at your service…We are Shia and have a common enemy…All of the Iraqi Army’s intelligence – "
                "consider it yours. Tell me whatever you need and I will guarantee it for you.")
MAKSUSI_SHORT = "all of the Iraqi Army’s intelligence — consider it yours."


def grouped(*texts):
    with Grouper() as g:
        for i, text in enumerate(texts):
            g.add(f"q{i}", text)
        return g.groups()


def test_tokens_ignore_case_marks_dashes_and_ellipses():
    assert tokens("“All of the Army’s – intelligence…”") == tokens("all of the army's — intelligence ...")


def test_the_seed_quotes_of_maksusi_group():
    groups = grouped(MAKSUSI_LONG, MAKSUSI_SHORT)
    assert groups["q0"] == groups["q1"] == ("q0", 2)


@pytest.mark.parametrize("a, b", [
    ("We are going to build a great wall and Mexico is going to pay for it",
     "we’re going to build a great wall, and Mexico is going to pay for it"),  # apostrophe and comma
    ("We are going to build a great wall and Mexico is going to pay for it",
     "We are going to build a great wall… Mexico is going to pay for it"),  # ellipsis for a dropped word
    ("I have never seen anything like it in all my years of public service, and I have seen a lot",
     "I have never seen anything like it in all my years of public service"),  # truncation
])
def test_variants_of_one_quote_group(a, b):
    assert len(grouped(a, b)) == 2


@pytest.mark.parametrize("a, b", [
    ("We will not back down from this fight for our country", "We will not raise taxes on middle class families"),
    ("The American people deserve better than this broken system", "The American people are tired of the lies"),
    ("I will be the president of the united states", "He is not fit to be the president of the united states"),
    ("short quote here", "short quote here"),  # too short to prove anything
])
def test_near_misses_stay_apart(a, b):
    assert grouped(a, b) == {}


def test_groups_are_transitive_and_keyed_stably():
    base = "the economy is strong and getting stronger every single day for working families"
    groups = grouped(base, base.upper(), "the economy is strong and getting stronger every single day")
    assert {k for k, _ in groups.values()} == {"q0"} and len(groups) == 3


def test_same_quote_needs_most_of_the_shorter():
    a = tokens("one two three four five six seven eight nine ten")
    assert same_quote(a, a[:7])
    assert not same_quote(a, a[:5])
