import pytest

from search import indexer, query
from search.documents import load

from .conftest import SEEDS


def quote_ids(index_dir):
    with query.Engine(index_dir).session() as s:
        return {h["id"]: (h["doc"], h["text"]) for h in s.searcher.documents(type="quote")}


def test_summary_counts_the_seeds(tmp_path):
    summary = indexer.reindex([SEEDS], tmp_path / "ix", jobs=1)
    assert summary.documents == 2
    assert summary.quotes >= 15
    assert summary.paragraphs > 40
    assert summary.speakers >= 5
    assert summary.skipped == []


def test_quote_ids_are_stable_across_reindex_and_new_documents(tmp_path):
    first = quote_ids(_build(tmp_path / "a", [SEEDS]))
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "other.txt").write_text("Other\n\n“We will not back down,” the minister said.", encoding="utf-8")
    again = quote_ids(_build(tmp_path / "b", [SEEDS, extra]))
    assert set(first) <= set(again)
    assert len(again) == len(first) + 1
    assert all(again[k] == v for k, v in first.items())


def test_repeated_words_get_distinct_ids():
    doc = next(d for d in load([SEEDS]) if d.id == "trt-iran-imperialist-power")
    from search.extract import extract

    resistance = [q.id for q in extract(doc).quotes if q.text == "resistance"]
    assert len(resistance) == 2 and len(set(resistance)) == 2


def test_reindex_twice_gives_the_same_index(tmp_path):
    index_dir = tmp_path / "ix"
    indexer.reindex([SEEDS], index_dir, jobs=1)
    before = quote_ids(index_dir)
    indexer.reindex([SEEDS], index_dir, jobs=2)
    assert quote_ids(index_dir) == before


def test_failed_reindex_leaves_the_served_index_untouched(tmp_path, monkeypatch):
    index_dir = tmp_path / "ix"
    indexer.reindex([SEEDS], index_dir, jobs=1)
    served = indexer.current_generation(index_dir)
    before = quote_ids(index_dir)

    def boom(document):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(indexer, "extract", boom)
    with pytest.raises(RuntimeError):
        indexer.reindex([SEEDS], index_dir, jobs=1)
    assert indexer.current_generation(index_dir) == served
    assert quote_ids(index_dir) == before
    assert len([p for p in index_dir.iterdir() if p.name.startswith("gen-")]) == 1
    monkeypatch.undo()
    indexer.reindex([SEEDS], index_dir, jobs=1)  # no stale lock blocks the next run


def test_a_second_concurrent_reindex_is_refused(tmp_path):
    index_dir = tmp_path / "ix"
    index_dir.mkdir()
    with indexer._lock(index_dir):
        with pytest.raises(indexer.IndexBusy):
            indexer.reindex([SEEDS], index_dir, jobs=1)


def test_duplicate_document_ids_are_skipped(tmp_path):
    (tmp_path / "docs.jsonl").write_text('{"id": "x", "text": "one"}\n{"id": "x", "text": "two"}\n')
    summary = indexer.reindex([tmp_path / "docs.jsonl"], tmp_path / "ix", jobs=1)
    assert summary.documents == 1
    assert "duplicate" in summary.skipped[0].reason


def _build(index_dir, paths):
    indexer.reindex(paths, index_dir, jobs=1)
    return index_dir
