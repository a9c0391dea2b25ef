"""What every format reader shares: skip reports, decoding, ids, links and metadata fields."""
from __future__ import annotations

import email.utils
import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from urllib.parse import unquote, urlsplit

_ISO_PREFIX = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")
# Ids end up in URLs and file-free lookups; anything else is replaced so that a permalink is readable.
_ID_UNSAFE = re.compile(r"[^\w.\-/]+")


@dataclass(frozen=True)
class Skipped:
    """A file (or a line or record of one) that could not be loaded, or part of it that was ignored, and why."""

    path: str
    reason: str
    file: str = ""  # the input file this is about, when `path` names a part of it (a line, a page, its sidecar)
    warning: bool = False  # the file was indexed all the same: this is a part left out, or a note on how it was read


def plural(count: int, noun: str, many: str | None = None) -> str:
    """Return "1 file", "2 files", "0 files": the count and the noun in the number it takes."""
    return f"{count:,} {noun if count == 1 else (many or noun + 's')}"


def decode(raw: bytes) -> str:
    """Decode bytes as UTF-8 (or UTF-16 with a BOM); raise ValueError for anything else."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValueError(f"invalid UTF-16: {exc.reason} at byte {exc.start}") from None
    elif b"\x00" in raw[:8192]:
        raise ValueError("binary file (contains NUL bytes)")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValueError(f"not UTF-8: {exc.reason} at byte {exc.start}") from None
    if "\x00" in text:
        raise ValueError("binary file (contains NUL characters)")
    return normalise_newlines(text)


def normalise_newlines(text: str) -> str:
    """Return text with CR LF and CR line endings turned into LF."""
    # Offsets are into this text, so line endings are normalised once, when a document is read.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def make_id(raw: str) -> str:
    """Make a readable, URL-safe document id."""
    cleaned = _ID_UNSAFE.sub("-", raw.strip()).strip("-/.")
    cleaned = re.sub(r"/{2,}", "/", cleaned)
    cleaned = "/".join(part for part in cleaned.split("/") if part not in ("", ".", ".."))
    return cleaned[:200] or "document"


def first_line(text: str) -> str:
    """Return the first non-blank line, shortened for use as a title."""
    for line in text.splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= 200 else line[:199] + "…"
    return ""


def safe_url(raw, where: str, skipped: list[Skipped]) -> str:
    """Return a document's link if it is an http(s) URL, else report it and return ''."""
    url = str(raw or "").strip()
    # The link becomes an href: javascript:, data: and the like would run or show content on our pages.
    if not url or re.match(r"https?://[^\s]+$", url, re.IGNORECASE):
        return url
    skipped.append(Skipped(where, f"url ignored: only http and https links are kept, not {url[:80]!r}"))
    return ""


def authors(raw) -> tuple[str, ...]:
    """Return the authors given as a list or as one string separated by semicolons."""
    if isinstance(raw, (list, tuple)):
        return tuple(str(a).strip() for a in raw if str(a).strip())
    text = str(raw or "").strip()
    return tuple(a.strip() for a in text.split(";") if a.strip()) if text else ()


# Decoded UTF-8 holds no surrogates, so only a \\uD800-\\uDFFF escape can bring one into a JSON string.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_surrogates(value) -> bool:
    """Say whether a decoded JSON value holds a lone UTF-16 surrogate anywhere."""
    # JSON may spell a lone surrogate as \udXXX; such a string cannot be written as UTF-8 into the index.
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(has_surrogates(k) or has_surrogates(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_surrogates(v) for v in value)
    return False


TEXT_FIELDS = ("title", "source", "publisher", "language", "genre")
MAX_FIELD_CHARS = 2000  # characters of one metadata text field
_DATE_FIELDS = ("date", "publication_date")
_URL_FIELDS = ("url", "media_url", "media")


def valid_fields(meta: dict, where: str, skipped: list[Skipped]) -> dict:
    """Return the metadata fields whose type and range are right; report each other one and leave it out."""
    out = {}
    for name, value in meta.items():
        why = _field_problem(name, value)
        if why:
            skipped.append(Skipped(where, f"metadata field {name!r} ignored: {why}"))
        else:
            out[name] = value
    return out


def _field_problem(name: str, value) -> str:
    """Say what is wrong with one metadata field's value, or return ''."""
    if value is None:
        return ""
    if name in TEXT_FIELDS + _URL_FIELDS + _DATE_FIELDS and not isinstance(value, str):
        return f"expected text, not {kind_of(value)}"
    if name in TEXT_FIELDS and len(value) > MAX_FIELD_CHARS:
        return f"{len(value)} characters, over the {MAX_FIELD_CHARS} allowed"
    if name in ("authors", "author"):
        names = value if isinstance(value, list) else [value]
        wrong = next((v for v in names if not isinstance(v, str)), None)
        if wrong is not None or not isinstance(value, (list, str)):
            return f"expected a name or a list of names, not {kind_of(wrong if wrong is not None else value)}"
        if sum(map(len, names)) > MAX_FIELD_CHARS:
            return f"over {MAX_FIELD_CHARS} characters of names"
    if name in _DATE_FIELDS and value.strip() and not _real_date(iso_date(value)):
        return f"{value[:40]!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD, a real day, not after next year)"
    return ""


def _real_date(text: str) -> bool:
    """Say whether an ISO date, month or year names a real day, month or year up to next year."""
    if not text:
        return False
    parts = [int(p) for p in text.split("-")]
    try:
        date(*(parts + [1, 1][len(parts) - 1:]))
    except ValueError:
        return False
    return 1 <= parts[0] <= date.today().year + 1


def kind_of(value) -> str:
    """Name the JSON type of a value, for a message."""
    names = {bool: "true or false", int: "a number", float: "a number", list: "a list", dict: "an object",
             str: "a string"}
    return names.get(type(value), type(value).__name__)


def metadata(meta: dict, where: str, skipped: list[Skipped]) -> dict:
    """Return the Document fields a metadata mapping (a sidecar or a JSON line) gives, under their field names.

    A field of the wrong type or out of range is reported and left out; the others apply.
    """
    meta = valid_fields(meta, where, skipped)
    out = {
        "title": str(meta.get("title") or ""),
        "source": str(meta.get("source") or meta.get("publisher") or ""),
        "date": iso_date(meta.get("date") or meta.get("publication_date") or ""),
        "url": safe_url(meta.get("url"), where, skipped),
        "authors": authors(meta.get("authors") or meta.get("author")),
        "language": str(meta.get("language") or ""),
        "genre": str(meta.get("genre") or ""),
        "media_url": safe_url(meta.get("media_url") or meta.get("media"), where, skipped),
    }
    return {k: v for k, v in out.items() if v}


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_DECLARED = re.compile(rb"(?:charset|coding|encoding)\s*[:=]\s*[\"']?([A-Za-z0-9_.\-]{2,30})")


def decode_any(raw: bytes) -> tuple[str, str]:
    """Decode a text file as UTF-8, else as its declared or a likely 8-bit encoding; return (text, note).

    The note says which encoding was used when it was not UTF-8; binary files still raise ValueError.
    """
    try:
        return decode(raw), ""
    except ValueError as exc:
        if "binary" in str(exc) or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise
        why = str(exc)
    # Mostly UTF-8 with a few damaged bytes: keep it UTF-8, the damage marked, rather than garble every accent.
    if _UTF8_SEQUENCE.search(raw):
        return normalise_newlines(raw.decode("utf-8", errors="replace")), f"{why}: read as UTF-8, bad bytes as U+FFFD"
    # A declaration in the first lines ("-*- coding: latin-1 -*-", "charset=iso-8859-1") wins; Windows-1252
    # is what English text that is not UTF-8 nearly always is, and Latin-1 reads any byte at all.
    declared = _DECLARED.search(b"\n".join(raw[:2048].split(b"\n")[:3]))
    names = [declared.group(1).decode("ascii")] if declared else []
    for name in [*names, "cp1252", "latin-1"]:
        try:
            text = raw.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
        return normalise_newlines(text), f"{why}: read as {name}"
    raise ValueError(why)


@lru_cache(maxsize=None)
def table(name: str) -> tuple[str, ...]:
    """Return the lines of a word table in search/data/, without blanks and # comments."""
    text = resources.files("search").joinpath("data", name).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


def url_id(url: str) -> str:
    """Make a document id from a URL: its host and path, readable, and the same on every reindex."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    raw = (host[4:] if host.startswith("www.") else host) + unquote(parts.path)
    if parts.query:
        # A readable id drops the query, which may be all that tells two pages apart (?p=123): keep its hash.
        raw = f"{raw.rstrip('/')}-{hashlib.sha1(parts.query.encode()).hexdigest()[:8]}"
    if len(raw) > 180:  # make_id cuts at 200; two long URLs must not become one id
        raw = f"{raw[:170]}-{hashlib.sha1(url.encode()).hexdigest()[:10]}"
    return make_id(raw)


def iso_date(raw) -> str:
    """Return the date as feeds and archives write it (RFC 822 or ISO 8601) as YYYY-MM-DD, YYYY-MM or YYYY, or ''."""
    text = str(raw or "").strip()
    if _ISO_PREFIX.match(text) and len(text) <= 10:
        return text  # a year, a month or a day already
    try:  # the calendar day as written, whatever the time zone: the day the publisher itself gives
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    # RFC 822 as RSS writes it; a date without a time of day is common, and email.utils wants one.
    parts = email.utils.parsedate_tz(text) or email.utils.parsedate_tz(text + " 00:00")
    try:
        return date(*parts[:3]).isoformat() if parts else ""
    except ValueError:  # 31 February
        return ""
