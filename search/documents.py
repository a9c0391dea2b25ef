"""Turn files and folders into documents: .txt, .md, .html and .jsonl."""
from __future__ import annotations

import html
import html.parser
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .model import Document

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
SIDECAR_SUFFIX = ".meta.json"
MAX_FILE_BYTES = 50 * 1024 * 1024
# Ids end up in URLs and file-free lookups; anything else is replaced so that a permalink is readable.
_ID_UNSAFE = re.compile(r"[^\w.\-/]+")


@dataclass(frozen=True)
class Skipped:
    """A file (or a line of one) that could not be loaded, and why."""

    path: str
    reason: str


def load(paths: Iterable[str | os.PathLike], skipped: list[Skipped] | None = None) -> Iterator[Document]:
    """Yield the documents under the given files and folders, reporting failures into `skipped`."""
    skipped = skipped if skipped is not None else []
    for given in paths:
        root = Path(given)
        if root.is_dir():
            files = sorted(p for p in root.rglob("*") if p.is_file() and _is_input(p))
            for path in files:
                yield from _load_file(path, root, skipped)
        elif root.is_file():
            yield from _load_file(root, root.parent, skipped)
        else:
            skipped.append(Skipped(str(root), "no such file or folder"))


def _is_input(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(SUFFIXES) and not name.startswith(".")


def _load_file(path: Path, root: Path, skipped: list[Skipped]) -> Iterator[Document]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        skipped.append(Skipped(str(path), f"unsupported file type {suffix or '(none)'}"))
        return
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            skipped.append(Skipped(str(path), f"file is {size} bytes, over the {MAX_FILE_BYTES} byte limit"))
            return
        raw = path.read_bytes()
    except OSError as exc:
        skipped.append(Skipped(str(path), exc.strerror or str(exc)))
        return
    if suffix in JSONL_SUFFIXES:
        yield from _load_jsonl(raw, path, skipped)
        return
    try:
        text = decode(raw)
    except ValueError as exc:
        skipped.append(Skipped(str(path), str(exc)))
        return
    if suffix in HTML_SUFFIXES:
        page_title, text = html_to_text(text)
    else:
        page_title = ""
    if not text.strip():
        skipped.append(Skipped(str(path), "no text"))
        return
    meta = _sidecar(path, skipped)
    doc_id = make_id(path.relative_to(root).with_suffix("").as_posix())
    yield Document(
        id=doc_id,
        text=text,
        title=str(meta.get("title") or page_title or first_line(text)),
        source=str(meta.get("source") or meta.get("publisher") or ""),
        date=str(meta.get("date") or meta.get("publication_date") or ""),
        url=safe_url(meta.get("url"), str(path), skipped),
        authors=_authors(meta.get("authors") or meta.get("author")),
        path=str(path),
    )


def _load_jsonl(raw: bytes, path: Path, skipped: list[Skipped]) -> Iterator[Document]:
    try:
        text = decode(raw)
    except ValueError as exc:
        skipped.append(Skipped(str(path), str(exc)))
        return
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            skipped.append(Skipped(where, f"invalid JSON: {exc.msg}"))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            skipped.append(Skipped(where, "no 'text' field"))
            continue
        if _SURROGATE_ESCAPE.search(line) and _has_surrogates(record):
            skipped.append(Skipped(where, "invalid text: a \\u escape names a lone UTF-16 surrogate"))
            continue
        body = record["text"]
        if not body.strip():
            skipped.append(Skipped(where, "no text"))
            continue
        doc_id = make_id(str(record.get("id") or f"{path.stem}-{number}"))
        yield Document(
            id=doc_id,
            text=body,
            title=str(record.get("title") or first_line(body)),
            source=str(record.get("source") or record.get("publisher") or ""),
            date=str(record.get("date") or record.get("publication_date") or ""),
            url=safe_url(record.get("url"), where, skipped),
            authors=_authors(record.get("authors") or record.get("author")),
            path=where,
        )


def _sidecar(path: Path, skipped: list[Skipped]) -> dict:
    meta_path = path.with_name(path.stem + SIDECAR_SUFFIX)
    if not meta_path.is_file():
        return {}
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        skipped.append(Skipped(str(meta_path), f"metadata ignored: {exc}"))
        return {}
    if _has_surrogates(meta):
        skipped.append(Skipped(str(meta_path), "metadata ignored: a \\u escape names a lone UTF-16 surrogate"))
        return {}
    return meta if isinstance(meta, dict) else {}


# Decoded UTF-8 holds no surrogates, so only a \\uD800-\\uDFFF escape can bring one into a JSON string.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogates(value) -> bool:
    # JSON may spell a lone surrogate as \udXXX; such a string cannot be written as UTF-8 into the index.
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_surrogates(k) or _has_surrogates(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogates(v) for v in value)
    return False


def safe_url(raw, where: str, skipped: list[Skipped]) -> str:
    """Return a document's link if it is an http(s) URL, else report it and return ''."""
    url = str(raw or "").strip()
    # The link becomes an href: javascript:, data: and the like would run or show content on our pages.
    if not url or re.match(r"https?://[^\s]+$", url, re.IGNORECASE):
        return url
    skipped.append(Skipped(where, f"url ignored: only http and https links are kept, not {url[:80]!r}"))
    return ""


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
    # Offsets are into this text, so line endings are normalised once, here.
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


_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "section", "article", "header", "footer", "tr", "table", "pre", "hr", "figure", "figcaption",
}
_HIDDEN_TAGS = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}


class _TextExtractor(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.hidden = 0
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        elif tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.flush()

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.flush()

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif not self.hidden:
            self.current.append(data)

    def flush(self):
        block = " ".join("".join(self.current).split())
        if block:
            self.blocks.append(block)
        self.current = []


def html_to_text(markup: str) -> tuple[str, str]:
    """Return the page title and its visible text, one paragraph per block element."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    parser.flush()
    return " ".join(parser.title.split()), "\n\n".join(parser.blocks)


def _authors(raw) -> tuple[str, ...]:
    """Return the authors given as a list or as one string ("A; B" or "A and B" stays one name each)."""
    if isinstance(raw, (list, tuple)):
        return tuple(str(a).strip() for a in raw if str(a).strip())
    text = str(raw or "").strip()
    return tuple(a.strip() for a in text.split(";") if a.strip()) if text else ()
