import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from search.documents import Skipped, load

from .conftest import ARTICLE_PARAGRAPHS, article_html

DATE_HEAD = '<meta property="article:published_time" content="2019-11-18T09:30:00Z">'


def response(writer, url, body: bytes, content_type="text/html; charset=utf-8", status="200 OK",
             date="2020-01-02T03:04:05Z"):
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                                  warc_headers_dict={"WARC-Date": date}))


def write_warc(path, gzip=True, build=None):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    (build or crawl)(writer)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def crawl(writer):
    response(writer, "https://harbourtimes.example/2019/11/bridge", article_html(head=DATE_HEAD).encode())
    writer.write_record(writer.create_warc_record("https://harbourtimes.example/logo.png", "request",
                                                  payload=io.BytesIO(b"GET /logo.png HTTP/1.1\r\n\r\n")))
    response(writer, "https://harbourtimes.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
    response(writer, "https://harbourtimes.example/report.pdf", b"%PDF-1.4 " + bytes(100), "application/pdf")
    response(writer, "https://harbourtimes.example/thumb.png", b"\x89PNG\r\n\x1a\n", "image/png")
    response(writer, "https://harbourtimes.example/missing", b"<html><body>Not found</body></html>",
             status="404 Not Found")
    # windows-1252, said only in the HTTP header; no page date, so the record's date stands
    response(writer, "https://harbourtimes.example/ferry?id=7",
             article_html(paragraphs=[p.replace("council’s", "café’s") for p in ARTICLE_PARAGRAPHS],
                          charset="").replace('<meta charset="">', "").encode("cp1252"),
             "text/html; charset=windows-1252")


def load_all(*paths):
    skipped: list[Skipped] = []
    return list(load(paths, skipped)), skipped


def test_each_html_response_is_a_document_with_its_target_uri_and_date(tmp_path):
    write_warc(tmp_path / "crawl.warc.gz")
    docs, skipped = load_all(tmp_path)
    assert [(d.id, d.url, d.date) for d in docs] == [
        ("harbourtimes.example/2019/11/bridge", "https://harbourtimes.example/2019/11/bridge", "2019-11-18"),
        ("harbourtimes.example/ferry-" + docs[1].id.rsplit("-", 1)[1], "https://harbourtimes.example/ferry?id=7",
         "2020-01-02"),
    ]
    bridge, ferry = docs
    assert ARTICLE_PARAGRAPHS[1] in bridge.text and "All rights reserved" not in bridge.text
    assert (bridge.title, bridge.source) == ("Bridge to close after cracks found", "The Harbour Times")
    assert "café’s" in ferry.text  # the charset of the HTTP header
    assert [s.reason for s in skipped] == [
        "left out 4 responses that are not HTML pages (image/png 2, application/pdf 1, HTTP status 404 1)"]


def test_ids_stay_the_same_when_the_archive_is_read_again_or_uncompressed(tmp_path):
    write_warc(tmp_path / "a.warc.gz")
    write_warc(tmp_path / "b.warc", gzip=False)
    first = [d.id for d in load_all(tmp_path / "a.warc.gz")[0]]
    assert first == [d.id for d in load_all(tmp_path / "a.warc.gz")[0]] == [d.id for d in load_all(tmp_path / "b.warc")[0]]


def test_a_truncated_gzip_member_is_reported_and_the_records_before_it_kept(tmp_path):
    data = write_warc(tmp_path / "full.warc.gz")
    (tmp_path / "full.warc.gz").unlink()
    (tmp_path / "cut-in-page.warc.gz").write_bytes(data[:-60])  # the last page's member loses its end
    last_member = data.rindex(b"\x1f\x8b\x08")
    (tmp_path / "cut-in-header.warc.gz").write_bytes(data[:last_member + 30])  # too little left to hold a record
    docs, skipped = load_all(tmp_path)
    assert [d.url for d in docs] == ["https://harbourtimes.example/2019/11/bridge"] * 2
    reasons = {s.path.rsplit("/", 1)[-1].split("@")[0]: s.reason for s in skipped if "not HTML" not in s.reason}
    assert reasons == {"cut-in-page.warc.gz": "record of https://harbourtimes.example/ferry?id=7 is truncated "
                                              f"({reasons['cut-in-page.warc.gz'].split('(')[1]}",
                       "cut-in-header.warc.gz": "archive truncated or damaged: the 30 bytes after byte "
                                                f"{last_member} hold no whole record"}


def test_a_truncated_record_is_reported_not_indexed_as_if_whole(tmp_path):
    data = write_warc(tmp_path / "full.warc", gzip=False)
    (tmp_path / "full.warc").unlink()
    (tmp_path / "cut.warc").write_bytes(data[:-300])
    docs, skipped = load_all(tmp_path)
    assert [d.url for d in docs] == ["https://harbourtimes.example/2019/11/bridge"]
    assert any("ferry?id=7 is truncated" in s.reason for s in skipped)


def test_an_archive_of_no_html_pages_yields_nothing_and_says_how_many_it_skipped(tmp_path):
    def media(writer):
        response(writer, "https://x.example/a.jpg", b"\xff\xd8\xff" + bytes(50), "image/jpeg")
        response(writer, "https://x.example/b.pdf", b"%PDF-1.4", "application/pdf")
    write_warc(tmp_path / "media.warc.gz", build=media)
    docs, skipped = load_all(tmp_path)
    assert docs == []
    assert [s.reason for s in skipped] == [
        "left out 2 responses that are not HTML pages (image/jpeg 1, application/pdf 1)"]


def test_a_file_that_is_not_an_archive_is_reported(tmp_path):
    (tmp_path / "fake.warc").write_bytes(b"this is not a web archive at all\n" * 3)
    (tmp_path / "fake2.warc.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    docs, skipped = load_all(tmp_path)
    reasons = sorted(s.reason for s in skipped)
    assert docs == [] and len(reasons) == 2
    assert reasons[0].startswith("archive truncated or damaged") and reasons[1].startswith("not a WARC archive")


def test_a_gzip_member_past_the_cap_stops_the_archive_with_what_came_before(tmp_path, monkeypatch):
    from search.documents import warc

    from .hostile_files import gzip_bomb, gzip_member, page, warc_record

    monkeypatch.setattr(warc, "MAX_MEMBER_BYTES", 1 << 20)
    head = warc_record("https://example.org/big", "")[:-4]  # the record's header; its page never ends
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(gzip_member(warc_record("https://example.org/first", page("First", "It holds"))) +
                     gzip_bomb(4, head, b" "))
    skipped: list[Skipped] = []
    docs = list(load([path], skipped))
    assert [d.url for d in docs] == ["https://example.org/first"]
    (said,) = [s.reason for s in skipped if "inflates" in s.reason]
    assert said.startswith(f"a gzip member inflates to over {1 << 20} bytes (a decompression bomb?)")
    assert said.endswith("the rest is not read")


def test_a_record_without_a_target_uri_is_skipped_with_its_offset_and_the_rest_read(tmp_path):
    from .hostile_files import page, warc_record

    lost = warc_record(None, page("Lost", "Nothing"))
    path = tmp_path / "a.warc"
    path.write_bytes(warc_record("https://example.org/a", page("A", "One")) + lost +
                     warc_record("https://example.org/b", page("B", "Two")))
    skipped: list[Skipped] = []
    docs = list(load([path], skipped))
    assert [d.url for d in docs] == ["https://example.org/a", "https://example.org/b"]
    (lost_at,) = [s for s in skipped if s.reason == "response record without a WARC-Target-URI skipped"]
    first = len(warc_record("https://example.org/a", page("A", "One")))
    assert first - 4 <= int(lost_at.path.rsplit("@", 1)[1]) <= first  # where the record begins, blank lines aside
