"""Turns become quotes of kind `turn`: the label's speaker, titles to the role, the turn's time, merged with articles."""
from __future__ import annotations

import json

import pytest

from search import query
from search.index import build as indexer
from search.documents import load
from search.extraction.extract import extract
from search.extraction.turns import speaker

DEBATE = """First presidential debate, Cleveland

CHRIS WALLACE: Good evening from Cleveland. I'm Chris Wallace of Fox News.

PRESIDENT DONALD J. TRUMP: Thank you very much, Chris. As one senator told me, "never give up."

JOE BIDEN: Well, I don't know. The people have a right to a say.

CHRIS WALLACE: Mr. President, your response?

TRUMP: We have the greatest economy in history.
"""

ARTICLE = """Trump rallies in Ohio

Donald Trump spoke to supporters in Ohio on Monday. "The economy is roaring," Donald Trump said.
"""


@pytest.mark.parametrize("label, name, role", [
    ("PRESIDENT DONALD J. TRUMP", "Donald J. Trump", "President"),
    ("President Donald J. Trump", "Donald J. Trump", "President"),
    ("CHRIS WALLACE", "Chris Wallace", ""),
    ("Mr. JORDAN", "Jordan", "Mr."),
    ("Ms. OCASIO-CORTEZ of New York", "Ocasio-Cortez", "Ms."),
    ("O'ROURKE", "O'Rourke", ""),
    ("The CHAIRMAN", "The Chairman", ""),
    ("Speaker 1", "Speaker 1", ""),
])
def test_a_label_gives_the_name_and_moves_titles_to_the_role(label, name, role):
    assert speaker(label) == (name, role)


def test_capital_labels_take_the_documents_own_spelling():
    assert speaker("McCAIN", {"mccain": "McCain"}) == ("McCain", "")
    assert speaker("MCCAIN") == ("McCain", "")


def test_each_turn_is_a_quote_of_its_speaker_and_quotes_inside_a_turn_still_count(tmp_path):
    (tmp_path / "debate.txt").write_text(DEBATE, encoding="utf-8")
    (doc,) = load([tmp_path / "debate.txt"])
    assert doc.genre == "transcript" and len(doc.turns) == 5
    quotes = extract(doc).quotes
    turns = [(q.speaker, q.role, q.text) for q in quotes if q.kind == "turn"]
    assert turns[1] == ("Donald J. Trump", "President", 'Thank you very much, Chris. As one senator told me, "never give up."')
    assert [t[0] for t in turns] == ["Chris Wallace", "Donald J. Trump", "Joe Biden", "Chris Wallace", "Trump"]
    inner = [q for q in quotes if q.kind != "turn"]
    assert [(q.text, q.speaker) for q in inner] == [("never give up.", "one senator")]
    for q in quotes:
        assert doc.text[q.start:q.end] == q.text
    assert all(doc.text[q.speaker_start:q.speaker_end] in DEBATE for q in quotes if q.kind == "turn")
    assert len({q.id for q in quotes}) == len(quotes)


def test_an_article_with_a_labelled_line_has_no_turns(tmp_path):
    (tmp_path / "a.txt").write_text("Story\n\nQ: Why?\n\nBecause, she said.\n\n“Yes,” said Al Bo.\n", encoding="utf-8")
    (doc,) = load([tmp_path / "a.txt"])
    assert doc.turns == () and doc.genre == "" and all(q.kind != "turn" for q in extract(doc).quotes)


def test_paragraphs_and_quotes_of_a_timed_turn_carry_its_time(tmp_path):
    (tmp_path / "rev.txt").write_text(
        "Chris Wallace: (01:20)\nGood evening.\n\nJoe Biden: (01:32)\nHe said “not a chance,” and I agree.\n\n"
        "More of the same turn.\n\nChris Wallace: (41:07)\nThank you.\n", encoding="utf-8")
    (doc,) = load([tmp_path / "rev.txt"])
    extraction = extract(doc)
    assert [p.time for p in extraction.paragraphs] == [80, 92, 92, 2467]
    assert {q.text: q.time for q in extraction.quotes}["not a chance,"] == 92


def test_a_debate_speaker_merges_with_the_same_person_in_articles(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "debate.txt").write_text(DEBATE, encoding="utf-8")
    (docs / "rally.txt").write_text(ARTICLE, encoding="utf-8")
    (docs / "town.vtt").write_text("WEBVTT\n\n00:41:07.000 --> 00:41:10.000\n<v Donald Trump>Jobs are back.\n\n"
                                   "00:41:11.000 --> 00:41:12.000\n<v Joe Biden>No.\n", encoding="utf-8")
    (docs / "town.meta.json").write_text(json.dumps({"title": "Town hall", "media_url": "https://media.example/t.mp4"}))
    indexer.reindex([docs], tmp_path / "ix", jobs=1)
    with query.Engine(tmp_path / "ix").session() as session:
        key = session.resolve_speaker("Donald Trump")
        found = session.speaker_quotes(key)
    by_doc = {}
    for q in found:
        by_doc.setdefault(q["doc"], []).append(q["text"])
    # The label "TRUMP", "President Donald J. Trump", the caption voice and the article's name are one speaker.
    assert set(by_doc) == {"debate", "rally", "town"}
    assert "We have the greatest economy in history." in by_doc["debate"]
    assert len(by_doc["debate"]) == 2


def test_the_permalink_links_the_recording_at_the_quotes_time(tmp_path):
    from search.web.app import create_app

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "town.vtt").write_text("WEBVTT\n\n00:41:07.000 --> 00:41:10.000\n<v Donald Trump>Jobs are back.\n",
                                   encoding="utf-8")
    (docs / "town.meta.json").write_text(json.dumps({"title": "Town hall", "media_url": "https://media.example/t.mp4"}))
    indexer.reindex([docs], tmp_path / "ix", jobs=1)
    client = create_app({"TESTING": True, "INDEX_DIR": tmp_path / "ix"}).test_client()
    hit = client.get("/api/search", query_string={"q": "jobs"}).get_json()["results"][0]
    record = client.get(f"/api/quote/{hit['id']}").get_json()
    assert (record["kind"], record["time"], record["page"], record["media_url"]) == (
        "turn", 2467.0, None, "https://media.example/t.mp4")
    page = client.get(f"/quote/{hit['id']}").get_data(as_text=True)
    assert 'href="https://media.example/t.mp4#t=2467"' in page and "at 00:41:07" in page
