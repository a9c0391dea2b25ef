from search.index import build as indexer
from search.index import store
from search.index import records as records_mod
from search.index.whoosh_internals import analysis, postings, reading, writing

from .conftest import SEEDS


def test_field_lengths_read_once_are_whooshs_own(tmp_path):
    from whoosh import index as whoosh_index

    indexer.reindex([SEEDS], tmp_path / "ix", jobs=1)
    ix = whoosh_index.open_dir(str(store.current_generation(tmp_path / "ix")))
    scored = {n for n, f in ix.schema.items() if f.scorable}
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            theirs = leaf._codec.per_document_reader(leaf._storage, leaf._segment)
            ours = postings.Lengths(leaf._codec.per_document_reader(leaf._storage, leaf._segment), scored)
            for field in ("text", "doc", "speaker_key"):
                for docnum in range(leaf.doc_count_all()):
                    assert ours.doc_field_length(docnum, field) == theirs.doc_field_length(docnum, field, 0)
            assert any(ours.doc_field_length(n, "text") for n in range(leaf.doc_count_all()))
            ours.close(), theirs.close()
    ix.close()


def test_ref_codes_read_what_the_column_reader_reads(seed_index):
    from search import query
    from search.index.whoosh_internals.reading import ref_codes

    with query.Engine(seed_index).session() as s:
        for leaf, _offset in s.searcher.reader().leaf_readers():
            for field in ("source", "month"):
                column = leaf.column_reader(field, translate=False)
                codes, values = ref_codes(column)
                assert len(codes) == leaf.doc_count_all()
                assert [values[c] for c in codes] == [column[d] for d in range(leaf.doc_count_all())]
            assert ref_codes(leaf.column_reader("speaker_key", translate=False)) is None  # not a ref column


def test_ref_codes_of_a_column_with_more_than_255_values(tmp_path):
    from whoosh import index as whoosh_index
    from whoosh.columns import RefBytesColumn
    from whoosh.fields import ID, Schema

    from search.index.whoosh_internals.reading import ref_codes

    ix = whoosh_index.create_in(str(tmp_path), Schema(source=ID(sortable=RefBytesColumn())))
    with ix.writer() as writer:
        for n in range(700):
            writer.add_document(source=f"source {n % 300}")
    with ix.reader() as reader:
        column = reader.column_reader("source", translate=False)
        codes, values = ref_codes(column)
        assert codes.typecode == "H"
        assert [values[c] for c in codes] == [column[d] for d in range(700)]


TRICKY = ["", "the and of", "The U.S. said it would, and it did: 3.14 per cent of e.g. İstanbul’s voters.",
          "Ünïcödé wörds, straße and ÆON; don't-stop me now", "a a a b b c", "x" * 300 + " y",
          "A quote “inside” quotes — with dashes – and 2,000 numbers 1st 2nd", "of the to in a word",
          "multi\nline\ttext  with   spaces", "日本語のテキスト and English", "Zoë Saldaña … Ōsaka Æthelred Łukasz … Ðorđe", "ﬁnance ﬂow 'quoted' \"double\""]


def test_fast_postings_are_whooshs_own():
    from search.index.schema import build_schema

    schema = build_schema()
    fast = analysis.fast_postings(schema)
    assert {"text", "quote_text", "near", "doc", "speaker_key", "type"} <= set(fast)
    for name, index in fast.items():
        for value in TRICKY:
            assert sorted(index(value)) == sorted(schema[name].index(value)), (name, value)


def test_records_written_fast_are_byte_for_byte_whooshs(tmp_path):
    from whoosh import index as whoosh_index
    from whoosh.writing import SegmentWriter

    from search.documents import load

    records = [rec for doc in load([SEEDS], []) for rec in records_mod.records(doc)[0]]
    records += [dict(type="quote", id=f"q{k}", doc="d", quote_text=t, text=t, near=t) for k, t in enumerate(TRICKY)]
    # Terms in over two blocks of postings (128 a block), with weights and lengths that vary.
    records += [dict(type="paragraph", doc="many", speaker_key="k", text="common " * (k % 5 + 1) + f"w{k} " * (k % 3))
                for k in range(300)]
    # Boosts and stored values of a record's own go Whoosh's long way; they must come out the same too.
    records += [dict(type="paragraph", doc="boosted", text="boosted words here", _text_boost=2.0, _boost=1.5,
                     _stored_text="shown instead")]
    files = {}
    # Ours as the build uses it, ours with postings spilled to runs on disk every few records, and Whoosh's own.
    for name, cls, spill in (("ours", writing.Writer, None), ("spilled", writing.Writer, 20_000),
                             ("whoosh", SegmentWriter, None)):
        folder = tmp_path / name
        folder.mkdir()
        ix = whoosh_index.create_in(str(folder), indexer.build_schema())
        writer = cls(ix, _lk=False, compound=False)
        if spill:
            writer.pool.limit = spill
        for rec in records:
            writer.add_document(**{k: v for k, v in rec.items() if v is not None and v != ""})
        if spill:
            assert len(writer.pool.runs) > 3
        segment = writing.finish_segment(writer)
        files[name] = {path.name.replace(segment.segid, ""): path.read_bytes()
                       for path in folder.iterdir() if segment.segid in path.name}
    assert len(files["whoosh"]) > 5 and files["ours"] == files["whoosh"] and files["spilled"] == files["whoosh"]


def test_stored_fields_read_through_shared_places_are_whooshs_own(seed_index):
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(store.current_generation(seed_index)))
    cache: dict = {}
    with ix.searcher() as plain:
        expected = [plain.stored_fields(n) for n in range(plain.doc_count_all())]
    for _ in range(2):  # the first searcher works the places out, the second reuses them
        with ix.searcher() as searcher:
            reading.share_stored_places(searcher.reader(), cache)
            assert [searcher.stored_fields(n) for n in range(searcher.doc_count_all())] == expected
        assert len(cache) == len(ix._segments())
    ix.close()


def test_a_searcher_on_a_table_of_contents_read_once_is_whooshs_own(seed_index):
    from whoosh import index as whoosh_index
    from whoosh.query import Term

    ix = whoosh_index.open_dir(str(store.current_generation(seed_index)))
    toc = reading.table_of_contents(ix)
    with ix.searcher() as theirs, reading.searcher_on(ix, toc) as ours:
        assert ours.up_to_date() and ours.doc_count_all() == theirs.doc_count_all()
        q = Term("type", "quote")
        assert [h["id"] for h in ours.search(q, limit=None)] == [h["id"] for h in theirs.search(q, limit=None)]
    ix.close()
