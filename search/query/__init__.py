"""Read the Whoosh index: parse queries, filter, count facets, highlight, fetch records."""
from .facets import FACET_FIELDS, FACET_LIMIT
from .hits import safe_marks
from .parsing import SORTS, TYPES, Limits, QueryError
from .records import record
from .request import FILTERS, Filter, SearchRequest
from .results import Facet, Hit, Listing, Results
from .session import Engine, NoIndex, Session
from .spelling import Vocabulary
from .worker import WorkerLost

__all__ = ["FACET_FIELDS", "FACET_LIMIT", "FILTERS", "SORTS", "TYPES", "Engine", "Facet", "Filter", "Hit", "Limits",
           "Listing", "NoIndex", "QueryError", "Results", "SearchRequest", "Session", "Vocabulary", "WorkerLost",
           "record", "safe_marks"]
