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
