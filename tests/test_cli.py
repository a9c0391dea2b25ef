import json

from click.testing import CliRunner

from search.cli import main
from search.query import Engine

from .conftest import SEEDS


def run(*args, **kw):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kw)
    return result


def test_reindex_prints_a_summary(tmp_path):
    result = run("reindex", SEEDS, "--index-dir", tmp_path / "ix", "--jobs", "1")
    assert result.exit_code == 0
    assert "Indexed 2 documents" in result.output and "quotes" in result.output


def test_reindex_reports_skipped_files(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "ok.txt").write_text("Fine text.")
    (tmp_path / "docs" / "bad.txt").write_bytes(b"\x00binary")
    result = run("reindex", tmp_path / "docs", "--index-dir", tmp_path / "ix", "--jobs", "1")
    assert result.exit_code == 0
    assert "skipped " + str(tmp_path / "docs" / "bad.txt") in result.output
    assert "Indexed 1 document, 1 paragraph, 0 quotes, 0 speakers" in result.output
    assert result.output.rstrip().endswith("skipped 1 file.")


def test_reindex_names_files_indexed_with_warnings_and_files_it_does_not_read(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ok.txt").write_text("Fine text.")
    (docs / "damaged.txt").write_bytes("Caf\u00e9 owners said it was fine.\n".encode() + b"\xc3\x28")
    (docs / "notes.docx").write_bytes(b"PK\x03\x04")
    (docs / "lines.jsonl").write_text('{"text": "One line."}\nnot json\n{"text": "Another line."}\n')
    (docs / "list.xml").write_text("<inventory><item>bolt</item></inventory>")
    (docs / ".hidden.txt").write_text("kept out")
    result = run("reindex", docs, "--index-dir", tmp_path / "ix", "--jobs", "1")
    assert result.exit_code == 0
    out = result.output
    assert "Indexed 4 documents" in out and out.rstrip().endswith("skipped 2 files; 2 warnings.")
    assert f"skipped {docs / 'notes.docx'}: unsupported file type .docx" in out
    assert f"skipped {docs / 'list.xml'}: an .xml file that is not an RSS or Atom feed" in out
    assert f"warning {docs / 'damaged.txt'}: not UTF-8" in out
    assert f"warning {docs / 'lines.jsonl'}:2: invalid JSON" in out
    assert ".hidden" not in out


def test_reindex_uses_env_index_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("SEARCH_INDEX_DIR", str(tmp_path / "envix"))
    assert run("reindex", SEEDS, "--jobs", "1").exit_code == 0
    assert (tmp_path / "envix" / "CURRENT").exists()


def test_extract_jsonl_has_the_public_fields():
    result = run("extract", SEEDS)
    records = [json.loads(line) for line in result.output.splitlines()]
    assert records
    for field in ("id", "doc", "paragraph", "start", "end", "text", "kind", "speaker", "speaker_key",
                  "speaker_start", "speaker_end", "cue"):
        assert field in records[0]
    texts = {(r["text"], r["kind"]) for r in records}
    assert ("resistance", "scare") in texts


def test_extract_text_format():
    result = run("extract", SEEDS / "iran-vast-influence-in-iraq.txt", "--format", "text")
    assert "the cable [said]: “This policy of Iran in Iraq" in result.output


def test_query_and_cite(seed_index):
    result = run("query", "intelligence", "--index-dir", seed_index)
    assert result.exit_code == 0 and "2 results" in result.output and "Maksusi" in result.output
    filtered = run("query", "iran", "--speaker", "the cable", "--index-dir", seed_index)
    assert "the cable" in filtered.output
    quote_id = result.output.split("[", 1)[1].split("]", 1)[0]
    cited = run("cite", quote_id, "--format", "markdown", "--index-dir", seed_index)
    assert cited.exit_code == 0 and f"/quote/{quote_id}" in cited.output


def test_query_without_index_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["query", "x", "--index-dir", str(tmp_path)])
    assert result.exit_code != 0 and "run `search reindex` first" in result.output


def test_cite_unknown_id(seed_index):
    result = CliRunner().invoke(main, ["cite", "nope", "--index-dir", str(seed_index)])
    assert result.exit_code != 0 and "no quote" in result.output


def test_eval_prints_figures(tmp_path):
    text = "“We will win this race,” the senator said."
    gold = {"id": "g1", "text": text, "quotes": [{
        "start": 1, "end": 22, "text": text[1:22], "type": "direct", "inner_start": 1, "inner_end": 22,
        "quoted_spans": [[1, 22]], "speaker": "the senator", "speaker_start": 25, "speaker_end": 36,
        "speaker_pronoun": False, "cue": "said", "cue_start": 37, "cue_end": 41}]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n")
    result = run("eval", path)
    assert "quote F1" in result.output and "1.000" in result.output


def test_check_prints_a_verdict(seed_index):
    result = run("check", "all the army's intelligence is yours", "--index-dir", seed_index)
    assert "Verdict: altered" in result.output and "Hatem al-Maksusi" in result.output


def test_reindex_failing_write_is_a_clear_error(tmp_path, monkeypatch):
    import errno

    from search.index import store

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "_swap", full)
    result = CliRunner().invoke(main, ["reindex", str(SEEDS), "--index-dir", str(tmp_path / "ix"), "--jobs", "1"])
    assert result.exit_code == 1
    assert "served index is unchanged" in result.output and "Traceback" not in result.output


def test_reindex_update_adds_documents_to_the_served_index(tmp_path):
    index_dir = tmp_path / "ix"
    assert run("reindex", SEEDS, "--index-dir", index_dir, "--jobs", "1").exit_code == 0
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "other.txt").write_text("Other\n\n“We will not back down,” the minister said.", encoding="utf-8")
    result = run("reindex", "--update", extra, "--index-dir", index_dir, "--jobs", "2")
    assert result.exit_code == 0
    assert "Updated 1 document (0 replaced, 1 added)," in result.output and "1 quote," in result.output
    assert "added other: new to the index" in result.output
    found = run("query", "back", "down", "--index-dir", index_dir)
    assert "1 result\n" in found.output
    assert "2 results" in run("query", "intelligence", "--index-dir", index_dir).output


def test_reindex_update_needs_paths(tmp_path):
    result = CliRunner().invoke(main, ["reindex", "--update", "--index-dir", str(tmp_path / "ix")])
    assert result.exit_code != 0 and "--update needs" in result.output


def test_extract_prints_the_speaker_keys_the_index_serves(tmp_path):
    (tmp_path / "a.txt").write_text("A\n\n“We will win,” said Hatem al-Maksusi, a general.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("B\n\n“We are ready,” Maksusi said.", encoding="utf-8")
    printed = CliRunner().invoke(main, ["extract", str(tmp_path)])
    keys = {json.loads(line)["doc"]: json.loads(line)["speaker_key"] for line in printed.output.splitlines()}
    assert keys == {"a": "hatem-al-maksusi", "b": "hatem-al-maksusi"}
    index_dir = tmp_path / "ix"
    CliRunner().invoke(main, ["reindex", str(tmp_path), "--index-dir", str(index_dir), "--jobs", "1"])
    with Engine(index_dir).session() as session:
        served = {q["doc"]: q["speaker_key"] for d in ("a", "b") for q in session.records_of(d, "quote")}
    assert served == keys


def test_query_exports_every_hit_with_all(seed_index):
    import csv
    import io

    result = CliRunner().invoke(main, ["query", "--all", "--format", "csv", "--index-dir", str(seed_index),
                                       "--base-url", "https://quotes.example"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert result.stderr.splitlines()[0] == f"{len(rows)} hits" and len(rows) > 10  # more than --limit's default
    assert all(r["permalink"].startswith("https://quotes.example/quote/") for r in rows)


def test_query_formats_the_best_hits_without_all(seed_index):
    result = CliRunner().invoke(main, ["query", "intelligence", "--format", "bibtex", "--limit", "1",
                                       "--index-dir", str(seed_index)])
    assert result.exit_code == 0 and result.stdout.count("@article{") == 1
    # Without a public address the permalink is a path, and the command says how to set one.
    assert "note = {Hatem al-Maksusi, quoted at para." in result.stdout
    assert "SEARCH_BASE_URL" in result.stderr


def test_cite_uses_the_base_url_setting(seed_index, monkeypatch):
    quote_id = CliRunner().invoke(main, ["query", "intelligence", "--index-dir", str(seed_index)]).output
    quote_id = quote_id.split("[", 1)[1].split("]", 1)[0]
    monkeypatch.setenv("SEARCH_BASE_URL", "https://quotes.example/")
    result = CliRunner().invoke(main, ["cite", quote_id, "--index-dir", str(seed_index)])
    assert result.exit_code == 0 and result.stdout.rstrip().endswith(f"https://quotes.example/quote/{quote_id}")
    assert "SEARCH_BASE_URL" not in result.stderr


def test_documents_prints_what_the_engine_reads_as_jsonl(tmp_path):
    from .conftest import article_html
    from .test_html import NEWS_HEAD

    (tmp_path / "bridge.html").write_text(article_html(head=NEWS_HEAD), encoding="utf-8")
    (tmp_path / "broken.html").write_text("<html><body></body></html>", encoding="utf-8")
    result = CliRunner().invoke(main, ["documents", str(tmp_path), str(SEEDS / "iran-vast-influence-in-iraq.txt")])
    assert result.exit_code == 0
    bridge, seed = [json.loads(line) for line in result.stdout.splitlines()]
    assert list(bridge) == ["id", "title", "authors", "source", "date", "url", "language", "text", "dropped"]
    assert {k: v for k, v in bridge.items() if k != "text"} == {
        "id": "bridge", "title": "Bridge to close after cracks found", "authors": ["Jan de Vries", "Ana Lima"],
        "source": "The Harbour Times", "date": "2019-11-18",
        "url": "https://harbourtimes.example/2019/11/18/bridge-to-close", "language": "en", "dropped": []}
    assert "\n\n“We cannot wait" in bridge["text"]
    assert seed["date"] == "2019-11-18" and seed["url"] == "" and seed["authors"] == []
    assert [d["reason"] for d in seed["dropped"]] == ["repeated line", "call to action after the article"]
    assert "You're subscribed" in seed["dropped"][1]["text"] and "You're subscribed" not in seed["text"]
    assert seed["text"].count("A poster of Iraq Parliament Speaker") == 1
    assert "broken.html: no article text found" in result.stderr


def test_documents_as_text_shows_fields_paragraphs_and_what_was_left_out(tmp_path):
    (tmp_path / "undated.txt").write_text("A title\n\nOne paragraph.\n\nShare this article", encoding="utf-8")
    result = run("documents", tmp_path / "undated.txt", "--format", "text")
    assert result.output == ("# undated\ntitle: A title\n\nA title\n\nOne paragraph.\n\n"
                             "left out (call to action after the article): Share this article\n\n")


def served(index_dir):
    """Return the served generation's folder name and its quote count."""
    with Engine(index_dir).session() as session:
        return (index_dir / "CURRENT").read_text(), session.overview()["quotes"]


def test_reindex_of_a_missing_path_is_an_error_and_keeps_the_served_index(tmp_path):
    ix = tmp_path / "ix"
    assert run("reindex", SEEDS, "--index-dir", ix, "--jobs", "1").exit_code == 0
    before = served(ix)
    result = run("reindex", tmp_path / "typo-folder", "--index-dir", ix, "--jobs", "1")
    assert result.exit_code != 0
    assert "no such file or folder" in result.output and "typo-folder" in result.output
    assert "served index is unchanged" in result.output
    assert served(ix) == before
    assert [p.name for p in ix.iterdir() if p.name.startswith("gen-")] == [before[0]]


def test_reindex_that_finds_no_documents_is_never_swapped_in(tmp_path):
    ix = tmp_path / "ix"
    run("reindex", SEEDS, "--index-dir", ix, "--jobs", "1")
    before = served(ix)
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "bad.txt").write_bytes(b"\x00binary")  # binary: reported and skipped
    result = run("reindex", tmp_path / "junk", "--index-dir", ix, "--jobs", "1")
    assert result.exit_code != 0
    assert "holds no documents" in result.output and "bad.txt" in result.output
    assert served(ix) == before
    # Not even --allow-shrink serves an empty index.
    assert run("reindex", tmp_path / "junk", "--index-dir", ix, "--jobs", "1", "--allow-shrink").exit_code != 0
    assert served(ix) == before


def test_first_reindex_of_nothing_leaves_no_index(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("reindex", tmp_path / "empty", "--index-dir", tmp_path / "ix", "--jobs", "1")
    assert result.exit_code != 0 and "nothing is served yet" in result.output
    assert not (tmp_path / "ix" / "CURRENT").exists()


def stories(folder, count: int):
    """Write `count` one-quote stories into a new folder and return it."""
    folder.mkdir()
    for n in range(count):
        (folder / f"d{n}.txt").write_text(f"Story {n}\n\n“We will build {n} bridges,” the mayor said.\n")
    return folder


def test_reindex_under_half_the_served_documents_needs_allow_shrink(tmp_path):
    corpus = stories(tmp_path / "corpus", 5)
    ix = tmp_path / "ix"
    assert run("reindex", corpus, "--index-dir", ix, "--jobs", "1").exit_code == 0
    before = served(ix)
    small = tmp_path / "small"
    small.mkdir()
    (small / "one.txt").write_text("Story\n\n“Only this,” the mayor said.\n")
    (small / "two.txt").write_text("Story\n\n“And this,” the mayor said.\n")
    result = run("reindex", small, "--index-dir", ix, "--jobs", "1")
    assert result.exit_code != 0
    assert "2 documents" in result.output and "under half of the 5" in result.output
    assert "--allow-shrink" in result.output
    assert served(ix) == before
    shrunk = run("reindex", small, "--index-dir", ix, "--jobs", "1", "--allow-shrink")
    assert shrunk.exit_code == 0 and "Indexed 2 documents" in shrunk.output
    assert served(ix) != before


def test_reindex_to_half_the_served_documents_is_swapped_in(tmp_path):
    corpus = stories(tmp_path / "corpus", 4)
    ix = tmp_path / "ix"
    run("reindex", corpus, "--index-dir", ix, "--jobs", "1")
    for n in range(2):
        (corpus / f"d{n}.txt").unlink()
    assert run("reindex", corpus, "--index-dir", ix, "--jobs", "1").exit_code == 0
    assert served(ix)[1] == 2


def test_update_with_a_missing_path_is_an_error(tmp_path):
    ix = tmp_path / "ix"
    run("reindex", SEEDS, "--index-dir", ix, "--jobs", "1")
    before = served(ix)
    result = run("reindex", "--update", tmp_path / "nope.txt", "--index-dir", ix, "--jobs", "1")
    assert result.exit_code != 0 and "no such file or folder" in result.output
    assert served(ix) == before


def test_query_says_when_a_wildcard_was_capped_or_time_ran_out(tmp_path, monkeypatch):
    from .conftest import bounds_corpus

    ix = tmp_path / "ix"
    assert run("reindex", bounds_corpus(tmp_path / "c"), "--index-dir", ix, "--jobs", "1").exit_code == 0
    monkeypatch.setenv("SEARCH_MAX_EXPANSIONS", "3")
    capped = CliRunner().invoke(main, ["query", "tax*", "--index-dir", str(ix)])
    assert "note: tax* matched more than 3 words; results use the 3 most frequent" in capped.output
    monkeypatch.setenv("SEARCH_TIME_BUDGET", "0")
    late = CliRunner().invoke(main, ["query", "taxes", "--index-dir", str(ix)])
    assert late.output.startswith("at least ") and "partial results" in late.output


def test_reindex_if_missing_indexes_only_when_there_is_no_index(tmp_path):
    ix = tmp_path / "ix"
    first = run("reindex", "--if-missing", SEEDS, "--index-dir", ix, "--jobs", "1")
    assert first.exit_code == 0 and "Indexed 2 documents" in first.output
    before = served(ix)
    again = run("reindex", "--if-missing", stories(tmp_path / "other", 3), "--index-dir", ix, "--jobs", "1")
    assert again.exit_code == 0 and "already holds an index of 2 documents; left as it is" in again.output
    assert served(ix) == before


def test_query_refuses_an_impossible_date(seed_index):
    for option, given in (("--from", "2019-13"), ("--to", "2019-11-31"), ("--from", "2019-02-30"), ("--from", "2019-00")):
        result = run("query", "iran", option, given, "--index-dir", seed_index)
        assert result.exit_code != 0
        assert f"{given} is not a date" in result.output and "results" not in result.output
        exported = run("query", "iran", option, given, "--all", "--format", "csv", "--index-dir", seed_index)
        assert exported.exit_code != 0 and "is not a date" in exported.output


def test_query_shows_a_pdf_quotes_page_and_a_turns_time(tmp_path):
    from .conftest import pdf_bytes
    from .test_captions import VTT

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "review.pdf").write_bytes(pdf_bytes([[(72, 72, "Bridge review")],
                                                             [(72, 72, "“The bridge is safe,” said Maria Chen.")]]))
    (tmp_path / "docs" / "town-hall.vtt").write_text(VTT, encoding="utf-8")
    run("reindex", tmp_path / "docs", "--index-dir", tmp_path / "ix", "--jobs", "1")
    assert "(source unknown), ¶2, p. 2\n" in run("query", "safe", "--index-dir", tmp_path / "ix").output
    assert "¶2, at 00:41:07\n" in run("query", "economy", "--index-dir", tmp_path / "ix").output


def test_update_says_what_it_replaced_and_what_it_added_whatever_path_names_the_file(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    (docs / "web").mkdir(parents=True)
    (docs / "web" / "7a664e40d256.txt").write_text("Bridge\n\n“It will close,” said Ann Lee.\n", encoding="utf-8")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    ix = tmp_path / "ix"
    assert run("reindex", "../docs", "--index-dir", ix, "--jobs", "1").exit_code == 0
    replaced = run("reindex", "--update", docs / "web" / "7a664e40d256.txt", "--index-dir", ix, "--jobs", "1")
    assert "Updated 1 document (1 replaced, 0 added)," in replaced.output and "added" not in replaced.output.split(
        "Updated")[0]
    (docs / "web" / "new.txt").write_text("New\n\n“We are new,” said Tom Berg.\n", encoding="utf-8")
    added = run("reindex", "--update", "../docs/web/../web/new.txt", "--index-dir", ix, "--jobs", "1")
    assert "added web/new: new to the index" in added.output
    assert "Updated 1 document (0 replaced, 1 added)," in added.output
    assert "2 results" in run("query", "said", "--type", "paragraph", "--index-dir", ix).output
