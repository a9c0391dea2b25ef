import json

from search.documents import Skipped, decode, load, make_id


def test_text_file_id_is_relative_path_without_extension(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "iran-leaks.txt").write_text("Title line\n\nBody.", encoding="utf-8")
    docs = list(load([tmp_path]))
    assert [d.id for d in docs] == ["sub/iran-leaks"]
    assert docs[0].title == "Title line"
    assert docs[0].source == ""


def test_sidecar_metadata_is_used(tmp_path):
    (tmp_path / "a.txt").write_text("First line\n\nBody.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"title": "Real title", "source": "Wire", "date": "2019-11-18",
                                                       "url": "https://example.org/a", "author": "Ann"}))
    doc = next(load([tmp_path]))
    assert (doc.title, doc.source, doc.date, doc.url, doc.author) == (
        "Real title", "Wire", "2019-11-18", "https://example.org/a", "Ann")


def test_single_line_breaks_are_kept(tmp_path):
    (tmp_path / "poem.md").write_text("line one\nline two\n\nnext", encoding="utf-8")
    assert next(load([tmp_path])).text == "line one\nline two\n\nnext"


def test_jsonl_loads_polnear_fields(tmp_path):
    line = {"id": "nyt_1", "publisher": "nyt", "publication_date": "2016-10-01", "title": "T", "text": "Body",
            "quotes": []}
    (tmp_path / "gold.jsonl").write_text(json.dumps(line) + "\n{broken\n", encoding="utf-8")
    skipped: list[Skipped] = []
    docs = list(load([tmp_path / "gold.jsonl"], skipped))
    assert [(d.id, d.source, d.date) for d in docs] == [("nyt_1", "nyt", "2016-10-01")]
    assert skipped and skipped[0].path.endswith("gold.jsonl:2") and "invalid JSON" in skipped[0].reason


def test_unreadable_files_are_reported_and_the_rest_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text("Fine.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"caf\xc3\x28 broken")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.txt").write_text("")
    skipped: list[Skipped] = []
    docs = list(load([tmp_path, tmp_path / "missing.txt"], skipped))
    # Text that is not UTF-8 is read as Windows-1252 and said so; binary and empty files are skipped.
    assert [d.id for d in docs] == ["bad", "good"]
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in skipped}
    assert set(reasons) == {"bad.txt", "bin.txt", "empty.txt", "missing.txt"}
    assert "binary" in reasons["bin.txt"]
    assert "not UTF-8" in reasons["bad.txt"] and "read as cp1252" in reasons["bad.txt"]


def test_utf16_with_bom_and_crlf_decode():
    assert decode("a\r\nb".encode("utf-16")) == "a\nb"


def test_ids_are_readable_and_safe():
    assert make_id("../../etc/passwd") == "etc/passwd"
    assert make_id("a b?c") == "a-b-c"


def test_sidecar_fields_of_the_wrong_type_or_range_are_reported_and_the_rest_applies(tmp_path):
    (tmp_path / "a.txt").write_text("First line\n\nBody.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({
        "title": ["a", "b"], "source": True, "date": {"y": 2020}, "authors": ["Ann", 3], "language": "en",
        "genre": "news", "url": "https://example.org/a"}))
    skipped: list[Skipped] = []
    [doc] = load([tmp_path], skipped)  # a file's reports come once it is read whole
    assert (doc.title, doc.source, doc.date, doc.authors) == ("First line", "", "", ())  # not "['a', 'b']", "True"
    assert (doc.language, doc.genre, doc.url) == ("en", "news", "https://example.org/a")
    reasons = {s.reason.split(":")[0] for s in skipped if s.path == str(tmp_path / "a.meta.json")}
    assert reasons == {f"metadata field '{name}' ignored" for name in ("title", "source", "date", "authors")}


def test_dates_must_be_real_days_up_to_next_year(tmp_path):
    for date, kept in [("9999-99-99", ""), ("9999", ""), ("2019-02-30", ""), ("2019-13", ""), ("0000", ""),
                       ("2019-02-28", "2019-02-28"), ("2019-11", "2019-11"), ("1850", "1850"),
                       ("2019-11-18T09:30:00Z", "2019-11-18")]:
        (tmp_path / "a.txt").write_text("First line\n\nBody.", encoding="utf-8")
        (tmp_path / "a.meta.json").write_text(json.dumps({"date": date}))
        skipped: list[Skipped] = []
        assert [d.date for d in load([tmp_path], skipped)] == [kept], date
        assert bool(skipped) == (not kept), date


def test_a_sidecar_that_is_not_an_object_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text("First line\n\nBody.", encoding="utf-8")
    for meta, kind in (("[1, 2]", "a list"), ('"title"', "a string"), ("3", "a number")):
        (tmp_path / "a.meta.json").write_text(meta)
        skipped: list[Skipped] = []
        assert [d.title for d in load([tmp_path], skipped)] == ["First line"]
        assert skipped == [Skipped(str(tmp_path / "a.meta.json"),
                                   f"metadata ignored: a sidecar holds one JSON object, not {kind}",
                                   str(tmp_path / "a.txt"), warning=True)]


def test_a_jsonl_record_with_a_wrong_field_keeps_its_text_and_names_its_line(tmp_path):
    (tmp_path / "feed.jsonl").write_text(json.dumps({"id": "x", "text": "Body.", "title": 7, "source": "Wire"}) + "\n")
    skipped: list[Skipped] = []
    [doc] = load([tmp_path], skipped)
    assert (doc.title, doc.source) == ("Body.", "Wire")
    assert skipped == [Skipped(f"{tmp_path / 'feed.jsonl'}:1", "metadata field 'title' ignored: expected text, not a number",
                               str(tmp_path / "feed.jsonl"), warning=True)]
