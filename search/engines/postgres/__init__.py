"""The PostgreSQL engine: the index in a database that several servers and its replicas share."""
from .engine import PostgresEngine

__all__ = ["PostgresEngine"]
