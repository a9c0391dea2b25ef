"""Every use of Whoosh's private internals, each with why we need it; checked against Whoosh 2.7.4."""
from __future__ import annotations

import sys
from array import array

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.filedb.filestore import FileStorage
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

# The version every item below was read against; Whoosh is pinned to it in pyproject.toml.
CHECKED_AGAINST = "2.7.4"


class ScratchStorage(FileStorage):
    """The index folder, giving every writer a scratch folder of its own."""

    # Overrides FileStorage.temp_storage (2.7.4): Whoosh names a writer's scratch folder after the
    # index and deletes it when the writer ends, which would pull the sorted runs from under the
    # other builders writing segments into the same folder at the same time.
    def temp_storage(self, name=None):
        """Return a new scratch storage under a random name."""
        return super().temp_storage(None)


def scratch_index(ix):
    """Return the index `ix` opened on a ScratchStorage, for writers that run side by side."""
    return whoosh_index.FileIndex(ScratchStorage(ix.storage.folder), ix.schema, ix.indexname)


class Writer(SegmentWriter):
    """A segment writer that skips Whoosh's per-posting file lookups for fields without lengths."""

    # Overrides SegmentWriter.per_document_reader (2.7.4), which the writer asks for the length of
    # a field in a document once per posting; see Lengths for what that cost.
    def per_document_reader(self):
        """Return the lengths reader the postings are written with."""
        return Lengths(super().per_document_reader(), {n for n, f in self.schema.items() if f.scorable})


def unlocked_writer(ix, **options) -> Writer:
    """Return a Writer that does not take the index's write lock."""
    # _lk=False (a private argument of SegmentWriter.__init__ in 2.7.4): several builders write
    # segments at once, and one ordinary writer commits all their segments together at the end.
    return Writer(ix, _lk=False, **options)


def finish_segment(writer: Writer):
    """Close the writer's segment without committing it; return the segment."""
    # SegmentWriter._finalize_segment (2.7.4) is what Whoosh's own MpWriter calls for
    # multisegment=True: it flushes and closes the segment's files and leaves the TOC alone, so
    # the segment can be handed to the committing writer.
    segment = writer._finalize_segment()
    writer.temp_storage().destroy()
    return segment


class Lengths:
    """Field lengths that answer 0 at once for unscored fields and read scored ones into memory once."""

    def __init__(self, inner, scored: set[str]) -> None:
        self._inner, self._scored = inner, scored
        self._loaded: dict[str, list] = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        """Return the length of a field in a document, as Whoosh's own reader would."""
        # Whoosh asks for every posting: for an ID field it stats a column file that never exists (a third
        # of the write time of our many ID fields), and for a text field it reads one byte from the file
        # per posting (8% of a reindex). A segment's lengths are one byte a record, so they are read once.
        lengths = self._loaded.get(fieldname)
        if lengths is None:
            if fieldname not in self._scored:
                return default
            lengths = self._loaded[fieldname] = self._load(fieldname, default)
        return lengths[docnum]

    def _load(self, fieldname: str, default) -> list:
        # _lenfield and LENGTHS_COLUMN (whoosh.codec.whoosh3, 2.7.4) name and describe the column the
        # codec keeps a field's lengths in: one byte a record, decoded by byte_to_length.
        column = _lenfield(fieldname)
        if not self._inner.has_column(column):
            return _Constant(default)
        return [_BYTE_LENGTH[b] for b in self._inner.column_reader(column, LENGTHS_COLUMN).load()]

    def close(self) -> None:
        """Close the underlying reader."""
        self._inner.close()


class _Constant:
    """A sequence that holds one value at every index."""

    def __init__(self, value) -> None:
        self.value = value

    def __getitem__(self, index):
        return self.value


# Whoosh's reader answers None for a zero byte and the decoded length otherwise.
_BYTE_LENGTH = [None] + [byte_to_length(b) for b in range(1, 256)]


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
