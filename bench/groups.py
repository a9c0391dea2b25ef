"""Group the quotes of a corpus and print a random sample of groups to check by eye.

    .venv/bin/python bench/groups.py ../shared/data/polnear/train.jsonl --sample 50 --seed 7
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search import documents  # noqa: E402
from search.extraction.extract import extract  # noqa: E402
from search.index.groups import Grouper  # noqa: E402


def main() -> None:
    """Print how many groups a corpus has and a sample of them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    quotes = {}
    started = time.perf_counter()
    with Grouper() as grouper:
        for doc in documents.load(args.paths):
            for q in extract(doc).quotes:
                if q.kind != "scare":
                    quotes[q.id] = (doc.id, doc.source, q.speaker, q.text)
                    grouper.add(q.id, q.text, doc.id)
        groups = grouper.groups()
    members: dict[str, list[str]] = {}
    for quote_id, (key, _) in groups.items():
        members.setdefault(key, []).append(quote_id)
    print(f"{len(quotes)} quotes, {len(members)} groups of two or more "
          f"({sum(len(m) for m in members.values())} quotes) in {time.perf_counter() - started:.1f} s")
    keys = sorted(members)
    random.Random(args.seed).shuffle(keys)
    for n, key in enumerate(keys[:args.sample], 1):
        print(f"\n#{n} ({len(members[key])} quotes)")
        for quote_id in sorted(members[key]):
            doc, source, speaker, text = quotes[quote_id]
            print(f"  [{source or '?'}] {doc} — {speaker or '(unknown)'}: “{' '.join(text.split())[:300]}”")


if __name__ == "__main__":
    main()
