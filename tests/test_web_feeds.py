"""Whole searches downloaded from /export: streamed, every hit, the total stated in a header and on the page."""
from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import parse_qs, urlsplit

import bibtexparser


def speaker_of(client, q: str) -> str:
    return client.get(f"/api/search?q={q}").get_json()["facets"]["speaker"][0]["key"]


def test_export_streams_every_hit_with_its_total(client):
    total = client.get("/api/search?q=").get_json()["total"]
    response = client.get("/export?format=csv")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8; header=present"
    assert response.headers["Content-Disposition"] == 'attachment; filename="quotes-all.csv"'
    assert int(response.headers["X-Total-Count"]) == total
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))
    assert len(rows) == total > 10  # more than a page: no cap
    assert all(r["permalink"].startswith("https://quotes.example/quote/") for r in rows)


def test_export_keeps_the_searchs_filters(client):
    key = speaker_of(client, "intelligence")
    search = f"q=intelligence&speaker={key}&type=quote&from=2019-11&to=2019-11-30"
    total = client.get(f"/api/search?{search}").get_json()["total"]
    lines = client.get(f"/export?{search}&format=jsonl&page=2").get_data(as_text=True).splitlines()
    assert len(lines) == total == 2 and {json.loads(line)["speaker_key"] for line in lines} == {key}


def test_export_hides_uncertain_speakers_as_the_search_does(client):
    for search in ("certain=1", "q=iran&certain=1", "q=iran"):
        total = client.get(f"/api/search?{search}").get_json()["total"]
        assert client.get(f"/export?{search}&format=jsonl").get_data(as_text=True).count("\n") == total


def test_every_format_downloads(client):
    total = client.get("/api/search?q=").get_json()["total"]
    bib = client.get("/export?format=bibtex")
    assert bib.headers["Content-Type"] == "application/x-bibtex; charset=utf-8"
    library = bibtexparser.parse_string(bib.get_data(as_text=True))
    assert not library.failed_blocks and len(library.entries) == total
    items = client.get("/export?format=csl-json").get_json(force=True)
    assert len(items) == total and all(i["type"] == "article-newspaper" for i in items)
    assert client.get("/export").headers["Content-Disposition"].endswith('quotes-all.csv"')


def test_a_bad_export_gets_a_message(client):
    for url in ("/export?format=xlsx", "/export?q=iran&from=yesterday&format=csv", "/export?type=nope"):
        response = client.get(url)
        assert response.status_code == 400 and response.get_json()["error"]


def test_the_results_page_offers_the_whole_search_with_its_count(client):
    key = speaker_of(client, "iran")
    page = client.get(f"/?q=iran&speaker={key}&page=1").get_data(as_text=True)
    total = client.get(f"/api/search?q=iran&speaker={key}").get_json()["total"]
    assert total and f"Download all {total} result{'s' if total > 1 else ''}:" in page
    link = re.search(r'<a href="(/export\?[^"]*)">CSV</a>', page).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(link).query) == {"q": ["iran"], "speaker": [key], "type": ["quote"],
                                              "sort": ["relevance"], "format": ["csv"]}  # the search, not its page
    assert "Download all" not in client.get("/?q=zebra").get_data(as_text=True)
