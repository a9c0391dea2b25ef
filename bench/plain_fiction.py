"""Score the novels' dev passages as people have them: saved as plain .txt files, and set in single marks.

Writes each passage of ../shared/data/pdnc/dev.jsonl to a temporary folder as ID.txt (no genre, no
sidecar), reads them back through the loader (which must tell they are fiction) and scores the name
shown against the same passages given with "genre": "fiction". Then scores the passages with every
double quote mark turned into a single one ('Hello,' he said), as many novels print dialogue.
Run: .venv/bin/python bench/plain_fiction.py [GOLD.jsonl]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT  # noqa: E402
from search import documents  # noqa: E402
from search.evaluation import scoring  # noqa: E402
from search.extraction.extract import corpus_extractor  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "pdnc" / "dev.jsonl"


def _figures(report) -> str:
    return f"name shown {report.resolved_accuracy:.3f} ({report.resolved_right}/{report.resolved_total}), " \
           f"quote F1 {report.f1:.3f}"


def main() -> int:
    """Print the name shown for the passages as given, as .txt files, and in single marks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default=str(DEV))
    args = parser.parse_args()
    articles = list(scoring.load_gold(args.gold))
    referents = scoring.referents_beside(args.gold)
    given = scoring.evaluate(articles, corpus_extractor(scoring.document_of(a) for a in articles), referents)
    print(f"{'as given (genre fiction)':28} {_figures(given)}")
    bare = [dict(a, title="", author="") for a in articles]  # what a .txt file cannot say: its work and author
    untitled = scoring.evaluate(bare, corpus_extractor(scoring.document_of(a) for a in bare), referents)
    print(f"{'given, without title/author':28} {_figures(untitled)}")
    with tempfile.TemporaryDirectory() as tmp:
        names = {}
        for n, article in enumerate(articles):
            path = Path(tmp) / f"p{n:04d}.txt"
            path.write_text(article["text"], encoding="utf-8")
            names[path.stem] = article["id"]
        loaded = list(documents.load([tmp]))
        fiction = sum(d.genre == "fiction" for d in loaded)
        by_id = {names[Path(d.id).stem]: d for d in loaded}
        lookup = corpus_extractor(by_id.values())
        plain = scoring.evaluate(articles, lambda doc: lookup(by_id[doc.id]), referents)
    print(f"{'as .txt (no genre)':28} {_figures(plain)}; read as fiction {fiction}/{len(loaded)}; "
          f"difference {given.resolved_accuracy - plain.resolved_accuracy:+.3f}")
    single = [dict(a, text=a["text"].replace('"', "'")) for a in articles]
    marks = scoring.evaluate(single, corpus_extractor(scoring.document_of(a) for a in single), referents)
    print(f"{'in single marks':28} {_figures(marks)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
