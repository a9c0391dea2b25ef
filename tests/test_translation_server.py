"""Zotero's own translation-server saves our pages and imports our exports; skipped where it is not at hand.

Point ZOTERO_TRANSLATION_SERVER at a running server (http://127.0.0.1:1969), or
ZOTERO_TRANSLATION_SERVER_DIR at a checkout of zotero/translation-server with its submodules and
`npm install` done (it is on GitHub, not npm), which the test starts with Node. Our site is served on
127.0.0.1 for the server to read.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from search.index import build as indexer

ARTICLE_TYPES = {"newspaperArticle", "magazineArticle", "blogPost"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(url: str, body: str, content_type: str = "text/plain") -> tuple[int, object]:
    request = urllib.request.Request(url, data=body.encode("utf-8"), headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as err:
        text = err.read().decode("utf-8", "replace")
        return err.code, json.loads(text) if text.startswith(("{", "[")) else text


@pytest.fixture(scope="module")
def server():
    """Return the address of a translation-server: the one named, or one started from a checkout."""
    named = os.environ.get("ZOTERO_TRANSLATION_SERVER")
    if named:
        yield named.rstrip("/")
        return
    folder = os.environ.get("ZOTERO_TRANSLATION_SERVER_DIR")
    if not folder or not shutil.which("node"):
        pytest.skip("no translation-server: set ZOTERO_TRANSLATION_SERVER to a running one, or "
                    "ZOTERO_TRANSLATION_SERVER_DIR to a checkout of zotero/translation-server (needs Node)")
    port = _free_port()
    env = dict(os.environ, NODE_CONFIG=json.dumps({"port": port, "host": "127.0.0.1"}))
    process = subprocess.Popen(["node", "src/server.js"], cwd=folder, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    address = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # up to 20 s for the translators to load
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail(f"translation-server in {folder} did not listen on {address}")
        yield address
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Serve a small corpus of a newspaper's, a magazine's and a blog's articles on 127.0.0.1."""
    from werkzeug.serving import make_server

    from app import create_app

    docs = tmp_path_factory.mktemp("ts-docs")
    for genre in ("news", "magazine", "blog"):
        (docs / f"{genre}.txt").write_text(
            f"Leaks in the {genre}\n\n“We are at your service,” said Hatem al-Maksusi.", encoding="utf-8")
        (docs / f"{genre}.meta.json").write_text(json.dumps({
            "title": f"Leaks ({genre})", "source": f"The {genre.title()}", "date": "2019-11-18", "genre": genre,
            "authors": ["James Risen"], "url": f"https://theintercept.example/{genre}"}), encoding="utf-8")
    index = tmp_path_factory.mktemp("ts-index")
    indexer.reindex([docs], index, jobs=1)
    port = _free_port()
    app = create_app({"INDEX_DIR": index, "BASE_URL": f"http://127.0.0.1:{port}"})
    httpd = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}", app
    httpd.shutdown()


def test_zotero_saves_a_permalink_as_its_article_with_the_quote(server, site):
    address, app = site
    hits = app.test_client().get("/api/search?q=service").get_json()["results"]
    for hit in hits:
        status, items = _post(f"{server}/web", f"{address}/quote/{hit['id']}")
        assert status == 200, items
        [item] = [i for i in items if i["itemType"] not in ("note", "attachment")]
        assert item["itemType"] in ARTICLE_TYPES and item["title"] == f"Leaks ({hit['doc']})"
        assert [c["lastName"] for c in item["creators"]] == ["Risen"]
        assert item["date"].replace("/", "-").startswith("2019-11-18")
        assert item["url"] == f"https://theintercept.example/{hit['doc']}"
        assert "We are at your service" in item["abstractNote"] and f"/quote/{hit['id']}" in item["abstractNote"]


def test_zotero_offers_every_hit_of_a_results_page(server, site):
    address, app = site
    status, found = _post(f"{server}/web", f"{address}/?q=service")
    assert status == 300, found
    assert len(found["items"]) == 3


@pytest.mark.parametrize("fmt", ["csl-json", "bibtex"])
def test_zotero_imports_an_export_one_item_per_hit_each_with_its_quote(server, site, fmt):
    _, app = site
    exported = app.test_client().get(f"/export?q=service&format={fmt}").get_data(as_text=True)
    status, items = _post(f"{server}/import", exported)
    assert status == 200, items
    works = [i for i in items if i["itemType"] not in ("note", "attachment")]
    assert len(works) == 3
    # The quote lands in each work's Extra (CSL-JSON's note) or in a child note (BibTeX's note).
    kept = [i.get("extra", "") for i in works] + [i.get("note", "") for i in items if i["itemType"] == "note"]
    assert sum("We are at your service" in k for k in kept) == 3
