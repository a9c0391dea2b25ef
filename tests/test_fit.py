"""Tests for fitting the speaker-choosing weights: they learn from inline data, the same way every time."""
import json

from click.testing import CliRunner

from search.attribution import choose
from search.cli import main
from search.evaluation import fit

# Each group: the candidates' features and which one is right. "near" wins unless "spoken-to" says otherwise.
GROUPS = [
    (((("near", 1.0),), (("far", 1.0),)), 0),
    (((("far", 1.0),), (("near", 1.0),)), 1),
    (((("near", 1.0), ("spoken-to", 1.0)), (("far", 1.0),)), 1),
    (((("near", 1.0),), (("far", 1.0), ("spoken-to", 1.0))), 0),
] * 20


def test_fitting_learns_which_features_mark_the_speaker():
    weights = fit.fit(GROUPS)
    assert weights["near"] > weights["far"]
    assert weights["spoken-to"] < 0
    assert fit.accuracy(weights, GROUPS) == 1.0


def test_fitting_twice_writes_the_same_file(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    fit.write([fit.fit(GROUPS)], ["inline"], len(GROUPS), a)
    fit.write([fit.fit(list(GROUPS))], ["inline"], len(GROUPS), b)
    assert a.read_bytes() == b.read_bytes()
    assert choose.load(a.read_text())[0]["near"] > 0
    choose.reload()


STORY = ("Tony and Brenda sat at breakfast.\n\n“Well?” said Tony.\n\n“Kiss.”\n\n“Anything interesting?”\n\n"
         "“No.”\n\n“Shall we ride?” asked Brenda.\n\n“Yes.”\n\n“Now?”")
SPEAKERS = [("Well?", "Tony"), ("Kiss.", "Brenda"), ("Anything interesting?", "Tony"), ("No.", "Brenda"),
            ("Shall we ride?", "Brenda"), ("Yes.", "Tony"), ("Now?", "Brenda")]


def _gold(path):
    story = []
    for k in range(3):
        quotes, pos = [], 0
        for words, who in SPEAKERS:
            start = STORY.index(words, pos)
            pos = start + len(words)
            quotes.append({"type": "direct", "start": start, "end": pos, "inner_start": start, "inner_end": pos,
                           "text": words, "speaker": None, "speaker_start": None, "speaker_end": None,
                           "speaker_name": who, "speaker_aliases": []})
        story.append({"id": f"s{k}", "genre": "fiction", "text": STORY, "quotes": quotes})
    path.write_text("".join(json.dumps(a) + "\n" for a in story))


def test_fit_speakers_writes_the_same_weights_twice(tmp_path):
    _gold(tmp_path / "gold.jsonl")
    runs = []
    for name in ("one.json", "two.json"):
        result = CliRunner().invoke(main, ["fit-speakers", str(tmp_path / "gold.jsonl"), "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert "weights from" in result.output
        runs.append((tmp_path / name).read_bytes())
    assert runs[0] == runs[1]
    assert json.loads(runs[0])["sources"] == [f"{tmp_path.name}/gold.jsonl"]
    choose.reload()


def test_fit_speakers_refuses_gold_with_nothing_to_learn_from(tmp_path):
    (tmp_path / "news.jsonl").write_text(json.dumps({"id": "n", "text": "Nothing quoted.", "quotes": []}) + "\n")
    result = CliRunner().invoke(main, ["fit-speakers", str(tmp_path / "news.jsonl"), "--out", str(tmp_path / "w.json")])
    assert result.exit_code != 0 and "fiction" in result.output
    assert not (tmp_path / "w.json").exists()

