"""Export every hit of a 100,000-quote search in each format: row count, time against raw Whoosh, memory.

Usage: .venv/bin/python bench/export.py [--quotes 100000] [--jobs N] [--keep DIR [--reuse]]

A synthetic corpus (deterministic; documents of 50 one-quote paragraphs by 50 speakers, in three genres,
with authors and addresses) is written as .jsonl shards into a temporary folder and indexed with
`search reindex`. Then, each as a child process writing to a file: the baseline, raw Whoosh reading the
stored fields of every quote record and writing each as a JSON line (the least an export can do); and
`search query --all --format F` for every format (each after a baseline run of its own), over all quotes
and over one speaker's fiftieth of them.
The output is read back (csv module, json, line and entry counts) to check that the row count equals the
search's total. Reported: rows, seconds, ratio to the baseline, peak memory of the whole search and of
the fiftieth (flat memory means the two are close). Not a test: it prints figures and asserts nothing.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import tempfile
from pathlib import Path

from _common import PYTHON, SEARCH, run_measured

PER_DOC = 50
SHARD_DOCS = 500
SPEAKERS = [f"{first} {last}" for first in ("Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ida", "Jo")
            for last in ("Lee", "Chen", "Diaz", "Evans", "Fox")]
GENRES = ("news", "webpage", "report")
BASELINE = """
import json, sys
from whoosh import index
from whoosh.query import Term
from search.index.store import current_generation
ix = index.open_dir(str(current_generation(sys.argv[1])))
with ix.searcher() as s, open(sys.argv[2], "w", encoding="utf-8") as out:
    for docnum in s.docs_for_query(Term("type", "quote")):
        out.write(json.dumps(s.stored_fields(docnum), ensure_ascii=False) + "\\n")
"""


def generate(folder: Path, quotes: int) -> int:
    """Write documents holding `quotes` quotes, one a paragraph; return the number of documents."""
    folder.mkdir(parents=True, exist_ok=True)
    docs = (quotes + PER_DOC - 1) // PER_DOC
    handle = None
    for i in range(docs):
        if i % SHARD_DOCS == 0:
            if handle:
                handle.close()
            handle = (folder / f"shard{i // SHARD_DOCS:04d}.jsonl").open("w", encoding="utf-8")
        paras = [f"“Point {j} of story {i} matters a great deal to us all,” {SPEAKERS[(i * 7 + j) % 50]} said."
                 for j in range(min(PER_DOC, quotes - i * PER_DOC))]
        handle.write(json.dumps({
            "id": f"story-{i:06d}", "title": f"Story {i}: what was said", "source": f"Wire {i % 13}",
            "date": f"20{10 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}", "genre": GENRES[i % 3],
            "authors": [f"Jane Smith{i % 7}", "John van Doe"], "url": f"https://wire.example/{i}",
            "text": "\n\n".join(paras)}) + "\n")
    if handle:
        handle.close()
    return docs


def rows_in(path: Path, fmt: str) -> int:
    """Count the hits in an export file by reading it back as its format."""
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as handle:
            return sum(1 for _ in csv.reader(handle)) - 1
    if fmt == "csl-json":
        return len(json.loads(path.read_text(encoding="utf-8")))
    with path.open(encoding="utf-8") as handle:
        if fmt == "bibtex":
            return sum(1 for line in handle if line.startswith("@"))
        return sum(1 for line in handle if line.strip())


def export(index_dir: Path, out: Path, fmt: str, speaker: str | None = None):
    """Run `search query --all --format fmt` into a file; return its measurement and the total it announced."""
    err = out.with_suffix(".err")
    who = f"--speaker '{speaker}' " if speaker else ""
    cmd = (f"exec '{SEARCH}' query --all --format {fmt} {who}--index-dir '{index_dir}' "
           f"--base-url https://bench.example > '{out}' 2> '{err}'")
    measured = run_measured(["sh", "-c", cmd])
    total = int(err.read_text().split(" hits")[0]) if measured.returncode == 0 else -1
    return measured, total


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", type=Path, help="build in this folder and leave it there")
    parser.add_argument("--reuse", action="store_true", help="with --keep: reuse the index an earlier run left")
    args = parser.parse_args(argv)
    work = Path(args.keep or tempfile.mkdtemp(prefix="bench-export-"))
    corpus, index_dir = work / "corpus", work / "index"
    try:
        if not (args.reuse and (index_dir / "CURRENT").exists()):
            shutil.rmtree(work / "corpus", ignore_errors=True)
            shutil.rmtree(index_dir, ignore_errors=True)
            docs = generate(corpus, args.quotes)
            m = run_measured([SEARCH, "reindex", str(corpus), "--index-dir", str(index_dir), "--jobs",
                              str(args.jobs)])
            print(f"reindex: {docs:,} documents in {m.wall:.1f} s: {m.stdout.strip().splitlines()[-1]}", flush=True)
        print("| format | rows read back | search total | s | baseline s | ratio to raw | rows/s | peak MB all | "
              "peak MB 1/50 | baseline peak MB | file MB |")
        print("|" + "---|" * 11)
        for fmt in ("csv", "jsonl", "bibtex", "csl-json"):
            # The baseline runs next to each format: on a shared machine the load drifts within minutes.
            base = run_measured([PYTHON, "-c", BASELINE, str(index_dir), str(work / "baseline.jsonl")])
            base_rows = rows_in(work / "baseline.jsonl", "jsonl")
            out = work / f"export.{fmt}"
            m, total = export(index_dir, out, fmt)
            small, small_total = export(index_dir, work / f"small.{fmt}", fmt, speaker=SPEAKERS[0])
            rows = rows_in(out, fmt)
            print(f"| {fmt} | {rows:,} | {total:,} | {m.wall:.1f} | {base.wall:.1f} ({base_rows:,} rows) | "
                  f"{m.wall / base.wall:.2f} | {rows / m.wall:,.0f} | {m.tree_rss_mb:.0f} | "
                  f"{small.tree_rss_mb:.0f} ({small_total:,} rows) | {base.tree_rss_mb:.0f} | "
                  f"{out.stat().st_size / 2**20:.0f} |", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
