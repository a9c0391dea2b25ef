"""Hostile input files, made by the tests themselves: reference loops, decompression bombs, broken archives."""
from __future__ import annotations

import json
import zlib

_CONTENT = b"BT /F1 12 Tf 72 700 Td (\"We will mend the dam,\" said Mayor Ann Lee.) Tj ET"


def raw_pdf(objects: dict[int, bytes], info: int | None = None) -> bytes:
    """Write a PDF of the given numbered objects (1 is the catalog) with a correct cross-reference table."""
    out, offsets = bytearray(b"%PDF-1.4\n"), {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size, xref = max(objects) + 1, len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[n] if n in offsets else b"0000000000 65535 f \n"
                    for n in range(1, size))
    trailer_info = b" /Info %d 0 R" % info if info else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer_info, xref)
    return bytes(out)


def _page_objects(**changed: bytes) -> dict[int, bytes]:
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
           b"/Contents 5 0 R >>",
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        5: b"<< /Length %d >>\nstream\n" % len(_CONTENT) + _CONTENT + b"\nendstream",
    }
    objects.update({int(k[1:]): v for k, v in changed.items()})
    return objects


def looping_pdfs() -> dict[str, bytes]:
    """Return PDFs whose references loop, through /Info, /Title, /Contents, a stream's /Length and /Metadata."""
    page = _page_objects()[3]
    stream = b"\nstream\n" + _CONTENT + b"\nendstream"
    return {
        "loop-info.pdf": raw_pdf(_page_objects(o6=b"7 0 R", o7=b"6 0 R"), info=6),
        "loop-title.pdf": raw_pdf(_page_objects(o6=b"<< /Title 7 0 R >>", o7=b"8 0 R", o8=b"7 0 R"), info=6),
        "loop-contents.pdf": raw_pdf(_page_objects(o3=page.replace(b"/Contents 5 0 R", b"/Contents 9 0 R"),
                                                   o9=b"10 0 R", o10=b"9 0 R")),
        "loop-length.pdf": raw_pdf(_page_objects(o5=b"<< /Length 11 0 R >>" + stream, o11=b"12 0 R", o12=b"11 0 R")),
        "loop-metadata.pdf": raw_pdf(_page_objects(o1=b"<< /Type /Catalog /Pages 2 0 R /Metadata 13 0 R >>",
                                                   o13=b"14 0 R", o14=b"13 0 R")),
    }


def many_pages_pdf(pages: int) -> bytes:
    """Return a PDF of `pages` pages that all show the same content stream."""
    kids = b" ".join(b"%d 0 R" % (10 + i) for i in range(pages))
    objects = _page_objects(o2=b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages))
    page = objects.pop(3)
    objects.update({10 + i: page for i in range(pages)})
    return raw_pdf(objects)


def gzip_member(data: bytes) -> bytes:
    """Return one gzip member holding `data`."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return packer.compress(data) + packer.flush()


def gzip_bomb(megabytes: int, head: bytes = b"", fill: bytes = b"\0") -> bytes:
    """Return one gzip member of `head` and then `megabytes` MiB of `fill`: about 1 KB per MiB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = fill * (1 << 20)
    return packer.compress(head) + b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()


def warc_record(url: str | None, html: str, kind: str = "response") -> bytes:
    """Return one WARC response record of an HTML page; `url` None leaves out WARC-Target-URI."""
    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html.encode()
    target = b"WARC-Target-URI: %s\r\n" % url.encode() if url else b""
    return (b"WARC/1.0\r\nWARC-Type: %s\r\n%sWARC-Date: 2020-01-02T00:00:00Z\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
            % (kind.encode(), target, len(body)) + body + b"\r\n\r\n")


def page(title: str, said: str) -> str:
    """Return a small article page holding one attributed quote."""
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>“{said},” said Mayor Ann Lee on Tuesday at the hall.</p></article></body></html>")


def write_corpus(docs):
    """Write the hostile corpus: files built to hang or swell their readers, wrong sidecars, three good files."""
    for name, data in looping_pdfs().items():
        (docs / name).write_bytes(data)
    (docs / "bomb.warc.gz").write_bytes(gzip_bomb(64))  # 64 KB inflating to one 64 MiB "line"
    (docs / "no-uri.warc").write_bytes(warc_record(None, page("Lost", "Nothing here")) +
                                  warc_record("https://example.org/kept", page("Kept", "Dams hold")))
    (docs / "typed.txt").write_text("Typed\n\n“The dam holds firmly,” said Mayor Ann Lee.", encoding="utf-8")
    (docs / "typed.meta.json").write_text(json.dumps({"source": True, "date": "9999-99-99", "title": ["a", "b"],
                                                  "authors": [{"x": 1}], "language": "en"}))
    (docs / "listed.txt").write_text("Listed\n\n“The dam is listed,” said Mayor Ann Lee.", encoding="utf-8")
    (docs / "listed.meta.json").write_text("[1, 2]")
    (docs / "controls.jsonl").write_text(json.dumps({"id": "controls", "text": "Controls\n\n“The dam\x01 is \x1b[31mred"
                                                 "\x00 now,” said Mayor Ann Lee."}) + "\n")  # \u0000 in the JSON
    (docs / "long.txt").write_text("Long\n\n“" + "The dam is long and the river is wide. " * 30_000 + "” said Ann Lee.")
    (docs / "long-said.txt").write_text("Said long\n\n“" + "The river is wide. " * 200 + "Wide,” said Mayor Ann Lee.")
    for i in range(3):
        (docs / f"good{i}.txt").write_text(f"Good {i}\n\n“Dams number {i} stand,” said Mayor Ann Lee.")
    return docs
