"""Check speaker pages for names that mix people: pronouns of both genders, or "she" on a man.

Extracts a corpus (default PolNeAR train), merges speaker keys as the index does, and for every
speaker lists the he/she mentions its quotes rest on. A speaker whose quotes rest on both "he"
and "she" holds somebody else's words. Run: .venv/bin/python bench/speakers.py [CORPUS.jsonl]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import TRAIN  # noqa: E402
from search import documents  # noqa: E402
from search.extraction.extract import extract_corpus  # noqa: E402


def main() -> int:
    """Print the speakers whose quotes rest on pronouns of both genders."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(TRAIN))
    args = parser.parse_args()
    pronouns: dict[str, Counter] = defaultdict(Counter)
    names: dict[str, str] = {}
    total = 0
    for extraction in extract_corpus(documents.load([args.corpus])):
        text = extraction.document.text
        for q in extraction.quotes:
            if not q.speaker_key or q.speaker_start is None:
                continue
            mention = text[q.speaker_start:q.speaker_end].lower()
            names[q.speaker_key] = q.speaker
            if mention in ("he", "she"):
                pronouns[q.speaker_key][mention] += 1
                total += 1
    mixed = {k: c for k, c in pronouns.items() if c["he"] and c["she"]}
    wrong = sum(min(c["he"], c["she"]) for c in mixed.values())
    print(f"{len(pronouns)} speakers with he/she quotes ({total} quotes); {len(mixed)} mix both genders, "
          f"{wrong} quotes on the minority pronoun")
    for key, c in sorted(mixed.items(), key=lambda kv: -min(kv[1]["he"], kv[1]["she"]))[:20]:
        print(f"  {names[key]} ({key}): he {c['he']}, she {c['she']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
