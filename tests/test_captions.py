"""Caption files: cues merged into timed speaker turns; broken timestamps and overlaps reported, words kept."""
from __future__ import annotations

import pytest

from search.documents import Skipped, load
from search.documents.captions import compose, parse
from search.extraction.extract import extract

VTT = """WEBVTT - Town hall

NOTE written by hand for the tests

00:00:01.000 --> 00:00:04.000
<v Chris Wallace>Good evening from Cleveland.

00:00:04.000 --> 00:00:07.500
<v Chris Wallace>I'm Chris Wallace.

00:41:07.000 --> 00:41:10.000
<v President Donald J. Trump>We have the best economy &amp; jobs.

00:41:10.500 --> 00:41:12.000
JOE BIDEN: That's not true.
"""

SRT = """1
00:00:01,000 --> 00:00:03,000
>> MODERATOR: Welcome to the town hall.

2
00:00:03,500 --> 00:00:06,000
Our first question is for the senator.

3
00:01:10,250 --> 00:01:13,000
>> SEN. BERNIE SANDERS: Thank you.
"""


def test_vtt_voices_and_prefixes_make_turns_of_merged_cues_timed_by_their_first_cue():
    cues, title, problems = parse(VTT)
    text, turns = compose(cues)
    assert title == "Town hall" and problems == []
    assert [(t.label, t.time, text[t.start:t.end]) for t in turns] == [
        ("Chris Wallace", 1.0, "Good evening from Cleveland. I'm Chris Wallace."),
        ("President Donald J. Trump", 2467.0, "We have the best economy & jobs."),
        ("JOE BIDEN", 2470.5, "That's not true.")]
    assert all(text[t.label_start:t.label_end] == t.label for t in turns)


def test_srt_speaker_changes_and_unlabelled_cues_go_on_the_turn_before(tmp_path):
    (tmp_path / "town.srt").write_text(SRT, encoding="utf-8")
    (doc,) = load([tmp_path / "town.srt"])
    assert doc.genre == "captions" and doc.title == "town"
    quotes = [(q.kind, q.speaker, q.role, q.time, q.text) for q in extract(doc).quotes]
    assert quotes == [("turn", "Moderator", "", 1.0, "Welcome to the town hall. Our first question is for the senator."),
                      ("turn", "Bernie Sanders", "Sen.", 70.25, "Thank you.")]


def test_broken_timestamps_and_overlapping_cues_are_reported_and_their_words_kept(tmp_path):
    broken = VTT + "\n00:41:xx.000 --> 00:41:15.000\nJOE BIDEN: Not at all.\n\n00:41:11.000 --> 00:41:14.000\n" \
                   "JOE BIDEN: Really.\n"
    (tmp_path / "bad.vtt").write_text(broken, encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Fine.", encoding="utf-8")
    skipped: list[Skipped] = []
    docs = {d.id: d for d in load([tmp_path], skipped)}
    assert set(docs) == {"bad", "ok"}
    assert "That's not true. Not at all. Really." in docs["bad"].text
    reasons = [s.reason for s in skipped]
    assert any("broken timestamp '00:41:xx.000" in r for r in reasons)
    assert any("overlapping cues" in r for r in reasons)


def test_a_caption_file_without_cues_is_reported(tmp_path):
    (tmp_path / "empty.vtt").write_text("WEBVTT\n\n", encoding="utf-8")
    skipped: list[Skipped] = []
    assert list(load([tmp_path / "empty.vtt"], skipped)) == [] and skipped[-1].reason == "no caption cues"


@pytest.mark.parametrize("late, said", [(1, "1 cue starts before"), (2, "2 cues start before")])
def test_overlapping_cues_are_counted_in_plain_english(tmp_path, late, said):
    cues = "".join(f"00:00:0{2 * i}.000 --> 00:00:0{2 * i + (3 if i < late else 1)}.000\nLine {i}.\n\n" for i in range(4))
    (tmp_path / "talk.vtt").write_text("WEBVTT\n\n" + cues, encoding="utf-8")
    skipped: list[Skipped] = []
    list(load([tmp_path], skipped))
    reasons = [s.reason for s in skipped if "overlapping" in s.reason]
    assert len(reasons) == 1 and reasons[0].startswith(said) and "(s)" not in reasons[0]
