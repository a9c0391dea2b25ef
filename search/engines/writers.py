"""The write side of each engine behind the Writer contract, picked by the same settings as the engines."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .contract import Writer


@dataclass(frozen=True)
class WhooshWriter:
    """Write generation folders of a Whoosh index (search.index.build)."""

    index_dir: Path

    def reindex(self, paths, jobs: int | None = None, progress=None, allow_shrink: bool = False):
        """Build a new generation folder beside the served one and swap it in."""
        from ..index import build

        return build.reindex(paths, self.index_dir, jobs=jobs, progress=progress, allow_shrink=allow_shrink)

    def update(self, paths, jobs: int | None = None, progress=None, allow_shrink: bool = False):
        """Add or replace documents in a linked copy of the served generation and swap it in."""
        from ..index import build

        return build.update(paths, self.index_dir, jobs=jobs, progress=progress, allow_shrink=allow_shrink)


@dataclass(frozen=True)
class PostgresWriter:
    """Write generations of the PostgreSQL index, always on the primary (search.engines.postgres.build)."""

    url: str

    def reindex(self, paths, jobs: int | None = None, progress=None, allow_shrink: bool = False):
        """Build a new generation's tables and swap them in with one transaction."""
        from .postgres import build

        return build.reindex(paths, self.url, progress, allow_shrink, jobs)

    def update(self, paths, jobs: int | None = None, progress=None, allow_shrink: bool = False):
        """Add or replace the documents of the paths in one transaction."""
        from .postgres import build

        return build.update(paths, self.url, progress, allow_shrink, jobs)


def open_writer(config: Mapping) -> Writer:
    """Return the writer of the index the settings name (see engines.open_engine)."""
    from . import database_url

    url = database_url(config)
    return PostgresWriter(url) if url else WhooshWriter(Path(config["INDEX_DIR"]))
