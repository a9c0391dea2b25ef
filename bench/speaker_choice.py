"""Select the learned speaker choice on train alone: fit on four fifths of the novels' train passages, score the rest.

Fits the stages of weights (search/evaluation/fit.py) on the passages of ../shared/data/pdnc/train.jsonl
whose position is not FOLD mod 5, then scores the name shown end to end (as `search eval` does) on the
passages that are, with the rules alone and with the fitted weights, overall and novel by novel. `--fold all`
holds out every fifth in turn and sums the counts: the cross-validated figure. `--by-novel` holds out each novel
in turn instead (fits on the other eight novels' passages, scores that novel's): how the choice carries to a
novel it never saw, as the held-out novels are. Dev is never read.
Run: .venv/bin/python bench/speaker_choice.py [--fold N|all | --by-novel] [--stages N] [--l2 X]
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


def _by_novel(report) -> str:
    """Return the name shown of a report's quotes, novel by novel (the passage ids' middle part)."""
    works: dict[str, list[int]] = {}
    for outcome in report.outcomes:
        tally = works.setdefault(outcome.doc.rsplit("-", 1)[0].split("-", 1)[-1], [0, 0])
        tally[0], tally[1] = tally[0] + outcome.right, tally[1] + 1
    return ", ".join(f"{w} {r / n:.3f}" for w, (r, n) in sorted(works.items()))


def main() -> int:
    """Print the held-out fold's name shown with the rules alone and with weights fitted on the other folds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default=str(TRAIN))
    parser.add_argument("--fold", default="2", help="which fifth to hold out (0-4), or all of them in turn")
    parser.add_argument("--by-novel", action="store_true", help="hold out each novel in turn instead of a fifth")
    parser.add_argument("--stages", type=int, default=fit.STAGES)
    parser.add_argument("--l2", type=float, default=fit.L2)
    args = parser.parse_args()
    articles = list(scoring.load_gold(args.gold))
    if args.by_novel:
        novels = sorted({a.get("novel", "") for a in articles})
        splits = [(n, [a for a in articles if a.get("novel", "") == n]) for n in novels]
    else:
        folds = range(5) if args.fold == "all" else [int(args.fold)]
        splits = [(f"fold {f}", [a for k, a in enumerate(articles) if k % 5 == f]) for f in folds]
    totals = [0, 0, 0]  # rules right, learned right, lines
    for name, held in splits:
        held_ids = {id(a) for a in held}
        rest = [a for a in articles if id(a) not in held_ids]
        start = time.perf_counter()
        stages, data = fit.fit_stages(rest, {}, args.stages, l2=args.l2)
        rules, learned = _score(held, []), _score(held, stages)
        print(f"{name} ({len(held)} passages; fitted {len(stages)} stages on {len(data)} lines of the rest in "
              f"{time.perf_counter() - start:.0f} s): name shown, rules alone {rules.resolved_accuracy:.4f}; "
              f"learned {learned.resolved_accuracy:.4f} ({learned.resolved_right}/{learned.resolved_total}); "
              f"by novel: {_by_novel(learned)}", flush=True)
        totals = [totals[0] + rules.resolved_right, totals[1] + learned.resolved_right,
                  totals[2] + learned.resolved_total]
    if len(splits) > 1:
        lines = max(totals[2], 1)
        print(f"all held out: rules alone {totals[0] / lines:.4f}; learned {totals[1] / lines:.4f} "
              f"({totals[1]}/{totals[2]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
