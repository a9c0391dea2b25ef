"""Write a segment's postings and read its field lengths as Whoosh's codec does, a term at a time (Whoosh 2.7.4)."""
from __future__ import annotations

import heapq
import itertools
import operator
import zlib
from array import array
from pickle import dump, dumps, load
from typing import Iterable, Iterator

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3TermInfo, _lenfield
from whoosh.filedb.filetables import _lengths as _ROW_LENGTHS
from whoosh.system import _INT_SIZE, pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.util import random_name


# What TermPool counts for its memory limit: each posting (three list slots, a float, the value's bytes object) and
# each new term (its dict entry, list and bytes), beside the value and term bytes themselves.
POSTING_BYTES, TERM_BYTES = 90, 200


class TermPool:
    """A segment's postings grouped by field and term as they are added, sorted runs on disk past a memory limit."""

    # Replaces PostingPool (whoosh.writing, 2.7.4), which keeps every posting as a tuple (field, term, record,
    # weight, value) and sorts them all when the segment is written: a third of writing the segment. Records are
    # added in order, so each term's postings are already in record order; only fields and terms need sorting.
    # A term's postings are one flat list: record, weight, value, record, weight, value, ...
    def __init__(self, tempstore, limitmb: int) -> None:
        self.tempstore, self.limit = tempstore, limitmb * 1024 * 1024
        self.fields: dict[str, dict[bytes, list]] = {}
        self.size = 0
        self.runs: list[str] = []

    def add_field(self, fieldname: str, docnum: int, items, boost: float) -> int:
        """Add one record's postings of one field; return the sum of their frequencies (the field's length)."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        length = size = 0
        for tbytes, freq, weight, vbytes in items:
            length += freq
            found = terms.get(tbytes)
            if found is None:
                terms[tbytes] = [docnum, weight * boost, vbytes]
                size += TERM_BYTES + len(tbytes) + len(vbytes)
            else:
                found += (docnum, weight * boost, vbytes)
                size += POSTING_BYTES + len(vbytes)
        self.size += size
        if self.size > self.limit:
            self.save()
        return length

    def add(self, item) -> None:
        """Add one posting (field, term, record, weight, value), as PostingPool.add takes it."""
        fieldname, tbytes, docnum, weight, vbytes = item
        self.add_field(fieldname, docnum, ((tbytes, 0, weight, vbytes or b""),), 1.0)

    def save(self) -> None:
        """Write the postings held in memory to a sorted run on disk."""
        name = f"{random_name()}.run"
        with self.tempstore.create_file(name).raw_file() as f:
            for fieldname, tbytes, flat in self._in_memory():
                dump((fieldname, tbytes, flat), f, 2)
        self.runs.append(name)
        self.fields, self.size = {}, 0

    def iter_terms(self) -> Iterator[tuple[str, bytes, list]]:
        """Yield (field, term, flat postings) in field and term order, the runs' postings of a term joined in order."""
        if not self.runs:
            yield from self._in_memory()
            return
        sources = [self._read_run(name) for name in self.runs] + [self._in_memory()]
        merged = heapq.merge(*sources, key=_by_term)  # stable: a term's postings of earlier runs come first
        for (fieldname, tbytes), parts in itertools.groupby(merged, key=_by_term):
            yield fieldname, tbytes, [posting for _, _, flat in parts for posting in flat]

    def cleanup(self) -> None:
        """Delete the runs on disk."""
        for name in self.runs:
            try:
                self.tempstore.delete_file(name)
            except OSError:
                pass
        self.runs = []

    def _in_memory(self) -> Iterator[tuple[str, bytes, list]]:
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for tbytes in sorted(terms):
                yield fieldname, tbytes, terms[tbytes]

    def _read_run(self, name: str) -> Iterator[tuple[str, bytes, list]]:
        with self.tempstore.open_file(name).raw_file() as f:
            while True:
                try:
                    yield load(f)
                except EOFError:
                    return


def _by_term(entry: tuple) -> tuple[str, bytes]:
    return entry[0], entry[1]


def write_postings(fieldwriter, schema, lengths, terms: Iterable[tuple[str, bytes, list]], codec) -> None:
    """Write a pool's terms into a W3FieldWriter's files, byte for byte as its add_postings would."""
    # W3FieldWriter.add_postings with W3PostingsWriter (2.7.4) write each term's postings in blocks of
    # `blocklimit`; with inlinelimit 1 (W3Codec's default) no term is inlined. Per posting they check order and
    # types and call four methods. The blocks, term infos and term table rows written here are theirs
    # (tests/test_whoosh_internals.py compares the files).
    if codec._inlinelimit != 1:
        raise ValueError("write_postings writes no inlined terms: use a codec with inlinelimit=1")
    term = _TermWriter(fieldwriter, codec)
    field = None
    for fieldname, tbytes, flat in terms:
        if fieldname != field:
            field = fieldname
            term.start_field(fieldname, schema[fieldname], lengths.field_lengths(fieldname) if lengths else None)
        term.write(tbytes, flat)


class _TermWriter:
    """Write one field's terms as W3PostingsWriter and W3FieldWriter.finish_term do (2.7.4)."""

    def __init__(self, fieldwriter, codec) -> None:
        # Positions are counted, not asked of the files: a file object's tell() is a system call, and Whoosh's
        # writers asked four times a term (a tenth of writing a segment).
        self.write_posting_bytes = fieldwriter._postfile.write
        self.pos = fieldwriter._postfile.tell()
        self.add_row = _TermRows(fieldwriter._tindex).add
        self.fieldmap = fieldwriter._fieldmap
        self.blocklimit, self.compression = codec._blocklimit, codec._compression
        self.prefix, self.fixed, self.lengths = b"", None, None

    def start_field(self, fieldname: str, fieldobj, lengths) -> None:
        """Take the field's number in the term table (W3FieldWriter.start_field), its values' size and lengths."""
        number = self.fieldmap.setdefault(fieldname, len(self.fieldmap))
        self.prefix, self.fixed, self.lengths = pack_ushort(number), fieldobj.format.fixed_value_size(), lengths

    def write(self, btext: bytes, flat: list) -> None:
        """Write one term's blocks and its row of the term table."""
        docnums, weights, values = flat[0::3], flat[1::3], flat[2::3]
        count = len(docnums)
        if count > 1 and any(map(operator.ge, docnums, docnums[1:])):
            # Never so for records added in order; PostingPool would have sorted them, so sort them too.
            docnums, weights, values = (list(t) for t in zip(*sorted(zip(docnums, weights, values))))
        found = self.lengths
        lengths = None if found is None else [found[n] or 0 for n in docnums]
        limit = self.blocklimit
        start = self.pos
        self.write_posting_bytes(WHOOSH3_HEADER_MAGIC)
        self.pos += len(WHOOSH3_HEADER_MAGIC)
        total: float = 0  # as TermInfo's weight: an int 0 that each block's sum is added to
        maxweight: float = 0
        for b in range(0, count, limit):
            e = min(b + limit, count)
            block = self._block(docnums[b:e], weights[b:e], values[b:e], lengths and lengths[b:e], e == count)
            total += block[0]
            maxweight = max(maxweight, block[1])
        given = [n for n in lengths if n] if lengths else ()
        minlength, maxlength = (min(given), max(given)) if given else (None, 0)
        # W3TermInfo.to_bytes (2.7.4) of a term written to the postings file, not inlined.
        row = _TERMINFO.pack(False, total, count, 0 if minlength is None else length_to_byte(minlength),
                             length_to_byte(maxlength), maxweight, docnums[0], docnums[-1])
        self.add_row(self.prefix + btext, row + pack_long(start) + pack_int(self.pos - start))

    def _block(self, ids: list, weights: list, values: list, lengths: list | None, last: bool) -> tuple[float, float]:
        """Write one block of postings as W3PostingsWriter._write_block does; return its weights' sum and maximum."""
        n = len(ids)
        if weights.count(1.0) == n:
            total, top, mini = float(n), 1.0, None  # all 1.0: their float32 sum is n, their minified form None
        else:
            stored = array("f", weights)  # Whoosh keeps weights as float32: their sum and list are of those
            total = sum(stored)
            top = max(weights)
            if not top > 0:
                top = 0  # add_posting's running maximum starts at int 0
            mini = stored[0] if stored.count(stored[0]) == n else tuple(stored)
        given = [x for x in lengths if x] if lengths else ()
        shortest, longest = (min(given), max(given)) if given else (None, 0)
        ids_out = (ids[0],) if n == 1 else tuple(map(operator.sub, ids, [0, *ids[:-1]]))  # delta_encode
        data = dumps((ids_out, mini, self._mini_values(values)), 2)
        comp = self.compression
        if comp:
            data = zlib.compress(data, comp)
        info = dumps((n, ids[-1], top, comp, length_to_byte(shortest), length_to_byte(longest)), 2)
        size = len(info) + len(data)
        write = self.write_posting_bytes
        write(pack_int(-size if last else size))
        write(info)
        write(data)
        self.pos += _INT_SIZE + size
        return total, top

    def _mini_values(self, values: list):
        # W3PostingsWriter._mini_values, over the values add_posting keeps (the non-empty ones).
        fixed = self.fixed
        if fixed == 0:
            return None
        kept = [v for v in values if v]
        return tuple(kept) if fixed is None or fixed < 0 else b"".join(kept)


_TERMINFO = W3TermInfo._struct


class _TermRows:
    """Add rows to a segment's term table as OrderedHashWriter.add does (2.7.4), with the file's position counted."""

    def __init__(self, table) -> None:
        # OrderedHashWriter and HashWriter.add (whoosh.filedb.filetables, 2.7.4): each row is its lengths, key and
        # value; the table keeps every row's position in `index` and (hash, position) in one of 256 buckets.
        self.table, self.write, self.hash = table, table.dbfile.write, table.hashfn
        self.pos = table.dbfile.tell()

    def add(self, key: bytes, value: bytes) -> None:
        """Add one row; keys must come in increasing order."""
        table = self.table
        if key <= table.lastkey:
            raise ValueError(f"Keys must increase: {table.lastkey!r}..{key!r}")
        pos = self.pos
        table.index.append(pos)
        head = _ROW_LENGTHS.pack(len(key), len(value))
        self.write(head)
        self.write(key)
        self.write(value)
        self.pos = pos + len(head) + len(key) + len(value)
        h = self.hash(key)
        table.buckets[h & 255].append((h, pos))
        table.lastkey = key


class Lengths:
    """Field lengths that answer 0 at once for unscored fields and read scored ones into memory once."""

    def __init__(self, inner, scored: set[str]) -> None:
        self._inner, self._scored = inner, scored
        self._loaded: dict[str, list | None] = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        """Return the length of a field in a document, as Whoosh's own reader would."""
        lengths = self.field_lengths(fieldname)
        return default if lengths is None else lengths[docnum]

    def field_lengths(self, fieldname: str) -> list | None:
        """Return a field's lengths by record number (None where a record has none), or None for a field without."""
        # Whoosh asks for every posting: for an ID field it stats a column file that never exists (a third
        # of the write time of our many ID fields), and for a text field it reads one byte from the file
        # per posting (8% of a reindex). A segment's lengths are one byte a record, so they are read once.
        if fieldname not in self._scored:
            return None
        if fieldname not in self._loaded:
            # _lenfield and LENGTHS_COLUMN (whoosh.codec.whoosh3, 2.7.4) name and describe the column the
            # codec keeps a field's lengths in: one byte a record, decoded by byte_to_length.
            column = _lenfield(fieldname)
            found = self._inner.column_reader(column, LENGTHS_COLUMN).load() if self._inner.has_column(column) else None
            self._loaded[fieldname] = None if found is None else [_BYTE_LENGTH[b] for b in found]
        return self._loaded[fieldname]

    def close(self) -> None:
        """Close the underlying reader."""
        self._inner.close()


# Whoosh's reader answers None for a zero byte and the decoded length otherwise.
_BYTE_LENGTH = [None] + [byte_to_length(b) for b in range(1, 256)]
