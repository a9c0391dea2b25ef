"""Totals are full counts: a search's total, facets and export agree with a scan of every quote."""
from __future__ import annotations

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.index import build as indexer
from search.query.session import Engine

# Made-up words: no stemming, no stop word, so a quote's words are its tokens.
WORDS = ("zork", "blim", "quax", "frob", "glim", "trel", "vosk", "nurd")
SPEAKERS = ("Alan Smith", "Maria Jones", "Peter Brown", "Ruth Green")


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("totals-corpus")
    rng = random.Random(23)
    for i in range(90):
        paragraphs = []
        for j in range(6):
            # Skewed counts, so that a common word fills the top hits and a rare one only matches lower down.
            said = " ".join(rng.choices(WORDS, weights=(40, 20, 10, 8, 6, 4, 2, 1), k=rng.randint(2, 6)))
            paragraphs.append(f'"The {said} today," said {rng.choice(SPEAKERS)}, a mayor, in item {i} {j}.')
        (corpus / f"doc{i:03d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
        (corpus / f"doc{i:03d}.meta.json").write_text(f'{{"source": "Paper {i % 3}", "date": "2020-0{i % 9 + 1}-01"}}')
    index_dir = tmp_path_factory.mktemp("totals-index")
    indexer.reindex([corpus], index_dir, jobs=1)
    return Engine(index_dir)


@pytest.fixture(scope="module")
def records(engine):
    with engine.session(seconds=60) as s:
        return [(re.findall(r"[a-z]+", q["text"].lower()), q) for q in s.every_match("")]


@pytest.fixture(scope="module")
def quotes(records):
    return [tokens for tokens, _ in records]


# Filters with the test a quote's stored fields must pass: none, a speaker, a source, a date range.
FILTERS = [
    ({}, lambda q: True),
    ({"speakers": ["alan-smith"]}, lambda q: q.get("speaker_key") == "alan-smith"),
    ({"sources": ["Paper 1"]}, lambda q: q.get("source") == "Paper 1"),
    ({"date_from": "2020-03", "date_to": "2020-06"}, lambda q: "2020-03-01" <= q.get("date", "") <= "2020-06-31"),
]


def _query():
    word = st.sampled_from(WORDS)
    leaf = st.one_of(
        word.map(lambda w: (w, lambda t, w=w: w in t)),
        st.tuples(word, word).map(lambda p: (f'"{p[0]} {p[1]}"', lambda t, p=p: any(
            t[i:i + 2] == list(p) for i in range(len(t) - 1)))),
        word.map(lambda w: (w[:3] + "*", lambda t, w=w: any(x.startswith(w[:3]) for x in t))),
    )

    def grow(children):
        pair = st.tuples(children, children)
        return st.one_of(
            pair.map(lambda p: (f"({p[0][0]} OR {p[1][0]})", lambda t, p=p: p[0][1](t) or p[1][1](t))),
            pair.map(lambda p: (f"({p[0][0]} AND {p[1][0]})", lambda t, p=p: p[0][1](t) and p[1][1](t))),
            pair.map(lambda p: (f"({p[0][0]} AND NOT {p[1][0]})", lambda t, p=p: p[0][1](t) and not p[1][1](t))),
        )

    return st.recursive(leaf, grow, max_leaves=5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=_query(), page=st.integers(1, 3), sort=st.sampled_from(["relevance", "date"]),
       filtered=st.sampled_from(FILTERS))
def test_total_equals_a_full_scan_and_the_export(engine, records, query, page, sort, filtered):
    text, matches = query
    chosen, keeps = filtered
    expected = sum(1 for tokens, quote in records if matches(tokens) and keeps(quote))
    with engine.session(seconds=60) as s:
        page = page if expected > (page - 1) * 10 else 1
        results = s.search(text, page=page, sort=sort, **chosen)
        exported = sum(1 for _ in s.every_match(text, sort=sort, **chosen))
    assert not results.partial
    assert results.total == exported == expected, (text, chosen)
    if not chosen:
        assert sum(f.count for f in results.sources) == sum(f.count for f in results.months) == results.total
    if "speakers" not in chosen:  # a facet's own choice is left out of its counts, so that more can be added
        assert sum(f.count for f in results.facets) <= results.total
        if len(results.facets) < 30:  # every speaker listed: the facet counts add up to the quotes with one
            with engine.session(seconds=60) as s:
                named = sum(1 for r in s.every_match(text, **chosen) if r.get("speaker_key"))
            assert sum(f.count for f in results.facets) == named


def test_or_of_common_words_counts_every_branch(engine, quotes):
    """The top-N collector's minimum score once dropped the rare branch of an OR from the count."""
    expected = sum(1 for t in quotes if "zork" in t or "blim" in t or "trel" in t)
    with engine.session(seconds=60) as s:
        results = s.search("zork OR blim OR trel")
        assert results.total == expected > sum(1 for t in quotes if "zork" in t)
        api_sources = sum(f.count for f in results.sources)
    assert api_sources == expected  # every quote has a source
