from search import indexer, whoosh_internals

from .conftest import SEEDS


def test_field_lengths_read_once_are_whooshs_own(tmp_path):
    from whoosh import index as whoosh_index

    indexer.reindex([SEEDS], tmp_path / "ix", jobs=1)
    ix = whoosh_index.open_dir(str(indexer.current_generation(tmp_path / "ix")))
    scored = {n for n, f in ix.schema.items() if f.scorable}
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            theirs = leaf._codec.per_document_reader(leaf._storage, leaf._segment)
            ours = whoosh_internals.Lengths(leaf._codec.per_document_reader(leaf._storage, leaf._segment), scored)
            for field in ("text", "doc", "speaker_key"):
                for docnum in range(leaf.doc_count_all()):
                    assert ours.doc_field_length(docnum, field) == theirs.doc_field_length(docnum, field, 0)
            assert any(ours.doc_field_length(n, "text") for n in range(leaf.doc_count_all()))
            ours.close(), theirs.close()
    ix.close()


def test_ref_codes_read_what_the_column_reader_reads(seed_index):
    from search import query
    from search.whoosh_internals import ref_codes

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

    from search.whoosh_internals import ref_codes

    ix = whoosh_index.create_in(str(tmp_path), Schema(source=ID(sortable=RefBytesColumn())))
    with ix.writer() as writer:
        for n in range(700):
            writer.add_document(source=f"source {n % 300}")
    with ix.reader() as reader:
        column = reader.column_reader("source", translate=False)
        codes, values = ref_codes(column)
        assert codes.typecode == "H"
        assert [values[c] for c in codes] == [column[d] for d in range(700)]
