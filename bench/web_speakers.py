"""Score the name shown on the real web pages: extract the hand-read dev pages and run speakers.py.

Decompresses ../shared/data/web/pages/KEY.html.gz into a temporary folder as KEY.html (only the
pages speakers-dev.json reads), runs `search extract DIR --format jsonl` and scores the output with
../shared/data/web/speakers.py. Run: .venv/bin/python bench/web_speakers.py [--keep PRED.jsonl]
[--misses] [--terms] (--misses prints the scorer's samples of wrong names and noise speakers too; --terms lists
each gold title or term the scorer counts as given a speaker, with the predictions that make it count and whether
each of those is itself a gold direct quote).
"""
from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, SEARCH  # noqa: E402

WEB = ROOT.parent / "shared" / "data" / "web"
GOLD = WEB / "speakers-dev.json"


def _ece(pages: dict, predictions: list[dict]) -> str:
    """Return the calibration error (10 bins) of the confidence shown beside the named speakers of found quotes.

    A quote is matched as speakers.py matches it (the first prediction holding the gold words' head); its
    name is right as speakers.py judges it.
    """
    sys.path.insert(0, str(WEB))
    from speakers import same_person, words  # the scorer's own matching, so both figures judge alike

    from search.evaluation.scoring import reliability

    by_page: dict[str, list] = {}
    for q in predictions:
        by_page.setdefault(str(q.get("doc", "")).split("/")[-1], []).append(q)
    outcomes = []
    for page, entries in pages.items():
        mine = [(" ".join(words(q.get("text"))), q) for q in by_page.get(page, [])]
        for g in entries:
            head = " ".join(words(g["text"])[:6])
            if g["kind"] != "direct" or not (g.get("named") and g.get("speaker")) or not head:
                continue
            cand = [q for t, q in mine if head in t or (t and t in " ".join(words(g["text"])))]
            if cand and cand[0].get("speaker") and cand[0].get("confidence") is not None:
                outcomes.append(_Outcome(cand[0]["confidence"], same_person(cand[0]["speaker"], g)))
    error, _ = reliability(outcomes)
    return f"{error:.3f} over {len(outcomes)} named speakers"


def _terms(pages: dict, predictions: list[dict]) -> None:
    """Print each gold title or term counted as spoken, with the predictions that make speakers.py count it."""
    sys.path.insert(0, str(WEB))
    from speakers import words

    by_page: dict[str, list] = {}
    for q in predictions:
        by_page.setdefault(str(q.get("doc", "")).split("/")[-1], []).append(q)
    for page, entries in pages.items():
        mine = [(" ".join(words(q.get("text"))), q) for q in by_page.get(page, [])]
        direct = {" ".join(words(g["text"])) for g in entries if g["kind"] == "direct"}
        for g in entries:
            gw = words(g["text"])
            head = " ".join(gw[:6])
            if g["kind"] == "direct" or not head:
                continue
            cand = [q for t, q in mine if head in t or (t and t in " ".join(gw))]
            spoken = [q for q in cand if q.get("kind") != "scare" and q.get("speaker")]
            if not spoken:
                continue
            print(f"{page[:12]}  term {g['text']!r}")
            for q in spoken:
                t = " ".join(words(q.get("text")))
                own = "a gold direct quote" if any(t == d or t in d or d in t for d in direct) else "NOT a gold quote"
                print(f"    {q.get('kind')} by {q.get('speaker')!r}: {q['text'][:70]!r} ({own})")


class _Outcome:
    def __init__(self, confidence: float, right: bool) -> None:
        self.confidence, self.right = confidence, right


def main() -> int:
    """Extract the dev pages, score the speakers and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", help="also write the extraction (jsonl) to this file")
    parser.add_argument("--misses", action="store_true", help="print the scorer's samples too")
    parser.add_argument("--terms", action="store_true", help="list the titles and terms counted as given a speaker")
    args = parser.parse_args()
    if not GOLD.exists():
        print(f"no {GOLD}: the web reading is absent", file=sys.stderr)
        return 2
    pages = json.loads(GOLD.read_text(encoding="utf-8"))["pages"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for key in pages:
            source = WEB / "pages" / f"{key}.html.gz"
            if source.exists():
                (folder / f"{key}.html").write_bytes(gzip.decompress(source.read_bytes()))
        pred = Path(tmp) / "pred.jsonl"
        with pred.open("w", encoding="utf-8") as out:
            subprocess.run([SEARCH, "extract", str(folder), "--format", "jsonl"], stdout=out, check=True)
        if args.keep:
            Path(args.keep).write_bytes(pred.read_bytes())
        pred_lines = [json.loads(line) for line in pred.read_text(encoding="utf-8").splitlines() if line.strip()]
        scored = subprocess.run([sys.executable, str(WEB / "speakers.py"), str(GOLD), str(pred)],
                                capture_output=True, text=True, check=True).stdout
    figures = json.loads(scored)
    figures["confidence_ece"] = _ece(pages, pred_lines)
    if args.terms:
        _terms(pages, pred_lines)
    for key, value in figures.items():
        if key.endswith("_sample"):
            if args.misses:
                print(key)
                for item in value:
                    print("   ", item)
        else:
            print(f"{key:20} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
