"""Tests for composing paragraphs, quotes and speakers into one extraction per document."""
from __future__ import annotations

from search.attribution.identity import speaker_key
from search.extraction.extract import extract, extract_corpus, normalise, quote_id
from search.model import Document


def quotes(text: str, doc: str = "t"):
    return extract(Document(doc, text)).quotes


def test_offsets_point_at_the_quoted_words():
    text = "Intro.\n\n“We will win this,” Smith said. He added: “And we will win again.”"
    for quote in quotes(text):
        assert text[quote.start:quote.end] == quote.text
        assert text[quote.speaker_start:quote.speaker_end] in ("Smith", "He")


def test_a_new_quoted_sentence_after_an_attributed_one_keeps_the_speaker():
    text = "“This policy has failed,” the cable said. “And groups who fought it now want help.”"
    found = quotes(text)
    assert [q.speaker for q in found] == ["the cable", "the cable"]
    assert [q.kind for q in found] == ["direct", "direct"]


def test_a_quote_running_over_paragraphs_keeps_its_speaker():
    text = "Jones said: “The first part of it is here.\n\n“And the second part is here too.”"
    found = quotes(text)
    assert [q.speaker for q in found] == ["Jones", "Jones"]
    assert [q.paragraph for q in found] == [1, 2]


def test_a_paragraph_that_is_only_a_quote_takes_the_attribution_around_it():
    text = ("One of the cables noted the damage:\n\n"
            "“As a result of these operations, families have been driven away.”\n\n"
            "“In all the areas where they go, the people flee,” it said.")
    found = quotes(text)
    assert (found[0].speaker, found[0].cue) == ("One of the cables", "noted")
    assert (text[found[1].speaker_start:found[1].speaker_end], found[1].speaker) == ("it", "One of the cables")


def test_a_quote_only_paragraph_with_nobody_around_has_no_speaker():
    text = "The weather was fine.\n\n“We are here to stay, whatever anybody says to us.”\n\nThe end."
    assert quotes(text)[0].speaker == ""


def test_a_word_alone_in_quotes_does_not_inherit_a_speaker():
    text = "“We are ready,” Jones said.\n\n“Related”:\n\nMore news."
    assert [q.speaker for q in quotes(text)][1:] == [""]


def test_scare_quotes_carry_no_speaker_even_when_one_is_near():
    found = quotes("Smith said the so-called “resistance” was weak.")
    assert all(q.speaker == "" and q.speaker_start is None for q in found if q.kind == "scare")


def test_quote_ids_come_from_document_words_and_occurrence():
    text = "“Yes we can,” he said. Later: “Yes, we can!” she said."
    first, second = quotes(text)
    assert (first.occurrence, second.occurrence) == (1, 2)
    assert first.id == quote_id("t", "yes we can", 1)
    assert second.id == quote_id("t", "yes we can", 2)
    assert first.id != second.id
    assert quotes(text, doc="other")[0].id != first.id


def test_ids_are_stable_across_runs():
    text = "“We will win,” Smith said."
    assert quotes(text)[0].id == quotes(text)[0].id


def test_normalise_ignores_case_punctuation_and_spacing():
    assert normalise("  Yes,  WE can! ") == normalise("yes we can") == "yes we can"


def test_proper_names_share_keys_and_common_nouns_stay_in_their_document():
    assert speaker_key("Hatem al-Maksusi", "a") == "hatem-al-maksusi"
    assert speaker_key("New York Times", "a") == "new-york-times"
    cable_a = speaker_key("the cable", "a")
    cable_b = speaker_key("the cable", "b")
    assert cable_a.startswith("cable--") and cable_a != cable_b
    assert speaker_key("The prime minister’s office", "a") != \
        speaker_key("The prime minister’s office", "b")


def test_a_document_without_quotes_has_paragraphs_and_no_quotes():
    extraction = extract(Document("t", "Just a report.\n\nNothing quoted here, it’s Iran’s call."))
    assert len(extraction.paragraphs) == 2 and extraction.quotes == ()


def test_a_quote_only_paragraph_after_an_introducing_sentence_takes_its_subject():
    text = ("When Wallace died, President Clinton released the following statement:\n\n"
            "“Hillary and I offer our condolences to the family and friends of George Wallace.”")
    quote = quotes(text)[0]
    assert (quote.speaker, quote.role) == ("Clinton", "President")


def test_a_quote_only_paragraph_after_reported_speech_takes_its_speaker():
    text = ("Ash Carter said that critics had long predicted a withdrawal from the region.\n\n"
            "“That is because this region remains the most consequential for our future.”")
    assert quotes(text)[0].speaker == "Ash Carter"


def test_a_continuation_skips_a_title_between_it_and_the_attributed_quote():
    text = ("“It is crazy,” said Jon Meacham, the author of “Destiny and Power,” a biography.\n\n"
            "“The lesson of 2016 is that none of the old rules apply.”")
    found = quotes(text)
    assert [q.speaker for q in found] == ["Jon Meacham", "", "Jon Meacham"]


def test_a_noun_that_can_be_a_cue_does_not_introduce_the_next_paragraph():
    text = ("Valastro praised his ability to get things done in a heavily Democratic state.\n\n"
            "“We need someone who is going to cut through it and bring people together.”")
    assert quotes(text)[0].speaker != "Democratic"


def test_a_part_of_a_story_takes_the_narrator_named_in_another_part():
    def part(doc: str, title: str, text: str) -> Document:
        return Document(doc, text, title=title, authors=("Ernest Hemingway",), genre="fiction")

    names_him = ("“Come in,” I called.\n\n“Hello, Jake. Have a good trip?” Robert asked.\n\n“Fine,” I said.\n\n"
                 "“Jake, tell him about the bulls,” Mike called.\n\n“Later,” I said.")
    nameless = "“Where are you going?” Bill asked.\n\n“To the café,” I said.\n\n“I'll come along,” said Bill."
    found = {e.document.id: e.quotes for e in extract_corpus([
        part("one", "The Sun Also Rises (part 3 of 45)", names_him),
        part("two", "The Sun Also Rises (part 20 of 45)", nameless),
        part("other", "Another Story (part 1 of 2)", nameless)])}
    assert [q.speaker for q in found["two"]] == ["Bill", "Jake", "Bill"]
    assert found["two"][1].speaker_key == found["one"][0].speaker_key and found["two"][1].confidence is not None
    assert [q.speaker for q in found["other"]] == ["Bill", "", "Bill"]
    assert found["other"][1].speaker_key == "" and found["other"][1].confidence is None
    assert extract(part("two", "The Sun Also Rises (part 20 of 45)", nameless)).quotes[1].speaker_key == ""
