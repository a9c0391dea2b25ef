"""Write examples/: one small document of each format the engine reads, about one invented town's news.

Run `make examples` (or `python tools/make_examples.py [FOLDER]`). The output is the same byte for byte on
every run, so the committed files can be checked against it (tests/test_examples.py).
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://harbourtimes.example"

ARTICLE = "\n\n".join([
    "Ferry fares to rise a fifth",
    "The harbour ferry will cost a fifth more from January, its owner said on Wednesday.",
    "“Fuel has doubled in price and we carry the same number of passengers,” said Tom Berg, who has run the ferry "
    "for twenty years.",
    "Commuters were not pleased. “We have no other way to get to work,” said Lena Hart, a nurse who crosses every "
    "morning.",
]) + "\n"

PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Bridge to close after cracks found | The Harbour Times</title>
<link rel="canonical" href="{SITE}/2019/11/18/bridge-to-close">
<meta name="author" content="Jan de Vries; Ana Lima">
<meta property="og:site_name" content="The Harbour Times">
<meta property="article:published_time" content="2019-11-18T08:00:00+00:00">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Bridge to close after cracks found", "datePublished": "2019-11-18",
 "author": [{{"@type": "Person", "name": "Jan de Vries"}}, {{"@type": "Person", "name": "Ana Lima"}}],
 "publisher": {{"@type": "Organization", "name": "The Harbour Times"}}}}</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/subscribe">Subscribe</a></nav>
<article>
<h1>Bridge to close after cracks found</h1>
<p class="byline">By Jan de Vries and Ana Lima, 18 November 2019</p>
<p>The city council voted on Tuesday to close the old harbour bridge to cars after engineers found cracks in two
of its supports.</p>
<p>“We cannot wait for the bridge to fail before we act,” said Maria Keller, the city's chief engineer, who
inspected the supports last week.</p>
<p>Shop owners on the north bank fear the closure will keep customers away. “Half of my trade comes over that
bridge,” said Omar Said, who runs a bakery near the harbour.</p>
<p>The bridge will stay open to people on foot and on bicycles while the council looks for the money to repair it.</p>
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Harbour festival moves to June</a></li></ul></aside>
<footer>© 2019 The Harbour Times. All rights reserved.</footer>
</body>
</html>
"""

FEED_ITEMS = [
    ("Harbour dredging to start in spring", f"{SITE}/2019/11/21/dredging", "Thu, 21 Nov 2019 09:00:00 GMT",
     "Ana Lima", "The port will dredge the harbour mouth from March. “Larger ships cannot come in at low tide,” "
     "said Ines Costa, the harbour master."),
    ("New bus line for the north bank", f"{SITE}/2019/11/22/bus-line", "Fri, 22 Nov 2019 10:30:00 GMT",
     "Jan de Vries", "A bus will run every ten minutes while the bridge is closed. “Nobody should be cut off "
     "from the town centre,” said Mayor Paul Adler."),
]

LETTERS = [
    {"id": "council/letter-2019-11-19", "title": "Letter to residents on the bridge", "source": "Harbour City Council",
     "date": "2019-11-19", "authors": ["Paul Adler"], "genre": "report",
     "text": "Letter to residents on the bridge\n\nThe old bridge will close to cars on Monday.\n\n"
             "“Your safety comes before everything else,” Mayor Paul Adler wrote to residents."},
    {"id": "council/notice-2019-11-25", "title": "Public meeting on the bridge repairs",
     "source": "Harbour City Council", "date": "2019-11-25", "genre": "report",
     "text": "Public meeting on the bridge repairs\n\nResidents may ask questions at the town hall on Thursday.\n\n"
             "“We want to hear from everyone who crosses the bridge,” said Maria Keller, the chief engineer."},
]

REPORT_PAGES = [
    ["Bridge inspection review",
     "This review sums up the inspection of the old harbour bridge carried out in November 2019 by the",
     "city's engineers and an outside firm.",
     "",
     "The inspectors found cracks in two of the six supports on the north side of the river."],
    ["The outside firm agreed with the city's engineers about the cause of the damage.",
     "",
     "“No bridge in this state is unsafe to walk on today, but it cannot carry cars,” said Maria Chen,",
     "the firm's lead inspector.",
     "",
     "The review asks the council to repair the supports within two years."],
]

CAPTIONS = """WEBVTT - Harbour City Council, 19 November 2019

00:00:02.000 --> 00:00:06.500
<v Paul Adler>Good evening, and welcome to this special meeting of the council.

00:00:07.000 --> 00:00:12.000
<v Paul Adler>We are here tonight because the old bridge is not safe for cars.

00:01:15.000 --> 00:01:21.000
<v Maria Keller>We found cracks in two supports, and they are growing.

00:01:21.500 --> 00:01:26.000
<v Maria Keller>My advice is to close the bridge to cars this week.
"""

SUBTITLES = """1
00:00:01,000 --> 00:00:04,000
>> HOST: This is Harbour Radio, and with me is Tom Berg.

2
00:00:04,500 --> 00:00:09,000
>> TOM BERG: Thank you. The ferry will run extra boats while the bridge is closed.

3
00:00:09,500 --> 00:00:13,000
>> HOST: Will the fares go up again?

4
00:00:13,500 --> 00:00:18,000
>> TOM BERG: Not this winter. We will keep them where they are until spring.
"""

ARCHIVED_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour festival moves to June - Harbour Weekly</title>
<meta property="og:site_name" content="Harbour Weekly">
<meta property="article:published_time" content="2019-11-23">
</head><body><article><h1>Harbour festival moves to June</h1>
<p>The harbour festival will move from April to June next year, after two years of spring storms.</p>
<p>“We lost the main stage to the wind twice,” said Sara Nilsen, who has organised the festival since 2012.</p>
<p>The organisers expect more visitors in June, when the ferry runs every half hour.</p>
</article></body></html>
"""


def article() -> dict[str, bytes]:
    meta = {"title": "Ferry fares to rise a fifth", "source": "The Harbour Times", "date": "2019-11-20",
            "url": f"{SITE}/2019/11/20/ferry-fares", "authors": ["Ana Lima"], "genre": "news"}
    return {"ferry-fares.txt": ARTICLE.encode(), "ferry-fares.meta.json": _json(meta)}


def feed() -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
        f"<author>news@harbourtimes.example ({author})</author><description>{text}</description></item>\n"
        for title, link, date, author, text in FEED_ITEMS)
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>The Harbour Times</title>'
            f"<link>{SITE}/</link><description>News from the harbour</description>\n{items}</channel></rss>\n"
            ).encode()


def letters() -> bytes:
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in LETTERS).encode()


def captions() -> dict[str, bytes]:
    meta = {"title": "Special council meeting on the bridge", "source": "Harbour City Council", "date": "2019-11-19",
            "media_url": "https://media.harbourtimes.example/council-2019-11-19.mp4", "genre": "captions"}
    return {"council-meeting.vtt": CAPTIONS.encode(), "council-meeting.meta.json": _json(meta)}


def subtitles() -> dict[str, bytes]:
    meta = {"title": "Harbour Radio: the ferry and the bridge", "source": "Harbour Radio", "date": "2019-11-21"}
    return {"radio-interview.srt": SUBTITLES.encode(), "radio-interview.meta.json": _json(meta)}


def report_pdf() -> bytes:
    """Return a two-page report with a running head and page numbers, written by hand in Helvetica."""
    pages = []
    for number, lines in enumerate(REPORT_PAGES, 1):
        drawn = [(72, 40, "Harbour City Council — Bridge inspection review"), (300, 760, str(number))]
        top = 90
        for line in lines:
            if line:
                drawn.append((72, top, line))
            top += 16
        pages.append(drawn)
    return pdf(pages, {"Title": "Bridge inspection review", "Author": "Harbour City Council",
                       "CreationDate": "D:20191126090000Z", "Producer": "tools/make_examples.py"})


def pdf(pages: list[list[tuple[float, float, str]]], info: dict[str, str]) -> bytes:
    """Write a PDF whose pages hold lines of text at (x, top) in 11 pt Helvetica."""
    objects: list[bytes] = [b"", b""]  # 1: catalog, 2: page tree

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def literal(text: str) -> bytes:
        raw = text.encode("cp1252")
        return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for lines in pages:
        content = b"".join(b"BT /F1 11 Tf %.2f %.2f Td %s Tj ET\n" % (x, 792 - top - 11, literal(text))
                           for x, top, text in lines)
        contents = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >>"
                        b" /Contents %d 0 R >>" % (font, contents)))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    info_ref = add(b"<< " + b" ".join(b"/%s %s" % (k.encode(), literal(v)) for k, v in info.items()) + b" >>")
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


def warc() -> bytes:
    """Return a gzipped web archive holding one crawled page, with fixed record ids and dates."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    body = ARCHIVED_PAGE.encode()
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                          ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        "https://harbourweekly.example/festival-moves", "response", payload=io.BytesIO(body), http_headers=headers,
        warc_headers_dict={"WARC-Record-ID": "<urn:uuid:6f1d6a52-3b1e-4c39-9a63-2a8a8f0f7d01>",
                           "WARC-Date": "2019-11-23T12:00:00Z"})
    writer.write_record(record)
    return out.getvalue()


def files() -> dict[str, bytes]:
    """Return every example file by name."""
    return {**article(), "bridge-to-close.html": PAGE.encode(), "harbour-times.rss": feed(),
            "council-letters.jsonl": letters(), "bridge-review.pdf": report_pdf(), **captions(), **subtitles(),
            "crawl.warc.gz": warc()}


def _json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def main(folder: Path) -> None:
    """Write the examples into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files().items():
        (folder / name).write_bytes(data)
        print(f"wrote {folder / name} ({len(data):,} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples")
