"""Read a served index faster than Whoosh's public API lets us: stored fields, columns, TOC, highlights (2.7.4)."""
from __future__ import annotations

import copy
import sys
from array import array
from typing import Any

from whoosh.codec.whoosh3 import STORED_COLUMN


def highlight_hit(hit, fieldname: str, text: str, fragmenter, formatter, top: int = 3) -> str:
    """Return the highlighted fragments of one hit, cut by `fragmenter` and marked by `formatter`."""
    # Hit.highlights (2.7.4) takes no fragmenter or formatter: it uses the one highlighter shared by
    # the whole Results, so quotes (whole) and paragraphs (a window) need it reassigned before each
    # hit. Safe because a Results object belongs to one request and is read by one thread.
    hit.results.fragmenter = fragmenter
    hit.results.formatter = formatter
    return hit.highlights(fieldname, text=text, top=top)


def ref_codes(column_reader):
    """Return a RefBytesColumn reader's per-record codes as one array, and the values the codes stand for;
    None for a reader of another kind."""
    # RefBytesColumn.Reader (2.7.4) keeps the distinct values in memory (_uniques) but reads each record's
    # code from the file, one read per call: counting facets over 50,000 matches read the file 50,000
    # times (1 µs a record, more than scoring). Its codes are a packed array of _typecode items at
    # _basepos, _doccount of them (see RefBytesColumn.Writer.finish), so one read brings them all.
    try:
        dbfile, basepos, count = column_reader._dbfile, column_reader._basepos, column_reader._doccount
        typecode, uniques = column_reader._typecode, column_reader._uniques
    except AttributeError:
        return None
    if typecode not in ("B", "H", "i", "I", "L"):
        return None
    codes = array(typecode, dbfile.get(basepos, count * array(typecode).itemsize))
    if sys.byteorder == "little" and array(typecode).itemsize > 1:
        codes.byteswap()  # written big-endian ("!" in the writer's struct format)
    return codes, uniques


def share_stored_places(reader, cache: dict) -> None:
    """Give each segment of a new reader where every record's stored fields lie, worked out once per segment and
    kept in `cache` (one per index generation)."""
    # W3PerDocReader (2.7.4) reads stored fields through one PickleColumn(CompressedBytesColumn) per segment.
    # Opening it (the first stored_fields() of every searcher) reads every record's length and, below 32,768
    # records a segment, where Whoosh writes no offsets, adds them up in a Python loop: 3-4 ms a request at
    # 26,000 records, 30 ms a segment at 200,000. A segment's files never change: the lengths and offsets
    # are kept and each new reader gets a reader of its own file with them (its _readers cache, as
    # _cached_reader would fill it).
    for leaf, _base in reader.leaf_readers():
        perdoc: Any = getattr(leaf, "_perdoc", None)
        readers = getattr(perdoc, "_readers", None)
        if perdoc is None or readers is None or "_stored" in readers or not perdoc.has_column("_stored"):
            continue
        key = ("stored-places", leaf.segment().segment_id())
        shape = cache.get(key)
        if shape is None:
            opened = perdoc.column_reader("_stored", STORED_COLUMN)
            shape = copy.copy(opened._child)
            shape._dbfile = None  # the file is each reader's own
            if shape._offsets.typecode in ("L", "Q") and len(shape._offsets) and shape._offsets[-1] < 2 ** 32:
                shape._offsets = array("I", shape._offsets)  # half the memory: kept for the generation
            cache[key] = shape
        if "_stored" not in perdoc._colfiles:
            perdoc._colfiles["_stored"] = perdoc._get_column_file("_stored")  # closed with the reader
        child = copy.copy(shape)
        child._dbfile = perdoc._colfiles["_stored"][0]
        readers["_stored"] = STORED_COLUMN.Reader(child)


def table_of_contents(ix):
    """Return what a Whoosh index folder holds: its schema, segments and generation (a TOC), read once."""
    return ix._read_toc()


def searcher_on(ix, toc):
    """Return a searcher on the segments a table of contents lists, without reading it again."""
    # FileIndex.searcher and FileIndex.schema (2.7.4) each read the TOC file and unpickle the schema in it:
    # twice a request, 1 ms. A served generation never changes (a reindex writes a new folder), so its
    # TOC is read once; the reader is what FileIndex.reader builds from it, the searcher what .searcher does.
    from whoosh.searching import Searcher

    return Searcher(type(ix)._reader(ix.storage, toc.schema, toc.segments, toc.generation), fromindex=ix)
