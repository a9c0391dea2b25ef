"""The Whoosh engine: the index in generation folders on one machine (search.index writes, search.query reads)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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

    def close(self) -> None:
        """Nothing to close: searchers are opened per request."""
