"""Draw the calibration curve of attribution confidence on PolNeAR dev and the novels' dev passages.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/calibration.py [--out docs/calibration.png]
Prints, per corpus, the reliability table (mean confidence, share right, count per tenth), the
expected calibration error, and the accuracy of quotes with confidence >= 0.9; draws them as a PNG.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.evaluation import scoring as evaluate  # noqa: E402
from search.extraction.extract import corpus_extractor  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
CORPORA = {"PolNeAR dev (news)": DATA / "polnear" / "dev.jsonl", "novels dev (PDNC)": DATA / "pdnc" / "dev.jsonl"}


def main() -> int:
    """Print the reliability tables and draw the curve."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "calibration.png"))
    args = parser.parse_args()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.2, 5.2), dpi=100)
    ax.plot([0, 1], [0, 1], color="#999999", linestyle="--", linewidth=1, label="perfectly calibrated")
    for (label, path), colour in zip(CORPORA.items(), ("#0b5cad", "#b0451c")):
        if not path.is_file():
            print(f"{label}: {path} is missing, skipped")
            continue
        articles = list(evaluate.load_gold(path))
        extractor = corpus_extractor(evaluate.document_of(a) for a in articles)
        report = evaluate.evaluate(articles, extractor, evaluate.referents_beside(path))
        error, table = evaluate.reliability(report.outcomes)
        sure = [o for o in report.outcomes if o.confidence is not None and o.confidence >= 0.9]
        print(f"{label}: ECE {error:.3f}; confidence >= 0.9: {sum(o.right for o in sure)}/{len(sure)} right")
        for mean, accuracy, count in table:
            print(f"  confidence {mean:.2f}  right {accuracy:.2f}  n={count}")
        ax.plot([m for m, _, _ in table], [a for _, a, _ in table], marker="o", color=colour,
                label=f"{label}, ECE {error:.3f}")
        for mean, accuracy, count in table:
            ax.annotate(str(count), (mean, accuracy), textcoords="offset points", xytext=(4, -10), fontsize=7,
                        color=colour)
    ax.set_xlabel("confidence given (mean per tenth)")
    ax.set_ylabel("share with the right name shown")
    ax.set_xlim(0.3, 1.02)
    ax.set_ylim(0.3, 1.02)
    ax.set_title("Attribution confidence against the name shown")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
