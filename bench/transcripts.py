"""Transcripts and captions: do turns come out with the right speaker and time?

Usage: .venv/bin/python bench/transcripts.py [GOLD.jsonl] [--limit N]

Three sets, each scored as the share of expected turns whose quote of kind `turn` has the right
speaker (the same speaker key as the label's name, titles aside) and, where the file gives a time,
the right time within 2 seconds:
1. a debate transcript written by hand below, in the styles the reader knows;
2. a caption file (WebVTT) written by hand below;
3. long ones made from PolNeAR: every direct quote of a named speaker becomes a turn of that speaker,
   written in turn as network capitals, Congressional Record, Rev, Otter and timed-capitals labels,
   and again as a WebVTT file with voice tags and cues of about eight words.
Prints figures, asserts nothing.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search import documents  # noqa: E402
from search.attribution import identity, names  # noqa: E402
from search.extraction.extract import extract  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev.jsonl"

HAND_TRANSCRIPT = """Presidential Debate at Case Western Reserve University, Cleveland, Ohio
September 29, 2020

CHRIS WALLACE: Good evening from the Health Education Campus of Case Western Reserve University and the Cleveland Clinic. I'm Chris Wallace of Fox News and I welcome you to the first of the 2020 presidential debates.

PRESIDENT DONALD J. TRUMP: Thank you very much, Chris. I will tell you very simply, we won the election. Elections have consequences.

VICE PRESIDENT JOE BIDEN: Well, first of all, thank you for doing this, and looking forward to this, Mr. President.

CHRIS WALLACE: Mr. President, I'm going to give you an opportunity to respond.

PRESIDENT DONALD J. TRUMP: As one senator told me, "never give up," and we won't.

VICE PRESIDENT JOE BIDEN: The American people have a right to have a say in who the Supreme Court nominee is.
That say occurs when they vote for United States Senators and when they vote for the President of the United States.

CHRIS WALLACE: We are going to move on to the second subject.
"""
HAND_TRANSCRIPT_TRUTH = [("Chris Wallace", None), ("Donald J. Trump", None), ("Joe Biden", None),
                         ("Chris Wallace", None), ("Donald J. Trump", None), ("Joe Biden", None),
                         ("Chris Wallace", None)]

HAND_CAPTIONS = """WEBVTT - Town hall, written by hand

NOTE voices in tags, a prefix, and a cue without a speaker that goes on the turn before

00:00:01.000 --> 00:00:04.200
<v Chris Wallace>Good evening and welcome

00:00:04.200 --> 00:00:07.000
<v Chris Wallace>to the town hall.

00:00:07.500 --> 00:00:10.000
<v President Donald J. Trump>Thank you, Chris.

00:00:10.000 --> 00:00:12.000
It's great to be here.

00:41:07.000 --> 00:41:10.000
JOE BIDEN: That is simply not true.

00:41:10.000 --> 00:41:13.500
JOE BIDEN: Look at the facts.

00:41:14.000 --> 00:41:16.000
<v Chris Wallace>Let's move on.
"""
HAND_CAPTIONS_TRUTH = [("Chris Wallace", 1.0), ("Donald J. Trump", 7.5), ("Joe Biden", 2467.0),
                       ("Chris Wallace", 2474.0)]


def score(doc, truth: list[tuple[str, float | None]]) -> tuple[int, int, list[str]]:
    """Compare a document's turn quotes, in order, with the expected (speaker, time) pairs."""
    turns = [q for q in extract(doc).quotes if q.kind == "turn"]
    right, misses = 0, []
    for k, (name, time) in enumerate(truth):
        got = turns[k] if k < len(turns) else None
        ok = got is not None and identity.key_for(got.speaker) == identity.key_for(name) and (
            time is None or got.time is not None and abs(got.time - time) <= 2)
        right += ok
        if not ok:
            misses.append(f"turn {k + 1}: expected {name} at {time}, got "
                          f"{(got.speaker, got.time) if got else 'nothing'}")
    if len(turns) != len(truth):
        misses.append(f"{len(turns)} turns found, {len(truth)} expected")
    return right, len(truth), misses


def polnear_turns(path: Path, limit: int) -> list[tuple[str, str]]:
    """Return (speaker name, words) for every direct quote of dev whose gold speaker is a proper name."""
    import json

    out = []
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if limit and n >= limit:
                break
            article = json.loads(line)
            text = article["text"]
            for q in article["quotes"]:
                name = (q.get("speaker") or "").strip()
                if q.get("type") != "direct" or q.get("inner_start") is None or q.get("speaker_pronoun"):
                    continue
                words = " ".join(text[q["inner_start"]:q["inner_end"]].split()).strip(" “”\"'‘’")
                role, bare = names.strip_titles(name)
                tokens = bare.split()
                # A person's name: one to four capitalised words, no possessive, no organisation words.
                if not 1 <= len(tokens) <= 4 or not all(re.fullmatch(r"[A-Z][\w.'’\-]*", t) for t in tokens) \
                        or names.name_kind(bare) != "person" or not words:
                    continue
                out.append((bare, words))
    return out


def timecode(seconds: float, hours: bool = True) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}" if hours else f"{s // 60}:{s % 60:02d}"


STYLES = ("caps", "record", "rev", "otter", "timed")


def write_transcript(turns: list[tuple[str, str]], style: str, rng: random.Random) -> tuple[str, list]:
    """Write turns as one transcript in one label style; return the text and the expected (name, time)."""
    pieces, truth, clock = ["A hearing made from news quotes\n"], [], 0.0
    for name, words in turns:
        clock += rng.uniform(3, 40)
        surname = name.split()[-1]
        if style == "caps":
            pieces.append(f"{name.upper()}: {words}")
            truth.append((name, None))
        elif style == "record":
            pieces.append(f"Mr. {surname.upper()}. {words}")
            truth.append((surname, None))
        elif style == "rev":
            pieces.append(f"{name}: ({timecode(clock)})\n{words}")
            truth.append((name, clock))
        elif style == "otter":
            pieces.append(f"{name}  {timecode(clock, hours=False)}\n{words}")
            truth.append((name, clock))
        else:
            pieces.append(f"[{timecode(clock)}] {name.upper()}: {words}")
            truth.append((name, clock))
    return "\n\n".join(pieces) + "\n", truth


def write_captions(turns: list[tuple[str, str]], rng: random.Random) -> tuple[str, list]:
    """Write turns as WebVTT cues of about eight words with voice tags; return it and the expected turns."""
    cues, truth, clock = ["WEBVTT"], [], 0.0
    for name, words in turns:
        clock += rng.uniform(1, 5)
        if not truth or truth[-1][0] != name:  # consecutive cues of one speaker are one turn
            truth.append((name, clock))
        chunk = words.split()
        for k in range(0, len(chunk), 8):
            start, clock = clock, clock + rng.uniform(1.5, 3.5)
            cues.append(f"{timecode(start)}.000 --> {timecode(clock)}.000\n<v {name}>{' '.join(chunk[k:k + 8])}")
    return "\n\n".join(cues) + "\n", truth


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEV)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles")
    parser.add_argument("--misses", action="store_true", help="list the turns that came out wrong")
    args = parser.parse_args(argv)
    rng = random.Random(12)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = {"hand-written debate transcript (.txt)": ("debate.txt", HAND_TRANSCRIPT, HAND_TRANSCRIPT_TRUTH),
                 "hand-written captions (.vtt)": ("town.vtt", HAND_CAPTIONS, HAND_CAPTIONS_TRUTH)}
        if args.gold.exists():
            turns = polnear_turns(args.gold, args.limit)
            for style in STYLES:
                text, truth = write_transcript(turns, style, rng)
                files[f"PolNeAR quotes as turns, {style} labels (.txt)"] = (f"polnear-{style}.txt", text, truth)
            text, truth = write_captions(turns, rng)
            files["PolNeAR quotes as captions (.vtt)"] = ("polnear.vtt", text, truth)
        else:
            print(f"{args.gold} not found: the PolNeAR sets are left out")
        total_right = total = 0
        for label, (name, text, truth) in files.items():
            (folder / name).write_text(text, encoding="utf-8")
            skipped: list = []
            (doc,) = documents.load([folder / name], skipped)
            right, count, misses = score(doc, truth)
            total_right, total = total_right + right, total + count
            rows.append((label, right, count))
            print(f"{label:48} {right / count:.3f} ({right}/{count})")
            if args.misses:
                for m in misses[:15]:
                    print("    " + m)
        print(f"{'all turns':48} {total_right / total:.3f} ({total_right}/{total})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
