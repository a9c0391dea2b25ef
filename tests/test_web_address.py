"""Every absolute link uses SEARCH_BASE_URL, else the address the request came in on, through trusted proxies only."""
from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import time

import bibtexparser
import pytest

from .conftest import ROOT
from .test_cite import bibliography
from .test_server import free_port, stop

CLI = "from search import cli; cli.main()"


@pytest.fixture()
def served(seed_index):
    """Return a test client of an app with no BASE_URL, as `search serve` runs by default."""
    from search.web.app import create_app

    return create_app({"TESTING": True, "INDEX_DIR": seed_index, "BASE_URL": ""}).test_client()


def quote_id(client) -> str:
    return client.get("/api/search?q=intelligence").get_json()["results"][0]["id"]


def absolute_links(client, base: str, **kw) -> dict[str, str]:
    """Return every page that carries absolute links, fetched as a browser at `base` would."""
    qid = quote_id(client)
    fetched = {url: client.get(url, base_url=base, **kw).get_data(as_text=True) for url in (
        f"/quote/{qid}", f"/api/quote/{qid}", "/search.atom?q=intelligence", "/opensearch.xml",
        "/api/search?q=intelligence", "/api/check?q=all the army's intelligence is yours",
        "/export?q=intelligence&format=csl-json")}
    fetched["id"] = qid
    return fetched


def test_without_a_setting_links_follow_the_address_served(served):
    pages = absolute_links(served, "http://127.0.0.1:8080")
    here, qid = "http://127.0.0.1:8080", pages["id"]
    page = pages[f"/quote/{qid}"]
    for where in (f'<meta property="og:url" content="{here}/quote/{qid}">',
                  f'<link rel="canonical" href="{here}/quote/{qid}">', f'"url": "{here}/quote/{qid}"',
                  f"Permalink: {here}/quote/{qid}</pre>"):
        assert where in page
    assert json.loads(pages[f"/api/quote/{qid}"])["permalink"] == f"{here}/quote/{qid}"
    assert re.search(rf"<id>{re.escape(here)}/quote/\w+</id>", pages["/search.atom?q=intelligence"])
    assert f'template="{here}/?q={{searchTerms}}"' in pages["/opensearch.xml"]
    found = json.loads(pages["/api/search?q=intelligence"])
    assert found["exports"]["csv"].startswith(f"{here}/export?q=intelligence&")
    assert found["exports"]["csv"].endswith("&format=csv")
    checked = json.loads(pages["/api/check?q=all the army's intelligence is yours"])
    assert checked["matches"] and all(m["permalink"].startswith(here) for m in checked["matches"])
    items = json.loads(pages["/export?q=intelligence&format=csl-json"])
    assert len(items) == 2 and all(item["URL"] == f"{here}/quote/{item['id'][6:]}" for item in items)
    assert "127.0.0.1:5000" not in "".join(pages.values())


def test_the_setting_wins_over_the_request(seed_index):
    from search.web.app import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": seed_index, "BASE_URL": "https://quotes.example/"}).test_client()
    pages = absolute_links(client, "http://127.0.0.1:8080")
    assert "127.0.0.1:8080/quote" not in "".join(pages.values())
    assert f"https://quotes.example/quote/{pages['id']}" in pages[f"/quote/{pages['id']}"]


FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "news.example.org", "X-Forwarded-Prefix": "/quotes",
             "X-Forwarded-For": "203.0.113.9"}


def test_behind_a_trusted_proxy_links_use_the_forwarded_address(seed_index):
    from search.web.app import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": seed_index, "BASE_URL": "", "PROXIES": 1}).test_client()
    qid = quote_id(client)
    data = client.get(f"/api/quote/{qid}", base_url="http://127.0.0.1:5000", headers=FORWARDED).get_json()
    assert data["permalink"] == f"https://news.example.org/quotes/quote/{qid}"


def test_forwarded_headers_are_ignored_unless_a_proxy_is_trusted(served):
    qid = quote_id(served)
    data = served.get(f"/api/quote/{qid}", base_url="http://127.0.0.1:5000", headers=FORWARDED).get_json()
    assert data["permalink"] == f"http://127.0.0.1:5000/quote/{qid}"


def test_the_real_server_on_any_port_cites_itself(seed_index):
    """`search serve --port N`, no setting: citations, exports and pages name 127.0.0.1:N; real clients read them."""
    env = {k: v for k, v in os.environ.items() if k not in ("SEARCH_BASE_URL", "SEARCH_PROXIES")}
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", CLI, "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--threads", "2", "--index-dir", str(seed_index)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        def get(path: str) -> tuple[int, str]:
            deadline = time.monotonic() + 30
            while True:
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    conn.request("GET", path)
                    answer = conn.getresponse()
                    return answer.status, answer.read().decode("utf-8")
                except OSError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        pytest.fail("the server did not start: " + proc.stderr.read().decode(errors="replace")[-2000:])
                    time.sleep(0.05)

        here = f"http://127.0.0.1:{port}"
        status, found = get("/api/search?q=intelligence")
        qid = json.loads(found)["results"][0]["id"]
        assert status == 200 and json.loads(get(f"/api/quote/{qid}")[1])["permalink"] == f"{here}/quote/{qid}"
        assert f'content="{here}/quote/{qid}"' in get(f"/quote/{qid}")[1]
        items = json.loads(get("/export?format=csl-json&q=intelligence")[1])
        assert len(items) == json.loads(found)["total"]
        assert all(item["note"].endswith(f"{here}/quote/{item['id'].removeprefix('quote-')}") for item in items)
        assert all("Maksusi" not in entry and here in entry for entry in bibliography(items, "apa"))
        library = bibtexparser.parse_string(get("/export?format=bibtex&q=intelligence")[1])
        assert not library.failed_blocks and len(library.entries) == len(items)
        assert all(e.fields_dict["url"].value.startswith(f"{here}/quote/") for e in library.entries)
        total = json.loads(get("/api/search?q=")[1])["total"]
        rows = get("/export?format=csv")[1].split("\r\n")
        assert len([r for r in rows if r]) - 1 == total and re.search(rf"{re.escape(here)}/quote/\w+", rows[1])
    finally:
        stop(proc)
