"""Tests for telling a person's gender from titles, nouns, pronouns and first names."""
from __future__ import annotations

from search.attribution import gender


def test_titles_and_nouns_tell_the_gender():
    assert [gender.of_word(w) for w in ("Mr.", "Mrs", "congresswoman", "spokesman", "senator")] == ["m", "f", "f", "m", ""]


def test_pronouns_ask_for_a_gender():
    assert [gender.of_pronoun(w) for w in ("he", "Her", "they", "it")] == ["m", "f", "", ""]


def test_first_names_known_for_one_gender_tell_it_and_shared_ones_do_not():
    assert gender.of_first_name("Donald") == "m"
    assert gender.of_first_name("Hillary") == "f"
    assert gender.of_first_name("Bernie") == ""  # mostly one gender is not enough
    assert gender.of_first_name("Trump") == ""
    assert gender.of_first_name("x") == ""


def test_agreement_allows_the_unknown():
    assert gender.agrees("m", "") and gender.agrees("", "f") and not gender.agrees("m", "f")


def test_the_name_list_reads_as_gender_guesser_itself_reads_it():
    from gender_guesser.detector import Detector

    ours = gender._detector_class()(case_sensitive=False)
    assert ours.names == Detector(case_sensitive=False).names
