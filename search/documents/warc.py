"""Read web archives (.warc, .warc.gz) with warcio: one document per HTML response, its target URI as its URL.

warcio is bounded here: a gzip member may inflate to MAX_MEMBER_BYTES and a header line hold MAX_LINE_BYTES,
so a decompression bomb or a file of one endless line costs megabytes, not gigabytes.
"""
from __future__ import annotations

import zlib
from collections import Counter
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecordLoader

from ..model import Document
from . import html
from .common import iso_date, plural, safe_url, url_id

SUFFIXES = (".warc.gz", ".warc")
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_MEMBER_BYTES = 128 * 1024 * 1024  # inflated bytes of one gzip member (one record, in a .warc.gz)
MAX_LINE_BYTES = 64 * 1024  # bytes of one header line
ISOLATED = True  # read in a child process under a time and memory budget (see documents.guard)
BLOCK_BYTES = 4096  # compressed bytes inflated at a time: at most ~4 MiB come out of one block
# What a damaged archive raises while warcio reads it: a bad header, a broken gzip member, an early end.
_DAMAGE = (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError)


def read(source) -> Iterator[Document]:
    """Yield one document per HTML response of an archive; report what is skipped, with counts by type."""
    try:
        handle = source.path.open("rb")
        size = source.path.stat().st_size
    except OSError as exc:
        source.skip(exc.strerror or str(exc))
        return
    passed: Counter = Counter()  # responses that are not HTML pages, by kind
    with handle:
        yield from _records(source, _Archive(handle), size, passed)
    if passed:
        counts = ", ".join(f"{kind} {n}" for kind, n in passed.most_common())
        left = sum(passed.values())
        what = "is not an HTML page" if left == 1 else "are not HTML pages"
        source.skip(f"left out {plural(left, 'response')} that {what} ({counts})")


def _records(source, archive: ArchiveIterator, size: int, passed: Counter) -> Iterator[Document]:
    end = 0  # where the last whole record ends
    while True:
        try:
            record = next(archive)
        except StopIteration:
            break
        except TooLarge as exc:
            source.skip(f"{exc} after byte {end}; the rest is not read")
            return
        except _DAMAGE as exc:
            source.skip(f"archive damaged after byte {end}, the rest is not read: {_reason(exc)}")
            return
        where = f"{source.path}@{end}"
        if record.format != "warc":
            # warcio also reads the older ARC format, and takes any line of text for an ARC header.
            source.skip(f"not a WARC archive (reads as {record.format!r} at byte {end})")
            return
        try:
            doc = _document(source, record, where, passed)
            end = archive.get_record_offset() + archive.get_record_length()
        except TooLarge as exc:
            source.skip(f"{exc}; the rest is not read", where)
            return
        except _DAMAGE as exc:
            source.skip(f"record not readable, the rest is not read: {_reason(exc)}", where)
            return
        if doc is not None:
            yield doc
    if size - end > 4:  # a gzip member cut short yields no record at all: only the missing bytes tell
        source.skip(f"archive truncated or damaged: the {size - end} bytes after byte {end} hold no whole record")


def _document(source, record, where: str, passed: Counter) -> Document | None:
    if record.rec_type not in ("response", "resource"):
        return None  # requests, metadata, warcinfo and revisits hold no page of their own
    if not record.rec_headers.get_header("WARC-Target-URI"):
        source.skip(f"{record.rec_type} record without a WARC-Target-URI skipped", where)
        return None
    headers = record.http_headers if record.rec_type == "response" else None
    if record.rec_type == "response" and headers is None:
        return None  # a response of another protocol (dns:, ftp:)
    if headers is not None:
        status = headers.get_statuscode() or ""
        if not status.startswith("2"):
            passed[f"HTTP status {status or 'unknown'}"] += 1
            return None
    content_type = (headers.get_header("Content-Type") if headers is not None
                    else record.rec_headers.get_header("Content-Type")) or ""
    mime, _, params = content_type.partition(";")
    mime = mime.strip().lower()
    if mime not in HTML_TYPES:
        passed[mime or "no content type"] += 1
        return None
    target = record.rec_headers.get_header("WARC-Target-URI") or ""
    url = safe_url(target, where, source.skipped)
    if not url:
        return None
    raw = record.content_stream().read(html.MAX_PAGE_BYTES + 1)
    if len(raw) > html.MAX_PAGE_BYTES:
        source.skip(f"page {url} is over the {html.MAX_PAGE_BYTES} byte limit", where)
        return None
    if getattr(record.raw_stream, "limit", 0):
        # The record says how long it is; fewer bytes came. A page cut short is not cited as if whole.
        source.skip(f"record of {url} is truncated ({record.raw_stream.limit} bytes missing)", where)
        return None
    try:
        page = html.extract(raw, _charset(params), url)
    except ValueError as exc:
        source.skip(f"{url}: {exc}", where)
        return None
    fields = dict(page.fields, url=url)
    fields["date"] = fields.get("date") or iso_date(record.rec_headers.get_header("WARC-Date"))
    return source.item(url_id(url), page.text, where, **fields)


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _reason(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


class TooLarge(ValueError):
    """A gzip member or a header line past its cap."""


class _BoundedReader(DecompressingBufferedReader):
    """warcio's reader with a cap on the bytes a gzip member inflates to and on a line's length."""

    member = 0  # bytes the current gzip member has inflated to

    def _process_read(self, data):
        super()._process_read(data)
        if self.decompressor is not None and self.buff is not None:
            self.member += self.buff_size
            if self.member > MAX_MEMBER_BYTES:
                self.buff = None  # drop what was inflated: nothing more is read
                raise TooLarge(f"a gzip member inflates to over {MAX_MEMBER_BYTES} bytes (a decompression bomb?)")

    def read_next_member(self):
        self.member = 0
        return super().read_next_member()

    def readline(self, length=None):
        # warcio reads a header line whole: a member of 1 GiB of zeros would be one line held in memory.
        line = super().readline(MAX_LINE_BYTES if length is None else min(length, MAX_LINE_BYTES))
        if len(line) >= MAX_LINE_BYTES and not line.endswith(b"\n"):
            raise TooLarge(f"a header line is over {MAX_LINE_BYTES} bytes")
        return line


class _Archive(ArchiveIterator):
    """warcio's archive iterator reading through _BoundedReader, and not failing on a record without a URI."""

    def __init__(self, handle) -> None:
        super().__init__(handle, block_size=BLOCK_BYTES)
        self.reader = _BoundedReader(self.fh, block_size=BLOCK_BYTES)
        loader = self.loader

        def http_headers(rec_type, uri, stream, length):
            # warcio calls uri.startswith(): a response with no WARC-Target-URI raised AttributeError.
            return ArcWarcRecordLoader.load_http_headers(loader, rec_type, uri or "", stream, length)

        loader.load_http_headers = http_headers
