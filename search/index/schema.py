"""The Whoosh schema: documents, paragraphs and quotes as records of one index."""
from __future__ import annotations

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemmingAnalyzer, StopFilter
from whoosh.support.charset import accent_map
from whoosh.columns import RefBytesColumn, VarBytesColumn
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

QUOTE, PARAGRAPH, DOCUMENT = "quote", "paragraph", "document"
# Quote words live in a field of their own, so that a quote search reads postings of quotes only
# instead of intersecting every paragraph's postings with a type:quote list (at 100k quotes that
# intersection was half of a slow query's time).
TEXT_FIELD = {QUOTE: "quote_text", PARAGRAPH: "text"}
NEAR = "near"  # on quotes: the speaker's name and the names in the quote's paragraph, for a search by who
FULL, FRAGMENT = "full", "fragment"  # a quote's form: a sentence or more, or a few words quoted in passing


def names_analyzer():
    """Return the analyzer of names: words folded to lower-case ASCII, unstemmed, common words aside."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) | StopFilter()


def _offsets() -> VarBytesColumn:
    """Return a text column that stores its offsets, so that opening it reads them instead of summing lengths."""
    # Whoosh only stores offsets past 32,768 documents a segment; below that every search that sorts or
    # counts by the column re-adds all the lengths in Python. Low-cardinality fields use RefBytesColumn,
    # which opens in time proportional to the distinct values rather than the documents.
    return VarBytesColumn(write_offsets_cutoff=0)


def build_schema() -> Schema:
    """Return the schema every index of ours is written with."""
    return Schema(
        id=ID(stored=True, unique=True),
        type=ID(stored=True),
        doc=ID(stored=True, sortable=_offsets()),
        title=STORED(),
        source=ID(stored=True, sortable=RefBytesColumn()),
        date=ID(stored=True, sortable=_offsets()),
        month=ID(sortable=RefBytesColumn()),
        url=STORED(),
        author=STORED(),
        authors=STORED(),  # the document's authors as a list; `author` joins them for display
        language=STORED(),
        genre=STORED(),
        media_url=STORED(),
        dropped=STORED(),  # on document records: [(start, end, reason)] left out as furniture
        page=STORED(),
        time=STORED(),
        confidence=STORED(),
        uncertain=ID(),  # "1" on quotes whose speaker is uncertain, for "hide uncertain attributions"
        text=TEXT(stored=True, analyzer=StemmingAnalyzer(), chars=False),
        quote_text=TEXT(stored=True, analyzer=StemmingAnalyzer(), chars=False),
        speaker=STORED(),
        speaker_kind=STORED(),  # "person" or "thing" (an organisation, a place, a document)
        speaker_key=ID(stored=True, sortable=_offsets()),
        mention=STORED(),
        role=STORED(),
        cue=STORED(),
        kind=STORED(),
        form=ID(),  # FULL or FRAGMENT: speaker pages list full quotes first, and a search by name ranks them first
        near=TEXT(analyzer=names_analyzer(), chars=False),
        # shift_step=0: one term per value, not eight; these numbers are sorted and shown, never range-searched.
        paragraph=NUMERIC(stored=True, sortable=True, shift_step=0),
        start=STORED(),
        end=STORED(),
        speaker_start=STORED(),
        speaker_end=STORED(),
        occurrence=STORED(),
        group=ID(stored=True),
        group_size=STORED(),
        body=STORED(),
        source_file=ID(stored=True),  # on document records: the absolute path of the file it was read from
    )
