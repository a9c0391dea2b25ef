"""Read the word tables in search/data/: one entry a line, `#` comments and blank lines aside."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def lines(name: str) -> tuple[str, ...]:
    """Return the entries of one word table."""
    text = resources.files("search").joinpath("data", name).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
