"""Tests for speaker identity: keys, and one key per person across documents."""
from __future__ import annotations

from collections import Counter

import pytest

from search.attribution import identity, names
from search.model import Document


def test_every_way_of_naming_trump_in_a_document_gets_one_key():
    text = "Donald J. Trump spoke first. Then Donald Trump left. Mr. Trump came back. Trump laughed."
    table = names.NameTable(text)
    keys = {identity.key_for(table.resolve(names.strip_titles(n)[1], len(text)))
            for n in ("Trump", "Mr. Trump", "Donald J. Trump", "Donald Trump")}
    assert keys == {"donald-trump"}


def test_a_bare_clinton_goes_to_the_clinton_the_document_names():
    assert names.NameTable("Bill Clinton spoke.").resolve("Clinton", 20) == "Bill Clinton"
    assert names.NameTable("Hillary Clinton spoke.").resolve("Clinton", 22) == "Hillary Clinton"


def test_a_first_name_alone_is_not_the_surname_of_a_word_before_it():
    text = "“You tell him, Jake.” Tell Jake what Robert calls you. Happy Julia! Rakeyia Scott said it."
    assert names.NameTable(text).resolve("Jake", len(text)) == "Jake"
    assert names.NameTable(text).resolve("Scott", len(text)) == "Rakeyia Scott"
    assert names.NameTable(text, fiction=True).resolve("Julia", len(text)) == "Julia"


def test_bill_and_hillary_clinton_keep_apart():
    assert identity.key_for("Bill Clinton") != identity.key_for("Hillary Clinton")
    merged = identity.merge_keys(Counter({("bill-clinton", "Bill Clinton"): 2, ("hillary-clinton", "Hillary Clinton"): 3,
                                          ("clinton", "Clinton"): 4}))
    assert merged["bill-clinton"][0] != merged["hillary-clinton"][0]
    assert merged["clinton"][0] == "clinton"  # two Clintons: a bare one is not guessed


@pytest.mark.parametrize("spelling", ["al Maksusi", "al-Maksusi", "Al-Maksusi", "Hatem al-Maksusi", "Hatem al Maksusi"])
def test_spellings_of_maksusi_merge_across_documents(spelling):
    counts = Counter({(identity.key_for(s), s): 1 for s in
                      ("al Maksusi", "al-Maksusi", "Al-Maksusi", "Hatem al-Maksusi", "Hatem al Maksusi")})
    merged = identity.merge_keys(counts)
    assert merged[identity.key_for(spelling)] == ("hatem-al-maksusi", "Hatem al-Maksusi")


def test_qasem_and_qassim_soleimani_merge_but_other_first_names_do_not():
    counts = Counter({("qasem-soleimani", "Qasem Soleimani"): 2, ("qassim-soleimani", "Qassim Soleimani"): 1,
                      ("ali-soleimani", "Ali Soleimani"): 1})
    merged = identity.merge_keys(counts)
    assert merged["qassim-soleimani"] == merged["qasem-soleimani"] == ("qasem-soleimani", "Qasem Soleimani")
    assert merged["ali-soleimani"][0] == "ali-soleimani"


def test_common_noun_keys_are_never_merged():
    merged = identity.merge_keys(Counter({("cable--abc123", "the cable"): 1, ("cable--def456", "the cable"): 1}))
    assert merged["cable--abc123"][0] != merged["cable--def456"][0]


def test_key_for_folds_case_accents_hyphens_and_middle_initials():
    assert identity.key_for("Donald J. Trump") == identity.key_for("donald trump") == "donald-trump"
    assert identity.key_for("José Martí") == "jose-marti"
    assert identity.key_for("") == "unknown"


def test_the_parts_of_one_story_are_one_work():
    def part(title: str, genre: str = "fiction") -> Document:
        return Document("d", "", title=title, authors=("Ernest Hemingway",), genre=genre)

    work = identity.work_of(part("The Sun Also Rises (part 3 of 45)"))
    assert work and work == identity.work_of(part("The Sun Also Rises, Chapter 20"))
    assert work == identity.work_of(part("The Sun Also Rises, Volume II, Chapter 3"))
    assert work != identity.work_of(part("A Farewell to Arms (part 3 of 40)"))
    assert identity.work_of(part("The Sun Also Rises", genre="news")) == ""
    assert identity.work_of(part("")) == identity.work_of(part("Chapter 3")) == ""


def test_a_narrator_a_part_leaves_unnamed_takes_the_name_the_other_parts_tell():
    narrator = identity.narrator_key("hemingway / the sun also rises")
    merged = identity.merge_keys(Counter({(narrator, ""): 5, (narrator, "Jake"): 2, (narrator, "Robert"): 1,
                                          ("jake", "Jake"): 4}))
    assert merged[narrator] == merged["jake"] == ("jake", "Jake")


def test_a_narrator_no_part_names_one_way_stays_nameless():
    narrator = identity.narrator_key("a work")
    assert identity.merge_keys(Counter({(narrator, ""): 5}))[narrator] == ("", "")
    tied = identity.merge_keys(Counter({(narrator, ""): 5, (narrator, "Jake"): 1, (narrator, "Mike"): 1}))
    assert tied[narrator] == ("", "")


def test_a_word_before_a_courtesy_title_is_no_part_of_the_name():
    text = "“Six years hence! Dear Miss Woodhouse, he would be thirty!” Poor Mr. Elton sighed. Miss Woodhouse smiled."
    table = names.NameTable(text, fiction=True)
    assert table.resolve("Woodhouse", len(text)) == "Woodhouse"
    assert table.resolve("Elton", len(text)) == "Elton"


def test_a_sentence_adverb_is_no_part_of_the_name_after_it():
    text = "She sighed. Therefore Marilla conceived it to be her duty. Nevertheless Anne smiled."
    table = names.NameTable(text, fiction=True)
    assert (table.resolve("Marilla", len(text)), table.resolve("Anne", len(text))) == ("Marilla", "Anne")
