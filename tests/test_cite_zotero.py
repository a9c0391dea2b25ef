"""Save to Zotero: what Zotero's own translators (ported in zotero_translators.py) make of our pages."""
import json

import pytest

from search.cite import citation, coins, document_citation, highwire, zotero
from search.index import build as indexer

from .zotero_translators import coins_items, embedded_metadata, parse_context_object, translator_for

BASE = "https://quotes.example"
KINDS = {"news": "newspaperArticle", "magazine": "magazineArticle", "blog": "blogPost", "report": "report",
         "transcript": "presentation", "webpage": "webpage"}
OUTLET_FIELD = {"newspaperArticle": "publicationTitle", "magazineArticle": "publicationTitle",
                "blogPost": "blogTitle", "webpage": "websiteTitle", "report": "institution",
                "presentation": "meetingName"}


@pytest.fixture(scope="module")
def zclient(tmp_path_factory):
    """A site with one document of each kind, each by two authors, each quoting Hatem al-Maksusi."""
    from app import create_app

    docs = tmp_path_factory.mktemp("zotero-docs")
    for genre in KINDS:
        (docs / f"{genre}.txt").write_text(
            f"Leaks in the {genre}\n\nThe cables were read.\n\n“We are at your service,” said Hatem al-Maksusi.",
            encoding="utf-8")
        (docs / f"{genre}.meta.json").write_text(json.dumps({
            "title": f"Leaks & cables ({genre})", "source": f"The {genre.title()} Intercept", "date": "2019-11-18",
            "genre": genre, "authors": ["James Risen", "Tim Arango"],
            "url": f"https://theintercept.example/{genre}"}), encoding="utf-8")
    index = tmp_path_factory.mktemp("zotero-index")
    indexer.reindex([docs], index, jobs=1)
    return create_app({"TESTING": True, "INDEX_DIR": index, "BASE_URL": BASE}).test_client()


def quote_of(client, genre: str) -> dict:
    hits = client.get("/api/search?q=service").get_json()["results"]
    return next(h for h in hits if h["doc"] == genre)


@pytest.mark.parametrize("genre", KINDS)
def test_a_permalink_saves_as_its_article_with_authors_date_outlet_url_and_the_quote(zclient, genre):
    hit = quote_of(zclient, genre)
    page = zclient.get(f"/quote/{hit['id']}").get_data(as_text=True)
    assert translator_for(page) == ("Embedded Metadata", KINDS[genre])
    item = embedded_metadata(page)
    assert item["itemType"] == KINDS[genre]
    assert item["title"] == f"Leaks & cables ({genre})"
    assert [(c["firstName"], c["lastName"]) for c in item["creators"]] == [("James", "Risen"), ("Tim", "Arango")]
    assert item["date"] == "2019/11/18"
    assert item["url"] == f"https://theintercept.example/{genre}"
    if KINDS[genre] in OUTLET_FIELD:
        assert item[OUTLET_FIELD[KINDS[genre]]] == f"The {genre.title()} Intercept"
    # The quote kept: the abstract holds it word for word, its speaker, its paragraph and the permalink back to it.
    assert hit["text"] in item["abstractNote"]
    assert item["abstractNote"] == (f"“We are at your service,” — Hatem al-Maksusi, para. 3. "
                                    f"Permalink: {BASE}/quote/{hit['id']}")


def test_a_permalink_never_forces_a_journal_article(zclient):
    page = zclient.get(f"/quote/{quote_of(zclient, 'news')['id']}").get_data(as_text=True)
    assert "citation_journal_title" not in page and 'class="Z3988"' not in page
    assert '<meta property="og:site_name" content="The News Intercept">' in page


@pytest.mark.parametrize("genre", ["news", "magazine", "report"])
def test_a_document_page_saves_the_same_way_without_a_quote(zclient, genre):
    page = zclient.get(f"/doc/{genre}").get_data(as_text=True)
    item = embedded_metadata(page)
    assert translator_for(page) == ("Embedded Metadata", KINDS[genre])
    assert (item["itemType"], item["date"], item["url"]) == (KINDS[genre], "2019/11/18",
                                                               f"https://theintercept.example/{genre}")
    assert [c["lastName"] for c in item["creators"]] == ["Risen", "Arango"]
    assert item[OUTLET_FIELD[KINDS[genre]]] == f"The {genre.title()} Intercept"
    assert "Maksusi" not in json.dumps(item)


def test_a_results_page_offers_every_hit_with_its_quote(zclient):
    page = zclient.get("/?q=service").get_data(as_text=True)
    assert translator_for(page) == ("COinS", "multiple")
    items = coins_items(page)
    hits = zclient.get("/api/search?q=service").get_json()["results"]
    assert len(items) == page.count('<li class="hit') == len(hits) == len(KINDS)
    by_title = {i["title"]: i for i in items}
    for hit in hits:
        genre = hit["doc"]
        item = by_title[f"Leaks & cables ({genre})"]
        assert item["itemType"] == KINDS[genre] and item["date"] == "2019-11-18"
        assert item["url"] == f"https://theintercept.example/{genre}"
        assert [(c["firstName"], c["lastName"]) for c in item["creators"]] == [("James", "Risen"), ("Tim", "Arango")]
        assert item["abstractNote"].startswith("“We are at your service,” — Hatem al-Maksusi, para. 3.")
        assert item["abstractNote"].endswith(f"Permalink: {BASE}/quote/{hit['id']}")
        if KINDS[genre] in OUTLET_FIELD and KINDS[genre] != "presentation":  # COinS has no meeting name
            assert item[OUTLET_FIELD[KINDS[genre]]] == f"The {genre.title()} Intercept"


def test_paragraph_hits_are_offered_too(zclient):
    page = zclient.get("/?q=cables+read&type=paragraph").get_data(as_text=True)
    items = coins_items(page)
    assert len(items) == page.count('<li class="hit') >= 2
    assert all(i["abstractNote"].startswith("Para. 2. Permalink: ") for i in items)


def test_a_search_without_hits_offers_nothing(zclient):
    page = zclient.get("/?q=zebra").get_data(as_text=True)
    assert translator_for(page) is None


# ---- the tags and spans themselves ---------------------------------------------------------------------

RECORD = {"id": "abc123", "type": "quote", "text": "all of the Iraqi Army’s intelligence — consider it yours,",
          "speaker": "Hatem al-Maksusi", "paragraph": 19, "title": "Iran developed ‘vast influence’ in Iraq",
          "source": "The Times of Israel", "date": "2019-11-18", "authors": ["Jane Smith"], "genre": "news",
          "url": "https://www.timesofisrael.com/iran"}


@pytest.mark.parametrize("genre", ["news", "magazine", "blog", "webpage", "report", "transcript", "captions",
                                   "fiction", ""])
def test_no_kind_of_document_carries_the_tag_that_forces_a_journal_article(genre):
    tags = dict(highwire.tags(citation(dict(RECORD, genre=genre), BASE)))
    assert "citation_journal_title" not in tags
    assert tags["DC.type"] == zotero.item_type(citation(dict(RECORD, genre=genre), BASE))
    assert ("prism.publicationName" in tags) == (tags["DC.type"] in zotero.CONTAINED)


def test_the_abstract_names_the_locator_of_pages_and_recordings():
    pdf = citation(dict(RECORD, genre="report", page=7), BASE)
    assert pdf.abstract.startswith("“all of the Iraqi Army’s intelligence — consider it yours,” — Hatem al-Maksusi, p. 7.")
    spoken = citation(dict(RECORD, genre="transcript", time=3725.2, speaker=""), BASE)
    assert spoken.abstract.startswith("“all of the Iraqi Army’s intelligence — consider it yours,” — at 01:02:05.")


def test_a_document_citation_has_no_quote_and_leads_to_the_document_page():
    c = document_citation(dict(RECORD, doc="times/iran leaks", url=""), BASE)
    assert (c.quote, c.speaker, c.locator, c.abstract) == ("", "", None, "")
    assert c.permalink == f"{BASE}/doc/times/iran%20leaks"


def test_coins_values_survive_the_characters_the_parser_splits_on():
    record = dict(RECORD, title="Q&A: a=b? 100% sure", authors=["O'Brien, Pat"], source="Tom + Jerry Weekly")
    item = parse_context_object(coins.context_object(citation(record, BASE)))
    assert item["title"] == "Q&A: a=b? 100% sure"
    assert item["creators"] == [{"firstName": "Pat", "lastName": "O'Brien", "creatorType": "author"}]
    assert item["publicationTitle"] == "Tom   Jerry Weekly"  # parseContextObject reads %2B as a space
    assert item["itemType"] == "newspaperArticle"


@pytest.mark.parametrize("address", ["/speaker/hatem-al-maksusi", "/check?q=We+are+at+your+service"])
def test_a_speakers_page_and_a_quote_check_offer_every_quote_listed(zclient, address):
    page = zclient.get(address).get_data(as_text=True)
    assert translator_for(page) == ("COinS", "multiple")
    items = coins_items(page)
    assert len(items) == page.count('<li class="hit') >= 2
    assert all("— Hatem al-Maksusi, para. 3." in i["abstractNote"] for i in items)


def test_an_organisation_author_stays_whole_in_zotero_and_a_person_is_split():
    page_tags = highwire.tags(citation(dict(RECORD, authors=["Associated Press", "Reuters", "Ludwig van Beethoven"]),
                                       BASE))
    head = "".join(f'<meta name="{n}" content="{v}">' for n, v in page_tags)
    item = embedded_metadata(f"<html><head>{head}</head><body></body></html>")
    assert [(c["firstName"], c["lastName"]) for c in item["creators"]] == [
        ("", "Associated Press"), ("", "Reuters"), ("Ludwig", "van Beethoven")]
    spanned = parse_context_object(coins.context_object(citation(dict(RECORD, authors=["Associated Press"]), BASE)))
    assert [(c["firstName"], c["lastName"]) for c in spanned["creators"]] == [("", "Associated Press")]


def test_on_a_page_with_both_meta_tags_and_spans_the_spans_win(zclient):
    """COinS (priority 310) runs before Embedded Metadata (320): why permalinks carry no span."""
    permalink = zclient.get(f"/quote/{quote_of(zclient, 'news')['id']}").get_data(as_text=True)
    results = zclient.get("/?q=service").get_data(as_text=True)
    spans = "".join(line for line in results.splitlines() if 'class="Z3988"' in line)
    assert translator_for(permalink.replace("</body>", spans + "</body>")) == ("COinS", "multiple")


def test_an_outlet_listed_among_the_authors_is_saved_whole_not_as_initials():
    page_tags = highwire.tags(citation(dict(RECORD, authors=["Jill Disis", "CNN Business"]), BASE))
    head = "".join(f'<meta name="{n}" content="{v}">' for n, v in page_tags)
    item = embedded_metadata(f"<html><head>{head}</head><body></body></html>")
    assert [(c["firstName"], c["lastName"]) for c in item["creators"]] == [("Jill", "Disis"), ("", "CNN Business")]
