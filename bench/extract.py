"""Time quote extraction alone, and raw Whoosh indexing of the same paragraphs, over PolNeAR train.

Usage: .venv/bin/python bench/extract.py [GOLD.jsonl] [--repeat N]

Both figures are MB/s of UTF-8 article text per second of CPU time of this one process (so other
work on the machine does not skew them), measured in the same run so that they can be compared.
Extraction is reported for the first pass (the name caches cold) and the best of --repeat passes.
Not a test: it prints figures and asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.extraction.extract import extract  # noqa: E402
from search.model import Document  # noqa: E402
from search.text.paragraphs import split  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "polnear" / "train.jsonl"


def load(path: Path) -> list[Document]:
    """Read the articles of a gold file as documents."""
    with path.open(encoding="utf-8") as handle:
        return [Document(id=a["id"], text=a["text"], title=a.get("title") or "")
                for a in map(json.loads, handle) if a.get("text")]


def time_extraction(documents: list[Document], repeat: int) -> tuple[float, float, int]:
    """Return the CPU time of the first and of the best pass extracting every document, and the quotes found."""
    extract(Document(id="warm-up", text="“Words,” she said."))  # load the word tables outside the timing
    times, found = [], 0
    for _ in range(max(1, repeat)):
        began = time.process_time()
        found = sum(len(extract(d).quotes) for d in documents)
        times.append(time.process_time() - began)
    return times[0], min(times), found


def time_whoosh(documents: list[Document]) -> tuple[float, int]:
    """Return the wall time of indexing every paragraph into a one-field stemmed Whoosh index."""
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import TEXT, Schema
    from whoosh.index import create_in

    schema = Schema(text=TEXT(analyzer=StemmingAnalyzer()))
    paragraphs = [p.text for d in documents for p in split(d.text)]
    with tempfile.TemporaryDirectory() as folder:
        began = time.process_time()
        index = create_in(folder, schema)
        writer = index.writer()
        for text in paragraphs:
            writer.add_document(text=text)
        writer.commit()
        return time.process_time() - began, len(paragraphs)


def main(argv: list[str] | None = None) -> int:
    """Print extraction and Whoosh indexing speed over one gold file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=5, help="extraction runs; the best is reported")
    args = parser.parse_args(argv)
    if not args.gold.exists():
        print(f"no gold file at {args.gold}", file=sys.stderr)
        return 1
    documents = load(args.gold)
    megabytes = sum(len(d.text.encode("utf-8")) for d in documents) / 1e6
    first, best, quotes = time_extraction(documents, args.repeat)
    print(f"articles            {len(documents)} ({megabytes:.2f} MB)")
    print(f"extraction, first   {first:.2f} s CPU  {megabytes / first:.2f} MB/s  ({quotes} quotes)")
    print(f"extraction, best    {best:.2f} s CPU  {megabytes / best:.2f} MB/s  (best of {args.repeat} passes)")
    seconds, paragraphs = time_whoosh(documents)
    print(f"whoosh indexing     {seconds:.2f} s CPU  {megabytes / seconds:.2f} MB/s  "
          f"({paragraphs} paragraphs, one stemmed TEXT field)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
