"""The Whoosh engine: the index in generation folders on one machine (search.indexer writes, search.query reads)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ... import indexer
from ...query.parsing import Limits
from ...query.session import Engine as Reader


@dataclass
class WhooshEngine:
    """The index of one folder, behind the engine contract: a thin cover over the Whoosh reader and writer."""

    index_dir: Path
    limits: Limits = field(default_factory=Limits)
    workers: int = 0
    reader: Reader = field(init=False)

    def __post_init__(self) -> None:
        self.reader = Reader(self.index_dir, self.limits, self.workers)

    def session(self, turn: bool = True, seconds: float | None = None):
        """Open a session on the served generation."""
        return self.reader.session(turn=turn, seconds=seconds)

    def reindex(self, paths, jobs: int | None = None, progress=None, allow_shrink: bool = False):
        """Build a new generation folder beside the served one and swap it in."""
        return indexer.reindex(paths, self.index_dir, jobs=jobs, progress=progress, allow_shrink=allow_shrink)

    def update(self, paths, jobs: int | None = None, progress=None, allow_shrink: bool = False):
        """Add or replace documents in a linked copy of the served generation and swap it in."""
        return indexer.update(paths, self.index_dir, jobs=jobs, progress=progress, allow_shrink=allow_shrink)

    def close(self) -> None:
        """Nothing to close: searchers are opened per request."""
