"""Read the Whoosh index: parse queries, filter, count facets, highlight, fetch records."""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .request import FILTERS, Filter, SearchRequest

if TYPE_CHECKING:
    from .facets import FACET_FIELDS, FACET_LIMIT
    from .hits import safe_marks
    from .parsing import SORTS, TYPES, Limits, QueryError
    from .records import record
    from .results import Facet, Hit, Listing, Results
    from .session import Engine, NoIndex, Session
    from .spelling import Vocabulary
    from .worker import WorkerLost

# The searcher's parts load on first use: `search reindex` needs the request's filters for its options, and loading
# the searcher, the highlighter and bleach with them cost every reindex a tenth of a second.
_WHERE = {"FACET_FIELDS": "facets", "FACET_LIMIT": "facets", "safe_marks": "hits", "SORTS": "parsing",
          "TYPES": "parsing", "Limits": "parsing", "QueryError": "parsing", "record": "records", "Facet": "results",
          "Hit": "results", "Listing": "results", "Results": "results", "Engine": "session", "NoIndex": "session",
          "Session": "session", "Vocabulary": "spelling", "WorkerLost": "worker"}

__all__ = ["FACET_FIELDS", "FACET_LIMIT", "FILTERS", "SORTS", "TYPES", "Engine", "Facet", "Filter", "Hit", "Limits",
           "Listing", "NoIndex", "QueryError", "Results", "SearchRequest", "Session", "Vocabulary", "WorkerLost",
           "record", "safe_marks"]


def __getattr__(name: str) -> Any:
    """Return one of the package's names, importing its module the first time it is asked for."""
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{where}", __name__), name)
    globals()[name] = value
    return value
