"""Read JSON Lines files: one document per line with `text` and optional metadata."""
from __future__ import annotations

import json
from typing import Iterator

from ..model import Document
from .common import SURROGATE_ESCAPE, first_line, has_surrogates, make_id, metadata

SUFFIXES = (".jsonl",)


def read(source) -> Iterator[Document]:
    """Yield one document per line of a JSON Lines file."""
    text = source.read_text()
    if text is None:
        return
    stem = source.path.stem
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source.path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            source.skip(f"invalid JSON: {exc.msg}", where)
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            source.skip("no 'text' field", where)
            continue
        if SURROGATE_ESCAPE.search(line) and has_surrogates(record):
            source.skip("invalid text: a \\u escape names a lone UTF-16 surrogate", where)
            continue
        body = record["text"]
        if not body.strip():
            source.skip("no text", where)
            continue
        fields = metadata(record, where, source.skipped)
        fields.setdefault("title", first_line(body))
        yield Document(id=make_id(str(record.get("id") or f"{stem}-{number}")), text=body, path=where, **fields)
