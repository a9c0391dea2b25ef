"""The PostgreSQL engine of one database: pooled connections, the served generation and its vocabulary."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

import psycopg
from psycopg import errors, sql
from psycopg_pool import ConnectionPool, PoolTimeout

from ...query.budget import Budget
from ...query.parsing import Limits
from ...query.session import NoIndex
from ...query.spelling import Vocabulary
from .connect import Unavailable
from .schema import READS_FROM, TABLES, VERSION, table
from .session import PostgresSession


# A search's statements run for milliseconds: compiling one with LLVM (on by default from PostgreSQL 12 where the
# server has it, for any statement the planner costs over 100,000) took 80 ms of a 500 ms search at 1M quotes.
OPTIONS = "-c jit=off"


class Words(Vocabulary):
    """The corpus words of one generation, read from its words table on first use."""

    def __init__(self, engine: "PostgresEngine", generation: int) -> None:
        super().__init__(None)
        self._engine, self._gen = engine, generation

    def _load(self) -> dict[str, int]:
        with self._lock:
            if self._counts is None:
                with self._engine.connection() as conn:
                    rows = conn.execute(sql.SQL("SELECT word, count FROM {}").format(table(self._gen, "words")))
                    self._counts = dict(rows.fetchall())
                self._sorted = sorted(self._counts)
            return self._counts

    def counts(self) -> dict[str, int]:
        """Return every word with its count."""
        return self._load()

    def sorted(self) -> list[str]:
        """Return every word in order."""
        self._load()
        return self._sorted


@dataclass
class PostgresEngine:
    """The index in one PostgreSQL database: writes go to `url`, reads to `read_url` (a replica) when given."""

    url: str
    read_url: str = ""
    limits: Limits = field(default_factory=Limits)
    pool_size: int = 16
    _pool: ConnectionPool | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _state: tuple = ()  # (generation, changed) the caches below belong to
    _cache: dict = field(default_factory=dict)

    def _connections(self) -> ConnectionPool:
        with self._lock:
            if self._pool is None:
                # timeout: a request waits this long for a connection before it is told the database is away.
                self._pool = ConnectionPool(self.read_url or self.url, min_size=1, max_size=self.pool_size,
                                            kwargs={"autocommit": True, "options": OPTIONS}, open=False,
                                            name="search-read", timeout=5)
                self._pool.open(wait=False)
            return self._pool

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection]:
        """Lend a reading connection from the pool; raise Unavailable when the database cannot be reached."""
        try:
            with self._connections().connection() as conn:
                yield conn
        except (PoolTimeout, psycopg.OperationalError) as exc:
            if isinstance(exc, errors.QueryCanceled):
                raise
            raise Unavailable(f"the index database cannot be reached: {exc}") from None

    def close(self) -> None:
        """Close the pool's connections."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def served(self) -> tuple[int, dict]:
        """Return the generation served now and the figures kept for it (reset when a reindex or update commits)."""
        with self.connection() as conn:
            try:
                found = conn.execute("SELECT generation, changed, (SELECT max(version) FROM search_schema) "
                                     "FROM search_served").fetchone()
            except errors.UndefinedTable:
                found = None
        if found is None or found[0] is None:
            raise NoIndex("no index in the database: run `search reindex` with this --database-url first")
        row, version = found[:2], found[2]
        if not READS_FROM <= version <= VERSION:
            # Tables of another layout would fail mid-request: say what to run instead.
            raise Unavailable(f"the index database's schema is version {version} and this program reads version "
                              f"{VERSION}: " + ("run `search reindex` or `search update` with this program to "
                                                "migrate it" if version < VERSION else "upgrade this program"))
        with self._lock:
            if self._state != row:
                self._state, self._cache = row, {"words": Words(self, row[0]), "names": {}}
            return row[0], self._cache

    def session(self, turn: bool = True, seconds: float | None = None) -> PostgresSession:
        """Open a session on the served generation; close it when done."""
        generation, cache = self.served()
        budget = Budget(self.limits.seconds if seconds is None else seconds)
        return PostgresSession(self, {name: table(generation, name) for name in TABLES}, cache, budget)
