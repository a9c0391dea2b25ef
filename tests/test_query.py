import pytest

from search import query
from search.index import build as indexer


@pytest.fixture()
def session(seed_index):
    with query.Engine(seed_index).session() as s:
        yield s


def test_search_highlights_matched_words(session):
    results = session.search("intelligence")
    assert results.total == 2
    assert all("<mark>intelligence</mark>" in str(h.highlighted) for h in results.hits)


def test_stemming_matches_other_forms(session):
    assert session.search("destroy").total >= 1  # “destroyed”


def test_speaker_filter_changes_results_and_counts(session):
    everyone = session.search("iran", type="quote")
    assert len(everyone.facets) >= 2
    cable = next(f for f in everyone.facets if f.name == "the cable")
    only = session.search("iran", speakers=[cable.key])
    assert only.total == cable.count < everyone.total
    assert {h.speaker_key for h in only.hits} == {cable.key}
    assert [f.key for f in only.facets if f.selected] == [cable.key]
    without = session.search("iran", exclude=[cable.key])
    assert without.total == everyone.total - cable.count
    assert cable.key not in {f.key for f in without.facets}


def test_several_speakers_can_be_selected(session):
    facets = session.search("iran").facets
    keys = [f.key for f in facets[:2]]
    both = session.search("iran", speakers=keys)
    assert both.total == sum(f.count for f in facets[:2])


def test_record_type_filter(session):
    quotes = session.search("Soleimani", type="quote")
    paragraphs = session.search("Soleimani", type="paragraph")
    both = session.search("Soleimani", type="all")
    assert {h.type for h in paragraphs.hits} == {"paragraph"}
    assert both.total == quotes.total + paragraphs.total


def test_pagination(session):
    first = session.search("iraq", type="paragraph", page_size=5)
    second = session.search("iraq", type="paragraph", page_size=5, page=2)
    assert first.pages >= 2
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
    with pytest.raises(query.QueryError):
        session.search("iraq", type="paragraph", page_size=5, page=first.pages + 1)


def test_bad_type_is_a_query_error(session):
    with pytest.raises(query.QueryError):
        session.search("x", type="nope")


@pytest.mark.parametrize("text", ['"unbalanced', "(open", "AND", "OR NOT", "*", "*ran", "a\x00b", "\u202etxet",
                                  "e\u0301"])
def test_odd_queries_do_not_crash(session, text):
    try:
        assert session.search(text).total >= 0
    except query.QueryError as exc:  # a message for the person, never anything else
        assert str(exc)


def test_overview_counts(session):
    overview = session.overview()
    assert overview["documents"] == 2
    assert overview["quotes"] >= 15
    assert overview["top_speakers"][0].count >= 2


def test_speaker_resolves_from_a_typed_name(session):
    assert session.resolve_speaker("Hatem al-Maksusi") == session.resolve_speaker("hatem-al-maksusi")
    assert session.resolve_speaker("Maksusi") == "hatem-al-maksusi"


def test_engine_notices_a_swapped_index(tmp_path):
    index_dir = tmp_path / "ix"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("A\n\n“Alpha words here today,” the mayor said.", encoding="utf-8")
    indexer.reindex([docs], index_dir, jobs=1)
    engine = query.Engine(index_dir)
    with engine.session() as s:
        assert s.search("alpha").total == 1
    (docs / "b.txt").write_text("B\n\n“Beta words here today,” the judge said.", encoding="utf-8")
    indexer.reindex([docs], index_dir, jobs=1)
    with engine.session() as s:
        assert s.search("beta").total == 1


def test_missing_index_is_reported(tmp_path):
    with pytest.raises(query.NoIndex):
        query.Engine(tmp_path).session()


def test_source_filter_and_counts(session):
    everyone = session.search("iran")
    by_source = {f.key: f.count for f in everyone.sources}
    assert set(by_source) == {"TRT World", "The Times of Israel (AFP)"} or len(by_source) >= 1
    source, count = next(iter(by_source.items()))
    only = session.search("iran", sources=[source])
    assert only.total == count
    assert {f.key for f in only.sources if f.selected} == {source}
    assert {h.source for h in only.hits} == {source}


def test_date_range_filter(session):
    assert session.search("iran", date_from="2019-11-19").total < session.search("iran").total
    assert session.search("iran", date_to="2019-11").total == session.search("iran").total
    assert session.search("iran", date_from="2020").total == 0
    with pytest.raises(query.QueryError):
        session.search("iran", date_from="last week")


def test_month_facet_counts(session):
    months = session.search("iran", type="all").months
    assert months and all(len(f.key) == 7 for f in months)


def test_misspelt_query_gets_a_suggestion(session):
    results = session.search("intelligense")
    assert results.total == 0 and results.suggestion == "intelligence"
    assert session.search("intelligence").suggestion == ""


@pytest.mark.parametrize("search", [
    dict(text="iran"), dict(text=""), dict(text="", type="all"), dict(text="iran", type="paragraph"),
    dict(text="iran", type="all"), dict(text="", speakers=["the-cable"]), dict(text="iran", exclude=["the-cable"]),
    dict(text="", date_from="2019-11-19"), dict(text="iraq", date_to="2019-11"), dict(text="", sources=["TRT World"]),
    dict(text="iran", sort="date"), dict(text="zebra"), dict(text="", certain=True), dict(text="iran", certain=True),
])
def test_every_match_yields_exactly_the_searchs_total(session, search):
    matched = list(session.every_match(**search))
    assert len(matched) == session.search(**search).total
    assert len({(r["doc"], r["type"], r.get("id"), r.get("paragraph")) for r in matched}) == len(matched)
    if search["text"] == "iran" and search.get("type", "quote") == "quote":
        assert all(r["type"] == "quote" and r["text"] for r in matched)


def test_each_paragraph_is_found_by_its_document_and_number(session):
    docs = {h.doc for h in session.search("said", type="paragraph", page_size=50).hits}
    assert len(docs) >= 2
    for doc in docs:
        paragraphs = session.records_of(doc, "paragraph")
        for para in paragraphs:
            assert session.paragraph(doc, para["paragraph"]) == para
        # Past its last paragraph a document has none: not the next document's first one.
        assert session.paragraph(doc, len(paragraphs) + 1) is None
