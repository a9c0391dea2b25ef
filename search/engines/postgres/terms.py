"""Whoosh's analysis of a text as a tsvector: the same stemmed terms at the same positions in both engines."""
from __future__ import annotations

from ...index.schema import NEAR, PARAGRAPH, QUOTE, TEXT_FIELD, build_schema

_SCHEMA = build_schema()
ANALYZERS = {kind: _SCHEMA[TEXT_FIELD[kind]].analyzer for kind in (QUOTE, PARAGRAPH)}
ANALYZERS[NEAR] = _SCHEMA[NEAR].analyzer  # the names around a quote: folded, unstemmed
MAX_POSITION = 16383  # PostgreSQL keeps positions up to this; later ones count as this one
MAX_POSITIONS = 256  # positions PostgreSQL keeps per term


def vector(kind: str, text: str) -> tuple[str, set[str]]:
    """Return a text's tsvector as `kind` (quote, paragraph or near) analyses it, written out for COPY, and its
    terms."""
    positions: dict[str, list[int]] = {}
    for token in ANALYZERS[kind](text, positions=True):
        found = positions.setdefault(token.text, [])
        if len(found) < MAX_POSITIONS:
            found.append(min(token.pos + 1, MAX_POSITION))
    return " ".join(f"'{_quoted(term)}':{','.join(map(str, sorted(set(at))))}"
                    for term, at in positions.items()), set(positions)


def _quoted(term: str) -> str:
    return term.replace("\\", "\\\\").replace("'", "''")
