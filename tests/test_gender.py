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


def test_the_first_names_answer_as_gender_guesser_does_and_are_kept_for_the_next_run(tmp_path, monkeypatch):
    from gender_guesser.detector import Detector

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    theirs = Detector(case_sensitive=False)
    first = gender._cached_answers()
    assert list(tmp_path.glob("quote-search/first-names-*.json"))
    assert gender._cached_answers() == first  # read back from the cache
    assert len(first) == len(theirs.names)
    assert all(first[name] == theirs.get_gender(name) for name in list(theirs.names)[::50])
    assert first["donald"] == "male" and first["hillary"] == "female"


def test_a_damaged_cache_is_read_afresh(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    gender._cached_answers()
    (cache,) = tmp_path.glob("quote-search/first-names-*.json")
    cache.write_text('{"donald": "fe')
    assert gender._cached_answers()["donald"] == "male"
    cache.write_text('["not", "a", "table"]')
    assert gender._cached_answers()["donald"] == "male"


def test_an_unwritable_cache_costs_only_time(tmp_path, monkeypatch):
    (tmp_path / "quote-search").write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert gender._cached_answers()["donald"] == "male"
