"""What every format reader shares: skip reports, decoding, ids, links and metadata fields."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Ids end up in URLs and file-free lookups; anything else is replaced so that a permalink is readable.
_ID_UNSAFE = re.compile(r"[^\w.\-/]+")


@dataclass(frozen=True)
class Skipped:
    """A file (or a line or record of one) that could not be loaded, or part of it that was ignored, and why."""

    path: str
    reason: str


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


def metadata(meta: dict, where: str, skipped: list[Skipped]) -> dict:
    """Return the Document fields a metadata mapping (a sidecar or a JSON line) gives, under their field names."""
    out = {
        "title": str(meta.get("title") or ""),
        "source": str(meta.get("source") or meta.get("publisher") or ""),
        "date": str(meta.get("date") or meta.get("publication_date") or ""),
        "url": safe_url(meta.get("url"), where, skipped),
        "authors": authors(meta.get("authors") or meta.get("author")),
        "language": str(meta.get("language") or ""),
        "genre": str(meta.get("genre") or ""),
        "media_url": safe_url(meta.get("media_url") or meta.get("media"), where, skipped),
    }
    return {k: v for k, v in out.items() if v}
