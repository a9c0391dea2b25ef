import re

import pytest

from search.index import build as indexer


@pytest.fixture()
def app(engine_app):
    """Every test of this module runs on Whoosh and on PostgreSQL (conftest.engine_app)."""
    return engine_app


def first_quote_id(client, q="intelligence"):
    return client.get(f"/api/search?q={q}").get_json()["results"][0]["id"]


def test_empty_query_shows_an_overview(client):
    page = client.get("/").get_data(as_text=True)
    assert "quotes by" in page and "Most quoted" in page and "Hatem al-Maksusi" in page


def test_search_page_highlights_and_links_permalinks(client):
    page = client.get("/?q=intelligence").get_data(as_text=True)
    assert "<mark>intelligence</mark>" in page
    assert "2 results" in page
    assert re.search(r'href="/quote/[0-9a-f]{16}"', page)


def test_speaker_filter_on_the_page(client):
    data = client.get("/api/search?q=iran").get_json()
    cable = next(f for f in data["facets"]["speaker"] if f["name"] == "the cable")
    filtered = client.get(f"/?q=iran&speaker={cable['key']}").get_data(as_text=True)
    assert f"{cable['count']} result" in filtered
    assert "Remove the cable" in filtered


@pytest.mark.parametrize("typed", ["-intelligence", "NOT intelligence"])
def test_a_word_after_a_minus_is_left_out_of_quotes_only(client, typed):
    every = client.get("/api/search?q=&type=quote").get_json()["total"]
    data = client.get("/api/search", query_string={"q": typed}).get_json()
    assert data["total"] == every - 2  # the two quotes holding "intelligence"
    assert {hit["type"] for hit in data["results"]} == {"quote"}
    assert all("intelligence" not in hit["text"].lower() for hit in data["results"])
    both = client.get("/api/search", query_string={"q": "iran -shared"}).get_json()
    assert 0 < both["total"] < client.get("/api/search?q=iran").get_json()["total"]


def test_api_search_fields(client):
    data = client.get("/api/search?q=intelligence&type=quote&page=1").get_json()
    assert data["total"] == 2 and data["page"] == 1
    hit = data["results"][0]
    for field in ("id", "type", "doc", "speaker", "speaker_key", "text", "highlighted"):
        assert field in hit
    assert "<mark>" in hit["highlighted"]
    assert data["facets"]["speaker"][0]["count"] == 2


def test_permalink_page_has_context_and_citation(client):
    quote_id = first_quote_id(client)
    page = client.get(f"/quote/{quote_id}").get_data(as_text=True)
    assert "In context" in page and "<mark>" in page
    assert f"https://quotes.example/quote/{quote_id}" in page
    assert '/doc/' in page and f"#q-{quote_id}" in page


def test_permalink_json(client):
    quote_id = first_quote_id(client)
    for url in (f"/quote/{quote_id}?format=json", f"/api/quote/{quote_id}"):
        data = client.get(url).get_json()
        assert data["id"] == quote_id and data["speaker"] and data["citation"] and data["permalink"]


def test_document_page_anchors_paragraphs_and_quotes(client):
    quote_id = first_quote_id(client)
    doc = client.get(f"/api/quote/{quote_id}").get_json()["doc"]
    page = client.get(f"/doc/{doc}").get_data(as_text=True)
    assert 'id="p-3"' in page and f'id="q-{quote_id}"' in page


def test_speaker_page_lists_quotes_and_names(client):
    page = client.get("/speaker/hatem-al-maksusi").get_data(as_text=True)
    assert "Maksusi" in page and "Named as" in page
    # The words quoted inside the reporter's sentence are listed apart, after the full quotes.
    assert "1 quote <span" in page and "1 fragment" in page
    full, words = page.index("We are at your service"), page.index("Words they used")
    assert full < words < page.index("all of the Iraqi Army’s intelligence — consider it yours.")


@pytest.mark.parametrize("url", ["/quote/nope", "/quote/../../etc/passwd", "/doc/../../etc/passwd",
                                 "/doc/" + "x" * 5000, "/speaker/nobody", "/api/quote/nope"])
def test_unknown_ids_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("query", ['"unbalanced', "(", "AND", "OR NOT", "*", "*ran", "a%00b", "%E2%80%AE",
                                   "x&page=abc", "x&page=0", "x&page=99999999", "x&type=nope",
                                   "x&speaker=nobody", "q" * 600, "NOT NOT iran", "-", "--x", "a -", "(-)"])
def test_bad_queries_get_a_message_never_a_500(client, query):
    for url in (f"/?q={query}", f"/api/search?q={query}"):
        response = client.get(url)
        assert response.status_code in (200, 400)
        if response.status_code == 400:
            assert (response.get_json() or {}).get("error") if url.startswith("/api") else \
                "could not run" in response.get_data(as_text=True)


def test_an_operator_with_nothing_to_act_on_is_explained(client):
    answer = client.get("/api/search", query_string={"q": "NOT NOT iran"})
    assert answer.status_code == 400 and "NOT each need a word" in answer.get_json()["error"]


@pytest.mark.parametrize("typed", ["-iran -cable", "(-iran) -cable", "–iran −cable"])
def test_leaving_words_out_of_quotes_and_paragraphs_keeps_each_to_its_own(client, typed):
    every = client.get("/api/search", query_string={"q": "", "type": "all"}).get_json()["total"]
    holding = client.get("/api/search", query_string={"q": "iran OR cable", "type": "all"}).get_json()["total"]
    found = client.get("/api/search", query_string={"q": typed, "type": "all"}).get_json()
    assert found["total"] == every - holding
    assert not any(re.search(r"\b(iran|cable)\b", hit["text"], re.IGNORECASE) for hit in found["results"])
    # no word scores, so they come in the documents' order, as with no words at all
    places = [(hit["doc"], hit["paragraph"]) for hit in found["results"]]
    assert places == sorted(places)


def test_security_headers(client):
    for url in ("/", "/?q=iran", "/speaker/hatem-al-maksusi", "/quote/nope"):
        headers = client.get(url).headers
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"]


def test_document_text_is_escaped(tmp_path, serve_folder):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "evil.txt").write_text(
        "Evil <script>alert(1)</script> & co\n\n“Tom & Jerry <script>alert(2)</script> are here,” the cat said.",
        encoding="utf-8")
    client = serve_folder(docs)
    pages = [client.get("/?q=jerry").get_data(as_text=True), client.get("/doc/evil").get_data(as_text=True)]
    quote_id = client.get("/api/search?q=jerry").get_json()["results"][0]["id"]
    pages.append(client.get(f"/quote/{quote_id}").get_data(as_text=True))
    for page in pages:
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert" in page
        assert "Tom &amp; Jerry" in page or "Tom &amp; <mark>Jerry</mark>" in page


def test_no_index_is_a_clear_page(tmp_path):
    from search.web.app import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": tmp_path}).test_client()
    response = client.get("/?q=x")
    assert response.status_code == 503 and "search reindex" in response.get_data(as_text=True)


def test_shared_quote_folds_into_one_result_with_sources(client):
    page = client.get("/?q=intelligence").get_data(as_text=True)
    assert page.count('class="hit quote"') == 1
    assert "2 sources" in page and "TRT World" in page


def test_permalink_shows_also_reported_in_with_a_diff(client):
    quote_id = first_quote_id(client, "consider")
    page = client.get(f"/quote/{quote_id}").get_data(as_text=True)
    assert "Also reported in" in page and ("<del" in page or "<ins" in page)


def test_permalink_carries_json_ld_and_open_graph(client):
    import json

    quote_id = first_quote_id(client)
    page = client.get(f"/quote/{quote_id}").get_data(as_text=True)
    blob = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(blob)
    assert data["@type"] == "Quotation" and data["creator"] == {"@type": "Person", "name": "Hatem al-Maksusi"}
    assert data["isPartOf"]["datePublished"]
    assert 'property="og:title"' in page and "Hatem al-Maksusi" in page


def test_citation_formats_on_the_permalink_page(client):
    page = client.get(f"/quote/{first_quote_id(client)}").get_data(as_text=True)
    for fmt in ("cite-text", "cite-markdown", "cite-bibtex", "cite-csl-json"):
        assert f'id="{fmt}"' in page and f'data-copy="{fmt}"' in page
    assert "onclick" not in page


def test_check_a_quote_finds_maksusi_in_both_seeds(client):
    data = client.get("/api/check?q=all the army's intelligence is yours").get_json()
    assert data["verdict"] == "altered"
    docs = {m["doc"] for m in data["matches"][:2]}
    assert docs == {"iran-vast-influence-in-iraq", "trt-iran-imperialist-power"}
    assert all(m["speaker"] == "Hatem al-Maksusi" for m in data["matches"][:2])
    page = client.get("/check?q=all the army's intelligence is yours").get_data(as_text=True)
    assert "Altered" in page and "<ins" in page
    assert client.get("/api/check?q=we shall fight on the beaches forever").get_json()["verdict"] == "not found"


def test_atom_feed_and_opensearch(client):
    import xml.etree.ElementTree as ET

    feed = client.get("/search.atom?q=intelligence&speaker=hatem-al-maksusi")
    assert feed.mimetype == "application/atom+xml"
    root = ET.fromstring(feed.data)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.findall("a:entry", ns)
    desc = client.get("/opensearch.xml")
    assert b"{searchTerms}" in desc.data and "opensearch.xml" in client.get("/").get_data(as_text=True)


def test_excluding_a_speaker_on_the_page(client):
    page = client.get("/?q=intelligence&exclude=hatem-al-maksusi").get_data(as_text=True)
    assert "0 results" in page and "Left out" in page


def test_sort_by_date(client):
    data = client.get("/api/search?q=iran&sort=date").get_json()
    dates = [r["date"] for r in data["results"]]
    assert dates == sorted(dates, reverse=True)
    assert client.get("/api/search?q=iran&sort=sideways").status_code == 400


def test_source_and_date_filters_on_the_page(client):
    page = client.get("/?q=iran&source=TRT World").get_data(as_text=True)
    assert "Remove source TRT World" in page
    empty = client.get("/?q=iran&from=2030-01-01").get_data(as_text=True)
    assert "No quotes match these filters" in empty and "Clear the filters" in empty
    assert client.get("/?q=iran&from=yesterday").status_code == 400


@pytest.mark.parametrize("dates", ["from=2019-13", "from=2019-11-31", "to=2019-02-30", "from=2019-00",
                                   "from=2020&to=2019"])
def test_impossible_dates_are_a_400_with_a_message_on_the_page_the_api_and_exports(client, dates):
    page = client.get(f"/?q=iran&{dates}")
    assert page.status_code == 400
    assert re.search(r"is not a date|is after the To date", page.get_data(as_text=True))
    for url in (f"/api/search?q=iran&{dates}", f"/export?q=iran&{dates}&format=csv", f"/search.atom?q=iran&{dates}"):
        answer = client.get(url)
        assert answer.status_code == 400, url
        assert "date" in answer.get_json()["error"], url


def test_did_you_mean(client):
    page = client.get("/?q=intelligense").get_data(as_text=True)
    assert "Did you mean" in page and "/?q=intelligence" in page


def test_no_quotes_by_this_speaker_offers_all_speakers(client):
    page = client.get("/?q=resistance&speaker=hatem-al-maksusi").get_data(as_text=True)
    assert "No quotes by this speaker match" in page and "Search all speakers" in page


def test_each_quote_result_has_a_context_line(client):
    page = client.get("/?q=consider").get_data(as_text=True)
    line = page.split('class="context-line"', 1)[1].split("</p>", 1)[0]
    assert "had told him to pass on the message to Iran that" in line and "the quote</span>" in line
    assert "[quote]" not in page  # marked by an ellipsis in quote marks, read out as "the quote"


@pytest.fixture()
def uncertain_client(tmp_path, monkeypatch, serve_folder):
    """A client on an index holding a conversation whose unmarked lines are guessed.

    The line "said Tony" names its speaker; the last line's speaker comes from the order of turns.
    The threshold of "uncertain" is set between their calibrated confidences, which are data.
    """
    from search import model
    from search.extraction.extract import extract
    from search.model import Document

    story = ("Brenda was reading in bed when Tony came in with the letters.\n\n“Well?” said Tony.\n\n“Kiss.”\n\n"
             "“Anything interesting?”\n\n“No. Mama wants the measurements.”")
    said, *_, guessed = extract(Document("story", story, genre="fiction")).quotes
    assert said.confidence > guessed.confidence
    monkeypatch.setattr(model, "UNCERTAIN_BELOW", (said.confidence + guessed.confidence) / 2)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "story.jsonl").write_text(
        '{"id": "story", "genre": "fiction", "text": ' + __import__("json").dumps(story) + '}\n', encoding="utf-8")
    return serve_folder(tmp_path / "docs")


def test_every_attributed_quote_carries_its_confidence_in_the_api(uncertain_client):
    hits = uncertain_client.get("/api/search?q=&type=quote&speaker=tony").get_json()["results"]
    assert hits and all(0 <= h["confidence"] <= 1 for h in hits)
    one = uncertain_client.get(f"/api/quote/{hits[0]['id']}").get_json()
    assert one["confidence"] == hits[0]["confidence"]


def test_uncertain_attributions_are_marked_and_can_be_hidden(uncertain_client):
    every = uncertain_client.get("/api/search?q=measurements").get_json()
    assert every["total"] == 1 and every["results"][0]["speaker"] == "Brenda"
    guessed = every["results"][0]
    page = uncertain_client.get(f"/quote/{guessed['id']}").get_data(as_text=True)
    assert "speaker uncertain" in page
    assert "speaker uncertain" in uncertain_client.get("/?q=measurements").get_data(as_text=True)
    assert uncertain_client.get("/api/search?q=measurements&certain=1").get_json()["total"] == 0
    filtered = uncertain_client.get("/?q=measurements&certain=1").get_data(as_text=True)
    assert "Hide uncertain attributions" in filtered and 'name="certain" value="1" checked' in filtered
    said = uncertain_client.get("/api/search?q=well&certain=1").get_json()
    assert said["total"] == 1 and said["results"][0]["speaker"] == "Tony"


def test_permalink_page_describes_its_source_for_zotero(tmp_path):
    """Highwire citation_* tags name the document's authors (never the speaker); JSON-LD names them too."""
    import json

    from search.web.app import create_app

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Leaks\n\n“We are at your service,” said Hatem al-Maksusi.",
                                              encoding="utf-8")
    (tmp_path / "docs" / "a.meta.json").write_text(json.dumps({
        "title": "Leaks & cables", "source": "The Intercept", "date": "2019-11-18", "genre": "news",
        "authors": ["James Risen", "Tim Arango"], "url": "https://theintercept.example/leaks"}), encoding="utf-8")
    indexer.reindex([tmp_path / "docs"], tmp_path / "ix", jobs=1)
    client = create_app({"TESTING": True, "INDEX_DIR": tmp_path / "ix", "BASE_URL": ""}).test_client()
    quote_id = client.get("/api/search?q=service").get_json()["results"][0]["id"]
    page = client.get(f"/quote/{quote_id}", base_url="http://127.0.0.1:8080").get_data(as_text=True)
    for tag in ('<meta name="citation_title" content="Leaks &amp; cables">',
                '<meta name="citation_author" content="Risen, James">',
                '<meta name="citation_author" content="Arango, Tim">',
                '<meta name="citation_publication_date" content="2019/11/18">',
                '<meta name="prism.publicationName" content="The Intercept">',
                '<meta name="citation_public_url" content="https://theintercept.example/leaks">',
                '<meta name="DC.type" content="newspaperArticle">'):
        assert tag in page
    assert 'name="citation_author" content="al-Maksusi' not in page
    assert "citation_journal_title" not in page  # it would make Zotero save a journal article
    data = json.loads(page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    assert data["isPartOf"]["author"] == [{"@type": "Person", "name": "James Risen"},
                                          {"@type": "Person", "name": "Tim Arango"}]
    assert data["spokenByCharacter"]["name"] == "Hatem al-Maksusi"


def test_one_citation_downloads_from_the_permalink_and_the_api(client):
    import json

    import bibtexparser

    quote_id = first_quote_id(client)
    bib = client.get(f"/quote/{quote_id}?format=bibtex")
    assert bib.headers["Content-Type"] == "application/x-bibtex; charset=utf-8"
    [entry] = bibtexparser.parse_string(bib.get_data(as_text=True)).entries
    assert entry.key == f"quote-{quote_id}" and "author" not in entry.fields_dict  # the seeds have no byline
    csl = client.get(f"/quote/{quote_id}?format=csl-json")
    assert csl.headers["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    [item] = json.loads(csl.get_data(as_text=True))
    assert item["id"] == f"quote-{quote_id}" and item["URL"] == f"https://quotes.example/quote/{quote_id}"
    data = client.get(f"/api/quote/{quote_id}").get_json()
    assert data["citations"]["bibtex"] == bib.get_data(as_text=True)
    assert data["citations"]["text"] == data["citation"] == client.get(f"/quote/{quote_id}?format=text").get_data(
        as_text=True)


def test_the_document_page_lists_what_was_left_out_as_furniture(client):
    page = client.get("/doc/iran-vast-influence-in-iraq").get_data(as_text=True)
    kept, left_out = page.split("Left out as page furniture")
    assert "You&#39;re subscribed" in left_out and "You&#39;re subscribed" not in kept
    assert "call to action after the article" in left_out and "repeated line" in left_out
    assert kept.count("A poster of Iraq Parliament Speaker") == 1  # the caption once, its repeat listed below


@pytest.fixture(scope="module")
def web_client(tmp_path_factory):
    from search.web.app import create_app

    from .conftest import article_html
    from .test_html import NEWS_HEAD

    docs = tmp_path_factory.mktemp("web-docs")
    (docs / "bridge.html").write_text(article_html(head=NEWS_HEAD), encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("web-index")
    indexer.reindex([docs], index_dir, jobs=1)
    return create_app({"TESTING": True, "INDEX_DIR": index_dir}).test_client()


def test_results_permalinks_and_documents_show_one_metadata_line(web_client):
    line = "by Jan de Vries, Ana Lima · The Harbour Times · 2019-11-18 · en · " \
           '<a href="https://harbourtimes.example/2019/11/18/bridge-to-close" rel="noopener noreferrer nofollow">' \
           "original</a>"
    results = web_client.get("/?q=wait").get_data(as_text=True)
    quote_id = web_client.get("/api/search?q=wait").get_json()["results"][0]["id"]
    permalink = web_client.get(f"/quote/{quote_id}").get_data(as_text=True)
    document = web_client.get("/doc/bridge").get_data(as_text=True)
    for page in (results, permalink, document):
        assert line in page
    assert "Left out as page furniture" not in document


def test_cards_show_a_pdf_quotes_page_and_a_transcript_turns_time(tmp_path):
    from search.web.app import create_app
    from tests.conftest import pdf_bytes
    from tests.test_captions import VTT

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "review.pdf").write_bytes(pdf_bytes([[(72, 72, "Bridge review")],
                                                 [(72, 72, "“The bridge is safe to drive on,” said Maria Chen.")]]))
    (docs / "town-hall.vtt").write_text(VTT, encoding="utf-8")
    (docs / "town-hall.meta.json").write_text('{"media_url": "https://media.example/town-hall.mp4"}')
    indexer.reindex([docs], tmp_path / "ix", jobs=1)
    client = create_app({"TESTING": True, "INDEX_DIR": tmp_path / "ix"}).test_client()
    pdf_card = client.get("/?q=safe").get_data(as_text=True)
    assert re.search(r"¶\d+ · p\. 2</span>", pdf_card)
    turn_card = client.get("/?q=economy").get_data(as_text=True)
    assert 'href="https://media.example/town-hall.mp4#t=2467">at 00:41:07' in turn_card
    hit = client.get("/api/search?q=economy").get_json()["results"][0]
    assert (hit["time"], hit["page"]) == (2467.0, None)
