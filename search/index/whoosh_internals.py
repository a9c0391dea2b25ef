"""Every use of Whoosh's private internals, each with why we need it; checked against Whoosh 2.7.4."""
from __future__ import annotations

import re
import sys
import copy
from array import array
from functools import lru_cache
from typing import Any

from whoosh import index as whoosh_index
from whoosh.analysis import (CharsetFilter, CompositeAnalyzer, IDTokenizer, LowercaseFilter, RegexTokenizer, StemFilter,
                             StopFilter)
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN, W3Codec, _lenfield
from whoosh.fields import FieldType
from whoosh.filedb.filestore import FileStorage
from whoosh.formats import Existence, Positions
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
    """A segment writer that skips Whoosh's per-posting file lookups for fields without lengths, and
    analyses ID and stemmed text fields without Whoosh's generator chains."""

    def __init__(self, ix, **options) -> None:
        super().__init__(ix, **options)
        self._postings = fast_postings(self.schema)

    # Overrides SegmentWriter.per_document_reader (2.7.4), which the writer asks for the length of
    # a field in a document once per posting; see Lengths for what that cost.
    def per_document_reader(self):
        """Return the lengths reader the postings are written with."""
        return Lengths(super().per_document_reader(), {n for n, f in self.schema.items() if f.scorable})

    # Overrides SegmentWriter.add_document (2.7.4), line for line, but for one call: a field's postings
    # come from `fast_postings` where it has a function for the field. Analysing every field through
    # Whoosh's token generators was a third of a reindex's writing time.
    def add_document(self, **fields):
        """Add one record, writing the same postings, stored values, lengths and columns as Whoosh's own."""
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        add_post = self.pool.add
        postings = self._postings

        docboost = self._doc_boost(fields)
        fieldnames = sorted([name for name in fields.keys() if not name.startswith("_")])
        self._check_fields(schema, fieldnames)

        perdocwriter.start_doc(docnum)
        for fieldname in fieldnames:
            value = fields.get(fieldname)
            if value is None:
                continue
            field = schema[fieldname]

            length = 0
            if field.indexed:
                fieldboost = self._field_boost(fields, fieldname, docboost)
                index = postings.get(fieldname)
                items = index(value) if index is not None and type(value) is str else field.index(value)
                scorable = field.scorable
                for tbytes, freq, weight, vbytes in items:
                    weight *= fieldboost
                    if scorable:
                        length += freq
                    add_post((fieldname, tbytes, docnum, weight, vbytes))

            if field.separate_spelling():
                spellfield = field.spelling_fieldname(fieldname)
                for word in field.spellable_words(value):
                    add_post((spellfield, word.encode("utf-8"), 0, 1, vbytes))  # sic: Whoosh's leftover vbytes

            vformat = field.vector
            if vformat:
                vitems = vformat.word_values(value, field.analyzer, mode="index")
                vitems = sorted((text, weight, vbytes) for text, _, weight, vbytes in vitems)
                perdocwriter.add_vector_items(fieldname, field, vitems)

            customval = fields.get("_stored_%s" % fieldname, value)
            sv = customval if field.stored else None
            perdocwriter.add_field(fieldname, field, sv, length)

            column = field.column_type
            if column and customval is not None:
                cv = field.to_column_value(customval)
                perdocwriter.add_column_value(fieldname, column, cv)

        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1


# Whoosh's default token pattern, with its group made non-capturing so that findall returns whole matches.
_DEFAULT_PATTERNS = {r"\w+(\.?\w+)*": r"\w+(?:\.?\w+)*"}


def fast_postings(schema) -> dict:
    """Return, for each field whose analysis is one Whoosh does in a known way, a function from a string
    value to the (term bytes, frequency, weight, value bytes) items `FieldType.index` would give."""
    out = {}
    for name, field in schema.items():
        fmt, analyzer = field.format, getattr(field, "analyzer", None)
        if type(field).index is not FieldType.index:
            continue  # NUMERIC, DATETIME, BOOLEAN encode their values themselves
        if type(fmt) is Existence and type(analyzer) is IDTokenizer:
            out[name] = _id_postings(fmt.field_boost)
        elif type(fmt) is Positions and analyzer is not None and _plain_stemming(analyzer):
            out[name] = _text_postings(fmt, *analyzer.items)
        elif type(fmt) is Positions and analyzer is not None and _plain_folding(analyzer):
            tokenizer, _lower, charset, stop = analyzer.items
            out[name] = _text_postings(fmt, tokenizer, _lower, stop, charmap=charset.charmap)
    return out


def _plain_stemming(analyzer) -> bool:
    """Say whether an analyzer is StemmingAnalyzer's chain: regex tokenizer, lower case, stop words, stems."""
    if type(analyzer) is not CompositeAnalyzer or len(analyzer.items) != 4:
        return False
    tokenizer, lower, stop, stem = analyzer.items
    return (type(tokenizer) is RegexTokenizer and not tokenizer.gaps and type(lower) is LowercaseFilter
            and type(stop) is StopFilter and stop.renumber and type(stem) is StemFilter and not stem.lang)


def _plain_folding(analyzer) -> bool:
    """Say whether an analyzer is the names' chain: regex tokenizer, lower case, accents folded, stop words."""
    if type(analyzer) is not CompositeAnalyzer or len(analyzer.items) != 4:
        return False
    tokenizer, lower, charset, stop = analyzer.items
    return (type(tokenizer) is RegexTokenizer and not tokenizer.gaps and type(lower) is LowercaseFilter
            and type(charset) is CharsetFilter and type(stop) is StopFilter and stop.renumber)


def _id_postings(boost: float):
    # Existence.word_values over IDTokenizer (2.7.4): the whole value is the one term, frequency 1.
    def postings(value: str):
        return ((value.encode("utf-8"), 1, boost, b""),)
    return postings


@lru_cache(maxsize=None)
def _cached(stemfn):
    """Return a stemming function with a cache shared by every writer of this process."""
    return lru_cache(maxsize=65536)(stemfn)  # the stemmer is pure: caching changes no stem


def _text_postings(fmt: Positions, tokenizer: RegexTokenizer, _lower, stop: StopFilter,
                   stemmer: StemFilter | None = None, charmap=None):
    # Positions.word_values over RegexTokenizer | LowercaseFilter | StopFilter | StemFilter (2.7.4), or over
    # RegexTokenizer | LowercaseFilter | CharsetFilter | StopFilter (no stems, accents folded by the charmap):
    # a word's position is its match number, except that after the first kept word StopFilter numbers
    # the kept words one by one; each term's weight is its count (every token's boost is 1.0).
    pattern = tokenizer.expression
    pattern = re.compile(_DEFAULT_PATTERNS[pattern.pattern], pattern.flags) \
        if pattern.pattern in _DEFAULT_PATTERNS else None
    finditer = tokenizer.expression.finditer
    stops, minsize, maxsize = stop.stops, stop.min, stop.max
    ignore = stemmer.ignore if stemmer is not None else ()
    stem = _cached(stemmer.stemfn) if stemmer is not None else None
    boost, encode = fmt.field_boost, fmt.encode

    def postings(value: str):
        words = pattern.findall(value) if pattern is not None else [m.group(0) for m in finditer(value)]
        positions: dict[str, list[int]] = {}
        pos = None
        for i, word in enumerate(words):
            word = word.lower()
            if charmap is not None:
                word = word.translate(charmap)
            if len(word) >= minsize and (maxsize is None or len(word) <= maxsize) and word not in stops:
                pos = i if pos is None else pos + 1
                if stem is not None and word not in ignore:
                    word = stem(word)
                found = positions.get(word)
                if found is None:
                    positions[word] = [pos]
                else:
                    found.append(pos)
        return [(word.encode("utf-8"), len(found), float(len(found)) * boost, encode(found))
                for word, found in positions.items()]
    return postings


def unlocked_writer(ix, **options) -> Writer:
    """Return a Writer that does not take the index's write lock."""
    # _lk=False (a private argument of SegmentWriter.__init__ in 2.7.4): several builders write
    # segments at once, and one ordinary writer commits all their segments together at the end.
    return Writer(ix, _lk=False, codec=_CODEC, **options)


# Posting blocks are written without zlib (Whoosh's default is level 3, and each block records its own
# level, so readers take either). Measured 2026-11-26 on PolNeAR train: reindex CPU 2.32 -> 2.09 times
# raw Whoosh's, search p50/p95 no slower (a block is read without inflating it), the index 28 -> 41 MB.
_CODEC = W3Codec(compression=0)


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

    def _load(self, fieldname: str, default) -> list | _Constant:
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
