import json
from html import escape
from pathlib import Path

from search.documents import Skipped, load
from search.extraction.extract import extract

from .conftest import ARTICLE_PARAGRAPHS, article_html

BODY = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)


def rss(items: str, encoding="utf-8") -> str:
    return f"""<?xml version="1.0" encoding="{encoding}"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>The Harbour Times</title><link>https://harbourtimes.example/</link><language>en-gb</language>
{items}</channel></rss>"""


def item(link, title="Bridge to close", date="Mon, 18 Nov 2019 23:30:00 -0500", author="Jan de Vries",
         body=BODY) -> str:
    return (f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
            f"<dc:creator>{author}</dc:creator><content:encoded>{escape(body)}</content:encoded></item>")


def load_all(*paths):
    skipped: list[Skipped] = []
    return list(load(paths, skipped)), skipped


def test_each_rss_item_is_a_document_with_link_date_author_title_and_publisher(tmp_path):
    feed = tmp_path / "harbour.rss"
    feed.write_text(rss(item("https://harbourtimes.example/2019/11/bridge")
                        + item("https://harbourtimes.example/2019/11/ferry?page=2", title="Ferries &amp; fares",
                               author="Ana Lima", body="<p>Fares rise.</p>")), encoding="utf-8")
    docs, skipped = load_all(feed)
    assert not skipped
    first, second = docs
    assert (first.id, first.url, first.title, first.authors, first.source, first.date, first.language) == (
        "harbourtimes.example/2019/11/bridge", "https://harbourtimes.example/2019/11/bridge", "Bridge to close",
        ("Jan de Vries",), "The Harbour Times", "2019-11-18", "en-gb")  # the publisher's own day, not UTC's
    assert first.text.split("\n\n") == list(ARTICLE_PARAGRAPHS)  # the item's HTML, a paragraph per block
    assert extract(first).quotes[0].text.startswith("We cannot wait")
    assert second.title == "Ferries & fares" and second.id.startswith("harbourtimes.example/2019/11/ferry-")


def test_ids_derive_from_the_link_and_stay_the_same_on_every_read(tmp_path):
    feed = tmp_path / "f.rss"
    feed.write_text(rss(item("https://harbourtimes.example/a") + item("https://harbourtimes.example/b")))
    first = [d.id for d in load_all(feed)[0]]
    feed.write_text(rss(item("https://harbourtimes.example/new") + item("https://harbourtimes.example/b")
                        + item("https://harbourtimes.example/a")))
    again = [d.id for d in load_all(feed)[0]]
    assert set(first) <= set(again) and len(set(again)) == 3


def test_an_atom_feed_in_an_xml_file_is_read(tmp_path):
    (tmp_path / "news.xml").write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Harbour Wire</title><id>urn:x</id>
<entry><title type="html">Bridge &lt;em&gt;closes&lt;/em&gt;</title>
<link rel="alternate" href="https://wire.example/bridge"/><id>urn:uuid:1</id>
<published>2019-11-18T23:30:00-05:00</published><author><name>Jan de Vries</name></author>
<content type="html">{escape(BODY)}</content></entry></feed>""", encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url>'
                                          "</urlset>")
    docs, skipped = load_all(tmp_path)
    assert [(d.id, d.title, d.date, d.source, d.author) for d in docs] == [
        ("wire.example/bridge", "Bridge closes", "2019-11-18", "Harbour Wire", "Jan de Vries")]
    # A folder's .xml that is not a feed is named, not read, like any other file we do not read.
    assert [(Path(s.path).name, s.reason) for s in skipped] == [("sitemap.xml", "an .xml file that is not an RSS or Atom feed")]


def test_an_xml_file_named_on_its_own_that_is_not_a_feed_is_reported(tmp_path):
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset></urlset>')
    docs, skipped = load_all(tmp_path / "sitemap.xml")
    assert docs == [] and [s.reason for s in skipped] == ["not an RSS or Atom feed"]


def test_a_feed_with_broken_items_keeps_the_good_ones_and_reports_the_rest(tmp_path):
    items = (item("https://harbourtimes.example/good")
             + "<item><title>No link, no guid</title><description>Text here.</description></item>"
             + item("https://harbourtimes.example/empty", body="")
             + item("javascript:alert(1)")
             + item("https://harbourtimes.example/bad-date", date="the day after tomorrow"))
    (tmp_path / "f.rss").write_text(rss(items))
    docs, skipped = load_all(tmp_path)
    assert [d.id for d in docs] == ["harbourtimes.example/good", "harbourtimes.example/bad-date"]
    assert docs[1].date == ""
    reasons = {}
    for s in skipped:
        reasons.setdefault(s.path.rsplit(":", 1)[-1], []).append(s.reason)
    assert "neither a link nor an id" in reasons["2"][0] and reasons["3"] == ["item has no text"]
    assert "url ignored" in reasons["4"][0] and "neither a link nor an id" in reasons["4"][1]


def test_a_feed_cut_off_mid_item_is_read_leniently_and_says_so(tmp_path):
    whole = rss(item("https://harbourtimes.example/one") + item("https://harbourtimes.example/two"))
    (tmp_path / "cut.rss").write_text(whole[:whole.rindex("Shop owners")])
    docs, skipped = load_all(tmp_path)
    assert docs[0].id == "harbourtimes.example/one" and ARTICLE_PARAGRAPHS[2] in docs[0].text
    assert any("read leniently" in s.reason for s in skipped)


def test_a_windows_1252_feed_is_read_correctly(tmp_path):
    body = "<p>“We cannot wait,” said the café’s owner, who was not happy about it at all.</p>"
    (tmp_path / "cp.rss").write_bytes(rss(item("https://x.example/a", body=body), "windows-1252").encode("cp1252"))
    (doc,), skipped = load_all(tmp_path)
    assert "“We cannot wait,” said the café’s owner" in doc.text


def test_an_item_holding_a_whole_page_goes_through_the_page_reader(tmp_path):
    (tmp_path / "f.rss").write_text(rss(item("https://x.example/page", body=article_html())))
    (doc,), _ = load_all(tmp_path)
    assert ARTICLE_PARAGRAPHS[0] in doc.text and "All rights reserved" not in doc.text


def test_the_feeds_sidecar_speaks_for_every_item(tmp_path):
    (tmp_path / "f.rss").write_text(rss(item("https://x.example/a") + item("https://x.example/b")))
    (tmp_path / "f.meta.json").write_text(json.dumps({"source": "Harbour Times (print)", "genre": "news",
                                                      "title": "not for every item"}))
    docs, _ = load_all(tmp_path)
    assert {(d.source, d.genre, d.title) for d in docs} == {("Harbour Times (print)", "news", "Bridge to close")}


def test_an_rss_author_written_as_email_and_name_gives_the_name(tmp_path):
    (tmp_path / "wire.rss").write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title><item><title>Dredging</title>"
        "<link>https://wire.example/dredging</link><author>news@harbourtimes.example (Ana Lima)</author>"
        "<description>“Ships cannot come in,” said Ines Costa.</description></item></channel></rss>", encoding="utf-8")
    (doc,), _ = load_all(tmp_path)
    assert doc.authors == ("Ana Lima",)
