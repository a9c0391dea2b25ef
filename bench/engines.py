"""Whoosh against PostgreSQL on the same corpus, in one run: reindex time, search p50/p95, memory, agreement.

Usage: .venv/bin/python bench/engines.py [--sizes 100000,1000000] [--queries N] [--jobs N] [--keep DIR]
                                         [--shared-buffers 2GB]

For each size, a corpus of PolNeAR train paragraphs recombined into new documents (bench/scale.py's) is
indexed by `search reindex` into a Whoosh folder and into a PostgreSQL database of a throwaway server made
here (tests/pg.py: Debian's package, as the `postgres` user when run as root). Each reindex is a child
process: wall time and its peak memory (process tree), and for PostgreSQL the server's own peak memory
besides. Then each engine answers the same query list (bench/_common.queries; every fifth with a speaker)
in a child process of its own, a session per query as in a request: p50/p95 and that process's peak memory.
Last, agreement: for each query, whether the totals are within 5% and how many of Whoosh's first page
PostgreSQL's first page holds. Not a test: it prints figures and asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import PYTHON, ROOT, SEARCH, _tree_rss_kb, percentile, queries, run_measured, top_speakers

GOALS = {"p95_ratio": 1.0, "reindex_ratio": 1.5}  # PostgreSQL against Whoosh (issue #25)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="Whoosh's reindex workers")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per reindex")
    parser.add_argument("--keep", type=Path, help="build in this folder and leave it there")
    parser.add_argument("--shared-buffers", help="the PostgreSQL server's shared_buffers (default: Debian's 128MB; "
                        "docs/deployment.md recommends at least the size of the _search tables)")
    parser.add_argument("--postgres-first", action="store_true",
                        help="reindex and search PostgreSQL first (the machine's load drifts: run both orders)")
    parser.add_argument("--search-child", nargs=3, metavar=("ENGINE", "WHERE", "QUERIES"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.search_child:
        return search_child(*args.search_child)
    sys.path.insert(0, str(ROOT))
    from scale import generate, train_paragraphs
    from tests import pg

    # A bench stopped with kill stops its server and removes its folders too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    texts, counts = train_paragraphs()
    work = Path(args.keep or tempfile.mkdtemp(prefix="bench-engines-"))
    cluster = pg.Cluster(f"-c shared_buffers={args.shared_buffers}" if args.shared_buffers else "")
    rows = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            folder = work / str(size)
            documents, expected = generate(folder / "corpus", size, texts, counts)
            row = {"target": size, "documents": documents, "expected_quotes": expected}
            row.update(step(folder, cluster, args))
            rows.append(row)
            print(json.dumps(row), flush=True)
    finally:
        cluster.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print("| quotes | engine | reindex s | reindex peak MB (tree) | server peak MB | p50 ms | p95 ms "
          "| search process MB |")
    print("|" + "---|" * 8)
    for r in rows:
        for engine in ("whoosh", "postgres"):
            e = r[engine]
            print(f"| {r['target']:,} | {engine} | {e['reindex_s']:.1f} | {e['reindex_peak_mb']:.0f} | "
                  f"{e.get('server_peak_mb', 0):.0f} | {e['p50_ms']:.1f} | {e['p95_ms']:.1f} | {e['search_mb']:.0f} |")
        print(f"\nratios at {r['target']:,}: reindex {r['reindex_ratio']:.2f} (goal <= {GOALS['reindex_ratio']}), "
              f"p95 {r['p95_ratio']:.2f} (goal <= {GOALS['p95_ratio']}); totals within 5%: {r['totals_agree']}, "
              f"first-page overlap mean {r['overlap_mean']:.2f}, under 0.6: {r['overlap_low']}")


def step(folder: Path, cluster, args) -> dict:
    """Index one corpus into both engines, time the same searches on each, and compare their answers."""
    corpus, whoosh_dir = folder / "corpus", folder / "whoosh"
    url = cluster.database()
    out = {"whoosh": {}, "postgres": {}}
    order = ("postgres", "whoosh") if args.postgres_first else ("whoosh", "postgres")
    for engine in order:
        where = ["--database-url", url] if engine == "postgres" else ["--index-dir", str(whoosh_dir)]
        server = ServerMemory(cluster.primary)
        measured = run_measured([SEARCH, "reindex", str(corpus), *where, "--jobs", str(args.jobs)],
                                timeout=args.timeout)
        out[engine].update(reindex_s=measured.wall, reindex_peak_mb=measured.tree_rss_mb, ok=measured.returncode == 0)
        peak = server.stop()
        if engine == "postgres":
            out[engine]["server_peak_mb"] = peak
        print(json.dumps({"reindex": engine, **out[engine]}), flush=True)  # kept even if a later step fails
    items = queries(corpus, args.queries, top_speakers(whoosh_dir))
    listed = folder / "queries.json"
    listed.write_text(json.dumps(items))
    answers = {}
    for engine in order:
        where = url if engine == "postgres" else str(whoosh_dir)
        server = ServerMemory(cluster.primary)
        child = run_measured([PYTHON, str(Path(__file__)), "--search-child", engine, where, str(listed)])
        if child.returncode:
            sys.exit(f"the {engine} search child failed:\n{child.stdout[-3000:]}")
        found = json.loads(child.stdout.strip().splitlines()[-1])
        # Sampled, not ru_maxrss: Linux keeps across exec the peak of the forked copy of this (large) process.
        out[engine].update(p50_ms=found["p50_ms"], p95_ms=found["p95_ms"], search_mb=child.tree_rss_mb)
        if engine == "postgres":
            out[engine]["server_search_peak_mb"] = server.stop()
        else:
            server.stop()
        answers[engine] = found["answers"]
    out["reindex_ratio"] = out["postgres"]["reindex_s"] / out["whoosh"]["reindex_s"]
    out["p95_ratio"] = out["postgres"]["p95_ms"] / out["whoosh"]["p95_ms"]
    out.update(agreement(answers["whoosh"], answers["postgres"]))
    return out


def agreement(whoosh: list, postgres: list) -> dict:
    """Return how often the totals agree within 5% and how much the first pages overlap."""
    close, overlaps = 0, []
    for (w_total, w_ids), (p_total, p_ids) in zip(whoosh, postgres):
        close += abs(w_total - p_total) <= 0.05 * max(w_total, p_total)
        if w_ids:
            overlaps.append(len(set(w_ids) & set(p_ids)) / len(w_ids))
    return {"totals_agree": f"{close}/{len(whoosh)}", "overlap_mean": sum(overlaps) / max(1, len(overlaps)),
            "overlap_low": sum(o < 0.6 for o in overlaps)}


def search_child(engine: str, where: str, listed: str) -> None:
    """Answer the query list on one engine, a session per query; print the timings and answers as JSON."""
    sys.path.insert(0, str(ROOT))
    from search import config
    from search.engines import open_engine
    from search.query import SearchRequest

    settings = dict(config.defaults(), LONG_WORKERS=0, TIME_BUDGET=60.0)
    settings.update({"DATABASE_URL": where} if engine == "postgres" else {"INDEX_DIR": Path(where)})
    opened = open_engine(settings)
    items = json.loads(Path(listed).read_text())
    times, answers = [], []
    for n, item in enumerate(items[:10] + items):  # the first ten warm the engine up, then everything counts
        request = SearchRequest(item["q"], speakers=(item["speaker"],) if item.get("speaker") else ())
        began = time.perf_counter()
        with opened.session() as session:
            results = session.search(request, page_size=10)
        if n >= 10:
            times.append(time.perf_counter() - began)
            answers.append((results.total, [h.id for h in results.hits]))
    opened.close()
    print(json.dumps({"p50_ms": 1000 * percentile(times, 50), "p95_ms": 1000 * percentile(times, 95),
                      "answers": answers}))


class ServerMemory:
    """The peak resident memory of a PostgreSQL server's processes, sampled every 0.2 s until stopped."""

    def __init__(self, server) -> None:
        self.pid = int((server.data / "postmaster.pid").read_text().split()[0])
        self.peak, self._stop = 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, _tree_rss_kb(self.pid))

    def stop(self) -> float:
        """Stop sampling and return the peak in MB."""
        self._stop.set()
        self._thread.join()
        return self.peak / 1024


if __name__ == "__main__":
    main()
