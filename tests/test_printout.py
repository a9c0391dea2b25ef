"""Printouts of web pages: no print date as the publication date, the title without the site, the site as source."""
from __future__ import annotations

import pytest

from search.documents import Skipped, load
from search.documents.printout import is_printout, printed_page, trailing_site
from tests.conftest import column_lines, pdf_bytes

CHROME = {"Producer": "Skia/PDF m119",
          "Creator": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0 Safari/537.36",
          "CreationDate": "D:20241105093000+00'00'"}
TITLE = "Iran developed vast influence in Iraq, spy agency leaks say - CBS News"
BODY = ["Iran developed vast influence in Iraq, spy agency leaks say",
        "“We are at your service,” said Hatem al-Maksusi, a general, according to the cables.",
        "The leaked documents describe years of meetings between officials of the two countries."]


def printout(tmp_path, info: dict, footer: str = "https://www.cbsnews.com/news/iran-iraq-leaks/"):
    """Write a one-page printout with a browser's head and foot lines and return its path."""
    lines, _ = column_lines(BODY, 72, 90, width=70)
    furniture = [(30, 20, "11/5/24, 9:30 AM"), (250, 20, info.get("Title", "")), (30, 770, footer), (560, 770, "1/1")]
    path = tmp_path / "printed.pdf"
    path.write_bytes(pdf_bytes([furniture + lines], info=info))
    return path


def load_one(path):
    skipped: list[Skipped] = []
    (doc,) = list(load([path], skipped))
    return doc, skipped


def test_a_browser_printout_has_no_print_date_a_bare_title_and_its_site_as_source(tmp_path):
    doc, skipped = load_one(printout(tmp_path, dict(CHROME, Title=TITLE)))
    assert skipped == []
    assert doc.date == ""
    assert doc.title == "Iran developed vast influence in Iraq, spy agency leaks say"
    assert doc.source == "CBS News"
    assert doc.url == "https://www.cbsnews.com/news/iran-iraq-leaks/"
    assert doc.text.split("\n\n") == BODY


def test_a_printout_without_its_address_still_loses_the_site_suffix(tmp_path):
    doc, _ = load_one(printout(tmp_path, dict(CHROME, Title=TITLE), footer="file:///home/me/saved.html"))
    assert (doc.title, doc.source, doc.url, doc.date) == (BODY[0], "CBS News", "", "")


def test_a_pdf_from_an_office_program_keeps_its_dates_and_title(tmp_path):
    info = {"Producer": "LibreOffice 7.5", "Creator": "Writer", "Title": "Annual report - City of Lund",
            "CreationDate": "D:20160912101500"}
    doc, _ = load_one(printout(tmp_path, info))
    assert (doc.date, doc.title, doc.source) == ("2016-09-12", "Annual report - City of Lund", "")


def test_the_sidecar_still_wins_over_a_printout(tmp_path):
    path = printout(tmp_path, dict(CHROME, Title=TITLE))
    (tmp_path / "printed.meta.json").write_text('{"date": "2019-11-18", "source": "CBS News (AP)", "title": "Leaks"}')
    doc, _ = load_one(path)
    assert (doc.date, doc.source, doc.title) == ("2019-11-18", "CBS News (AP)", "Leaks")


@pytest.mark.parametrize("producer, creator", [
    ("Skia/PDF m119", ""), ("", "Mozilla Firefox 120.0"), ("Microsoft: Print To PDF", ""),
    ("GPL Ghostscript 9.05", "PScript5.dll Version 5.2.2"), ("Qt 4.8.7", "wkhtmltopdf 0.12.6"),
])
def test_browsers_and_print_drivers_are_recognised(producer, creator):
    assert is_printout(producer, creator)


@pytest.mark.parametrize("producer, creator", [
    ("LibreOffice 7.5", "Writer"), ("Adobe PDF Library 15.0", "Adobe InDesign 16.0"), ("pdfTeX-1.40.21", "LaTeX"),
    ("", ""),
])
def test_other_makers_are_not_printouts(producer, creator):
    assert not is_printout(producer, creator)


@pytest.mark.parametrize("title, expected", [
    ("Iran developed vast influence in Iraq - CBS News", ("Iran developed vast influence in Iraq", "CBS News")),
    ("Ferry fares to rise a fifth | The Harbour Times", ("Ferry fares to rise a fifth", "The Harbour Times")),
    ("Why the bridge closed – nytimes.com", ("Why the bridge closed", "nytimes.com")),
    # Not a site's name: a headline's own dash, a lower-case tail, a short head.
    ("Senate passes the bill - and the House waits", ("Senate passes the bill - and the House waits", "")),
    ("Iran - US", ("Iran - US", "")),
    ("A long day at the council - what comes next for the bridge",
     ("A long day at the council - what comes next for the bridge", "")),
])
def test_a_site_name_after_the_last_separator(title, expected):
    assert trailing_site(title) == expected


def test_printed_page_keeps_authors_and_drops_only_the_date():
    found = printed_page({"title": "Budget day in the city | Reuters", "authors": ("Jane Roe",), "date": "2024-11-05"}, [])
    assert found == {"title": "Budget day in the city", "source": "Reuters", "authors": ("Jane Roe",)}
