"""Reindex and search at 10k, 100k and 1M quotes, from PolNeAR train paragraphs recombined into new documents.

Usage: .venv/bin/python bench/scale.py [--sizes 10000,100000,1000000] [--jobs N] [--timeout SECONDS]
                                       [--queries N] [--keep DIR [--reuse [--search-only]]]

For each size, documents are generated into a temporary folder (shards of .jsonl, never committed):
every new document has a new id and draws its paragraphs from different train articles in a
deterministic order, so no document repeats another. Then, as child processes, `search reindex`
over the shards (wall time, CPU, peak memory summed over the process tree and the largest single
process) and the raw-Whoosh baseline over the same paragraphs; then the p50/p95 of the query list
in process against both indexes (ours through search.query, a session per query as in a request;
raw Whoosh search + highlight of the page). A step that passes --timeout is killed and reported
with how long it ran and the memory it had reached. Not a test: it prints figures and asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

from _common import (PYTHON, SEARCH, TRAIN, median, our_search_timer, percentile, queries, raw_search_timer,
                     run_measured, top_speakers)

SHARD_DOCS = 2000  # documents per .jsonl shard: a file is read whole, a shard keeps that small
PARAGRAPHS_PER_DOC = 20


def train_paragraphs() -> tuple[list[list[str]], list[list[int]]]:
    """Return each train article's paragraphs and the number of quotes found in each paragraph."""
    from search.extraction.extract import extract
    from search.model import Document
    from search.text.paragraphs import split

    texts, counts = [], []
    with TRAIN.open(encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            doc = Document(id=article["id"], text=article["text"])
            paras = split(doc.text)
            per = [0] * (len(paras) + 1)
            for q in extract(doc).quotes:
                per[q.paragraph] += 1
            texts.append([p.text for p in paras])
            counts.append(per[1:])
    return texts, counts


def generate(folder: Path, quotes: int, texts, counts) -> tuple[int, int]:
    """Write documents holding about `quotes` quotes; return (documents, expected quotes)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(quotes)
    cells = [(a, p) for a, paras in enumerate(texts) for p in range(len(paras))]
    total = docs = 0
    shard, handle = -1, None
    order: list = []
    while total < quotes:
        if not order:
            order = cells[:]
            rng.shuffle(order)
        picked = [order.pop() for _ in range(min(PARAGRAPHS_PER_DOC, len(order)))]
        if docs % SHARD_DOCS == 0:
            if handle:
                handle.close()
            shard += 1
            handle = (folder / f"shard{shard:04d}.jsonl").open("w", encoding="utf-8")
        lead = texts[picked[0][0]][0]
        body = [f"{lead} (edition {docs})"] + [texts[a][p] for a, p in picked[1:]]
        total += sum(counts[a][p] for a, p in picked[1:])
        handle.write(json.dumps({"id": f"scale-{quotes}-{docs:07d}", "title": body[0], "source": f"wire {docs % 17}",
                                 "date": f"20{10 + docs % 10}-{1 + docs % 12:02d}-{1 + docs % 28:02d}",
                                 "text": "\n\n".join(body)}) + "\n")
        docs += 1
    if handle:
        handle.close()
    return docs, total


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=2400.0, help="seconds per reindex step")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="build in this folder and leave it there")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: reuse a corpus and a baseline (index and its timing) left there by an "
                             "earlier run, and only reindex and search ours again")
    parser.add_argument("--search-only", action="store_true",
                        help="with --keep --reuse: reuse our index and its reindex figures too, and only search again")
    args = parser.parse_args(argv)
    texts, counts = train_paragraphs()
    work = Path(args.keep or tempfile.mkdtemp(prefix="bench-scale-"))
    rows = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            rows.append(step(work / str(size), size, texts, counts, args))
            print(json.dumps(rows[-1]), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print("| quotes (target) | docs | quotes indexed | reindex s | baseline s | ratio | s per 1k quotes | "
          "index MB | peak MB (tree / largest process) | p95 ours ms | p95 raw ms | p95 ratio |")
    print("|" + "---|" * 12)
    for r in rows:
        print(f"| {r['target']:,} | {r['documents']:,} | {r.get('quotes', '?')} | {r['reindex_s']:.1f}"
              f"{' (killed)' if r.get('killed') else ''} | {r.get('baseline_s', float('nan')):.1f} | "
              f"{r.get('reindex_ratio', float('nan')):.2f} | {r.get('s_per_1k', float('nan')):.2f} | "
              f"{r.get('index_mb', float('nan')):.0f} | {r['peak_tree_mb']:.0f} / {r['peak_proc_mb']:.0f} | "
              f"{r.get('p95_ours_ms', float('nan')):.1f} | {r.get('p95_raw_ms', float('nan')):.1f} | "
              f"{r.get('p95_ratio', float('nan')):.2f} |")


def step(folder: Path, size: int, texts, counts, args) -> dict:
    """Generate, index (ours and baseline) and search one corpus size."""
    corpus, ours, base = folder / "corpus", folder / "ours", folder / "base"
    made, measured = folder / "corpus.json", folder / "baseline.json"
    if args.reuse and made.exists():
        documents, expected = json.loads(made.read_text())
    else:
        documents, expected = generate(corpus, size, texts, counts)
        made.write_text(json.dumps([documents, expected]))
    row = {"target": size, "documents": documents, "expected_quotes": expected}
    indexed = folder / "ours.json"
    if args.search_only and indexed.exists() and (ours / "CURRENT").exists():
        row.update(json.loads(indexed.read_text()))
    else:
        shutil.rmtree(ours, ignore_errors=True)
        began = time.perf_counter()
        m = run_measured([SEARCH, "reindex", str(corpus), "--index-dir", str(ours), "--jobs", str(args.jobs)],
                         timeout=args.timeout)
        row.update(reindex_s=m.wall, reindex_cpu_s=m.cpu, peak_tree_mb=m.tree_rss_mb, peak_proc_mb=m.max_rss_mb,
                   memory_by_tenth_mb=m.memory_by_tenth())
        if m.returncode:
            row.update(killed=True, output=m.stdout[-500:], ran_s=time.perf_counter() - began)
            return row
        row["quotes"] = int(m.stdout.split(" quotes")[0].split()[-1])
        row["s_per_1k"] = m.wall / row["quotes"] * 1000
        indexed.write_text(json.dumps({k: v for k, v in row.items() if k not in ("target", "documents",
                                                                                 "expected_quotes")}))
    row["index_mb"] = sum(f.stat().st_size for f in ours.rglob("*") if f.is_file()) / 2**20
    from search.index.store import current_generation

    row["segments"] = len(list(current_generation(ours).glob("*.trm")))
    if args.reuse and measured.exists():
        baseline = json.loads(measured.read_text())
    else:
        shutil.rmtree(base, ignore_errors=True)
        b = run_measured([PYTHON, str(Path(__file__).with_name("reindex.py")), "--baseline-child", str(corpus),
                          str(base)], timeout=args.timeout)
        if b.returncode:
            row.update(baseline_killed=True)
            return row
        baseline = dict(baseline_s=b.wall, baseline_peak_mb=b.tree_rss_mb,
                        baseline_index_mb=sum(f.stat().st_size for f in base.rglob("*") if f.is_file()) / 2**20)
        measured.write_text(json.dumps(baseline))
    row.update(baseline, reindex_ratio=row["reindex_s"] / baseline["baseline_s"])
    items = queries(corpus, args.queries, top_speakers(ours))
    mine, raw = our_search_timer(ours), raw_search_timer(base)
    for item in items[:10]:  # warm the caches of both alike
        mine(item), raw(item)
    t_ours, t_raw = [], []
    for item in items:
        t_ours.append(mine(item))
        t_raw.append(raw(item))
    row.update(p50_ours_ms=median(t_ours) * 1000, p95_ours_ms=percentile(t_ours, 95) * 1000,
               p50_raw_ms=median(t_raw) * 1000, p95_raw_ms=percentile(t_raw, 95) * 1000)
    row["p95_ratio"] = row["p95_ours_ms"] / row["p95_raw_ms"]
    return row


if __name__ == "__main__":
    main()
