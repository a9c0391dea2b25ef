"""Properties of the extractor over arbitrary text: no crash, exact offsets, in-bounds speakers, determinism."""
from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from search.extraction.extract import extract
from search.model import Document

# Pieces that steer generated text into the extractor's branches: quote marks of every style,
# cue verbs, names, titles, pronouns, sentence ends, paragraph breaks and odd characters.
PIECES = [
    "“", "”", "‘", "’", '"', "'", "«", "»", "„", "‹", "›", "—", "–", "-", ",", ".", "…", "?", "!", ":", ";",
    " ", " ", " ", "\n", "\n\n", "\r\n", "\t", "(", ")", "[", "]",
    "said", "says", "told", "added", "according to", "wrote", "asked", "the cable", "the minister", "he", "she",
    "they", "it", "Mr.", "Dr.", "Prime Minister", "Ann Lee", "Hatem al-Maksusi", "Iran", "U.S.", "AFP",
    "We will", "not", "a", "the", "of", "and", "I", "Tehran", "résumé", "e\u0301", "\u200f", "\u202e",
    "\u00a0", "\ufeff", "\x00", "🙂", "العراق", "Ω", "ǅ", "İ", "ß",
]

OPEN, CLOSE = st.sampled_from(["“", '"', "‘", "«", "„", "'", ""]), st.sampled_from(["”", '"', "’", "»", "“", "'", ""])
WORDS = st.lists(st.sampled_from(PIECES[32:] + ["we", "are", "here", "never", "x"]), min_size=0, max_size=8).map(" ".join)
CUES = st.sampled_from(["said", "says", "told AFP", "added", "wrote", "warned", "according to", "", "said on Monday"])
SPEAKERS = st.sampled_from(["Ann Lee", "he", "she", "the cable", "Prime Minister Adel Abdul Mahdi", "Mr. Lee", "Iran's",
                            "the U.S. envoy, John Smith,", "a spokesperson", "", "Lee"])
SENTENCE = st.one_of(
    st.tuples(OPEN, WORDS, st.sampled_from([",", ".", "?", "", "—"]), CLOSE, CUES, SPEAKERS, st.sampled_from([".", "", ":"]))
    .map(lambda t: f"{t[0]}{t[1]}{t[2]}{t[3]} {t[5]} {t[4]}{t[6]}" if t[5] in ("he", "she") else
         f"{t[0]}{t[1]}{t[2]}{t[3]} {t[4]} {t[5]}{t[6]}"),
    st.tuples(SPEAKERS, CUES, OPEN, WORDS, CLOSE).map(lambda t: f"{t[0]} {t[1]}: {t[2]}{t[3]}{t[4]}"),
    WORDS.map(lambda w: w.capitalize() + "."),
)
articles = st.lists(st.tuples(SENTENCE, st.sampled_from([" ", " ", "\n\n", "\n", "\n\n\n"])), max_size=14).map(
    lambda parts: "".join(a + b for a, b in parts))

texts = st.one_of(
    articles,
    st.text(max_size=400),
    st.lists(st.sampled_from(PIECES), max_size=120).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=80).map("".join),
)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(text: str) -> None:
    doc = Document(id="doc", text=text)
    first = extract(doc)
    for p in first.paragraphs:
        assert 0 <= p.start <= p.end <= len(text)
        assert text[p.start:p.end] == p.text
    for q in first.quotes:
        assert 0 <= q.start <= q.end <= len(text), q
        assert text[q.start:q.end] == q.text, q
        assert (q.speaker_start is None) == (q.speaker_end is None), q
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= len(text), q
        assert q.id and q.doc == "doc"
    assert len({q.id for q in first.quotes}) == len(first.quotes)
    assert extract(Document(id="doc", text=text)) == first


@SETTINGS
@given(texts)
@example("")
@example("“")
@example("”“")
@example("“Hello,” he said.\n\n“Again,” she said.")
@example("“Open quote that never ends\n\n“Second paragraph continues")
@example("\r\n“x”\r\n")
def test_extract_properties(text):
    _check(text)
