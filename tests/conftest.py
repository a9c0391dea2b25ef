"""Shared fixtures: a seed index built once per test session, and the app on it."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from search.index import build as indexer

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """Return an index folder holding the seed articles."""
    index_dir = tmp_path_factory.mktemp("seed-index")
    indexer.reindex([SEEDS], index_dir, jobs=1)
    return index_dir


@pytest.fixture(scope="session")
def pg_cluster():
    """Start a PostgreSQL primary in a temporary folder for the test session; skip where none can run."""
    from tests import pg

    why = pg.missing()
    if why:
        if os.environ.get("SEARCH_REQUIRE_POSTGRES"):
            pytest.fail(f"{why} (SEARCH_REQUIRE_POSTGRES is set)", pytrace=False)
        pytest.skip(why)
    cluster = pg.Cluster()
    yield cluster
    cluster.stop()


@pytest.fixture()
def pg_url(pg_cluster) -> str:
    """Return the address of a new empty database on the test session's PostgreSQL."""
    return pg_cluster.database()


@pytest.fixture(scope="session")
def seed_database(pg_cluster) -> str:
    """Return the address of a PostgreSQL database holding the seed articles."""
    from search.engines.writers import PostgresWriter

    url = pg_cluster.database()
    PostgresWriter(url).reindex([SEEDS])
    return url


ENGINES = ("whoosh", "postgres")


@pytest.fixture(params=ENGINES)
def engine_app(request, seed_index):
    """The app on the seeds, once on each engine: a module's behaviour tests take it as their `app`."""
    from search.web.app import create_app

    # A budget a loaded machine does not run out of: these tests are about answers, not time (test_budget is).
    settings = {"TESTING": True, "INDEX_DIR": seed_index, "BASE_URL": "https://quotes.example", "TIME_BUDGET": 30.0}
    if request.param == "postgres":
        settings["DATABASE_URL"] = request.getfixturevalue("seed_database")
    made = create_app(settings)
    yield made
    made.extensions["search.engine"].close()


@pytest.fixture(params=ENGINES)
def serve_folder(request, tmp_path):
    """Return a function that indexes a folder into each engine in turn and returns a test client serving it."""
    from search.web.app import create_app

    made = []

    def serve(folder: Path, **settings):
        settings = {"TESTING": True, "INDEX_DIR": tmp_path / "ix", "TIME_BUDGET": 30.0, **settings}
        if request.param == "postgres":
            from search.engines.writers import PostgresWriter

            settings["DATABASE_URL"] = request.getfixturevalue("pg_cluster").database()
            PostgresWriter(settings["DATABASE_URL"]).reindex([folder])
        else:
            indexer.reindex([folder], settings["INDEX_DIR"], jobs=1)
        made.append(create_app(settings))
        return made[-1].test_client()

    yield serve
    for each in made:
        each.extensions["search.engine"].close()


@pytest.fixture()
def app(seed_index):
    from search.web.app import create_app

    return create_app({"TESTING": True, "INDEX_DIR": seed_index, "BASE_URL": "https://quotes.example"})


@pytest.fixture()
def client(app):
    return app.test_client()


def pdf_bytes(pages, info: dict | None = None, xmp: str | None = None, size: float = 11) -> bytes:
    """Write a small PDF by hand: each page a list of (x, top, text) lines in Helvetica, or "scan" for a picture only.

    Tests make their own PDFs with this, so they need neither a browser nor a PDF library.
    """
    objects: list[bytes | None] = [None, None]  # 1: catalog, 2: page tree

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def literal(text: str) -> bytes:
        raw = text.encode("cp1252")
        return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"

    def stream(data: bytes, extra: bytes = b"") -> bytes:
        return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for lines in pages:
        if lines == "scan":
            content = b"0.5 g 72 72 468 648 re f\n"  # a grey picture where a scan would be, no text
        else:
            content = b"".join(b"BT /F1 %.1f Tf %.2f %.2f Td %s Tj ET\n" % (size, x, 792 - top - size, literal(text))
                               for x, top, text in lines)
        contents = add(stream(content))
        kids.append(add(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >>"
                        b" /Contents %d 0 R >>" % (font, contents)))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    catalog = b"<< /Type /Catalog /Pages 2 0 R"
    if xmp is not None:
        catalog += b" /Metadata %d 0 R" % add(stream(xmp.encode("utf-8"), b"/Type /Metadata /Subtype /XML "))
    objects[0] = catalog + b" >>"
    info_ref = add(b"<< " + b" ".join(b"/%s %s" % (k.encode(), literal(v)) for k, v in (info or {}).items()) + b" >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, info_ref, xref)
    return bytes(out)


def column_lines(paragraphs: list[str], x: float, top: float, width: int = 45, leading: float = 14,
                 gap: float = 8) -> tuple[list[tuple[float, float, str]], float]:
    """Set paragraphs in one column of lines about `width` characters wide; return the lines and the next top."""
    import textwrap

    lines = []
    for para in paragraphs:
        for line in textwrap.wrap(para, width, break_on_hyphens=False):
            lines.append((x, top, line))
            top += leading
        top += gap
    return lines, top


ARTICLE_PARAGRAPHS = (
    "The city council voted on Tuesday to close the old harbour bridge to cars after engineers found cracks in "
    "two of its steel supports, a decision that will reroute thousands of commuters every morning.",
    "“We cannot wait for the bridge to fail before we act,” said Maria Keller, the council’s head of transport, "
    "after the vote. “Every week we keep it open is a week of risk.”",
    "Shop owners on the north bank said the closure would cost them customers. Repairs are expected to take "
    "eighteen months and to cost about 40 million euros, according to the council’s own estimate.",
)


def article_html(title="Bridge to close after cracks found", site="The Harbour Times", paragraphs=ARTICLE_PARAGRAPHS,
                 head="", charset="utf-8") -> str:
    """Return a news page as saved from the web: menus, a related-stories box and a footer around the article."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="{charset}">
<title>{title} | {site}</title>{head}</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<main><article><h1>{title}</h1>{body}</article>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/a">“Mayor quits,” sources say</a></li>
<li><a href="/b">Ferry prices rise again</a></li></ul></aside></main>
<footer><p>© 2019 {site}. All rights reserved.</p><p><a href="/privacy">Privacy</a></p></footer></body></html>"""


def bounds_corpus(folder: Path) -> Path:
    """Write a small corpus whose sizes the bounds tests know: tax1 is in 12 quotes, tax2 in 11, ... tax12 in 1;
    Ann Lee has 24 quotes (newest first: d12 ... d1, then the long document); `long` has 24 paragraphs."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for k in range(1, 13):
        words = " ".join(f"tax{i}" for i in range(1, k + 1))
        lines.append({"id": f"d{k}", "title": f"Budget {k}", "date": f"2019-{k:02d}-05", "source": f"Wire {k % 3}",
                      "text": f"Budget {k}\n\n“Taxes {words} will rise,” Ann Lee said.\n\n“Nothing changes,” "
                              "Bob Stone said."})
    paragraphs = [f"“Point {n} stands,” Ann Lee said." if n % 2 else f"Filler paragraph {n} about president Obama."
                  for n in range(1, 24)]
    lines.append({"id": "long", "title": "Long story", "date": "2018-06-01", "source": "Daily",
                  "text": "Long story\n\n" + "\n\n".join(paragraphs)})
    (folder / "corpus.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def bounds_index(tmp_path_factory) -> Path:
    """Return an index folder holding the bounds corpus."""
    index_dir = tmp_path_factory.mktemp("bounds-index")
    indexer.reindex([bounds_corpus(tmp_path_factory.mktemp("bounds-corpus"))], index_dir, jobs=1)
    return index_dir


def pytest_terminal_summary(terminalreporter):
    """Name every browser test left unrun, one a line, so that a missing Chromium cannot pass unseen."""
    unrun = [r for r in terminalreporter.stats.get("skipped", []) if r.nodeid.startswith("tests/test_browser.py")]
    if not unrun:
        return
    terminalreporter.section(f"{len(unrun)} browser tests not run", sep="!", red=True, bold=True)
    for report in unrun:
        terminalreporter.write_line(f"NOT RUN {report.nodeid}")
    reason = unrun[0].longrepr[2] if isinstance(unrun[0].longrepr, tuple) else ""
    terminalreporter.write_line(f"why: {reason}; CI sets SEARCH_REQUIRE_BROWSER=1, which fails the run instead.")
