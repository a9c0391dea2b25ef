"""Write segments side by side: the writer, its scratch folders and how a segment is finished (Whoosh 2.7.4)."""
from __future__ import annotations

from typing import Any, NamedTuple

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from .analysis import fast_postings
from .postings import Lengths, TermPool, write_postings


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


class _Plan(NamedTuple):
    """What adding a value of one field takes: worked out once per field instead of once per record."""

    field: Any
    indexed: bool
    postings: Any  # fast_postings' function for the field, or None
    scorable: bool
    stored: bool
    column: Any  # the field's column type, or None
    other: bool  # spelling words or a term vector to add too


class Writer(SegmentWriter):
    """A segment writer that skips Whoosh's per-posting file lookups for fields without lengths, and
    analyses ID and stemmed text fields without Whoosh's generator chains."""

    def __init__(self, ix, limitmb: int = 128, **options) -> None:
        super().__init__(ix, limitmb=limitmb, **options)
        self._postings = fast_postings(self.schema)
        self._plans: dict[str, _Plan] = {}
        self.pool = TermPool(self._tempstorage, limitmb)  # see TermPool for why not Whoosh's PostingPool

    # Overrides SegmentWriter.per_document_reader (2.7.4), which the writer asks for the length of
    # a field in a document once per posting; see Lengths for what that cost.
    def per_document_reader(self):
        """Return the lengths reader the postings are written with."""
        return Lengths(super().per_document_reader(), {n for n, f in self.schema.items() if f.scorable})

    # Overrides SegmentWriter._flush_segment (2.7.4) for one call: the sorted postings go to `write_postings`
    # instead of FieldWriter.add_postings, which steps through five methods and a dozen checks per posting.
    def _flush_segment(self):
        """Write the segment's stored values, lengths, columns and postings."""
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        write_postings(self.fieldwriter, self.schema, lengths, self.pool.iter_terms(), self.codec)
        self.fieldwriter.close()
        if lengths:
            lengths.close()

    # Overrides SegmentWriter.add_document (2.7.4), step for step, but for three things: each field's steps are
    # worked out once (_Plan) instead of looked up for every record; its postings come from `fast_postings` where
    # it has a function for the field (analysing every field through Whoosh's token generators was a third of a
    # reindex's writing time); and they go to the pool a field at a time.
    def add_document(self, **fields):
        """Add one record, writing the same postings, stored values, lengths and columns as Whoosh's own."""
        self._check_state()
        # Boosts and stored values of a record's own ("_boost", "_text_boost", "_stored_text"); ours have none.
        special = any(name[:1] == "_" for name in fields)
        names = sorted(name for name in fields if name[:1] != "_") if special else sorted(fields)
        perdocwriter, pool, plans, docnum = self.perdocwriter, self.pool, self._plans, self.docnum
        for fieldname in set(names) - plans.keys():
            self._plan(fieldname)  # an unknown field raises here, before anything of the record is written
        docboost = self._doc_boost(fields) if special else 1.0
        perdocwriter.start_doc(docnum)
        for fieldname in names:
            value = fields[fieldname]
            if value is None:
                continue
            plan = plans[fieldname]
            field = plan.field
            shown = fields.get("_stored_" + fieldname, value) if special else value
            length = 0
            if plan.indexed:
                boost = self._field_boost(fields, fieldname, docboost) if special else 1.0
                index = plan.postings
                items = index(value) if index is not None and type(value) is str else field.index(value)
                frequencies = pool.add_field(fieldname, docnum, items, boost)
                if plan.scorable:
                    length = frequencies
            if plan.other:
                self._add_other(field, fieldname, value)
            perdocwriter.add_field(fieldname, field, shown if plan.stored else None, length)
            if plan.column is not None and shown is not None:
                perdocwriter.add_column_value(fieldname, plan.column, field.to_column_value(shown))
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _plan(self, fieldname: str) -> _Plan:
        """Work out what adding a value of a field takes; raise UnknownFieldError for a field not in the schema."""
        if fieldname not in self.schema:
            self._check_fields(self.schema, [fieldname])  # raises Whoosh's UnknownFieldError
        field = self.schema[fieldname]
        plan = self._plans[fieldname] = _Plan(
            field, bool(field.indexed), self._postings.get(fieldname), bool(field.scorable), bool(field.stored),
            field.column_type or None, bool(field.separate_spelling() or field.vector))
        return plan

    def _add_other(self, field, fieldname: str, value) -> None:
        # SegmentWriter.add_document's spelling words and term vectors (2.7.4); no field of ours has either.
        if field.separate_spelling():
            spellfield = field.spelling_fieldname(fieldname)
            for word in field.spellable_words(value):
                self.pool.add((spellfield, word.encode("utf-8"), 0, 1, b""))  # Whoosh's: the last posting's value
        if field.vector:
            vitems = field.vector.word_values(value, field.analyzer, mode="index")
            vitems = sorted((text, weight, vbytes) for text, _, weight, vbytes in vitems)
            self.perdocwriter.add_vector_items(fieldname, field, vitems)


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
