"""Tests for finding quoted spans and telling direct, partial and scare quotes apart."""
from __future__ import annotations

import pytest

from search.extraction.extract import extract
from search.model import Document
from search.text.paragraphs import split
from search.text.quotes import find, looks_like_title


def spans(text: str) -> list[str]:
    """Return the words of every quoted span of `text`."""
    return [text[s.start:s.end] for s in find(text, split(text))]


def kinds(text: str) -> list[tuple[str, str]]:
    """Return (words, kind) for each quote the extractor finds in `text`."""
    return [(q.text, q.kind) for q in extract(Document("t", text)).quotes]


@pytest.mark.parametrize("text, words", [
    ("He said “we will win” today.", "we will win"),
    ('He said "we will win" today.', "we will win"),
    ("He said ''we will win'' today.", "we will win"),
    ("He said ‘we will win’ today.", "we will win"),
    ("He said «we will win» today.", "we will win"),
])
def test_every_kind_of_quote_mark_opens_and_closes_a_quote(text, words):
    assert spans(text) == [words]


@pytest.mark.parametrize("text", [
    "Iran’s agents met MOIS’ officers.",
    "They played rock ’n’ roll all night.",
    "It was the Joneses’ house, wasn't it? Don’t go.",
    "The ’90s were different.",
])
def test_apostrophes_make_no_quote(text):
    assert spans(text) == []


@pytest.mark.parametrize("text", [
    "He said “this never closes",
    "He said ”this opened wrong",
    "“",
    "”",
    "''",
    "He said “one “two” three",
    "‘ ’ ‘",
    "a ” b “ c",
])
def test_unbalanced_marks_never_crash_and_stay_inside_the_text(text):
    for quote in extract(Document("t", text)).quotes:
        assert text[quote.start:quote.end] == quote.text
        assert quote.text.strip()


def test_a_quote_left_open_carries_on_into_a_paragraph_that_opens_with_a_mark():
    text = "“First part of it.\n\n“Second part of it,” she said."
    found = find(text, split(text))
    assert [text[s.start:s.end] for s in found] == ["First part of it.", "Second part of it,"]
    assert found[0].open_ended and found[1].continues


def test_a_misdirected_closing_mark_still_closes_the_quote():
    text = "“We can win here,“ said Jim Clyburn, a congressman."
    assert spans(text) == ["We can win here,"]


def test_a_closing_mark_at_the_start_of_a_paragraph_opens_a_quote():
    text = "”Mr. Trump has empowered them. He divides us.” ― Sonya Herridge"
    assert spans(text) == ["Mr. Trump has empowered them. He divides us."]


def test_single_quotes_inside_double_quotes_stay_inside():
    text = "“He told me ‘no way’ twice,” she said."
    assert spans(text) == ["He told me ‘no way’ twice,"]


@pytest.mark.parametrize("quote, expected", [
    ("Fox News Sunday", True),
    ("Meet the Press.", True),
    ("The Art of the Deal", True),
    ("we will win", False),
    ("Stop. Now. Please. Go.", False),
])
def test_titles_read_as_titles(quote, expected):
    assert looks_like_title(quote) is expected


def test_a_show_title_is_scare_even_next_to_a_speaker():
    assert kinds("“It is over,” Trump told NBC’s “Today” on Monday.") == [
        ("It is over,", "direct"), ("Today", "scare")]


def test_a_term_nobody_says_is_scare():
    assert kinds("The so-called “resistance” met again in public.") == [("resistance", "scare")]


def test_a_fragment_inside_the_reporter_s_sentence_is_partial():
    assert kinds("The senator said the bill was “a disaster for every family” in the state.") == [
        ("a disaster for every family", "partial")]


def test_a_sentence_is_direct():
    assert kinds("“We are ready for the vote,” the senator said.") == [("We are ready for the vote,", "direct")]


def test_an_exclamation_is_spoken_not_a_title():
    assert kinds("She declared “What a Super Tuesday!” to the crowd.")[0][1] != "scare"


def test_a_long_sentence_in_quotes_is_someone_s_words_even_with_nobody_named():
    text = ("MARKETS FALL “China’s slowdown and financial mayhem are fostering a cycle of decline and panic "
            "across much of the world.”")
    assert kinds(text)[0][1] != "scare"


def test_a_short_unattributed_fragment_mid_sentence_is_scare():
    assert kinds("Officials blamed a “bad earpiece” for the delay.") == [("bad earpiece", "scare")]


def test_a_short_sentence_announced_by_a_colon_is_not_scare():
    assert kinds("Obama has a new campaign message: “It’s about me.”")[0][1] != "scare"


def test_a_sung_line_with_a_contraction_is_not_a_title():
    assert kinds("The band leader called them to the stage, singing “It’s Our Time.”")[0][1] != "scare"


def test_a_straight_quote_right_after_a_colon_or_full_stop_opens():
    assert spans('Rep. Trey Gowdy:"Who told you that figure?" he asked.') == ["Who told you that figure?"]
    assert spans('said the owner."We got deceived into coming here."') == ["We got deceived into coming here."]


def test_an_invisible_direction_mark_before_a_closing_mark_at_a_paragraph_start():
    assert spans("\u202a”Sorry Sarah, you should have said it!” posted Sharon Geyer.") == [
        "Sorry Sarah, you should have said it!"]


def test_a_title_after_of_is_scare_even_with_a_contraction():
    assert kinds("He is the host of “Here’s the Thing” and said “we are done here for today.”")[0][1] == "scare"


def test_a_nickname_inside_a_name_is_no_quote_of_anyone():
    text = "Scott's niece, state Del. Marcia “Cia” Price (D-Newport News), shouted to the crowd."
    assert kinds(text) == [("Cia", "scare")]


def test_a_book_title_after_a_comma_is_a_title():
    text = "In his 2002 book, ''Make Your Kid a Millionaire,'' Mr. McKinley suggested cutting costs."
    assert kinds(text) == [("Make Your Kid a Millionaire,", "scare")]


def test_a_quote_inside_a_quote_typed_with_the_same_marks_stays_inside():
    text = "“As a young woman, I'd rather live in what he calls “hell” than live where he is president.” ― Ana Ruiz"
    quotes = extract(Document("t", text)).quotes
    assert [q.text for q in quotes] == [
        "As a young woman, I'd rather live in what he calls “hell” than live where he is president."]
    assert quotes[0].speaker == "Ana Ruiz"


def test_a_second_opening_mark_without_two_closing_ones_still_restarts_the_quote():
    assert spans("“We will not stop. “We will win,” she said.") == ["We will win,"]


def test_the_title_of_someone_s_work_is_no_quote_whatever_its_capitals():
    assert kinds("Ouisa Davis' commentary, “Melania, tell your immigrant story,” is very thoughtful.") == [
        ("Melania, tell your immigrant story,", "scare")]


def test_words_after_a_work_that_is_no_one_s_are_still_speech():
    assert kinds("In his new book, “We must act now,” Smith wrote.")[0][1] == "direct"


@pytest.mark.parametrize("text", [
    "Volker said he never used the term “three amigos” in public.",
    "He said his predecessor had dubbed Sondland's role in policy as “the Gordon problem.”",
    "They were known as the “Three Amigos.”",
    "China said it is committed to the “one country, two systems” formula granting autonomy.",
    "As Herbert notes, being able to “taste” traces of pathogens helps the body.",
    "Hege runs the firm behind the campaign “Starts with one.”",
])
def test_terms_names_and_slogans_are_nobodys_words(text):
    quote = extract(Document("t", text)).quotes[0]
    assert (quote.kind, quote.speaker) == ("scare", "")


@pytest.mark.parametrize("text, speaker", [
    ("The premier cheered on the “historic” move.", "The premier"),
    ("GateHouse would not disclose the number but called it “immaterial”.", "GateHouse"),
    ("Cooperman blasted the payout on a conference call as “morally wrong.”", "Cooperman"),
    ("“Yes,” she said.", "she"),
])
def test_someones_fragment_stays_theirs(text, speaker):
    quote = extract(Document("t", text)).quotes[0]
    assert quote.kind != "scare" and (quote.speaker or "she") == speaker


@pytest.mark.parametrize("text, speaker", [
    # A word quoted inside the clause a verb of saying reports is the sayer's.
    ("Volker later said he would have “objected” to Ukraine opening an investigation.", "Volker"),
    ("Early still says Ubisoft are “believers” in game streaming.", "Early"),
    ("Reed has said that he expects to wring $300 million in “synergies” from the deal.", "Reed"),
    # A naming verb with a named subject coins the term: it is that person's.
    ("He said his predecessor, Fiona Hill, had dubbed his role as “the Gordon problem.”", "Fiona Hill"),
])
def test_a_word_in_a_reported_clause_is_the_speakers(text, speaker):
    quote = extract(Document("t", text)).quotes[0]
    assert (quote.kind, quote.speaker) == ("partial", speaker)


@pytest.mark.parametrize("text", [
    "Putin would in return give “space” to Obama before the election, the call confirmed.",  # "return": a noun
    "Experts somehow cannot explain why they were silent when the “reset” proved to be appeasement.",
    "Would Adam Schiff have pleaded to keep the “whistleblower’s” identity secret?",
    "Schiff has already lied about his staff’s prior contacts with the “whistleblower,” and more.",
    "Some have called the “Belfastisation” of the city.",
    "They were known as the “Three Amigos.”",
    "The disease dubbed the “Black Death” is back.",
    "It has been dubbed the “feather duvet lung.”",
])
def test_a_term_outside_a_reported_clause_has_no_speaker(text):
    quote = extract(Document("t", text)).quotes[0]
    assert quote.kind == "scare" and not quote.speaker


def test_an_elided_n_between_single_marks_is_no_quote():
    text = "Enjoy chips ‘n’ dip with ‘Taste’ and rock ‘n’ roll."
    assert [q.text for q in extract(Document("t", text)).quotes] == ["Taste"]


@pytest.mark.parametrize("text", [
    "“Meth. We’re on it” is rolling out with TV commercials, Noem said.",  # the subject of the sentence: a name
    "Many people talked, so the state and “We’re On It” became top Twitter trends, she said.",
    "Gov. Kristi Noem launched it.\n\nJust what is this priceless slogan?\n\n“Meth. We’re on it.”\n\nYes, that’s it.",
])
def test_a_slogan_used_as_a_name_is_no_speech(text):
    assert [(q.kind, q.speaker) for q in extract(Document("t", text)).quotes] == [("scare", "")]


@pytest.mark.parametrize("text", [
    "“We will win” was how he put it, Noem said.",
    "Gov. Kristi Noem said it in her own words:\n\n“Meth. We’re on it.”",
])
def test_words_named_as_someones_stay_speech(text):
    assert extract(Document("t", text)).quotes[0].kind != "scare"


def test_a_link_line_between_two_paragraphs_of_one_quote_does_not_end_it():
    text = ("Liu said the army could be deployed, warning: “They are already there in the garrison.\n\n"
            "SEE MORE: Hong Kong protests: 800 students under siege in university\n\n"
            "“If the situation becomes uncontrollable, the government would not sit on our hands.”")
    assert [q.speaker for q in extract(Document("t", text)).quotes] == ["Liu", "Liu"]
