"""Tests for the references a story makes outside its quotes: which name a clause is about."""
from __future__ import annotations

from search.attribution import mentions
from search.extraction.extract import extract
from search.model import Document
from search.text import paragraphs as paragraphs_mod
from search.text import quotes as quotes_mod


def shown(text: str) -> list[tuple[str, str]]:
    """Return (quote, name shown) for every quote of a story."""
    return [(q.text, q.speaker) for q in extract(Document("t", text, genre="fiction")).quotes]


def _refs(text: str) -> dict[str, bool]:
    """Return each reference's words and whether it is the subject of its clause."""
    paras = paragraphs_mod.split(text)
    spans = quotes_mod.find(text, paras)
    found = mentions.find(text, paras, quotes_mod.by_paragraph(spans), {p.number: 0 for p in paras})
    return {r.text: r.subject for r in found.refs}


def test_the_main_clause_after_a_fronted_clause_is_about_its_own_subject():
    text = "“Good.”\n\nWhile he ate his breakfast Brenda read to him from the papers. “Reggie's been making a speech.”"
    assert _refs(text)["Brenda"] is True
    assert shown(text)[-1] == ("Reggie's been making a speech.", "Brenda")


def test_a_place_at_the_end_of_a_fronted_clause_is_no_subject():
    assert _refs("Before we left London it rained.")["London"] is False
    assert _refs("While they talked about Rome the others ate.")["Rome"] is False


def _spoken_to(text: str) -> list[str]:
    paras = paragraphs_mod.split(text)
    spans = quotes_mod.find(text, paras)
    found = mentions.find(text, paras, quotes_mod.by_paragraph(spans))
    return [r.name for r in found.refs if r.addressed]


def test_an_ordinary_word_opening_a_line_is_no_one_spoken_to():
    # "Fine" is in the first-name list, but this text writes it as a word.
    assert _spoken_to("“How are you?” I asked.\n\n“Fine, thanks. A fine day.”") == []
    assert _spoken_to("“How are you?” I asked.\n\n“Jake, sit down.”") == ["Jake"]


def test_a_double_hyphen_is_a_dash_not_part_of_a_word():
    text = ("“When I got to Donwell,” said Mr. Elton, “Knightley could not be found.”\n\n"
            "“Donwell!” cried his wife.--“My dear Mr. E., you have not been there!”")
    quotes = extract(Document("t", text, genre="fiction")).quotes
    assert quotes[2].text == "Donwell!" and text[quotes[2].speaker_start:quotes[2].speaker_end] == "his wife"


def test_an_aside_in_dashes_stands_between_a_speaker_and_the_cue():
    text = ("John Dickey, the chief executive of Ora Media -- the company that owns the show -- told me, "
            "“We're a content provider.”")
    quote = extract(Document("t", text)).quotes[0]
    assert quote.speaker and quote.speaker_end <= text.index("--")


def test_an_initial_opening_a_sentence_is_part_of_the_name():
    refs = _refs("The door opened. M. Riviere broke off, as if speech were difficult.")
    assert refs["M. Riviere"] is True
    assert "Presently" not in _refs("The door opened. Presently Mrs Rattery came in.")
