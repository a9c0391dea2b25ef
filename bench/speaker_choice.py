"""Select the learned speaker choice on train alone: fit on four fifths of the novels' train passages, score the rest.

Fits the stages of weights (search/evaluation/fit.py) on the passages of ../shared/data/pdnc/train.jsonl
whose position is not FOLD mod 5, then scores the name shown end to end (as `search eval` does) on the
passages that are, with the fitted weights, overall and novel by novel. Dev is never read.
With --fold all, every fifth is held out in turn and the counts are summed: the cross-validated figure.
Run: .venv/bin/python bench/speaker_choice.py [--fold N|all] [--stages N] [--l2 X]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT  # noqa: E402
from search.attribution import choose  # noqa: E402
from search.evaluation import fit, scoring  # noqa: E402
from search.extraction.extract import corpus_extractor  # noqa: E402

TRAIN = ROOT.parent / "shared" / "data" / "pdnc" / "train.jsonl"


def _score(articles: list, stages: list):
    """Return the report of the articles extracted with the given stages of weights in place of the shipped ones."""
    shipped = choose.stages
    choose.stages = lambda: tuple(stages)  # type: ignore[assignment]
    try:
        return scoring.evaluate(articles, corpus_extractor(scoring.document_of(a) for a in articles), {})
    finally:
        choose.stages = shipped  # type: ignore[assignment]


def _held_out(articles: list, fold: int, count: int, l2: float) -> tuple[int, int]:
    """Fit on every fifth of the articles but `fold`, print the held-out fold's figures; return its right and total."""
    held = [a for k, a in enumerate(articles) if k % 5 == fold]
    rest = [a for k, a in enumerate(articles) if k % 5 != fold]
    start = time.perf_counter()
    stages, data = fit.fit_stages(rest, {}, count, l2=l2)
    print(f"fitted {len(stages)} stages on {len(rest)} passages ({len(data)} lines) in "
          f"{time.perf_counter() - start:.0f} s")
    learned = _score(held, stages)
    works: dict[str, list[int]] = {}
    for outcome in learned.outcomes:
        tally = works.setdefault(outcome.doc.rsplit("-", 1)[0], [0, 0])
        tally[0], tally[1] = tally[0] + outcome.right, tally[1] + 1
    print(f"held-out fold {fold} ({len(held)} passages): name shown, "
          f"learned {learned.resolved_accuracy:.4f} ({learned.resolved_right}/{learned.resolved_total}); by work: "
          + ", ".join(f"{w.rsplit('-', 1)[-1]} {r / n:.3f}" for w, (r, n) in sorted(works.items())), flush=True)
    return learned.resolved_right, learned.resolved_total


def main() -> int:
    """Print the held-out folds' name shown with weights fitted on the other folds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default=str(TRAIN))
    parser.add_argument("--fold", default="2", help="which fifth to hold out (0-4), or all of them in turn")
    parser.add_argument("--stages", type=int, default=fit.STAGES)
    parser.add_argument("--l2", type=float, default=fit.L2)
    args = parser.parse_args()
    articles = list(scoring.load_gold(args.gold))
    folds = range(5) if args.fold == "all" else [int(args.fold)]
    right = total = 0
    for fold in folds:
        got, seen = _held_out(articles, fold, args.stages, args.l2)
        right, total = right + got, total + seen
    if len(folds) > 1:
        print(f"cross-validated over {len(folds)} folds: name shown, learned {right / total:.4f} ({right}/{total})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
