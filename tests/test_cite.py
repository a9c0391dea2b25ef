import json

import pytest

from search.cite import FORMATS, cite, permalink

QUOTE = {"id": "abc123", "text": "all of the Iraqi Army’s intelligence — consider it yours.", "speaker": "Hatem al-Maksusi",
         "title": "Iran developed ‘vast influence’ in Iraq", "source": "The Times of Israel", "date": "2019-11-18",
         "paragraph": 19}
BASE = "https://quotes.example"


def test_plain_text_has_speaker_quote_title_source_date_paragraph_and_link():
    text = cite(QUOTE, "text", BASE)
    assert text == ("Hatem al-Maksusi: “all of the Iraqi Army’s intelligence — consider it yours.” "
                    "“Iran developed ‘vast influence’ in Iraq”, The Times of Israel, 2019-11-18, para. 19. "
                    "https://quotes.example/quote/abc123")


def test_markdown_links_the_permalink():
    assert "[Permalink](https://quotes.example/quote/abc123)" in cite(QUOTE, "markdown", BASE)


def test_bibtex_is_a_misc_entry_with_year():
    entry = cite(dict(QUOTE, title="R&D {costs}"), "bibtex", BASE)
    assert entry.startswith("@misc{quote-abc123,")
    assert "year = {2019}" in entry
    assert r"R\&D \{costs\}" in entry


def test_csl_json_parses_with_issued_date():
    item = json.loads(cite(QUOTE, "csl-json", BASE))[0]
    assert item["issued"] == {"date-parts": [[2019, 11, 18]]}
    assert item["author"] == [{"literal": "Hatem al-Maksusi"}]
    assert item["URL"] == permalink(BASE, "abc123")


def test_unknown_speaker_and_format():
    assert cite(dict(QUOTE, speaker=""), "text", BASE).startswith("Unknown speaker:")
    with pytest.raises(ValueError):
        cite(QUOTE, "rtf", BASE)
    assert set(FORMATS) == {"text", "markdown", "bibtex", "csl-json"}
