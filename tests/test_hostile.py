"""Hostile queries, documents, ids and paths: a clear message or a safe page, never a 500 or a script."""
from __future__ import annotations

import html.parser
import json
import re
import sys
from pathlib import Path

import pytest

from search import documents
from search.index import build as indexer

from .conftest import ROOT, SEEDS

# ---- a page checker: nothing executable may reach a page -------------------------------------


class _Executable(html.parser.HTMLParser):
    """Collect whatever in a page could run script: inline script, handlers, script URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.script: str | None = None  # the type of the script element we are in, if any

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data") and value and \
                    re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:", "vbscript:", "data:text")):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            kind = attrs.get("type", "")
            if kind == "application/ld+json":
                self.script = kind
            elif not (attrs.get("src") or "").startswith("/static/"):
                self.found.append(f"<script {attrs}>")
                self.script = "bad"
            else:
                self.script = "src"
        if tag in ("iframe", "object", "embed", "base", "svg", "math"):
            self.found.append(f"<{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self.script = None

    def handle_data(self, data):
        if self.script == "src" and data.strip():
            self.found.append("inline code in a script with src")
        elif self.script == "application/ld+json":
            json.loads(data)  # data, not code; tojson escapes "<" so it cannot close the element
            if "<" in data:
                self.found.append("'<' inside JSON-LD")


def executable(page: str) -> list[str]:
    """Return what in an HTML page could execute; [] for a safe page."""
    checker = _Executable()
    checker.feed(page)
    checker.close()
    return checker.found


# ---- hostile queries --------------------------------------------------------------------------

MAX = 500  # search.config MAX_QUERY_LENGTH default

HOSTILE_QUERIES = [
    '"unbalanced', "'single", "(", ")", "((iran)", "iran)", "AND", "OR NOT", "NOT", "iran AND", "AND OR NOT",
    "*", "?", "*ran", "?ran", "ir*", "te?ran", "[a TO", "{a TO b", "title:x", "nofield:x", "text:", ":", "^",
    "iran^", "iran~", "~2", '"iran iraq"~', "\\", "%", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
    "javascript:alert(1)", "iran\x00iraq", "\x00", "\x01\x02\x1f\x7f", "\t\n\r", "\u202eevil", "\u200f\u05e9\u05dc\u05d5\u05dd",
    "e\u0301\u0301\u0301\u0301", "Z\u0334\u0349\u0306a\u0335l\u0337g\u0336o\u0338", "العراق", "🙂" * 50, "\ufeff", "\uffff",
    "a " * 240, "iran OR " * 60 + "iraq", "(" * 200 + "iran", '"' * 400, "*" * 400, "NOT " * 120,
    "q" * MAX, "iran" + " " * (MAX - 4),
]


@pytest.fixture(scope="module")
def seed_app(tmp_path_factory):
    from search.web.app import create_app

    index_dir = tmp_path_factory.mktemp("hostile-seed")
    indexer.reindex([SEEDS], index_dir, jobs=1)
    return create_app({"TESTING": True, "INDEX_DIR": index_dir, "BASE_URL": "https://quotes.example"})


@pytest.fixture()
def client(seed_app):
    return seed_app.test_client()


def _assert_handled(response, path: str) -> None:
    assert response.status_code in (200, 400), (path, response.status_code)
    if path.startswith("/api/"):
        data = response.get_json()
        assert data is not None
        if response.status_code == 400:
            assert data["error"]
    else:
        page = response.get_data(as_text=True)
        assert executable(page) == []
        if response.status_code == 400:
            assert "could not run" in page


@pytest.mark.parametrize("text", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_hostile_query_gets_results_or_a_message(client, text):
    _assert_handled(client.get("/", query_string={"q": text}), "/")
    for params in ({"q": text}, {"q": text, "type": "all"}, {"q": text, "speaker": "hatem-al-maksusi"}):
        _assert_handled(client.get("/api/search", query_string=params), "/api/search")


def test_query_over_the_limit_is_a_400_with_the_limit(client):
    for path in ("/", "/api/search"):
        response = client.get(path, query_string={"q": "q" * (MAX + 1)})
        assert response.status_code == 400
        assert f"longer than {MAX} characters" in response.get_data(as_text=True)


@pytest.mark.parametrize("raw", ["%ED%A0%80", "%FF%FE", "%C3%28", "iran%00", "%25", "%E2%80%AE%E2%80%AD",
                                 "iran&q=iraq", "&q", "iran;drop"])
def test_undecodable_and_odd_url_bytes(client, raw):
    for path in ("/", "/api/search"):
        _assert_handled(client.get(f"{path}?q={raw}"), path)


@pytest.mark.parametrize("params", [
    {"page": "abc"}, {"page": "0"}, {"page": "-1"}, {"page": ""}, {"page": "1e3"}, {"page": "1.5"},
    {"page": "99999999"}, {"page": "9" * 5000}, {"page": "٣"}, {"page": "50"}, {"page": " 2 "},
    {"type": "nope"}, {"type": ""}, {"speaker": "nobody"}, {"speaker": "<script>"}, {"exclude": "nobody"},
    {"speaker": ["nobody"] * 300}, {"exclude": [f"x{i}" for i in range(300)]}, {"speaker": "x" * 5000},
    {"sort": "nope"}, {"sort": "date"},
])
def test_odd_parameters_get_results_or_a_message(client, params):
    for path in ("/", "/api/search"):
        _assert_handled(client.get(path, query_string={"q": "iran", **params}), path)


def test_nonexistent_speaker_is_a_clear_message(client):
    response = client.get("/api/search", query_string={"q": "iran", "speaker": "nobody-at-all"})
    assert response.status_code == 400 and "no speaker is called 'nobody-at-all'" in response.get_json()["error"]


def test_page_past_the_end_is_a_message(client):
    response = client.get("/api/search", query_string={"q": "intelligence", "page": "50"})
    assert response.status_code == 400 and "past the last page" in response.get_json()["error"]


def test_query_text_is_escaped_in_the_page(client):
    page = client.get("/", query_string={"q": '"><script>alert(1)</script>'}).get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


# ---- hostile documents ------------------------------------------------------------------------

EVIL_HTML = """<html><head><title>Evil <script>alert('title')</script> page</title>
<script>alert(0)</script><style>body{}</style></head><body>
<p>“The <script>alert('quote')</script> zorkmid plan is final,” said <b onmouseover="alert(2)">Ann Lee</b>.</p>
<p><a href="javascript:alert(3)">click zorkmid</a> <img src=x onerror=alert(4)> &lt;script&gt;alert(5)&lt;/script&gt; zorkmid
<a href=" jav&#x09;ascript:alert(6)">x</a></p><iframe src="javascript:alert(7)"></iframe><svg onload=alert(8)><text>hidden</text></svg>
<p>“We see <img src=x onerror=alert(9)> zorkmid everywhere,” the agency said.</p></body></html>"""

EVIL_TEXT = """Zorkmid title <script>alert(1)</script>

“Zorkmid <img src=x onerror=alert(1)> and <a href="javascript:alert(2)">link</a> stays,” said Bob <script>Ray</script>.

javascript:alert(3) onerror=alert(4) <svg/onload=alert(5)> zorkmid {{ 7*7 }} {% raw %}

“Tom & Jerry </script><script>alert(6)</script> are zorkmid,” the cat said."""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Index a folder of hostile and broken files; return (app, summary, folder)."""
    from search.web.app import create_app

    base = tmp_path_factory.mktemp("hostile")
    docs = base / "docs"
    docs.mkdir()
    (docs / "evil-html.html").write_text(EVIL_HTML, encoding="utf-8")
    (docs / "evil-text.txt").write_text(EVIL_TEXT, encoding="utf-8")
    (docs / "linked.txt").write_text("Linked\n\n“A zorkmid linked story,” said Cy Dee.", encoding="utf-8")
    (docs / "linked.meta.json").write_text(json.dumps({"title": "<script>alert(1)</script>",
                                                       "source": "<img src=x onerror=alert(1)>",
                                                       "url": "javascript:alert(1)"}))
    (docs / "invalid-utf8.txt").write_bytes("“Zorkmid,” said Al.".encode() + b"\xc3\x28\xff")
    (docs / "utf16-le.txt").write_bytes("Wide\r\n\r\n“Zorkmid wide little,” said Una Le.".encode("utf-16"))
    (docs / "utf16-be.txt").write_bytes(b"\xfe\xff" + "Wide\n\n“Zorkmid wide big,” said Una Be.".encode("utf-16-be"))
    (docs / "utf8-bom.md").write_bytes(b"\xef\xbb\xbf" + "Bom\n\n“Zorkmid bom,” said Bo Mm.".encode())
    (docs / "empty.txt").write_bytes(b"")
    (docs / "blank.md").write_text(" \n\t\n  ", encoding="utf-8")
    (docs / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (docs / "nul-late.txt").write_bytes(b"a" * 9000 + b"\x00zorkmid")
    (docs / "big.txt").write_bytes(b"zorkmid " * 2000)
    (docs / "only-tags.html").write_text("<html><script>alert(1)</script><style>x{}</style></html>")
    lines = [
        json.dumps({"id": "ok-1", "title": "<script>alert(1)</script>", "source": "\"onerror=alert(1)",
                    "url": "javascript:alert(1)", "text": "“A zorkmid from the feed,” said Di Ok."}),
        "{broken json",
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "blank", "text": "   "}),
        '{"id": "surrogate", "text": "Lone \\ud800 zorkmid"}',
        json.dumps({"id": "../../etc/passwd", "url": "https://example.org/ok", "text": "“Zorkmid path,” said Pa Th."}),
        json.dumps({"id": "ok-2", "url": "data:text/html,<script>alert(1)</script>", "text": "Zorkmid two."}),
    ]
    (docs / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (docs / "ignored.pdf").write_bytes(b"%PDF-1.4 zorkmid")
    index_dir = base / "ix"
    real_limit = documents.MAX_FILE_BYTES
    documents.MAX_FILE_BYTES = 10_000  # the limit is a module setting; a small one keeps the test file small
    try:
        summary = indexer.reindex([docs], index_dir, jobs=1)
    finally:
        documents.MAX_FILE_BYTES = real_limit
    app = create_app({"TESTING": True, "INDEX_DIR": index_dir, "BASE_URL": "https://quotes.example"})
    return app, summary, docs


def test_broken_files_are_reported_with_path_and_reason(hostile):
    _app, summary, docs = hostile
    reasons = {s.path.replace(str(docs) + "/", ""): s.reason for s in summary.skipped}
    assert "not UTF-8" in reasons["invalid-utf8.txt"] and "read as UTF-8" in reasons["invalid-utf8.txt"]
    assert reasons["empty.txt"] == "no text" and reasons["blank.md"] == "no text"
    assert "binary" in reasons["binary.txt"] and "binary" in reasons["nul-late.txt"]
    assert "over the 10000 byte limit" in reasons["big.txt"]
    assert reasons["only-tags.html"] == "no article text found"
    assert "invalid JSON" in reasons["feed.jsonl:2"]
    assert "no 'text' field" in reasons["feed.jsonl:3"] and "no 'text' field" in reasons["feed.jsonl:4"]
    assert reasons["feed.jsonl:5"] == "no text"
    assert "surrogate" in reasons["feed.jsonl:6"]
    assert "url ignored" in reasons["feed.jsonl:1"] and "url ignored" in reasons["feed.jsonl:8"]
    assert "url ignored" in reasons["linked.txt"]
    assert "truncated or damaged PDF" in reasons["ignored.pdf"]


def test_the_rest_is_indexed(hostile):
    app, summary, _docs = hostile
    client = app.test_client()
    data = client.get("/api/search", query_string={"q": "zorkmid", "type": "all"}).get_json()
    docs = {r["doc"] for r in data["results"]} | {
        r["doc"] for p in range(2, data["pages"] + 1)
        for r in client.get("/api/search", query_string={"q": "zorkmid", "type": "all", "page": p}).get_json()["results"]}
    assert docs == {"evil-html", "evil-text", "linked", "utf16-le", "utf16-be", "utf8-bom", "ok-1", "etc/passwd", "ok-2",
                    "invalid-utf8"}
    assert summary.documents == 10


def test_unsafe_links_never_reach_a_page_or_the_api(hostile):
    app, _summary, _docs = hostile
    client = app.test_client()
    for doc in ("linked", "ok-1", "ok-2"):
        assert "javascript:" not in client.get(f"/doc/{doc}").get_data(as_text=True)
    assert 'href="https://example.org/ok"' in client.get("/doc/etc/passwd").get_data(as_text=True)
    for hit in client.get("/api/search", query_string={"q": "zorkmid", "type": "all"}).get_json()["results"]:
        quote = client.get(f"/api/quote/{hit['id']}")
        if quote.status_code == 200:
            assert quote.get_json()["url"] in ("", None, "https://example.org/ok")


def _every_page(client) -> dict[str, str]:
    pages = {}
    for q in ("zorkmid", "script", "alert", "onerror", "javascript", "img", "Jerry", "7*7"):
        for kind in ("quote", "paragraph", "all"):
            pages[f"/?q={q}&type={kind}"] = client.get("/", query_string={"q": q, "type": kind}).get_data(as_text=True)
    pages["/"] = client.get("/").get_data(as_text=True)
    hits = client.get("/api/search", query_string={"q": "zorkmid", "type": "quote"}).get_json()
    for hit in hits["results"]:
        pages[f"/quote/{hit['id']}"] = client.get(f"/quote/{hit['id']}").get_data(as_text=True)
        if hit["speaker_key"]:
            pages[f"/speaker/{hit['speaker_key']}"] = client.get(f"/speaker/{hit['speaker_key']}").get_data(as_text=True)
    for doc in ("evil-html", "evil-text", "linked", "utf16-le", "ok-1", "ok-2", "etc/passwd"):
        response = client.get(f"/doc/{doc}")
        assert response.status_code == 200, doc
        pages[f"/doc/{doc}"] = response.get_data(as_text=True)
    return pages


def test_nothing_executable_reaches_a_page(hostile):
    app, _summary, _docs = hostile
    pages = _every_page(app.test_client())
    assert len(pages) > 30
    for url, page in pages.items():
        assert executable(page) == [], url
    evil = pages["/doc/evil-html"]
    assert "alert(0)" not in evil and "alert('title')" not in evil  # script elements are dropped, not shown
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in evil  # escaped text from the HTML stays text
    text = html_unescape(pages["/doc/evil-text"])
    assert "{{ 7*7 }}" in text and "{% raw %}" in text  # document text is never evaluated as a template
    assert "</script><script>alert(6)</script>" in text and "&lt;/script&gt;&lt;script&gt;" in pages["/doc/evil-text"]


def html_unescape(page: str) -> str:
    import html as html_mod

    return html_mod.unescape(page)


def test_highlights_keep_only_mark(hostile):
    app, _summary, _docs = hostile
    data = app.test_client().get("/api/search", query_string={"q": "zorkmid img script", "type": "all"}).get_json()
    assert data["results"]
    for hit in data["results"]:
        tags = set(re.findall(r"</?([a-zA-Z][\w-]*)", hit["highlighted"]))
        assert tags <= {"mark"}, hit["highlighted"]


# ---- hostile ids and paths --------------------------------------------------------------------

HOSTILE_PATHS = [
    "/quote/../../etc/passwd", "/quote/..%2F..%2Fetc%2Fpasswd", "/quote/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/quote/....//....//etc/passwd", "/doc/../../etc/passwd", "/doc/..%2F..%2Fetc%2Fpasswd",
    "/doc/%2e%2e/%2e%2e/etc/passwd", "/doc//etc/passwd", "/doc/etc/passwd", "/doc/%2Fetc%2Fpasswd",
    "/doc/..", "/doc/.", "/doc/~root/.ssh/id_rsa", "/doc/C:%5CWindows%5Cwin.ini",
    "/api/quote/..%2F..%2Fetc%2Fpasswd", "/api/quote/../../etc/passwd", "/speaker/..%2F..%2Fetc%2Fpasswd",
    "/speaker/../../etc/passwd", "/static/../app.py", "/static/..%2fapp.py", "/static/%2e%2e/app.py",
    "/static/../../../../etc/passwd", "/static/..%2f..%2f..%2f..%2fetc%2fpasswd", "/static//etc/passwd",
    "/quote/" + "a" * 10_000, "/doc/" + "a/" * 3000, "/speaker/" + "x" * 10_000, "/api/quote/" + "x" * 10_000,
    "/quote/%00", "/doc/%00", "/quote/%FF%FE", "/quote/%E2%80%AE", "/quote/%3Cscript%3E", "/doc/a%0d%0aSet-Cookie:x",
    "/quote/doc:evil", "/quote/doc%3Airan-vast-influence-in-iraq", "/doc/doc:x", "/quote/*", "/speaker/*",
    "/quote/5083ab806651de26%00", "/quote/5083AB806651DE26",
]


@pytest.fixture()
def opened(seed_app):
    """Record every file the process opens while the test runs."""
    seen: list[str] = []
    _AUDIT.append(seen)
    yield seen
    _AUDIT.remove(seen)


_AUDIT: list[list[str]] = []


def _audit(event, args):
    if event == "open" and _AUDIT and args and isinstance(args[0], (str, bytes, Path)):
        path = args[0].decode(errors="replace") if isinstance(args[0], bytes) else str(args[0])
        for seen in _AUDIT:
            seen.append(path)


sys.addaudithook(_audit)  # audit hooks cannot be removed; this one does nothing outside `opened`


@pytest.mark.parametrize("path", HOSTILE_PATHS, ids=range(len(HOSTILE_PATHS)))
def test_hostile_ids_are_404_and_read_nothing_outside(seed_app, opened, path):
    # Werkzeug answers "//" with a redirect to the merged path, which must then be a 404 too.
    response = seed_app.test_client().get(path, follow_redirects=True)
    assert response.status_code == 404, (path, response.status_code)
    body = response.get_data(as_text=True)
    assert "root:" not in body and "import " not in body
    allowed = [str(seed_app.config["INDEX_DIR"]), str(ROOT / "templates"), str(ROOT / "static"), sys.prefix,
               sys.base_prefix]
    outside = [p for p in opened if not any(Path(p).resolve().is_relative_to(a) for a in allowed)]
    assert outside == []
    assert not [p for p in opened if "passwd" in p or p.endswith("app.py")]


def test_the_audit_hook_sees_opens(opened):
    with open(__file__, "rb"):
        pass
    assert __file__ in opened


def test_a_valid_id_still_works_next_to_the_hostile_ones(seed_app):
    client = seed_app.test_client()
    assert client.get("/quote/5083ab806651de26").status_code == 200
    assert client.get("/doc/iran-vast-influence-in-iraq").status_code == 200


# ---- security headers on every page type ------------------------------------------------------


def _every_route(app, client) -> list[str]:
    """Return one URL for each route of the app (filled with real ids), plus error answers."""
    hit = client.get("/api/search?q=intelligence").get_json()["results"][0]
    values = {"quote_id": hit["id"], "doc_id": hit["doc"], "key": hit["speaker_key"], "filename": "app.js"}
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods:
            urls.append(rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)[1])
    urls += ["/?q=iran", "/?q=(", "/api/search?q=(", f"/quote/{hit['id']}?format=json", "/quote/nope",
             "/api/quote/nope", "/no/such/page", "/check?q=intelligence", "/api/check?q=intelligence"]
    return urls


def _assert_security_headers(url, response) -> None:
    csp = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    scripts = csp.get("script-src", csp.get("default-src", ""))
    assert "'self'" in scripts and "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, url
    assert csp.get("object-src") == "'none'" and csp.get("base-uri") == "'none'", url
    assert response.headers["X-Content-Type-Options"] == "nosniff", url
    assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin-when-cross-origin"), url


def test_security_headers_on_every_page_type(seed_app, tmp_path):
    from search.web.app import create_app

    client = seed_app.test_client()
    urls = _every_route(seed_app, client)
    assert len(urls) >= 15
    statuses = set()
    for url in urls:
        response = client.get(url)
        statuses.add(response.status_code)
        _assert_security_headers(url, response)
        if response.mimetype == "text/html":
            assert executable(response.get_data(as_text=True)) == [], url
    assert {200, 400, 404} <= statuses
    no_index = create_app({"TESTING": True, "INDEX_DIR": tmp_path}).test_client()
    for url in ("/", "/?q=x", "/api/search?q=x"):
        response = no_index.get(url)
        assert response.status_code == 503
        _assert_security_headers(url, response)
    response = client.post("/")
    assert response.status_code == 405
    _assert_security_headers("POST /", response)


# ---- files that once hung, swelled or crashed a reindex, and answers that once held the server ---------------

@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    """Index a folder of files built to hang or swell their readers, beside three good ones; return (app, result)."""
    from click.testing import CliRunner

    from search import cli
    from search.web.app import create_app

    from . import hostile_files as make
    docs = make.write_corpus(tmp_path_factory.mktemp("bombs"))
    index_dir = docs.parent / f"{docs.name}-ix"
    result = CliRunner().invoke(cli.main, ["reindex", str(docs), "--index-dir", str(index_dir), "--jobs", "2"])
    app = create_app({"TESTING": True, "INDEX_DIR": index_dir, "BASE_URL": "https://quotes.example/base",
                      "PAGE_SIZE": 50})
    return app, result, index_dir


def test_hostile_files_are_reported_and_the_rest_is_served(bombs):
    import fcntl

    app, result, index_dir = bombs
    assert result.exit_code == 0, result.output
    said = result.output
    for name in ("info", "title", "contents", "length"):
        assert re.search(rf"loop-{name}\.pdf: .*loop of references", said), name
    assert re.search(r"bomb\.warc\.gz: a header line is over \d+ bytes", said)
    assert "no-uri.warc@0: response record without a WARC-Target-URI skipped" in said
    for field in ("source", "date", "title", "authors"):
        assert f"typed.meta.json: metadata field '{field}' ignored" in said
    assert "listed.meta.json: metadata ignored: a sidecar holds one JSON object, not a list" in said
    client = app.test_client()
    found = client.get("/api/search", query_string={"q": "dam OR dams", "type": "all"}).get_json()
    assert {r["doc"] for r in found["results"]} == {"good0", "good1", "good2", "typed", "listed", "controls", "long",
                                                    "example.org/kept", "loop-metadata", "loop-title"}
    assert client.get("/api/search", query_string={"q": "firmly"}).get_json()["results"][0]["title"] == "Typed"
    with open(index_dir / ".reindex.lock", "w") as handle:  # the lock is free: this would raise otherwise
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_a_hit_in_a_long_quote_sends_a_window_and_a_link(bombs):
    client = bombs[0].test_client()
    for params in ({"q": "wide"}, {"q": "wide", "type": "all"}):
        response = client.get("/api/search", query_string=params)
        assert len(response.get_data()) < 100_000
        long = [h for h in response.get_json()["results"] if h["doc"] == "long"]
        assert long and all(len(h["text"]) <= 1500 < h["length"] and h["whole"] for h in long)
    page = client.get("/", query_string={"q": "wide"}).get_data(as_text=True)
    assert len(page) < 100_000 and "read it whole" in page
    listing = client.get("/speaker/ann-lee").get_data(as_text=True)  # a speaker's page lists quotes cut too
    assert "Part of a quote of 3,805 characters" in listing and len(listing) < 100_000


def test_the_feed_is_xml_and_names_no_host_but_the_base_url(bombs):
    import xml.etree.ElementTree as ET

    response = bombs[0].test_client().get("/search.atom", query_string={"q": "dam"},
                                          headers={"Host": "attacker.example"})
    body = response.get_data(as_text=True)
    feed = ET.fromstring(body)  # raised "not well-formed" on \x01 or \x1b
    assert "red now" in body and "attacker" not in body
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.find("a:id", ns).text.startswith("https://quotes.example/base/search.atom?")
    assert feed.find("a:link[@rel='self']", ns).get("href").startswith("https://quotes.example/base/search.atom?")
