"""Measure "check a quote": alter real quotes at random and see whether the original comes back first.

    .venv/bin/python bench/check.py ../shared/data/polnear/train.jsonl --quotes 200 --seed 11
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search import query
from search.index import build as indexer
from search.query import compare  # noqa: E402

SYNONYMS = Path(__file__).with_name("synonyms.txt")


def synonyms() -> dict[str, str]:
    """Load the synonym pairs, both ways."""
    table = {}
    for line in SYNONYMS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            a, b = line.split()
            table.setdefault(a, b)
            table.setdefault(b, a)
    return table


def alter(words: list[str], rng: random.Random, table: dict[str, str]) -> tuple[list[str], list[str]]:
    """Apply one to three random edits (drop, swap, synonym) and name them."""
    words = list(words)
    done = []
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(["drop", "swap", "synonym"])
        if kind == "synonym":
            spots = [i for i, w in enumerate(words) if w.lower().strip(".,;:!?\"") in table]
            if spots:
                i = rng.choice(spots)
                words[i] = table[words[i].lower().strip(".,;:!?\"")]
                done.append("synonym")
                continue
            kind = "drop"
        if kind == "swap" and len(words) > 2:
            i = rng.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
            done.append("swap")
        elif len(words) > 3:
            del words[rng.randrange(len(words))]
            done.append("drop")
    return words, done


def main() -> None:
    """Index a corpus, alter sampled quotes and report how often the original ranks first."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--quotes", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    table = synonyms()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        indexer.reindex(args.paths, tmp)
        print(f"indexed in {time.perf_counter() - started:.1f} s")
        with query.Engine(Path(tmp)).session() as session:
            pool = [dict(d) for d in session.searcher.documents(type="quote")
                    if d.get("kind") != "scare" and len(d.get("text", "").split()) >= 8]
            pool.sort(key=lambda d: d["id"])
            sample = rng.sample(pool, min(args.quotes, len(pool)))
            first = verdicts = 0
            started = time.perf_counter()
            misses = []
            for original in sample:
                altered, edits = alter(original["text"].split(), rng, table)
                pasted = " ".join(altered)
                verdict = compare.check(pasted, session.candidates(pasted))
                top = verdict.matches[0][0] if verdict.matches else None
                if top and (top["id"] == original["id"] or top.get("group") == original.get("group")):
                    first += 1
                else:
                    misses.append((original["text"], pasted, top["text"] if top else None))
                verdicts += verdict.verdict != compare.NOT_FOUND
            elapsed = time.perf_counter() - started
    n = len(sample)
    print(f"{n} altered quotes: original ranked first for {first} ({first / n:.1%}); "
          f"a verdict other than 'not found' for {verdicts} ({verdicts / n:.1%}); "
          f"{elapsed / n * 1000:.0f} ms per check")
    for original, pasted, top in misses[:10]:
        print(f"\n  original: {original[:160]}\n  pasted:   {pasted[:160]}\n  top:      {(top or '-')[:160]}")


if __name__ == "__main__":
    main()
