"""Read web archives (.warc, .warc.gz) with warcio: one document per HTML response, its target URI as its URL."""
from __future__ import annotations

import zlib
from collections import Counter
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..model import Document
from . import html
from .common import iso_date, plural, safe_url, url_id

SUFFIXES = (".warc.gz", ".warc")
HTML_TYPES = ("text/html", "application/xhtml+xml")
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
        yield from _records(source, ArchiveIterator(handle), size, passed)
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
