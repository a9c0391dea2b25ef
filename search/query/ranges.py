"""Dates at a bounded cost: ranges from their few terms or from the date column, and newest-first order."""
from __future__ import annotations

import calendar
import re

from whoosh import sorting
from whoosh.collectors import TimeLimit
from whoosh.matching import Matcher, NullMatcher
from whoosh.query import Or, Query, Term

_COMPLEMENT = bytes(255 - b for b in range(256))

FEW_TERMS = 64  # a range over more distinct values than this is read from the column instead
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def checked_dates(date_from: str, date_to: str) -> tuple[str, str]:
    """Return the From and To dates of a search; raise ValueError saying what is wrong with an impossible one."""
    for given in (date_from, date_to):
        if given:
            _check_date(given)
    # ISO dates sort as text; "~" sorts after every digit, so a month or year `to` takes in its days.
    if date_from and date_to and date_from > date_to + "~":
        raise ValueError(f"the From date {date_from} is after the To date {date_to}: nothing can lie between them")
    return date_from, date_to


def _check_date(given: str) -> None:
    """Raise ValueError unless `given` is a real year, month or day written YYYY, YYYY-MM or YYYY-MM-DD."""
    found = _DATE.fullmatch(given)
    if not found:
        raise ValueError(f"dates are written YYYY, YYYY-MM or YYYY-MM-DD, not {given!r}")
    year, month, day = (int(part) if part else 0 for part in found.groups())
    if year == 0:
        raise ValueError(f"{given} is not a date: years run from 0001")
    if found.group(2) and not 1 <= month <= 12:
        raise ValueError(f"{given} is not a date: months run from 01 to 12")
    if found.group(3):
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(f"{given} is not a date: {calendar.month_name[month]} {year} has {last} days")


def date_range(reader, fieldname: str, low: str | None, high: str | None):
    """Return a query for the records whose `fieldname` lies in [low, high], whichever way costs less."""
    # Whoosh's TermRange is the union of every term in the range: at thousands of dates its matcher tree
    # took longer to step through than the whole of an ordinary search (56 s for `from=2010` at PolNeAR x10).
    words = []
    for btext in reader.expand_prefix(fieldname, "") if low is None else _from(reader, fieldname, low):
        word = btext.decode("utf-8")
        if high is not None and word > high:
            break
        words.append(word)
        if len(words) > FEW_TERMS:
            return ColumnRange(fieldname, low, high)
    return Or([Term(fieldname, w) for w in words]) if words else Or([])


def _from(reader, fieldname: str, low: str):
    for fn, btext in reader.terms_from(fieldname, low):
        if fn != fieldname:
            return
        yield btext


class ColumnRange(Query):
    """The records whose column value lies in [low, high], found by reading the column record by record."""

    def __init__(self, fieldname: str, low: str | None, high: str | None, left=None) -> None:
        self.fieldname, self.low, self.high = fieldname, low, high
        self.left = left  # the time budget's look, if any: raise TimeLimit while stepping once none is left

    def __repr__(self) -> str:
        return f"ColumnRange({self.fieldname!r}, {self.low!r}, {self.high!r})"

    def __eq__(self, other) -> bool:
        return (type(other) is type(self) and (self.fieldname, self.low, self.high)
                == (other.fieldname, other.low, other.high))

    def __hash__(self) -> int:
        return hash((self.fieldname, self.low, self.high))

    def is_leaf(self) -> bool:
        return True

    def field(self):
        return self.fieldname

    def estimate_size(self, ixreader) -> int:
        return ixreader.doc_count()

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        if not reader.has_column(self.fieldname):
            return NullMatcher()
        low = self.low.encode("utf-8") if self.low is not None else None
        high = self.high.encode("utf-8") if self.high is not None else None
        return InRange(reader.column_reader(self.fieldname, translate=False), reader.doc_count_all(), low, high,
                       reader.is_deleted if reader.has_deletions() else None, left=self.left)


class InRange(Matcher):
    """A matcher over the records whose column value lies in a range, stepping through the column."""

    def __init__(self, column, count: int, low: bytes | None, high: bytes | None, deleted=None, at: int = 0,
                 left=None):
        self._column, self._count, self._low, self._high, self._deleted = column, count, low, high, deleted
        self._left = left
        self._id = at
        self._advance()

    def _ok(self, docnum: int) -> bool:
        value = self._column[docnum]
        return bool(value) and (self._low is None or value >= self._low) and (
            self._high is None or value <= self._high) and not (self._deleted and self._deleted(docnum))

    def _advance(self) -> None:
        while self._id < self._count and not self._ok(self._id):
            self._id += 1
            if self._left is not None and self._id % 1024 == 0 and not self._left():
                raise TimeLimit

    def is_active(self) -> bool:
        return self._id < self._count

    def reset(self) -> None:
        self._id = 0
        self._advance()

    def id(self) -> int:
        return self._id

    def next(self) -> bool:
        self._id += 1
        self._advance()
        return False

    def skip_to(self, id) -> None:
        if id > self._id:
            self._id = id
            self._advance()

    def all_ids(self):
        while self.is_active():
            yield self._id
            self.next()

    def copy(self) -> "InRange":
        return InRange(self._column, self._count, self._low, self._high, self._deleted, self._id, self._left)

    def replace(self, minquality=0):
        return self if self.is_active() else NullMatcher()

    def supports_block_quality(self) -> bool:
        return False

    def weight(self) -> float:
        return 0.0

    def score(self) -> float:
        return 0.0  # a filter: the ranking is the words'

    def term(self):
        return None


class Newest(sorting.FacetType):
    """Order by a date-like column, newest first, reading only the records sorted."""

    # Whoosh's FieldFacet(reverse=True) on a text column builds a ReversedColumnCategorizer, which reads
    # the value of every record in the index to sort them, per search (1.7 s at 1M quotes), and then finds
    # each record's place by a linear search of the distinct dates.
    def __init__(self, fieldname: str) -> None:
        self.fieldname = fieldname

    def categorizer(self, global_searcher):
        return _NewestFirst(self.fieldname)


class _NewestFirst(sorting.Categorizer):
    def __init__(self, fieldname: str) -> None:
        self.fieldname = fieldname
        self._column = None

    def set_searcher(self, segment_searcher, docoffset):
        reader = segment_searcher.reader()
        self._column = reader.column_reader(self.fieldname, translate=False) if reader.has_column(
            self.fieldname) else None

    def key_for(self, matcher, segment_docnum):
        value = self._column[segment_docnum] if self._column is not None else b""
        # Each byte complemented, then a byte above them all: a later date, or a longer one after the same
        # prefix (2019-11 after 2019), sorts first; no date sorts last.
        return value.translate(_COMPLEMENT) + b"\xff"
