"""Bounded requests on the web: notices and partial answers on the page, in the API and in the feed; every
listing paged; oversized requests refused."""
import re

import pytest

from search.web.app import create_app


@pytest.fixture()
def bounded(bounds_index):
    return create_app({"TESTING": True, "INDEX_DIR": bounds_index, "MAX_EXPANSIONS": 3, "LISTING_PAGE_SIZE": 5,
                       "MAX_RESULT_WINDOW": 20, "PAGE_SIZE": 5}).test_client()


@pytest.fixture()
def out_of_time(bounds_index):
    return create_app({"TESTING": True, "INDEX_DIR": bounds_index, "TIME_BUDGET": 0.0}).test_client()


CAPPED = "tax* matched more than 3 words; results use the 3 most frequent"


def test_a_capped_wildcard_is_said_in_the_api_the_page_and_the_feed(bounded):
    answer = bounded.get("/api/search?q=tax*").get_json()
    assert answer["notices"] == [CAPPED] and answer["partial"] is False
    assert CAPPED in bounded.get("/?q=tax*").get_data(as_text=True)
    assert CAPPED in bounded.get("/search.atom?q=tax*").get_data(as_text=True)


def test_an_ordinary_search_has_no_notice(bounded):
    answer = bounded.get("/api/search?q=taxes").get_json()
    assert answer["notices"] == [] and answer["partial"] is False
    assert "Partial results" not in bounded.get("/?q=taxes").get_data(as_text=True)


def test_a_search_out_of_time_is_partial_in_the_api_the_page_and_the_feed(out_of_time):
    answer = out_of_time.get("/api/search?q=taxes").get_json()
    assert answer["partial"] is True
    page = out_of_time.get("/?q=taxes")
    assert page.status_code == 200 and "Partial results" in page.get_data(as_text=True)
    assert "At least" in page.get_data(as_text=True)
    feed = out_of_time.get("/search.atom?q=taxes").get_data(as_text=True)
    assert "<subtitle>Partial results" in feed


@pytest.mark.parametrize("q, message", [("[a TO z]", "only work on dates"), ("*ax", "begins with a wildcard"),
                                        ("tax~5", "at most 2")])
def test_unbounded_forms_get_a_400_with_a_message(bounded, q, message):
    api = bounded.get("/api/search", query_string={"q": q})
    assert api.status_code == 400 and message in api.get_json()["error"]
    page = bounded.get("/", query_string={"q": q})
    assert page.status_code == 400 and message in page.get_data(as_text=True)


def test_deep_pages_stop_at_the_result_window(bounded):
    assert bounded.get("/api/search?q=&type=paragraph&page=4").status_code == 200
    answer = bounded.get("/api/search?q=&type=paragraph")
    assert answer.get_json()["pages"] == 4  # 60 paragraphs, 5 a page, 20 deep
    deep = bounded.get("/api/search?q=&type=paragraph&page=5")
    assert deep.status_code == 400 and "first 20 results" in deep.get_json()["error"]


def quote_texts(html: str) -> list[str]:
    return re.findall(r'<blockquote class="quote-text">“(.*?)”</blockquote>', html)


def test_a_speakers_page_is_paged_newest_first(bounded):
    first = bounded.get("/speaker/ann-lee").get_data(as_text=True)
    second = bounded.get("/speaker/ann-lee?page=2").get_data(as_text=True)
    assert "24 quotes" in first and "Page 1 of 4" in first and "Page 2 of 4" in second
    assert len(quote_texts(first)) == 5 and len(quote_texts(second)) == 5
    assert not set(quote_texts(first)) & set(quote_texts(second))
    assert "tax1 tax2 tax3 tax4 tax5 tax6 tax7 tax8 tax9 tax10 tax11 tax12" in first  # d12, the newest
    assert 'href="/speaker/ann-lee?page=2"' in first
    # Counts by source and month cover all 24 quotes, not the page.
    assert re.search(r"Daily <span class=\"count\">12</span>", first)
    assert "Pages reach the newest 20" in first


def test_a_speakers_page_past_the_window_or_the_end_is_refused(bounded):
    assert bounded.get("/speaker/ann-lee?page=5").status_code == 400  # 25 > 20 deep
    assert bounded.get("/speaker/bob-stone?page=3").status_code == 200  # 12 quotes, 5 a page
    assert bounded.get("/speaker/bob-stone?page=4").status_code == 400


def test_a_long_document_is_paged_and_links_land_on_the_right_page(bounded):
    first = bounded.get("/doc/long").get_data(as_text=True)
    assert 'id="p-5"' in first and 'id="p-6"' not in first and "Page 1 of 5" in first
    second = bounded.get("/doc/long?page=2").get_data(as_text=True)
    assert 'id="p-6"' in second and 'id="p-10"' in second and 'id="p-5"' not in second
    assert bounded.get("/doc/long?page=6").status_code == 404
    # Results, speaker pages and permalinks link a quote of paragraph 16 to page 4.
    hit = bounded.get("/api/search?q=point 15").get_json()["results"][0]
    assert hit["paragraph"] == 16
    link = f'/doc/long?page=4#q-{hit["id"]}'
    assert link in bounded.get("/?q=point 15").get_data(as_text=True)
    assert link in bounded.get(f"/quote/{hit['id']}").get_data(as_text=True)
    assert link in bounded.get("/speaker/ann-lee?page=4").get_data(as_text=True)
    assert f'id="q-{hit["id"]}"' in bounded.get("/doc/long?page=4").get_data(as_text=True)


def test_the_overview_counts_from_statistics(bounded):
    page = bounded.get("/").get_data(as_text=True)
    assert "36 quotes by 2 speakers in 13 documents (60 paragraphs)" in page


def test_an_over_long_address_is_refused(bounded):
    api = bounded.get("/api/search?q=" + "a" * 17000)
    assert api.status_code == 414 and "16,384 characters" in api.get_json()["error"]
    page = bounded.get("/?q=" + "a" * 17000)
    assert page.status_code == 414 and "16,384 characters" in page.get_data(as_text=True)


def test_an_over_large_body_is_refused(bounded):
    answer = bounded.post("/api/search?q=x", data=b"x" * 70000)
    assert answer.status_code == 413 and "65,536 bytes" in answer.get_json()["error"]


def test_a_check_out_of_time_says_so(out_of_time, bounded):
    assert out_of_time.get("/api/check?q=taxes will rise").get_json()["partial"] is True
    assert "Partial: the search for close quotes" in out_of_time.get("/check?q=taxes will rise").get_data(as_text=True)
    assert bounded.get("/api/check?q=taxes will rise").get_json()["partial"] is False


def test_a_speakers_page_out_of_time_is_partial_not_missing(out_of_time):
    page = out_of_time.get("/speaker/ann-lee")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Partial: the listing ran out of time" in text
    assert "<h1>Ann Lee</h1>" in text
    assert out_of_time.get("/speaker/nobody-at-all").status_code == 404


def test_a_speakers_counts_by_source_and_month_list_the_largest_and_newest(bounded, monkeypatch):
    from search.web import shape

    monkeypatch.setattr(shape, "COUNTS_SHOWN", 2)
    page = bounded.get("/speaker/ann-lee").get_data(as_text=True)
    by_source = re.search(r"<h2>By source</h2><ul>(.*?)</ul>", page).group(1)
    assert re.findall(r"<li>([^<]+) <span", by_source) == ["Daily", "Wire 0"]
    assert "and 2 more sources" in page
    by_month = re.search(r"<h2>By month</h2><ul>(.*?)</ul>", page).group(1)
    assert re.findall(r"<li>([^<]+) <span", by_month) == ["2019-12", "2019-11"]
    assert "and 11 earlier months" in page


def test_the_documents_sources_list_the_largest_and_the_one_picked(bounded, monkeypatch):
    from search.web import shape

    monkeypatch.setattr(shape, "COUNTS_SHOWN", 2)
    every = bounded.get("/documents").get_data(as_text=True)
    assert re.findall(r'source=([^"]+)">', every) == ["Wire+0", "Wire+1"] and "and 2 more sources" in every
    daily = bounded.get("/documents?source=Daily").get_data(as_text=True)
    assert "<strong>Daily</strong>" in daily and "and 1 more source<" in daily


SAID_EVERYWHERE = "We will keep every library in the county open on Sundays from next spring"


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    import json

    from search.index import build as indexer

    folder = tmp_path_factory.mktemp("copies-corpus")
    lines = [{"id": f"c{n}", "title": f"Libraries {n}", "date": f"2020-0{n}-01", "source": f"Paper {n}",
              "text": f"Libraries {n}\n\n“{SAID_EVERYWHERE},” Cara Diaz said."} for n in range(1, 6)]
    (folder / "copies.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("copies-index")
    indexer.reindex([folder], index_dir, jobs=1)
    return create_app({"TESTING": True, "INDEX_DIR": index_dir}).test_client()


def test_a_quote_in_many_sources_lists_some_and_counts_the_rest(copies, monkeypatch):
    from search.web import shape

    monkeypatch.setattr(shape, "OTHERS_SHOWN", 2)
    page = copies.get("/?q=library sundays").get_data(as_text=True)
    card = re.search(r'<details class="sources">(.*?)</details>', page, re.S).group(1)
    assert "5 sources" in card and card.count("<li><a href=") == 2 and "and 2 more sources" in card
    hit = copies.get("/api/search?q=library sundays").get_json()["results"][0]
    permalink = copies.get(f"/quote/{hit['id']}").get_data(as_text=True)
    also = re.search(r'<section class="also">(.*?)</section>', permalink, re.S).group(1)
    assert also.count("<li>") == 2 and "and 2 more sources" in also
