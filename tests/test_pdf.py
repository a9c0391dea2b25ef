"""The PDF reader: text in reading order with pages, metadata, and bad PDFs reported without losing the run."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from search.documents import Skipped, load
from search.extraction.extract import extract
from tests.conftest import column_lines, pdf_bytes

LEFT = [
    "Officials met on Monday to discuss the plan for the new bridge across the river.",
    "“We will build it by spring,” said Mayor Ann Lee, who leads the city council.",
]
RIGHT = [
    "The council voted against the proposal last year because of its cost.",
    "“It is too expensive for this town,” said Bob Stone, a local shop owner.",
]


def two_columns(left: list[str], right: list[str], top: float = 90) -> list:
    a, _ = column_lines(left, 72, top, width=38)
    b, _ = column_lines(right, 320, top, width=38)
    return a + b


def heads(number: int, of: int) -> list:
    return [(72, 30, "City Gazette — Annual Report 2016"), (500, 750, f"{number}/{of}")]


def load_one(path: Path):
    skipped: list[Skipped] = []
    docs = list(load([path], skipped))
    return docs, skipped


def test_two_columns_read_column_by_column_with_pages_and_no_running_heads(tmp_path):
    path = tmp_path / "report.pdf"
    pages = [two_columns(LEFT, RIGHT) + heads(1, 2),
             two_columns(["“Traffic will be lighter,” the engineer said."], ["Work starts in May."]) + heads(2, 2)]
    path.write_bytes(pdf_bytes(pages, info={"Title": "Bridge report", "Author": "Ann Writer; Bo Clerk",
                                            "CreationDate": "D:20160912093000Z"}))
    (doc,), skipped = load_one(path)
    assert skipped == []
    assert doc.title == "Bridge report" and doc.authors == ("Ann Writer", "Bo Clerk") and doc.date == "2016-09-12"
    assert doc.genre == "report" and len(doc.pages) == 2
    # Column one before column two, one paragraph per paragraph, no running head or page number.
    assert doc.text.index("city council.") < doc.text.index("The council voted")
    assert "Annual Report" not in doc.text and "1/2" not in doc.text and "2/2" not in doc.text
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == LEFT[0] and paragraphs[3] == RIGHT[1]
    quotes = {q.text: q for q in extract(doc).quotes}
    assert quotes["We will build it by spring,"].speaker == "Ann Lee"
    assert quotes["We will build it by spring,"].page == 1
    assert quotes["Traffic will be lighter,"].page == 2


def test_columns_are_read_in_place_order_not_in_the_order_the_file_draws_them(tmp_path):
    path = tmp_path / "drawn-backwards.pdf"
    a, _ = column_lines(LEFT, 72, 90, width=38)
    b, _ = column_lines(RIGHT, 320, 90, width=38)
    path.write_bytes(pdf_bytes([list(reversed(b)) + list(reversed(a))]))
    (doc,), _ = load_one(path)
    assert doc.text.split("\n\n") == LEFT + RIGHT


def test_a_line_repeated_on_most_pages_is_a_running_head_but_body_text_is_kept(tmp_path):
    path = tmp_path / "long.pdf"
    pages = []
    for n in range(1, 6):
        lines, _ = column_lines([f"Body text of page {n} says something different each time."], 72, 90, width=70)
        pages.append([(72, 30, "CONFIDENTIAL DRAFT 2016-09-12"), *lines, (290, 750, f"- {n} -")])
    path.write_bytes(pdf_bytes(pages))
    (doc,), _ = load_one(path)
    assert "CONFIDENTIAL" not in doc.text and "- 3 -" not in doc.text
    assert [doc.text[o:o + 21] for o in doc.pages] == [f"Body text of page {n} s" for n in range(1, 6)]


def test_a_one_page_browser_print_loses_its_address_date_and_page_number(tmp_path):
    path = tmp_path / "print.pdf"
    lines, _ = column_lines(LEFT, 72, 90, width=70)
    furniture = [(30, 20, "9/12/16, 10:31 AM"), (250, 20, "Bridge report"), (30, 770, "https://example.org/bridge"),
                 (560, 770, "1/1")]
    path.write_bytes(pdf_bytes([furniture + lines], info={"Title": "Bridge report"}))
    (doc,), _ = load_one(path)
    assert doc.text.split("\n\n") == LEFT


def test_a_headline_that_equals_the_title_is_kept(tmp_path):
    path = tmp_path / "titled.pdf"
    lines, _ = column_lines(LEFT, 72, 120, width=70)
    path.write_bytes(pdf_bytes([[(72, 72, "Bridge report")] + lines], info={"Title": "Bridge report"}))
    (doc,), _ = load_one(path)
    assert doc.text.startswith("Bridge report")


def test_metadata_comes_from_xmp_when_the_info_dictionary_has_none(tmp_path):
    xmp = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
           '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Budget 2017</rdf:li></rdf:Alt></dc:title>'
           '<dc:creator><rdf:Seq><rdf:li>Jane Roe</rdf:li></rdf:Seq></dc:creator>'
           '<xmp:CreateDate>2017-01-05T10:00:00Z</xmp:CreateDate></rdf:Description></rdf:RDF></x:xmpmeta>')
    path = tmp_path / "xmp.pdf"
    path.write_bytes(pdf_bytes([[(72, 72, "Spending rose.")]], xmp=xmp))
    (doc,), _ = load_one(path)
    assert (doc.title, doc.authors, doc.date) == ("Budget 2017", ("Jane Roe",), "2017-01-05")


def test_the_sidecar_wins_over_the_pdf_metadata(tmp_path):
    path = tmp_path / "side.pdf"
    path.write_bytes(pdf_bytes([[(72, 72, "Spending rose.")]], info={"Title": "Untitled-1"}))
    (tmp_path / "side.meta.json").write_text('{"title": "City budget", "genre": "filing"}')
    (doc,), _ = load_one(path)
    assert (doc.title, doc.genre) == ("City budget", "filing")


def test_scanned_pdf_without_text_is_reported_and_skipped(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_bytes(["scan", "scan"]))
    docs, skipped = load_one(path)
    assert docs == [] and [s.reason for s in skipped] == ["no text layer (scanned?)"]


def test_scanned_pages_among_text_pages_are_named_and_the_rest_kept(tmp_path):
    path = tmp_path / "mixed.pdf"
    path.write_bytes(pdf_bytes([[(72, 72, "Page one text.")], "scan", "scan", [(72, 72, "Page four text.")]]))
    (doc,), skipped = load_one(path)
    assert "Page four text." in doc.text and len(doc.pages) == 4
    assert doc.text[doc.pages[3]:].startswith("Page four")
    assert "pp. 2–3" in skipped[0].reason


def test_truncated_pdf_is_reported_and_other_files_still_load(tmp_path):
    whole = pdf_bytes([[(72, 72, "Only half of me arrived.")] for _ in range(4)])
    (tmp_path / "cut.pdf").write_bytes(whole[:len(whole) // 3])
    (tmp_path / "fine.txt").write_text("Fine text.", encoding="utf-8")
    skipped: list[Skipped] = []
    docs = list(load([tmp_path], skipped))
    assert "fine" in [d.id for d in docs]
    cut = [s for s in skipped if "cut.pdf" in s.path]
    assert cut and ("truncated or damaged" in cut[0].reason or "no text layer" in cut[0].reason)


def test_not_a_pdf_at_all_is_reported(tmp_path):
    (tmp_path / "fake.pdf").write_bytes(b"<html>not a pdf</html>")
    docs, skipped = load_one(tmp_path / "fake.pdf")
    assert docs == [] and "not a PDF" in skipped[0].reason


def test_encrypted_pdf_needing_a_password_is_reported_and_one_without_is_read(tmp_path):
    pypdf = pytest.importorskip("pypdf", reason="pypdf (the test extra) writes the encrypted PDFs")
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(pdf_bytes([[(72, 72, "Secret budget lines.")]]))
    for name, user in (("locked.pdf", "s3cret"), ("owner-only.pdf", "")):
        writer = pypdf.PdfWriter(clone_from=plain)
        writer.encrypt(user_password=user, owner_password="owner", algorithm="AES-128")
        with open(tmp_path / name, "wb") as handle:
            writer.write(handle)
    plain.unlink()
    skipped: list[Skipped] = []
    docs = list(load([tmp_path], skipped))
    assert [d.id for d in docs] == ["owner-only"] and "Secret budget lines." in docs[0].text
    assert [(Path(s.path).name, s.reason) for s in skipped] == [("locked.pdf", "encrypted PDF: it needs a password to open")]


def test_two_thousand_pages_are_read_page_by_page(tmp_path):
    path = tmp_path / "huge.pdf"
    path.write_bytes(pdf_bytes([[(72, 72, f"This is page number {n} of the record.")] for n in range(1, 2001)]))
    (doc,), skipped = load_one(path)
    assert skipped == [] and len(doc.pages) == 2000
    assert doc.text[doc.pages[1999]:] == "This is page number 2000 of the record."


def test_extract_jsonl_gives_page_and_time(tmp_path):
    import json

    from click.testing import CliRunner

    from search.cli import main

    path = tmp_path / "r.pdf"
    path.write_bytes(pdf_bytes([[(72, 72, "Intro.")], [(72, 72, "“We are ready,” said Ann Lee.")]]))
    result = CliRunner().invoke(main, ["extract", str(path)])
    (record,) = [json.loads(line) for line in result.output.splitlines()]
    assert record["page"] == 2 and record["time"] is None and record["speaker"] == "Ann Lee"


def _chromium() -> str | None:
    path = os.environ.get("SEARCH_CHROMIUM") or "/usr/bin/chromium"
    return path if Path(path).exists() else shutil.which("chromium")


@pytest.mark.skipif(_chromium() is None, reason="no Chromium: apt-get install chromium (or SEARCH_CHROMIUM=PATH)")
def test_a_two_column_page_printed_by_chromium(tmp_path):
    paragraphs = [f"Paragraph {n}: the council met again and “we will decide soon,” said Mayor Ann Lee on day {n}."
                  for n in range(1, 40)]
    page = tmp_path / "article.html"
    page.write_text("<!doctype html><html><head><meta charset='utf-8'><title>Council news</title>"
                    "<style>.c{columns:2} p{margin:0 0 8pt}</style></head><body><h1>Council news</h1><div class='c'>"
                    + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div></body></html>", encoding="utf-8")
    out = tmp_path / "article.pdf"
    subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={out}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    (doc,), skipped = load_one(out)
    assert skipped == [] and len(doc.pages) >= 2
    # Column by column: every paragraph whole and in order (two may join where a column ends on a full stop).
    assert doc.text.startswith("Council news\n\n")
    at = [doc.text.index(p) for p in paragraphs]
    assert at == sorted(at)
    assert "file:" not in doc.text and f"1/{len(doc.pages)}" not in doc.text
    quotes = [q for q in extract(doc).quotes if q.text.startswith("we will decide soon")]
    assert len(quotes) == 39 and all(q.speaker == "Ann Lee" for q in quotes)
    assert quotes[-1].page == len(doc.pages)


def test_pages_past_the_cap_are_left_out_and_said(tmp_path, monkeypatch):
    from search.documents import pdf

    from .hostile_files import many_pages_pdf

    monkeypatch.setattr(pdf, "MAX_PAGES", 3)
    (tmp_path / "many.pdf").write_bytes(many_pages_pdf(5))
    skipped: list[Skipped] = []
    (doc,) = load([tmp_path], skipped)
    assert len(doc.pages) == 3
    # A warning, not a skipped file: the document is indexed, its first pages read.
    assert skipped == [Skipped(str(tmp_path / "many.pdf"), "only the first 3 pages are read; the rest is left out",
                               str(tmp_path / "many.pdf"), warning=True)]


@pytest.mark.parametrize("name", ["loop-info.pdf", "loop-title.pdf", "loop-contents.pdf", "loop-length.pdf",
                                  "loop-metadata.pdf"])
def test_a_reference_loop_ends_at_once_and_the_next_file_is_read(tmp_path, name):
    from .hostile_files import looping_pdfs

    (tmp_path / name).write_bytes(looping_pdfs()[name])
    (tmp_path / "z.txt").write_text("After\n\nThe next file.", encoding="utf-8")
    skipped: list[Skipped] = []
    docs = list(load([tmp_path], skipped))
    assert docs[-1].id == "z"
    loops = [s.reason for s in skipped if "loop of references" in s.reason]
    # A loop in the page's content or the trailer's /Info loses the file; in /Title only the metadata; the XMP
    # stream is optional metadata and is left out quietly.
    assert bool(loops) == (name != "loop-metadata.pdf")
    assert ("We will mend the dam" in docs[0].text) == (name in ("loop-title.pdf", "loop-metadata.pdf"))
