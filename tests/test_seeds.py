"""Pin every quote of the seed articles: where it starts, its kind, speaker, mention, cue and role."""
from __future__ import annotations

from pathlib import Path

import pytest

from search.documents import load
from search.extraction.extract import extract

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

VAST = "iran-vast-influence-in-iraq"
TRT = "trt-iran-imperialist-power"

# (document, first words of the quote, kind, speaker, mention as written, cue, role)
EXPECTED = [
    (VAST, "vast influence", "partial", "spy agency leaks", "spy agency leaks", "say", ""),
    (VAST, "offer a detailed portrait", "partial", "the outlets", "the outlets", "wrote", ""),
    (VAST, "special relationship", "partial", "one of the Iranian leaks", "one of the Iranian leaks", "described", ""),
    (VAST, "no comment", "partial", "The prime minister’s office", "The prime minister’s office", "told AFP", ""),
    (VAST, "let the world know", "partial", "The source of the documents", "The source of the documents", "said", ""),
    (VAST, "jobless and destitute.", "partial", "New York Times", "it", "said", ""),
    (VAST, "all of the Iraqi Army’s intelligence", "partial", "Hatem al-Maksusi",
     "Lieutenant General Hatem al-Maksusi", "told", "Lieutenant General"),
    (VAST, "As a result of these operations", "direct", "one of the Jurf al-Sakhar cables",
     "one of the Jurf al-Sakhar cables", "noted", ""),
    (VAST, "In all the areas", "direct", "one of the Jurf al-Sakhar cables",
     "one of the Jurf al-Sakhar cables", "noted", ""),
    (VAST, "not to be shared with Iran,", "scare", "", None, "", ""),
    (VAST, "made it obvious", "partial", "New York Times", "The Times", "said", ""),
    (VAST, "This policy of Iran in Iraq", "direct", "the cable", "the cable", "said", ""),
    (VAST, "And groups and individuals", "direct", "the cable", "the cable", "said", ""),
    (TRT, "resistance", "scare", "", None, "", ""),
    (TRT, "at home and abroad", "partial", "The Iranian constitution", "The Iranian constitution", "declared", ""),
    (TRT, "We are at your service", "direct", "Hatem al Maksusi", "Maksusi", "said", ""),
    (TRT, "resistance", "scare", "", None, "", ""),
]


@pytest.fixture(scope="module")
def extractions():
    if not SEEDS.is_dir():
        pytest.skip(f"no seed articles at {SEEDS}")
    return {document.id: extract(document) for document in load([SEEDS])}


def test_every_seed_quote_is_found_and_nothing_else(extractions):
    found = [(doc, q.text) for doc, ex in sorted(extractions.items()) for q in ex.quotes]
    assert len(found) == len(EXPECTED)
    assert all(doc == want and text.startswith(start) for (doc, text), (want, start, *_) in zip(found, EXPECTED))


@pytest.mark.parametrize("index", range(len(EXPECTED)), ids=[f"{d[:4]}-{s[:20]}" for d, s, *_ in EXPECTED])
def test_seed_quote(extractions, index):
    doc, start, kind, speaker, mention, cue, role = EXPECTED[index]
    before = sum(1 for d, s, *_ in EXPECTED[:index] if d == doc)
    extraction = extractions[doc]
    quote = extraction.quotes[before]
    text = extraction.document.text
    assert quote.text.startswith(start)
    assert text[quote.start:quote.end] == quote.text
    assert (quote.kind, quote.speaker, quote.cue, quote.role) == (kind, speaker, cue, role)
    if mention is None:
        assert quote.speaker_start is None and quote.speaker_key == ""
    else:
        assert text[quote.speaker_start:quote.speaker_end] == mention


def test_maksusi_has_one_key_across_the_seed_articles(extractions):
    keys = {q.speaker_key for ex in extractions.values() for q in ex.quotes if "Maksusi" in q.speaker}
    assert keys == {"hatem-al-maksusi"}


def test_the_times_and_it_resolve_to_one_global_key(extractions):
    keys = {q.speaker_key for q in extractions[VAST].quotes if q.speaker == "New York Times"}
    assert keys == {"new-york-times"}


def test_common_noun_speakers_keep_to_their_document(extractions):
    cable = {q.speaker_key for q in extractions[VAST].quotes if q.speaker == "the cable"}
    assert len(cable) == 1 and next(iter(cable)).startswith("cable--")
