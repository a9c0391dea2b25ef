"""Stream every hit of a search as CSV, JSON Lines, BibTeX or CSL-JSON, holding one document's hits at a time."""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from .. import cite
from . import bibtex, csl


@dataclass(frozen=True)
class Format:
    """An export format: its name, media type and file name ending."""

    name: str
    mimetype: str
    suffix: str


FORMATS = {f.name: f for f in (
    Format("csv", "text/csv; charset=utf-8; header=present", "csv"),
    Format("jsonl", "application/x-ndjson; charset=utf-8", "jsonl"),
    Format("bibtex", "application/x-bibtex; charset=utf-8", "bib"),
    Format("csl-json", "application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
)}
COLUMNS = ("quote", "speaker", "speaker_key", "kind", "title", "source", "authors", "date", "url", "locator",
           "permalink", "context")
BATCH = 200  # rows per chunk written: few enough to stay small, enough to keep the writes cheap

# A spreadsheet runs a cell that starts with one of these as a formula; document text is not to be trusted.
_FORMULA_START = tuple("=+-@\t\r")


def with_context(session, records: Iterable[dict]) -> Iterator[tuple[dict, str]]:
    """Pair each record with the text of its paragraph, holding one document's records at a time."""
    held: list[dict] = []
    for record in records:
        if held and record.get("doc") != held[0].get("doc"):
            yield from _paired(session, held)
            held = []
        held.append(record)
    if held:
        yield from _paired(session, held)


def _paired(session, records: list[dict]) -> Iterator[tuple[dict, str]]:
    # Records come in index order, a document's together: its paragraphs are read once, and only those needed.
    needed = {r.get("paragraph") for r in records if r.get("type") != "paragraph" and r.get("paragraph")}
    texts = session.paragraph_texts(records[0].get("doc"), needed) if needed else {}
    for record in records:
        if record.get("type") == "paragraph":
            yield record, record.get("text", "")
        else:
            yield record, texts.get(record.get("paragraph"), "")


def row(record: dict, context: str, base_url: str) -> dict:
    """Return one hit as the export's columns (plus the fields JSON Lines adds)."""
    c = cite.citation(record, base_url)
    is_quote = record.get("type", "quote") == "quote"
    authors = record.get("authors") or [a.strip() for a in str(record.get("author") or "").split(";") if a.strip()]
    return {
        "id": record.get("id", ""), "type": record.get("type", "quote"), "doc": record.get("doc", ""),
        "quote": record.get("text", "") if is_quote else "", "speaker": record.get("speaker", "") if is_quote else "",
        "speaker_key": record.get("speaker_key", "") if is_quote else "",
        "kind": record.get("kind", "") if is_quote else "paragraph", "title": c.title, "source": c.source,
        "authors": list(authors), "date": c.date, "url": c.url, "locator": str(c.locator or ""),
        "permalink": c.permalink, "context": context, "genre": c.genre, "paragraph": record.get("paragraph"),
        "page": record.get("page"), "time": record.get("time"), "cue": record.get("cue", ""),
        "role": record.get("role", ""),
    }


def stream(fmt: str, hits: Iterable[tuple[dict, str]], base_url: str) -> Iterator[str]:
    """Yield an export of (record, context) pairs in a format of FORMATS, a chunk at a time."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    writer = {"csv": _csv, "jsonl": _jsonl, "bibtex": _bibtex, "csl-json": _csl_json}[fmt]
    return writer(hits, base_url)


def _chunks(pieces: Iterable[str]) -> Iterator[str]:
    batch = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) >= BATCH:
            yield "".join(batch)
            batch.clear()
    if batch:
        yield "".join(batch)


def _csv(hits, base_url) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180: CRLF line ends, fields quoted when they need it, quotes doubled

    def take() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    def lines():
        writer.writerow(COLUMNS)
        yield take()
        for record, context in hits:
            found = row(record, context, base_url)
            found["authors"] = "; ".join(found["authors"])
            writer.writerow([_cell(found[c]) for c in COLUMNS])
            yield take()
    return _chunks(lines())


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _jsonl(hits, base_url) -> Iterator[str]:
    return _chunks(json.dumps(row(r, context, base_url), ensure_ascii=False) + "\n" for r, context in hits)


def _bibtex(hits, base_url) -> Iterator[str]:
    return _chunks(bibtex.entry(cite.citation(r, base_url)) + "\n\n" for r, _ in hits)


def _csl_json(hits, base_url) -> Iterator[str]:
    def pieces():
        yield "["
        glue = "\n"
        for record, _ in hits:
            yield glue + json.dumps(csl.item(cite.citation(record, base_url)), ensure_ascii=False)
            glue = ",\n"
        yield "\n]\n"
    return _chunks(pieces())


def filename(query: str, fmt: str) -> str:
    """Return a download's file name from the words searched: "quotes-vast-influence.csv"."""
    words = re.sub(r"[^a-z0-9]+", "-", query.lower()).strip("-")[:60].strip("-")
    return f"quotes-{words or 'all'}.{FORMATS[fmt].suffix}"
