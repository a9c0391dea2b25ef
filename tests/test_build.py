import json

import pytest

from search import query
from search.index import build as indexer
from search.index import records as records_mod
from search.index import store
from search.documents import load

from .conftest import SEEDS


def quote_ids(index_dir):
    with query.Engine(index_dir).session() as s:
        return {h["id"]: (h["doc"], h["text"]) for h in map(query.record, s.searcher.documents(type="quote"))}


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
    from search.extraction.extract import extract

    resistance = [q.id for q in extract(doc).quotes if q.text == "resistance"]
    assert len(resistance) == 2 and len(set(resistance)) == 2


def test_reindex_twice_gives_the_same_index(tmp_path):
    index_dir = tmp_path / "ix"
    indexer.reindex([SEEDS], index_dir, jobs=1)
    before = quote_ids(index_dir)
    indexer.reindex([SEEDS], index_dir, jobs=2)
    assert quote_ids(index_dir) == before


def records_seen(index_dir):
    with query.Engine(index_dir).session() as s:
        return sorted((r["type"], r["id"], r.get("speaker_key", ""), r.get("group", "")) for r in
                      (query.record(f) for f in s.searcher.documents()))


def test_a_corpus_written_in_many_small_segments_gives_the_same_index(tmp_path, monkeypatch):
    indexer.reindex([SEEDS], tmp_path / "one", jobs=1)
    monkeypatch.setattr(indexer, "SEGMENT_RECORDS", 7)
    indexer.reindex([SEEDS], tmp_path / "many", jobs=2)
    with query.Engine(tmp_path / "many").session() as s:
        assert len(s.searcher.reader().leaf_readers()) > 10
        hit = s.search("resistance").hits[0]
        assert s.paragraph(hit.doc, hit.paragraph)["text"].count("resistance")
    assert records_seen(tmp_path / "many") == records_seen(tmp_path / "one")


def test_failed_reindex_leaves_the_served_index_untouched(tmp_path, monkeypatch):
    index_dir = tmp_path / "ix"
    indexer.reindex([SEEDS], index_dir, jobs=1)
    served = store.current_generation(index_dir)
    before = quote_ids(index_dir)

    def boom(document):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(records_mod, "extract", boom)
    with pytest.raises(RuntimeError):
        indexer.reindex([SEEDS], index_dir, jobs=1)
    assert store.current_generation(index_dir) == served
    assert quote_ids(index_dir) == before
    assert len([p for p in index_dir.iterdir() if p.name.startswith("gen-")]) == 1
    monkeypatch.undo()
    indexer.reindex([SEEDS], index_dir, jobs=1)  # no stale lock blocks the next run


def test_a_second_concurrent_reindex_is_refused(tmp_path):
    index_dir = tmp_path / "ix"
    index_dir.mkdir()
    with store.lock(index_dir):
        with pytest.raises(store.IndexBusy):
            indexer.reindex([SEEDS], index_dir, jobs=1)


def test_duplicate_document_ids_are_skipped(tmp_path):
    (tmp_path / "docs.jsonl").write_text('{"id": "x", "text": "one"}\n{"id": "x", "text": "two"}\n')
    summary = indexer.reindex([tmp_path / "docs.jsonl"], tmp_path / "ix", jobs=1)
    assert summary.documents == 1
    assert "duplicate" in summary.skipped[0].reason


def _build(index_dir, paths):
    indexer.reindex(paths, index_dir, jobs=1)
    return index_dir


def _doc(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _quotes(index_dir):
    with query.Engine(index_dir).session() as s:
        return {h["id"]: query.record(h) for h in s.searcher.documents(type="quote")}


def test_update_adds_and_replaces_documents_and_keeps_the_rest(tmp_path):
    index_dir = tmp_path / "ix"
    extra = _doc(tmp_path / "extra", "other", "Other\n\n“We will not back down,” the minister said.")
    indexer.reindex([SEEDS, extra], index_dir, jobs=1)
    before, served = _quotes(index_dir), store.current_generation(index_dir)
    changed = _doc(tmp_path / "changed", "other", "Other\n\n“We will hold the line,” the minister said.")
    added = _doc(tmp_path / "added", "new", "New\n\n“Talks resume on Monday,” the envoy said.")
    summary = indexer.update([changed, added], index_dir, jobs=1)
    assert (summary.documents, summary.quotes) == (2, 2)
    after = _quotes(index_dir)
    assert store.current_generation(index_dir) != served
    kept = {k: v for k, v in before.items() if v["doc"] != "other"}
    assert all(after[k] == v for k, v in kept.items())  # permalinks of untouched documents stay
    texts = {v["text"] for v in after.values() if v["doc"] in ("other", "new")}
    assert len(texts) == 2 and not any("back down" in t for t in texts)
    assert any("hold the line" in t for t in texts) and any("Talks resume" in t for t in texts)
    assert len(after) == len(kept) + 2
    with query.Engine(index_dir).session() as s:
        assert s.search("back down").total == 0
        assert s.search("hold line").total == 1
        assert len([p for p in s.records_of("other", "paragraph")]) == 2


def test_update_gives_the_same_ids_as_a_full_reindex(tmp_path):
    extra = _doc(tmp_path / "extra", "other", "Other\n\n“We will not back down,” the minister said.")
    indexer.reindex([SEEDS], tmp_path / "a", jobs=1)
    indexer.update([extra], tmp_path / "a", jobs=2)
    indexer.reindex([SEEDS, extra], tmp_path / "b", jobs=2)
    assert set(_quotes(tmp_path / "a")) == set(_quotes(tmp_path / "b"))


def test_update_maps_new_speaker_keys_onto_the_index(tmp_path):
    index_dir = tmp_path / "ix"
    first = _doc(tmp_path / "first", "a", "A\n\n“We will review the clause,” said Minister Ana Kovacs.\n\n"
                                          "“The vote is on Friday,” said Ana Kovacs.")
    indexer.reindex([first], index_dir, jobs=1)
    known = {v["speaker_key"] for v in _quotes(index_dir).values()} - {None, ""}
    later = _doc(tmp_path / "later", "b", "B\n\n“No deal before the summit,” Kovacs said.")
    summary = indexer.update([later], index_dir, jobs=1)
    assert summary.speakers == 1
    new = [v for v in _quotes(index_dir).values() if v["doc"] == "b"]
    assert new and new[0]["speaker_key"] in known
    assert new[0]["speaker"] == "Ana Kovacs"


def test_update_without_an_index_builds_one(tmp_path):
    summary = indexer.update([SEEDS], tmp_path / "ix", jobs=1)
    assert summary.documents == 2 and store.current_generation(tmp_path / "ix")


def test_update_of_an_index_with_other_fields_rebuilds_it(tmp_path):
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, TEXT, Schema

    index_dir = tmp_path / "ix"
    old = index_dir / "gen-1"
    old.mkdir(parents=True)
    ix = whoosh_index.create_in(str(old), Schema(id=ID(stored=True), text=TEXT(stored=True)))
    with ix.writer() as writer:
        writer.add_document(id="old", text="written by an earlier version")
    (index_dir / "CURRENT").write_text("gen-1", encoding="utf-8")
    summary = indexer.update([SEEDS], index_dir, jobs=1)
    assert summary.documents == 2
    with query.Engine(index_dir).session() as s:
        assert s.search("resistance").total >= 1
        assert s.search("earlier version", type="all").total == 0


def test_update_of_a_larger_index_of_other_fields_says_to_rebuild_it_whole(tmp_path):
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, TEXT, Schema

    index_dir = tmp_path / "ix"
    old = index_dir / "gen-1"
    old.mkdir(parents=True)
    ix = whoosh_index.create_in(str(old), Schema(id=ID(stored=True), type=ID(stored=True), text=TEXT(stored=True)))
    with ix.writer() as writer:
        for n in range(6):
            writer.add_document(id=f"old{n}", type="document", text="written by an earlier version")
    (index_dir / "CURRENT").write_text("gen-1", encoding="utf-8")
    with pytest.raises(store.Refused) as refused:
        indexer.update([SEEDS / "trt-iran-imperialist-power.txt"], index_dir, jobs=1)
    assert "another version" in str(refused.value) and "search reindex" in str(refused.value)
    assert (index_dir / "CURRENT").read_text(encoding="utf-8") == "gen-1"  # the old index is still served


def test_quote_search_finds_quote_words_and_paragraph_search_paragraph_words(tmp_path):
    index_dir = _build(tmp_path / "ix", [_doc(tmp_path / "d", "d", "Title\n\nThe envoy arrived on Monday. "
                                                                   "“Talks resume soon,” the envoy said.")])
    with query.Engine(index_dir).session() as s:
        assert s.search("monday").total == 0  # outside the quote
        assert s.search("monday", type="paragraph").total == 1
        assert s.search("talks", type="all").total == 2
        assert [h.type for h in s.search("talks resume").hits] == ["quote"]
        assert "<mark>" in str(s.search("talks resume").hits[0].highlighted)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_story_s_parts_serve_the_narrator_named_in_one_of_them(tmp_path, jobs):
    def part(doc: str, title: str, text: str) -> str:
        return json.dumps({"id": doc, "text": text, "title": title, "author": "Ernest Hemingway", "genre": "fiction"})

    names_him = ("“Come in,” I called.\n\n“Hello, Jake. Have a good trip?” Robert asked.\n\n“Fine,” I said.\n\n"
                 "“Jake, tell him about the bulls,” Mike called.\n\n“Later,” I said.")
    nameless = "“Where are you going?” Bill asked.\n\n“To the café,” I said.\n\n“I'll come along,” said Bill."
    (tmp_path / "novel.jsonl").write_text("\n".join([
        part("one", "The Sun Also Rises (part 3 of 45)", names_him),
        part("two", "The Sun Also Rises (part 20 of 45)", nameless),
        part("other", "Another Story", nameless)]) + "\n", encoding="utf-8")
    index_dir = tmp_path / "ix"
    indexer.reindex([tmp_path / "novel.jsonl"], index_dir, jobs=jobs)
    with query.Engine(index_dir).session() as s:
        served = {(h["doc"], h["text"]): h for h in map(query.record, s.searcher.documents(type="quote"))}
    assert served[("two", "To the café,")]["speaker"] == "Jake"
    assert served[("two", "To the café,")]["speaker_key"] == served[("one", "Fine,")]["speaker_key"]
    other = served[("other", "To the café,")]
    assert not other.get("speaker") and not other.get("speaker_key") and other.get("confidence") is None


def test_an_update_with_a_nameless_narrator_serves_no_name(tmp_path):
    line = json.dumps({"id": "two", "title": "The Sun Also Rises (part 20 of 45)", "genre": "fiction",
                       "text": "“Where are you going?” Bill asked.\n\n“To the café,” I said."})
    (tmp_path / "part.jsonl").write_text(line + "\n", encoding="utf-8")
    index_dir = _build(tmp_path / "ix", [SEEDS])
    indexer.update([tmp_path / "part.jsonl"], index_dir, jobs=1)
    with query.Engine(index_dir).session() as s:
        served = {h["text"]: h for h in map(query.record, s.searcher.documents(doc="two", type="quote"))}
    assert served["Where are you going?"]["speaker"] == "Bill"
    assert not served["To the café,"].get("speaker_key")


def test_a_line_that_keeps_no_name_is_served_without_a_confidence(tmp_path):
    lines = [{"id": "story", "title": "Chapter 3", "genre": "fiction",
              "text": "“Where are you going?” Bill asked.\n\n“To the café,” I said."},
             {"id": "report", "genre": "news",
              "text": "“Where are you going?” the mayor asked.\n\n“And the schools?” I asked.\n\n“Later,” he said."}]
    (tmp_path / "docs.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    summary = indexer.reindex([tmp_path / "docs.jsonl"], tmp_path / "ix", jobs=1)
    with query.Engine(tmp_path / "ix").session() as s:
        served = [query.record(h) for h in s.searcher.documents(type="quote")]
    nameless = [h for h in served if not h.get("speaker")]
    assert nameless and all(h.get("confidence") is None and not h.get("uncertain") for h in nameless)
    assert summary.speakers == len({h["speaker_key"] for h in served if h.get("speaker_key")})


def _served_docs(index_dir) -> dict[str, str]:
    """Return each served document's id and the file it was read from."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(store.current_generation(index_dir)))
    with ix.searcher() as s:
        found = {f["doc"]: f.get("source_file") for f in s.documents(type="document")}
    ix.close()
    return found


@pytest.mark.parametrize("named", ["relative", "absolute", "dotdot"])
def test_update_of_a_file_named_by_another_path_replaces_its_document(tmp_path, monkeypatch, named):
    docs = tmp_path / "docs"
    (docs / "web").mkdir(parents=True)
    page = docs / "web" / "7a664e40d256.txt"
    page.write_text("Bridge\n\n“The bridge will close,” said Mayor Ann Lee.\n", encoding="utf-8")
    (docs / "other.txt").write_text("Other\n\n“Fares will rise,” said Tom Berg.\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    ix = tmp_path / "ix"
    indexer.reindex(["../docs"], ix, jobs=1)
    assert _served_docs(ix) == {"web/7a664e40d256": str(page), "other": str(docs / "other.txt")}
    page.write_text("Bridge\n\n“The bridge will open again,” said Mayor Ann Lee.\n", encoding="utf-8")
    given = {"relative": "../docs/web/7a664e40d256.txt", "absolute": str(page),
             "dotdot": "../docs/web/../web/./7a664e40d256.txt"}[named]
    if named == "relative":
        monkeypatch.chdir(docs / "web")
        given = "7a664e40d256.txt"
    summary = indexer.update([given], ix, jobs=1)
    assert (summary.documents, summary.added, summary.removed) == (1, [], [])
    assert set(_served_docs(ix)) == {"web/7a664e40d256", "other"}
    with query.Engine(ix).session() as s:
        assert s.search("bridge").total == 1 and s.search("open").total == 1 and s.search("close").total == 0


def test_update_of_a_new_file_adds_it_under_the_folder_indexed_and_says_so(tmp_path):
    docs = tmp_path / "docs"
    (docs / "web").mkdir(parents=True)
    (docs / "web" / "a.txt").write_text("A\n\n“We will win,” said Ann Lee.\n", encoding="utf-8")
    ix = tmp_path / "ix"
    indexer.reindex([docs], ix, jobs=1)
    (docs / "web" / "b.txt").write_text("B\n\n“We will see,” said Tom Berg.\n", encoding="utf-8")
    summary = indexer.update([docs / "web"], ix, jobs=1)
    # The same id a full reindex of docs/ gives it, though the update named docs/web.
    assert summary.added == ["web/b"] and summary.documents == 2
    assert set(_served_docs(ix)) == {"web/a", "web/b"}
    assert set(_served_docs(ix)) == set(_served_docs(_full(tmp_path / "full", docs)))


def _full(ix, docs):
    indexer.reindex([docs], ix, jobs=1)
    return ix


def test_update_of_a_feed_replaces_what_the_file_gave_before(tmp_path):
    def feed(*items):
        return ("<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>" + "".join(
            f"<item><title>{t}</title><link>https://wire.example/{t}</link><description>“We said {t},” said Ann Lee."
            "</description></item>" for t in items) + "</channel></rss>")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "wire.rss").write_text(feed("one", "two"), encoding="utf-8")
    ix = tmp_path / "ix"
    indexer.reindex([docs], ix, jobs=1)
    (docs / "wire.rss").write_text(feed("two", "three"), encoding="utf-8")
    summary = indexer.update([docs / "wire.rss"], ix, jobs=1)
    assert summary.added == ["wire.example/three"] and summary.removed == ["wire.example/one"]
    assert set(_served_docs(ix)) == {"wire.example/two", "wire.example/three"}


def test_the_seeds_keep_their_ids_and_permalinks(tmp_path):
    indexer.reindex([SEEDS], tmp_path / "ix", jobs=1)
    assert set(_served_docs(tmp_path / "ix")) == {"iran-vast-influence-in-iraq", "trt-iran-imperialist-power"}
    with query.Engine(tmp_path / "ix").session() as s:
        assert s.quote("5083ab806651de26")["speaker"] == "Hatem al-Maksusi"


def test_update_through_a_link_to_the_folder_indexed_replaces_the_document(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("A\n\n“We will win,” said Ann Lee.\n", encoding="utf-8")
    (tmp_path / "linked").symlink_to(docs)
    ix = tmp_path / "ix"
    indexer.reindex([tmp_path / "linked"], ix, jobs=1)
    summary = indexer.update([docs / "a.txt"], ix, jobs=1)
    assert summary.added == [] and set(_served_docs(ix)) == {"a"}
