import json

from search.documents import Skipped, html, load
from search.documents.charset import decode_page
from search.extraction.extract import extract

from .conftest import ARTICLE_PARAGRAPHS, article_html

NEWS_HEAD = """
<link rel="canonical" href="https://harbourtimes.example/2019/11/18/bridge-to-close">
<meta property="og:site_name" content="The Harbour Times">
<meta property="og:type" content="article">
<meta name="author" content="Jan de Vries">
<meta property="article:published_time" content="2019-11-18T09:30:00+01:00">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Bridge to close after cracks found", "datePublished": "2019-11-18T09:30:00+01:00",
 "author": [{"@type": "Person", "name": "Jan de Vries"}, {"@type": "Person", "name": "Ana Lima"}],
 "publisher": {"@type": "Organization", "name": "The Harbour Times"}}</script>"""


def load_one(tmp_path, name, content, **kw):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding=kw.get("encoding", "utf-8"))
    else:
        path.write_bytes(content)
    skipped: list[Skipped] = []
    docs = list(load([path], skipped))
    return docs, skipped


def test_the_article_comes_as_its_paragraphs_without_menus_related_stories_or_footer(tmp_path):
    (doc,), _ = load_one(tmp_path, "bridge.html", article_html(head=NEWS_HEAD))
    paragraphs = doc.text.split("\n\n")
    for p in ARTICLE_PARAGRAPHS:
        assert p in paragraphs
    for furniture in ("Home", "Sport", "Ferry prices", "Mayor quits", "All rights reserved", "Privacy"):
        assert furniture not in doc.text


def test_quotes_come_from_the_article_only(tmp_path):
    (doc,), _ = load_one(tmp_path, "bridge.html", article_html(head=NEWS_HEAD))
    quotes = [q.text for q in extract(doc).quotes]
    assert quotes[0].startswith("We cannot wait") and not any("Mayor quits" in q for q in quotes)


def test_page_metadata_gives_title_authors_publisher_date_url_language_and_genre(tmp_path):
    (doc,), _ = load_one(tmp_path, "bridge.html", article_html(head=NEWS_HEAD))
    assert doc.title == "Bridge to close after cracks found"  # without " | The Harbour Times"
    assert doc.authors == ("Jan de Vries", "Ana Lima")
    assert (doc.source, doc.date) == ("The Harbour Times", "2019-11-18")
    assert doc.url == "https://harbourtimes.example/2019/11/18/bridge-to-close"
    assert (doc.language, doc.genre) == ("en", "news")


def test_a_page_without_news_markup_is_a_webpage_and_keeps_a_title(tmp_path):
    (doc,), _ = load_one(tmp_path, "plain.html", article_html(title="How to fix a bike", site="Bike Tips"))
    assert (doc.genre, doc.title, doc.url) == ("webpage", "How to fix a bike", "")


def test_the_sidecar_wins_over_the_page(tmp_path):
    (tmp_path / "bridge.meta.json").write_text(json.dumps({"source": "Harbour Times (print)", "date": "2019-11-19",
                                                            "title": "Bridge closes"}))
    (doc,), _ = load_one(tmp_path, "bridge.html", article_html(head=NEWS_HEAD))
    assert (doc.source, doc.date, doc.title) == ("Harbour Times (print)", "2019-11-19", "Bridge closes")
    assert doc.authors == ("Jan de Vries", "Ana Lima")  # what the sidecar does not say still comes from the page


def test_malformed_html_is_read(tmp_path):
    page = article_html().replace("</p>", "", 2).replace("<article>", "<article><div><span>") + "</div></b></table>"
    (doc,), skipped = load_one(tmp_path, "broken.html", page)
    assert ARTICLE_PARAGRAPHS[2] in doc.text and not skipped


def test_a_windows_1252_page_declared_in_a_meta_tag_is_read_correctly(tmp_path):
    paragraphs = [p.replace("council’s", "café’s") for p in ARTICLE_PARAGRAPHS]
    raw = article_html(paragraphs=paragraphs, charset="windows-1252").encode("cp1252")
    assert b"\x93We cannot" in raw  # “ as windows-1252 writes it, which is not UTF-8
    (doc,), skipped = load_one(tmp_path, "cp1252.html", raw)
    assert "“We cannot wait" in doc.text and "café’s" in doc.text and "\ufffd" not in doc.text and not skipped


def test_a_shift_jis_page_declared_in_a_meta_tag_is_read_correctly(tmp_path):
    paragraphs = ["市議会は火曜日、鉄製の支柱に亀裂が見つかったため、古い港の橋を車両通行止めにすることを決めた。" * 3,
                  "「橋が壊れるのを待ってはいられない」と交通担当の責任者は採決の後に語った。" * 3]
    page = article_html(title="橋を閉鎖", site="港新聞", paragraphs=paragraphs,
                        charset="Shift_JIS").replace('lang="en"', 'lang="ja"').replace("©", "(c)")
    (doc,), skipped = load_one(tmp_path, "sjis.html", page.encode("shift_jis"))
    assert paragraphs[1] in doc.text and doc.language == "ja" and not skipped


def test_an_undeclared_page_that_is_not_utf8_falls_back_to_windows_1252():
    assert decode_page("<p>café “quoted”</p>".encode("cp1252")) == "<p>café “quoted”</p>"
    assert decode_page("<p>café</p>".encode("utf-8")) == "<p>café</p>"
    assert decode_page(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>\x93x\x94</p>') \
        .endswith("<p>“x”</p>")  # ISO-8859-1 is read as windows-1252, as browsers do


def test_a_page_over_the_size_limit_is_reported_and_the_rest_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(html, "MAX_PAGE_BYTES", 5_000)
    (tmp_path / "big.html").write_text(article_html(paragraphs=ARTICLE_PARAGRAPHS * 10), encoding="utf-8")
    (tmp_path / "small.html").write_text(article_html(), encoding="utf-8")
    skipped: list[Skipped] = []
    docs = list(load([tmp_path], skipped))
    assert [d.id for d in docs] == ["small"]
    assert [(s.path.rsplit("/", 1)[-1], "over the 5000 byte limit" in s.reason) for s in skipped] == [("big.html", True)]


def test_pages_with_no_article_or_no_html_are_reported(tmp_path):
    (tmp_path / "tags.html").write_text("<html><head><script>alert(1)</script></head><body></body></html>")
    (tmp_path / "binary.htm").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    skipped: list[Skipped] = []
    assert list(load([tmp_path], skipped)) == []
    assert sorted(s.reason for s in skipped) == ["binary file (contains NUL bytes)", "no article text found"]


def test_a_fragment_keeps_every_block_and_line_break():
    text = html.fragment_text("<p>One\n<b>two</b>.</p><ul><li>item a</li><li>item b</li></ul><p>line<br>next</p>"
                              "<script>x()</script><div>tail</div>")
    assert text == "One two.\n\nitem a\n\nitem b\n\nline\nnext\n\ntail"


def test_a_page_that_trips_the_extractor_is_reported_and_the_rest_is_read(tmp_path, monkeypatch):
    import trafilatura

    real = trafilatura.bare_extraction

    def fragile(tree, **kw):
        if "Poison" in tree.text_content():
            raise IndexError("list index out of range")
        return real(tree, **kw)

    monkeypatch.setattr(trafilatura, "bare_extraction", fragile)
    (tmp_path / "poison.html").write_text(article_html(title="Poison"), encoding="utf-8")
    (tmp_path / "fine.html").write_text(article_html(), encoding="utf-8")
    skipped: list[Skipped] = []
    assert [d.id for d in load([tmp_path], skipped)] == ["fine"]
    assert [s.reason for s in skipped] == ["the page could not be read: IndexError: list index out of range"]


def _genre_of(tmp_path, head: str, site: str = "The Harbour Times") -> str:
    (doc,), _ = load_one(tmp_path, "page.html", article_html(head=head, site=site))
    return doc.genre


def test_a_magazine_or_a_blog_is_told_from_a_newspaper(tmp_path):
    article = '<meta property="og:type" content="article">'
    assert _genre_of(tmp_path, NEWS_HEAD) == "news"
    assert _genre_of(tmp_path, article + '<meta property="og:site_name" content="Quanta Magazine">',
                     site="Quanta Magazine") == "magazine"
    assert _genre_of(tmp_path, article + '<link rel="canonical" href="https://www.smithsonianmag.example/a/b">') \
        == "magazine"
    assert _genre_of(tmp_path, '<script type="application/ld+json">{"@type": "BlogPosting", "headline": "x"}'
                               '</script>') == "blog"
    assert _genre_of(tmp_path, article + '<link rel="canonical" href="https://shop.example/blog/new-bikes">') \
        == "blog"
    assert _genre_of(tmp_path, article + '<meta name="generator" content="WordPress.com">') == "blog"
    # A newspaper that runs on WordPress is still a newspaper; an article filed under news is news.
    assert _genre_of(tmp_path, NEWS_HEAD + '<meta name="generator" content="WordPress 5.3">') == "news"
    assert _genre_of(tmp_path, '<link rel="canonical" href="https://firm.example/news-and-events/q3">') == "news"
    assert _genre_of(tmp_path, '<link rel="canonical" href="https://paper.example/2019/11/18/bridge">') == "news"


def test_a_page_that_says_nothing_of_itself_stays_a_webpage_unless_a_blog_platform_made_it(tmp_path):
    assert _genre_of(tmp_path, '<link rel="canonical" href="https://bikes.example/how-to/fix">') == "webpage"
    assert _genre_of(tmp_path, '<meta name="generator" content="WordPress 5.2.4">') == "blog"
    assert _genre_of(tmp_path, '<meta name="date" content="2019-11-18">') == "news"  # a dated page is an article
