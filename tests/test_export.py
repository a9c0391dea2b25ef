"""Whole searches exported: every hit, read back by the csv module, json, bibtexparser and citeproc-py."""
import csv
import io
import json
import tracemalloc

import bibtexparser
import pytest

from search import query
from search.cite import export
from search.index import build as indexer

from .test_cite import bibliography

BASE = "https://quotes.example"
SPEAKERS = ["Ann Lee", "Bo Chen", "Cy Diaz", "Di Evans", "Ed Fox"]
DOCS, PER_DOC = 30, 40  # 1,200 quotes: more than the command line's --limit or any page allows


@pytest.fixture(scope="module")
def big_index(tmp_path_factory):
    """Return an index of 1,200 quotes in 30 articles by Jane Smith, each quote a paragraph."""
    folder = tmp_path_factory.mktemp("export")
    with open(folder / "docs.jsonl", "w", encoding="utf-8") as handle:
        for i in range(DOCS):
            paras = [f"“Point {j} of report {i} matters a great deal,” {SPEAKERS[(i + j) % 5]} said."
                     for j in range(PER_DOC)]
            if i == 0:
                paras[0] = "“=1+2 is the sum of it,” Ann Lee said."
            handle.write(json.dumps({"id": f"d{i:02d}", "title": f"Report {i}", "source": "Wire & Co",
                                     "date": f"2020-01-{i % 28 + 1:02d}", "author": "Jane Smith",
                                     "url": f"https://wire.example/{i}", "text": "\n\n".join(paras)}) + "\n")
    indexer.reindex([folder / "docs.jsonl"], folder / "ix", jobs=1)
    return folder


@pytest.fixture(scope="module")
def big_database(big_index, pg_cluster):
    """Return a PostgreSQL engine on the same 1,200 quotes."""
    from search.engines.postgres import PostgresEngine
    from search.engines.writers import PostgresWriter

    url = pg_cluster.database()
    PostgresWriter(url).reindex([big_index / "docs.jsonl"])
    engine = PostgresEngine(url)
    yield engine
    engine.close()


@pytest.fixture(params=["whoosh", "postgres"])
def session(request, big_index):
    """A session on the 1,200 quotes, once on each engine."""
    engine = request.getfixturevalue("big_database") if request.param == "postgres" else query.Engine(big_index / "ix")
    # A budget that a loaded machine does not run out of: these tests export and count, they do not time anything.
    with engine.session(seconds=60) as opened:
        yield opened


def exported(session, fmt: str, **search) -> str:
    return "".join(export.stream(fmt, export.with_context(session, session.every_match(**search)), BASE))


def test_csv_has_one_row_per_hit_and_reads_back(session):
    total = session.search("").total
    assert total == DOCS * PER_DOC
    rows = list(csv.reader(io.StringIO(exported(session, "csv", text=""), newline="")))
    assert tuple(rows[0]) == export.COLUMNS
    assert len(rows) - 1 == total
    found = dict(zip(rows[0], rows[2]))
    assert found["quote"] == "Point 1 of report 0 matters a great deal,"
    assert found["speaker"] == "Bo Chen" and found["speaker_key"] == "bo-chen" and found["kind"] == "direct"
    assert found["title"] == "Report 0" and found["source"] == "Wire & Co" and found["authors"] == "Jane Smith"
    assert found["date"] == "2020-01-01" and found["url"] == "https://wire.example/0"
    assert found["locator"] == "para. 2" and found["permalink"].startswith(f"{BASE}/quote/")
    assert found["context"] == "“Point 1 of report 0 matters a great deal,” Bo Chen said."


def test_csv_is_rfc_4180(session):
    text = exported(session, "csv", text="report", speakers=["ann-lee"])
    assert text.startswith("quote,speaker,speaker_key,kind,title,source,authors,date,url,locator,permalink,context\r\n")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert ',Wire & Co,' in text


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_defused(session):
    rows = list(csv.DictReader(io.StringIO(exported(session, "csv", text="sum"), newline="")))
    assert [r["quote"] for r in rows] == ["'=1+2 is the sum of it,"]


def test_jsonl_has_one_object_per_hit(session):
    total = session.search("", speakers=["ann-lee"]).total
    lines = exported(session, "jsonl", text="", speakers=["ann-lee"]).splitlines()
    assert len(lines) == total == DOCS * PER_DOC // 5
    first = json.loads(lines[0])
    assert first["speaker"] == "Ann Lee" and first["authors"] == ["Jane Smith"] and first["type"] == "quote"
    assert first["permalink"] == f"{BASE}/quote/{first['id']}"


def test_bibtex_export_parses_whole(session):
    total = session.search("great").total  # first: the session's time budget runs from its opening
    library = bibtexparser.parse_string(exported(session, "bibtex", text="great"))
    assert not library.failed_blocks
    assert len(library.entries) == total == DOCS * PER_DOC - 1
    assert {e.entry_type for e in library.entries} == {"article"}
    assert library.entries[0].fields_dict["journal"].value == r"Wire \& Co"


def test_csl_json_export_is_one_array_citeproc_renders(session):
    total = session.search("", date_from="2020-01-03", date_to="2020-01-04").total
    items = json.loads(exported(session, "csl-json", text="", date_from="2020-01-03", date_to="2020-01-04"))
    assert len(items) == total == 2 * PER_DOC
    rendered = bibliography(items[:5], "apa")
    assert rendered[0] == "Smith, J. (2020, January 3). Report 2. Wire & Co. https://wire.example/2"


def test_paragraphs_export_too(session):
    total = session.search("report", type="paragraph").total
    rows = list(csv.DictReader(io.StringIO(exported(session, "csv", text="report", type="paragraph"), newline="")))
    assert len(rows) == total
    assert rows[0]["kind"] == "paragraph" and rows[0]["quote"] == "" and rows[0]["permalink"] == f"{BASE}/doc/d00#p-2"


def test_an_empty_search_exports_a_valid_empty_file(session):
    assert exported(session, "csv", text="zebra").splitlines() == [",".join(export.COLUMNS)]
    assert json.loads(exported(session, "csl-json", text="zebra")) == []
    assert exported(session, "jsonl", text="zebra") == exported(session, "bibtex", text="zebra") == ""


@pytest.mark.parametrize("fmt", sorted(export.FORMATS))
def test_memory_does_not_grow_with_the_number_of_hits(session, fmt):
    def peak(**search) -> int:
        tracemalloc.start()
        try:
            for _ in export.stream(fmt, export.with_context(session, session.every_match(**search)), BASE):
                pass
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    peak(text="")  # open the columns and caches once
    # One document's hits are held at a time: a fifth of the documents, as full as the rest, against all.
    fifth, whole = peak(text="", date_to="2020-01-06"), peak(text="")
    assert whole < 1.5 * fifth, (fifth, whole)


def test_bad_searches_fail_before_anything_is_written(session):
    with pytest.raises(query.QueryError):
        session.every_match("x", type="nope")
    with pytest.raises(query.QueryError):
        session.every_match("x", date_from="yesterday")
    with pytest.raises(ValueError):
        export.stream("xlsx", [], BASE)


def test_file_names_come_from_the_words_searched():
    assert export.filename("Vast influence!", "csv") == "quotes-vast-influence.csv"
    assert export.filename("", "bibtex") == "quotes-all.bib"


def test_pdfs_transcripts_and_captions_are_cited_with_their_page_or_time(tmp_path):
    """The locators and genres the readers give reach every citation and export, and real clients read them."""
    from search.cite import cite

    from .conftest import pdf_bytes
    from .test_cite import parse_bibtex

    folder = tmp_path / "pile"
    folder.mkdir()
    (folder / "review.pdf").write_bytes(pdf_bytes(
        [[(72, 72, "Bridge review"), (72, 100, "The state checked every bridge this year.")],
         [(72, 72, "“No bridge is unsafe to drive on today,” said Maria Chen, the chief engineer.")]],
        info={"Title": "Bridge Safety Review", "Author": "Jane Roe; John Doe"}))
    (folder / "review.meta.json").write_text(json.dumps({"source": "State DOT", "date": "2020-12-01"}))
    (folder / "debate.txt").write_text("Chris Wallace: (01:20)\nGood evening from Cleveland, and welcome.\n\n"
                                       "Donald Trump: (00:41:07)\nThank you very much, Chris.\n\n"
                                       "Chris Wallace: (00:41:30)\nGo on, sir.\n", encoding="utf-8")
    (folder / "debate.meta.json").write_text(json.dumps({"title": "First debate", "source": "Rev",
                                                         "date": "2020-09-29"}))
    (folder / "town.vtt").write_text("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ann Lee>We will build it.\n",
                                     encoding="utf-8")
    (folder / "town.meta.json").write_text(json.dumps({"title": "Town hall", "source": "City TV",
                                                       "media_url": "https://video.example/town"}))
    indexer.reindex([folder], tmp_path / "ix", jobs=1)
    with query.Engine(tmp_path / "ix").session() as session:
        by_speaker = {r["speaker"]: r for r in session.every_match("")}
        rows = {r["speaker"]: r for r in csv.DictReader(io.StringIO(exported(session, "csv", text=""), newline=""))}
    chen, trump, lee = by_speaker["Maria Chen"], by_speaker["Donald Trump"], by_speaker["Ann Lee"]
    assert rows["Maria Chen"]["locator"] == "p. 2" and rows["Donald Trump"]["locator"] == "at 00:41:07"
    assert rows["Maria Chen"]["authors"] == "Jane Roe; John Doe"
    items = {i["id"]: i for r in (chen, trump, lee) for i in json.loads(cite(r, "csl-json", BASE))}
    assert [items[f"quote-{r['id']}"]["type"] for r in (chen, trump, lee)] == ["report", "speech", "motion_picture"]
    assert items[f"quote-{lee['id']}"]["URL"] == "https://video.example/town"
    [report] = bibliography([items[f"quote-{chen['id']}"]], "apa")
    assert report.startswith("Roe, J., & Doe, J. (2020). Bridge Safety Review. State DOT.") and "Chen" not in report
    assert ("Maria Chen, quoted in Jane Roe and John Doe, Bridge Safety Review, State DOT, December 1, 2020, p. 2."
            in cite(chen, "text", BASE))
    assert "Maria Chen, quoted on p. 2:" in json.loads(cite(chen, "csl-json", BASE))[0]["note"]
    spoken = cite(trump, "text", BASE)
    assert "Donald Trump, in “First debate,” transcript, Rev, September 29, 2020, at 00:41:07." in spoken
    [entry] = parse_bibtex(cite(chen, "bibtex", BASE))
    assert entry.entry_type == "techreport" and entry.fields_dict["institution"].value == "State DOT"
