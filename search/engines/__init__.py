"""The engines behind one contract (contract.py): Whoosh on one machine, PostgreSQL past it; pick one by settings."""
from __future__ import annotations

from typing import Mapping

from ..query.parsing import Limits
from .contract import Engine, Session, Writer

SCHEMES = ("postgresql://", "postgres://")


def database_url(config: Mapping) -> str:
    """Return the PostgreSQL address the settings give, or "" for the Whoosh folder; ValueError if it is none."""
    url = config.get("DATABASE_URL") or ""
    if url and not url.startswith(SCHEMES):
        raise ValueError(f"the database URL must start with postgresql://, not {url.split(':')[0]!r}")
    return url


def open_engine(config: Mapping) -> Engine:
    """Return the engine the settings name: PostgreSQL when DATABASE_URL is set, else the Whoosh folder INDEX_DIR."""
    url = database_url(config)
    limits = Limits.from_config(config)
    if url:
        from .postgres import PostgresEngine

        return PostgresEngine(url, config.get("DATABASE_READ_URL") or "", limits,
                              pool_size=int(config.get("THREADS", 16)))
    from .whoosh import WhooshEngine

    return WhooshEngine(config["INDEX_DIR"], limits, int(config.get("LONG_WORKERS", 0)))


__all__ = ["Engine", "Session", "Writer", "database_url", "open_engine"]
