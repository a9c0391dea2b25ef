"""examples/: one small document of each format, made by tools/make_examples.py and indexed cleanly."""
from __future__ import annotations

import importlib.util
import json

import pytest
from click.testing import CliRunner

from search.cli import main

from .conftest import ROOT

EXAMPLES = ROOT / "examples"
FORMATS = (".txt", ".html", ".jsonl", ".pdf", ".vtt", ".srt", ".rss", ".warc.gz")


def _generator():
    spec = importlib.util.spec_from_file_location("make_examples", ROOT / "tools" / "make_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_examples_are_what_the_script_makes(tmp_path):
    made = _generator().files()
    committed = {p.name: p.read_bytes() for p in EXAMPLES.iterdir() if p.is_file()}
    assert set(committed) == set(made), "run `make examples` and commit examples/"
    changed = [name for name, data in made.items() if committed[name] != data]
    assert not changed, f"examples/ differs from tools/make_examples.py in {changed}: run `make examples`"


def test_there_is_one_example_of_each_format():
    names = [p.name for p in EXAMPLES.iterdir()]
    for suffix in FORMATS:
        assert sum(n.endswith(suffix) for n in names) == 1, suffix


@pytest.fixture(scope="module")
def example_index(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("examples-index")
    result = CliRunner().invoke(main, ["reindex", str(EXAMPLES), "--index-dir", str(index_dir), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return index_dir, result.output


def test_the_examples_index_with_nothing_skipped(example_index):
    _, output = example_index
    assert output.startswith("Indexed 10 documents") and output.rstrip().endswith("skipped 0 files.")


def test_each_format_gives_its_quotes_with_speakers_pages_and_times():
    result = CliRunner().invoke(main, ["extract", str(EXAMPLES)])
    quotes = {(q["doc"], q["speaker"], q["page"], q["time"]) for q in map(json.loads, result.output.splitlines())}
    assert {("ferry-fares", "Tom Berg", None, None),  # .txt with a sidecar
            ("bridge-to-close", "Maria Keller", None, None),  # .html
            ("council/letter-2019-11-19", "Paul Adler", None, None),  # .jsonl
            ("bridge-review", "Maria Chen", 2, None),  # .pdf: the page
            ("council-meeting", "Maria Keller", None, 75.0),  # .vtt: the time
            ("radio-interview", "Tom Berg", None, 4.5),  # .srt
            ("harbourtimes.example/2019/11/21/dredging", "Ines Costa", None, None),  # .rss
            ("harbourweekly.example/festival-moves", "Sara Nilsen", None, None),  # .warc.gz
            } <= quotes


def test_the_examples_cite_with_their_metadata(example_index):
    index_dir, _ = example_index
    found = CliRunner().invoke(main, ["query", "fuel", "--format", "jsonl", "--index-dir", str(index_dir),
                                      "--base-url", "https://quotes.example.org"])
    (hit,) = [json.loads(line) for line in found.output.splitlines() if line.startswith("{")]
    cited = CliRunner().invoke(main, ["cite", hit["id"], "--index-dir", str(index_dir),
                                      "--base-url", "https://quotes.example.org"])
    assert cited.output.strip() == (
        "“Fuel has doubled in price and we carry the same number of passengers” Tom Berg, quoted in Ana Lima, "
        "“Ferry fares to rise a fifth,” The Harbour Times, November 20, 2019, para. 3, "
        f"https://harbourtimes.example/2019/11/20/ferry-fares. Permalink: https://quotes.example.org/quote/{hit['id']}")
