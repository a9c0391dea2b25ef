"""The engines behind one contract (contract.py): Whoosh on one machine, PostgreSQL past it; pick one by settings."""
from __future__ import annotations

from typing import Mapping

from ..query.parsing import Limits
from .contract import Engine, Session

SCHEMES = ("postgresql://", "postgres://")


def open_engine(config: Mapping) -> Engine:
    """Return the engine the settings name: PostgreSQL when DATABASE_URL is set, else the Whoosh folder INDEX_DIR."""
    url = config.get("DATABASE_URL") or ""
    limits = Limits.from_config(config)
    if url:
        if not url.startswith(SCHEMES):
            raise ValueError(f"DATABASE_URL must be a postgresql:// address, not {url.split(':')[0]!r}")
        from .postgres import PostgresEngine

        return PostgresEngine(url, config.get("DATABASE_READ_URL") or "", limits,
                              pool_size=int(config.get("THREADS", 16)))
    from .whoosh import WhooshEngine

    return WhooshEngine(config["INDEX_DIR"], limits, int(config.get("LONG_WORKERS", 0)))


__all__ = ["Engine", "Session", "open_engine"]
